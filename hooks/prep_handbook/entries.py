"""A line of the notes as it is shown: an outline node → an :class:`Entry` of the model."""

from __future__ import annotations

from .model import Entry
from .outline import Kind, Node
from .rules import SHEET_OFF, SHEET_PIN
from .text import strip_tags, tags


def to_entry(node: Node, marks: frozenset[str]) -> Entry:
    """An outline node as it is shown: section marks taken off the text, ``#sheet`` /
    ``#nosheet`` read, empty bullets left out, code kept as written."""
    code = node.kind is Kind.CODE
    text = node.text if code else strip_tags(node.text, set(marks))
    found = set() if code else {t.lower() for t in tags(node.text)}
    sheet = True if SHEET_PIN in found else False if SHEET_OFF in found else None
    children = tuple(to_entry(c, marks) for c in node.real_children)
    return Entry(text=text, span=node.span, quoted=node.quoted, children=children, sheet=sheet)
