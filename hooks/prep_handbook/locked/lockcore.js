/* prep-handbook lock: what the unlock page, the Lock button and the service worker share.
   The key is a non-extractable WebCrypto key kept in IndexedDB (never the passphrase). */
(function (scope) {
  "use strict";
  var DB = "prep-handbook-lock";
  var STORE = "keys";
  var ID = "current";
  var MAGIC = [0x50, 0x48, 0x42, 0x31]; // "PHB1"

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
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

  scope.prepHandbookLock = {
    /* {key: CryptoKey, salt: string} once unlocked on this device, else null. */
    getKey: function () {
      return run("readonly", function (s) { return s.get(ID); }).then(function (v) {
        return v || null;
      });
    },
    putKey: function (entry) { return run("readwrite", function (s) { return s.put(entry, ID); }); },
    forget: function () { return run("readwrite", function (s) { return s.delete(ID); }); },
    b64: function (text) {
      return Uint8Array.from(atob(text), function (c) { return c.charCodeAt(0); });
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
    /* A locked file: "PHB1" ‖ 12-byte nonce ‖ ciphertext and tag; its path is the associated
       data, so a changed or swapped file fails here. */
    open: function (key, path, buffer) {
      var bytes = new Uint8Array(buffer);
      for (var i = 0; i < MAGIC.length; i++) {
        if (bytes[i] !== MAGIC[i]) { return Promise.reject(new Error("not a locked file")); }
      }
      return crypto.subtle.decrypt(
        { name: "AES-GCM", iv: bytes.slice(4, 16), additionalData: new TextEncoder().encode(path) },
        key, bytes.slice(16)
      );
    },
    cacheName: function (salt) { return "prep-handbook-" + salt.replace(/[^A-Za-z0-9]/g, ""); },
    forgetAll: function () {
      var self = this;
      return self.forget().then(function () { return caches.keys(); }).then(function (names) {
        return Promise.all(names.filter(function (n) {
          return n.indexOf("prep-handbook-") === 0;
        }).map(function (n) { return caches.delete(n); }));
      });
    }
  };
})(self);
