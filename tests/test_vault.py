"""Links and embeds across the notes folder: [[other-file#heading]], ![[notes]], ![[image]]."""

from __future__ import annotations

import json
import re
import struct
import zlib
from pathlib import Path

import pytest
from browser import chromium, static_server
from prep_handbook.pipeline import build_site as build_core
from prep_handbook.pipeline import settings_from_mapping
from sitekit import (
    article,
    assert_nothing_lost,
    build_site,
    copy_project,
    page_html,
    run_mkdocs,
    visible_text,
)

pytestmark = pytest.mark.site

ACME = """\
---
company: Acme
---
- experience
\t- ran repairs
- operations
\t- growth ops
\t\t- forecasting demand
- questions they ask me
\t- why acme?
\t\t- because
- stories to reuse
\t- ![[stories#leadership]]
\t- see [[globex#why globex?]] and [[#growth ops]] and [[stories]]
\t- ![[diagram.png|300]]
\t- ![[Pasted image 1.png]]
- ![[stories]]
"""
STORIES = """\
# Stories
## Leadership
- led the night shift
\t- 40 people, 3 sites
## Failure
- shipped late once
- ![[acme]]
"""
GLOBEX = """\
- questions they ask me
\t- why globex?
\t\t- the scale
"""


def png(width: int, height: int) -> bytes:
    """A real (grey) PNG file, so the browser can decode it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def vault_project(root: Path, acme: str = ACME) -> Path:
    project = copy_project(
        root, seeds={"acme.md": acme, "stories.md": STORIES, "globex.md": GLOBEX}
    )
    (project / "seeds" / "diagram.png").write_bytes(png(40, 20))
    (project / "seeds" / "attachments").mkdir()
    (project / "seeds" / "attachments" / "Pasted image 1.png").write_bytes(png(8, 8))
    (project / "seeds" / "unused.png").write_bytes(png(2, 2))
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(vault_project(tmp_path_factory.mktemp("vault")))  # strict


def _page_of(site: Path, line: int) -> tuple[str, str]:
    smap = json.loads((site / "acme" / "source-map.json").read_text("utf-8"))
    entry = next(m for m in smap["lines"] if m["line"] == line)
    return entry["page"], entry["anchor"]


def _item(html: str, anchor: str) -> str:
    """The element with this id and all up to the next line of acme.md (what is shown for
    that line, whether a list item or a heading)."""
    start = html.rindex("<", 0, html.index(f'id="{anchor}"'))
    end = html.find('data-source="seeds/acme.md:', html.index(f'id="{anchor}"') + 1)
    return html[start : end if end > 0 else len(html)]


def test_nothing_lost_in_any_file(site: Path) -> None:
    assert (
        assert_nothing_lost(site, site.parent / "seeds") == 15 + 7 + 3
    )  # every line but the two frontmatter fences


def test_heading_embed_shows_that_section_nested_with_its_source(site: Path) -> None:
    page, anchor = _page_of(site, 13)
    item = _item(article(page_html(site, page)), anchor)
    assert "led the night shift" in item and "40 people, 3 sites" in item
    assert "shipped late once" not in item  # only the Leadership section
    assert re.search(r'<li class="handbook-embedded" data-source="seeds/stories.md:3"', item)
    embedded = re.findall(
        r'<li class="handbook-embedded" data-source="seeds/stories.md:(\d+)', item
    )
    assert embedded == ["2", "3", "4"]  # the heading, its item, the item's child
    # the embed line links to where that heading landed in the Stories handbook (a story
    # under "# Stories" is experience: the mapping page)
    assert re.search(r'<a href="(\.\./)+stories/mapping/#L2">Stories › leadership</a>', item)


def test_whole_file_embed_links_nested_embeds_instead_of_looping(site: Path) -> None:
    page, anchor = _page_of(site, 17)
    item = _item(article(page_html(site, page)), anchor)
    text = visible_text(item)
    for line in ("Stories", "Leadership", "led the night shift", "Failure", "shipped late once"):
        assert line in text
    # stories.md embeds acme.md, which embeds stories.md: shown as a link, not expanded again
    assert re.search(r'<a href="(\.\./)+(acme/)?">Acme</a>', item)
    assert text.count("led the night shift") == 1


def test_links_into_other_handbooks_and_own_headings(site: Path) -> None:
    page, anchor = _page_of(site, 14)
    item = _item(article(page_html(site, page)), anchor)
    hrefs = re.findall(r'<a href="([^"]+)">([^<]+)</a>', item)
    assert page.startswith("acme/") and page.count("/") == 2
    assert hrefs[:3] == [
        ("../../globex/questions/#L2", "globex › why globex?"),
        ("../ops-model/#growth-ops", "growth ops"),
        ("../../stories/", "stories"),
    ]
    assert (site / "globex" / "questions" / "index.html").is_file()
    assert 'id="L2"' in page_html(site, "globex/questions")


def test_images_are_copied_and_shown_at_their_size(site: Path) -> None:
    seeds = site.parent / "seeds"
    assert (site / "media" / "diagram.png").read_bytes() == (seeds / "diagram.png").read_bytes()
    pasted = site / "media" / "attachments-pasted-image-1.png"
    assert pasted.read_bytes() == (seeds / "attachments" / "Pasted image 1.png").read_bytes()
    assert not (site / "media" / "unused.png").exists()
    page, _anchor = _page_of(site, 15)
    html = article(page_html(site, page))
    up = "../" * page.count("/")
    assert re.search(rf'<img alt="diagram.png" src="{up}media/diagram.png" width="300"', html)
    assert f'src="{up}media/attachments-pasted-image-1.png"' in html


@pytest.mark.browser
def test_images_load_in_a_browser(site: Path) -> None:
    page, _anchor = _page_of(site, 15)
    with static_server(site) as base, chromium() as browser:
        tab = browser.new_page(viewport={"width": 390, "height": 844})
        tab.goto(base + page)
        sizes = tab.eval_on_selector_all(
            "article img", "imgs => imgs.map(i => [i.complete, i.naturalWidth, i.width])"
        )
    assert sizes == [[True, 40, 300], [True, 8, 8]]


def test_missing_heading_is_a_warning_and_notes_elsewhere_are_reported(tmp_path: Path) -> None:
    acme = ACME + "- ![[nobody]] and [[globex#why globx?]] and ![[gone.png]] and [[globex#zz]]\n"
    project = vault_project(tmp_path / "p", acme)
    site = build_core(settings_from_mapping(None, project))
    lines = [str(w).split(" — ")[0] for w in site.warnings]
    assert lines == [
        "seeds/acme.md:18: the link [[globex#why globx?]] matches no heading, label, "
        "bucket or question in this handbook, and no other notes file; did you mean "
        "[[globex#why globex?]]?",
        "seeds/acme.md:18: the link [[globex#zz]] matches no heading, label, "
        "bucket or question in this handbook, and no other notes file",
    ]
    assert site.notices[0] == (
        "seeds/unused.png: not a Markdown notes file (.md) and embedded nowhere, left alone"
    )
    elsewhere = [n.split(" — ")[0] for n in site.notices if "not in the seeds folder" in n]
    assert elsewhere == [
        "seeds/acme.md:18: ![[nobody]] names a note that is not in the seeds folder: shown as "
        "plain text",
        "seeds/acme.md:18: ![[gone.png]] names a note that is not in the seeds folder: shown as "
        "plain text",
    ]
    assert all(n.startswith("seeds/") for n in site.notices[1:])


def test_an_embed_spelled_close_to_a_note_fails_a_strict_build(tmp_path: Path) -> None:
    project = vault_project(tmp_path / "p", ACME + "- ![[storie]]\n")
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 1
    warnings = [ln for ln in result.stderr.splitlines() if ln.startswith("WARNING")]
    assert warnings == [
        "WARNING -  seeds/acme.md:18: the embed ![[storie]] matches no notes file, heading or "
        "image in the seeds folder; did you mean [[stories]]? — put the file in the seeds "
        "folder, or fix its name"
    ]
    assert "Traceback" not in result.stderr


def test_an_embedded_line_drops_its_marks_as_on_its_own_page(tmp_path: Path) -> None:
    project = copy_project(
        tmp_path / "p",
        seeds={
            "beta.md": "- working on dispatch #ops #sheet #homework\n",
            "acme.md": "- ![[beta]]\n",
        },
    )
    site = build_site(project)
    shown = visible_text(article(page_html(site, "acme/notes")))
    assert "working on dispatch" in shown and "#homework" in shown
    assert "#ops" not in shown and "#sheet" not in shown
