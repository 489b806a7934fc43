// The case's 文书 page: the 笔录 select matters only for 笔录 kinds, so it shows only for them.
"use strict";

(function () {
  const form = document.getElementById("generate-form");
  if (!form) return;
  const kinds = new Set((form.dataset.stepKinds || "").split(" "));
  const kind = form.elements.namedItem("kind");
  const step = document.getElementById("step-field");
  const toggle = () => { step.hidden = !kinds.has(kind.value); };
  kind.addEventListener("change", toggle);
  toggle();
})();
