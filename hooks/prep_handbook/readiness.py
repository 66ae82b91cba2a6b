"""What is not ready yet: the readiness report on each handbook's overview page.

Questions they may ask with no answer prepared, lines left unfinished (``converting->``,
``metrics:`` with nothing under it, ``decisions are o``), likely typos, empty bullets, a
pitch too long to say in 90 seconds, answers outside their time (60–120 s; the pitch 60–90 s)
and stories missing a beat (``story.py``). Each finding names its line and links to where it
is shown.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .errors import NotesWarning
from .model import QA, Handbook, LineMapping, Link, PageKind, Reason, Rule
from .outline import Kind, Node, Outline
from .spelling import checkable_words
from .story import Line as StoryLine
from .story import Story, find_stories, gaps, is_behavioural
from .text import plain

WORDS_PER_MINUTE = 140
"""Conversational pace (averages quoted run 130–160 words a minute; 140 is the usual figure)."""
PITCH_SECONDS = 90
"""Longest pitch worth saying before they interrupt (about 210 words at 140 a minute)."""
PITCH_RANGE = (60, PITCH_SECONDS)
"""The pitch, or "Tell me about yourself": 60 to 90 seconds."""
ANSWER_SECONDS = (60, 120)
"""Any other answer: a minute to two."""

_ARROW_END = re.compile(r"(?:->|-->|=>|→)\s*$")
_CUT_OFF = re.compile(r"(?:^|\s)(?![aAiI]\b)[A-Za-z]\s*$")
"""A line ending in a lone letter other than "a" or "I": a word cut off ("decisions are o")."""


def speaking_seconds(words: int) -> int:
    return round(words * 60 / WORDS_PER_MINUTE)


def answer_words(hb: Handbook, qa: QA) -> int:
    """Words of an answer as it would be said: "why <company>?" says the why story too."""
    return qa.words + (hb.why.words if qa.is_why else 0)


def answer_range(hb: Handbook, qa: QA) -> tuple[int, int]:
    """How long the answer should last when said: "Tell me about yourself" is the pitch."""
    return PITCH_RANGE if qa is hb.intro_answer else ANSWER_SECONDS


class Check(StrEnum):
    UNANSWERED = "unanswered"
    UNFINISHED = "unfinished"
    TYPO = "typo"
    EMPTY = "empty"
    LONG_PITCH = "long-pitch"
    TIMING = "timing"
    STORY = "story"
    ELSEWHERE = "elsewhere"
    GUESS = "guess"

    @property
    def heading(self) -> str:
        return _TITLES[self]

    @property
    def anchor(self) -> str:
        """The id of its part of the report on the overview page."""
        return f"readiness-{self.value}"


_TITLES = {
    Check.UNANSWERED: "Questions they may ask, no answer yet",
    Check.UNFINISHED: "Unfinished lines",
    Check.TYPO: "Likely typos",
    Check.EMPTY: "Empty bullets",
    Check.LONG_PITCH: f"Pitch over {PITCH_SECONDS} seconds",
    Check.TIMING: "Outside their time (answers 60–120 s, the pitch 60–90 s)",
    Check.STORY: "Stories missing a beat (situation, action, result)",
    Check.ELSEWHERE: "Links to notes outside the seeds folder",
    Check.GUESS: "Placed by a guess: check these",
}
_COUNTED = {
    Check.UNANSWERED: ("question without an answer", "questions without an answer"),
    Check.UNFINISHED: ("unfinished line", "unfinished lines"),
    Check.TYPO: ("likely typo", "likely typos"),
    Check.EMPTY: ("empty bullet", "empty bullets"),
    Check.LONG_PITCH: ("pitch over 90 s", "pitches over 90 s"),
    Check.TIMING: ("answer outside its time", "answers outside their time"),
    Check.STORY: ("gap in a story", "gaps in stories"),
    Check.ELSEWHERE: ("link to a note elsewhere", "links to notes elsewhere"),
    Check.GUESS: ("line placed by a guess", "lines placed by a guess"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    check: Check
    line: int
    text: str
    """The line as it reads (plain text, shortened to about 60 characters)."""
    detail: str
    """What is wrong with it, in a few words."""
    link: Link | None
    """Where the line is shown (None for a line shown nowhere, such as an empty bullet)."""


@dataclass(frozen=True, slots=True)
class Readiness:
    source: str
    findings: tuple[Finding, ...]
    guesses: tuple[Finding, ...] = ()
    """Lines placed only by a weak guess (a word of the vocabulary list, or no rule at all):
    worth a look, and a tag moves them; they do not make the handbook "not ready"."""
    empty: bool = False
    """The notes show nothing yet (a blank file, only whitespace, only frontmatter or a
    title): not "ready", and nothing to check."""

    @property
    def guess_anchor(self) -> str:
        return Check.GUESS.anchor

    def groups(self) -> list[tuple[Check, list[Finding]]]:
        return [
            (check, found)
            for check in Check
            if (found := [f for f in self.findings if f.check is check])
        ]

    def summary(self) -> str:
        """One line for the build log."""
        if self.empty:
            return (
                f"{self.source}: empty — no notes to show yet; write your pitch, questions and "
                "notes in it"
            )
        if not self.findings:
            return f"{self.source}: ready — no open questions, unfinished lines or typos"
        parts = [
            f"{len(found)} {_COUNTED[check][len(found) != 1]}" for check, found in self.groups()
        ]
        return f"{self.source}: not ready yet — {', '.join(parts)} (see its overview page)"


def words_to_check(hb: Handbook, outline: Outline) -> dict[int, tuple[str, ...]]:
    """Per shown line, the words the spelling check looks up (code and frontmatter left out)."""
    code = _code_lines(outline)
    return {
        m.line: checkable_words(m.text)
        for m in hb.source_map
        if m.page is not None and m.rule is not Rule.FRONTMATTER and m.line not in code
    }


def lines_writing(checked: Iterable[Mapping[int, tuple[str, ...]]]) -> Counter[str]:
    """How many lines write each word, over the :func:`words_to_check` of every handbook (a
    word written on several lines is probably meant)."""
    return Counter(w for per_line in checked for words in per_line.values() for w in set(words))


def readiness(
    hb: Handbook,
    outline: Outline,
    typos: Mapping[str, tuple[str, ...]],
    checked: Mapping[int, tuple[str, ...]],
    elsewhere: Sequence[NotesWarning] = (),
) -> Readiness:
    """Everything in one handbook that is not ready yet, in notes order within each check.
    ``typos``: the unknown words among ``checked``, its :func:`words_to_check`."""
    where = {m.line: m for m in hb.source_map}
    found: list[Finding] = []

    for qa in hb.they_ask:
        if not qa.answers:
            link = hb.link(PageKind.QUESTIONS, qa.question.anchor, plain(qa.question.text))
            found.append(
                Finding(
                    Check.UNANSWERED,
                    qa.question.span.start,
                    plain(qa.question.text),
                    "no answer under it: indent one below the question",
                    link,
                )
            )

    labels = _label_lines(hb)
    for node in _nodes(outline):
        if node.kind is Kind.CODE or node.is_empty or not node.owns_lines:
            continue
        text = plain(node.text).strip()
        detail = None
        if _ARROW_END.search(text):
            detail = "ends in an arrow, with nothing after it"
        elif text.endswith(":") and not node.real_children and node.span.start not in labels:
            detail = "ends in a colon, with nothing under it"
        elif _CUT_OFF.search(text) and len(text.split()) > 1:
            detail = f"ends in “{text.split()[-1]}”: a word cut off?"
        if detail:
            line = node.span.start
            found.append(Finding(Check.UNFINISHED, line, text, detail, _link(hb, where.get(line))))

    for line, line_words in sorted(checked.items()):
        for word in dict.fromkeys(w for w in line_words if w in typos):
            hints = typos[word]
            detail = f"“{word}”" + (f" — maybe {' / '.join(hints)}?" if hints else "")
            text = plain(where[line].text).strip(" \t>-*+")
            found.append(Finding(Check.TYPO, line, text, detail, _link(hb, where[line])))

    for m in hb.source_map:
        if m.reason is Reason.EMPTY:
            found.append(
                Finding(Check.EMPTY, m.line, m.text.strip(), "a bullet with no text", None)
            )

    where_line = {m.line: m for m in hb.source_map}
    for w in elsewhere:
        at = where_line.get(w.line)
        text = plain(at.text).strip(" \t>-*+") if at else ""
        found.append(Finding(Check.ELSEWHERE, w.line, text, w.what, _link(hb, at)))

    seconds = speaking_seconds(hb.pitch.words)
    if seconds > PITCH_SECONDS and hb.pitch.paragraphs:
        first = hb.pitch.paragraphs[0][0]
        found.append(
            Finding(
                Check.LONG_PITCH,
                first.span.start,
                f"{hb.pitch.words} words",
                f"≈ {seconds} s spoken at {WORDS_PER_MINUTE} words a minute; "
                f"aim for 60–{PITCH_SECONDS} s",
                hb.link(PageKind.NARRATIVE, hb.anchors.pitch, "Pitch"),
            )
        )
    if hb.pitch.paragraphs and seconds < PITCH_RANGE[0]:
        first = hb.pitch.paragraphs[0][0]
        found.append(
            Finding(
                Check.TIMING,
                first.span.start,
                f"Pitch: {hb.pitch.words} words",
                f"≈ {seconds} s spoken; a pitch runs {PITCH_RANGE[0]}–{PITCH_RANGE[1]} s",
                hb.link(PageKind.NARRATIVE, hb.anchors.pitch, "Pitch"),
            )
        )
    found += _timing(hb)
    found += _stories(hb, outline)
    code = _code_lines(outline)  # shown as written, with no anchor of their own to link to
    guesses = tuple(
        Finding(
            Check.GUESS,
            m.line,
            _short(plain(m.text).strip(" \t>-*+")),
            _guess_detail(m),
            _link(hb, m),
        )
        for m in hb.source_map
        if m.rule is not None and m.rule.weak and m.line not in code
    )
    return Readiness(
        hb.source,
        tuple(dataclasses.replace(f, text=_short(f.text)) for f in found),
        guesses,
        empty=not hb.entries() and not hb.tasks,
    )


def _timing(hb: Handbook) -> list[Finding]:
    """Prepared answers that would be said in under a minute or over two (the pitch's
    question: outside 60–90 s)."""
    out: list[Finding] = []
    for qa in hb.they_ask:
        if not qa.answers:
            continue  # reported as unanswered
        words = answer_words(hb, qa)
        seconds = speaking_seconds(words)
        low, high = answer_range(hb, qa)
        if low <= seconds <= high:
            continue
        advice = "trim it" if seconds > high else "time a spoken take on the drill"
        out.append(
            Finding(
                Check.TIMING,
                qa.question.span.start,
                plain(qa.question.text),
                f"≈ {seconds} s as written ({words} words); aim for {low}–{high} s: {advice}",
                hb.link(PageKind.QUESTIONS, qa.question.anchor, plain(qa.question.text)),
            )
        )
    return out


def _stories(hb: Handbook, outline: Outline) -> list[Finding]:
    """Stories missing a beat: answers to behavioural questions, labelled stories anywhere,
    table rows with the beats as columns, experience points named for a behavioural theme."""
    where = {m.line: m for m in hb.source_map}
    stories: list[Story] = []
    asked: set[int] = set()
    for qa in hb.they_ask:
        asked.add(qa.question.span.start)
        if qa.answers and is_behavioural(qa.question.text):
            title = StoryLine(qa.question.span.start, plain(qa.question.text).strip())
            lines = tuple(
                StoryLine(e.span.start, plain(e.text).strip()) for a in qa.answers for e in a.walk()
            )
            stories.append(Story(title, lines))
    experience = {m.line for m in hb.source_map if m.page is PageKind.MAPPING}
    stories += find_stories(outline, asked, experience)
    out: list[Finding] = []
    for story in sorted(stories, key=lambda s: s.title.line):
        for gap in gaps(story):
            shown = gap.title or f"line {gap.line}"
            out.append(
                Finding(Check.STORY, gap.line, shown, gap.detail, _link(hb, where.get(gap.line)))
            )
    return out


def _guess_detail(m: LineMapping) -> str:
    if m.rule is Rule.LEFTOVER:
        return "read as none of the pages: add a tag such as #ops, #ask or #they-ask to place it"
    tag = f"#{m.section.value}" if m.section else "a tag"
    return f"placed by its words only ({tag}); another tag moves it"


def _code_lines(outline: Outline) -> set[int]:
    return {
        line
        for node in _nodes(outline)
        if node.kind is Kind.CODE
        for line in range(node.span.start, node.span.end + 1)
    }


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit) if " " in text[:limit] else limit].rstrip(" ,;:") + "…"


def _nodes(outline: Outline) -> list[Node]:
    return [n for block in outline.blocks for n in block.walk()]


def _label_lines(hb: Handbook) -> set[int]:
    """Lines the classifier used as labels over what follows them (not unfinished)."""
    entries = [
        *hb.pitch.labels,
        *hb.why.labels,
        *hb.mapping_labels,
        *hb.ops_labels,
        *hb.they_ask_labels,
        *hb.to_ask_labels,
        *(b.name for b in hb.buckets),
        *(g.title for g in (*hb.business, *hb.more) if g.title),
    ]
    return {e.span.start for e in entries}


def _link(hb: Handbook, mapping: LineMapping | None) -> Link | None:
    """Where a line of the notes is shown, from the source map."""
    if mapping is None or mapping.page is None:
        return None
    return Link(plain(mapping.text).strip(), hb.slug, mapping.page, mapping.anchor)
