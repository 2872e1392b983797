// Conversation page: drafts kept in the browser, "reply to" and tag suggestions.
(function () {
  "use strict";
  function keepDraft(form) {
    var key = "hearth-draft:" + form.dataset.draftKey;
    var area = form.querySelector("textarea");
    if (!area) return;
    if (!area.value && localStorage.getItem(key)) area.value = localStorage.getItem(key);
    area.addEventListener("input", function () { localStorage.setItem(key, area.value); });
    form.addEventListener("submit", function () { localStorage.removeItem(key); });
    document.body.addEventListener("reply-posted", function () {
      localStorage.removeItem(key); area.value = "";
      var to = form.querySelector("#id_reply_to"); if (to) to.value = "";
      var note = form.querySelector("#replying-to"); if (note) note.hidden = true;
    });
  }
  document.querySelectorAll("form[data-draft-key]").forEach(keepDraft);
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".reply-to");
    if (button) {
      var form = document.getElementById("reply-form");
      form.querySelector("#id_reply_to").value = button.dataset.replyTo;
      var note = form.querySelector("#replying-to");
      note.textContent = "Replying to " + button.dataset.author;
      note.hidden = false;
      form.querySelector("textarea").focus();
    }
    var tag = event.target.closest(".tag-suggest");
    if (tag) {
      var field = document.getElementById("id_tags");
      var names = field.value.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
      if (names.indexOf(tag.dataset.tag) < 0) names.push(tag.dataset.tag);
      field.value = names.join(", ");
    }
  });
})();
