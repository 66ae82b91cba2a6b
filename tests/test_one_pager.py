"""The one-pager: exactly one page in the PDF and in Chromium's print, at Letter and A4."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import prep_handbook.sheet as sheet
import pypdf
import pytest
from browser import chromium, static_server
from playwright.sync_api import Browser
from prep_handbook import build_site as core_build
from prep_handbook import settings_from_mapping
from prep_handbook.onepager import select_one_pager
from prep_handbook.pipeline import load_handbook
from prep_handbook.rules import DEFAULT_RULES
from prep_handbook.text import balance_quotes, plain
from sample import ROOT, SHIPPED
from sitekit import article, build_site, contains_run, copy_project, page_html, visible_text, words

BUCKETS = ("growth ops", "customer opers", "worker ops")
PITCH_END = "looking to work closer to growth ops at a fast-growing company"
"""The last words of the shipped pitch (its fifth line): the whole pitch is on the sheet."""


def scaled(times: int) -> str:
    """The shipped notes with their body written ``times`` times (questions numbered apart)."""
    text = SHIPPED.read_text(encoding="utf-8")
    end = text.index("---", 3) + 4
    head, body = text[:end], text[end:]
    copies = [body] + [body.replace("?", f" ({n})?") for n in range(2, times + 1)]
    return head + "\n\n".join(copies)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("one-pager")
    out = {}
    for name, notes in (("shipped", SHIPPED.read_text("utf-8")), ("3x", scaled(3))):
        project = copy_project(base / name, seeds={"traba-preparation.md": notes})
        out[name] = build_site(project, strict=(name == "shipped"))
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


def _pdf_words(data: bytes) -> tuple[int, list[str]]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), words(" ".join(p.extract_text() for p in reader.pages))


@pytest.mark.parametrize("name", ["shipped", "3x"])
@pytest.mark.site
def test_built_pdf_is_one_page_with_the_key_content(sites: dict[str, Path], name: str) -> None:
    pages, text = _pdf_words((sites[name] / "traba" / "one-pager.pdf").read_bytes())
    assert pages == 1
    assert contains_run(text, words("I joined Microsoft two years ago at a pivotal time"))
    if name == "shipped":
        assert contains_run(text, words(PITCH_END))
    for bucket in BUCKETS:
        assert contains_run(text, words(bucket)), bucket
    hb = load_handbook("seeds/t.md", "t", SHIPPED.read_bytes(), DEFAULT_RULES)
    for ask in hb.to_ask:
        assert contains_run(text, words(ask.text)), ask.text


@pytest.mark.parametrize("name", ["shipped", "3x"])
@pytest.mark.parametrize("paper", ["Letter", "A4"])
@pytest.mark.browser
@pytest.mark.site
def test_chromium_prints_the_page_on_one_sheet(
    sites: dict[str, Path], browser: Browser, name: str, paper: str, tmp_path: Path
) -> None:
    with static_server(sites[name]) as url:
        page = browser.new_page()
        page.goto(url + "traba/one-pager/")
        data = page.pdf(format=paper)
        page.close()
    (tmp_path / f"{name}-{paper}.pdf").write_bytes(data)
    pages, text = _pdf_words(data)
    assert pages == 1
    assert contains_run(text, words("I joined Microsoft two years ago"))
    if name == "shipped":
        assert contains_run(text, words(PITCH_END))
    # Only the sheet: no site header, navigation, search, button or footer.
    for chrome in ("interview handbooks", "download pdf", "search", "print this page"):
        assert not contains_run(text, words(chrome)), chrome


@pytest.mark.parametrize("name", ["shipped", "3x"])
@pytest.mark.browser
@pytest.mark.site
def test_printed_sheet_is_readable_and_nothing_spills(
    sites: dict[str, Path], browser: Browser, name: str
) -> None:
    with static_server(sites[name]) as url:
        page = browser.new_page(viewport={"width": 816, "height": 1056})  # Letter at 96 dpi
        page.goto(url + "traba/one-pager/")
        page.emulate_media(media="print")
        smallest = page.evaluate(
            """() => Math.min(...[...document.querySelectorAll('.handbook-sheet p, '
                + '.handbook-sheet li')].map(e => parseFloat(getComputedStyle(e).fontSize)))"""
        )
        spill = page.evaluate(
            """() => [...document.querySelectorAll('.handbook-sheet *')]
                .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow
                        !== 'visible' || e.scrollWidth > e.parentElement.clientWidth + 1)
                .map(e => e.tagName + ': ' + e.textContent.slice(0, 40))"""
        )
        hidden = page.evaluate(
            """() => ['.md-header', '.md-sidebar', '.md-footer', '.md-search', '.md-button']
                .filter(s => [...document.querySelectorAll(s)]
                    .some(e => e.getClientRects().length > 0))"""
        )
        page.close()
    assert smallest >= 8.5 * 96 / 72 - 0.01  # 8.5 pt in CSS px
    assert spill == []
    assert hidden == []


@pytest.mark.site
def test_one_pager_page_has_download_button_and_links_to_full_pages(
    sites: dict[str, Path],
) -> None:
    html = article(page_html(sites["shipped"], "traba/one-pager"))
    assert 'href="../one-pager.pdf"' in html and "md-button" in html
    for target in ("../narrative/#pitch", "../mapping/", "../ops-model/", "../questions/#to-ask"):
        assert f'href="{target}"' in html, target
    assert 'data-fit="0"' in html  # the shipped notes fit at the roomiest level


def test_pitch_on_the_sheet_opens_with_60_to_90_words_and_carries_the_rest() -> None:
    hb = load_handbook("seeds/t.md", "t", SHIPPED.read_bytes(), DEFAULT_RULES)
    one = select_one_pager(hb)
    assert 60 <= len(one.pitch.split()) <= 90
    assert one.pitch.endswith(".")
    assert one.pitch_rest is not None and one.pitch_rest.entry.span.start == 6
    whole = " ".join(plain(e.text) for p in hb.pitch.paragraphs for e in p)
    assert f"{one.pitch} {one.pitch_rest.line}".split() == balance_quotes(whole).split()
    assert one.drop_order.index(one.pitch_rest) > 0  # dropped only when other items went first
    assert one.without([one.pitch_rest.key]).pitch_rest is None
    assert one.why.startswith("I’m interested in joining Traba")
    assert 3 <= len(one.points) <= 5


@pytest.mark.site
def test_a4_pdf_of_the_sample_carries_the_whole_pitch_on_one_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    site = core_build(settings_from_mapping({"cache": None, "paper": "a4"}, project))
    assert not [w for w in site.warnings if "left off the one-pager" in str(w)]
    pdf = next(f.content for f in site.files if f.path == "traba/one-pager.pdf")
    assert isinstance(pdf, bytes)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    pages, text = _pdf_words(pdf)
    assert pages == 1 and contains_run(text, words(PITCH_END))


@pytest.mark.site
def test_overflow_drops_the_least_needed_items_and_names_them(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "traba-preparation.md").write_text(scaled(10), encoding="utf-8")
    site = core_build(settings_from_mapping({"cache": None}, tmp_path))
    left = [str(w) for w in site.warnings if "left off the one-pager" in str(w)]
    assert left, "10x the notes should not fit one page"
    assert all(w.startswith("seeds/traba-preparation.md:") for w in left)
    pdf = next(f.content for f in site.files if f.path == "traba/one-pager.pdf")
    assert isinstance(pdf, bytes)
    pages, text = _pdf_words(pdf)
    assert pages == 1
    assert contains_run(text, words("I joined Microsoft two years ago"))
    page = next(f.content for f in site.files if f.path == "traba/one-pager.md")
    assert isinstance(page, str) and 'data-fit="4"' in page  # the 8.5 pt floor, not below


def test_marks_pin_an_item_on_and_keep_one_off() -> None:
    notes = (
        "- connection:\n\t- first point\n\t- second point #nosheet\n"
        "- operations\n\t- growth ops\n\t\t- new sales #sheet\n"
    )
    hb = load_handbook("seeds/t.md", "t", notes.encode(), DEFAULT_RULES)
    one = select_one_pager(hb)
    assert [p.entry.text for p in one.points] == ["first point"]
    (bucket,) = one.buckets
    assert bucket.items[0].pinned and bucket.items[0].entry.text == "new sales"
    assert one.drop_order[-1].key == bucket.items[0].key  # pinned: dropped last, if ever


@pytest.mark.site
def test_same_notes_give_the_same_pdf_bytes(tmp_path: Path) -> None:
    pdfs = []
    for n in (1, 2):
        root = tmp_path / str(n)
        (root / "seeds").mkdir(parents=True)
        (root / "seeds" / "traba-preparation.md").write_bytes(SHIPPED.read_bytes())
        site = core_build(settings_from_mapping({"cache": None}, root))
        pdfs.append(next(f.content for f in site.files if f.path == "traba/one-pager.pdf"))
    assert pdfs[0] == pdfs[1]


@pytest.mark.site
def test_source_date_epoch_dates_the_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764374400")  # 2025-11-29 00:00 UTC
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "traba-preparation.md").write_bytes(SHIPPED.read_bytes())
    site = core_build(settings_from_mapping({"cache": None}, tmp_path))
    pdf = next(f.content for f in site.files if f.path == "traba/one-pager.pdf")
    assert isinstance(pdf, bytes)
    meta = pypdf.PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None and meta.creation_date is not None
    assert meta.creation_date.isoformat().startswith("2025-11-29T00:00:00")


@pytest.mark.site
def test_unrelated_edit_costs_no_pdf_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "seeds").mkdir()
    notes = tmp_path / "seeds" / "traba-preparation.md"
    notes.write_bytes(SHIPPED.read_bytes())
    calls: list[str] = []
    real = sheet.fit_sheet

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append("fit")
        return real(*args, **kwargs)

    monkeypatch.setattr(sheet, "fit_sheet", counting)
    settings = settings_from_mapping(None, tmp_path)
    first = core_build(settings)
    assert calls == ["fit"]
    # A business-notes line is not on the sheet: the fit and PDF come from the cache.
    notes.write_text(notes.read_text("utf-8").replace("working side", "working side!"), "utf-8")
    second = core_build(settings)
    assert calls == ["fit"]
    pdf = [f.content for s in (first, second) for f in s.files if f.path.endswith(".pdf")]
    assert pdf[0] == pdf[1]
    # A question to ask is on the sheet: measured again.
    notes.write_text(notes.read_text("utf-8").replace("converting->", "converting leads?"), "utf-8")
    core_build(settings)
    assert calls == ["fit", "fit"]


@pytest.mark.site
def test_without_weasyprint_the_build_goes_on_with_one_line(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    blocker = tmp_path / "block"
    (blocker / "weasyprint").mkdir(parents=True)
    (blocker / "weasyprint" / "__init__.py").write_text(
        "raise OSError('cannot load library libpango-1.0-0')\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(blocker), "NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if "one-pager PDF skipped" in ln]
    assert len(lines) == 1 and "pip install weasyprint" in lines[0] and "Pango" in lines[0]
    site = project / "site"
    assert not (site / "traba" / "one-pager.pdf").exists()
    html = (site / "traba" / "one-pager" / "index.html").read_text("utf-8")
    assert "one-pager.pdf" not in html and "handbook-sheet" in html
    assert "Traceback" not in result.stderr
    assert visible_text(article(html)).count("Questions to ask") == 1


@pytest.mark.site
def test_repository_build_uses_the_cache_folder(tmp_path: Path) -> None:
    build_site(ROOT, tmp_path / "site")
    assert any((ROOT / ".cache" / "prep-handbook").glob("*.pdf"))
