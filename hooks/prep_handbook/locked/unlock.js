/* The unlock page: what every page of the locked site is on the host. */
(function () {
  "use strict";
  var form = document.getElementById("unlock");
  var input = document.getElementById("passphrase");
  var remember = document.getElementById("remember");
  var status = document.getElementById("status");
  var root = new URL(document.documentElement.getAttribute("data-root") || "./", location.href);
  var NOTICES = {
    expired: "The key kept on this device expired and was forgotten: unlock again.",
    republished: "This handbook was published again (a new build or a new passphrase): " +
      "unlock it again."
  };

  function say(text, bad) {
    status.textContent = text;
    status.className = bad ? "bad" : "";
  }
  function refuse(text) {
    input.disabled = true;
    form.querySelector("button").disabled = true;
    say(text, true);
  }

  if (!window.isSecureContext) {
    refuse("This address is not a secure context (plain http on a network address), so the " +
      "browser gives it no WebCrypto and no service worker: nothing can be unlocked here. " +
      "Open the handbook over https (GitHub Pages serves it so), or at http://127.0.0.1 on " +
      "the computer that serves it.");
    return;
  }
  if (!("serviceWorker" in navigator) || !window.crypto || !crypto.subtle || !window.indexedDB) {
    refuse("This browser cannot unlock the handbook: it needs service workers and WebCrypto " +
      "(any current Chrome, Firefox, Safari or Edge). Meanwhile, print or read the one-pager " +
      "PDF from the computer that built the site.");
    return;
  }

  var L = self.siteLock;
  var ready = navigator.serviceWorker.register(new URL("sw.js", root).href, {
    scope: root.pathname
  }).then(function () { return navigator.serviceWorker.ready; });

  L.takeNotice().then(function (notice) {
    if (NOTICES[notice]) { say(NOTICES[notice], true); }
  }).catch(function () {});

  // Unlocked before, but this load bypassed the service worker (a shift-reload): once more,
  // normally, so the worker serves the page.
  L.getKey().then(function (entry) {
    if (!entry || navigator.serviceWorker.controller) { return; }
    return ready.then(function () {
      if (sessionStorage.getItem("site-lock-reloaded") !== location.href) {
        sessionStorage.setItem("site-lock-reloaded", location.href);
        location.reload();
      }
    });
  }).catch(function () {});

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    say("Unlocking…");
    var started = performance.now();
    var key = null;
    fetch(new URL("assets/lock/lock.json", root).href, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var lock = L.settings(data);
        if (!lock) {
          throw new Error("this site's lock.json is of another version or asks for weaker " +
            "settings than this page accepts");
        }
        return L.derive(input.value, L.b64(lock.salt), lock.iterations).then(function (k) {
          key = k;
          document.documentElement.setAttribute(
            "data-derive-ms", String(Math.round(performance.now() - started))
          );
          return L.open(k, "assets/lock/lock.json", L.b64(lock.check)).then(function (plain) {
            // lock.json's settings are also inside what the key opens: they must agree.
            var signed = JSON.parse(new TextDecoder().decode(plain));
            if (signed.salt !== lock.salt || signed.iterations !== lock.iterations ||
                signed.remember_days !== lock.remember_days) {
              throw new Error("lock.json was changed after the build");
            }
            return lock;
          }, function () { return null; });
        });
      })
      .then(function (lock) {
        if (!lock) {
          say("Wrong passphrase: nothing was unlocked.", true);
          input.select();
          return null;
        }
        input.value = "";
        var days = remember.checked ? lock.remember_days : 0;
        return L.putKey(key, lock.salt, days).then(function () { return ready; });
      })
      .then(function (registration) {
        if (!registration) { return null; }
        say("Unlocked. Saving the handbook on this device for offline reading…");
        return new Promise(function (resolve) {
          var channel = new MessageChannel();
          channel.port1.onmessage = function (m) { resolve(m.data); };
          registration.active.postMessage({ type: "precache" }, [channel.port2]);
        });
      })
      .then(function (done) {
        if (!done) { return; }
        document.documentElement.setAttribute(
          "data-unlock-ms", String(Math.round(performance.now() - started))
        );
        if (!done.ok) {
          say("Unlocked, but saving it for offline failed (" + done.error + "): the pages " +
            "open while online.", true);
        }
        location.reload();
      })
      .catch(function (e) { say("Could not unlock: " + e.message, true); });
  });
})();
