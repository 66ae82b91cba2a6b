// prep-handbook: spaced review on the drill page, and "N due today, M new" on each overview.
//
// Each card's id (16 hex digits) comes from the build (rehearse.py): a hash of the handbook and
// the question, never its words. This browser keeps, under the key "prep-handbook" in
// localStorage, only those ids, dates and numbers: {v: 1, c: {id: [due, stability, difficulty,
// scheduled days, learning step, reps, lapses, state, last review]}, l: [[id, time, rating,
// state before]]}. Scheduling is FSRS (ts-fsrs, shipped beside this file). Nothing is sent
// anywhere; export and import move the progress between browsers as a JSON file.
(function () {
  "use strict";

  var STORE = "prep-handbook";
  var FORMAT = "prep-handbook progress";
  var VERSION = 1;
  var ID = /^[0-9a-f]{16}$/;
  var MINUTE = 60000;
  var DAY = 24 * 60 * MINUTE;
  var RATINGS = { 1: "Again", 2: "Hard", 3: "Good", 4: "Easy" };
  var STATES = 4; // New, Learning, Review, Relearning
  var LOG_LIMIT = 5000;
  var here = document.currentScript ? document.currentScript.src : "";

  // ------------------------------------------------------------------------------------------
  // The store: read, checked, written.

  function empty() {
    return { v: VERSION, c: {}, l: [] };
  }

  function finite(x) {
    return typeof x === "number" && isFinite(x);
  }

  function whole(x, low, high) {
    return finite(x) && Math.floor(x) === x && x >= low && x <= high;
  }

  /* A card as stored: nine numbers. Throws with a reason when it is not one. */
  function checkCard(id, a) {
    if (!ID.test(id)) { throw new Error("“" + String(id).slice(0, 20) + "” is not a card id"); }
    if (!Array.isArray(a) || a.length !== 9 || !a.every(finite)) {
      throw new Error("card " + id + " is not nine numbers");
    }
    if (!whole(a[7], 0, STATES - 1) || a[1] < 0 || a[2] < 0 || a[0] < 0 || a[8] < 0) {
      throw new Error("card " + id + " has a value out of range");
    }
  }

  function checkLog(entry) {
    if (!Array.isArray(entry) || entry.length !== 4 || !ID.test(entry[0]) || !finite(entry[1]) ||
        !whole(entry[2], 1, 4) || !whole(entry[3], 0, STATES - 1)) {
      throw new Error("a review log entry is malformed");
    }
  }

  function checkStore(data) {
    if (!data || typeof data !== "object" || data.v !== VERSION ||
        !data.c || typeof data.c !== "object" || Array.isArray(data.c) || !Array.isArray(data.l)) {
      throw new Error("not a progress store");
    }
    Object.keys(data.c).forEach(function (id) { checkCard(id, data.c[id]); });
    data.l.forEach(checkLog);
    return { v: VERSION, c: data.c, l: data.l };
  }

  function read() {
    var raw;
    try { raw = window.localStorage.getItem(STORE); } catch { return empty(); }
    if (!raw) { return empty(); }
    try { return checkStore(JSON.parse(raw)); } catch { return empty(); }
  }

  function write(store) {
    store.l = store.l.slice(-LOG_LIMIT);
    try {
      window.localStorage.setItem(STORE, JSON.stringify(store));
      return true;
    } catch {
      return false; // storage off (some private modes): the session still works
    }
  }

  // The drill of earlier versions kept its place under the handbook's name: gone.
  function forgetOldPlaces() {
    try {
      for (var i = window.localStorage.length - 1; i >= 0; i--) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf("prep-handbook.drill.") === 0) { window.localStorage.removeItem(key); }
      }
    } catch { /* storage off */ }
  }

  // ------------------------------------------------------------------------------------------
  // Export and import: a readable JSON file with the same ids and numbers.

  function iso(ms) { return ms ? new Date(ms).toISOString() : null; }

  function exported(store, now) {
    var cards = {};
    Object.keys(store.c).sort().forEach(function (id) {
      var a = store.c[id];
      cards[id] = {
        due: iso(a[0]), stability: a[1], difficulty: a[2], scheduled_days: a[3],
        learning_steps: a[4], reps: a[5], lapses: a[6], state: a[7], last_review: iso(a[8])
      };
    });
    return {
      format: FORMAT,
      version: VERSION,
      exported: now.toISOString(),
      cards: cards,
      log: store.l.map(function (e) {
        return { card: e[0], review_time: e[1], rating: e[2], state: e[3] };
      })
    };
  }

  function time(text, what) {
    if (text === null && what === "last_review") { return 0; }
    var t = typeof text === "string" ? Date.parse(text) : NaN;
    if (!isFinite(t)) { throw new Error("a card's " + what + " is not a date"); }
    return t;
  }

  /* The store an exported file holds; throws with a reason a person can act on. */
  function imported(data) {
    if (!data || typeof data !== "object" || data.format !== FORMAT) {
      throw new Error("this is not a prep-handbook progress file");
    }
    if (data.version !== VERSION) {
      throw new Error("it is version " + JSON.stringify(data.version) + "; this page reads version " + VERSION);
    }
    if (!data.cards || typeof data.cards !== "object" || Array.isArray(data.cards) || !Array.isArray(data.log)) {
      throw new Error("its cards or its review log are missing");
    }
    var store = empty();
    Object.keys(data.cards).forEach(function (id) {
      if (!ID.test(id)) { throw new Error("“" + id.slice(0, 20) + "” is not a card id"); }
      var c = data.cards[id] || {};
      var a = [time(c.due, "due"), c.stability, c.difficulty, c.scheduled_days, c.learning_steps,
        c.reps, c.lapses, c.state, time(c.last_review, "last_review")];
      checkCard(id, a);
      store.c[id] = a;
    });
    store.l = data.log.map(function (e) {
      var entry = [e && e.card, e && e.review_time, e && e.rating, e && e.state];
      checkLog(entry);
      return entry;
    });
    return store;
  }

  /* Both stores in one: per card, the one reviewed last; the logs joined. */
  function merged(mine, theirs) {
    var out = { v: VERSION, c: {}, l: [] };
    Object.keys(mine.c).forEach(function (id) { out.c[id] = mine.c[id]; });
    Object.keys(theirs.c).forEach(function (id) {
      if (!out.c[id] || theirs.c[id][8] > out.c[id][8]) { out.c[id] = theirs.c[id]; }
    });
    var seen = {};
    mine.l.concat(theirs.l).forEach(function (e) {
      var key = e[0] + ":" + e[1];
      if (!seen[key]) { seen[key] = true; out.l.push(e); }
    });
    out.l.sort(function (a, b) { return a[1] - b[1]; });
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // What is due.

  function tomorrow(now) {
    var d = new Date(now.getTime());
    d.setHours(24, 0, 0, 0);
    return d.getTime();
  }

  function tally(store, ids, now) {
    var end = tomorrow(now);
    var due = 0;
    var fresh = 0;
    var next = Infinity;
    ids.forEach(function (id) {
      var a = store.c[id];
      if (!a) { fresh += 1; } else if (a[0] < end) { due += 1; } else { next = Math.min(next, a[0]); }
    });
    return { due: due, fresh: fresh, next: next };
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function after(ms) {
    if (ms < 45 * 1000) { return "now"; }
    if (ms < 60 * MINUTE) { return plural(Math.round(ms / MINUTE), "min", "min"); }
    if (ms < DAY) { return plural(Math.round(ms / (60 * MINUTE)), "hour", "hours"); }
    if (ms < 45 * DAY) { return plural(Math.round(ms / DAY), "day", "days"); }
    return plural(Math.round(ms / (30 * DAY)), "month", "months");
  }

  function summary(t, now) {
    var parts = [plural(t.due, "due today", "due today"), plural(t.fresh, "new", "new")];
    var text = parts.join(", ");
    if (!t.due && !t.fresh && isFinite(t.next)) { text += " — next review in " + after(t.next - now.getTime()); }
    return text;
  }

  /* The overview: "— 2 due today, 3 new" after the drill's row. */
  function overview() {
    var spans = document.querySelectorAll(".handbook-review[data-cards]");
    if (!spans.length) { return; }
    var store = read();
    var now = new Date();
    Array.prototype.forEach.call(spans, function (span) {
      var ids = span.getAttribute("data-cards").split(/\s+/).filter(Boolean);
      span.textContent = " — " + summary(tally(store, ids, now), now);
      span.hidden = false;
    });
  }

  // ------------------------------------------------------------------------------------------
  // Scripts shipped beside this one, loaded when the drill needs them.

  var loading = {};
  function load(name, global) {
    if (window[global]) { return Promise.resolve(window[global]); }
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL(name, here || document.baseURI).href;
        script.onload = function () { return window[global] ? resolve(window[global]) : reject(new Error(name)); };
        script.onerror = function () { delete loading[name]; reject(new Error(name)); };
        document.head.appendChild(script);
      });
    }
    return loading[name];
  }

  // ------------------------------------------------------------------------------------------
  // The drill.

  function drill() {
    var root = document.querySelector(".handbook-drill");
    if (!root || root.getAttribute("data-ready")) { return; }
    root.setAttribute("data-ready", "1");
    var cards = Array.prototype.slice.call(root.querySelectorAll(".handbook-drill-card"));
    var bar = root.querySelector(".handbook-drill-bar");
    if (!cards.length || !bar) { return; }
    var ids = cards.map(function (c) { return c.getAttribute("data-card"); });
    var count = root.querySelector(".handbook-drill-count");
    var reveal = bar.querySelector(".handbook-drill-reveal");
    var rate = bar.querySelector(".handbook-drill-rate");
    var rateButtons = Array.prototype.slice.call(rate.querySelectorAll("button[data-rating]"));
    var clock = bar.querySelector(".handbook-drill-timer");
    var timeButton = bar.querySelector(".handbook-drill-time");
    var recordButton = bar.querySelector(".handbook-drill-record");
    var panel = root.querySelector(".handbook-rec");
    var progress = root.querySelector(".handbook-drill-progress");
    var message = root.querySelector(".handbook-drill-message");
    var fileInput = root.querySelector(".handbook-drill-file");
    var scheduler = null;
    var fsrs = null;
    var queue = [];
    var at = 0;
    var shuffled = false;
    var timer = null;
    var left = 0;
    var recorder = null;

    function cardOf(id) { return cards[ids.indexOf(id)]; }

    /* What the build says of a card: its target time, its time as written, its lines. */
    function info(id) {
      var card = cardOf(id);
      var target = (card.getAttribute("data-target") || "60 120").split(" ").map(Number);
      var points;
      try { points = JSON.parse(card.getAttribute("data-points") || "[]"); } catch { points = []; }
      return { target: target, seconds: Number(card.getAttribute("data-seconds")) || 0, points: points };
    }
    function current() { return queue[at]; }
    function answer() { return cardOf(current()).querySelector(".handbook-drill-answer"); }

    function shuffle(list) {
      for (var i = list.length - 1; i > 0; i--) {
        var j = Math.floor(Math.random() * (i + 1));
        var t = list[i]; list[i] = list[j]; list[j] = t;
      }
      return list;
    }

    /* Due now (oldest first), then new (notes order), then the rest by date. */
    function order(now) {
      var store = read();
      var t = now.getTime();
      var known = ids.filter(function (id) { return store.c[id]; });
      var byDue = function (a, b) { return store.c[a][0] - store.c[b][0]; };
      var due = known.filter(function (id) { return store.c[id][0] <= t; }).sort(byDue);
      var fresh = ids.filter(function (id) { return !store.c[id]; });
      var later = known.filter(function (id) { return store.c[id][0] > t; }).sort(byDue);
      if (shuffled) { shuffle(due); shuffle(fresh); }
      return due.concat(fresh, later);
    }

    function status(now) {
      var store = read();
      var t = tally(store, ids, now);
      var id = current();
      var a = store.c[id];
      var where = "Question " + (at + 1) + " of " + ids.length;
      var text = summary(t, now) + " · " + where;
      if (a && a[0] > now.getTime()) { text += " (not due for " + after(a[0] - now.getTime()) + ")"; }
      count.textContent = text;
    }

    function show() {
      var id = current();
      cards.forEach(function (c) {
        c.hidden = c.getAttribute("data-card") !== id;
        c.querySelector(".handbook-drill-answer").hidden = true;
      });
      reveal.textContent = "Show answer";
      reveal.setAttribute("aria-expanded", "false");
      rate.hidden = true;
      status(new Date());
      restartTimer();
      if (recorder) { recorder.reset(); }
    }

    function stored(id) {
      var a = read().c[id];
      if (!a) { return fsrs.createEmptyCard(new Date()); }
      return {
        due: new Date(a[0]), stability: a[1], difficulty: a[2], elapsed_days: 0,
        scheduled_days: a[3], learning_steps: a[4], reps: a[5], lapses: a[6], state: a[7],
        last_review: a[8] ? new Date(a[8]) : undefined
      };
    }

    function round(x) { return Math.round(x * 1e6) / 1e6; }

    function toStored(c) {
      return [c.due.getTime(), round(c.stability), round(c.difficulty), c.scheduled_days,
        c.learning_steps, c.reps, c.lapses, c.state, c.last_review ? c.last_review.getTime() : 0];
    }

    function previews() {
      if (!scheduler) { return; }
      var now = new Date();
      var next = scheduler.repeat(stored(current()), now);
      rateButtons.forEach(function (b) {
        var r = Number(b.getAttribute("data-rating"));
        var when = after(next[r].card.due.getTime() - now.getTime());
        b.textContent = RATINGS[r] + " ";
        var span = document.createElement("span");
        span.className = "handbook-drill-when";
        span.textContent = when;
        b.appendChild(span);
      });
    }

    function toggleAnswer() {
      var shown = answer().hidden;
      answer().hidden = !shown;
      reveal.textContent = shown ? "Hide answer" : "Show answer";
      reveal.setAttribute("aria-expanded", shown ? "true" : "false");
      rate.hidden = !shown || !scheduler;
      if (shown) { previews(); }
    }

    function grade(rating) {
      if (!scheduler || answer().hidden) { return; }
      var now = new Date();
      var id = current();
      var before = stored(id);
      var result = scheduler.next(before, now, rating);
      var store = read();
      store.c[id] = toStored(result.card);
      store.l.push([id, now.getTime(), rating, before.state]);
      var kept = write(store);
      say(RATINGS[rating] + ": this question comes back in " + after(result.card.due.getTime() - now.getTime()) +
        (kept ? "." : " — but this browser keeps no storage, so only until you leave the page."));
      queue = order(now);
      at = 0;
      show();
    }

    function say(text) { message.textContent = text; }

    function step(by) {
      at = (at + by + queue.length) % queue.length;
      show();
    }

    function reshuffle() {
      shuffled = true;
      queue = order(new Date());
      at = 0;
      show();
    }

    function limit() {
      return info(current()).target[1];
    }

    function paint() {
      var m = Math.floor(Math.max(left, 0) / 60);
      var s = Math.max(left, 0) % 60;
      clock.textContent = left <= 0 ? "Time — wrap up" :
        (m + ":" + (s < 10 ? "0" : "") + s + (left <= 30 ? " — 30 seconds left" : ""));
      clock.classList.toggle("handbook-drill-warn", left <= 30);
    }

    function restartTimer() {
      if (!timer) { return; }
      left = limit();
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
      left = limit();
      clock.hidden = false;
      timeButton.setAttribute("aria-pressed", "true");
      paint();
      timer = window.setInterval(function () {
        left -= 1;
        paint();
        if (left <= 0) {
          window.clearInterval(timer);
          timer = null;
          timeButton.setAttribute("aria-pressed", "false");
        }
      }, 1000);
    }

    function record() {
      load("recorder.js", "prepHandbookRecorder").then(function (make) {
        if (!recorder) {
          recorder = make({
            panel: panel,
            button: recordButton,
            stopWords: (root.getAttribute("data-stop") || "").split(" "),
            card: function () {
              var id = current();
              var known = info(id);
              return { element: cardOf(id), target: known.target, seconds: known.seconds, points: known.points };
            }
          });
        }
        recorder.toggle();
      }, function () {
        panel.hidden = false;
        panel.textContent = "The recorder could not be loaded; reload the page to try again.";
      });
    }

    // Progress: export, import, reset.
    function exportProgress() {
      var now = new Date();
      var blob = new Blob([JSON.stringify(exported(read(), now), null, 1) + "\n"], { type: "application/json" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "prep-handbook-progress-" + now.toISOString().slice(0, 10) + ".json";
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
      say("Exported " + plural(Object.keys(read().c).length, "card", "cards") + " to " + link.download + ".");
    }

    function importProgress(file) {
      file.text().then(function (text) {
        var data;
        try { data = JSON.parse(text); } catch (e) { throw new Error("it is not JSON", { cause: e }); }
        var theirs = imported(data);
        var all = merged(read(), theirs);
        if (!write(all)) { throw new Error("this browser keeps no storage"); }
        var mine = Object.keys(theirs.c).filter(function (id) { return ids.indexOf(id) >= 0; }).length;
        say("Imported " + plural(Object.keys(theirs.c).length, "card", "cards") + " (" + mine +
          " of this handbook) and " + plural(theirs.l.length, "review", "reviews") + ".");
        queue = order(new Date());
        at = 0;
        show();
      }).catch(function (e) {
        say("Not imported: " + file.name + " — " + e.message + ". Your progress is unchanged.");
      });
    }

    function reset() {
      if (!window.confirm("Forget the review dates and ratings of this handbook's questions on this device?")) { return; }
      var store = read();
      ids.forEach(function (id) { delete store.c[id]; });
      store.l = store.l.filter(function (e) { return ids.indexOf(e[0]) < 0; });
      write(store);
      shuffled = false;
      queue = order(new Date());
      at = 0;
      show();
      say("Progress of this handbook forgotten: every question is new again.");
    }

    reveal.addEventListener("click", toggleAnswer);
    rateButtons.forEach(function (b) {
      b.addEventListener("click", function () { grade(Number(b.getAttribute("data-rating"))); });
    });
    bar.querySelector(".handbook-drill-next").addEventListener("click", function () { step(1); });
    bar.querySelector(".handbook-drill-prev").addEventListener("click", function () { step(-1); });
    bar.querySelector(".handbook-drill-shuffle").addEventListener("click", reshuffle);
    timeButton.addEventListener("click", toggleTimer);
    recordButton.addEventListener("click", record);
    root.querySelector(".handbook-drill-export").addEventListener("click", exportProgress);
    root.querySelector(".handbook-drill-import").addEventListener("click", function () { fileInput.click(); });
    fileInput.addEventListener("change", function () {
      if (fileInput.files && fileInput.files[0]) { importProgress(fileInput.files[0]); }
      fileInput.value = "";
    });
    root.querySelector(".handbook-drill-reset").addEventListener("click", reset);
    cards.forEach(function (c) {
      c.querySelector(".handbook-drill-q").addEventListener("click", toggleAnswer);
    });
    document.addEventListener("keydown", function (e) {
      var tag = (e.target && e.target.tagName) || "";
      var search = document.getElementById("__search");
      if (e.altKey || e.ctrlKey || e.metaKey || /^(INPUT|TEXTAREA|SELECT|BUTTON|AUDIO)$/.test(tag) ||
          (search && search.checked)) { return; }
      var act = {
        " ": toggleAnswer, Enter: toggleAnswer,
        ArrowRight: function () { step(1); }, ArrowLeft: function () { step(-1); },
        r: reshuffle, R: reshuffle, t: toggleTimer, T: toggleTimer, m: record, M: record,
        1: function () { grade(1); }, 2: function () { grade(2); },
        3: function () { grade(3); }, 4: function () { grade(4); }
      }[e.key];
      if (act) { e.preventDefault(); e.stopPropagation(); act(); }
    }, true);

    forgetOldPlaces();
    queue = order(new Date());
    bar.hidden = false;
    count.hidden = false;
    progress.hidden = false;
    root.classList.add("handbook-drill--live");
    show();
    load("ts-fsrs.umd.js", "FSRS").then(function (lib) {
      fsrs = lib;
      // Again and Hard bring a question back in minutes, Good in days (two, the first time).
      scheduler = lib.fsrs({ request_retention: 0.9, enable_fuzz: false, learning_steps: ["5m"] });
      if (!answer().hidden) { rate.hidden = false; previews(); }
      root.setAttribute("data-scheduler", "ready");
    }, function () {
      say("The scheduler could not be loaded: reload the page to rate your answers.");
    });
  }

  // Material's instant navigation swaps pages without a load event: follow its document$.
  function ready() {
    overview();
    drill();
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(ready);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
