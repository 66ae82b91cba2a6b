"""What goes on the one-page cheat sheet, chosen from the handbook (no layout here)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Bucket, Entry, Handbook, MappingPoint
from .text import balance_quotes, plain

PITCH_MIN_WORDS = 60
PITCH_MAX_WORDS = 90
WHY_SENTENCES = 2
MAX_POINTS = 5
EVIDENCE_WORDS = 25

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’']?\s+")


@dataclass(frozen=True, slots=True)
class OnePager:
    pitch: str
    """The opening of the pitch, cut at a sentence end (about 60–90 words)."""
    pitch_is_cut: bool
    why: str
    points: tuple[tuple[MappingPoint, str], ...]
    """Experience points with one line of evidence each (points with evidence first)."""
    buckets: tuple[Bucket, ...]
    answers: tuple[tuple[Entry, str], ...]
    """Questions they ask me, each with the first sentence of my answer ('' when none yet)."""
    asks: tuple[Entry, ...]


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(" ".join(text.split())) if s]


def first_words(text: str, limit: int) -> str:
    words = text.split()
    return text if len(words) <= limit else " ".join(words[:limit]) + " …"


def opening(text: str, low: int, high: int) -> tuple[str, bool]:
    """Whole sentences until at least ``low`` words; never more than ``high`` words."""
    taken: list[str] = []
    count = 0
    parts = sentences(text)
    for s in parts:
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


def _one_line(text: str, limit: int) -> str:
    """The first sentence of an entry as plain text, quote marks balanced, at most ``limit``
    words."""
    first = (sentences(plain(text)) or [""])[0]
    return first_words(balance_quotes(first), limit)


def select_one_pager(hb: Handbook) -> OnePager:
    pitch_text = balance_quotes(" ".join(plain(e.text) for p in hb.pitch.paragraphs for e in p))
    pitch, cut = opening(pitch_text, PITCH_MIN_WORDS, PITCH_MAX_WORDS)
    why_text = balance_quotes(" ".join(plain(e.text) for p in hb.why.paragraphs for e in p))
    why = " ".join(sentences(why_text)[:WHY_SENTENCES])
    with_evidence = [m for m in hb.mapping if m.evidence]
    without = [m for m in hb.mapping if not m.evidence]
    chosen = {id(m) for m in (with_evidence + without)[:MAX_POINTS]}
    points = tuple(
        (m, _one_line(m.evidence[0].text, EVIDENCE_WORDS) if m.evidence else "")
        for m in hb.mapping
        if id(m) in chosen
    )
    answers = tuple(
        (qa.question, _one_line(qa.answers[0].text, EVIDENCE_WORDS) if qa.answers else "")
        for qa in hb.they_ask
    )
    return OnePager(
        pitch=pitch,
        pitch_is_cut=cut,
        why=why,
        points=points,
        buckets=hb.buckets,
        answers=answers,
        asks=hb.to_ask,
    )
