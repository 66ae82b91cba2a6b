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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markupsafe

from .fit import fit_svg
from .model import BrokenHandbook, Entry, Handbook, Link, PageKind
from .onepager import OnePager, SheetItem
from .prose import bullet_lines, joined
from .readiness import PITCH_SECONDS, WORDS_PER_MINUTE, Readiness, speaking_seconds
from .rehearse import deck
from .text import (
    EMBED_LINE,
    attr_value,
    balance_quotes,
    inline_html,
    inline_markdown,
    plain,
    relative_path,
    slugify,
)
from .vault import NoteEmbed, Vault

TEMPLATE_NAMES = {
    "index": "index.md.j2",
    PageKind.OVERVIEW: "overview.md.j2",
    PageKind.NARRATIVE: "narrative.md.j2",
    PageKind.MAPPING: "mapping.md.j2",
    PageKind.OPS: "ops-model.md.j2",
    PageKind.QUESTIONS: "questions.md.j2",
    PageKind.DRILL: "drill.md.j2",
    PageKind.ONE_PAGER: "one-pager.md.j2",
    PageKind.NOTES: "notes.md.j2",
    PageKind.TAGS: "tags.md.j2",
    "error": "error.md.j2",
    "sheet": "one-pager-sheet.html.j2",
    "pdf": "one-pager.pdf.html.j2",
}


@dataclass(frozen=True, slots=True)
class OutputFile:
    """A file of the site, relative to the docs root (``traba/questions.md``)."""

    path: str
    content: str | bytes


@functools.lru_cache(maxsize=8)
def make_environment(
    override_dir: Path | None, *, allow_html: bool = False, cache_dir: Path | None = None
) -> jinja2.Environment:
    """The Jinja2 environment (memoised: compiling templates is the costly part; Jinja reloads
    a template whose file changed, so overrides edited under `mkdocs serve` still apply).
    With ``cache_dir``, compiled templates are kept there for the next process (keyed by each
    template's source, so an edited template is compiled afresh)."""
    bytecode: jinja2.BytecodeCache | None = None
    if cache_dir is not None:
        try:
            (cache_dir / "templates").mkdir(parents=True, exist_ok=True)
            bytecode = jinja2.FileSystemBytecodeCache(str(cache_dir / "templates"))
        except OSError:
            bytecode = None  # a read-only checkout still builds, compiling every time
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
        bytecode_cache=bytecode,
    )
    env.tests["broken_handbook"] = lambda x: isinstance(x, BrokenHandbook)
    env.globals.update(
        attrs=attrs,
        count=count,
        code_block=code_block,
        seconds=speaking_seconds,
        fit_svg=fit_svg,
        pitch_seconds=PITCH_SECONDS,
        tag_anchor=tag_anchor,
        admonition_type=admonition_type,
        plain=plain,
        html=lambda text: markupsafe.Markup(inline_html(text, allow_html=allow_html)),
        allow_html=allow_html,
        PageKind=PageKind,
    )
    return env


def count(n: int, one: str, many: str = "") -> str:
    """A number and its noun, agreeing: "1 experience point", "2 experience points"."""
    return f"{n} {one if n == 1 else many or one + 's'}"


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


def attrs(
    entry: Entry,
    *classes: str,
    anchor: str | None = None,
    with_id: bool = True,
    title: bool = True,
) -> str:
    """An attr_list for an element showing ``entry``: id, classes and the source line.
    ``with_id=False`` for a line embedded from another notes file (its ids are its own page's);
    ``title=False`` for a code block (SuperFences shows a title as a file name)."""
    source = attr_value(str(entry.span))
    parts = [f"#{anchor or entry.anchor}"] if with_id else []
    parts += [f".{c}" for c in classes]
    parts += [f'data-source="{source}"'] + ([f'title="{source}"'] if title else [])
    return "{ " + " ".join(parts) + " }"


def code_block(text: str, lang: str = "text", head: str = "") -> str:
    """A fence long enough for the backticks inside; ``head`` is an attr_list for the block
    (SuperFences reads ``{ .lang #id … }`` on the opening fence)."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{head or lang}\n{text}\n{fence}"


class _PageContext:
    """What one page's template needs to write links and author text."""

    def __init__(
        self,
        hb: Handbook | None,
        page_path: str,
        vault: Vault | None,
        allow_html: bool = False,
    ) -> None:
        self.hb = hb
        self.allow_html = allow_html
        self.page_path = page_path
        self.vault = vault
        self.tag_names = {name for name, _links in hb.tags} if hb is not None else set()
        self._bullets: frozenset[int] | None = None

    def href(self, link: Link) -> str:
        target = f"{link.slug}/{link.page.source_name}"
        return self.relative(target, link.anchor)

    def relative(self, target: str, anchor: str | None = None) -> str:
        """A path from this page to a file of the site (relative to the docs root)."""
        rel = relative_path(target, posixpath.dirname(self.page_path))
        return f"{rel}#{anchor}" if anchor else rel

    def resolve(self, target: str, heading: str | None, alias: str | None) -> str | None:
        """A ``[[wikilink]]`` (or, with ``!`` before the target, an embed) as inline Markdown."""
        if self.hb is None or self.vault is None:
            return None
        if target.startswith("!"):
            return self.embed_inline(target[1:], heading, alias)
        link = self.vault.link(self.hb, target, heading)
        if link is None:
            return None
        shown = alias or (f"{target} › {heading}" if target and heading else heading or target)
        return f"[{inline_markdown(shown)}]({self.href(link)})"

    def embed_inline(self, target: str, heading: str | None, alias: str | None) -> str | None:
        """An image embed as the image; a notes embed inside a line as a link to it."""
        assert self.vault is not None
        image = self.vault.image(target, alias)
        if image is not None:
            md = f"![{inline_markdown(image.alt)}]({self.relative(image.path)})"
            size = " ".join(
                f'{k}="{v}"' for k, v in (("width", image.width), ("height", image.height)) if v
            )
            return f"{md}{{ {size} }}" if size else md
        note = self.vault.note(target, heading)
        if note is None:
            return None
        return f"[{inline_markdown(alias or note.title)}]({self.href(note.link)})"

    def md(self, text: str, links: bool = True) -> str:
        """Author text as safe inline Markdown; ``links=False`` inside a link of our own."""
        if not links:
            return inline_markdown(text, allow_html=self.allow_html)
        return inline_markdown(
            text, self.resolve, allow_html=self.allow_html, tag_link=self.tag_href
        )

    def tag_href(self, name: str) -> str | None:
        """Where a ``#tag`` chip points: its entry in this handbook's tags index."""
        if self.hb is None or name.lower() not in self.tag_names:
            return None
        link = Link(name, self.hb.slug, PageKind.TAGS, tag_anchor(name))
        return self.href(link)

    def joined(self, entries: Sequence[Entry]) -> str:
        """Lines of one paragraph as flowing prose, each bullet its own sentence (unbalanced
        outer quote marks dropped)."""
        if self._bullets is None:
            self._bullets = bullet_lines(self.hb) if self.hb is not None else frozenset()
        return self.md(balance_quotes(joined(entries, self._bullets)))

    def bullets(
        self,
        entries: Sequence[Entry],
        *classes: str,
        depth: int = 0,
        numbered: bool = False,
        embedded: bool = False,
    ) -> str:
        """A (nested) Markdown list of entries, each with its id and source line; a line that
        is just ``![[a notes file]]`` shows that file's lines nested below it."""
        lines: list[str] = []
        pad = "    " * depth
        for i, e in enumerate(entries, start=1):
            marker = f"{i}." if numbered else "-"
            cls = [*classes, "handbook-quote"] if e.quoted else list(classes)
            note = None if embedded else self.embedded_note(e.text)
            if "\n" in e.text:  # a fenced code block written in the notes, shown as written
                # "- " with its space: a bare "-" is not an item to Python-Markdown, and the
                # fence would run into the item above (its id then lost with its attributes)
                lines.append(f"{pad}{marker} ")
                head = attrs(e, *cls, with_id=not embedded, title=False).replace(
                    "{ ", "{ .text ", 1
                )
                lines.extend(f"{pad}    {ln}" for ln in code_block(e.text, head=head).split("\n"))
            elif note is not None:
                lines.append(f"{pad}{marker} {self.md(e.text)}")
                lines.append(f"{pad}    {attrs(e, *cls, 'handbook-embed')}")
                lines.append(self.bullets(note.entries, depth=depth + 1, embedded=True))
            else:
                lines.append(f"{pad}{marker} {self.md(e.text)}")
                shown = (
                    attrs(e, "handbook-embedded", *cls, with_id=False)
                    if embedded
                    else attrs(e, *cls)
                )
                lines.append(f"{pad}    {shown}")
            if e.children:
                lines.append(self.bullets(e.children, *classes, depth=depth + 1, embedded=embedded))
        return "\n".join(lines)

    def embedded(self, entry: Entry) -> str:
        """For a heading or title that is only ``![[a notes file]]``: that file's lines as a
        list to show under it ("" for any other line)."""
        note = self.embedded_note(entry.text)
        return self.bullets(note.entries, embedded=True) if note is not None else ""

    def embedded_note(self, text: str) -> NoteEmbed | None:
        """The notes a line embeds when the line is nothing but ``![[notes file]]``."""
        m = EMBED_LINE.fullmatch(text.strip())
        if m is None or self.vault is None:
            return None
        return self.vault.note(m.group(1).strip(), m.group(2))


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
        one=one,
        level=level,
        base=base,
        company=hb.company,
        slug=hb.slug,
        titles={
            "day": "The interview",
            "facts": "Key facts",
            "pinned": "Pinned",
            "why": hb.why_title,
            "mapping": hb.mapping_title,
            "ops": hb.ops_title,
        },
        targets=_sheet_targets(hb, one),
    )
    return "\n".join(line for line in html.split("\n") if line.strip())


def _sheet_targets(hb: Handbook, one: OnePager) -> dict[str, str]:
    """Where each part of the sheet links, below the handbook's address; the interview's
    lines and the key facts to where the first of them is shown ("" for no link)."""

    def at(page: PageKind, anchor: str | None = "") -> str:
        return (f"{page.value}/" if page.value else "") + (f"#{anchor}" if anchor else "")

    where = {m.line: m for m in hb.source_map}

    def first(items: tuple[SheetItem, ...]) -> str:
        shown = where.get(items[0].entry.span.start) if items else None
        return at(shown.page, shown.anchor) if shown and shown.page else ""

    a = hb.anchors
    return {
        "day": first(one.day),
        "facts": first(one.facts),
        "pinned": "",
        "pitch": at(PageKind.NARRATIVE, a.pitch),
        "why": at(PageKind.NARRATIVE, a.why),
        "mapping": at(PageKind.MAPPING),
        "ops": at(PageKind.OPS),
        "answers": at(PageKind.QUESTIONS, a.they_ask),
        "asks": at(PageKind.QUESTIONS, a.to_ask),
    }


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
    vault: Vault,
    sheets: Mapping[str, SheetPage],
    ready: Mapping[str, Readiness] | None = None,
) -> list[OutputFile]:
    """Every generated page of the site, in a stable order."""
    out: list[OutputFile] = []
    # Each template looked up once: Jinja checks a template's file for changes on every lookup
    templates = {name: env.get_template(file) for name, file in TEMPLATE_NAMES.items()}
    root = _PageContext(None, "index.md", None)
    index_page = templates["index"].render(handbooks=handbooks, page=root)
    out.append(OutputFile("index.md", index_page))
    for hb in handbooks:
        if isinstance(hb, BrokenHandbook):
            for broken_kind in (k for k in PageKind if k is not PageKind.NOTES):
                path = f"{hb.slug}/{broken_kind.source_name}"
                ctx = _PageContext(None, path, None)
                page = templates["error"].render(hb=hb, kind=broken_kind, page=ctx, error=hb.error)
                out.append(OutputFile(path, page))
            continue
        sheet = sheets[hb.slug]
        fragment = sheet_fragment(env, hb, sheet.one, sheet.level, "../")
        cards = deck(hb)  # the drill's cards and their ids: the drill and the overview print them
        for kind in hb.pages:
            path = f"{hb.slug}/{kind.source_name}"
            ctx = _PageContext(hb, path, vault, env.globals["allow_html"] is True)
            page = templates[kind].render(
                hb=hb,
                kind=kind,
                page=ctx,
                one=sheet.one,
                sheet=fragment,
                has_pdf=sheet.has_pdf,
                wpm=WORDS_PER_MINUTE,
                ready=(ready or {}).get(hb.slug),
                deck=cards,
            )
            out.append(OutputFile(path, page))
        out.append(OutputFile(f"{hb.slug}/source-map.json", source_map_json(hb)))
    return out


_JSON = json.JSONEncoder(ensure_ascii=False)
"""One encoder for all lines (``json.dumps`` with an option makes a new one per call)."""


def source_map_json(hb: Handbook) -> str:
    """Where each line of the notes landed: one line of JSON per line of notes (written with
    the C encoder, line by line: ``indent=`` would switch to the slow pure-Python one)."""
    lines = []
    for m in hb.source_map:
        item: dict[str, object] = {
            "line": m.line,
            "text": m.text,
            "page": None if m.page is None else m.page.url(hb.slug),
            "anchor": m.anchor,
        }
        if m.rule:
            item["rule"] = m.rule.value
        if m.section:
            item["section"] = m.section.value
        if m.reason:
            item["reason"] = m.reason.value
        lines.append(_JSON.encode(item))
    head = _JSON.encode({"source": hb.source, "company": hb.company, "slug": hb.slug})[:-1]
    body = ",\n  ".join(lines)
    return f'{head}, "lines": [\n  {body}\n]}}\n'


__all__ = [
    "TEMPLATE_NAMES",
    "OutputFile",
    "SheetPage",
    "make_environment",
    "render_site",
    "sheet_document",
    "source_map_json",
]
