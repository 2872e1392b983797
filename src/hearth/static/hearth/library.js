// Library edit and merge forms: the text being written is kept in the browser,
// per document, so that a closed tab or a failed save loses nothing. A draft is
// offered back (never applied silently) when the form opens with other text.
(function () {
  "use strict";
  document.querySelectorAll("form[data-doc-draft]").forEach(function (form) {
    var key = "hearth-draft:" + form.dataset.docDraft;
    var area = form.querySelector("textarea");
    var note = form.querySelector(".doc-draft-note");
    if (!area) return;
    var saved = localStorage.getItem(key);
    if (saved && saved !== area.value) {
      if (!area.value) { area.value = saved; }
      else if (note) {
        note.hidden = false;
        note.querySelector(".doc-draft-restore").addEventListener("click", function () {
          area.value = saved; note.hidden = true; area.focus();
        });
        note.querySelector(".doc-draft-drop").addEventListener("click", function () {
          localStorage.removeItem(key); note.hidden = true;
        });
      }
    }
    area.addEventListener("input", function () { localStorage.setItem(key, area.value); });
    form.addEventListener("submit", function () { localStorage.removeItem(key); });
  });
})();
