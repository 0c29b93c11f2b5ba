// Knowledge base: insert a suggested article into the reply box; confirm before deleting.
(function () {
  "use strict";
  if (window.sevaiKb) return; // the suggestions partial loads this file again after each swap
  window.sevaiKb = true;

  function insert(textarea, text) {
    const start = textarea.selectionStart ?? textarea.value.length;
    const end = textarea.selectionEnd ?? textarea.value.length;
    const before = textarea.value.slice(0, start);
    const after = textarea.value.slice(end);
    const gap = before && !before.endsWith("\n\n") ? (before.endsWith("\n") ? "\n" : "\n\n") : "";
    textarea.value = before + gap + text + after;
    const caret = (before + gap + text).length;
    textarea.focus();
    textarea.setSelectionRange(caret, caret);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-kb-insert]");
    if (!button) return;
    event.preventDefault();
    const textarea = document.getElementById("composer-body");
    if (textarea) insert(textarea, button.dataset.kbInsert);
  });

  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
})();
