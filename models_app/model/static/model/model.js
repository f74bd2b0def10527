/*
 * The samhandlingsmodell grid: open a model element's summary in place.
 *
 * Progressive enhancement. Without this script every `.element-link` is a plain link to the
 * element's page and every `.element-panel` stays hidden. With it, a plain click on the link
 * shows the panel that follows it (one at a time), moves focus into it and records
 * `#element-<id>` in the address, so that the state can be shared and "Back to the model"
 * reopens it. Escape or the close button closes it and returns focus to the link.
 */
(function () {
  "use strict";

  var HASH_PREFIX = "#element-";
  var PANEL_PREFIX = "panel-";
  var entries = {};
  var openEntry = null;

  function followingPanel(link) {
    var next = link.nextElementSibling;
    while (next && !next.classList.contains("element-panel")) {
      next = next.nextElementSibling;
    }
    return next;
  }

  function setHash(hash) {
    try {
      history.replaceState(history.state, "", hash || location.pathname + location.search);
    } catch (error) {
      // Sandboxed or file:// documents may refuse; the panel still works.
    }
  }

  function close(entry, returnFocus) {
    entry.panel.hidden = true;
    entry.link.setAttribute("aria-expanded", "false");
    entry.item.classList.remove("is-open");
    if (openEntry === entry) {
      openEntry = null;
      setHash("");
    }
    if (returnFocus) {
      entry.link.focus();
    }
  }

  function open(entry, options) {
    if (openEntry && openEntry !== entry) {
      close(openEntry, false);
    }
    entry.panel.hidden = false;
    entry.link.setAttribute("aria-expanded", "true");
    entry.item.classList.add("is-open");
    openEntry = entry;
    setHash(HASH_PREFIX + entry.id);
    entry.panel.focus({ preventScroll: Boolean(options && options.preventScroll) });
  }

  function entryForHash() {
    var hash = location.hash;
    if (hash.indexOf(HASH_PREFIX) !== 0) {
      return null;
    }
    var id;
    try {
      id = decodeURIComponent(hash.slice(HASH_PREFIX.length));
    } catch (error) {
      return null;
    }
    return Object.prototype.hasOwnProperty.call(entries, id) ? entries[id] : null;
  }

  function enhance(link) {
    var panel = followingPanel(link);
    if (!panel || panel.id.indexOf(PANEL_PREFIX) !== 0) {
      return;
    }
    var id = panel.id.slice(PANEL_PREFIX.length);
    var container = link.closest("[data-close-label]");
    var entry = { id: id, link: link, panel: panel, item: link.parentElement };

    if (!link.id) {
      link.id = "link-" + id;
    }
    link.setAttribute("aria-expanded", "false");
    link.setAttribute("aria-controls", panel.id);
    panel.setAttribute("role", "region");
    panel.setAttribute("aria-labelledby", link.id);
    panel.setAttribute("tabindex", "-1");

    var button = document.createElement("button");
    button.type = "button";
    button.className = "element-panel__close ds-button";
    button.setAttribute("data-variant", "secondary");
    button.setAttribute("data-size", "sm");
    button.textContent = (container && container.getAttribute("data-close-label")) || "Close";
    panel.appendChild(button);

    link.addEventListener("click", function (event) {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        return; // new tab, new window, download: leave it to the browser
      }
      event.preventDefault();
      if (openEntry === entry) {
        close(entry, false);
      } else {
        open(entry);
      }
    });
    button.addEventListener("click", function () {
      close(entry, true);
    });

    entries[id] = entry;
  }

  function init() {
    var links = document.querySelectorAll(".element-link");
    for (var i = 0; i < links.length; i += 1) {
      enhance(links[i]);
    }
    // Only now does an element open in place, so only now may the legend say so.
    var hint = document.querySelector("[data-model-hint]");
    if (hint && links.length) {
      hint.hidden = false;
    }

    document.addEventListener("keydown", function (event) {
      if (!openEntry || (event.key !== "Escape" && event.key !== "Esc")) {
        return;
      }
      var active = document.activeElement;
      if (active === openEntry.link || openEntry.panel.contains(active)) {
        event.preventDefault();
        close(openEntry, true);
      }
    });

    // Someone followed a link to #element-<id> on this page, or went back in history.
    window.addEventListener("hashchange", function () {
      var entry = entryForHash();
      if (entry && entry !== openEntry) {
        open(entry);
      }
    });

    // Arriving with #element-<id> (e.g. "Back to the model"): the browser has already scrolled
    // to the element; open its panel without moving the page again.
    var initial = entryForHash();
    if (initial) {
      open(initial, { preventScroll: true });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
