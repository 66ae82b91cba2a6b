"""Rehearsal: the drill's cards, decided once here and printed by the templates.

Each question they may ask is a card (and the pitch is one, as the answer to "Tell me about
yourself", when no such question is written). A card's id is a hash of the handbook and the
question's normalised text: the same in the open and the private build (which has neutral
paths), unchanged when only the answer is edited, and with no words of the notes in it. The
browser keeps its review state under these ids only (``assets/rehearse.js``), so what it
stores says nothing of the notes; someone holding the device who guesses a question's exact
words and the company could confirm the guess, nothing more.

The browser side ships in the package (``assets/``), with ts-fsrs vendored in
``assets/vendor/`` (its licence and ``SOURCE.json`` say where it came from; tests check it).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import PurePosixPath

from .model import Entry, Handbook, PageKind
from .readiness import PITCH_RANGE, answer_range, answer_words, speaking_seconds
from .text import STOPWORDS, plain, slugify

ASSETS = "assets/prep-handbook"
"""Where the rehearsal scripts land in the site (plain in the private build: no notes)."""
FILES = ("rehearse.js", "recorder.js", "rehearse.css")
VENDOR = ("ts-fsrs.umd.js", "ts-fsrs.LICENSE.txt")
INTRO_PROMPT = "Tell me about yourself"
ID_LENGTH = 16
"""Hex digits of a card's id (64 bits: no two questions of a life's notes collide)."""

_WORD = re.compile(r"[0-9a-z]+(?:'[a-z]+)?")
_ASKED = re.compile(r"^\W*(?:q\d*|question)\s*[:.)-]\s*")
"""A "Q:" or "Q1." before the question (a Q/A sheet's marker, not the question)."""


def _apostrophes(text: str) -> str:
    """Typographic apostrophes as ASCII ones ("what’s" is "what's")."""
    return text.replace("’", "'").replace("‘", "'")


def normalise(text: str) -> str:
    """A question as the id sees it: plain text, case, quotes, punctuation and spacing aside
    ("Why Traba?" and "why  traba" are one question)."""
    folded = _apostrophes(unicodedata.normalize("NFKC", plain(text))).casefold()
    return " ".join(_WORD.findall(_ASKED.sub("", folded)))


def handbook_key(hb: Handbook) -> str:
    """What names a handbook for its ids: its company as a slug, as its open address has it
    (the private build's ``notes-1`` would change when a notes file is added)."""
    return slugify(hb.company) or slugify(PurePosixPath(hb.source).stem) or "handbook"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:ID_LENGTH]


def card_id(key: str, question: str) -> str:
    return _digest("prep-handbook card", key, normalise(question))


def content_words(text: str) -> tuple[str, ...]:
    """The words a take must say to cover a line: lowercase, stop words aside, in order."""
    folded = _apostrophes(plain(text)).lower()
    found = (w.removesuffix("'s") for w in _WORD.findall(folded))
    return tuple(
        dict.fromkeys(w for w in found if (len(w) >= 3 or w.isdigit()) and w not in STOPWORDS)
    )


@dataclass(frozen=True, slots=True)
class Point:
    """A line of the prepared answer, as a talking point a spoken take may cover."""

    line: int
    anchor: str
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Card:
    id: str
    prompt: Entry | None
    """The question as written; None for the pitch (asked as :data:`INTRO_PROMPT`)."""
    answers: tuple[Entry, ...]
    """The prepared answer's lines (for the pitch: its lines, as paragraphs run together)."""
    words: int
    seconds: int
    """Speaking time of the answer as written, at the readiness report's pace."""
    target: tuple[int, int]
    """Seconds a spoken answer should last: 60–90 for the pitch, else 60–120."""
    points: tuple[Point, ...]
    link: str
    """Anchor on the questions page (or the narrative's pitch) to read it in full."""
    page: PageKind
    is_pitch: bool = False
    with_why: bool = False
    """The "why <company>?" question: its answer goes on with the why story."""

    @property
    def points_json(self) -> str:
        """The talking points for the recorder, ``[[line, anchor, [words…]], …]`` (the template
        escapes it into an attribute)."""
        data = [[p.line, p.anchor, list(p.words)] for p in self.points]
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class Deck:
    cards: tuple[Card, ...]

    @property
    def ids(self) -> str:
        """The cards' ids, space-separated (the overview counts what is due among them)."""
        return " ".join(c.id for c in self.cards)

    @property
    def stop_words(self) -> str:
        """Words too common to count among a take's most used (space-separated)."""
        return " ".join(sorted(STOPWORDS))


def deck(hb: Handbook) -> Deck:
    """The drill's cards for one handbook: the pitch first (when no question asks for it),
    then each question they may ask, in notes order."""
    key = handbook_key(hb)
    cards: list[Card] = []
    pitch_lines = tuple(e for p in hb.pitch.paragraphs for e in p)
    if pitch_lines and hb.intro_answer is None:
        words = hb.pitch.words
        cards.append(
            Card(
                id=card_id(key, INTRO_PROMPT),
                prompt=None,
                answers=pitch_lines,
                words=words,
                seconds=speaking_seconds(words),
                target=PITCH_RANGE,
                points=tuple(
                    Point(p[0].span.start, p[0].anchor, content_words(" ".join(e.text for e in p)))
                    for p in hb.pitch.paragraphs
                ),
                link=hb.anchors.pitch,
                page=PageKind.NARRATIVE,
                is_pitch=True,
            )
        )
    for qa in hb.they_ask:
        lines = tuple(e for a in qa.answers for e in a.walk())
        words = answer_words(hb, qa)
        cards.append(
            Card(
                id=card_id(key, qa.question.text),
                prompt=qa.question,
                answers=qa.answers,
                words=words,
                seconds=speaking_seconds(words),
                target=answer_range(hb, qa),
                points=_points(lines),
                link=qa.question.anchor,
                page=PageKind.QUESTIONS,
                with_why=qa.is_why and bool(hb.why.paragraphs),
            )
        )
    unique: dict[str, Card] = {}
    for c in cards:  # two spellings of one question are one card: the first
        unique.setdefault(c.id, c)
    return Deck(tuple(unique.values()))


def _points(lines: tuple[Entry, ...]) -> tuple[Point, ...]:
    return tuple(
        Point(e.span.start, e.anchor, found) for e in lines if (found := content_words(e.text))
    )


def asset_files() -> list[tuple[str, bytes]]:
    """The rehearsal's scripts and the vendored ts-fsrs, as (site path, bytes)."""
    root = resources.files("prep_handbook") / "assets"
    out = [(f"{ASSETS}/{name}", (root / name).read_bytes()) for name in FILES]
    out += [(f"{ASSETS}/{name}", (root / "vendor" / name).read_bytes()) for name in VENDOR]
    return out


__all__ = ["Card", "Deck", "Point", "asset_files", "card_id", "deck", "normalise"]
