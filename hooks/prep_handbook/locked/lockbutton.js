/* prep-handbook: a "Lock" button on unlocked pages; it forgets the key and the saved copy. */
(function () {
  "use strict";
  if (!navigator.serviceWorker || !navigator.serviceWorker.controller || !self.prepHandbookLock) {
    return;
  }
  var header = document.querySelector(".md-header__inner");
  if (!header) { return; }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "md-header__button prep-handbook-lock";
  button.textContent = "Lock";
  button.title = "Lock: forget the key and the saved pages on this device";
  button.style.cssText = "font: inherit; font-size: .7rem; font-weight: 700; color: inherit;" +
    " background: none; border: 1px solid currentColor; border-radius: .2rem;" +
    " padding: .1rem .5rem; margin: 0 .4rem; cursor: pointer; width: auto; height: auto;";
  button.addEventListener("click", function () {
    self.prepHandbookLock.forgetAll().then(function () { location.reload(); });
  });
  header.appendChild(button);
})();
