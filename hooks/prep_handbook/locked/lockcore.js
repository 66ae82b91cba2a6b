/* What the unlock page, the Lock button and the service worker share. The key is a
   non-extractable WebCrypto key kept in IndexedDB (never the passphrase), with its expiry.
   Everything is named after this site's folder, so two locked sites on one host name keep
   their keys, copies and messages apart. */
(function (scope) {
  "use strict";
  var FORMAT = 2;
  var MAGIC = [0x50, 0x48, 0x42, 0x32]; // "PHB2"
  var MIN_ITERATIONS = 600000;
  var HOUR = 3600 * 1000;
  // This file is <root>assets/lock/lockcore.js; the worker that imports it is <root>sw.js.
  var here = scope.document && scope.document.currentScript
    ? scope.document.currentScript.src : scope.location.href;
  var ROOT = new URL(here.indexOf("/assets/lock/") >= 0 ? "../../" : "./", here);
  var NAME = "site-lock:" + ROOT.pathname;
  var STORE = "keys";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(NAME, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, action) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var request = action(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(request.result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  var lock = scope.siteLock = {
    root: ROOT,
    /* {key: CryptoKey, salt: string, expires: ms} while unlocked on this device, else null;
       an expired key is forgotten here, with the offline copy. */
    getKey: function () {
      return run("readonly", function (s) { return s.get("key"); }).then(function (entry) {
        if (!entry) { return null; }
        if (!(entry.expires > Date.now())) {
          return lock.forgetAll("expired").then(function () { return null; });
        }
        return entry;
      });
    },
    /* Keep the key for `days` days, or an hour when it is not to be remembered. */
    putKey: function (key, salt, days) {
      var entry = { key: key, salt: salt, expires: Date.now() + (days ? days * 24 : 1) * HOUR };
      return run("readwrite", function (s) { return s.put(entry, "key"); });
    },
    /* Why the device was locked without the Lock button ("expired", "republished"), once. */
    takeNotice: function () {
      return run("readwrite", function (s) {
        var request = s.get("notice");
        request.onsuccess = function () { s.delete("notice"); };
        return request;
      });
    },
    b64: function (text) {
      return Uint8Array.from(atob(text), function (c) { return c.charCodeAt(0); });
    },
    /* lock.json, if it is of this format and no weaker than it allows; else null. */
    settings: function (data) {
      var ok = data && data.version === FORMAT && data.kdf === "PBKDF2-HMAC-SHA256" &&
        typeof data.iterations === "number" && data.iterations >= MIN_ITERATIONS &&
        typeof data.salt === "string" && lock.b64(data.salt).length === 16 &&
        typeof data.check === "string" && data.remember_days > 0;
      return ok ? data : null;
    },
    /* PBKDF2-HMAC-SHA256 → AES-256-GCM, usable only to decrypt and never exported. */
    derive: function (passphrase, salt, iterations) {
      return crypto.subtle.importKey(
        "raw", new TextEncoder().encode(passphrase), "PBKDF2", false, ["deriveKey"]
      ).then(function (base) {
        return crypto.subtle.deriveKey(
          { name: "PBKDF2", hash: "SHA-256", salt: salt, iterations: iterations },
          base, { name: "AES-GCM", length: 256 }, false, ["decrypt"]
        );
      });
    },
    /* A locked file: "PHB2" ‖ 12-byte nonce ‖ ciphertext and tag of the content, padded with
       0x80 0x00…; its path is the associated data, so a changed or swapped file fails here. */
    open: function (key, path, buffer) {
      var bytes = new Uint8Array(buffer);
      for (var i = 0; i < MAGIC.length; i++) {
        if (bytes[i] !== MAGIC[i]) { return Promise.reject(new Error("not a locked file")); }
      }
      return crypto.subtle.decrypt(
        { name: "AES-GCM", iv: bytes.slice(4, 16), additionalData: new TextEncoder().encode(path) },
        key, bytes.slice(16)
      ).then(function (plain) {
        var padded = new Uint8Array(plain);
        var end = padded.length - 1;
        while (end >= 0 && padded[end] === 0) { end--; }
        if (end < 0 || padded[end] !== 0x80) { throw new Error("bad padding"); }
        return plain.slice(0, end);
      });
    },
    cachePrefix: "site-lock:" + ROOT.pathname + ":",
    cacheName: function (salt) { return lock.cachePrefix + salt; },
    /* Forget the key and this site's offline copy (other sites' stay), and leave `notice`
       for the unlock page to show. */
    forgetAll: function (notice) {
      return run("readwrite", function (s) {
        s.delete("key");
        return notice ? s.put(notice, "notice") : s.delete("notice");
      }).then(function () { return caches.keys(); }).then(function (names) {
        return Promise.all(names.filter(function (n) {
          return n.indexOf(lock.cachePrefix) === 0;
        }).map(function (n) { return caches.delete(n); }));
      });
    },
    tell: function (message) {
      if (!scope.BroadcastChannel) { return; }
      var channel = new BroadcastChannel(NAME);
      channel.postMessage(message);
      channel.close();
    },
    listen: function (callback) {
      if (!scope.BroadcastChannel) { return; }
      new BroadcastChannel(NAME).onmessage = function (m) { callback(m.data); };
    }
  };
})(self);
