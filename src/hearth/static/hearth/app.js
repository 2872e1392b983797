// Behaviour every page shares, from attributes in the markup: the Content-Security-
// Policy allows no inline script (no onsubmit="..." nor <script>...</script>), so
// pages say what they need and this file does it. The listeners sit on the document,
// so they also serve what htmx swaps in later.
//
//   <form data-confirm="Remove this reply?">  asks before the form is sent
//   <select data-autosubmit>                  sends its form when changed
//   <a href="/" data-history-back>            goes back a page (the link without script)
(function () {
  "use strict";
  if (window.hearthApp) return;
  window.hearthApp = true;
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
  document.addEventListener("change", function (event) {
    var field = event.target.closest("[data-autosubmit]");
    if (!field || !field.form) return;
    if (field.form.requestSubmit) field.form.requestSubmit();
    else field.form.submit();
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-history-back]");
    if (link && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
