/* Service worker: after one unlock, serves the locked site decrypted, from the device's cache
   when there is one (offline), else from the host.

   Request data never goes into a response: every answer this worker builds is a file of the
   build, checked (a sealed file by AES-GCM, a plain one by the SHA-256 the encrypted file list
   gives), or a fixed text. The path a request asks for is decoded once and checked before
   use (an encoded "?", "#", "/" or "\", a control character, a "." or ".." part is refused);
   the worker serves only files its list names, fetching each by its path with every part
   encoded again, never by a decoded string that the URL parser would read a second time. */
"use strict";
importScripts("assets/lock/lockcore.js");
var L = self.siteLock;
var ROOT = L.root;
var LOCK = "assets/lock/lock.json";
var MANIFEST = "assets/lock/files.enc";
var TYPES = {
  html: "text/html; charset=utf-8", json: "application/json", xml: "application/xml",
  pdf: "application/pdf", svg: "image/svg+xml", png: "image/png", jpg: "image/jpeg",
  jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp", avif: "image/avif",
  bmp: "image/bmp", ico: "image/x-icon", txt: "text/plain; charset=utf-8",
  gz: "application/gzip", js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8", map: "application/json", woff: "font/woff",
  woff2: "font/woff2", ttf: "font/ttf", webmanifest: "application/manifest+json"
};
/* A decrypted file that is not a page (SVG, PDF, XML …) runs nothing on this origin. */
var SANDBOX = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'";
var FIXED = "sandbox; default-src 'none'";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== ROOT.origin ||
      url.pathname.indexOf(ROOT.pathname) !== 0) {
    return;
  }
  event.respondWith(respond(event.request, url));
});

self.addEventListener("message", function (event) {
  if (!event.data || event.data.type !== "precache") { return; }
  var port = event.ports[0];
  event.waitUntil(precache().then(
    function (n) { port.postMessage({ ok: true, files: n }); },
    function (e) { port.postMessage({ ok: false, error: String(e) }); }
  ));
});

function stored() { return L.getKey().catch(function () { return null; }); }

/* The address of a file of the build, each part of its path encoded. */
function hrefOf(path) { return ROOT.href + path.split("/").map(encodeURIComponent).join("/"); }

function cachedOrFetched(name, href) {
  return caches.open(name).then(function (cache) {
    return cache.match(href).then(function (hit) {
      if (hit) { return hit; }
      return fetch(href, { cache: "no-cache" }).then(function (response) {
        if (response.ok) { cache.put(href, response.clone()); }
        return response;
      });
    });
  });
}

/* The site path a request names, decoded from the raw pathname once (the associated data a
   sealed file must match), or null when no file of the build can have that address. */
function sitePath(url) {
  var raw = url.pathname.slice(ROOT.pathname.length);
  var path;
  try { path = decodeURIComponent(raw); } catch (e) { return null; }
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  if (/[?#\\\u0000-\u001f\u007f]/.test(path) || /%2f|%5c/i.test(raw)) { return null; }
  if (path.split("/").some(function (s) { return s === "." || s === ".."; })) { return null; }
  return path;
}

function fixed(text, status) {
  return new Response(text, {
    status: status,
    headers: {
      "Content-Type": "text/plain; charset=utf-8", "Content-Security-Policy": FIXED,
      "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"
    }
  });
}

function typeOf(path) { return TYPES[path.split(".").pop().toLowerCase()] || "application/octet-stream"; }

/* Whether the host now has another build (a new salt in lock.json): asked of the network,
   never of a cache; offline or slow (4 s), the answer is no and the saved copy serves. */
function republished(entry) {
  var asked = fetch(hrefOf(LOCK), { cache: "no-store" }).then(function (r) {
    return r.ok ? r.json() : null;
  }).then(function (lock) { return Boolean(lock && lock.salt !== entry.salt); });
  var late = new Promise(function (resolve) { setTimeout(resolve, 4000, false); });
  return Promise.race([asked, late]).catch(function () { return false; });
}

function relock(request) {
  return L.forgetAll("republished").then(function () { return fetch(request); });
}

function respond(request, url) {
  var where = sitePath(url);
  return stored().then(function (entry) {
    if (!entry) { return fetch(request); } // locked: the host's unlock pages and ciphertext
    if (where === null) {
      return fixed("Refused: this address names no file of the handbook.", 400);
    }
    if (where === "sw.js" || where === LOCK) { return fetch(request); }
    if (request.mode !== "navigate") { return serve(entry, where, url); }
    return republished(entry).then(function (yes) {
      return yes ? relock(request) : serve(entry, where, url);
    });
  });
}

function serve(entry, where, url) {
  var name = L.cacheName(entry.salt);
  return manifest(entry, name).then(function (list) {
    var path = where;
    if (Object.prototype.hasOwnProperty.call(list.plain, path)) {
      return plain(name, path, list.plain[path], list.csp);
    }
    if (path === "" || path.slice(-1) === "/") {
      path += "index.html";
    } else if (list.sealed.indexOf(path + "/index.html") >= 0) {
      return Response.redirect(ROOT.origin + url.pathname + "/" + url.search, 301);
    }
    if (list.sealed.indexOf(path) >= 0) {
      return decrypted(entry, name, list, path);
    }
    if (/\.[^/]+$/.test(path) && !/\.html$/.test(path)) { return fixed("Not found.", 404); }
    return decrypted(entry, name, list, "404.html").then(function (page) {
      return new Response(page.body, { status: 404, headers: page.headers });
    });
  }, function () {
    return fixed("Offline, and this site was not saved on this device.", 503);
  });
}

/* A plain file of the build (the theme's, the lock's own), served only if it is the very
   file the build listed: a host that swaps one gets a refusal, not a script run. */
function plain(name, path, digest, policy) {
  return cachedOrFetched(name, hrefOf(path)).then(function (response) {
    if (!response.ok) { return response; }
    return response.arrayBuffer().then(function (body) {
      return crypto.subtle.digest("SHA-256", body).then(function (hash) {
        var got = btoa(String.fromCharCode.apply(null, new Uint8Array(hash)));
        if (got !== digest) { return refused(); }
        return new Response(body, {
          headers: {
            "Content-Type": typeOf(path), "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": policy // what a worker script (search) runs under
          }
        });
      });
    });
  }, function () { return fixed("Offline, and this file was not saved on this device.", 503); });
}

/* The decrypted file at `path`, which the file list names: a page gets the build's
   Content-Security-Policy, anything else a sandbox. */
function decrypted(entry, name, list, path) {
  var html = /\.html$/.test(path);
  return cachedOrFetched(name, hrefOf(html ? path + ".enc" : path)).then(function (response) {
    if (!response.ok) { return response; }
    return response.arrayBuffer().then(function (buffer) {
      return L.open(entry.key, path, buffer);
    }).then(function (body) {
      return new Response(body, {
        headers: {
          "Content-Type": typeOf(path), "X-Content-Type-Options": "nosniff",
          "Referrer-Policy": "no-referrer", "Content-Security-Policy": html ? list.csp : SANDBOX
        }
      });
    }, function () {
      return republished(entry).then(function (yes) {
        if (!yes) { return refused(); }
        return L.forgetAll("republished").then(function () {
          return fixed("This handbook was published again: reload the page to unlock it.", 409);
        });
      });
    });
  }, function () {
    return fixed("Offline, and this file was not saved on this device.", 503);
  });
}

function refused() {
  return fixed("Refused: this file failed its integrity check (it was changed, damaged, or " +
    "put in another file's place), so nothing of it is shown. Publish the site again from a " +
    "fresh build.", 500);
}

/* The build's own list: which files are sealed, the SHA-256 of each plain one, and the policy
   its pages run under; encrypted and authenticated like every file of the notes. */
var manifests = {};
function manifest(entry, name) {
  if (!manifests[entry.salt]) {
    manifests[entry.salt] = cachedOrFetched(name, hrefOf(MANIFEST)).then(function (r) {
      if (!r.ok) { throw new Error("no file list"); }
      return r.arrayBuffer();
    }).then(function (buffer) {
      return L.open(entry.key, MANIFEST, buffer);
    }).then(function (body) {
      return JSON.parse(new TextDecoder().decode(body));
    });
    manifests[entry.salt].catch(function () { delete manifests[entry.salt]; });
  }
  return manifests[entry.salt];
}

function precache() {
  return stored().then(function (entry) {
    if (!entry) { throw new Error("locked"); }
    var name = L.cacheName(entry.salt);
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) {
        return n.indexOf(L.cachePrefix) === 0 && n !== name;
      }).map(function (n) { return caches.delete(n); }));
    }).then(function () {
      return manifest(entry, name);
    }).then(function (list) {
      var files = Object.keys(list.plain).concat(list.sealed.map(function (f) {
        return /\.html$/.test(f) ? f + ".enc" : f;
      }));
      // Revalidated, never taken from the HTTP cache as it is: after a new build it may still
      // hold the old build's files for minutes (heuristic freshness, a host's max-age).
      var requests = files.concat([MANIFEST]).map(function (f) {
        return new Request(hrefOf(f), { cache: "no-cache" });
      });
      return caches.open(name).then(function (cache) {
        return cache.addAll(requests).then(function () { return files.length; });
      });
    });
  });
}
