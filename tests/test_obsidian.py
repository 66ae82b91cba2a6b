"""Obsidian syntax in notes, shown the way Obsidian shows it (tests/golden/obsidian.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, copy_project
from sitekit import article, build_site, page_html, visible_text
from test_site import assert_nothing_lost

NOTES = ROOT / "tests" / "golden" / "obsidian.md"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(
        tmp_path_factory.mktemp("obsidian"), seeds={"acme.md": NOTES.read_bytes()}
    )
    return build_site(project)  # strict: every tag chip and link resolves


def test_nothing_lost_but_comments(site: Path) -> None:
    assert (
        assert_nothing_lost(site, site.parent / "seeds") == 16
    )  # 25 lines: 4 comment, 2 fences, 3 blank


def test_callouts_become_admonitions_folded_when_asked(site: Path) -> None:
    html = article(page_html(site, "acme/notes"))
    tip = re.search(r'<div class="admonition tip"[^>]*id="notes-L16"[^>]*>(.*?)</div>', html, re.S)
    assert tip and "Remember" in tip.group(1) and "breathe" in tip.group(1)
    folded = re.search(r'<details class="warning"[^>]*>', html)
    assert folded and " open" not in folded.group(0)
    assert "talking too long" in visible_text(html)


def test_highlight_is_marked_on_the_page_and_on_the_sheet(site: Path) -> None:
    assert "<mark>reliable</mark>" in article(page_html(site, "acme/narrative"))
    sheet = article(page_html(site, "acme/one-pager"))
    assert "==" not in visible_text(sheet) and "reliable" in visible_text(sheet)


def test_comments_are_nowhere_not_even_in_search(site: Path) -> None:
    everything = " ".join(  # pages, search index, source map (published too): every file
        p.read_bytes().decode("utf-8", "replace") for p in site.rglob("*") if p.is_file()
    )
    for secret in ("private thoughts", "about salary", "boring"):
        assert secret not in everything
    smap = json.loads((site / "acme" / "source-map.json").read_text("utf-8"))
    reasons = {m["line"]: m.get("reason") for m in smap["lines"]}
    assert [n for n, r in reasons.items() if r == "comment"] == [12, 13, 14, 15]
    assert smap["lines"][4]["page"] == "acme/narrative/"  # the pitch line, its comment gone


def test_tasks_make_a_checklist_on_the_overview(site: Path) -> None:
    html = article(page_html(site, "acme"))
    boxes = re.findall(r'<input type="checkbox"[^>]*>', html)
    assert len(boxes) == 3 and sum("checked" in b for b in boxes) == 1
    text = visible_text(html)
    assert "research the founders" in text and "ask about team size" in text
    assert "ask about team size" not in visible_text(article(page_html(site, "acme/questions")))


def test_tags_are_chips_with_an_index(site: Path) -> None:
    questions = article(page_html(site, "acme/questions"))
    assert re.search(r'<a class="handbook-tag" href="\.\./tags/#tag-growth">#growth</a>', questions)
    tags = article(page_html(site, "acme/tags"))
    growth = re.search(r'id="tag-growth".*?<ul>(.*?)</ul>', tags, re.S)
    assert growth is not None
    assert 'href="../questions/#L10"' in growth.group(1)
    assert 'href="../ops-model/#L25"' in growth.group(1)
    overview = visible_text(article(page_html(site, "acme")))
    assert "#interview" in overview and "#acme" in overview  # frontmatter tags
