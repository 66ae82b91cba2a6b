"""Lines read as prose: the pitch and the why story, joined into sentences.

A paragraph written as lines of one quote (``> I joined Microsoft…`` / ``> and I currently…``)
is one run of text: its lines are joined with spaces. A paragraph written as bullets is a list
of separate thoughts: each bullet stays its own sentence, ending with a full stop when the
author wrote none. Used for the narrative page, the one-pager and its PDF alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence

from .model import Entry, Handbook

_LIST_ITEM = re.compile(r"^\s*(?:>\s*)*(?:[-*+]|\d{1,9}[.)])(?=\s|$)")
"""A line written as a list item (``- …``, ``* …``, ``1. …``, also inside a quote)."""
_ENDED = re.compile(r"[.!?…:;,]\W*$")
"""Text that already ends a sentence or a clause (``scale.``, ``“…scale.”``, ``reasons:``)."""


def bullet_lines(hb: Handbook) -> frozenset[int]:
    """The lines of the notes written as list items."""
    return frozenset(m.line for m in hb.source_map if _LIST_ITEM.match(m.text))


def sentence(text: str) -> str:
    """A bullet's text as a sentence: a full stop added when it ends in none."""
    stripped = text.rstrip()
    if not stripped or "\n" in stripped or _ENDED.search(stripped):
        return text
    return stripped + "."


def joined(
    entries: Sequence[Entry], bullets: Collection[int], show: Callable[[str], str] = str
) -> str:
    """The lines of one paragraph as prose, each bullet its own sentence; ``show`` turns a
    line's inline Markdown into what is printed (plain text for the one-pager)."""
    return " ".join(
        sentence(show(e.text)) if e.span.start in bullets else show(e.text) for e in entries
    )
