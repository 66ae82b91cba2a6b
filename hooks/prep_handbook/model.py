"""The typed handbook: what the classifier makes of one notes file, and what templates render."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import NewType

from .errors import NotesError

Slug = NewType("Slug", str)
_INTRO = re.compile(
    r"\b(tell (me|us) (a (little )?(bit )?)?about yourself|introduce yourself|"
    r"walk (me|us) through your (resume|résumé|cv|background|career))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Span:
    """Where something came from: notes file and 1-based, inclusive line range."""

    path: str
    start: int
    end: int

    def __str__(self) -> str:
        if self.start == self.end:
            return f"{self.path}:{self.start}"
        return f"{self.path}:{self.start}-{self.end}"


class Section(StrEnum):
    """Where a piece of the notes belongs. The values are the marks authors write (``#ops``)."""

    PITCH = "pitch"
    WHY = "why"
    MAPPING = "mapping"
    OPS = "ops"
    BUSINESS = "business"
    THEY_ASK = "they-ask"
    TO_ASK = "ask"
    LOGISTICS = "logistics"
    """Links, interviewer names, dates, the format, study lists: on the "More notes" page."""
    MORE = "more"
    TASKS = "tasks"
    """``- [ ] task`` items, wherever written: the prep checklist on the overview."""


class PageKind(StrEnum):
    """One page of a handbook; the value is its path below ``/<slug>/``."""

    OVERVIEW = ""
    NARRATIVE = "narrative"
    MAPPING = "mapping"
    OPS = "ops-model"
    QUESTIONS = "questions"
    DRILL = "drill"
    ONE_PAGER = "one-pager"
    NOTES = "notes"
    TAGS = "tags"

    @property
    def source_name(self) -> str:
        """The Markdown file the page is generated as, relative to the handbook folder."""
        return "index.md" if self is PageKind.OVERVIEW else f"{self.value}.md"

    @property
    def label(self) -> str:
        """Its name in navigation and links."""
        return _PAGE_LABELS[self]

    def url(self, slug: str) -> str:
        """Its address below the site's root: ``traba/ops-model/``, ``traba/``."""
        return f"{slug}/{self.value}/" if self.value else f"{slug}/"


_PAGE_LABELS = {
    PageKind.OVERVIEW: "Overview",
    PageKind.NARRATIVE: "Narrative",
    PageKind.MAPPING: "Experience → company",
    PageKind.OPS: "Ops model",
    PageKind.QUESTIONS: "Questions",
    PageKind.DRILL: "Drill",
    PageKind.ONE_PAGER: "One-pager",
    PageKind.NOTES: "More notes",
    PageKind.TAGS: "Tags",
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of the author's notes as it is shown, with what was written under it."""

    text: str
    """The text as written (inline Markdown), without bullet, quote marker or section mark."""
    span: Span
    """Where it came from."""
    quoted: bool = False
    """It was written as a quote (``>``): shown as something to say aloud."""
    children: tuple[Entry, ...] = ()
    """What was written under it, in order."""
    sheet: bool | None = None
    """The author's say on the one-pager: ``#sheet`` pins it on (True), ``#nosheet`` keeps it
    off (False); None lets the fit decide."""

    @property
    def anchor(self) -> str:
        """The element id it gets on its page: ``L<line>``."""
        return f"L{self.span.start}"

    def walk(self) -> list[Entry]:
        out = [self]
        for c in self.children:
            out.extend(c.walk())
        return out


@dataclass(frozen=True, slots=True)
class Anchors:
    """The ids of a handbook's sections on its pages. Decided here once: the classifier points
    the source map at them, links are made from them, templates print them."""

    pitch: str = "pitch"
    why: str = "why"
    they_ask: str = "they-ask"
    talking_points: str = "talking-points"
    to_ask: str = "to-ask"
    buckets: str = "buckets"
    business: str = "business-notes"
    logistics: str = "logistics"
    unsorted: str = "unsorted"
    readiness: str = "readiness"
    checklist: str = "checklist"
    frontmatter: str = "frontmatter"

    @classmethod
    def of(cls, slug: str) -> Anchors:
        """A handbook's anchors: "why" names the company (``why-traba``), as readers expect."""
        return cls(why=f"why-{slug}")


@dataclass(frozen=True, slots=True)
class Link:
    """A target inside the site: a page of a handbook and an anchor on it."""

    title: str
    slug: Slug
    page: PageKind
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Prose:
    """Lines joined into paragraphs (the pitch, the why story)."""

    labels: tuple[Entry, ...]
    """The author's own headings or labels over it, shown as captions."""
    paragraphs: tuple[tuple[Entry, ...], ...]
    """Each paragraph is the lines it was written as; templates join them with spaces."""

    @property
    def words(self) -> int:
        return sum(len(e.text.split()) for p in self.paragraphs for e in p)


@dataclass(frozen=True, slots=True)
class MappingPoint:
    """An experience point, the evidence written under it, and what at the company it speaks to."""

    point: Entry
    evidence: tuple[Entry, ...]
    related: tuple[Link, ...]
    explicit: bool
    """The author linked it (``[[...]]``); otherwise ``related`` comes from shared words."""


@dataclass(frozen=True, slots=True)
class Bucket:
    """One part of how the company operates ("growth ops") and the items under it."""

    name: Entry
    items: tuple[Entry, ...]
    anchor: str


@dataclass(frozen=True, slots=True)
class NoteGroup:
    """Lines written together (no blank line between them), optionally under a label."""

    title: Entry | None
    entries: tuple[Entry, ...]
    anchor: str
    callout: str = ""
    """Written as an Obsidian callout of this type (``tip``, ``warning`` …): an admonition."""
    fold: str = ""
    """The callout's fold mark: ``-`` folded, ``+`` open but foldable."""


@dataclass(frozen=True, slots=True)
class QA:
    """A question they may ask me and the answer I prepared (possibly none yet)."""

    question: Entry
    answers: tuple[Entry, ...]
    is_why: bool
    """It is the "why <company>?" question: linked with the narrative's why section."""

    @property
    def words(self) -> int:
        """Words of the prepared answer, all of it (for its speaking time)."""
        return sum(len(e.text.split()) for a in self.answers for e in a.walk())


class Rule(StrEnum):
    """Which rule placed a line (``"rule"`` in source-map.json), strongest first."""

    FRONTMATTER = "frontmatter"
    TITLE = "title"
    MARK = "mark"
    """A section tag written on the line or above it (``#ops``)."""
    CHECKLIST = "checklist"
    """A ``- [ ]`` task: the prep checklist."""
    LABEL = "label"
    """A heading or label names the section (``questions to ask:``), or the line is under one."""
    QUESTION_HEADING = "question heading"
    """A heading or a bullet with lines under it that is a question."""
    QUESTION = "question"
    """A loose line that is a question."""
    ANSWER = "answer under question"
    QUOTE = "quote"
    """A ``>`` quote under no label: the "why <company>" story, else the pitch."""
    FIRST_PERSON = "first person"
    COMPANY_FACT = "company fact"
    LOGISTICS = "logistics"
    WORDS = "words"
    """A weak guess: a word of the vocabulary list."""
    LEFTOVER = "leftover"
    """No rule claimed it: "More notes"."""

    @property
    def weak(self) -> bool:
        """Placed by a guess the author should check."""
        return self in (Rule.WORDS, Rule.LEFTOVER)


class Reason(StrEnum):
    """Why a line is shown on no page."""

    FENCE = "frontmatter fence"
    BLANK = "blank line"
    COMMENT = "comment"
    EMPTY = "empty bullet"
    SEPARATOR = "separator line"
    NOTHING = "no words to show"


@dataclass(frozen=True, slots=True)
class LineMapping:
    """One line of the notes file and where it landed."""

    line: int
    text: str
    page: PageKind | None
    """The page it is shown on (its address: ``page.url(slug)``), None when not shown."""
    anchor: str | None
    reason: Reason | None = None
    rule: Rule | None = None
    section: Section | None = None
    """The section it was placed in (its mark: ``#ops``), when it was placed in one."""


_WORD = re.compile(r"[^\W_]+")
_MARKUP = re.compile(r"[\[\]`*_<>#|!]")
FILLER = frozenset(
    """a an the my our me i to for about of on some they them might may will could would
    likely""".split()
)
"""Words a heading can add to a section's name without saying more ("my pitch", "questions
they might ask")."""


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def echoes(label: str, title: str) -> bool:
    """Whether the author's heading only repeats the section's title: its words are a run of
    the title's ("why Lumen" in "Why Lumen Robotics", "questions:" in "Questions I ask them").
    A heading with markup, a tag or a link is never one: it shows as written."""
    said, heard = _words(label), _words(title)
    n = len(said)
    return (
        not _MARKUP.search(label)
        and n > 0
        and any(heard[i : i + n] == said for i in range(len(heard) - n + 1))
    )


def names(label: str, title: str) -> bool:
    """Whether the author's heading names the section in other words, filler aside ("my pitch"
    for "Pitch", "questions they might ask" for "Questions they ask me"): then the heading is
    the section's title, in the author's words."""
    said = {w for w in _words(label) if w not in FILLER}
    heard = {w for w in _words(title) if w not in FILLER}
    return not _MARKUP.search(label) and bool(said) and said == heard


@dataclass(frozen=True, slots=True)
class Heading:
    """A section's title on its page, and the author's own headings over it."""

    title: str
    folded: tuple[Entry, ...]
    """The author's headings that only name the section, shown as its title (the element
    around the title carries their id and source line) rather than repeated under it: one
    that repeats the title's words, or one that names the section in other words (then the
    title is that heading's text)."""
    captions: tuple[Entry, ...]
    """The author's headings that say more than the title: shown under it, as written."""


SECTION_TITLES = {
    Section.PITCH: "Pitch",
    Section.THEY_ASK: "Questions they ask me",
    Section.TO_ASK: "Questions I ask them",
    Section.OPS: "Buckets",
}
"""Section titles that do not name the company (those that do are Handbook properties)."""


@dataclass(frozen=True, slots=True)
class Handbook:
    """Everything one notes file becomes."""

    source: str
    """Display path of the notes file (``seeds/traba-preparation.md``)."""
    slug: Slug
    company: str
    title: str
    pitch: Prose
    why: Prose
    mapping_labels: tuple[Entry, ...]
    mapping: tuple[MappingPoint, ...]
    ops_labels: tuple[Entry, ...]
    ops_intro: tuple[Entry, ...]
    buckets: tuple[Bucket, ...]
    business: tuple[NoteGroup, ...]
    they_ask_labels: tuple[Entry, ...]
    they_ask: tuple[QA, ...]
    talking_points: tuple[Entry, ...]
    to_ask_labels: tuple[Entry, ...]
    to_ask: tuple[Entry, ...]
    more: tuple[NoteGroup, ...]
    logistics: tuple[NoteGroup, ...]
    """Links, people, dates and study lists: shown on the "More notes" page, first."""
    tasks: tuple[Entry, ...]
    """``- [ ]`` / ``- [x]`` items from anywhere in the notes: the prep checklist."""
    tags: tuple[tuple[str, tuple[Link, ...]], ...]
    """Every ``#tag`` written in the notes (section marks aside), with where each is shown."""
    meta_tags: tuple[str, ...]
    """``tags:`` from the frontmatter."""
    title_entry: Entry | None
    """The ``# Heading`` the title came from, when there was no frontmatter title."""
    source_map: tuple[LineMapping, ...]
    named: bool = True
    """``company`` names an organisation; False for notes about no one company (a bank of
    behavioural questions), whose pages then say "this company"."""

    @property
    def anchors(self) -> Anchors:
        return Anchors.of(self.slug)

    @property
    def why_title(self) -> str:
        return f"Why {self.company}" if self.named else "Why this company"

    @property
    def ops_title(self) -> str:
        return f"How {self.company} operates" if self.named else "How the company operates"

    @property
    def mapping_title(self) -> str:
        return f"Experience → {self.company}" if self.named else "Experience → company"

    def heading(self, section: str) -> Heading:
        """A section's title and the author's headings over it (``section``: a mark, as
        templates write it: "pitch", "why", "mapping", "ops", "they-ask", "ask")."""
        key = Section(section)
        labels = {
            Section.PITCH: self.pitch.labels,
            Section.WHY: self.why.labels,
            Section.MAPPING: self.mapping_labels,
            Section.OPS: self.ops_labels,
            Section.THEY_ASK: self.they_ask_labels,
            Section.TO_ASK: self.to_ask_labels,
        }[key]
        title = {Section.WHY: self.why_title, Section.MAPPING: self.mapping_title}.get(key)
        title = title or SECTION_TITLES[key]
        folded = [e for e in labels if echoes(e.text, title)]
        renamed = next((e for e in labels if e not in folded and names(e.text, title)), None)
        if renamed is not None:  # "## my pitch": the section is titled "My pitch"
            folded.append(renamed)
            text = " ".join(renamed.text.split()).rstrip(":")
            title = text[:1].upper() + text[1:]
        shown = tuple(e for e in labels if e in folded)
        return Heading(title, shown, tuple(e for e in labels if e not in folded))

    def title_of(self, page: PageKind) -> str:
        """A page's title in navigation and in links to it."""
        return self.mapping_title if page is PageKind.MAPPING else page.label

    def document_title(self, page: PageKind) -> str:
        """A page's title in the browser's tab and in search results ("Traba — questions")."""
        return f"{self.company} — {page.label.lower()}"

    @property
    def pages(self) -> tuple[PageKind, ...]:
        """The pages this handbook has: all of them; the drill only with questions to drill,
        "More notes" and "Tags" only when there is something to show."""
        optional = {
            PageKind.DRILL: bool(self.they_ask),
            PageKind.NOTES: bool(self.more or self.logistics),
            PageKind.TAGS: bool(self.tags),
        }
        return tuple(p for p in PageKind if optional.get(p, True))

    @property
    def why_question(self) -> QA | None:
        return next((qa for qa in self.they_ask if qa.is_why), None)

    @property
    def intro_answer(self) -> QA | None:
        """The prepared answer to "Tell me about yourself" (or "walk me through your resume"):
        the pitch, when the notes hold no pitch written as such."""
        return next(
            (qa for qa in self.they_ask if qa.answers and _INTRO.search(qa.question.text)), None
        )

    def entries(self) -> list[Entry]:
        """Every line shown on the handbook's pages (tasks aside), with all written under it."""
        tops: list[Entry] = [
            *self.pitch.labels,
            *self.why.labels,
            *self.mapping_labels,
            *self.ops_labels,
            *self.ops_intro,
            *self.they_ask_labels,
            *self.talking_points,
            *self.to_ask_labels,
            *self.to_ask,
        ]
        tops += [e for p in (*self.pitch.paragraphs, *self.why.paragraphs) for e in p]
        tops += [b.name for b in self.buckets] + [i for b in self.buckets for i in b.items]
        for g in (*self.business, *self.more, *self.logistics):
            tops += ([g.title] if g.title else []) + list(g.entries)
        for qa in self.they_ask:
            tops += [qa.question, *qa.answers]
        for mp in self.mapping:
            tops += [mp.point, *mp.evidence]
        return [e for top in tops for e in top.walk()]

    def link(self, page: PageKind, anchor: str | None = None, title: str = "") -> Link:
        return Link(title or page.label, self.slug, page, anchor)


@dataclass(frozen=True, slots=True)
class BrokenHandbook:
    """A notes file that could not be read: its pages show the error instead."""

    source: str
    slug: Slug
    company: str
    error: NotesError
