/*
 * "Print this level" / "Print the whole guide": progressive enhancement.
 *
 * Every `button.print-button` is rendered `hidden`, since without JavaScript it could do
 * nothing (the browser's own print command still works, with the print stylesheet). This
 * script shows the buttons and lets them open the print dialog. No inline script: it works
 * under a strict Content-Security-Policy.
 */
(function () {
  "use strict";

  function init() {
    if (typeof window.print !== "function") {
      return;
    }
    var buttons = document.querySelectorAll("button.print-button");
    for (var i = 0; i < buttons.length; i += 1) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () {
        window.print();
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
