"""What goes on the one-page cheat sheet, chosen from the handbook (layout and fit: sheet.py).

How items are chosen (README, "The one-pager"):

- the whole pitch: its opening (whole sentences, 60–90 words) always, the rest while there
  is room (it goes before any list is cut below its first two items);
- "why <company>": its first two sentences;
- up to five experience points, those with evidence first, each with the first sentence of its
  evidence;
- every ops-model bucket with its items inline;
- every prepared answer, one line each (the first sentence);
- every question to ask.

``#sheet`` on a line pins it (and it counts within the five points); ``#nosheet`` keeps it off.
When the sheet does not fit one page at the smallest type, items are dropped in
:attr:`OnePager.drop_order`: from the back of every list alike, so each section keeps its
first items longest; pinned ones never (but as a last resort).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from .model import Entry, Handbook
from .text import balance_quotes, plain

PITCH_MIN_WORDS = 60
PITCH_MAX_WORDS = 90
WHY_SENTENCES = 2
WHY_MAX_WORDS = 70
MAX_POINTS = 5
LINE_WORDS = 25

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’']?\s+")


@dataclass(frozen=True, slots=True)
class SheetItem:
    """One line of the sheet that can be dropped for room."""

    entry: Entry
    """What it shows (an experience point, a bucket or its item, a question)."""
    line: str = ""
    """The one line of evidence or answer shown beside it (plain text)."""

    @property
    def key(self) -> str:
        return self.entry.anchor

    @property
    def pinned(self) -> bool:
        return self.entry.sheet is True


@dataclass(frozen=True, slots=True)
class SheetBucket:
    name: SheetItem
    items: tuple[SheetItem, ...]


@dataclass(frozen=True, slots=True)
class OnePager:
    pitch: str
    """The opening of the pitch, cut at a sentence end (about 60–90 words)."""
    pitch_rest: SheetItem | None
    """The rest of the pitch (its ``line``), shown after the opening while there is room."""
    why: str
    points: tuple[SheetItem, ...]
    buckets: tuple[SheetBucket, ...]
    answers: tuple[SheetItem, ...]
    """Questions they ask me, each with the first sentence of my answer ('' when none yet)."""
    asks: tuple[SheetItem, ...]
    drop_order: tuple[SheetItem, ...]
    """Every droppable item, the first to go first."""

    def without(self, keys: Collection[str]) -> OnePager:
        """The sheet with the given items (by key) left off."""
        if not keys:
            return self
        keys = set(keys)

        def keep(items: tuple[SheetItem, ...]) -> tuple[SheetItem, ...]:
            return tuple(i for i in items if i.key not in keys)

        buckets = tuple(
            SheetBucket(b.name, keep(b.items)) for b in self.buckets if b.name.key not in keys
        )
        rest = self.pitch_rest
        return replace(
            self,
            pitch_rest=None if rest is not None and rest.key in keys else rest,
            points=keep(self.points),
            buckets=buckets,
            answers=keep(self.answers),
            asks=keep(self.asks),
        )


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(" ".join(text.split())) if s]


def first_words(text: str, limit: int) -> str:
    words = text.split()
    return text if len(words) <= limit else " ".join(words[:limit]) + " …"


def opening(text: str, low: int, high: int) -> tuple[str, bool]:
    """Whole sentences until at least ``low`` words; never more than ``high`` words."""
    taken: list[str] = []
    count = 0
    for s in sentences(text):
        n = len(s.split())
        if count + n > high:
            if not taken:
                taken.append(first_words(s, high))
            break
        taken.append(s)
        count += n
        if count >= low:
            break
    result = " ".join(taken)
    return result, len(result.split()) < len(text.split())


def _one_line(text: str, limit: int = LINE_WORDS) -> str:
    """The first sentence of an entry as plain text, quote marks balanced, at most ``limit``
    words."""
    first = (sentences(plain(text)) or [""])[0]
    return first_words(balance_quotes(first), limit)


def _on(entry: Entry) -> bool:
    return entry.sheet is not False


def select_one_pager(hb: Handbook) -> OnePager:
    intro = hb.intro_answer
    lines = [e for p in hb.pitch.paragraphs for e in p]
    if not lines and intro is not None:  # "Tell me about yourself", answered: the pitch
        lines = [x for a in intro.answers for x in a.walk()]
    pitch_text = balance_quotes(" ".join(plain(e.text) for e in lines))
    pitch, _cut = opening(pitch_text, PITCH_MIN_WORDS, PITCH_MAX_WORDS)
    rest = _rest(lines, pitch_text, len(pitch.split()))
    why_text = balance_quotes(" ".join(plain(e.text) for p in hb.why.paragraphs for e in p))
    why = first_words(" ".join(sentences(why_text)[:WHY_SENTENCES]), WHY_MAX_WORDS)

    mapping = [m for m in hb.mapping if _on(m.point)]
    ranked = sorted(mapping, key=lambda m: (not m.point.sheet, not m.evidence, m.point.span.start))
    chosen = {id(m) for m in ranked[: max(MAX_POINTS, sum(1 for m in mapping if m.point.sheet))]}
    points = tuple(
        SheetItem(m.point, _one_line(m.evidence[0].text) if m.evidence else "")
        for m in mapping
        if id(m) in chosen
    )
    buckets = tuple(
        SheetBucket(SheetItem(b.name), tuple(SheetItem(i) for i in b.items if _on(i)))
        for b in hb.buckets
        if _on(b.name)
    )
    answers = tuple(
        SheetItem(qa.question, _one_line(qa.answers[0].text) if qa.answers else "")
        for qa in hb.they_ask
        if _on(qa.question)
    )
    asks = tuple(SheetItem(e) for e in hb.to_ask if _on(e))
    return OnePager(
        pitch=pitch,
        pitch_rest=rest,
        why=why,
        points=points,
        buckets=buckets,
        answers=answers,
        asks=asks,
        drop_order=_drop_order(rest, points, buckets, answers, asks),
    )


def _rest(lines: list[Entry], text: str, shown: int) -> SheetItem | None:
    """The pitch after its first ``shown`` words, as an item keyed by the line it starts on."""
    words = text.split()
    if len(words) <= shown:
        return None
    count = 0
    for e in lines:
        count += len(plain(e.text).split())
        if count > shown:
            return SheetItem(e, " ".join(words[shown:]))
    return None


def _drop_order(
    rest: SheetItem | None,
    points: tuple[SheetItem, ...],
    buckets: tuple[SheetBucket, ...],
    answers: tuple[SheetItem, ...],
    asks: tuple[SheetItem, ...],
) -> tuple[SheetItem, ...]:
    """Least needed first. Every list keeps its head longest: items go from the back of all
    lists alike (the 9th question before the 2nd bucket), points without evidence before any
    of that, and at equal depth bucket items, then answers, points, questions to ask, buckets.
    Pinned items go only at the very end."""
    ranked: list[tuple[int, int, int, SheetItem]] = []  # (depth, section, order, item)
    for n, p in enumerate(points):
        ranked.append((n + (1000 if not p.line else 0), 2, n, p))
    for n, b in enumerate(buckets):
        ranked.append((n, 4, n, b.name))
        ranked += [(1 + j, 0, n * 1000 + j, item) for j, item in enumerate(b.items)]
    ranked += [(n, 1, n, a) for n, a in enumerate(answers)]
    ranked += [(n, 3, n, q) for n, q in enumerate(asks)]
    if rest is not None:  # the whole pitch, before any list loses its first two items
        ranked.append((2, 5, 0, rest))
    ranked.sort(key=lambda r: (-r[0], r[1], -r[2]))
    order = [r[3] for r in ranked]
    return tuple([i for i in order if not i.pinned] + [i for i in order if i.pinned])
