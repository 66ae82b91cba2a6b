"""End to end: the repository's own mkdocs.yml, built strictly into a temp folder."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sample import ROOT, SHIPPED
from sitekit import (
    article,
    assert_nothing_lost,
    build_site,
    copy_project,
    page_html,
    run_mkdocs,
    source_map,
    visible_text,
    words,
)

pytestmark = pytest.mark.site

PAGES = ["", "narrative", "mapping", "ops-model", "questions", "one-pager"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project, built with --strict exactly as configured in the repository."""
    return build_site(ROOT, tmp_path_factory.mktemp("site"))


def _text(site: Path, url: str) -> str:
    return visible_text(article(page_html(site, url)))


def test_url_contract(site: Path) -> None:
    assert (site / "index.html").is_file()
    for page in PAGES:
        assert (site / "traba" / page / "index.html").is_file(), page
    assert not (site / "traba" / "notes").exists()  # nothing unsorted in the shipped notes
    assert (site / "traba" / "source-map.json").is_file()


def test_nothing_generated_is_written_into_docs(site: Path) -> None:
    tracked = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*")}
    assert not any(p.startswith("traba") or p == "index.md" for p in tracked)


def test_every_line_lands_on_the_page_the_source_map_names(site: Path) -> None:
    smap = source_map(site, "traba")
    assert smap["source"] == "seeds/traba-preparation.md" and smap["company"] == "Traba"
    assert assert_nothing_lost(site, ROOT / "seeds") == 64  # 80 lines: 14 blank, 2 fences


def test_pitch_is_flowing_prose_and_why_is_its_own_section(site: Path) -> None:
    html = article(page_html(site, "traba/narrative"))
    pitch = re.findall(r'<p class="handbook-say"[^>]*id="L5"[^>]*>(.*?)</p>', html, re.S)
    assert len(pitch) == 1
    text = visible_text(pitch[0])
    assert text.startswith("I joined Microsoft") and text.endswith("at a fast-growing company")
    assert 'id="why-traba"' in html
    assert "I’m interested in joining Traba because" in visible_text(html)
    assert 'href="../questions/#L24"' in html  # why section → the question


def test_questions_page(site: Path) -> None:
    html = article(page_html(site, "traba/questions"))
    details = re.findall(r"<details[^>]*>", html)
    assert len(details) == 2 and not any(" open" in d for d in details)  # collapsed until tapped
    assert "<summary>why traba</summary>" in html
    assert 'href="../narrative/#why-traba"' in html  # question → why section
    to_ask = re.search(r'id="to-ask".*?<ol>(.*?)</ol>', html, re.S)
    assert to_ask is not None
    items = [visible_text(li) for li in re.findall(r"<li[^>]*>(.*?)</li>", to_ask.group(1), re.S)]
    assert len(items) == 5
    assert items[1].startswith("“How are you thinking")
    assert items[2].startswith("“Where do you think Traba’s")
    assert items[3].startswith("“What growth bets")
    assert items[4] == "converting->"
    talking = re.search(r'id="talking-points".*?<ul>(.*?)</ul>', html, re.S)
    assert talking is not None and "We had to manage both" in talking.group(1)


def test_mapping_and_ops_model_cross_links(site: Path) -> None:
    mapping = article(page_html(site, "traba/mapping"))
    ops = page_html(site, "traba/ops-model")
    links = set(re.findall(r'href="\.\./ops-model/#([^"]+)"', mapping))
    assert links and all(f'id="{anchor}"' in ops for anchor in links)
    assert "growth-ops" in links
    for bucket in ("growth ops", "customer opers", "worker ops"):
        assert f">{bucket}" in ops
    assert "firecasting" in _text(site, "traba/ops-model")  # typos stay as written


def test_overview_and_one_pager_link_to_every_page(site: Path) -> None:
    overview = article(page_html(site, "traba"))
    for page in PAGES[1:]:
        assert f'href="{page}/"' in overview, page
    one = article(page_html(site, "traba/one-pager"))
    for page in ("narrative", "mapping", "ops-model", "questions"):
        assert f'href="../{page}/' in one, page
    home = article(page_html(site, ""))
    assert 'href="traba/"' in home


def test_source_is_shown_unobtrusively_on_items(site: Path) -> None:
    html = page_html(site, "traba/questions")
    assert 'data-source="seeds/traba-preparation.md:25"' in html
    assert 'title="seeds/traba-preparation.md:25"' in html


def test_search_index_holds_text_of_every_generated_page(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    by_page: dict[str, str] = {}
    for doc in index["docs"]:
        by_page.setdefault(doc["location"].split("#")[0], "")
        by_page[doc["location"].split("#")[0]] += " " + doc["title"] + " " + doc["text"]
    expected = {
        "traba/": "seeds traba preparation",
        "traba/narrative/": "pivotal time period",
        "traba/mapping/": "supply chain responsibilities",
        "traba/ops-model/": "trojan horsefor",
        "traba/questions/": "biggest bottlenecks to growth",
        "traba/one-pager/": "prepared answers",
    }
    for page, phrase in expected.items():
        assert phrase in " ".join(words(visible_text(by_page[page]))), page


def test_offline_and_private(site: Path) -> None:
    foreign = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)
    css_url = re.compile(r"""url\(\s*["']?(?:https?:)?//""", re.I)
    for page in site.rglob("*.html"):
        text = page.read_text("utf-8")
        assert not foreign.search(text), page
        if page.name == "index.html":
            assert '<meta name="robots" content="noindex, nofollow">' in text, page
    for css in site.rglob("*.css"):
        assert not css_url.search(css.read_text("utf-8")), css
    assert "fonts.googleapis" not in (site / "index.html").read_text("utf-8")


def test_build_is_byte_identical(tmp_path: Path, site: Path) -> None:
    again = build_site(ROOT, tmp_path / "again")
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


_BUILD_AND_SAY_WHAT_LOADED = """
import runpy, sys
site, *optional = sys.argv[1:]
sys.argv = ["mkdocs", "build", "-q", "-d", site]
try:
    runpy.run_module("mkdocs", run_name="__main__")
except SystemExit as done:
    assert not done.code, done.code
from prep_handbook import story
print("loaded:", [m for m in optional if m in sys.modules])
compiled = sum(p.cache_info().currsize for p in (story._ACTION, story._SCENE))
print("beat patterns compiled:", compiled)
"""


def test_an_open_build_of_notes_seen_before_loads_only_what_it_needs(tmp_path: Path) -> None:
    """Fixed cost of every build (DEVELOPMENT.md, Performance): an open build whose one-pager
    fit and typo facts are cached never loads the private build's module (nor cryptography),
    WeasyPrint or pyspellchecker's code, and compiles no beat pattern of a story (the sample
    tells none)."""
    project = copy_project(tmp_path / "p")
    build_site(project, tmp_path / "first")  # fills project/.cache: fit, PDF, typo facts
    optional = ["prep_handbook.private", "cryptography", "weasyprint", "spellchecker"]
    code = _BUILD_AND_SAY_WHAT_LOADED
    args = [sys.executable, "-c", code, str(tmp_path / "again"), *optional]
    done = subprocess.run(args, cwd=project, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == ["loaded: []", "beat patterns compiled: 0"]


def test_several_notes_files_in_several_styles_make_several_handbooks(tmp_path: Path) -> None:
    golden = ROOT / "tests" / "golden"
    seeds = {
        "traba-preparation.md": SHIPPED.read_bytes(),
        "stripe.md": (golden / "headings.md").read_bytes(),
        "logseq.md": (golden / "logseq-tabs.md").read_bytes(),
        "acme.md": (golden / "two-space-stars.md").read_bytes(),
        "globex.md": (golden / "four-space-plus.md").read_bytes(),
        "loose.md": "just a thought\nanother one\n",
    }
    project = copy_project(tmp_path / "p", seeds=seeds)
    site = build_site(project)  # strict: no warning from any of them
    home = article(page_html(site, ""))
    for slug in ("traba", "stripe", "logseq", "acme-corp", "globex", "loose"):
        assert f'href="{slug}/"' in home, slug
    assert (site / "loose" / "notes" / "index.html").is_file()  # nothing recognisable → More notes
    assert "just a thought" in _text(site, "loose/notes")
    assert "How do teams plan?" in _text(site, "stripe/questions")
    assert "routes trucks daily" in _text(site, "globex/ops-model")
    assert assert_nothing_lost(site, project / "seeds") > 100


def test_a_template_dropped_into_the_overrides_folder_replaces_the_built_in(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path / "p")
    override = project / "docs" / "overrides" / "handbook" / "questions.md.j2"
    override.write_text(
        "# Drill\n\n{% for qa in hb.they_ask %}\n- {{ page.md(qa.question.text) }}\n{% endfor %}\n",
        encoding="utf-8",
    )
    site = build_site(project, strict=False)  # the override drops anchors others link to
    text = _text(site, "traba/questions")
    assert text.split()[0] == "Drill" and "why traba" in text
    assert "Talking points" not in text
    assert "Talking points" in _text(build_site(ROOT, tmp_path / "plain"), "traba/questions")


def test_build_fails_with_one_line_for_bad_notes(tmp_path: Path) -> None:
    project = copy_project(
        tmp_path / "p",
        seeds={
            "traba-preparation.md": SHIPPED.read_bytes(),
            "acme.md": "---\ntitle: [oops\n---\n- hi\n",
        },
    )
    result = run_mkdocs(project, "build", "--strict", "-d", str(tmp_path / "out"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("ERROR")]
    assert errors[0].startswith("ERROR   -  seeds/acme.md:2: the frontmatter is not valid YAML")
    assert " — " in errors[0]


def test_strict_build_passes_on_the_command_line(tmp_path: Path) -> None:
    result = run_mkdocs(ROOT, "build", "--strict", "-d", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
