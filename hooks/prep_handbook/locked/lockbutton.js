/* A "Lock" button on unlocked pages: it forgets the key and the saved copy, and every other
   open tab of this site reloads, landing on the unlock page. */
(function () {
  "use strict";
  var L = self.siteLock;
  if (!navigator.serviceWorker || !navigator.serviceWorker.controller || !L) { return; }
  L.listen(function (message) { if (message === "locked") { location.reload(); } });
  var header = document.querySelector(".md-header__inner");
  if (!header) { return; }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "md-header__button site-lock-button";
  button.textContent = "Lock";
  button.title = "Lock: forget the key and the saved pages on this device";
  button.style.cssText = "font: inherit; font-size: .7rem; font-weight: 700; color: inherit;" +
    " background: none; border: 1px solid currentColor; border-radius: .2rem;" +
    " padding: .1rem .5rem; margin: 0 .4rem; cursor: pointer; width: auto; height: auto;";
  button.addEventListener("click", function () {
    L.forgetAll().then(function () {
      L.tell("locked");
      location.reload();
    });
  });
  header.appendChild(button);
})();
