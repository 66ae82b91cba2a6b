"""Record on the drill, in Chromium with a fake microphone fed a WAV file made here: the page
reports the speaking time and the long pauses the file holds, plays the take back, turns the
microphone off, and sends nothing anywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from audio import burst_seconds, fake_microphone, write_take
from browser import CHROMIUM, CHROMIUM_ARGS, static_server
from playwright.sync_api import sync_playwright
from sample import SHIPPED
from sitekit import build_site, copy_project

pytestmark = [pytest.mark.browser, pytest.mark.site]

SPEAKING_TOLERANCE = 0.4
"""Seconds. The page measures 20 ms frames: each burst's two edges may each be one frame off,
and the codec's decay after a burst can add a frame or two."""
PAUSE_TOLERANCE = 0.25
"""Seconds, for each long pause's length."""

# 0.5 s before the first word; a 3.0 s and a 3.5 s pause (over 2.5 s), a 1.0 s one (not).
PLAN = (
    ("quiet", 0.5),
    ("voice", burst_seconds(5)),  # 1.8 s: five words, four 0.2 s gaps between them
    ("quiet", 3.0),
    ("voice", burst_seconds(4)),  # 1.4 s
    ("quiet", 1.0),
    ("voice", burst_seconds(5)),
    ("quiet", 3.5),
    ("voice", burst_seconds(4)),
    ("quiet", 1.5),
)

SPY = """
window.__streams = [];
const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = (c) =>
  real(c).then((s) => { window.__streams.push(s); return s; });
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("recorder")
    project = copy_project(base / "p", seeds={"traba-preparation.md": SHIPPED.read_bytes()})
    return build_site(project)


def test_speaking_time_pauses_and_playback_match_the_take(site: Path, tmp_path: Path) -> None:
    wav = tmp_path / "take.wav"
    take = write_take(wav, PLAN)
    assert round(take.speaking, 2) == 6.4 and take.pauses(2.5) == [3.0, 3.5]
    requests: list[tuple[str, str]] = []
    with static_server(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *fake_microphone(wav)]
        )
        context = browser.new_context(permissions=["microphone"])
        context.add_init_script(SPY)
        context.on("request", lambda r: requests.append((r.method, r.url)))
        page = context.new_page()
        page.goto(base + "traba/drill/")
        assert page.evaluate("window.__streams.length") == 0  # no microphone until Record
        page.click(".handbook-drill-record")
        page.wait_for_selector(".handbook-drill-record[aria-pressed='true']")
        clock = page.locator(".handbook-rec-clock")
        clock.wait_for(state="visible")
        page.wait_for_timeout(round((take.length + 0.8) * 1000))
        # while recording: the time against the pitch's target and its estimate as written
        assert clock.inner_text().endswith("· aim for 60–90 s · ≈ 64 s as written")
        page.click(".handbook-drill-record")
        result = page.locator(".handbook-rec-result[data-speaking]")
        result.wait_for(timeout=15_000)
        speaking = float(result.get_attribute("data-speaking") or "nan")
        pauses = int(result.get_attribute("data-pauses") or "-1")
        span = float(result.get_attribute("data-answer") or "nan")
        text = result.inner_text()
        assert abs(speaking - take.speaking) <= SPEAKING_TOLERANCE, (speaking, take.speaking)
        assert pauses == 2, text
        assert abs(span - take.span) <= SPEAKING_TOLERANCE, (span, take.span)
        found = [float(s) for s in re.findall(r"(\d+\.\d) s at", text)]
        assert len(found) == 2 and all(
            abs(f - want) <= PAUSE_TOLERANCE for f, want in zip(found, [3.0, 3.5], strict=True)
        ), text
        assert "short of 60–90 s" in text  # a 14 s answer to a 60–90 s question
        # the take plays back from this device, and can be saved as a file
        audio = page.locator("audio.handbook-rec-audio")
        assert (audio.get_attribute("src") or "").startswith("blob:")
        duration = page.evaluate(
            """() => new Promise((resolve) => {
                 const a = document.querySelector('audio.handbook-rec-audio');
                 const done = () => resolve(a.duration);
                 if (a.readyState >= 1 && isFinite(a.duration)) { done(); return; }
                 a.addEventListener('durationchange', () => isFinite(a.duration) && done());
                 a.currentTime = 1e6;  // a recorded WebM learns its duration by seeking
               })"""
        )
        assert abs(duration - take.length) < 2.0, duration
        save = page.locator(".handbook-rec-keep a[download]")
        assert (save.get_attribute("download") or "").startswith("take-")
        # the microphone is off once the take is stopped
        assert page.evaluate(
            "window.__streams.every(s => s.getTracks().every(t => t.readyState === 'ended'))"
        )
        # Discard drops it
        page.click(".handbook-rec-keep button")
        assert audio.get_attribute("src") is None
        browser.close()
    foreign = [(m, url) for m, url in requests if not url.startswith((base, "blob:", "data:"))]
    assert requests and foreign == [], foreign
    assert {m for m, _url in requests} == {"GET"}  # nothing is sent: no upload of any kind
