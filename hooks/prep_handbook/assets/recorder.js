// prep-handbook: Record on the drill. The microphone is asked for only when Record is pressed.
// Timing, silences and pauses come from the audio level of the take (Web Audio, 20 ms frames);
// the take can be played back and saved as a file, and is otherwise dropped with the page.
// Transcripts come only from on-device speech recognition (Web Speech with processLocally);
// where the browser has none, the page says so and never falls back to a cloud service.
// Nothing here sends anything anywhere.
(function () {
  "use strict";

  var FRAME = 0.02; // seconds per level frame
  var BRIDGE = 0.3; // quieter stretches shorter than this are within speech (between words)
  var SHORTEST = 0.1; // louder blips shorter than this are clicks, not speech
  var PAUSE = 2.5; // a silence longer than this, between words, is a long pause
  var WPM = 140; // the pace the readiness report assumes
  var FILLERS = ["um", "uh", "uhm", "erm", "er", "ah", "hmm", "basically", "actually",
    "literally", "you know", "i mean", "kind of", "sort of"];

  function clock(seconds) {
    var s = Math.max(0, Math.round(seconds));
    var m = Math.floor(s / 60);
    s %= 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  /* Speech and silence in a take: levels per frame, a threshold between the room's floor and
     the voice, short gaps bridged, blips dropped. Returns seconds. */
  function analyse(samples, rate) {
    var size = Math.max(1, Math.round(rate * FRAME));
    var levels = [];
    for (var i = 0; i + size <= samples.length; i += size) {
      var sum = 0;
      for (var j = i; j < i + size; j++) { sum += samples[j] * samples[j]; }
      levels.push(10 * Math.log10(sum / size + 1e-12));
    }
    var total = levels.length * FRAME;
    var sorted = levels.slice().sort(function (a, b) { return a - b; });
    var pick = function (q) { return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : -120; };
    var floor = pick(0.05);
    var loud = pick(0.95);
    var result = { total: total, speaking: 0, silent: total, pauses: [], first: 0, last: 0, heard: false };
    if (loud < -55 || loud - floor < 10) { return result; } // nothing above the room's own noise
    var threshold = Math.min(Math.max(floor + 12, -60), loud - 20);
    var runs = [];
    var start = -1;
    levels.forEach(function (db, k) {
      if (db > threshold && start < 0) { start = k; }
      if (db <= threshold && start >= 0) { runs.push([start, k]); start = -1; }
    });
    if (start >= 0) { runs.push([start, levels.length]); }
    var bridged = [];
    runs.forEach(function (r) {
      var last = bridged[bridged.length - 1];
      if (last && (r[0] - last[1]) * FRAME < BRIDGE) { last[1] = r[1]; } else { bridged.push(r.slice()); }
    });
    var speech = bridged.filter(function (r) { return (r[1] - r[0]) * FRAME >= SHORTEST; });
    if (!speech.length) { return result; }
    result.heard = true;
    result.speaking = speech.reduce(function (s, r) { return s + (r[1] - r[0]) * FRAME; }, 0);
    result.silent = total - result.speaking;
    result.first = speech[0][0] * FRAME;
    result.last = speech[speech.length - 1][1] * FRAME;
    for (var k = 1; k < speech.length; k++) {
      var gap = (speech[k][0] - speech[k - 1][1]) * FRAME;
      if (gap > PAUSE) { result.pauses.push({ at: speech[k - 1][1] * FRAME, length: gap }); }
    }
    return result;
  }

  function stem(word) {
    var w = word.toLowerCase().replace(/['’]s$/, "");
    if (w.length > 5 && /ing$/.test(w)) { return w.slice(0, -3); }
    if (w.length > 4 && /ed$/.test(w)) { return w.slice(0, -2); }
    if (w.length > 3 && /s$/.test(w) && !/ss$/.test(w)) { return w.slice(0, -1); }
    return w;
  }

  function tokens(text) {
    return (text.toLowerCase().replace(/’/g, "'").match(/[0-9a-z]+(?:'[a-z]+)?/g) || []);
  }

  /* What a transcript says about the take: pace, the prepared lines it covered, the words it
     leaned on, fillers heard (approximate: recognisers drop many of them). */
  function heardReport(text, speaking, points, stop) {
    var words = tokens(text);
    var stems = {};
    words.forEach(function (w) { stems[stem(w)] = true; });
    var covered = points.map(function (p) {
      var wanted = p[2].map(stem);
      var hits = wanted.filter(function (w) { return stems[w]; }).length;
      // half the words of a short line; a third of a long one (said in other words)
      var need = Math.max(1, Math.ceil(wanted.length / (wanted.length > 8 ? 3 : 2)));
      return { line: p[0], anchor: p[1], covered: hits >= need };
    });
    var skip = {};
    stop.forEach(function (w) { skip[w] = true; });
    var counts = {};
    words.forEach(function (w) {
      if (w.length < 3 || skip[w] || /^\d+$/.test(w)) { return; }
      var s = stem(w);
      counts[s] = counts[s] || { word: w, n: 0 };
      counts[s].n += 1;
    });
    var most = Object.keys(counts).map(function (s) { return counts[s]; })
      .filter(function (c) { return c.n >= 2; })
      .sort(function (a, b) { return b.n - a.n || (a.word < b.word ? -1 : 1); }).slice(0, 5);
    var joined = " " + words.join(" ") + " ";
    var fillers = FILLERS.map(function (f) {
      return { word: f, n: joined.split(" " + f + " ").length - 1 };
    }).filter(function (f) { return f.n > 0; });
    return {
      words: words.length,
      wpm: speaking >= 5 ? Math.round(words.length / (speaking / 60)) : null,
      covered: covered,
      most: most,
      fillers: fillers
    };
  }

  function explain(error) {
    var name = error && error.name;
    var rest = " The rest of the drill works without it.";
    if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") {
      return "The microphone is blocked for this page. To allow it, tap the icon left of the " +
        "address (a lock or sliders), set Microphone to Allow, then press Record again." + rest;
    }
    if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") {
      return "No microphone found. Connect one, or allow the browser to use it in the system's " +
        "privacy settings, then press Record again." + rest;
    }
    if (name === "NotReadableError" || name === "AbortError") {
      return "The microphone would not start: another app may be using it. Close that app and " +
        "press Record again." + rest;
    }
    return "The microphone could not be used (" + (name || "unknown error") + ")." + rest;
  }

  function language() {
    var page = (document.documentElement.lang || "en").toLowerCase();
    var mine = navigator.language || "";
    return mine.toLowerCase().indexOf(page) === 0 ? mine : (page === "en" ? "en-US" : page);
  }

  /* The browser's on-device recognition for the page's language: {status, api}. */
  function onDevice(lang) {
    var api = window.SpeechRecognition || window.webkitSpeechRecognition;
    if (!api || typeof api.available !== "function" || !("processLocally" in api.prototype)) {
      return Promise.resolve({ status: "none", api: null });
    }
    return Promise.resolve(api.available({ langs: [lang], processLocally: true })).then(
      function (status) { return { status: String(status), api: api }; },
      function () { return { status: "none", api: null }; }
    );
  }

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text) { e.textContent = text; }
    return e;
  }

  function make(options) {
    var panel = options.panel;
    var button = options.button;
    var state = "idle";
    var take = null;
    var url = null;

    panel.textContent = "";
    var clockLine = element("p", "handbook-rec-clock");
    var meter = element("div", "handbook-rec-meter");
    meter.setAttribute("aria-hidden", "true");
    meter.appendChild(element("span"));
    var result = element("p", "handbook-rec-result");
    result.setAttribute("aria-live", "polite");
    var player = element("audio", "handbook-rec-audio");
    player.controls = true;
    player.hidden = true;
    var keep = element("p", "handbook-rec-keep");
    keep.hidden = true;
    var save = element("a", "md-button", "Save the take");
    var discard = element("button", "md-button", "Discard");
    discard.type = "button";
    keep.appendChild(save);
    keep.appendChild(discard);
    var heard = element("div", "handbook-rec-words");
    heard.setAttribute("aria-live", "polite");
    var note = element("p", "handbook-rec-note");
    [clockLine, meter, result, player, keep, heard, note].forEach(function (e) { panel.appendChild(e); });

    function clear() {
      if (url) { URL.revokeObjectURL(url); url = null; }
      player.removeAttribute("src");
      player.hidden = true;
      keep.hidden = true;
      result.textContent = "";
      ["total", "speaking", "silent", "pauses", "answer"].forEach(function (k) { result.removeAttribute("data-" + k); });
      heard.textContent = "";
      clockLine.textContent = "";
      clockLine.classList.remove("handbook-rec-over");
      meter.hidden = true;
    }

    discard.addEventListener("click", function () {
      clear();
      note.textContent = "Take discarded.";
    });

    function fail(text) {
      state = "idle";
      button.textContent = "Record";
      button.setAttribute("aria-pressed", "false");
      panel.hidden = false;
      note.textContent = "";
      result.textContent = text;
      result.setAttribute("role", "alert");
    }

    function start() {
      clear();
      result.removeAttribute("role");
      panel.hidden = false;
      if (!window.isSecureContext || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        fail("Recording needs a secure page (https://, or localhost on this computer): here the " +
          "browser offers no microphone. The rest of the drill works without it.");
        return;
      }
      if (typeof window.MediaRecorder !== "function") {
        fail("This browser cannot record audio. The rest of the drill works without it.");
        return;
      }
      var card = options.card();
      state = "asking";
      result.textContent = "Asking for the microphone…";
      var lang = language();
      var device = onDevice(lang);
      navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: false, autoGainControl: false, noiseSuppression: true }
      }).then(function (stream) {
        if (state !== "asking") { stream.getTracks().forEach(function (t) { t.stop(); }); return; }
        begin(stream, card, device, lang);
      }, function (error) {
        fail(explain(error));
      });
    }

    function begin(stream, card, device, lang) {
      var chunks = [];
      var recorder = new window.MediaRecorder(stream);
      var context = new (window.AudioContext || window.webkitAudioContext)();
      var analyser = context.createAnalyser();
      analyser.fftSize = 1024;
      context.createMediaStreamSource(stream).connect(analyser);
      var buffer = new Float32Array(analyser.fftSize);
      var started = context.currentTime;
      var words = [];
      var recognition = null;
      take = { stream: stream, recorder: recorder, context: context, card: card, words: words };
      recorder.ondataavailable = function (e) { if (e.data && e.data.size) { chunks.push(e.data); } };
      recorder.onstop = function () { finish(take, chunks); };
      recorder.start(1000);
      state = "recording";
      button.textContent = "Stop";
      button.setAttribute("aria-pressed", "true");
      result.textContent = "Recording: answer aloud, then press Stop.";
      meter.hidden = false;
      var aim = "aim for " + card.target[0] + "–" + card.target[1] + " s" +
        (card.seconds ? " · ≈ " + card.seconds + " s as written" : "");
      take.tick = window.setInterval(function () {
        var elapsed = context.currentTime - started;
        clockLine.textContent = clock(elapsed) + " · " + aim;
        clockLine.classList.toggle("handbook-rec-over", elapsed > card.target[1]);
        analyser.getFloatTimeDomainData(buffer);
        var sum = 0;
        for (var i = 0; i < buffer.length; i++) { sum += buffer[i] * buffer[i]; }
        var db = 10 * Math.log10(sum / buffer.length + 1e-12);
        meter.firstChild.style.width = Math.max(0, Math.min(100, (db + 60) * 100 / 50)) + "%";
      }, 200);
      device.then(function (found) {
        if (take === null || take.stream !== stream) { return; }
        if (found.status !== "available") { transcriptNote(found, lang); return; }
        recognition = new found.api();
        recognition.processLocally = true;
        if (recognition.processLocally !== true) { transcriptNote({ status: "none" }, lang); return; }
        recognition.lang = lang;
        recognition.continuous = true;
        recognition.interimResults = false;
        recognition.onresult = function (event) {
          for (var i = event.resultIndex; i < event.results.length; i++) {
            if (event.results[i].isFinal) { words.push(event.results[i][0].transcript); }
          }
        };
        recognition.onerror = function (event) {
          note.textContent = "On-device recognition stopped (" + event.error + "): timing still works.";
        };
        take.recognition = recognition;
        take.recognised = new Promise(function (resolve) { recognition.onend = resolve; });
        note.textContent = "Transcribing on this device (" + lang + "): the words never leave it.";
        recognition.start();
      });
    }

    function transcriptNote(found, lang) {
      note.textContent = "";
      if (found.status === "downloadable" || found.status === "downloading") {
        note.appendChild(document.createTextNode(
          "Transcripts need on-device speech recognition. This browser can add it for " + lang +
          " with a one-time download of its own (from the browser's maker, not from this site)" +
          (found.status === "downloading" ? ", and is downloading it now. " : ". ")));
        if (found.status === "downloadable" && typeof found.api.install === "function") {
          var install = element("button", "md-button handbook-rec-install", "Install on-device recognition");
          install.type = "button";
          install.addEventListener("click", function () {
            install.disabled = true;
            Promise.resolve(found.api.install({ langs: [lang], processLocally: true })).then(function (ok) {
              note.textContent = ok ? "On-device recognition installed: the next take is transcribed." :
                "The browser did not install on-device recognition; timing works without it.";
            }, function () {
              note.textContent = "The browser did not install on-device recognition; timing works without it.";
            });
          });
          note.appendChild(install);
        }
        note.appendChild(document.createTextNode(" Speaking time and pauses are measured without it."));
        return;
      }
      note.textContent = "Transcripts need on-device speech recognition, which this browser does " +
        "not offer (desktop Chrome and Edge have it); this page never sends your voice to a " +
        "cloud service. Speaking time and pauses are measured without it.";
    }

    function stop() {
      if (!take) { return; }
      state = "analysing";
      window.clearInterval(take.tick);
      button.textContent = "Record";
      button.setAttribute("aria-pressed", "false");
      result.textContent = "Measuring the take…";
      if (take.recognition) { take.recognition.stop(); }
      if (take.recorder.state !== "inactive") { take.recorder.stop(); }
    }

    function finish(done, chunks) {
      done.stream.getTracks().forEach(function (t) { t.stop(); }); // the microphone is off now
      if (take !== done) { done.context.close(); return; } // abandoned (another card)
      var type = done.recorder.mimeType || (chunks[0] && chunks[0].type) || "audio/webm";
      var blob = new Blob(chunks, { type: type });
      url = URL.createObjectURL(blob);
      player.src = url;
      player.hidden = false;
      save.href = url;
      var stamp = new Date().toISOString().slice(0, 16).replace(/[T:]/g, "-");
      save.download = "take-" + stamp + "." + (/mp4|aac/.test(type) ? "m4a" : /ogg/.test(type) ? "ogg" : "webm");
      keep.hidden = false;
      blob.arrayBuffer().then(function (bytes) {
        return done.context.decodeAudioData(bytes);
      }).then(function (audio) {
        var measured = analyse(audio.getChannelData(0), audio.sampleRate);
        show(measured, done.card);
        var timeout = new Promise(function (resolve) { window.setTimeout(resolve, 3000); });
        return Promise.race([done.recognised || Promise.resolve(), timeout]).then(function () {
          if (done.recognition) { showHeard(done.words.join(" "), measured, done.card); }
        });
      }).catch(function () {
        result.textContent = "The take was recorded but could not be measured in this browser; play it back below.";
      }).then(function () {
        done.context.close();
        if (take === done) { take = null; state = "idle"; }
      });
    }

    function show(m, card) {
      result.setAttribute("data-total", m.total.toFixed(2));
      result.setAttribute("data-speaking", m.speaking.toFixed(2));
      result.setAttribute("data-silent", m.silent.toFixed(2));
      result.setAttribute("data-pauses", String(m.pauses.length));
      if (!m.heard) {
        result.setAttribute("data-answer", "0");
        result.textContent = "Nothing heard in the " + clock(m.total) + " take: is the microphone muted?";
        return;
      }
      var span = m.last - m.first;
      result.setAttribute("data-answer", span.toFixed(2));
      var low = card.target[0];
      var high = card.target[1];
      var verdict = span < low ? Math.round(low - span) + " s short of " :
        span > high ? Math.round(span - high) + " s over " : "within ";
      var pauses = m.pauses.length ? plural(m.pauses.length, "pause", "pauses") + " over " + PAUSE + " s: " +
        m.pauses.map(function (p) { return p.length.toFixed(1) + " s at " + clock(p.at); }).join(", ") :
        "no pause over " + PAUSE + " s";
      result.textContent = "Your answer ran " + clock(span) + " from first word to last — " + verdict +
        low + "–" + high + " s. Speaking " + clock(m.speaking) + ", silent " + clock(m.silent) +
        " of the " + clock(m.total) + " take; " + pauses + ".";
    }

    function showHeard(text, m, card) {
      heard.textContent = "";
      if (!text.trim()) {
        heard.appendChild(element("p", "", "The on-device recogniser heard no words in this take."));
        return;
      }
      var r = heardReport(text, m.speaking, card.points, options.stopWords);
      var lines = [plural(r.words, "word", "words") + (r.wpm ? " · " + r.wpm + " words a minute (about " + WPM + " is conversational)" : "")];
      if (r.covered.length) {
        lines.push("Covered " + r.covered.filter(function (p) { return p.covered; }).length + " of " +
          plural(r.covered.length, "prepared line", "prepared lines") + ":");
      }
      heard.appendChild(element("p", "handbook-rec-pace", lines.join(" · ")));
      if (r.covered.length) {
        var list = element("ul", "handbook-rec-points");
        r.covered.forEach(function (p) {
          var source = card.element.querySelector("[id='" + p.anchor + "']");
          var words = source ? source.textContent.replace(/\s+/g, " ").trim() : "line " + p.line;
          var item = element("li", p.covered ? "handbook-rec-covered" : "handbook-rec-missed",
            (p.covered ? "✓ said: " : "✗ not said: ") + (words.length > 80 ? words.slice(0, 79) + "…" : words));
          item.setAttribute("data-line", String(p.line));
          list.appendChild(item);
        });
        heard.appendChild(list);
      }
      if (r.most.length) {
        heard.appendChild(element("p", "handbook-rec-most", "Most used: " + r.most.map(function (c) {
          return c.word + " ×" + c.n;
        }).join(", ")));
      }
      if (r.fillers.length) {
        heard.appendChild(element("p", "handbook-rec-fillers", "Fillers heard (approximate — recognisers drop many): " +
          r.fillers.map(function (f) { return f.word + " ×" + f.n; }).join(", ")));
      }
      var transcript = element("details", "handbook-rec-transcript");
      transcript.appendChild(element("summary", "", "Transcript"));
      transcript.appendChild(element("p", "", text));
      heard.appendChild(transcript);
    }

    function abandon() {
      if (!take) { return; }
      var done = take;
      take = null;
      state = "idle";
      window.clearInterval(done.tick);
      if (done.recognition) { done.recognition.abort(); }
      if (done.recorder.state !== "inactive") { done.recorder.stop(); } else { done.stream.getTracks().forEach(function (t) { t.stop(); }); }
      button.textContent = "Record";
      button.setAttribute("aria-pressed", "false");
    }

    return {
      toggle: function () {
        if (state === "recording") { stop(); } else if (state === "idle") { start(); }
      },
      /* Another card: a take in progress is dropped, the panel emptied. */
      reset: function () {
        if (state === "asking") { state = "idle"; }
        abandon();
        clear();
        note.textContent = "";
        panel.hidden = true;
      }
    };
  }

  window.prepHandbookRecorder = make;
})();
