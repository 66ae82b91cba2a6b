"""Stage 5 — render: handbooks → Markdown pages (Jinja2 templates, one per page kind).

A user overrides a page by dropping a template with the same name (``overview.md.j2``,
``questions.md.j2`` …) into the templates folder set in ``mkdocs.yml``
(``extra.handbook.templates``, default ``docs/overrides/handbook/``).
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markupsafe

from .model import BrokenHandbook, Entry, Handbook, Link, PageKind
from .onepager import OnePager
from .text import (
    attr_value,
    balance_quotes,
    inline_html,
    inline_markdown,
    normalize_label,
    plain,
    slugify,
)

TEMPLATE_NAMES = {
    "index": "index.md.j2",
    PageKind.OVERVIEW: "overview.md.j2",
    PageKind.NARRATIVE: "narrative.md.j2",
    PageKind.MAPPING: "mapping.md.j2",
    PageKind.OPS: "ops-model.md.j2",
    PageKind.QUESTIONS: "questions.md.j2",
    PageKind.ONE_PAGER: "one-pager.md.j2",
    PageKind.NOTES: "notes.md.j2",
    PageKind.TAGS: "tags.md.j2",
    "error": "error.md.j2",
    "sheet": "one-pager-sheet.html.j2",
    "pdf": "one-pager.pdf.html.j2",
}
WORDS_PER_MINUTE = 150


@dataclass(frozen=True, slots=True)
class OutputFile:
    """A file of the site, relative to the docs root (``traba/questions.md``)."""

    path: str
    content: str | bytes


@functools.lru_cache(maxsize=8)
def make_environment(override_dir: Path | None, *, allow_html: bool = False) -> jinja2.Environment:
    """The Jinja2 environment (memoised: compiling templates is the costly part; Jinja reloads
    a template whose file changed, so overrides edited under `mkdocs serve` still apply)."""
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None:  # may not exist yet: a template dropped there later still wins
        loaders.append(jinja2.FileSystemLoader(str(override_dir)))
    loaders.append(jinja2.PackageLoader("prep_handbook", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        # Markdown templates write author text through md(); the HTML ones escape everything.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",)),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.tests["broken_handbook"] = lambda x: isinstance(x, BrokenHandbook)
    env.globals.update(
        attrs=attrs,
        code_block=code_block,
        seconds=speaking_seconds,
        tag_anchor=tag_anchor,
        admonition_type=admonition_type,
        plain=plain,
        html=lambda text: markupsafe.Markup(inline_html(text, allow_html=allow_html)),
        allow_html=allow_html,
        PageKind=PageKind,
    )
    return env


def tag_anchor(name: str) -> str:
    return f"tag-{slugify(name) or 'x'}"


# Obsidian callout types → Material admonition types (Material knows the first column too).
CALLOUTS = {
    "summary": "abstract",
    "tldr": "abstract",
    "todo": "info",
    "hint": "tip",
    "important": "tip",
    "check": "success",
    "done": "success",
    "help": "question",
    "faq": "question",
    "caution": "warning",
    "attention": "warning",
    "fail": "failure",
    "missing": "failure",
    "error": "danger",
    "cite": "quote",
}
MATERIAL_TYPES = {
    "note",
    "abstract",
    "info",
    "tip",
    "success",
    "question",
    "warning",
    "failure",
    "danger",
    "bug",
    "example",
    "quote",
}


def admonition_type(callout: str) -> str:
    kind = CALLOUTS.get(callout, callout)
    return kind if kind in MATERIAL_TYPES else "note"


def attrs(entry: Entry, *classes: str, anchor: str | None = None) -> str:
    """An attr_list for an element showing ``entry``: id, classes and the source line."""
    source = attr_value(str(entry.span))
    parts = [f"#{anchor or entry.anchor}", *(f".{c}" for c in classes)]
    parts += [f'data-source="{source}"', f'title="{source}"']
    return "{ " + " ".join(parts) + " }"


def code_block(text: str, lang: str = "text") -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{text}\n{fence}"


def speaking_seconds(words: int) -> int:
    return round(words * 60 / WORDS_PER_MINUTE)


class _PageContext:
    """What one page's template needs to write links and author text."""

    def __init__(
        self,
        hb: Handbook | None,
        page_path: str,
        index: dict[str, Link] | None,
        allow_html: bool = False,
    ) -> None:
        self.hb = hb
        self.allow_html = allow_html
        self.page_path = page_path
        self.index = index or {}

    def href(self, link: Link) -> str:
        target = f"{link.slug}/{link.page.source_name}"
        rel = posixpath.relpath(target, posixpath.dirname(self.page_path) or ".")
        return f"{rel}#{link.anchor}" if link.anchor else rel

    def resolve(self, target: str, heading: str | None, alias: str | None) -> str | None:
        link = self.index.get(normalize_label(heading or target)) or self.index.get(
            normalize_label(target)
        )
        if link is None:
            return None
        shown = alias or (heading or target)
        return f"[{inline_markdown(shown)}]({self.href(link)})"

    def md(self, text: str, links: bool = True) -> str:
        """Author text as safe inline Markdown; ``links=False`` inside a link of our own."""
        if not links:
            return inline_markdown(text, allow_html=self.allow_html)
        return inline_markdown(
            text, self.resolve, allow_html=self.allow_html, tag_link=self.tag_href
        )

    def tag_href(self, name: str) -> str | None:
        """Where a ``#tag`` chip points: its entry in this handbook's tags index."""
        if self.hb is None or name.lower() not in dict(self.hb.tags):
            return None
        link = Link(name, self.hb.slug, PageKind.TAGS, tag_anchor(name))
        return self.href(link)

    def joined(self, entries: Sequence[Entry]) -> str:
        """Lines of one paragraph as flowing prose (unbalanced outer quote marks dropped)."""
        return self.md(balance_quotes(" ".join(e.text for e in entries)))

    def bullets(
        self, entries: Sequence[Entry], *classes: str, depth: int = 0, numbered: bool = False
    ) -> str:
        """A (nested) Markdown list of entries, each with its id and source line."""
        lines: list[str] = []
        pad = "    " * depth
        for i, e in enumerate(entries, start=1):
            marker = f"{i}." if numbered else "-"
            cls = [*classes, "handbook-quote"] if e.quoted else list(classes)
            if "\n" in e.text:  # a fenced code block written in the notes, shown as written
                lines.append(f"{pad}{marker}")
                lines.extend(f"{pad}    {ln}" for ln in code_block(e.text).split("\n"))
            else:
                lines.append(f"{pad}{marker} {self.md(e.text)}")
                lines.append(f"{pad}    {attrs(e, *cls)}")
            if e.children:
                lines.append(self.bullets(e.children, *classes, depth=depth + 1))
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class SheetPage:
    """The one-pager of a handbook as it fits one page."""

    one: OnePager
    """What is on the sheet (items left off for room already removed)."""
    level: int
    """Density level the fit loop chose (sheet.LEVELS)."""
    has_pdf: bool


def sheet_fragment(
    env: jinja2.Environment, hb: Handbook, one: OnePager, level: int, base: str | None
) -> str:
    """The sheet as one HTML block (no blank lines, so Markdown leaves it alone)."""
    html = env.get_template(TEMPLATE_NAMES["sheet"]).render(
        one=one, level=level, base=base, company=hb.company, slug=hb.slug
    )
    return "\n".join(line for line in html.split("\n") if line.strip())


def sheet_document(
    env: jinja2.Environment,
    hb: Handbook,
    one: OnePager,
    level: int,
    base: str | None,
    created: str | None,
) -> str:
    """The sheet as a standalone HTML document, for WeasyPrint."""
    return env.get_template(TEMPLATE_NAMES["pdf"]).render(
        sheet=markupsafe.Markup(sheet_fragment(env, hb, one, level, base)),
        company=hb.company,
        created=created,
    )


def render_site(
    handbooks: Sequence[Handbook | BrokenHandbook],
    env: jinja2.Environment,
    index_for: Callable[[Handbook], dict[str, Link]],
    sheets: Mapping[str, SheetPage],
) -> list[OutputFile]:
    """Every generated page of the site, in a stable order."""
    out: list[OutputFile] = []
    root = _PageContext(None, "index.md", None)
    index_page = env.get_template(TEMPLATE_NAMES["index"]).render(handbooks=handbooks, page=root)
    out.append(OutputFile("index.md", index_page))
    for hb in handbooks:
        if isinstance(hb, BrokenHandbook):
            for broken_kind in (k for k in PageKind if k is not PageKind.NOTES):
                path = f"{hb.slug}/{broken_kind.source_name}"
                ctx = _PageContext(None, path, None)
                page = env.get_template(TEMPLATE_NAMES["error"]).render(
                    hb=hb, kind=broken_kind, page=ctx, error=hb.error
                )
                out.append(OutputFile(path, page))
            continue
        index = index_for(hb)
        sheet = sheets[hb.slug]
        fragment = sheet_fragment(env, hb, sheet.one, sheet.level, "../")
        for kind in hb.pages:
            path = f"{hb.slug}/{kind.source_name}"
            ctx = _PageContext(hb, path, index, env.globals["allow_html"] is True)
            page = env.get_template(TEMPLATE_NAMES[kind]).render(
                hb=hb,
                kind=kind,
                page=ctx,
                one=sheet.one,
                sheet=fragment,
                has_pdf=sheet.has_pdf,
                wpm=WORDS_PER_MINUTE,
            )
            out.append(OutputFile(path, page))
        out.append(OutputFile(f"{hb.slug}/source-map.json", source_map_json(hb)))
    return out


def source_map_json(hb: Handbook) -> str:
    lines = []
    for m in hb.source_map:
        item: dict[str, object] = {
            "line": m.line,
            "text": m.text,
            "page": m.page,
            "anchor": m.anchor,
        }
        if m.reason:
            item["reason"] = m.reason
        lines.append(item)
    data = {"source": hb.source, "company": hb.company, "slug": hb.slug, "lines": lines}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


__all__ = ["OutputFile", "SheetPage", "make_environment", "render_site"]
