// A small tus 1.0 client for the evidence vault (/api/v1/uploads/, see evidence/tus.py).
//
// creation: POST with Upload-Length and Upload-Metadata (base64 values); then PATCH chunks with
// Upload-Offset and Content-Type application/offset+octet-stream (and a per-chunk SHA-256
// Upload-Checksum where the browser offers crypto.subtle). On a dropped connection, a 409 (offset)
// or a 5xx the client waits (backoff), asks the server where it stands with HEAD and goes on from
// the server's offset. The upload URL is remembered in localStorage under the file's name, size and
// mtime, so choosing the same file again after a reload resumes instead of starting over.
// The last PATCH seals the evidence; its id comes back in X-Evidence-Item.
"use strict";

(function (global) {
  const VERSION = "1.0.0";
  const CHUNK = 1024 * 1024;
  const DELAYS = [500, 1000, 2000, 4000, 8000, 15000];
  // Refusals the next attempt may not repeat: busy, checksum, offset, and the server's own trouble.
  const RETRY_STATUS = new Set([409, 423, 460, 500, 502, 503, 504]);

  class TusError extends Error {
    constructor(message, { status = 0, code = "", retry = false } = {}) {
      super(message);
      this.status = status;
      this.code = code;
      this.retry = retry;
    }
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function b64(text) {
    const bytes = new TextEncoder().encode(String(text));
    let binary = "";
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary);
  }

  function metadataHeader(metadata) {
    return Object.entries(metadata)
      .filter(([, v]) => v !== undefined && v !== null && v !== "")
      .map(([k, v]) => `${k} ${b64(v)}`)
      .join(",");
  }

  function storageKey(file) {
    return `sanxiang.tus:${file.name}:${file.size}:${file.lastModified}`;
  }

  function remember(key, url) {
    try {
      if (url) global.localStorage.setItem(key, url);
      else global.localStorage.removeItem(key);
    } catch (e) {
      /* private mode: resuming after a reload is lost, uploading still works */
    }
  }

  function recalled(key) {
    try {
      return global.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  async function refusal(response) {
    let message = `服务器拒绝了上传（HTTP ${response.status}）`;
    let code = "";
    try {
      const body = await response.json();
      if (body && body.message) message = body.message;
      if (body && body.code) code = body.code;
    } catch (e) {
      /* not JSON */
    }
    return new TusError(message, {
      status: response.status,
      code,
      retry: RETRY_STATUS.has(response.status) && code !== "upload_conflict",
    });
  }

  async function send(url, init) {
    const headers = Object.assign({ "Tus-Resumable": VERSION }, init.headers || {});
    try {
      return await fetch(url, Object.assign({}, init, { headers, credentials: "same-origin" }));
    } catch (e) {
      throw new TusError("网络连接中断，正在重试…", { retry: true });
    }
  }

  async function create(endpoint, file, metadata) {
    const response = await send(endpoint, {
      method: "POST",
      headers: { "Upload-Length": String(file.size), "Upload-Metadata": metadataHeader(metadata) },
    });
    if (response.status !== 201) throw await refusal(response);
    return new URL(response.headers.get("Location"), global.location.href).href;
  }

  // Where the server stands: {offset, item} or null when the upload is gone (expired, closed).
  async function status(url) {
    const response = await send(url, { method: "HEAD" });
    if (response.status === 200) {
      return {
        offset: parseInt(response.headers.get("Upload-Offset") || "0", 10),
        item: response.headers.get("X-Evidence-Item") || "",
      };
    }
    if (response.status >= 500) throw new TusError("服务器暂时不可用，正在重试…", { retry: true });
    return null;
  }

  async function checksum(chunk) {
    if (!(global.crypto && global.crypto.subtle)) return null;
    const digest = new Uint8Array(await global.crypto.subtle.digest("SHA-256", await chunk.arrayBuffer()));
    let binary = "";
    for (const b of digest) binary += String.fromCharCode(b);
    return `sha256 ${btoa(binary)}`;
  }

  async function patch(url, file, offset, chunkSize) {
    const chunk = file.slice(offset, Math.min(file.size, offset + chunkSize));
    const headers = {
      "Upload-Offset": String(offset),
      "Content-Type": "application/offset+octet-stream",
    };
    const sum = await checksum(chunk);
    if (sum) headers["Upload-Checksum"] = sum;
    const response = await send(url, { method: "PATCH", headers, body: chunk });
    if (response.status !== 204) throw await refusal(response);
    return {
      offset: parseInt(response.headers.get("Upload-Offset") || "0", 10),
      item: response.headers.get("X-Evidence-Item") || "",
      sha256: response.headers.get("X-Evidence-Sha256") || "",
    };
  }

  // Upload one file; resolves to {item, sha256, url} once the vault has sealed it.
  // options: endpoint, metadata {key: value}, onProgress(sent, total), onRetry(error, delay),
  // chunkSize, delays (ms between attempts; the last failure is thrown).
  async function upload(file, options) {
    const opts = Object.assign({ endpoint: "/api/v1/uploads/", metadata: {}, chunkSize: CHUNK, delays: DELAYS }, options);
    const progress = opts.onProgress || (() => {});
    const key = storageKey(file);
    let url = recalled(key);
    let offset = 0;
    if (url) {
      const known = await status(url).catch(() => null);
      if (known && known.item) {
        remember(key, null);
        progress(file.size, file.size);
        return { item: known.item, sha256: "", url, resumed: true };
      }
      if (known) offset = known.offset;
      else url = null;
    }
    if (!url) {
      url = await create(opts.endpoint, file, opts.metadata);
      remember(key, url);
    }
    progress(offset, file.size);
    let attempt = 0;
    for (;;) {
      try {
        const result = await patch(url, file, offset, opts.chunkSize);
        attempt = 0;
        offset = result.offset;
        progress(offset, file.size);
        if (result.item) {
          remember(key, null);
          return { item: result.item, sha256: result.sha256, url, resumed: false };
        }
        if (offset >= file.size) throw new TusError("服务器未返回证据编号");
      } catch (error) {
        if (!(error instanceof TusError) || !error.retry || attempt >= opts.delays.length) {
          if (error instanceof TusError && !error.retry) remember(key, null);
          throw error;
        }
        const delay = opts.delays[attempt++];
        if (opts.onRetry) opts.onRetry(error, delay);
        await sleep(delay);
        try {
          const known = await status(url);
          if (known === null) {
            remember(key, null);
            throw new TusError("上传会话已失效，请重新选择文件上传");
          }
          if (known.item) {
            remember(key, null);
            progress(file.size, file.size);
            return { item: known.item, sha256: "", url, resumed: true };
          }
          offset = known.offset;
        } catch (headError) {
          if (!(headError instanceof TusError) || !headError.retry) throw headError;
          // Still offline: the next PATCH fails fast and waits longer.
        }
      }
    }
  }

  global.SanxiangTus = { upload, storageKey, TusError };
})(window);
