// Gatehouse's only script, and an optional one: every page works without it. It turns the "Copy"
// button next to a secret shown once (a new API token) into a real copy to the clipboard; without
// JavaScript the button stays hidden and the secret sits selected in its read-only field.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      field.select();
      var done = function () { button.textContent = button.getAttribute("data-copied") || button.textContent; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });
  var secret = document.querySelector("input[data-select-on-load]");
  if (secret) secret.select();
});
