/* prep-handbook service worker: after one unlock, serves the locked site decrypted, from the
   device's cache when there is one (offline), else from the host. */
"use strict";
importScripts("assets/lock/lockcore.js");
var L = self.prepHandbookLock;
var ROOT = new URL("./", self.location.href);
var TYPES = {
  html: "text/html; charset=utf-8", json: "application/json", xml: "application/xml",
  pdf: "application/pdf", svg: "image/svg+xml", png: "image/png", jpg: "image/jpeg",
  jpeg: "image/jpeg", gif: "image/gif", webp: "image/webp", avif: "image/avif",
  bmp: "image/bmp", txt: "text/plain; charset=utf-8", gz: "application/gzip"
};

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

function respond(request, url) {
  var rel = decodeURIComponent(url.pathname.slice(ROOT.pathname.length));
  return stored().then(function (entry) {
    if (!entry) { return fetch(request); } // locked: the host's unlock pages and ciphertext
    var name = L.cacheName(entry.salt);
    if (rel.indexOf("assets/") === 0 || rel === "sw.js") {
      return cachedOrFetched(name, new URL(url.pathname, ROOT).href);
    }
    var path = rel;
    if (path === "" || path.slice(-1) === "/") { path += "index.html"; }
    else if (!/\.[A-Za-z0-9]+$/.test(path.split("/").pop())) { path += "/index.html"; }
    var html = /\.html$/.test(path);
    return decrypted(entry, name, path, html).then(function (response) {
      if (response.status !== 404 || !html) { return response; }
      return decrypted(entry, name, "404.html", true).then(function (page) {
        return new Response(page.body, { status: 404, headers: page.headers });
      });
    });
  });
}

function decrypted(entry, name, path, html) {
  var href = new URL(path + (html ? ".enc" : ""), ROOT).href;
  return cachedOrFetched(name, href).then(function (response) {
    if (!response.ok) { return response; }
    return response.arrayBuffer().then(function (buffer) {
      return L.open(entry.key, path, buffer);
    }).then(function (plain) {
      var ext = path.split(".").pop().toLowerCase();
      return new Response(plain, {
        headers: { "Content-Type": TYPES[ext] || "application/octet-stream" }
      });
    }, function () { return refused(path, html); });
  }, function () {
    return new Response("Offline, and this file was not saved on this device.", {
      status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" }
    });
  });
}

function refused(path, html) {
  var text = "Refused: " + path + " failed its integrity check (it was changed, damaged, " +
    "or put in another file's place), so nothing of it is shown. Publish the site again " +
    "from a fresh build.";
  if (!html) { return new Response(text, { status: 500 }); }
  return new Response(
    "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Refused</title>" +
    "<p role=\"alert\" class=\"prep-handbook-refused\">" + text + "</p></html>",
    { status: 500, headers: { "Content-Type": TYPES.html } }
  );
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
      return fetch(new URL("assets/lock/files.enc", ROOT).href, { cache: "no-cache" });
    }).then(function (r) { return r.arrayBuffer(); }).then(function (buffer) {
      return L.open(entry.key, "assets/lock/files.enc", buffer);
    }).then(function (plain) {
      var files = JSON.parse(new TextDecoder().decode(plain));
      return caches.open(name).then(function (cache) {
        var hrefs = files.concat(["sw.js"]).map(function (f) { return new URL(f, ROOT).href; });
        return cache.addAll(hrefs).then(function () { return files.length; });
      });
    });
  });
}
