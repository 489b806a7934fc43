// On-screen signatures: a <canvas> drawn on with pointer events (finger, stylus or mouse).
//
// Markup: <div data-signature-pad data-target="<id of a hidden input>"> with a <canvas> and a
// <button data-signature-clear>. After every stroke the drawing is exported as a PNG data URL
// into the hidden input (emptied by the clear button), so a plain form post carries it. A data
// URL already in the input (the form came back with an error) is painted again on load.
"use strict";

(function (global) {
  const INK = "#111";

  class SignaturePad {
    constructor(root) {
      this.root = root;
      this.canvas = root.querySelector("canvas");
      this.input = document.getElementById(root.dataset.target);
      this.ctx = this.canvas.getContext("2d");
      this.drawing = false;
      this.last = null;
      this.strokes = 0;
      this.resize();
      this.restore();
      this.canvas.addEventListener("pointerdown", (e) => this.down(e));
      this.canvas.addEventListener("pointermove", (e) => this.move(e));
      this.canvas.addEventListener("pointerup", (e) => this.up(e));
      this.canvas.addEventListener("pointercancel", (e) => this.up(e));
      const clear = root.querySelector("[data-signature-clear]");
      if (clear) clear.addEventListener("click", () => this.clear());
      global.addEventListener("resize", () => this.onResize());
    }

    // The backing store follows the displayed size (at most 2× for a small PNG).
    resize() {
      const ratio = Math.min(global.devicePixelRatio || 1, 2);
      const width = Math.max(1, Math.round(this.canvas.clientWidth * ratio));
      const height = Math.max(1, Math.round(this.canvas.clientHeight * ratio));
      if (this.canvas.width === width && this.canvas.height === height) return false;
      this.canvas.width = width;
      this.canvas.height = height;
      this.ctx.lineCap = "round";
      this.ctx.lineJoin = "round";
      this.ctx.strokeStyle = INK;
      this.ctx.lineWidth = 2.5 * ratio;
      return true;
    }

    onResize() {
      const kept = this.value();
      if (this.resize() && kept) this.paint(kept);
    }

    restore() {
      if (this.value()) this.paint(this.value());
    }

    paint(dataUrl) {
      const img = new Image();
      img.onload = () => {
        this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
        this.ctx.drawImage(img, 0, 0, this.canvas.width, this.canvas.height);
      };
      img.src = dataUrl;
      this.root.classList.add("signed");
    }

    value() {
      return this.input ? this.input.value : "";
    }

    point(e) {
      const rect = this.canvas.getBoundingClientRect();
      return {
        x: ((e.clientX - rect.left) * this.canvas.width) / rect.width,
        y: ((e.clientY - rect.top) * this.canvas.height) / rect.height,
      };
    }

    down(e) {
      e.preventDefault();
      this.canvas.setPointerCapture(e.pointerId);
      this.drawing = true;
      this.last = this.point(e);
      // A tap leaves a dot.
      this.ctx.beginPath();
      this.ctx.arc(this.last.x, this.last.y, this.ctx.lineWidth / 2, 0, Math.PI * 2);
      this.ctx.fillStyle = INK;
      this.ctx.fill();
    }

    move(e) {
      if (!this.drawing) return;
      e.preventDefault();
      const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [];
      for (const ev of events.length ? events : [e]) {
        const p = this.point(ev);
        this.ctx.beginPath();
        this.ctx.moveTo(this.last.x, this.last.y);
        this.ctx.lineTo(p.x, p.y);
        this.ctx.stroke();
        this.last = p;
      }
    }

    up(e) {
      if (!this.drawing) return;
      this.drawing = false;
      if (this.canvas.hasPointerCapture(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
      this.strokes += 1;
      if (this.input) this.input.value = this.canvas.toDataURL("image/png");
      this.root.classList.add("signed");
      this.root.dispatchEvent(new CustomEvent("signature:change", { bubbles: true }));
    }

    clear() {
      this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
      this.strokes = 0;
      if (this.input) this.input.value = "";
      this.root.classList.remove("signed");
      this.root.dispatchEvent(new CustomEvent("signature:change", { bubbles: true }));
    }
  }

  // Pads inside a hidden section have no size yet: call refresh() when the section is shown.
  const pads = [];
  function init(scope) {
    for (const root of (scope || document).querySelectorAll("[data-signature-pad]")) {
      if (!root.signaturePad) {
        root.signaturePad = new SignaturePad(root);
        pads.push(root.signaturePad);
      }
    }
  }
  function refresh() {
    for (const pad of pads) pad.onResize();
  }

  global.SanxiangSignature = { init, refresh, SignaturePad };
  document.addEventListener("DOMContentLoaded", () => init(document));
})(window);
