"""Stage 2 — outline: the author's structure, read the way the author meant it.

Python-Markdown (and CommonMark) read hastily written notes differently from their author: a
lazy blockquote swallows the list after it, ``- `` on the last line turns the line above into a
setext heading, a ``> \\t…`` line at column 0 becomes a new quote instead of the next item. This
stage is a small line-based reader that records, for every node, the source lines it came from.

The result is a list of top-level *blocks*:

- ``HEADING``: a ``#`` heading; its children are the blocks up to the next heading of its level;
- ``QUOTE``: consecutive ``>`` lines (children are ``LINE`` nodes, ``quoted=True``);
- a labelled list: an ``ITEM`` or ``LINE`` with children (``- connection:`` and its bullets, or
  a loose line such as ``operations`` directly followed by a list);
- ``GROUP``: a run of loose lines and childless top-level bullets between blank lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from .model import Span
from .read import Document


class Kind(StrEnum):
    HEADING = "heading"
    GROUP = "group"
    QUOTE = "quote"
    ITEM = "item"
    LINE = "line"
    CODE = "code"
    RULE = "rule"


@dataclass(frozen=True, slots=True)
class Node:
    """One piece of the outline."""

    kind: Kind
    text: str
    """The text as written, without bullet, quote marker or heading hashes (inline Markdown)."""
    span: Span
    """The lines this node itself occupies (for containers: the lines of all it contains)."""
    children: tuple[Node, ...] = ()
    level: int = 0
    """Heading level (1–6); 0 for everything else."""
    quoted: bool = False
    """The text stood behind a ``>`` marker."""
    break_before: bool = False
    """A blank line (or an empty ``>`` line) came right before this node: a paragraph break."""
    callout: str = ""
    """For an Obsidian callout (``> [!tip] Title``): its type, lowercased; the node's text is
    its title and its children are its lines."""
    fold: str = ""
    """A callout's fold mark: ``-`` (folded), ``+`` (foldable, open) or ``""``."""

    @property
    def owns_lines(self) -> bool:
        """Whether the node stands for lines of its own (containers do not)."""
        return self.kind not in (Kind.GROUP, Kind.QUOTE)

    @property
    def is_empty(self) -> bool:
        """An empty bullet (``- `` with nothing after it)."""
        return self.kind is Kind.ITEM and not self.text.strip() and not self.children

    @property
    def real_children(self) -> tuple[Node, ...]:
        return tuple(c for c in self.children if not c.is_empty)

    def walk(self) -> list[Node]:
        """This node and every node below it, in source order."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass(frozen=True, slots=True)
class Outline:
    document: Document
    blocks: tuple[Node, ...]
    comments: frozenset[int] = frozenset()
    """Lines wholly inside ``%%comments%%``: not shown anywhere."""

    def nodes(self) -> list[Node]:
        """Every node of the outline, in source order."""
        return [n for block in self.blocks for n in block.walk()]


# ---------------------------------------------------------------------------------------------
# Pass 1: one token per line.

_TAB = 4
MAX_DEPTH = 16
"""Bullets nested deeper than this are kept at this depth (deeper is never meant, and it keeps
every later stage, and Markdown's own list parser, far from Python's recursion limit)."""
_RULE = re.compile(r"^(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_BULLET = re.compile(r"^(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_HEADING = re.compile(r"^(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^(`{3,}|~{3,})")
_CALLOUT = re.compile(r"^\[!([A-Za-z][\w-]*)\]([+-]?)(?:\s+(.*))?$")


class _T(StrEnum):
    BLANK = "blank"
    HEADING = "heading"
    RULE = "rule"
    ITEM = "item"
    QUOTE = "quote"
    QUOTE_BREAK = "quote-break"
    CONT = "cont"  # a column-0 "> \t…" line that continues the list above as an item
    TEXT = "text"
    CODE = "code"


@dataclass(slots=True)
class _Token:
    kind: _T
    line: int
    end: int
    indent: int
    text: str
    level: int = 0
    quoted: bool = False


def _columns(ws: str) -> int:
    col = 0
    for ch in ws:
        col = (col // _TAB + 1) * _TAB if ch == "\t" else col + 1
    return col


def _split_indent(s: str) -> tuple[int, str]:
    stripped = s.lstrip(" \t")
    return _columns(s[: len(s) - len(stripped)]), stripped


def _strip_quote(content: str) -> str:
    """Text after one or more ``>`` markers and the single space that may follow each."""
    while content.startswith(">"):
        content = content[1:]
        if content.startswith(" "):
            content = content[1:]
        if not content.lstrip(" \t").startswith(">"):
            break
        content = content.lstrip(" \t")
    return content


_ITEM_HEADING = re.compile(r"^#{1,6}[ \t]+(?=\S)")
"""``- ## Why Acme``: a heading written on a bullet (how Logseq makes a block a heading)."""
_TAG_PAGE = re.compile(r"^#\[\[([^\[\]]+)\]\]$")
"""``- #[[Why Marlow]]``: a bullet that is only a Roam tag, over what is under it: its label."""


def _item_text(rest: str) -> tuple[str, bool]:
    """Bullet text without doubled markers (``- - text``), a heading's ``##`` (``- ## text``)
    and its quote marker (``- > text``)."""
    text = rest.strip()
    while (m := _BULLET.match(text)) and not _RULE.match(text):
        text = text[m.end() :].strip()
    text = _ITEM_HEADING.sub("", text)
    text = _TAG_PAGE.sub(r"\1", text)
    quoted = text.startswith(">")
    if quoted:
        text = _strip_quote(text).strip()
    return text, quoted


def _without_comments(lines: tuple[str, ...], start: int) -> tuple[list[str], set[int]]:
    """Lines with ``%%comments%%`` taken out (inline and across lines, outside code fences),
    and the numbers of the lines that held nothing but comment."""
    out = list(lines)
    hidden: set[int] = set()
    inside = False
    fence = ""
    for n in range(start, len(lines) + 1):
        line = lines[n - 1]
        stripped = line.strip()
        if not inside and (m := _FENCE.match(stripped)) and "%%" not in stripped:
            fence = "" if fence and stripped.startswith(fence) else (fence or m.group(1)[:3])
            continue
        if fence or ("%%" not in line and not inside):
            continue
        parts = line.split("%%")
        kept: list[str] = []
        for i, part in enumerate(parts):
            if i:
                inside = not inside
            if not inside:
                kept.append(part)
        visible = "".join(kept)
        if not visible.strip():
            hidden.add(n)
            visible = ""
        out[n - 1] = visible.rstrip()
    return out, hidden


def _tokens(doc: Document, lines: list[str], hidden: set[int]) -> list[_Token]:
    out: list[_Token] = []
    n = doc.body_start
    in_list = False  # the previous non-blank line was part of a list
    while n <= len(lines):
        if n in hidden:  # a comment leaves no trace, not even a paragraph break
            n += 1
            continue
        raw = lines[n - 1]
        indent, content = _split_indent(raw)
        content = content.rstrip()
        if not content:
            out.append(_Token(_T.BLANK, n, n, 0, ""))
            n += 1
            continue
        fence = _FENCE.match(content) if indent < _TAB or in_list else None
        if fence:
            marker = fence.group(1)
            end = n + 1
            while end <= len(lines):
                close = lines[end - 1].strip()
                if close.startswith(marker[0] * len(marker)) and not close.strip(marker[0]):
                    break
                end += 1
            end = min(end, len(lines))  # an unclosed fence runs to the end, as in CommonMark
            body = "\n".join(lines[n - 1 : end])
            out.append(_Token(_T.CODE, n, end, indent, body))
            n = end + 1
            continue
        tok: _Token
        if indent < _TAB and (h := _HEADING.match(content)):
            tok = _Token(_T.HEADING, n, n, 0, (h.group(2) or "").strip(), level=len(h.group(1)))
        elif _RULE.match(content):
            tok = _Token(_T.RULE, n, n, indent, content)
        elif m := _BULLET.match(content):
            text, quoted = _item_text(content[m.end() :])
            tok = _Token(_T.ITEM, n, n, indent, text, quoted=quoted)
        elif content.startswith(">"):
            rest = _strip_quote(content)
            rest_indent, rest_text = _split_indent(rest)
            if in_list and indent == 0 and rest_indent > 0 and rest_text:
                text, quoted = _item_text(rest_text)
                if not _BULLET.match(rest_text):
                    text, quoted = rest_text.strip(), True
                tok = _Token(_T.CONT, n, n, rest_indent, text, quoted=quoted)
            elif not rest_text:
                tok = _Token(_T.QUOTE_BREAK, n, n, 0, "")
            else:
                tok = _Token(_T.QUOTE, n, n, 0, rest_text.rstrip(), quoted=True)
        else:
            tok = _Token(_T.TEXT, n, n, indent, content)
        out.append(tok)
        in_list = tok.kind in (_T.ITEM, _T.CONT) or (in_list and tok.indent > 0)
        n += 1
    return out


# ---------------------------------------------------------------------------------------------
# Pass 2: tokens → tree.


@dataclass(slots=True)
class _Draft:
    kind: Kind
    text: str
    start: int
    end: int
    children: list[_Draft] = field(default_factory=list)
    level: int = 0
    quoted: bool = False
    break_before: bool = False
    callout: str = ""
    fold: str = ""

    def freeze(self, path: str) -> Node:
        children = tuple(c.freeze(path) for c in self.children)
        start, end = self.start, self.end
        if self.kind in (Kind.GROUP, Kind.QUOTE) and children:
            start, end = children[0].span.start, children[-1].span.end
        return Node(
            kind=self.kind,
            text=self.text,
            span=Span(path, start, end),
            children=children,
            level=self.level,
            quoted=self.quoted,
            break_before=self.break_before,
            callout=self.callout,
            fold=self.fold,
        )


class _Builder:
    def __init__(self) -> None:
        self.root: list[_Draft] = []
        self.headings: list[_Draft] = []
        self.group: _Draft | None = None
        self.quote: _Draft | None = None
        self.stack: list[tuple[int, _Draft]] = []  # open list: (indent, node)
        self.after_blank = False
        self.prev: _T | None = None

    # containers ------------------------------------------------------------------------------
    def container(self) -> list[_Draft]:
        return self.headings[-1].children if self.headings else self.root

    def close_group(self) -> None:
        self.group = None

    def close_quote(self) -> None:
        self.quote = None

    def close_list(self) -> None:
        self.stack.clear()

    def group_add(self, node: _Draft) -> None:
        if self.group is None:
            self.group = _Draft(Kind.GROUP, "", node.start, node.end)
            self.container().append(self.group)
        self.group.children.append(node)

    # tokens ----------------------------------------------------------------------------------
    def feed(self, t: _Token) -> None:
        brk = self.after_blank
        if t.kind is _T.BLANK:
            self.close_group()
            self.close_quote()
            self.after_blank = True
            self.prev = t.kind
            return
        if t.kind is _T.HEADING:
            self.close_group()
            self.close_quote()
            self.close_list()
            while self.headings and self.headings[-1].level >= t.level:
                self.headings.pop()
            h = _Draft(Kind.HEADING, t.text, t.line, t.line, level=t.level, break_before=brk)
            self.container().append(h)
            self.headings.append(h)
        elif t.kind in (_T.QUOTE, _T.QUOTE_BREAK):
            self.close_group()
            self.close_list()
            if t.kind is _T.QUOTE_BREAK:
                self.after_blank = True  # an empty '>' line breaks paragraphs inside the quote
                self.prev = t.kind
                return
            if self.quote is None or (brk and self.prev is not _T.QUOTE_BREAK):
                if callout := _CALLOUT.match(t.text):
                    kind, fold, title = callout.groups()
                    self.quote = _Draft(
                        Kind.LINE,
                        (title or "").strip() or kind.capitalize(),
                        t.line,
                        t.line,
                        break_before=brk,
                        callout=kind.lower(),
                        fold=fold,
                    )
                    self.container().append(self.quote)
                    self.after_blank = False
                    self.prev = t.kind
                    return
                self.quote = _Draft(Kind.QUOTE, "", t.line, t.line)
                self.container().append(self.quote)
            line = _Draft(Kind.LINE, t.text, t.line, t.line, quoted=True, break_before=brk)
            self.quote.children.append(line)
        elif t.kind in (_T.ITEM, _T.CONT, _T.CODE) or (t.kind is _T.TEXT and t.indent > 0):
            self.list_token(t, brk)
        else:  # TEXT at column 0, RULE
            self.close_quote()
            self.close_list()
            kind = Kind.RULE if t.kind is _T.RULE else Kind.LINE
            self.group_add(_Draft(kind, t.text, t.line, t.end, break_before=brk))
        self.after_blank = False
        self.prev = t.kind

    def list_token(self, t: _Token, brk: bool) -> None:
        self.close_quote()
        kind = {_T.ITEM: Kind.ITEM, _T.CONT: Kind.ITEM, _T.CODE: Kind.CODE}.get(t.kind, Kind.LINE)
        node = _Draft(kind, t.text, t.line, t.end, quoted=t.quoted, break_before=brk)
        if brk and t.indent == 0:
            self.close_list()  # after a blank line, a bullet at column 0 starts a new block
        if not self.stack:
            label = self.group.children[-1] if self.group and self.group.children else None
            if (
                kind is Kind.ITEM
                and not brk
                and self.prev is _T.TEXT
                and label is not None
                and label.kind is Kind.LINE
            ):
                # A loose line directly followed by a list labels that list ("operations").
                self.stack.append((-1, label))
            elif kind is not Kind.ITEM and t.kind is not _T.CODE:
                node.kind = Kind.LINE  # indented text with no list to belong to: a loose line
        while self.stack and self.stack[-1][0] >= t.indent:
            self.stack.pop()
        if self.stack:
            self.stack[-1][1].children.append(node)
        else:
            if brk:
                self.close_group()
            self.group_add(node)
        if kind is not Kind.CODE and len(self.stack) < MAX_DEPTH:
            self.stack.append((t.indent, node))


def _split_groups(drafts: list[_Draft]) -> list[_Draft]:
    """Lift every node with children out of its group: a labelled list is a block of its own."""
    out: list[_Draft] = []
    for d in drafts:
        if d.kind is Kind.HEADING:
            d.children = _split_groups(d.children)
            out.append(d)
            continue
        if d.kind is not Kind.GROUP:
            out.append(d)
            continue
        run: list[_Draft] = []
        for child in d.children:
            if any(c.text.strip() or c.children for c in child.children):
                if run:
                    out.append(_Draft(Kind.GROUP, "", run[0].start, run[-1].end, children=run))
                    run = []
                out.append(child)
            else:
                run.append(child)
        if run:
            out.append(_Draft(Kind.GROUP, "", run[0].start, run[-1].end, children=run))
    return out


def outline(doc: Document) -> Outline:
    """Read a decoded notes file into blocks (see the module docstring)."""
    lines, hidden = _without_comments(doc.lines, doc.body_start)
    builder = _Builder()
    for token in _tokens(doc, lines, hidden):
        builder.feed(token)
    blocks = _split_groups(builder.root)
    return Outline(
        document=doc,
        blocks=tuple(b.freeze(doc.path) for b in blocks),
        comments=frozenset(hidden),
    )
