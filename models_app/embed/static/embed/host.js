/*
 * On the municipality's own website, next to the pasted <iframe data-samhandling-embed>:
 * make each embedded model as tall as its content. Only a message from one of those frames'
 * own window, sent from the frame's own origin, changes its height.
 */
(function () {
  "use strict";

  var MESSAGE = "samhandling:height";
  var MAX_HEIGHT = 20000;

  function frameFor(event) {
    var frames = document.querySelectorAll("iframe[data-samhandling-embed]");
    for (var i = 0; i < frames.length; i += 1) {
      if (frames[i].contentWindow === event.source) {
        return frames[i];
      }
    }
    return null;
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== MESSAGE || typeof data.height !== "number") {
      return;
    }
    var frame = frameFor(event);
    if (!frame || new URL(frame.src, location.href).origin !== event.origin) {
      return;
    }
    var height = Math.max(0, Math.min(MAX_HEIGHT, Math.ceil(data.height)));
    if (getComputedStyle(frame).boxSizing === "border-box") {
      height += frame.offsetHeight - frame.clientHeight; // the frame's own border
    }
    frame.style.height = height + "px";
  });
})();
