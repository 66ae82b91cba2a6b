"""The whole story on one screen: seeds/*.md → read → outline → classify → render → files.

Nothing here knows MkDocs: the hook (``hooks/handbook_hook.py``) and the exporter both call
:func:`build_site` and only decide what to do with the files, warnings and errors it returns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .classify import classify, identify, link_index
from .errors import NotesError, NotesWarning
from .model import BrokenHandbook, Handbook, PageKind
from .outline import outline
from .read import Document, read_notes
from .render import OutputFile, make_environment, render_site
from .rules import DEFAULT_RULES, RulesConfigError, RuleSource, extend_rules

NOTES_SUFFIXES = (".md", ".markdown")
DEFAULT_SEEDS = "seeds"
DEFAULT_TEMPLATES = "docs/overrides/handbook"


@dataclass(frozen=True, slots=True)
class Settings:
    """What a build needs to know, read from ``extra.handbook`` in mkdocs.yml."""

    project_dir: Path
    seeds: str = DEFAULT_SEEDS
    """The notes folder, relative to the project (where mkdocs.yml is)."""
    templates: str = DEFAULT_TEMPLATES
    """Where same-named templates override the built-in ones."""
    rules: RuleSource = DEFAULT_RULES

    @property
    def seeds_dir(self) -> Path:
        return self.project_dir / self.seeds

    @property
    def templates_dir(self) -> Path:
        return self.project_dir / self.templates


def settings_from_mapping(raw: object, project_dir: Path) -> Settings:
    """``extra.handbook`` from mkdocs.yml → :class:`Settings` (``RulesConfigError`` if off)."""
    if raw is None:
        return Settings(project_dir=project_dir)
    if not isinstance(raw, Mapping):
        raise RulesConfigError("extra.handbook must be a mapping (seeds, templates, rules)")
    unknown = set(raw) - {"seeds", "templates", "rules"}
    if unknown:
        raise RulesConfigError(
            f"extra.handbook: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
            "use seeds, templates or rules"
        )
    return Settings(
        project_dir=project_dir,
        seeds=str(raw.get("seeds") or DEFAULT_SEEDS).strip("/"),
        templates=str(raw.get("templates") or DEFAULT_TEMPLATES).strip("/"),
        rules=extend_rules(DEFAULT_RULES, raw.get("rules")),
    )


@dataclass(frozen=True, slots=True)
class Site:
    files: tuple[OutputFile, ...]
    handbooks: tuple[Handbook | BrokenHandbook, ...]
    errors: tuple[NotesError, ...]
    warnings: tuple[NotesWarning, ...]
    ignored: tuple[str, ...] = ()
    """Files in the notes folder that are not notes (not .md): left alone, said once."""
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
    return classify(outline(read_notes(path, stem, data)), rules)


def _broken(path: str, stem: str, error: NotesError) -> BrokenHandbook:
    ident = identify(Document(path=path, stem=stem, lines=()))
    return BrokenHandbook(source=path, slug=ident.slug, company=ident.company, error=error)


def build_site(settings: Settings) -> Site:
    notes, other = find_sources(settings.seeds_dir)
    handbooks: list[Handbook | BrokenHandbook] = []
    errors: list[NotesError] = []
    taken: dict[str, str] = {}
    for p in notes:
        display = f"{settings.seeds}/{p.relative_to(settings.seeds_dir).as_posix()}"
        try:
            hb: Handbook | BrokenHandbook = load_handbook(
                display, p.stem, p.read_bytes(), settings.rules
            )
        except NotesError as exc:
            hb = _broken(display, p.stem, exc)
        if isinstance(hb, BrokenHandbook):
            errors.append(hb.error)
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
    env = make_environment(settings.templates_dir)
    files = render_site(handbooks, env, link_index)
    warnings = tuple(w for hb in handbooks if isinstance(hb, Handbook) for w in hb.warnings)
    return Site(
        files=tuple(files),
        handbooks=tuple(handbooks),
        errors=tuple(errors),
        warnings=warnings,
        ignored=tuple(
            f"{settings.seeds}/{p.relative_to(settings.seeds_dir).as_posix()}" for p in other
        ),
        nav=site_nav(handbooks),
    )


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
            {page_title(k, hb.company): f"{hb.slug}/{k.source_name}"}
            for k in pages
            if k is not PageKind.OVERVIEW
        ]
        nav.append({hb.company: entries})
    return nav


def page_title(kind: PageKind, company: str) -> str:
    return f"Experience → {company}" if kind is PageKind.MAPPING else kind.label
