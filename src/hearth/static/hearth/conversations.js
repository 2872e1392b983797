// Conversation page: drafts kept in the browser, "reply to", quoting and tag suggestions.
(function () {
  "use strict";
  function keepDraft(form) {
    if (form.dataset.draftKept) return;
    form.dataset.draftKept = "1";
    var key = "hearth-draft:" + form.dataset.draftKey;
    var area = form.querySelector("textarea");
    if (!area) return;
    if (!area.value && localStorage.getItem(key)) area.value = localStorage.getItem(key);
    area.addEventListener("input", function () { localStorage.setItem(key, area.value); });
    form.addEventListener("submit", function () { localStorage.removeItem(key); });
  }
  function keepDrafts() { document.querySelectorAll("form[data-draft-key]").forEach(keepDraft); }
  keepDrafts();
  // The page's main part is swapped in place after accepting an answer, which runs
  // this file again: the document-wide listeners below are added once only.
  if (window.hearthConversations) return;
  window.hearthConversations = true;
  document.body.addEventListener("htmx:afterSettle", keepDrafts);
  document.body.addEventListener("reply-posted", function () {
    var form = document.getElementById("reply-form");
    if (!form) return;
    localStorage.removeItem("hearth-draft:" + form.dataset.draftKey);
    form.querySelector("textarea").value = "";
    form.querySelector("#id_reply_to").value = "";
    form.querySelector("#replying-to").hidden = true;
  });
  function quoted(button) {
    var prose = button.closest("article").querySelector(".prose");
    var text = (prose ? prose.innerText : "").trim();
    var lines = text.split("\n").map(function (line) { return "> " + line; });
    return "> **" + (button.dataset.author || "Someone") + "** wrote:\n>\n" + lines.join("\n") + "\n\n";
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".reply-to");
    if (button) {
      var form = document.getElementById("reply-form");
      var area = form.querySelector("textarea");
      form.querySelector("#id_reply_to").value = button.dataset.replyTo;
      var note = form.querySelector("#replying-to");
      note.textContent = "Replying to " + (button.dataset.author || "a reply");
      note.hidden = false;
      if (button.dataset.quote) {
        area.value = (area.value ? area.value.replace(/\s*$/, "\n\n") : "") + quoted(button);
        area.dispatchEvent(new Event("input"));
      }
      area.focus();
      area.setSelectionRange(area.value.length, area.value.length);
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
