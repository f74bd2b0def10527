/*
 * Inside the frame: tell the host page how tall the model is, whenever that changes (an
 * element opened in place, a narrower window). host.js on the host page sets the frame's
 * height, so the frame never shows a scroll bar of its own. Our own few lines: the common
 * resizer library is GPL. The message holds nothing but a number, so any host may read it.
 */
(function () {
  "use strict";

  if (window.parent === window) {
    return; // opened on its own, not in a frame
  }
  var MESSAGE = "samhandling:height";
  var last = -1;

  function report() {
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: MESSAGE, height: height }, "*");
    }
  }

  if (window.ResizeObserver) {
    new ResizeObserver(report).observe(document.body);
  }
  window.addEventListener("load", report);
  window.addEventListener("resize", report);
  report();
})();
