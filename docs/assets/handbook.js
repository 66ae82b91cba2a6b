// prep-handbook: a "Show all answers" switch on pages with collapsed answers, and every answer
// open when the page is printed (the drill is the package's assets/prep-handbook/rehearse.js).
// Nothing here loads anything from anywhere.
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

  // Material's instant navigation swaps pages without a load event: follow its document$.
  function ready() {
    nameSearch();
    setup();
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(ready);
  } else {
    document.addEventListener("DOMContentLoaded", ready);
  }
})();
