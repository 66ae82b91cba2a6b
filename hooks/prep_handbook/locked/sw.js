/* Service worker: after one unlock, serves the locked site decrypted, from the device's cache
   when there is one (offline), else from the host.

   Request data never goes into a response: every answer this worker builds is either a
   decrypted file of the build (authenticated by AES-GCM) or a fixed text. The path a request
   asks for is checked before use: an encoded "?", "#", "/" or "\" is refused, and the file
   fetched from the host is named by the raw, still-encoded path, never by a decoded one that
   the URL parser would read again. */
"use strict";
importScripts("assets/lock/lockcore.js");
var L = self.prepHandbookLock;
var ROOT = new URL("./", self.location.href);
var MANIFEST = "assets/lock/files.enc";
var TYPES = {
  html: "text/html; charset=utf-8", json: "application/json", xml: "application/xml",
  pdf: "application/pdf", svg: "image/svg+xml", png: "image/png", jpg: "image/jpeg",
  jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp", avif: "image/avif",
  bmp: "image/bmp", txt: "text/plain; charset=utf-8", gz: "application/gzip"
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

/* The site path a request names: {raw, path} (raw still percent-encoded, path decoded), or
   null when the address is not one a file of the build can have. */
function sitePath(url) {
  var raw = url.pathname.slice(ROOT.pathname.length);
  var path;
  try { path = decodeURIComponent(raw); } catch (e) { return null; }
  if (/[?#\\\u0000-\u001f\u007f]/.test(path) || /%2f|%5c/i.test(raw)) { return null; }
  if (path.split("/").some(function (s) { return s === "." || s === ".."; })) { return null; }
  return { raw: raw, path: path };
}

/* The address of a file of the build, each part of its path encoded. */
function hrefOf(path) { return ROOT.href + path.split("/").map(encodeURIComponent).join("/"); }

function fixed(text, status) {
  return new Response(text, {
    status: status,
    headers: {
      "Content-Type": "text/plain; charset=utf-8", "Content-Security-Policy": FIXED,
      "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"
    }
  });
}

function respond(request, url) {
  var where = sitePath(url);
  return stored().then(function (entry) {
    if (!entry) { return fetch(request); } // locked: the host's unlock pages and ciphertext
    if (!where) {
      return fixed("Refused: this address names no file of the handbook.", 400);
    }
    var name = L.cacheName(entry.salt);
    if (where.path.indexOf("assets/") === 0 || where.path === "sw.js") {
      return cachedOrFetched(name, ROOT.origin + url.pathname);
    }
    var raw = where.raw;
    var path = where.path;
    if (path === "" || path.slice(-1) === "/") {
      raw += "index.html";
      path += "index.html";
    } else if (!/\.[A-Za-z0-9]+$/.test(path.split("/").pop())) {
      return Response.redirect(ROOT.origin + url.pathname + "/" + url.search, 301);
    }
    var html = /\.html$/.test(path);
    return decrypted(entry, name, raw, path, html).then(function (response) {
      if (response.status !== 404 || !html) { return response; }
      return decrypted(entry, name, "404.html", "404.html", true).then(function (page) {
        return new Response(page.body, { status: 404, headers: page.headers });
      });
    });
  });
}

/* The decrypted file at `path` (fetched as `raw`, its encoded form): a page gets the build's
   Content-Security-Policy, anything else a sandbox. */
function decrypted(entry, name, raw, path, html) {
  var href = ROOT.href + raw + (html ? ".enc" : "");
  return Promise.all([cachedOrFetched(name, href), manifest(entry, name)]).then(function (got) {
    var response = got[0];
    if (!response.ok) { return response; }
    return response.arrayBuffer().then(function (buffer) {
      return L.open(entry.key, path, buffer);
    }).then(function (plain) {
      var ext = path.split(".").pop().toLowerCase();
      var headers = {
        "Content-Type": TYPES[ext] || "application/octet-stream",
        "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
        "Content-Security-Policy": html ? got[1].csp : SANDBOX
      };
      return new Response(plain, { headers: headers });
    }, function () { return refused(); });
  }, function () {
    return fixed("Offline, and this file was not saved on this device.", 503);
  });
}

function refused() {
  return fixed("Refused: this file failed its integrity check (it was changed, damaged, or " +
    "put in another file's place), so nothing of it is shown. Publish the site again from a " +
    "fresh build.", 500);
}

/* The build's own list: which files there are, and the policy its pages run under; it is
   encrypted and authenticated like every file of the notes. Kept per build (salt). */
var manifests = {};
function manifest(entry, name) {
  if (!manifests[entry.salt]) {
    manifests[entry.salt] = cachedOrFetched(name, hrefOf(MANIFEST)).then(function (r) {
      if (!r.ok) { throw new Error("no manifest"); }
      return r.arrayBuffer();
    }).then(function (buffer) {
      return L.open(entry.key, MANIFEST, buffer);
    }).then(function (plain) {
      return JSON.parse(new TextDecoder().decode(plain));
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
        return n.indexOf("prep-handbook-") === 0 && n !== name;
      }).map(function (n) { return caches.delete(n); }));
    }).then(function () {
      return manifest(entry, name);
    }).then(function (list) {
      return caches.open(name).then(function (cache) {
        var hrefs = list.files.concat(["sw.js"]).map(hrefOf);
        return cache.addAll(hrefs).then(function () { return list.files.length; });
      });
    });
  });
}
