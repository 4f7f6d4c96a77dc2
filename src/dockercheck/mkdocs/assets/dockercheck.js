/* Docker's description of each command word and flag, where a note writes it.

   The build (hooks/cheatsheet.py, dockercheck.cheatsheet.Explainer) leaves on each command line a
   span with its words as data, data-dc="start,end,n;...", in columns of the line, and on the page
   a table of explanations, .dc-help[data-dc-help] = [[kind, text, href], ...]. This script wraps
   each word: the command in a link to its cheat sheet entry (.dc-cmd), each flag in a focusable
   span (.dc-flag). Hovering, focusing or tapping one shows the text in a tooltip; on a touch
   screen the first tap on a command shows it and the second follows the link.
   No request, no dependency: it works from file:// and with any theme. */
(function () {
  "use strict";
  var WORDS = ".dc-cmd, .dc-flag";

  // ---------------------------------------------------------------- the words

  function table() {
    var holder = document.querySelector(".dc-help[data-dc-help]");
    if (!holder) return [];
    try {
      return JSON.parse(holder.getAttribute("data-dc-help"));
    } catch (error) {
      return [];
    }
  }

  // The text nodes of a line, from the marker to the line's end: [[node, offset in the line], ...].
  function lineNodes(marker) {
    var code = marker.closest("code") || marker.parentNode;
    var walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    walker.currentNode = marker;
    var nodes = [];
    var length = 0;
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var text = node.data;
      var newline = text.indexOf("\n");
      nodes.push([node, length]);
      if (newline >= 0) break;
      length += text.length;
    }
    return nodes;
  }

  function place(nodes, column, end) {
    // The text node and offset of a column (an end column may be the end of a node).
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i][0];
      var start = nodes[i][1];
      var size = node.data.length;
      if (column < start + size || (end && column === start + size)) return [node, column - start];
    }
    return null;
  }

  function wrapWord(marker, start, end, entry) {
    var nodes = lineNodes(marker);
    var from = place(nodes, start, false);
    var to = place(nodes, end, true);
    if (!from || !to) return;
    var range = document.createRange();
    range.setStart(from[0], from[1]);
    range.setEnd(to[0], to[1]);
    var element;
    if (entry[0] === "cmd" && entry[2]) {
      element = document.createElement("a");
      element.href = entry[2];
    } else {
      element = document.createElement("span");
      element.tabIndex = 0;
    }
    element.className = entry[0] === "cmd" ? "dc-cmd" : "dc-flag";
    element.setAttribute("data-dc-tip", entry[1]);
    // Elements the word only partly holds (a highlighted token) are split in two, not broken.
    element.appendChild(range.extractContents());
    range.insertNode(element);
  }

  function wrapAll() {
    var entries = table();
    var markers = document.querySelectorAll("code [data-dc]");
    for (var m = 0; m < markers.length; m++) {
      var marker = markers[m];
      var words = marker.getAttribute("data-dc").split(";");
      marker.removeAttribute("data-dc");
      // Right to left: a word's wrapping never moves the columns of the words before it.
      for (var w = words.length - 1; w >= 0; w--) {
        var parts = words[w].split(",").map(Number);
        var entry = entries[parts[2]];
        if (entry && parts[0] < parts[1]) wrapWord(marker, parts[0], parts[1], entry);
      }
    }
  }

  // ---------------------------------------------------------------- the tooltip

  var tip = null; // the one tooltip element, made on first use
  var owner = null; // the word it is shown for
  var touch = false; // the last pointer was a finger
  var shownAtPress = false; // the tooltip was already the pressed word's when the finger came down

  function word(node) {
    return node && node.closest ? node.closest(WORDS) : null;
  }

  function show(el) {
    var content = el.getAttribute("data-dc-tip");
    if (!content) return;
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "dc-tooltip";
      tip.id = "dc-tooltip";
      tip.setAttribute("role", "tooltip");
      document.body.appendChild(tip);
    }
    if (owner && owner !== el) owner.removeAttribute("aria-describedby");
    tip.textContent = content;
    tip.hidden = false;
    owner = el;
    el.setAttribute("aria-describedby", tip.id);
    position();
  }

  function hide() {
    if (tip) tip.hidden = true;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
  }

  function position() {
    // Below the word (above it when there is no room), always inside the screen's width.
    var box = owner.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    tip.style.maxWidth = Math.max(120, Math.min(width - 16, 448)) + "px";
    tip.style.left = "0px";
    tip.style.top = "0px";
    var w = tip.offsetWidth;
    var h = tip.offsetHeight;
    var top = box.bottom + 6;
    if (top + h > window.innerHeight - 8 && box.top - h - 6 >= 8) top = box.top - h - 6;
    tip.style.left = Math.max(8, Math.min(box.left, width - w - 8)) + "px";
    tip.style.top = top + "px";
  }

  document.addEventListener("pointerdown", function (event) {
    touch = event.pointerType === "touch" || event.pointerType === "pen";
    var el = word(event.target);
    shownAtPress = el !== null && el === owner;
    if (!el && owner) hide();
  }, true);
  document.addEventListener("click", function (event) {
    var el = word(event.target);
    if (!el) return;
    if (touch && el.tagName === "A" && !shownAtPress) event.preventDefault(); // first tap: explain
    show(el);
  }, true);
  document.addEventListener("mouseover", function (event) {
    var el = word(event.target);
    if (el && !touch) show(el);
  });
  document.addEventListener("mouseout", function (event) {
    var el = word(event.target);
    if (el && el === owner && !el.contains(event.relatedTarget) && document.activeElement !== el) hide();
  });
  document.addEventListener("focusin", function (event) {
    var el = word(event.target);
    if (el) show(el);
    else if (owner) hide();
  });
  document.addEventListener("focusout", function (event) {
    if (event.target === owner && !touch) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && owner) hide();
  });
  window.addEventListener("scroll", function () {
    if (owner) position();
  }, { passive: true, capture: true });
  window.addEventListener("resize", function () {
    if (owner) position();
  });

  wrapAll();
})();
