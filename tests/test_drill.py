"""The drill as spaced review, in Chromium: scheduling with the time set by the test, progress
kept, exported, imported and refused, browser storage without a word of the notes (open and
private build), the microphone denied or absent, on-device transcription through a stand-in
SpeechRecognition, and the phone layout with the question first."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from audio import burst_seconds, fake_microphone, write_take
from browser import CHROMIUM, CHROMIUM_ARGS, static_server
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from prep_handbook.pipeline import load_handbook
from prep_handbook.rehearse import card_id, deck
from prep_handbook.rules import DEFAULT_RULES
from sample import PACKAGE, ROOT, SHIPPED
from sitekit import build_site, copy_project, run_mkdocs

pytestmark = [pytest.mark.browser, pytest.mark.site]

AXE = ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"
PASSPHRASE = "drill the questions at dawn"
MORNING = datetime(2026, 11, 20, 9, 0)
TRABA = load_handbook(
    "seeds/traba-preparation.md", "traba-preparation", SHIPPED.read_bytes(), DEFAULT_RULES
)
IDS = [c.id for c in deck(TRABA).cards]
PITCH, WHY, HOPING = IDS  # "Tell me about yourself" (the pitch), "why traba", "what are you…"
NOTES_WORDS = {w.lower() for w in re.findall(r"[^\W\d_]{3,}", SHIPPED.read_text("utf-8"))}
OWN_WORDS = {
    w.lower()
    for name in ("assets/rehearse.js", "locked/lockcore.js")
    for w in re.findall(r"[^\W\d_]{3,}", (PACKAGE / name).read_text("utf-8"))
}
"""Words the drill's and the lock's own scripts write into storage (key and store names, such
as "prep-handbook" or the lock's "site-lock"): the code's, in every site, not the notes'."""
DISTINCT = ("traba", "microsoft", "openai", "labor", "coordination", "supercomputers", "growth")
"""Words of the notes no script of ours contains: checked with no exception."""

DUMP = """async () => {
  const out = {local: {}, idb: {}};
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i);
    out.local[k] = localStorage.getItem(k);
  }
  for (const info of await indexedDB.databases()) {
    const db = await new Promise((ok, no) => {
      const r = indexedDB.open(info.name); r.onsuccess = () => ok(r.result); r.onerror = no;
    });
    out.idb[info.name] = {};
    for (const store of db.objectStoreNames) {
      const tx = db.transaction(store, 'readonly');
      const all = await new Promise((ok) => {
        const r = tx.objectStore(store).getAll(); r.onsuccess = () => ok(r.result);
      });
      const keys = await new Promise((ok) => {
        const r = tx.objectStore(store).getAllKeys(); r.onsuccess = () => ok(r.result);
      });
      out.idb[info.name][store] = {keys, values: all.map((v) => {
        try { return JSON.stringify(v, (k, x) => x instanceof CryptoKey ? '[CryptoKey]' : x); }
        catch (e) { return String(v); }
      })};
    }
    db.close();
  }
  return JSON.stringify(out);
}"""


def _project(base: Path, private: bool = False) -> Path:
    project = copy_project(base, seeds={"traba-preparation.md": SHIPPED.read_bytes()})
    if private:
        config = project / "mkdocs.yml"
        text = config.read_text("utf-8").replace(
            "    paper: letter", "    private: true\n    paper: letter"
        )
        config.write_text(text, "utf-8")
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(_project(tmp_path_factory.mktemp("drill") / "p"))


@pytest.fixture(scope="module")
def url(site: Path) -> Iterator[str]:
    with static_server(site) as base:
        yield base


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    b = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()


def _with_microphone(playwright: Playwright, wav: Path) -> Browser:
    """A browser whose microphone plays ``wav`` once."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *fake_microphone(wav)]
    )


def _drill(context: BrowserContext, url: str, when: datetime | None = MORNING) -> Page:
    page = context.new_page()
    if when is not None:
        page.clock.set_fixed_time(when)  # Date.now() says this until told otherwise
    page.goto(url + "traba/drill/")
    page.wait_for_selector(".handbook-drill[data-scheduler='ready']")
    return page


def _count(page: Page) -> str:
    return page.locator(".handbook-drill-count").inner_text()


def _shown(page: Page) -> str:
    return page.locator(".handbook-drill-card:not([hidden])").get_attribute("data-card") or ""


def _rate(page: Page, rating: int) -> str:
    """Reveal the answer of the card shown and rate it; the id of the card rated."""
    card = _shown(page)
    page.click(".handbook-drill-reveal")
    page.click(f".handbook-drill-rate [data-rating='{rating}']")
    return card


def _store(page: Page) -> dict[str, object]:
    data: dict[str, object] = json.loads(page.evaluate("localStorage.getItem('prep-handbook')"))
    return data


def test_the_ids_on_the_page_are_the_ones_python_decided(url: str, browser: Browser) -> None:
    context = browser.new_context()
    page = _drill(context, url)
    on_page = page.eval_on_selector_all(".handbook-drill-card", "cs => cs.map(c => c.dataset.card)")
    assert on_page == IDS and card_id("traba", "why traba") == WHY
    page.goto(url + "traba/")
    span = page.locator(".handbook-review")
    assert span.get_attribute("data-cards") == " ".join(IDS)
    context.close()


def test_good_waits_for_days_again_comes_back_today(url: str, browser: Browser) -> None:
    context = browser.new_context()
    page = _drill(context, url)
    assert _count(page) == "0 due today, 3 new · Question 1 of 3"
    page.click(".handbook-drill-reveal")
    labels = [
        " ".join(t.split()) for t in page.locator(".handbook-drill-rate button").all_inner_texts()
    ]
    assert labels == ["Again 5 min", "Hard 8 min", "Good 2 days", "Easy 8 days"]
    page.click(".handbook-drill-rate [data-rating='3']")
    assert "Good: this question comes back in 2 days." in page.inner_text(".handbook-drill-message")
    assert _count(page) == "0 due today, 2 new · Question 1 of 3"
    assert _shown(page) == WHY  # the next new card
    assert _rate(page, 1) == WHY  # Again
    assert _count(page) == "1 due today, 1 new · Question 1 of 3"
    store = _store(page)
    cards = store["c"]
    assert isinstance(cards, dict) and set(cards) == {PITCH, WHY}
    now = MORNING.timestamp() * 1000
    assert cards[PITCH][0] == now + 2 * 86_400_000  # Good: due in two days
    assert cards[WHY][0] == now + 5 * 60_000  # Again: due in five minutes
    assert [e[:3] for e in store["l"]] == [[PITCH, now, 3], [WHY, now, 1]]  # type: ignore[index]
    # the overview counts the same, in the browser
    page.goto(url + "traba/")
    assert page.inner_text(".handbook-review") == " — 1 due today, 1 new"
    # six minutes on: "why traba" is due now, and the drill opens on it
    page.clock.set_fixed_time(MORNING + timedelta(minutes=6))
    page.goto(url + "traba/drill/")
    page.wait_for_selector(".handbook-drill[data-scheduler='ready']")
    assert _shown(page) == WHY
    assert _rate(page, 3) == WHY  # Good after Again: a day or more away
    assert _count(page).startswith("0 due today, 1 new")
    why_due = _store(page)["c"][WHY][0]  # type: ignore[index]
    assert why_due >= now + 6 * 60_000 + 86_400_000
    # two days on, both are due again, the one due first shown first, then the new card
    page.clock.set_fixed_time(MORNING + timedelta(days=2, minutes=1))
    page.reload()
    page.wait_for_selector(".handbook-drill[data-scheduler='ready']")
    assert _count(page).startswith("2 due today, 1 new")
    assert _shown(page) == (WHY if why_due < cards[PITCH][0] else PITCH)
    page.click(".handbook-drill-next")
    page.click(".handbook-drill-next")
    assert _shown(page) == HOPING
    context.close()


def test_progress_survives_a_reload_and_moves_by_export_and_import(
    url: str, browser: Browser, tmp_path: Path
) -> None:
    first = browser.new_context(accept_downloads=True)
    page = _drill(first, url)
    _rate(page, 3)
    _rate(page, 2)
    page.reload()
    page.wait_for_selector(".handbook-drill[data-scheduler='ready']")
    assert _count(page) == "1 due today, 1 new · Question 1 of 3"  # Hard: in 8 minutes
    kept = _store(page)
    page.click(".handbook-drill-progress summary")
    with page.expect_download() as download:
        page.click(".handbook-drill-export")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "prep-handbook-progress-2026-11-20.json"
    exported = json.loads(path.read_text("utf-8"))
    assert exported["format"] == "prep-handbook progress" and exported["version"] == 1
    assert set(exported["cards"]) == {PITCH, WHY}
    due = kept["c"][PITCH][0]  # type: ignore[index]
    assert exported["cards"][PITCH]["due"] == (
        datetime.fromtimestamp(due / 1000, UTC).isoformat(timespec="milliseconds")[:-6] + "Z"
    )
    assert [e["rating"] for e in exported["log"]] == [3, 2]
    first.close()

    fresh = browser.new_context()  # another profile: nothing stored
    page = _drill(fresh, url)
    assert _count(page) == "0 due today, 3 new · Question 1 of 3"
    page.click(".handbook-drill-progress summary")
    page.set_input_files(".handbook-drill-file", str(path))
    message = page.locator(".handbook-drill-message")
    message.filter(has_text="Imported").wait_for()
    assert message.inner_text() == "Imported 2 cards (2 of this handbook) and 2 reviews."
    assert _count(page) == "1 due today, 1 new · Question 1 of 3"
    assert _store(page) == kept
    fresh.close()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("not json at all", "it is not JSON"),
        ('{"deck": "anki", "notes": []}', "this is not a prep-handbook progress file"),
        (
            '{"format": "prep-handbook progress", "version": 2, "cards": {}, "log": []}',
            "it is version 2; this page reads version 1",
        ),
        (
            '{"format": "prep-handbook progress", "version": 1, "cards": {"why traba": {}}, '
            '"log": []}',
            "“why traba” is not a card id",
        ),
        (
            '{"format": "prep-handbook progress", "version": 1, "log": [], "cards": '
            '{"0123456789abcdef": {"due": "2026-11-20T09:00:00Z", "stability": "high", '
            '"difficulty": 5, "scheduled_days": 1, "learning_steps": 0, "reps": 1, '
            '"lapses": 0, "state": 2, "last_review": null}}}',
            "card 0123456789abcdef is not nine numbers",
        ),
    ],
)
def test_a_malformed_or_foreign_file_is_refused_and_progress_kept(
    url: str, browser: Browser, tmp_path: Path, content: str, reason: str
) -> None:
    context = browser.new_context()
    page = _drill(context, url)
    _rate(page, 3)
    before = page.evaluate("localStorage.getItem('prep-handbook')")
    bad = tmp_path / "progress.json"
    bad.write_text(content, "utf-8")
    page.click(".handbook-drill-progress summary")
    page.set_input_files(".handbook-drill-file", str(bad))
    message = page.locator(".handbook-drill-message")
    message.filter(has_text="Not imported").wait_for()
    assert message.inner_text() == (
        f"Not imported: progress.json — {reason}. Your progress is unchanged."
    )
    assert page.evaluate("localStorage.getItem('prep-handbook')") == before
    assert _count(page).startswith("0 due today, 2 new")
    context.close()


def test_reset_forgets_this_handbooks_progress(url: str, browser: Browser) -> None:
    context = browser.new_context()
    page = _drill(context, url)
    _rate(page, 1)
    page.evaluate(
        "localStorage.setItem('prep-handbook', JSON.stringify(Object.assign("
        "JSON.parse(localStorage.getItem('prep-handbook')), "
        "{c: Object.assign(JSON.parse(localStorage.getItem('prep-handbook')).c, "
        "{'00000000000000aa': [1, 1, 1, 1, 0, 1, 0, 2, 1]})})))"
    )  # a card of another handbook: kept
    page.once("dialog", lambda d: d.accept())
    page.click(".handbook-drill-progress summary")
    page.click(".handbook-drill-reset")
    assert _count(page) == "0 due today, 3 new · Question 1 of 3"
    store = _store(page)
    assert store["c"] == {"00000000000000aa": [1, 1, 1, 1, 0, 1, 0, 2, 1]} and store["l"] == []
    context.close()


def _words_in(dump: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[^\W\d_]{3,}", dump)}


def test_browser_storage_holds_no_words_of_the_notes(url: str, browser: Browser) -> None:
    context = browser.new_context()
    page = _drill(context, url)
    for rating in (3, 1, 4):
        _rate(page, rating)
    page.goto(url + "traba/")  # the overview reads the store too
    page.goto(url + "traba/questions/")
    dump = page.evaluate(DUMP)
    assert all(i in dump for i in IDS)  # the progress is there …
    leaked = (_words_in(dump) - OWN_WORDS) & NOTES_WORDS
    assert leaked == set(), leaked  # … and not one word of the notes with it
    assert not [w for w in DISTINCT if w in dump.lower()]
    context.close()


def test_the_question_comes_first_on_a_phone_and_keys_stay_off_it(
    url: str, browser: Browser
) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = _drill(context, url)
    question = page.locator(".handbook-drill-card:not([hidden]) .handbook-drill-q")
    top = question.bounding_box()
    assert top is not None and top["y"] + top["height"] < 844  # on the first screen
    buttons = page.eval_on_selector_all(
        ".handbook-drill button",
        "bs => bs.filter(b => b.getClientRects().length).map(b => b.getBoundingClientRect().top)",
    )
    assert buttons and min(buttons) > top["y"] + top["height"]
    help_text = page.locator(".handbook-drill-help")
    assert help_text.count() == 1 and not help_text.is_visible()  # no keyboard on a phone
    sideways = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
    assert sideways <= 0
    page.click(".handbook-drill-reveal")
    rate = page.locator(".handbook-drill-rate button").first.bounding_box()
    assert rate is not None and rate["height"] >= 44
    page.screenshot(path=str(ROOT / "test-output" / "drill-phone.png"))  # the first screen
    context.close()
    wide = browser.new_context()
    page = _drill(wide, url)
    assert page.locator(".handbook-drill-help").is_visible()  # keys where there is a keyboard
    wide.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_live_drill_is_accessible(url: str, browser: Browser, scheme: str) -> None:
    assert AXE.is_file(), "axe-core is missing: tests/run installs it with npm"
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = _drill(context, url)
    page.click(".handbook-drill-reveal")
    page.click(".handbook-drill-progress summary")
    page.click(".handbook-drill-record")  # no microphone here: the message shows
    page.locator(".handbook-rec-result[role='alert']").wait_for()
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']}))
            .violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"""
    )
    assert found == []
    context.close()


# ---------------------------------------------------------------------------------------------
# The microphone: denied, absent; transcripts only on the device.


def _record_refused(page: Page) -> str:
    """Press Record and return the alert the drill shows when it cannot record."""
    page.click(".handbook-drill-record")
    alert = page.locator(".handbook-rec-result[role='alert']")
    alert.wait_for()
    return alert.inner_text()


def test_no_microphone_says_so_and_the_drill_goes_on(url: str, browser: Browser) -> None:
    context = browser.new_context(permissions=["microphone"])  # granted, but there is none
    page = _drill(context, url)
    alert = _record_refused(page)
    assert alert.startswith("No microphone found. Connect one")
    assert "The rest of the drill works without it." in alert
    assert page.get_attribute(".handbook-drill-record", "aria-pressed") == "false"
    assert _rate(page, 3) == PITCH and _count(page).startswith("0 due today, 2 new")
    context.close()


def test_a_denied_microphone_says_how_to_allow_it(
    site: Path, tmp_path: Path, playwright: Playwright
) -> None:
    wav = tmp_path / "take.wav"
    write_take(wav, [("quiet", 0.5), ("voice", burst_seconds(4))])
    with static_server(site) as base:
        b = _with_microphone(playwright, wav)
        context = b.new_context()  # the microphone exists; this page may not use it
        page = _drill(context, base)
        alert = _record_refused(page)
        assert alert.startswith("The microphone is blocked for this page. To allow it")
        assert "set Microphone to Allow, then press Record again" in alert
        assert _rate(page, 1) == PITCH and _count(page).startswith("1 due today, 2 new")
        b.close()


STAND_IN = """
window.__speech = {available: [], started: [], created: 0};
class StandIn {
  constructor() { window.__speech.created += 1; }
  static available(options) {
    window.__speech.available.push(options);
    return Promise.resolve(window.__speechStatus || 'available');
  }
  start() {
    window.__speech.started.push({processLocally: this.processLocally, lang: this.lang,
                                  continuous: this.continuous});
    setTimeout(() => this.onresult && this.onresult({resultIndex: 0, results: [
      Object.assign([{transcript: 'um I have seen how labor coordination can make or break'}],
                    {isFinal: true}),
      Object.assign([{transcript: 'a system and labor um matters'}], {isFinal: true})]}), 300);
  }
  stop() { setTimeout(() => this.onend && this.onend(), 50); }
  abort() { this.stop(); }
}
StandIn.prototype.processLocally = false;  // as the Web Speech API has it
window.SpeechRecognition = StandIn;
window.webkitSpeechRecognition = StandIn;
"""


def _record_why(base: str, context: BrowserContext, seconds: float) -> Page:
    """Record a take of "why traba" (the second card) for about ``seconds``."""
    page = _drill(context, base, when=None)
    page.click(".handbook-drill-next")
    assert _shown(page) == WHY
    page.click(".handbook-drill-record")
    page.wait_for_selector(".handbook-drill-record[aria-pressed='true']")
    page.wait_for_timeout(round(seconds * 1000))
    page.click(".handbook-drill-record")
    page.locator(".handbook-rec-result[data-speaking]").wait_for(timeout=15_000)
    return page


def test_on_device_transcription_through_a_stand_in(
    site: Path, tmp_path: Path, playwright: Playwright
) -> None:
    wav = tmp_path / "take.wav"
    take = write_take(wav, [("quiet", 0.3), ("voice", burst_seconds(14)), ("quiet", 0.5)])
    with static_server(site) as base:
        b = _with_microphone(playwright, wav)
        context = b.new_context(permissions=["microphone"])
        context.add_init_script(STAND_IN)
        page = _record_why(base, context, take.length + 0.5)
        speech = page.evaluate("window.__speech")
        assert speech["available"] == [{"langs": ["en-US"], "processLocally": True}]
        assert speech["started"] == [{"processLocally": True, "lang": "en-US", "continuous": True}]
        words = page.locator(".handbook-rec-words")
        words.locator(".handbook-rec-pace").wait_for()
        text = " ".join(words.inner_text().split())
        speaking = float(page.get_attribute(".handbook-rec-result", "data-speaking") or "0")
        wpm = round(17 / (speaking / 60))  # 17 words heard
        assert text.startswith(f"17 words · {wpm} words a minute (about 140 is conversational)")
        assert "Covered 1 of 1 prepared line: ✓ said: I’ve seen how labor coordination" in text
        assert "Most used: labor ×2" in text
        assert "Fillers heard (approximate — recognisers drop many): um ×2" in text
        assert "Transcribing on this device (en-US)" in page.inner_text(".handbook-rec-note")
        b.close()


@pytest.mark.parametrize("offer", ["none", "unavailable", "cloud only"])
def test_without_on_device_recognition_the_page_says_so_and_times_the_take(
    site: Path, tmp_path: Path, playwright: Playwright, offer: str
) -> None:
    wav = tmp_path / "take.wav"
    write_take(wav, [("quiet", 0.3), ("voice", burst_seconds(8)), ("quiet", 0.3)])
    init = {
        "none": "delete window.SpeechRecognition; delete window.webkitSpeechRecognition;",
        "unavailable": STAND_IN + "window.__speechStatus = 'unavailable';",
        # an engine with no processLocally (it would send the voice to a server): never used
        "cloud only": STAND_IN.replace("static available", "static notAvailable")
        + "delete StandIn.prototype.processLocally;",
    }[offer]
    with static_server(site) as base:
        b = _with_microphone(playwright, wav)
        context = b.new_context(permissions=["microphone"])
        context.add_init_script(init)
        page = _record_why(base, context, 3.0)
        note = page.inner_text(".handbook-rec-note")
        assert note.startswith("Transcripts need on-device speech recognition, which this browser")
        assert "never sends your voice to a cloud service" in note
        assert float(page.get_attribute(".handbook-rec-result", "data-speaking") or "0") > 1.5
        assert page.locator(".handbook-rec-words").inner_text() == ""
        if offer != "none":
            assert page.evaluate("window.__speech.started") == []
        b.close()


def test_this_chromium_offers_its_own_download_and_the_page_does_not_start_it(
    site: Path, tmp_path: Path, playwright: Playwright
) -> None:
    """Debian's Chromium says on-device recognition is "downloadable": the page offers the
    browser's own one-time download on a press, and starts no recognition meanwhile."""
    wav = tmp_path / "take.wav"
    write_take(wav, [("quiet", 0.3), ("voice", burst_seconds(6))])
    with static_server(site) as base:
        b = _with_microphone(playwright, wav)
        context = b.new_context(permissions=["microphone"])
        page = _record_why(base, context, 2.0)
        status = page.evaluate(
            "SpeechRecognition.available({langs: ['en-US'], processLocally: true})"
        )
        note = page.locator(".handbook-rec-note")
        if status in ("downloadable", "downloading"):
            assert "one-time download of its own" in note.inner_text()
            assert page.locator(".handbook-rec-install").count() == (status == "downloadable")
        else:
            assert note.inner_text().startswith("Transcripts need on-device speech recognition")
        b.close()


# ---------------------------------------------------------------------------------------------
# The private build: the same ids, nothing of the notes in storage, offline.


@pytest.fixture(scope="module")
def locked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = _project(tmp_path_factory.mktemp("drill-private") / "p", private=True)
    result = run_mkdocs(project, "build", env={"PREP_HANDBOOK_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_private_build_reviews_offline_and_stores_no_words(locked: Path, browser: Browser) -> None:
    with static_server(locked) as base:
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + "notes-1/")
        page.fill("#passphrase", PASSPHRASE)
        page.press("#passphrase", "Enter")
        page.wait_for_selector("article", timeout=60_000)
        context.set_offline(True)
        page.clock.set_fixed_time(MORNING)  # "today" must not end within Again's 5 minutes
        page.goto(base + "notes-1/drill/")
        page.wait_for_selector(".handbook-drill[data-scheduler='ready']")
        on_page = page.eval_on_selector_all(
            ".handbook-drill-card", "cs => cs.map(c => c.dataset.card)"
        )
        assert on_page == IDS  # the open build's ids: progress moves between the two
        for rating in (3, 1):
            _rate(page, rating)
        assert _count(page).startswith("1 due today, 1 new")
        page.goto(base + "notes-1/")
        assert page.inner_text(".handbook-review") == " — 1 due today, 1 new"
        dump = page.evaluate(DUMP)
        assert "CryptoKey" in dump and all(i in dump for i in (PITCH, WHY))  # the lock's too
        leaked = (_words_in(dump) - OWN_WORDS) & NOTES_WORDS
        assert leaked == set(), leaked
        assert not [w for w in DISTINCT if w in dump.lower()]
        context.set_offline(False)
        context.close()
