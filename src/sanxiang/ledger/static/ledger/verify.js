// Public verification page: hash a file locally, look it up, and check the inclusion proof and the
// checkpoint signature in the browser (RFC 9162 §2.1.3.2; C2SP signed-note with Ed25519).
"use strict";

(function () {
  const enc = new TextEncoder();
  const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
  const unhex = (s) => new Uint8Array(s.match(/../g).map((h) => parseInt(h, 16)));
  const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const concat = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  };
  const nodeHash = (l, r) => sha256(concat(new Uint8Array([1]), l, r));
  const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

  async function verifyInclusion(leaf, index, size, proof, root) {
    if (index >= size) return false;
    let fn = index, sn = size - 1, r = leaf;
    for (const p of proof) {
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        r = await nodeHash(p, r);
        if (fn % 2 === 0) { while (fn % 2 === 0 && fn !== 0) { fn >>= 1; sn >>= 1; } }
      } else {
        r = await nodeHash(r, p);
      }
      fn >>= 1; sn >>= 1;
    }
    return sn === 0 && equal(r, root);
  }

  async function verifyCheckpoint(note, verifier) {
    const [body, sigLine] = note.split("\n\n");
    // name+keyid+base64: the key name has no "+", but base64 may, so split on the first two only.
    const v = verifier.trim();
    const i1 = v.indexOf("+"), i2 = v.indexOf("+", i1 + 1);
    const name = v.slice(0, i1), keyIdHex = v.slice(i1 + 1, i2), keyB64 = v.slice(i2 + 1);
    const key = b64(keyB64);
    const parts = sigLine.trim().split(" ");
    const sig = b64(parts[2]);
    if (parts[1] !== name || hex(sig.slice(0, 4)) !== keyIdHex || key[0] !== 1) return null;
    const publicKey = await crypto.subtle.importKey("raw", key.slice(1), { name: "Ed25519" }, false, ["verify"]);
    const ok = await crypto.subtle.verify({ name: "Ed25519" }, publicKey, sig.slice(4), enc.encode(body + "\n"));
    const lines = body.split("\n");
    return ok ? { size: parseInt(lines[1], 10), root: b64(lines[2]) } : null;
  }

  async function getText(api, path) {
    const res = await fetch(api + path, { headers: { Accept: "*/*" } });
    if (!res.ok) throw new Error((await res.json()).message || res.statusText);
    return res.text();
  }

  function row(cells) {
    const tr = document.createElement("tr");
    for (const c of cells) { const td = document.createElement("td"); td.textContent = c; tr.appendChild(td); }
    return tr;
  }

  async function run(form) {
    const api = form.dataset.api;
    const file = document.getElementById("verify-file").files[0];
    let digest = document.getElementById("verify-hash").value.trim().toLowerCase();
    if (file) digest = hex(await sha256(new Uint8Array(await file.arrayBuffer())));
    const result = document.getElementById("verify-result");
    const summary = document.getElementById("verify-summary");
    const tbody = document.querySelector("#verify-records tbody");
    tbody.replaceChildren();
    delete summary.dataset.state;
    result.hidden = false;
    if (!/^[0-9a-f]{64}$/.test(digest)) {
      summary.textContent = "请选择文件，或输入 64 位十六进制的 SHA-256 摘要。";
      summary.dataset.state = "invalid";
      return;
    }
    summary.textContent = "正在核验 " + digest + " …";
    const found = JSON.parse(await getText(api, "lookup?sha256=" + digest));
    const cp = await verifyCheckpoint(await getText(api, "checkpoint"), await getText(api, "key"));
    const cpText = document.getElementById("verify-checkpoint");
    cpText.textContent = cp ? "检查点签名有效：树大小 " + cp.size + "，根哈希 " + hex(cp.root) : "检查点签名无效！";
    if (!found.found) {
      summary.textContent = "未找到记录：摘要为 " + digest + " 的文件没有被记录在日志中（或尚未公开）。";
      summary.dataset.state = "not-found";
      return;
    }
    let allValid = Boolean(cp);
    for (const rec of found.records) {
      let status = "检查点尚未覆盖";
      if (cp && rec.index < cp.size) {
        const proof = JSON.parse(await getText(api, "proof/inclusion?index=" + rec.index + "&tree_size=" + cp.size));
        const ok = await verifyInclusion(unhex(rec.leaf_hash), rec.index, cp.size, proof.hashes.map(unhex), cp.root);
        status = ok ? "证明有效" : "证明无效";
        allValid = allValid && ok;
      }
      tbody.appendChild(row([String(rec.index), new Date(rec.recorded_at).toLocaleString("zh-CN"), rec.kind, status]));
    }
    summary.textContent = (allValid ? "已记录，证明有效：" : "已记录，但校验未全部通过：") + digest;
    summary.dataset.state = allValid ? "verified" : "failed";
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("verify-form");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      run(form).catch((err) => {
        const summary = document.getElementById("verify-summary");
        summary.textContent = "核验失败：" + err.message;
        summary.dataset.state = "error";
      });
    });
    // A 文书's QR page links here with ?sha256=…: check that hash straight away.
    const given = new URLSearchParams(window.location.search).get("sha256");
    if (given && /^[0-9a-f]{64}$/.test(given)) {
      document.getElementById("verify-hash").value = given;
      form.requestSubmit();
    }
  });
})();
