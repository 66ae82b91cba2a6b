"""Beyond the notes: the readiness report, speaking times, the drill page and the fit picture."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from browser import chromium, static_server
from hypothesis import given, settings
from hypothesis import strategies as st
from prep_handbook import spelling
from prep_handbook.pipeline import build_site as build_core
from prep_handbook.pipeline import settings_from_mapping
from sample import SHIPPED
from sitekit import article, build_site, copy_project, page_html, run_mkdocs, visible_text

SHIPPED_TYPOS = ["managemnet", "ve", "interal", "horsefor", "firecasting", "maket", "acocount"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(
        tmp_path_factory.mktemp("ready"), seeds={"traba-preparation.md": SHIPPED.read_bytes()}
    )
    return build_site(project)


def _report(site: Path) -> str:
    return _report_of(site, "traba")


@pytest.mark.site
def test_report_lists_the_shipped_typos_and_unfinished_lines(site: Path) -> None:
    report = _report(site)
    typos = re.search(r'id="readiness-typo".*?<ul>(.*?)</ul>', report, re.S)
    assert typos is not None
    found = re.findall(r"“(\w+)”", visible_text(typos.group(1)))
    assert found == SHIPPED_TYPOS  # in notes order; none corrected on the pages
    for typo in ("firecasting", "acocount", "interal", "managemnet", "maket"):
        assert typo in visible_text(article(page_html(site, "traba/ops-model"))) or typo in (
            visible_text(article(page_html(site, "traba/narrative")))
            + visible_text(article(page_html(site, "traba/mapping")))
        )
    unfinished = re.search(r'id="readiness-unfinished".*?<ul>(.*?)</ul>', report, re.S)
    assert unfinished is not None
    items = re.findall(r"<li>(.*?)</li>", unfinished.group(1), re.S)
    assert len(items) == 2
    assert '<a href="questions/#L35">converting-&gt;</a>' in items[0]
    assert "seeds/traba-preparation.md:35" in items[0]
    assert '<a href="ops-model/#L77">decisions are o</a>' in items[1]
    assert "word cut off" in items[1]
    empty = re.search(r'id="readiness-empty".*?<ul>(.*?)</ul>', report, re.S)
    assert empty is not None
    assert re.findall(r"traba-preparation\.md:(\d+)", empty.group(1)) == ["65", "80"]


@pytest.mark.site
def test_every_link_in_the_report_lands_on_an_element_of_its_page(site: Path) -> None:
    for href in re.findall(r'<a href="([^"]+)"', _report(site)):
        target = urljoin("/traba/", href)
        path, _q, _frag = target.partition("#")
        anchor = urlsplit(target).fragment
        assert f'id="{anchor}"' in page_html(site, path.strip("/")), href


@pytest.mark.site
def test_build_log_has_one_summary_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", seeds={"traba-preparation.md": SHIPPED.read_bytes()})
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if "ready" in ln]
    assert lines == [
        "INFO    -  seeds/traba-preparation.md: not ready yet — 2 unfinished lines, "
        "7 likely typos, 2 empty bullets, 2 answers outside their time (see its overview page)"
    ]


NOTES = """\
- questions they ask me
\t- why acme?
\t\t- because I love it
\t- what is your biggest weakness?
- questions:
\t- how do you measure success?
"""


@pytest.mark.site
def test_a_question_without_an_answer_appears(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", seeds={"acme.md": NOTES})
    site = build_site(project)
    report = _report_of(site, "acme")
    assert "Questions they may ask, no answer yet" in visible_text(report)
    assert '<a href="questions/#L4">what is your biggest weakness?</a>' in report
    assert "seeds/acme.md:4" in report
    # answered: not among the unanswered; the report goes away once all is answered
    unanswered = re.search(r'id="readiness-unanswered".*?</ul>', report, re.S)
    assert unanswered is not None and "why acme" not in visible_text(unanswered.group(0))
    # answers of a minute (144 words at 140 a minute): nothing left to report
    minute = " ".join(["I like building calm tools for busy operations teams"] * 16)
    answered = NOTES.replace("weakness?\n", f"weakness?\n\t\t- {minute}\n")
    (project / "seeds" / "acme.md").write_text(answered.replace("because I love it", minute))
    again = build_core(settings_from_mapping(None, project))
    assert [n for n in again.notices if "ready" in n] == [
        "seeds/acme.md: ready — no open questions, unfinished lines or typos"
    ]


def _report_of(site: Path, slug: str) -> str:
    """The readiness section of a handbook's overview (up to its frontmatter, if any)."""
    html = article(page_html(site, slug))
    start = html.index('id="readiness"')
    end = html.find('id="frontmatter"', start)
    return html[start : end if end >= 0 else None]


@pytest.mark.site
def test_allow_words_in_mkdocs_yml_lets_jargon_through(tmp_path: Path) -> None:
    notes = "- questions they ask me\n\t- why acme?\n\t\t- our resnet kmeans and the recieve\n"
    project = copy_project(tmp_path / "p", seeds={"acme.md": notes})
    before = build_core(settings_from_mapping(None, project))
    assert "3 likely typos" in " ".join(before.notices)  # resnet, kmeans, recieve
    config = settings_from_mapping({"allow_words": ["resnet", "KMeans"]}, project)
    after = build_core(config)
    assert "— 1 likely typo, " in " ".join(after.notices)
    page = next(f.content for f in after.files if f.path == "acme/index.md")
    assert isinstance(page, str) and "“recieve” — maybe receive / relieve?" in page
    assert "resnet”" not in page
    with pytest.raises(Exception, match="allow_words: write a list"):
        settings_from_mapping({"allow_words": "kubectl"}, project)


@pytest.mark.site
def test_speaking_time_for_pitch_why_and_each_answer(site: Path, tmp_path: Path) -> None:
    narrative = visible_text(article(page_html(site, "traba/narrative")))
    assert "150 words · ≈ 64 s at 140 words a minute" in narrative
    assert re.search(r"\d+ words · ≈ 20 s spoken", narrative)  # the why-Traba story
    questions = article(page_html(site, "traba/questions"))
    times = re.findall(r"(\d+) words · ≈ (\d+) s spoken", visible_text(questions))
    assert len(times) == 2 and all(round(int(w) * 60 / 140) == int(s) for w, s in times)
    long_pitch = "> " + " ".join(["we shipped it"] * 80) + "\n"
    project = copy_project(tmp_path / "p", seeds={"acme.md": long_pitch})
    built = build_site(project)
    assert "over 90 s: trim it" in visible_text(article(page_html(built, "acme/narrative")))
    assert "Pitch over 90 seconds" in visible_text(_report_of(built, "acme"))


@pytest.mark.site
def test_fit_picture_is_valid_svg_whose_links_resolve(site: Path) -> None:
    html = article(page_html(site, "traba/mapping"))
    svg = re.search(r"<svg class=\"handbook-fit\".*?</svg>", html, re.S)
    assert svg is not None
    root = ET.fromstring(svg.group(0))  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.find(f"{ns}title") is not None
    links = [a.get("href") or "" for a in root.iter(f"{ns}a")]
    # the 4 experience points with a telling relation, and the 5 parts of the ops model they
    # relate to (two points share only everyday words with any part: no line, no box)
    assert len(links) == 4 + 5
    for href in links:
        page, _hash, anchor = urljoin("/traba/mapping/", href).partition("#")
        assert f'id="{anchor}"' in page_html(site, page.strip("/")), href
    # one line for each "Related" link listed under the points on the same page
    related = re.findall(r'<p class="handbook-related">(.*?)</p>', html, re.S)
    assert len(related) == 4
    assert len(root.findall(f".//{ns}path")) == sum(r.count("<a ") for r in related)
    assert "<script" not in svg.group(0)


@pytest.mark.browser
@pytest.mark.site
def test_drill_works_at_phone_size_by_touch_and_keyboard(site: Path) -> None:
    with static_server(site) as base, chromium() as browser:
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        )
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.clock.install()
        page.goto(base + "traba/drill/")
        page.wait_for_selector(".handbook-drill[data-scheduler='ready']")
        cards = page.locator(".handbook-drill-card")
        assert cards.count() == 3  # the pitch, asked as "Tell me about yourself", and 2 questions
        visible = page.locator(".handbook-drill-card:not([hidden])")
        assert visible.count() == 1
        answer = visible.locator(".handbook-drill-answer")
        assert not answer.is_visible()
        count = page.locator(".handbook-drill-count")
        assert count.inner_text() == "0 due today, 3 new · Question 1 of 3"
        first = visible.get_attribute("data-card")
        page.locator(".handbook-drill-reveal").tap()
        assert answer.is_visible()
        page.locator(".handbook-drill-next").tap()
        assert count.inner_text().endswith("Question 2 of 3")
        second = page.locator(".handbook-drill-card:not([hidden])").get_attribute("data-card")
        assert second != first
        assert not page.locator(
            ".handbook-drill-card:not([hidden]) .handbook-drill-answer"
        ).is_visible()
        # keyboard: Space reveals, ← goes back
        page.locator("body").click(position={"x": 5, "y": 400})
        page.keyboard.press(" ")
        assert page.locator(
            ".handbook-drill-card:not([hidden]) .handbook-drill-answer"
        ).is_visible()
        page.keyboard.press("ArrowLeft")
        assert count.inner_text().endswith("Question 1 of 3")
        # the timer counts down the card's longest time (the pitch: 90 s), warns at 30 s left
        page.keyboard.press("t")
        timer = page.locator(".handbook-drill-timer")
        assert timer.inner_text() == "1:30"
        page.clock.run_for(60_000)
        assert timer.inner_text() == "0:30 — 30 seconds left"
        assert "handbook-drill-warn" in (timer.get_attribute("class") or "")
        page.clock.run_for(30_000)
        assert timer.inner_text() == "Time — wrap up"
        # shuffle keeps every question, starting again at the first
        page.keyboard.press("r")
        assert count.inner_text().endswith("Question 1 of 3")
        page.screenshot(path=str(site.parent / "drill.png"))
        context.close()
    assert all(r.startswith(base) for r in requests), requests


@pytest.mark.site
def test_drill_without_script_is_the_full_list(site: Path) -> None:
    html = article(page_html(site, "traba/drill"))
    text = visible_text(html)
    assert "why traba" in text and "labor coordination can make or break" in text
    assert '<div class="handbook-drill-bar" hidden="hidden">' in html  # only with the script


@settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "300")), deadline=None)
@given(
    st.lists(st.sampled_from([*"ab :/`[]()#@.\t", "http", "www", "[[x]]", "](x)", "#ops"])).map(
        "".join
    )
)
def test_the_spelling_check_skips_scanning_only_lines_with_nothing_to_blank(line: str) -> None:
    assert spelling._skipped(line) == spelling._SKIP.sub(" ", line)
