"""Stage 1 — read: bytes of a notes file → text lines + frontmatter, with line numbers.

Decoding and YAML problems are reported as :class:`NotesError` naming the line. Unlike
python-frontmatter or MkDocs' ``get_data``, a broken frontmatter is never silently treated as
body text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import yaml

from .errors import NotesError

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_FENCE_OPEN = "---"
_FENCE_CLOSE = ("---", "...")
_PROPERTY = re.compile(r"^(?:- )?(?:\*\*)?([A-Za-z][\w-]*)(?:\*\*)?:: ?(.*)$")
"""A Logseq page property (``company:: Tidewater Labs``) or a Roam attribute
(``- **Company**:: [[Marlow]]``): atop a page, they are its frontmatter (the first may sit on
a bullet, the others are indented under it or bullets of their own)."""
_PAGE_LINK = re.compile(r"\[\[([^\[\]|#]+)(?:[|#][^\[\]]*)?\]\]")
_HEADER_FIRST = re.compile(r"^(company|title|role|position)\s*:\s+(\S.*)$", re.I)
_HEADER = re.compile(r"^([A-Za-z][\w ]{0,20}?)\s*:\s+(\S.*)$")
"""``Company: Nova Cloud`` / ``Role: SRE`` / ``Date: June 3`` on the first lines, without
``---`` fences: a header that is frontmatter in all but name."""


@dataclass(frozen=True, slots=True)
class Document:
    """One notes file, decoded."""

    path: str
    """Display path, e.g. ``seeds/traba-preparation.md``: what errors and the source map name."""
    stem: str
    """File name without its extension: the fallback for the handbook's name."""
    lines: tuple[str, ...]
    """Every line of the file without its line ending; line N is ``lines[N - 1]``."""
    meta: Mapping[str, object] = field(default_factory=dict)
    """The frontmatter mapping (empty when there is none)."""
    body_start: int = 1
    """1-based number of the first line after the frontmatter."""


def read_notes(path: str, stem: str, data: bytes) -> Document:
    """Decode a notes file and split off its YAML frontmatter."""
    text = _decode(path, data)
    lines = tuple(_LINE_BREAK.split(text))
    if lines and lines[-1] == "":
        lines = lines[:-1]  # the final line break ends the last line; it does not start one
    meta, body_start = _frontmatter(path, lines)
    return Document(path=path, stem=stem, lines=lines, meta=meta, body_start=body_start)


def _decode(path: str, data: bytes) -> str:
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise NotesError(
            path,
            line,
            "this looks like a binary file, not text notes (it contains a NUL byte)",
            "keep only Markdown notes in seeds/, or re-save this one as plain UTF-8 text",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte-order mark, as some Windows editors write
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise NotesError(
            path,
            line,
            f"byte 0x{data[exc.start]:02x} at column {column} is not valid UTF-8",
            "re-save the file as UTF-8 in your editor (e.g. 'Save with encoding → UTF-8')",
        ) from None


def _frontmatter(path: str, lines: tuple[str, ...]) -> tuple[Mapping[str, object], int]:
    if not lines or lines[0].rstrip() != _FENCE_OPEN:
        return _properties(lines)
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in _FENCE_CLOSE), None)
    if close is None:
        raise NotesError(
            path,
            1,
            "the frontmatter opened with '---' is never closed",
            "add a line with just '---' after the last 'key: value' line",
        )
    source = "\n".join(lines[1:close])
    try:
        meta = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = 2 + (mark.line if mark is not None else 0)
        problem = getattr(exc, "problem", None) or "it cannot be parsed"
        raise NotesError(
            path,
            line,
            f"the frontmatter is not valid YAML ({problem})",
            _yaml_fix(lines[1:close], line - 2),
        ) from None
    if meta is None:
        return {}, close + 2
    if not isinstance(meta, dict):
        kind = type(meta).__name__.replace("str", "text").replace("list", "a list")
        raise NotesError(
            path,
            2,
            f"the frontmatter must be 'key: value' lines, but it is {kind}",
            f"write it as e.g. title: {_cut(_quote(_first_text(lines[1:close])))} "
            "(or delete the --- lines)",
        )
    return {str(k): v for k, v in meta.items()}, close + 2


_KEY_VALUE = re.compile(r"^\s*([^\s:#\-\[{'\"][^:]*?)\s*:\s+(\S.*?)\s*$")
_MOST = 60
"""Characters of the author's value quoted back in a hint (a longer one is cut with "…")."""


def _yaml_fix(lines: tuple[str, ...], at: int) -> str:
    """How to fix the frontmatter line YAML stopped at (``lines[at]``), quoting the author's
    own value; offered only when the frontmatter then reads (else the general rule)."""
    general = "write one 'key: value' per line, and put quotes around a value with ':' or '#'"
    found = _KEY_VALUE.match(lines[at]) if 0 <= at < len(lines) else None
    if found is None:
        return general
    key, value = found.groups()
    if value[0] in "\"'" and not (len(value) > 1 and value[-1] == value[0]):
        fixed, fix = f"{value}{value[0]}", "close the quote"
    else:
        fixed, fix = _quote(value), "put quotes around the value"
    try:
        yaml.safe_load("\n".join([*lines[:at], f"{key}: {fixed}", *lines[at + 1 :]]))
    except yaml.YAMLError:
        return general
    return f"{fix}: {key}: {_cut(fixed)}"


def _quote(value: str) -> str:
    """A value as YAML reads it back unchanged: in double quotes (escaped), or single quotes
    when it has double ones."""
    if '"' in value and "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _cut(quoted: str) -> str:
    """A quoted value shortened for a one-line hint, its closing quote kept."""
    return quoted if len(quoted) <= _MOST else quoted[: _MOST - 2].rstrip() + "…" + quoted[-1]


def _first_text(lines: tuple[str, ...]) -> str:
    """The first words written in a frontmatter that is not 'key: value' lines."""
    return next((t for line in lines if (t := line.strip().lstrip("-").strip())), "my notes")


def _properties(lines: tuple[str, ...]) -> tuple[Mapping[str, object], int]:
    """Logseq page properties, or a ``Company: …`` header, on the first lines, as
    frontmatter (none: an empty mapping)."""
    meta: dict[str, object] = {}
    pattern = _HEADER if lines and _HEADER_FIRST.match(lines[0].strip()) else _PROPERTY
    for number, line in enumerate(lines, start=1):
        found = pattern.match(line.strip())
        if found is None:
            return meta, number if meta else 1
        meta.setdefault(found.group(1).lower(), _PAGE_LINK.sub(r"\1", found.group(2)).strip())
    return meta, len(lines) + 1
