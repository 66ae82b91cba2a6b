"""Render a handbook's pages without MkDocs (same Markdown extensions) to read their text.

For property tests, which build hundreds of handbooks: the MkDocs site build is tested
elsewhere; here what matters is that the text of every line reaches its page.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import markdown
import yaml
from prep_handbook.model import Handbook
from prep_handbook.onepager import select_one_pager
from prep_handbook.readiness import Readiness
from prep_handbook.render import SheetPage, make_environment, render_site
from prep_handbook.vault import Vault
from sitekit import visible_text

ROOT = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def _extensions() -> tuple[list[object], dict[str, object]]:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    names: list[object] = []
    configs: dict[str, object] = {}
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict):
            ((name, cfg),) = ext.items()
            names.append(name)
            configs[name] = cfg or {}
        else:
            names.append(ext)
    return names, configs


def page_texts(hb: Handbook, ready: Readiness | None = None) -> dict[str, str]:
    """Visible text of each page of the handbook, by URL (``traba/questions/``); with
    ``ready``, the overview shows that readiness report."""
    env = make_environment(None)
    sheets = {hb.slug: SheetPage(select_one_pager(hb), 0, False)}
    names, configs = _extensions()
    out: dict[str, str] = {}
    reports = {hb.slug: ready} if ready is not None else None
    for f in render_site([hb], env, Vault([hb]), sheets, reports):
        if not f.path.endswith(".md") or not isinstance(f.content, str):
            continue
        body = f.content.split("\n---\n", 1)[-1] if f.content.startswith("---") else f.content
        html = markdown.markdown(body, extensions=names, extension_configs=configs)
        url = f.path.removesuffix("index.md").removesuffix(".md")
        url = url if url.endswith("/") or not url else url + "/"
        out[url] = visible_text(html)
    return out
