"""Helpers to build real sites and read what a person would see on their pages."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config


def build_site(project: Path, site: Path | None = None, *, strict: bool = True) -> Path:
    """``mkdocs build`` through MkDocs' own API, as the CLI does it."""
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
