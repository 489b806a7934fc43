/* Re-run a published 双随机 draw in the browser (INTEGRITY.md §3, algorithm "rfc3797-md5").
 *
 * Everything is computed here from the public JSON: MD5 and SHA-256 are implemented below (no
 * library, no network beyond fetching the record), RFC 8785 canonical JSON for the inputs digest,
 * and the RFC 3797 selection with the same order as spotchecks/draw.py: objects first, then for
 * each picked object, per agency quota in published order, its inspectors minus the 回避 list,
 * the counter i continuing throughout.
 */
"use strict";

var DrawVerify = (function () {
  function rotl(x, n) { return (x << n) | (x >>> (32 - n)); }

  function md5(bytes) {
    var S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
    var K = new Uint32Array(64);
    for (var i = 0; i < 64; i++) K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296) >>> 0;
    var len = bytes.length;
    var padded = new Uint8Array((((len + 8) >> 6) << 6) + 64);
    padded.set(bytes);
    padded[len] = 0x80;
    var view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, (len * 8) >>> 0, true);
    view.setUint32(padded.length - 4, Math.floor(len / 536870912), true);
    var h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
    for (var off = 0; off < padded.length; off += 64) {
      var M = [];
      for (var j = 0; j < 16; j++) M[j] = view.getUint32(off + 4 * j, true);
      var A = h[0], B = h[1], C = h[2], D = h[3];
      for (i = 0; i < 64; i++) {
        var F, g, round = i >> 4;
        if (round === 0) { F = (B & C) | (~B & D); g = i; }
        else if (round === 1) { F = (D & B) | (~D & C); g = (5 * i + 1) % 16; }
        else if (round === 2) { F = B ^ C ^ D; g = (3 * i + 5) % 16; }
        else { F = C ^ (B | ~D); g = (7 * i) % 16; }
        F = (F + A + K[i] + M[g]) >>> 0;
        A = D; D = C; C = B;
        B = (B + rotl(F, S[round * 4 + (i % 4)])) >>> 0;
      }
      h[0] = (h[0] + A) >>> 0; h[1] = (h[1] + B) >>> 0; h[2] = (h[2] + C) >>> 0; h[3] = (h[3] + D) >>> 0;
    }
    var out = new Uint8Array(16), ov = new DataView(out.buffer);
    for (i = 0; i < 4; i++) ov.setUint32(4 * i, h[i], true);
    return out;
  }

  var SHA_K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];

  function sha256(bytes) {
    function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }
    var len = bytes.length;
    var padded = new Uint8Array((((len + 8) >> 6) << 6) + 64);
    padded.set(bytes);
    padded[len] = 0x80;
    var view = new DataView(padded.buffer);
    view.setUint32(padded.length - 8, Math.floor(len / 536870912), false);
    view.setUint32(padded.length - 4, (len * 8) >>> 0, false);
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var w = new Uint32Array(64);
    for (var off = 0; off < padded.length; off += 64) {
      for (var t = 0; t < 16; t++) w[t] = view.getUint32(off + 4 * t, false);
      for (t = 16; t < 64; t++) {
        var s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
        var s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) >>> 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (t = 0; t < 64; t++) {
        var t1 = (k + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + SHA_K[t] + w[t]) >>> 0;
        var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        k = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      h = [h[0] + a, h[1] + b, h[2] + c, h[3] + d, h[4] + e, h[5] + f, h[6] + g, h[7] + k].map(function (x) { return x >>> 0; });
    }
    return h.map(function (x) { return ("00000000" + x.toString(16)).slice(-8); }).join("");
  }

  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  var utf8 = new TextEncoder();

  /* RFC 8785 for what draw records hold: strings, integers, booleans, null, arrays, objects. */
  function canonical(value) {
    if (value === null) return "null";
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") return String(value);
    if (typeof value === "string") return JSON.stringify(value);
    if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
    return "{" + Object.keys(value).sort().map(function (k) {
      return JSON.stringify(k) + ":" + canonical(value[k]);
    }).join(",") + "}";
  }

  function jsonSha256(value) { return sha256(utf8.encode(canonical(value))); }

  function keyString(sources) {
    return sources.map(function (source) {
      return source.slice().sort(function (x, y) { return x - y; }).map(function (n) { return n + "."; }).join("") + "/";
    }).join("");
  }

  function digest(i, key) {
    var keyBytes = utf8.encode(key);
    var bytes = new Uint8Array(keyBytes.length + 4);
    bytes[0] = bytes[bytes.length - 2] = (i >> 8) & 0xff;
    bytes[1] = bytes[bytes.length - 1] = i & 0xff;
    bytes.set(keyBytes, 2);
    return hex(md5(bytes)).toUpperCase();
  }

  function select(candidates, count, key, start, steps) {
    if (count > candidates.length) throw new Error("候选 " + candidates.length + " 个，少于要抽取的 " + count + " 个");
    var left = candidates.slice(), picked = [], i = start;
    for (var n = 0; n < count; n++) {
      var md = digest(i, key);
      var index = Number(BigInt("0x" + md) % BigInt(left.length));
      steps.push([i, md, left.length, index + 1, left[index]]);
      picked.push(left.splice(index, 1)[0]);
      i++;
    }
    return { picked: picked, next: i };
  }

  function runDraw(record) {
    var inputs = record.inputs, key = keyString(record.entropy_values), steps = [];
    var objects = select(inputs.entities.ids, inputs.count, key, 0, steps);
    var i = objects.next, picks = [];
    objects.picked.forEach(function (entity) {
      var excluded = inputs.constraints.exclusions[entity] || [], chosen = [];
      inputs.constraints.quotas.forEach(function (quota) {
        var pool = inputs.inspectors.ids.filter(function (o) {
          return inputs.inspectors.agency[o] === quota.agency && excluded.indexOf(o) < 0;
        });
        var r = select(pool, quota.count, key, i, steps);
        i = r.next;
        chosen = chosen.concat(r.picked);
      });
      picks.push({ entity: entity, inspectors: chosen });
    });
    return { key: key, picks: picks, steps: steps };
  }

  /* Returns {ok, problem, outcome}: the first difference in Chinese, like `sanxiang draw verify`. */
  function verify(record) {
    if (record.algorithm !== "rfc3797-md5") return { ok: false, problem: "未知的抽取算法：" + record.algorithm };
    var inputs = record.inputs;
    if (sha256(utf8.encode(canonical(inputs.entities.ids))) !== inputs.entities.sha256) return { ok: false, problem: "检查对象名单的 SHA-256 与公布值不符" };
    if (sha256(utf8.encode(canonical(inputs.inspectors.ids))) !== inputs.inspectors.sha256) return { ok: false, problem: "检查人员名单的 SHA-256 与公布值不符" };
    if (jsonSha256(inputs) !== record.inputs_sha256) return { ok: false, problem: "抽取输入的 SHA-256 与公布值不符（输入在公布后被改动）" };
    if (!record.entropy_values) return { ok: false, problem: "尚未公布随机数来源的值，不能重算" };
    var outcome;
    try { outcome = runDraw(record); } catch (e) { return { ok: false, problem: "记录无法重算：" + e.message }; }
    if (record.key && record.key !== outcome.key) return { ok: false, problem: "密钥串不符", outcome: outcome };
    var published = record.picks || [];
    for (var n = 0; n < outcome.picks.length; n++) {
      var want = outcome.picks[n], got = published[n];
      if (!got) return { ok: false, problem: "第 " + (n + 1) + " 个抽取结果缺失", outcome: outcome };
      if (got.entity !== want.entity) return { ok: false, problem: "第 " + (n + 1) + " 个检查对象不符", outcome: outcome };
      if (JSON.stringify(got.inspectors) !== JSON.stringify(want.inspectors)) return { ok: false, problem: "第 " + (n + 1) + " 个检查对象的检查人员不符", outcome: outcome };
    }
    if (published.length > outcome.picks.length) return { ok: false, problem: "公布的结果多出 " + (published.length - outcome.picks.length) + " 个", outcome: outcome };
    return { ok: true, problem: "", outcome: outcome };
  }

  function render(root, record, result) {
    var labels = record.labels || {};
    var status = root.querySelector("[data-verify-status]");
    status.textContent = result.ok ? "一致：浏览器重算的抽取结果与公布结果相同" : "不一致：" + result.problem;
    status.className = result.ok ? "verify-ok" : "verify-bad";
    var body = root.querySelector("[data-verify-steps]");
    if (!result.outcome || !body) return;
    root.querySelector("[data-verify-key]").textContent = result.outcome.key;
    result.outcome.steps.forEach(function (s) {
      var tr = document.createElement("tr");
      [s[0], s[1], s[2], s[3], labels[s[4]] || s[4]].forEach(function (cell) {
        var td = document.createElement("td");
        td.textContent = String(cell);
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }

  function start() {
    var root = document.querySelector("[data-draw-url]");
    if (!root) return;
    fetch(root.getAttribute("data-draw-url"), { credentials: "omit" })
      .then(function (r) { return r.json(); })
      .then(function (record) { render(root, record, verify(record)); })
      .catch(function (e) {
        var status = root.querySelector("[data-verify-status]");
        status.textContent = "无法取得抽取记录：" + e.message;
      });
  }

  if (typeof document !== "undefined") document.addEventListener("DOMContentLoaded", start);
  return { md5: md5, sha256: sha256, canonical: canonical, keyString: keyString, select: select, runDraw: runDraw, verify: verify };
})();

if (typeof module !== "undefined") module.exports = DrawVerify;
