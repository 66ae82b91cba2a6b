"""Helpers to build real sites and read what a person would see on their pages.

A test that builds (build_site, run_mkdocs) is marked ``site``: see tests/tiers.py.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from sample import ROOT, SEEDS
from tiers import require


def copy_project(dest: Path, seeds: dict[str, bytes | str] | None = None) -> Path:
    """A copy of this project (config, hooks, docs, seeds) to build or serve in isolation;
    ``seeds`` (file name: content) replaces the shipped notes."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    shutil.copytree(ROOT / "hooks", dest / "hooks", ignore=ignore)
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=ignore)
    if seeds is None:
        shutil.copytree(SEEDS, dest / "seeds")
    else:
        (dest / "seeds").mkdir()
        for name, content in seeds.items():
            data = content.encode() if isinstance(content, str) else content
            (dest / "seeds" / name).write_bytes(data)
    return dest


def build_site(project: Path, site: Path | None = None, *, strict: bool = True) -> Path:
    """``mkdocs build`` through MkDocs' own API, as the CLI does it."""
    require("site", "builds a site with MkDocs")
    site = site or project / "site"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=strict)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return site


def run_mkdocs(
    project: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command line, for exit codes and what the user reads in the terminal (no
    terminal: standard input is closed, as in CI)."""
    require("serve" if "serve" in args else "site", f"runs mkdocs {' '.join(args)}")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args, "-f", str(project / "mkdocs.yml")],
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", **(env or {})},
    )


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "img" and not self.skip:
            self.parts.append(f" {dict(attrs).get('alt') or ''} ")  # what shows if it cannot

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def article(page_html: str) -> str:
    """The content area of a Material page (no navigation, header or footer)."""
    start = page_html.index("<article")
    return page_html[start : page_html.index("</article>", start)]


def visible_text(fragment: str) -> str:
    parser = _Text()
    parser.feed(fragment)
    return html.unescape(" ".join(parser.parts))


WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def contains_run(haystack: list[str], needle: list[str]) -> bool:
    """Whether ``needle`` appears in ``haystack`` as a contiguous run of words."""
    if not needle:
        return True
    first = needle[0]
    n = len(needle)
    return any(haystack[i : i + n] == needle for i, w in enumerate(haystack) if w == first)


def page_html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def source_map(site: Path, slug: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((site / slug / "source-map.json").read_text("utf-8"))
    return data


# Line markup that is not text: bullets, list numbers, quote markers, heading hashes,
# task boxes, callout types.
_MARKUP = re.compile(r"^(?:\s*(?:[-*+>]|\d{1,9}[.)]|#{1,6}|\[[ xX]\]|\[![\w-]+\][+-]?)(?=\s|$))+")
_IMAGE_SIZE = re.compile(r"\|\s*\d+(?:\s*x\s*\d+)?\s*\]\]")  # ![[a.png|300]]: a width, not text
_MARKS = re.compile(
    r"(?:(?<=\s)|^)#(?:pitch|why|mapping|experience|ops|business|they-ask|ask|more)\b"
)


def assert_nothing_lost(site: Path, seeds: Path) -> int:
    """Each non-blank line of every notes file: its words, in order, on the page its source map
    names, and its anchor on that page. Returns how many lines were checked."""
    checked = 0
    for notes in sorted(seeds.glob("*.md")):
        smaps = [json.loads(p.read_text("utf-8")) for p in site.glob("*/source-map.json")]
        (smap,) = [m for m in smaps if m["source"] == f"seeds/{notes.name}"]
        lines = smap["lines"]
        raw = notes.read_text(encoding="utf-8").splitlines()
        assert [entry["line"] for entry in lines] == list(range(1, len(raw) + 1))
        for entry, line in zip(lines, raw, strict=True):
            if entry.get("reason") == "comment":
                assert entry["text"] == ""  # %%comment%% text is published nowhere, here neither
            elif "%%" not in line:
                assert entry["text"] == line
        texts: dict[str, list[str]] = {}
        for entry in lines:
            if entry.get("reason") == "comment":
                continue  # %%comments%% are shown nowhere, by design
            if not entry["text"].strip():
                assert entry["page"] is None and entry["reason"] == "blank line"
                continue
            if entry["page"] is None:
                assert entry["reason"] and not words(entry["text"]), entry
                continue
            page = entry["page"]
            if page not in texts:
                texts[page] = words(visible_text(article(page_html(site, page))))
            shown = re.sub(r"%%.*?%%", "", _MARKS.sub("", _IMAGE_SIZE.sub("]]", entry["text"])))
            line_words = words(_MARKUP.sub("", shown))
            assert contains_run(texts[page], line_words), (notes.name, entry["line"], page)
            if entry["anchor"]:
                assert f'id="{entry["anchor"]}"' in page_html(site, page), entry
            checked += 1
    return checked
