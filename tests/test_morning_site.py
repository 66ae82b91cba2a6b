"""The newcomer's notes (tests/newcomer.py) built into a real site: the one-pager carries the
interview's who/when/where and the company's key facts on exactly one page — in the built PDF
at Letter and A4 and in Chromium's print at both — the why bullets read as sentences on every
surface, and the build log says what it should (an empty file, a #sheet that pins nothing)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from browser import chromium, static_server
from conftest import SHIPPED, copy_project
from newcomer import DAY, FACTS, NOTES, WHY_SENTENCES
from playwright.sync_api import Browser
from prep_handbook import build_site as core_build
from prep_handbook import settings_from_mapping
from sitekit import article, build_site, contains_run, page_html, visible_text, words

pytestmark = [pytest.mark.site, pytest.mark.browser]

SLUG = "lumen-robotics"


def crowded(times: int = 8) -> str:
    """The shipped sample written ``times`` times over (questions numbered apart), then the
    newcomer's logistics and recruiter-call lines: far more than a page holds."""
    text = SHIPPED.read_text("utf-8")
    end = text.index("---", 3) + 4
    head, body = text[:end], text[end:]
    copies = [body.replace("?", f" ({n})?") for n in range(1, times + 1)]
    morning = NOTES[NOTES.index("Interview with") : NOTES.index("## my pitch")]
    facts = NOTES[NOTES.index("## recruiter call notes") : NOTES.index("## experience stories")]
    return head + "\n\n".join(copies) + "\n\n## logistics\n" + morning + "\n" + facts


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("newcomer"), seeds={"lumen-interview.md": NOTES})
    return build_site(project, strict=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


def _pdf(data: bytes) -> tuple[int, list[str], tuple[int, int]]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = words(" ".join(p.extract_text() for p in reader.pages))
    box = reader.pages[0].mediabox
    return len(reader.pages), text, (round(float(box.width)), round(float(box.height)))


def _has_the_morning(text: list[str]) -> None:
    for line in (*DAY, *FACTS):
        assert contains_run(text, words(line)), line


def _core_pdf(tmp_path: Path, notes: str, paper: str, slug: str = SLUG) -> tuple[bytes, list[str]]:
    project = copy_project(tmp_path / paper, seeds={"lumen-interview.md": notes})
    built = core_build(settings_from_mapping({"cache": None, "paper": paper}, project))
    pdf = next(f.content for f in built.files if f.path == f"{slug}/one-pager.pdf")
    assert isinstance(pdf, bytes)
    return pdf, [str(w) for w in built.warnings]


def test_built_pdf_has_the_interview_and_the_facts_on_one_letter_page(site: Path) -> None:
    pages, text, size = _pdf((site / SLUG / "one-pager.pdf").read_bytes())
    assert pages == 1 and size == (612, 792)
    _has_the_morning(text)
    # The why bullets are sentences on the sheet too: "…fast. I want…", not "…fast I want…".
    assert contains_run(text, words(" ".join(WHY_SENTENCES)))


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_crowded_notes_still_fit_one_page_and_keep_the_interview(
    tmp_path: Path, paper: str
) -> None:
    pdf, warnings = _core_pdf(tmp_path, crowded(), paper, "traba")
    pages, text, size = _pdf(pdf)
    assert pages == 1 and size == {"letter": (612, 792), "a4": (595, 842)}[paper]
    assert any("left off the one-pager for room" in w for w in warnings)  # it was crowded
    for line in DAY:  # what one checks in the lobby goes last
        assert contains_run(text, words(line)), line


def test_a4_pdf_of_the_newcomers_notes_has_everything(tmp_path: Path) -> None:
    pdf, warnings = _core_pdf(tmp_path, NOTES, "a4")
    pages, text, size = _pdf(pdf)
    assert pages == 1 and size == (595, 842) and warnings == []
    _has_the_morning(text)


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_chromium_prints_the_morning_sheet_on_one_page(
    site: Path, browser: Browser, paper: str
) -> None:
    with static_server(site) as url:
        page = browser.new_page()
        page.goto(url + f"{SLUG}/one-pager/")
        data = page.pdf(format=paper)
        page.close()
    pages, text, _size = _pdf(data)
    assert pages == 1
    _has_the_morning(text)
    assert contains_run(text, words(" ".join(WHY_SENTENCES)))


def test_the_sheets_new_sections_link_to_where_their_lines_are(site: Path) -> None:
    html = article(page_html(site, f"{SLUG}/one-pager"))
    assert 'href="../notes/#L3"' in html  # the interview: its first line on "More notes"
    assert 'href="../ops-model/#L16"' in html  # the key facts: business notes
    for n in (3, 4, 5, 16, 17):
        assert f'data-source="seeds/lumen-interview.md:{n}"' in html


def test_narrative_page_reads_the_why_bullets_as_sentences(site: Path) -> None:
    text = words(visible_text(article(page_html(site, f"{SLUG}/narrative"))))
    assert contains_run(text, words(" ".join(WHY_SENTENCES)))
    html = page_html(site, f"{SLUG}/narrative")
    assert "fast. I want" in html and "together. your team" in html
    # "## my pitch" titles the pitch section: its id and line on it, no grey echo under it.
    assert 'id="L7"' in html and 'data-source="seeds/lumen-interview.md:7"' in html
    assert "handbook-label" not in article(html)


def test_overview_counts_read_right(site: Path) -> None:
    text = visible_text(article(page_html(site, SLUG)))
    assert "1 experience point, 1 with evidence" in text
    assert "0 buckets, 1 group of business notes" in text


def test_an_empty_file_is_empty_in_the_log_and_on_its_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", seeds={"acme-interview.md": "---\ntitle: acme\n---\n"})
    built = core_build(settings_from_mapping({"cache": None}, project))
    assert "seeds/acme-interview.md: empty — no notes to show yet" in "\n".join(built.notices)
    assert not any("ready —" in n for n in built.notices)
    overview = next(f.content for f in built.files if f.path == "acme/index.md")
    assert isinstance(overview, str) and "Nothing here yet" in overview
    assert "pitch fits in" not in overview


def test_a_sheet_tag_that_pins_nothing_is_a_warning_naming_the_line(tmp_path: Path) -> None:
    notes = NOTES.replace("## my pitch", "## my pitch #sheet").replace(
        "- [x] test Zoom audio", "- [x] test Zoom audio\n- #sheet"
    )
    _pdf_bytes, warnings = _core_pdf(tmp_path, notes, "letter")
    bare = notes.splitlines().index("- #sheet") + 1
    assert [w.split(" — ")[0] for w in warnings] == [
        "seeds/lumen-interview.md:7: #sheet on a heading over a section pins nothing",
        f"seeds/lumen-interview.md:{bare}: #sheet with no text beside it pins nothing",
    ]
