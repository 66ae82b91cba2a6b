"""The whole story on one screen: seeds/*.md → read → outline → classify → render → files.

Nothing here knows MkDocs: the hook (``hooks/handbook_hook.py``) and the exporter both call
:func:`build_site` and only decide what to do with the files, warnings and errors it returns.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .classify import classify
from .errors import NotesError, NotesWarning
from .model import BrokenHandbook, Handbook, PageKind, Slug
from .naming import identify
from .onepager import OnePager, select_one_pager
from .outline import Outline, _without_comments, outline
from .read import Document, read_notes
from .readiness import Readiness, lines_writing, readiness, words_to_check
from .rehearse import asset_files
from .render import (
    TEMPLATE_NAMES,
    OutputFile,
    SheetPage,
    make_environment,
    render_site,
    sheet_document,
)
from .rules import DEFAULT_RULES, RulesConfigError, RuleSource, extend_rules, hidden_tags
from .sheet import FITS, PAPERS, created_date, pdf_notices, sheet_css
from .spelling import Speller
from .text import plain
from .vault import Vault

NOTES_SUFFIXES = (".md", ".markdown")
DEFAULT_SEEDS = "seeds"
DEFAULT_TEMPLATES = "docs/overrides/handbook"
DEFAULT_CACHE = ".cache/prep-handbook"
SHEET_CSS_PATH = "assets/prep-handbook/one-pager.css"


@dataclass(frozen=True, slots=True)
class Settings:
    """What a build needs to know, read from ``extra.handbook`` in mkdocs.yml."""

    project_dir: Path
    seeds: str = DEFAULT_SEEDS
    """The notes folder, relative to the project (where mkdocs.yml is)."""
    templates: str = DEFAULT_TEMPLATES
    """Where same-named templates override the built-in ones."""
    rules: RuleSource = DEFAULT_RULES
    paper: str = "letter"
    """Paper size of the one-pager PDF: ``letter`` or ``a4`` (the fit is checked at both)."""
    cache: str | None = DEFAULT_CACHE
    """Folder (relative to the project) for one-pager fits and PDFs; None: no cache."""
    allow_html: bool = False
    """Let raw HTML in notes through (off: it is shown as text, so pasted markup never runs)."""
    allow_words: tuple[str, ...] = ()
    """Names and jargon the typo check lets through (``extra.handbook.allow_words``)."""
    site_url: str | None = None
    """Where the site is published: links in the PDF point there (none when unknown)."""
    private: bool = False
    """``extra.handbook.private``: ``mkdocs build`` locks the site with a passphrase, and
    handbooks and images get neutral paths (``notes-1/``, ``media/image-1.png``)."""
    remember_days: int = 30
    """Private build: days an unlocked device keeps the key (``extra.handbook.remember_days``)."""

    @property
    def seeds_dir(self) -> Path:
        return self.project_dir / self.seeds

    @property
    def templates_dir(self) -> Path:
        return self.project_dir / self.templates

    @property
    def cache_dir(self) -> Path | None:
        return self.project_dir / self.cache if self.cache else None


def settings_from_mapping(raw: object, project_dir: Path) -> Settings:
    """``extra.handbook`` from mkdocs.yml → :class:`Settings` (``RulesConfigError`` if off)."""
    if raw is None:
        return Settings(project_dir=project_dir)
    if not isinstance(raw, Mapping):
        raise RulesConfigError("extra.handbook must be a mapping (seeds, templates, rules)")
    keys = {
        "seeds",
        "templates",
        "rules",
        "paper",
        "cache",
        "allow_html",
        "allow_words",
        "private",
        "remember_days",
    }
    unknown = set(raw) - keys
    if unknown:
        raise RulesConfigError(
            f"extra.handbook: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
            f"use {', '.join(sorted(keys))}"
        )
    allow_words = raw.get("allow_words") or []
    if not isinstance(allow_words, list) or not all(isinstance(w, str) for w in allow_words):
        raise RulesConfigError("extra.handbook.allow_words: write a list of words, [acme, gpu]")
    allow_html = raw.get("allow_html", False)
    if not isinstance(allow_html, bool):
        raise RulesConfigError("extra.handbook.allow_html: write true or false")
    private = raw.get("private", False)
    if not isinstance(private, bool):
        raise RulesConfigError("extra.handbook.private: write true or false")
    remember_days = raw.get("remember_days", 30)
    if type(remember_days) is not int or not 1 <= remember_days <= 365:
        raise RulesConfigError("extra.handbook.remember_days: write a number of days, 1 to 365")
    paper = str(raw.get("paper") or "letter").lower()
    if paper not in PAPERS:
        raise RulesConfigError(f"extra.handbook.paper: '{paper}' — use letter or a4")
    cache = raw.get("cache", DEFAULT_CACHE)
    return Settings(
        project_dir=project_dir,
        seeds=str(raw.get("seeds") or DEFAULT_SEEDS).strip("/"),
        templates=str(raw.get("templates") or DEFAULT_TEMPLATES).strip("/"),
        rules=extend_rules(DEFAULT_RULES, raw.get("rules")),
        paper=paper,
        cache=str(cache).strip("/") if cache else None,
        allow_html=allow_html,
        allow_words=tuple(allow_words),
        private=private,
        remember_days=remember_days,
    )


@dataclass(frozen=True, slots=True)
class Site:
    files: tuple[OutputFile, ...]
    handbooks: tuple[Handbook | BrokenHandbook, ...]
    errors: tuple[NotesError, ...]
    warnings: tuple[NotesWarning, ...]
    notices: tuple[str, ...] = ()
    """Lines worth saying that are no problem of the notes: files left alone, no notes yet,
    no WeasyPrint on this machine."""
    nav: list[object] = field(default_factory=list)


def find_sources(seeds_dir: Path) -> tuple[list[Path], list[Path]]:
    """Notes files under the seeds folder, sorted; and the other files there (ignored)."""
    if not seeds_dir.is_dir():
        return [], []
    notes: list[Path] = []
    other: list[Path] = []
    for p in sorted(seeds_dir.rglob("*")):
        rel = p.relative_to(seeds_dir)
        if any(part.startswith(".") for part in rel.parts) or not p.is_file():
            continue  # .obsidian/, .DS_Store, editor swap files
        (notes if p.suffix.lower() in NOTES_SUFFIXES else other).append(p)
    return notes, other


def load_handbook(path: str, stem: str, data: bytes, rules: RuleSource) -> Handbook:
    """One notes file → its handbook (raises :class:`NotesError` for a file it cannot read)."""
    return load_outline(path, stem, data, rules)[0]


def load_outline(
    path: str, stem: str, data: bytes, rules: RuleSource, slug: str | None = None
) -> tuple[Handbook, Outline]:
    """One notes file → its handbook and its outline (what an ``![[embed]]`` of it shows);
    ``slug`` overrides the one its name gives (the private build's neutral paths)."""
    tree = outline(read_notes(path, stem, data))
    return _comments_out_of_map(classify(tree, rules, slug), tree), tree


def _comments_out_of_map(hb: Handbook, tree: Outline) -> Handbook:
    """The source map keeps each line's number and where it went, never ``%%comment%%`` text:
    it is published (``source-map.json``), and comments are shown nowhere. A line wholly
    inside a comment keeps no text; any other line keeps its text without the comment."""
    doc = tree.document
    if not any("%%" in line for line in doc.lines[doc.body_start - 1 :]):
        return hb
    visible, _whole = _without_comments(doc.lines, doc.body_start)
    source_map = tuple(
        dataclasses.replace(m, text=visible[m.line - 1]) if m.line >= doc.body_start else m
        for m in hb.source_map
    )
    return dataclasses.replace(hb, source_map=source_map)


def build_site(settings: Settings) -> Site:
    notes, other = find_sources(settings.seeds_dir)
    handbooks, outlines, errors = _load_all(notes, settings)
    good = [hb for hb in handbooks if isinstance(hb, Handbook)]
    seeds_files = {p.relative_to(settings.seeds_dir).as_posix(): p for p in other}
    marks = hidden_tags(settings.rules.marks)
    vault = Vault(good, outlines, seeds_files, neutral_media=settings.private, marks=marks)
    checked = {hb.slug: vault.check(hb) for hb in good}
    link_warnings = [w for warnings, _elsewhere in checked.values() for w in warnings]
    elsewhere: dict[str, tuple[NotesWarning, ...]] = {
        slug: found for slug, (_warnings, found) in checked.items()
    }
    env = make_environment(
        settings.templates_dir, allow_html=settings.allow_html, cache_dir=settings.cache_dir
    )
    templates = _sheet_templates(env)
    sheets = {hb.slug: _one_pager(hb, env, settings, templates) for hb in good}
    ready = _readiness(good, outlines, settings, elsewhere)
    files = render_site(handbooks, env, vault, {s: sh.page for s, sh in sheets.items()}, ready)
    files += [OutputFile(f"{s}/one-pager.pdf", sh.pdf) for s, sh in sheets.items() if sh.pdf]
    files.append(OutputFile(SHEET_CSS_PATH, sheet_css()))
    files += [OutputFile(path, data) for path, data in asset_files()]
    media = vault.media()
    files += [OutputFile(site_path, path.read_bytes()) for site_path, path in media]
    shown = {path for _site_path, path in media}
    notices = [
        f"{_display(settings, p)}: not a Markdown notes file (.md) and embedded nowhere, left alone"
        for p in other
        if p not in shown
    ]
    if not notes:
        notices.append(
            f"{settings.seeds}/: no notes yet — add a Markdown file such as "
            f"{settings.seeds}/acme-interview.md and a handbook appears"
        )
    notices += [str(w) for found in elsewhere.values() for w in found]
    notices += sorted({sh.problem for sh in sheets.values() if sh.problem})
    notices += pdf_notices()
    notices += [r.summary() for r in ready.values()]
    return Site(
        files=tuple(files),
        handbooks=tuple(handbooks),
        errors=tuple(errors),
        warnings=tuple(link_warnings + [w for sh in sheets.values() for w in sh.left_off]),
        notices=tuple(notices),
        nav=site_nav(handbooks),
    )


def _display(settings: Settings, path: Path) -> str:
    return f"{settings.seeds}/{path.relative_to(settings.seeds_dir).as_posix()}"


def _load_all(
    notes: list[Path], settings: Settings
) -> tuple[list[Handbook | BrokenHandbook], dict[str, Outline], list[NotesError]]:
    """Every notes file → its handbook, or a broken one showing its error; one per URL."""
    handbooks: list[Handbook | BrokenHandbook] = []
    outlines: dict[str, Outline] = {}
    errors: list[NotesError] = []
    taken: dict[str, str] = {}
    for n, p in enumerate(notes, start=1):
        display = _display(settings, p)
        neutral = f"notes-{n}" if settings.private else None
        try:
            hb: Handbook | BrokenHandbook
            hb, outlines[display] = load_outline(
                display, p.stem, p.read_bytes(), settings.rules, neutral
            )
        except NotesError as exc:
            ident = identify(Document(path=display, stem=p.stem, lines=()))
            slug = Slug(neutral) if neutral else ident.slug
            hb = BrokenHandbook(source=display, slug=slug, company=ident.company, error=exc)
            errors.append(exc)
        if hb.slug in taken:
            errors.append(
                NotesError(
                    display,
                    1,
                    f"its handbook would be /{hb.slug}/, which {taken[hb.slug]} already has",
                    "give one of the two files its own 'company:' in the frontmatter",
                )
            )
            continue
        taken[hb.slug] = display
        handbooks.append(hb)
    return handbooks, outlines, errors


def _readiness(
    handbooks: list[Handbook],
    outlines: Mapping[str, Outline],
    settings: Settings,
    elsewhere: Mapping[str, tuple[NotesWarning, ...]],
) -> dict[str, Readiness]:
    """The readiness report of every handbook; the typo check looks words up once for all."""
    speller = Speller(
        [*settings.allow_words, *(hb.company for hb in handbooks)], settings.cache_dir
    )
    checked = {hb.slug: words_to_check(hb, outlines[hb.source]) for hb in handbooks}
    typos = speller.typos(lines_writing(checked.values()))
    return {
        hb.slug: readiness(hb, outlines[hb.source], typos, checked[hb.slug], elsewhere[hb.slug])
        for hb in handbooks
    }


@dataclass(frozen=True, slots=True)
class _Sheet:
    page: SheetPage
    pdf: bytes | None
    left_off: list[NotesWarning]
    problem: str | None


def _sheet_templates(env: jinja2.Environment) -> str:
    """The sheet templates' source, as they are now (a user may override or edit them)."""
    loader = env.loader
    assert loader is not None
    return "\0".join(loader.get_source(env, TEMPLATE_NAMES[name])[0] for name in ("sheet", "pdf"))


def _one_pager(hb: Handbook, env: jinja2.Environment, settings: Settings, templates: str) -> _Sheet:
    """Select, fit (or take a remembered fit) and make the PDF of one handbook's one-pager."""
    one = select_one_pager(hb)
    base = f"{settings.site_url.rstrip('/')}/{hb.slug}/" if settings.site_url else None
    created = created_date()

    def document(sheet: OnePager, level: int) -> str:
        return sheet_document(env, hb, sheet, level, base, created)

    shapes = (hb.company, hb.slug, base, created, templates)  # what else shapes the sheet
    fit = FITS.fit(one, document, settings.paper, settings.cache_dir, shapes)
    dropped = set(fit.dropped)
    left_off = [
        NotesWarning(
            hb.source,
            item.entry.span.start,
            f"left off the one-pager for room: “{plain(item.entry.text)}”",
            "it stays on its full page; pin what matters more with #sheet, "
            "or keep something else off with #nosheet",
        )
        for item in one.drop_order
        if item.key in dropped
    ]
    left_off += [NotesWarning(hb.source, line, what, fix) for line, what, fix in one.unpinned]
    page = SheetPage(one.without(dropped), fit.level, fit.pdf is not None)
    return _Sheet(page, fit.pdf, left_off, fit.problem)


def site_nav(handbooks: list[Handbook | BrokenHandbook]) -> list[object]:
    """Navigation: the list of handbooks, then each handbook's pages in reading order."""
    nav: list[object] = [{"Handbooks": "index.md"}]
    for hb in handbooks:
        pages = (
            hb.pages
            if isinstance(hb, Handbook)
            else tuple(k for k in PageKind if k is not PageKind.NOTES)
        )
        entries: list[object] = [f"{hb.slug}/index.md"]
        entries += [
            {page_title(k, hb): f"{hb.slug}/{k.source_name}"}
            for k in pages
            if k is not PageKind.OVERVIEW
        ]
        nav.append({hb.company: entries})
    return nav


def page_title(kind: PageKind, hb: Handbook | BrokenHandbook) -> str:
    if isinstance(hb, Handbook):
        return hb.title_of(kind)
    return f"Experience → {hb.company}" if kind is PageKind.MAPPING else kind.label
