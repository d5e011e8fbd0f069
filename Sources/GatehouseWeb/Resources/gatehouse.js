// Gatehouse's only script, and an optional one: every page works without it. It turns the "Copy"
// button next to a secret shown once (a new API token) into a real copy to the clipboard. Without
// JavaScript the button stays hidden: one click on the secret selects all of it (CSS user-select),
// and "Save as a file" (a form) downloads it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var selectAll = function (element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  };
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      selectAll(field);
      var done = function () { button.textContent = button.getAttribute("data-copied") || button.textContent; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.textContent.trim()).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });
  // The redirect's #new-token focused the secret already; select it, ready to copy by hand.
  var secret = document.querySelector("[data-select-on-load]");
  if (secret) selectAll(secret);
});
