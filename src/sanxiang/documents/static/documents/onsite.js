// The on-site 笔录 page (documents/onsite.html), on the officer's phone, in three steps:
// 1. fill in the 笔录 and take photos/videos (uploaded at once through tus, sealed in the vault);
// 2. show it to the party, read-only in large type; 3. signatures (party, or the refusal with a
// 见证人; two officers), then a plain form post to the server, which does every check again.
// Without JavaScript the three sections simply show one after the other.
"use strict";

(function () {
  const form = document.getElementById("onsite-form");
  if (!form) return;
  const steps = Array.from(form.querySelectorAll("[data-step]"));
  const picker = document.getElementById("evidence-picker");
  const list = document.getElementById("upload-list");
  const idsBox = document.getElementById("evidence-ids");
  const notice = document.getElementById("onsite-client-error");
  const submit = document.getElementById("onsite-submit");
  const toConfirm = document.getElementById("to-confirm");
  let pending = 0;
  let position = "";

  function show(name) {
    for (const section of steps) section.hidden = section.dataset.step !== name;
    form.dataset.current = name;
    if (name === "sign" && window.SanxiangSignature) window.SanxiangSignature.refresh();
    window.scrollTo(0, 0);
  }

  function say(message) {
    notice.textContent = message;
    notice.hidden = !message;
  }

  function field(name) {
    return form.elements.namedItem(name);
  }

  // --- photos and videos -------------------------------------------------------------------

  function activity() {
    const option = field("kind").selectedOptions[0];
    return option ? option.dataset.activity || "" : "";
  }

  function locate() {
    if (!navigator.geolocation || position) return;
    navigator.geolocation.getCurrentPosition(
      (p) => { position = `${p.coords.latitude.toFixed(6)},${p.coords.longitude.toFixed(6)}`; },
      () => {},
      { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 }
    );
  }

  function busy(delta) {
    pending += delta;
    form.classList.toggle("uploading", pending > 0);
    toConfirm.disabled = pending > 0;
    submit.disabled = pending > 0;
  }

  function addId(id, label) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "evidence_ids";
    input.value = id;
    input.dataset.label = label;
    idsBox.appendChild(input);
  }

  function row(file) {
    const li = document.createElement("li");
    li.className = "upload";
    const name = document.createElement("span");
    name.className = "upload-name";
    name.textContent = file.name;
    const bar = document.createElement("progress");
    bar.max = file.size;
    bar.value = 0;
    const state = document.createElement("span");
    state.className = "upload-state";
    state.textContent = "准备上传…";
    li.append(name, bar, state);
    list.appendChild(li);
    return { li, bar, state };
  }

  async function send(file) {
    const view = row(file);
    busy(1);
    try {
      const result = await window.SanxiangTus.upload(file, {
        endpoint: form.dataset.uploadEndpoint,
        metadata: {
          agency: form.dataset.agency,
          filename: file.name,
          filetype: file.type,
          captured_at: new Date(file.lastModified || Date.now()).toISOString(),
          gps: position,
          activity: activity(),
          note: `${form.dataset.caseLabel || ""} 现场笔录`.trim(),
        },
        onProgress: (sent, total) => {
          view.bar.value = sent;
          view.state.textContent = `${Math.floor((sent * 100) / Math.max(total, 1))}%`;
        },
        onRetry: (error, delay) => {
          view.state.textContent = `${error.message}（${Math.round(delay / 1000) || 1} 秒后重试）`;
        },
      });
      view.bar.value = file.size;
      view.state.textContent = "已上传并封存";
      view.li.classList.add("done");
      view.li.dataset.evidence = result.item;
      addId(result.item, file.name);
    } catch (error) {
      view.li.classList.add("failed");
      view.state.textContent = `上传失败：${error.message}`;
      const again = document.createElement("button");
      again.type = "button";
      again.className = "secondary";
      again.textContent = "重新上传";
      again.addEventListener("click", () => { view.li.remove(); send(file); });
      view.li.appendChild(again);
    } finally {
      busy(-1);
    }
  }

  if (picker) {
    picker.addEventListener("click", locate);
    picker.addEventListener("change", () => {
      for (const file of Array.from(picker.files)) send(file);
      picker.value = "";
    });
  }

  // --- 给当事人确认 ----------------------------------------------------------------------------

  const REQUIRED = ["occurred_on", "place", "persons", "text"];

  function fillConfirm() {
    for (const dd of form.querySelectorAll("[data-confirm]")) {
      const el = field(dd.dataset.confirm);
      let text = "";
      if (el && el.type === "checkbox") text = el.checked ? "是" : "否";
      else if (el && el.tagName === "SELECT") text = el.selectedOptions[0] ? el.selectedOptions[0].textContent : "";
      else if (el) text = el.value;
      dd.textContent = text || "—";
    }
    const names = Array.from(idsBox.querySelectorAll("input"), (i) => i.dataset.label || i.value);
    document.getElementById("confirm-evidence").textContent = names.length ? names.join("、") : "无";
  }

  toConfirm.addEventListener("click", () => {
    if (pending > 0) return say("照片或视频仍在上传，请稍候。");
    const empty = REQUIRED.find((name) => !String(field(name).value || "").trim());
    if (empty) {
      const label = form.querySelector(`label[for="${field(empty).id}"]`);
      say(`请填写“${label ? label.textContent.trim() : empty}”。`);
      field(empty).focus();
      return;
    }
    say("");
    fillConfirm();
    show("confirm");
  });
  document.getElementById("back-to-fill").addEventListener("click", () => show("fill"));
  document.getElementById("to-sign").addEventListener("click", () => show("sign"));
  document.getElementById("back-to-confirm").addEventListener("click", () => show("confirm"));

  // --- 签名 ------------------------------------------------------------------------------------

  const refused = field("party_refused");
  function toggleRefusal() {
    document.getElementById("refusal-block").hidden = !refused.checked;
    document.getElementById("pad-party-block").hidden = refused.checked;
    if (window.SanxiangSignature) window.SanxiangSignature.refresh();
  }
  refused.addEventListener("change", toggleRefusal);

  form.addEventListener("submit", (event) => {
    if (pending > 0) {
      event.preventDefault();
      say("照片或视频仍在上传，请稍候。");
      return;
    }
    submit.disabled = true;
    submit.textContent = "正在生成签章文书…";
  });

  document.documentElement.classList.add("js");
  toggleRefusal();
  show(form.dataset.start || "fill");
})();
