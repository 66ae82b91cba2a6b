// prep-handbook: a "Show all answers" switch on pages with collapsed answers, every answer
// open when the page is printed, and the drill. Nothing here loads anything from anywhere.
(function () {
  "use strict";

  function answers() {
    return Array.prototype.slice.call(document.querySelectorAll("article details"));
  }

  function setup() {
    var all = answers();
    var anchor = document.querySelector("#they-ask");
    if (!all.length || !anchor || document.querySelector(".handbook-toggle-all")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button handbook-toggle-all";
    button.setAttribute("aria-pressed", "false");
    function label() {
      var open = answers().every(function (d) { return d.open; });
      button.textContent = open ? "Hide all answers" : "Show all answers";
      button.setAttribute("aria-pressed", open ? "true" : "false");
    }
    button.addEventListener("click", function () {
      var open = !answers().every(function (d) { return d.open; });
      answers().forEach(function (d) { d.open = open; });
      label();
    });
    all.forEach(function (d) { d.addEventListener("toggle", label); });
    label();
    anchor.parentNode.insertBefore(button, anchor.nextSibling);
  }

  // Material's search panel is a dialog without a name; screen readers announce it as "Search".
  function nameSearch() {
    var search = document.querySelector(".md-search[role='dialog']");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");
  }

  var printed = [];
  window.addEventListener("beforeprint", function () {
    printed = answers().filter(function (d) { return !d.open; });
    printed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    printed.forEach(function (d) { d.open = false; });
    printed = [];
  });

  // The drill page (/<slug>/drill/): one question at a time, answer hidden until asked for,
  // shuffle, an optional 2-minute timer warning at 30 seconds. Without this script the page
  // is the plain list of questions and answers. Progress stays in this browser (localStorage).
  var LIMIT = 120;
  var WARN = 30;

  function drill() {
    var root = document.querySelector(".handbook-drill");
    if (!root || root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "1");
    var cards = Array.prototype.slice.call(root.querySelectorAll(".handbook-drill-card"));
    var bar = root.querySelector(".handbook-drill-bar");
    if (!cards.length || !bar) return;
    var keys = cards.map(function (c) { return c.getAttribute("data-key"); });
    var storeKey = "prep-handbook.drill." + root.getAttribute("data-drill");
    var state = load();
    var count = bar.querySelector(".handbook-drill-count");
    var clock = bar.querySelector(".handbook-drill-timer");
    var reveal = bar.querySelector(".handbook-drill-reveal");
    var timeButton = bar.querySelector(".handbook-drill-time");
    var timer = null;
    var left = LIMIT;

    function load() {
      var saved = null;
      try { saved = JSON.parse(window.localStorage.getItem(storeKey) || "null"); } catch (e) { saved = null; }
      var same = saved && saved.order && saved.order.length === keys.length &&
        saved.order.slice().sort().join() === keys.slice().sort().join();
      return same ? { order: saved.order, at: Math.min(saved.at || 0, keys.length - 1) }
                  : { order: keys.slice(), at: 0 };
    }
    function save() {
      try { window.localStorage.setItem(storeKey, JSON.stringify(state)); } catch (e) { /* private mode */ }
    }
    function card() {
      return cards[keys.indexOf(state.order[state.at])];
    }
    function show() {
      var current = card();
      cards.forEach(function (c) {
        c.hidden = c !== current;
        c.querySelector(".handbook-drill-answer").hidden = true;
      });
      reveal.textContent = "Show answer";
      reveal.setAttribute("aria-expanded", "false");
      count.textContent = "Question " + (state.at + 1) + " of " + keys.length;
      save();
      restartTimer();
    }
    function toggleAnswer() {
      var answer = card().querySelector(".handbook-drill-answer");
      answer.hidden = !answer.hidden;
      reveal.textContent = answer.hidden ? "Show answer" : "Hide answer";
      reveal.setAttribute("aria-expanded", answer.hidden ? "false" : "true");
    }
    function step(by) {
      state.at = (state.at + by + keys.length) % keys.length;
      show();
    }
    function shuffle() {
      var order = keys.slice();
      for (var i = order.length - 1; i > 0; i--) {
        var j = Math.floor(Math.random() * (i + 1));
        var t = order[i]; order[i] = order[j]; order[j] = t;
      }
      state = { order: order, at: 0 };
      show();
    }
    function paint() {
      var m = Math.floor(Math.max(left, 0) / 60);
      var s = Math.max(left, 0) % 60;
      clock.textContent = left <= 0 ? "Time — wrap up" :
        (m + ":" + (s < 10 ? "0" : "") + s + (left <= WARN ? " — 30 seconds left" : ""));
      clock.classList.toggle("handbook-drill-warn", left <= WARN);
    }
    function restartTimer() {
      if (!timer) return;
      left = LIMIT;
      paint();
    }
    function toggleTimer() {
      if (timer) {
        window.clearInterval(timer);
        timer = null;
        clock.hidden = true;
        timeButton.setAttribute("aria-pressed", "false");
        return;
      }
      left = LIMIT;
      clock.hidden = false;
      timeButton.setAttribute("aria-pressed", "true");
      paint();
      timer = window.setInterval(function () {
        left -= 1;
        paint();
        if (left <= 0) { window.clearInterval(timer); timer = null; timeButton.setAttribute("aria-pressed", "false"); }
      }, 1000);
    }

    reveal.addEventListener("click", toggleAnswer);
    bar.querySelector(".handbook-drill-next").addEventListener("click", function () { step(1); });
    bar.querySelector(".handbook-drill-prev").addEventListener("click", function () { step(-1); });
    bar.querySelector(".handbook-drill-shuffle").addEventListener("click", shuffle);
    timeButton.addEventListener("click", toggleTimer);
    cards.forEach(function (c) {
      c.querySelector(".handbook-drill-q").addEventListener("click", toggleAnswer);
    });
    document.addEventListener("keydown", function (e) {
      var tag = (e.target && e.target.tagName) || "";
      var search = document.getElementById("__search");
      if (e.altKey || e.ctrlKey || e.metaKey || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(tag) ||
          (search && search.checked)) return;
      var act = { " ": toggleAnswer, Enter: toggleAnswer, ArrowRight: function () { step(1); },
                  ArrowLeft: function () { step(-1); }, r: shuffle, R: shuffle,
                  t: toggleTimer, T: toggleTimer }[e.key];
      if (act) { e.preventDefault(); e.stopPropagation(); act(); }
    }, true);
    bar.hidden = false;
    root.classList.add("handbook-drill--live");
    show();
  }

  // Material's instant navigation swaps pages without a load event: follow its document$.
  function ready() {
    nameSearch();
    setup();
    drill();
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(ready);
  } else {
    document.addEventListener("DOMContentLoaded", ready);
  }
})();
