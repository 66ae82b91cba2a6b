"""The notes folder as Obsidian sees it (a vault): what a ``[[wikilink]]`` or ``![[embed]]``
names, across every handbook, and the images an embed copies into the site.

How a link ``[[target#heading|alias]]`` written in handbook H resolves, first match wins:

1. no target (``[[#heading]]``): the heading or label in H;
2. the target is a notes file (its name or its path under the seeds folder, without ``.md``):
   that handbook, at the heading when one is given, else its overview;
3. the target (or heading) is a heading, label, bucket or question of H;
4. the target is another handbook's company name or slug (as 2).

An embed ``![[x]]`` of an image (``.png``, ``.jpg`` …) found in the seeds folder (by its path,
or its file name anywhere in it, as Obsidian does) shows the image, copied to
``media/``; ``![[x.png|300]]`` sets its width. An embed of a notes file shows that file's
content (or the part under ``#heading``) in place. Embeds inside embedded content are shown as
links, so a file embedding itself, or two embedding each other, cannot loop.
"""

from __future__ import annotations

import dataclasses
import difflib
import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .entries import to_entry
from .errors import NotesWarning
from .model import Entry, Handbook, Link, PageKind
from .outline import Kind, Node, Outline
from .relate import link_index
from .rules import DEFAULT_MARKS, hidden_tags
from .text import IMAGE_SIZE, embeds, normalize_label, slugify, wikilinks

DEFAULT_SHOWN_MARKS = hidden_tags(DEFAULT_MARKS)
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp"})
MEDIA_DIR = "media"


@dataclass(frozen=True, slots=True)
class Image:
    """An embedded image: where the site serves it and how it is shown."""

    path: str
    """Path of the copy in the site, relative to the docs root (``media/diagram.png``)."""
    alt: str
    """The alias written, else the target as written (``diagram.png``), as Obsidian does."""
    width: str | None = None
    height: str | None = None


@dataclass(frozen=True, slots=True)
class NoteEmbed:
    """An embedded notes file (or the part of it under a heading)."""

    link: Link
    """Where that content is shown in its own handbook."""
    title: str
    entries: tuple[Entry, ...]
    """Its lines, as written, with what was written under each."""


@dataclass(slots=True)
class Vault:
    """Every handbook of the site, the outline of each notes file and the other files in the
    seeds folder; answers what a link or an embed written anywhere points to."""

    handbooks: Sequence[Handbook]
    outlines: Mapping[str, Outline] = field(default_factory=dict)
    """Outline of each notes file, by its display path (``seeds/acme.md``)."""
    files: Mapping[str, Path] = field(default_factory=dict)
    """Other files in the seeds folder, by their path under it (``img/diagram.png``)."""
    neutral_media: bool = False
    """Copy images as ``media/image-<n>.<ext>``: their names say nothing (private build)."""
    marks: frozenset[str] = DEFAULT_SHOWN_MARKS
    """Tags taken off a line where it is shown (section marks, ``#sheet``/``#nosheet``)."""
    _indexes: dict[str, dict[str, Link]] = field(default_factory=dict)
    _notes: dict[str, Handbook] = field(default_factory=dict)
    _names: dict[str, Handbook] = field(default_factory=dict)
    _by_file_name: dict[str, str] = field(default_factory=dict)
    _media: dict[str, str] = field(default_factory=dict)
    """Seeds path of an embedded image → its path in the site."""

    def __post_init__(self) -> None:
        for hb in self.handbooks:
            rel = hb.source.split("/", 1)[-1].rsplit(".", 1)[0]
            self._notes.setdefault(normalize_label(rel), hb)
            self._notes.setdefault(normalize_label(rel.rsplit("/", 1)[-1]), hb)
            self._names.setdefault(normalize_label(hb.company), hb)
            self._names.setdefault(normalize_label(hb.slug), hb)
        for rel in sorted(self.files):
            self._by_file_name.setdefault(rel.rsplit("/", 1)[-1].lower(), rel)

    def index(self, hb: Handbook) -> dict[str, Link]:
        if hb.slug not in self._indexes:
            self._indexes[hb.slug] = link_index(hb)
        return self._indexes[hb.slug]

    def link(self, hb: Handbook, target: str, heading: str | None) -> Link | None:
        """Where ``[[target#heading]]`` written in ``hb`` points (None: nowhere)."""
        target = target.strip()
        own = self.index(hb)
        if not target:
            return own.get(normalize_label(heading or ""))
        other = self._notes.get(normalize_label(target))
        if other is not None:
            return self._in(other, heading)
        found = own.get(normalize_label(heading or target)) or own.get(normalize_label(target))
        if found is not None:
            return found
        other = self._names.get(normalize_label(target))
        return self._in(other, heading) if other is not None else None

    def _in(self, hb: Handbook, heading: str | None) -> Link | None:
        if not heading:
            return hb.link(PageKind.OVERVIEW, None, hb.company)
        return self.index(hb).get(normalize_label(heading))

    def image(self, target: str, alias: str | None) -> Image | None:
        """``![[target|alias]]`` as an image in the site, or None when it is no image here."""
        rel = self._find_file(target)
        if rel is None or Path(rel).suffix.lower() not in IMAGE_SUFFIXES:
            return None
        if rel not in self._media:
            self._media[rel] = self._media_path(rel)
        size = IMAGE_SIZE.match(alias or "")
        if size:
            return Image(self._media[rel], target.strip(), size.group(1), size.group(2))
        return Image(self._media[rel], alias or target.strip())

    def note(self, target: str, heading: str | None) -> NoteEmbed | None:
        """``![[target#heading]]`` as the embedded notes, or None when no notes file has it."""
        hb = self._notes.get(normalize_label(target)) or self._names.get(normalize_label(target))
        outline = self.outlines.get(hb.source) if hb is not None else None
        if hb is None or outline is None:
            return None
        overview = hb.link(PageKind.OVERVIEW, None, hb.company)
        if not heading:
            return NoteEmbed(overview, hb.company, _entries(outline.blocks, self.marks))
        want = normalize_label(heading)
        for node in (n for block in outline.blocks for n in block.walk()):
            if node.owns_lines and normalize_label(node.text) == want:
                link = self._in(hb, heading) or overview
                return NoteEmbed(link, f"{hb.company} › {heading}", _entries([node], self.marks))
        return None

    def _find_file(self, target: str) -> str | None:
        wanted = posixpath.normpath(target.strip().replace("\\", "/")).lstrip("/")
        for rel in self.files:
            if rel.lower() == wanted.lower():
                return rel
        return self._by_file_name.get(wanted.rsplit("/", 1)[-1].lower())

    def _media_path(self, rel: str) -> str:
        suffix = Path(rel).suffix.lower()
        if self.neutral_media:
            return f"{MEDIA_DIR}/image-{len(self._media) + 1}{suffix}"
        stem = slugify(rel[: -len(suffix)].replace("/", "-")) or "image"
        path, n = f"{MEDIA_DIR}/{stem}{suffix}", 2
        while path in self._media.values():
            path, n = f"{MEDIA_DIR}/{stem}-{n}{suffix}", n + 1
        return path

    def media(self) -> list[tuple[str, Path]]:
        """Every image an embed has shown so far: (its path in the site, the file)."""
        return sorted((site, self.files[rel]) for rel, site in self._media.items())

    def check(self, hb: Handbook) -> tuple[tuple[NotesWarning, ...], tuple[NotesWarning, ...]]:
        """Links and embeds in ``hb`` that point nowhere (and, as a side effect, every image to
        copy): (warnings, elsewhere). A missing heading of a note that is here, or a target
        spelled close to one that exists, is a warning: a likely typo. Any other target names a
        note outside the seeds folder, as links in a real vault do (``[[Other Company Prep]]``):
        shown as plain text and only reported."""
        out: list[NotesWarning] = []
        elsewhere: list[NotesWarning] = []
        for e in sorted({id(x): x for x in _lines(hb)}.values(), key=lambda x: x.span.start):
            for target, heading, _alias in wikilinks(e.text):
                if self.link(hb, target, heading) is None:
                    shown = f"[[{target}{'#' + heading if heading else ''}]]"
                    near = self.near(hb, target, heading)
                    if near is None:
                        elsewhere.append(_elsewhere(hb, e, shown))
                        continue
                    out.append(
                        NotesWarning(
                            hb.source,
                            e.span.start,
                            f"the link {shown} matches no heading, label, bucket or question in "
                            f"this handbook, and no other notes file{near}",
                            "write the target as it appears in the notes (e.g. [[growth ops]]), "
                            "or name a notes file ([[acme-interview#questions]])",
                        )
                    )
            for target, heading, alias in embeds(e.text):
                if self.image(target, alias) is None and self.note(target, heading) is None:
                    shown = f"![[{target}{'#' + heading if heading else ''}]]"
                    near = self.near(None, target, heading)
                    if near is None:
                        elsewhere.append(_elsewhere(hb, e, shown))
                        continue
                    out.append(
                        NotesWarning(
                            hb.source,
                            e.span.start,
                            f"the embed {shown} matches no notes file, heading or image in the "
                            f"seeds folder{near}",
                            "put the file in the seeds folder, or fix its name",
                        )
                    )
        return tuple(out), tuple(elsewhere)

    def near(self, hb: Handbook | None, target: str, heading: str | None) -> str | None:
        """Why a target that points nowhere is a likely typo rather than a note kept elsewhere
        ("" or "; did you mean [[x]]?"), or None when it is no typo. A note that is here with a
        heading it lacks is one; so is a target spelled close to a notes file, a file in the
        seeds folder, or (for a link, ``hb`` given) anything a link in ``hb`` can name."""
        note = self._notes.get(normalize_label(target)) or self._names.get(normalize_label(target))
        if not target.strip() or note is not None:
            within = note or hb
            names = list(self.index(within)) if within is not None else []
            return _did_you_mean(heading or "", names, f"{target.strip()}#") if heading else ""
        own = list(self.index(hb)) if hb is not None else []
        names = [*own, *self._notes, *self._names, *self._by_file_name]
        return _did_you_mean(target, names, "")


def _did_you_mean(wanted: str, names: list[str], prefix: str) -> str | None:
    close = difflib.get_close_matches(normalize_label(wanted), names, n=1, cutoff=0.8)
    if close:
        return f"; did you mean [[{prefix}{close[0]}]]?"
    return "" if prefix else None


def _elsewhere(hb: Handbook, e: Entry, shown: str) -> NotesWarning:
    return NotesWarning(
        hb.source,
        e.span.start,
        f"{shown} names a note that is not in the seeds folder: shown as plain text",
        "copy that note into the seeds folder to link it, or leave it as it is",
    )


def _lines(hb: Handbook) -> Iterable[Entry]:
    yield from hb.entries()
    for task in hb.tasks:
        yield from task.walk()


def _entries(nodes: Iterable[Node], marks: frozenset[str]) -> tuple[Entry, ...]:
    """Outline nodes → entries shown as on their own page (:func:`to_entry`: section marks
    off): containers opened, empty bullets and separators skipped, what is written under a
    heading nested below it."""
    out: list[Entry] = []
    for node in nodes:
        if node.kind in (Kind.GROUP, Kind.QUOTE):
            out.extend(_entries(node.children, marks))
        elif node.kind is not Kind.RULE and not node.is_empty:
            shown = to_entry(dataclasses.replace(node, children=()), marks)
            out.append(dataclasses.replace(shown, children=_entries(node.children, marks)))
    return tuple(out)
