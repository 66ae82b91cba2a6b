"""What goes on the one-page cheat sheet, chosen from the handbook (layout and fit: sheet.py).

How items are chosen (DEVELOPMENT.md, "The one-pager, in full"):

- the interview itself: who, when, where and in what format (up to six lines read from the
  logistics, More notes and the frontmatter, those answering most of who/when/where first);
- key facts about the company: funding, headcount, founding, scale (up to four lines from the
  business notes and the rest, the strongest first) — both read by :mod:`.dayof`;
- the whole pitch: its opening (whole sentences, 60–90 words) always, the rest while there
  is room (it goes before any list is cut below its first two items);
- "why <company>": its first two sentences (written as bullets: every bullet, within 70 words);
- up to five experience points, those with evidence first, each with the first sentence of its
  evidence;
- every ops-model bucket with its items inline;
- every prepared answer, one line each (the first sentence);
- every question to ask.

``#sheet`` on a line pins it (and it counts within the five points); ``#nosheet`` keeps it off.
Any line can be pinned: a logistics line joins the interview's lines, a business note the key
facts, an answer's or evidence's later line becomes the line shown beside its question or
point, a why line beyond the first two sentences is added to them, and any other line (a
talking point, a task, an unsorted line) is listed under "Pinned". A heading over a section
(``## My pitch #sheet``) or a tag with no text beside it pins nothing: :attr:`OnePager.unpinned`
names it for a warning.
When the sheet does not fit one page at the smallest type, items are dropped in
:attr:`OnePager.drop_order`: from the back of every list alike, so each section keeps its
first items longest; pinned ones never (but as a last resort).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

from .dayof import (
    DAY_KEYS,
    FACT_KEYS,
    ONLY_LINK,
    WHO,
    key_value,
    person,
    read,
    shown,
    table_rule,
)
from .dayof import cue_sentences as _cue_sentences
from .model import Entry, Handbook, Rule, Section, Span
from .prose import bullet_lines, joined, sentence
from .text import balance_quotes, plain

PITCH_MIN_WORDS = 60
PITCH_MAX_WORDS = 90
WHY_SENTENCES = 2
WHY_MAX_WORDS = 70
MAX_POINTS = 5
LINE_WORDS = 25
MAX_DAY = 6
"""Lines about the interview itself (who, when, where) at most, pins aside."""
MAX_FACTS = 4
"""Key facts about the company at most, pins aside."""
DAY_WORDS = 30

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’']?\s+")


@dataclass(frozen=True, slots=True)
class SheetItem:
    """One line of the sheet that can be dropped for room."""

    entry: Entry
    """What it shows (an experience point, a bucket or its item, a question)."""
    line: str = ""
    """The one line of evidence or answer shown beside it (plain text); for the interview's
    lines, the key facts and the pinned lines, the line itself as printed."""
    pin: bool = False
    """Pinned by a line it shows besides its own (the evidence or answer beside it)."""

    @property
    def key(self) -> str:
        return self.entry.anchor

    @property
    def pinned(self) -> bool:
        return self.pin or self.entry.sheet is True


@dataclass(frozen=True, slots=True)
class SheetBucket:
    name: SheetItem
    items: tuple[SheetItem, ...]


@dataclass(frozen=True, slots=True)
class OnePager:
    day: tuple[SheetItem, ...]
    """The interview itself: who, when, where and in what format."""
    facts: tuple[SheetItem, ...]
    """Key facts about the company (funding, headcount, scale)."""
    pinned: tuple[SheetItem, ...]
    """Lines pinned with ``#sheet`` that no other part of the sheet shows."""
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
    unpinned: tuple[tuple[int, str, str], ...] = ()
    """Lines marked ``#sheet`` that nothing can show on the sheet: (line, what, how to fix)."""

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
            day=keep(self.day),
            facts=keep(self.facts),
            pinned=keep(self.pinned),
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


def _beside(entry: Entry, under: tuple[Entry, ...], shown: set[int]) -> SheetItem:
    """A point or a question with one line of what is written under it (its evidence, its
    answer): the first pinned line, else the first; pinned too when that line is. Adds the
    lines shown to ``shown``."""
    lines = [x for e in under for x in e.walk() if _on(x)]
    line = next((e for e in lines if e.sheet is True), lines[0] if lines else None)
    shown |= {entry.span.start} | ({line.span.start} if line else set())
    if line is None:
        return SheetItem(entry)
    return SheetItem(entry, _one_line(line.text), pin=line.sheet is True)


def select_one_pager(hb: Handbook) -> OnePager:
    bullets = bullet_lines(hb)
    intro = hb.intro_answer
    lines = [e for p in hb.pitch.paragraphs for e in p]
    if not lines and intro is not None:  # "Tell me about yourself", answered: the pitch
        lines = [x for a in intro.answers for x in a.walk()]
    pitch_text = balance_quotes(joined(lines, bullets, plain))
    pitch, _cut = opening(pitch_text, PITCH_MIN_WORDS, PITCH_MAX_WORDS)
    rest = _rest(lines, pitch_text, len(pitch.split()))
    shown_lines = {e.span.start for e in lines}
    why_lines = [e for p in hb.why.paragraphs for e in p]
    why_text = balance_quotes(joined(why_lines, bullets, plain))
    why = _why(why_text, bool(why_lines) and all(e.span.start in bullets for e in why_lines))
    why = _with_pinned_why(why, why_lines, bullets)
    shown_lines |= {e.span.start for e in why_lines if e.sheet is not True or _in(e, why)}

    mapping = [m for m in hb.mapping if _on(m.point)]
    ranked = sorted(
        mapping, key=lambda m: (not _pins(m.point, m.evidence), not m.evidence, m.point.span.start)
    )
    pinned_points = sum(1 for m in mapping if _pins(m.point, m.evidence))
    chosen = {id(m) for m in ranked[: max(MAX_POINTS, pinned_points)]}
    points = [_beside(m.point, m.evidence, shown_lines) for m in mapping if id(m) in chosen]
    buckets = tuple(
        SheetBucket(SheetItem(b.name), tuple(SheetItem(i) for i in b.items if _on(i)))
        for b in hb.buckets
        if _on(b.name)
    )
    shown_lines |= {i.entry.span.start for b in buckets for i in (b.name, *b.items)}
    answers = [
        _beside(qa.question, qa.answers, shown_lines) for qa in hb.they_ask if _on(qa.question)
    ]
    asks = tuple(SheetItem(e) for e in hb.to_ask if _on(e))
    shown_lines |= {e.span.start for e in hb.to_ask}

    day = _day(hb)
    facts = _facts(hb, {i.entry.span.start for i in day})
    shown_lines |= {i.entry.span.start for i in (*day, *facts)}
    day, facts, pinned, unpinned = _pins_elsewhere(hb, day, facts, shown_lines)
    rest = replace(rest, pin=True) if rest and _rest_pinned(lines, rest) else rest
    return OnePager(
        day=day,
        facts=facts,
        pinned=pinned,
        pitch=pitch,
        pitch_rest=rest,
        why=why,
        points=tuple(points),
        buckets=buckets,
        answers=tuple(answers),
        asks=asks,
        drop_order=_drop_order(
            rest, tuple(points), buckets, tuple(answers), asks, day, facts, pinned
        ),
        unpinned=unpinned,
    )


def _why(text: str, listed: bool) -> str:
    """The why story's first two sentences; written as a list of reasons, every reason while
    they stay within WHY_MAX_WORDS (a reason left off would go unnoticed)."""
    if not listed:
        return first_words(" ".join(sentences(text)[:WHY_SENTENCES]), WHY_MAX_WORDS)
    taken: list[str] = []
    count = 0
    for s in sentences(text):
        n = len(s.split())
        if taken and count + n > WHY_MAX_WORDS:
            break
        taken.append(s)
        count += n
    return first_words(" ".join(taken), WHY_MAX_WORDS)


def _pins(point: Entry, evidence: tuple[Entry, ...]) -> bool:
    return point.sheet is True or any(x.sheet is True for e in evidence for x in e.walk())


def _in(entry: Entry, text: str) -> bool:
    return " ".join(plain(entry.text).split()) in text


def _with_pinned_why(why: str, lines: list[Entry], bullets: frozenset[int]) -> str:
    """The why story's opening, and after it any pinned line of it that the opening leaves out."""
    extra = [
        sentence(plain(e.text)) if e.span.start in bullets else plain(e.text)
        for e in lines
        if e.sheet is True and not _in(e, why)
    ]
    return " ".join([why, *extra]) if extra else why


def _rest_pinned(lines: list[Entry], rest: SheetItem) -> bool:
    """A pinned pitch line in the part of the pitch after its opening keeps all of it on."""
    return any(e.sheet is True and e.span.start >= rest.entry.span.start for e in lines)


# ---------------------------------------------------------------------------------------------
# The interview and the company: lines read for the lobby (dayof.py reads each line).


def _day(hb: Handbook) -> tuple[SheetItem, ...]:
    """Who, when, where: the lines of the frontmatter, logistics and More notes that answer
    most of those questions (up to MAX_DAY, pins aside), in the order written."""
    found: list[tuple[int, SheetItem]] = []  # (how many of who/when/where, item)
    for entry, key, value in _frontmatter(hb):
        if key in DAY_KEYS and value:
            found.append((3, SheetItem(entry, first_words(entry.text, DAY_WORDS))))
    raw = {m.line: m.text for m in hb.source_map}
    used: set[int] = set()
    for g in (*hb.logistics, *hb.more):
        title = g.title
        among_people = title is not None and WHO.search(shown(title.text)) is not None
        if title is not None and _on(title):
            r = read(shown(title.text))
            if r.when:  # "## Round 1 (Mon 10am)": a heading that is itself the schedule
                found.append((r.day, SheetItem(title, _day_line(shown(title.text)))))
        for entry in (x for top in g.entries for x in top.walk()):
            if entry.span.start in used or not _on(entry) or "\n" in entry.text:
                continue
            text = shown(entry.text)
            if not text or table_rule(entry.text) or table_rule(raw.get(entry.span.end + 1, "")):
                continue  # nothing to show, a table's rule or its header row
            r = read(text)
            name = person(text) and (among_people or bool(entry.children) or r.who)
            label = len(text.split()) <= 3 and (entry.children or text.endswith(":"))
            if (not r.day and not name) or (label and not r.when and not name):
                continue
            line = _day_line(text)
            about = next(iter(entry.children), None)
            if about is not None and not read(shown(about.text)).day and _on(about):
                line = first_words(f"{line} — {shown(about.text)}", DAY_WORDS)
                used.add(about.span.start)
            found.append((r.day + name, SheetItem(entry, line)))
    return _most(found, MAX_DAY)


def _day_line(text: str) -> str:
    return first_words(_cue_sentences(text, "day"), DAY_WORDS)


def _facts(hb: Handbook, taken: set[int]) -> tuple[SheetItem, ...]:
    """Funding, headcount, founding and scale: the strongest company facts (up to MAX_FACTS,
    pins aside), in the order written."""
    found: list[tuple[int, SheetItem]] = []
    for entry, key, value in _frontmatter(hb):
        if key in FACT_KEYS and value:
            found.append((3, SheetItem(entry, first_words(entry.text, LINE_WORDS))))
    raw = {m.line: m.text for m in hb.source_map}
    groups = (*hb.business, *hb.logistics, *hb.more)
    entries = [x for g in groups for top in g.entries for x in top.walk()]
    entries += [x for top in hb.ops_intro for x in top.walk()]
    for entry in sorted(entries, key=lambda e: e.span.start):
        if entry.span.start in taken or not _on(entry) or "\n" in entry.text:
            continue
        text = shown(entry.text)
        if not text or table_rule(entry.text) or table_rule(raw.get(entry.span.end + 1, "")):
            continue
        if ONLY_LINK.fullmatch(entry.text):
            continue  # "[Their Series A announcement](…)": a link to open, not a fact to read
        weight = read(text).fact
        if weight >= 2:
            line = first_words(_cue_sentences(text, "fact"), LINE_WORDS)
            found.append((weight, SheetItem(entry, line)))
    return _most(found, MAX_FACTS)


def _most(found: list[tuple[int, SheetItem]], limit: int) -> tuple[SheetItem, ...]:
    """The ``limit`` strongest (the earlier at equal strength), shown in the order written."""
    best = sorted(found, key=lambda f: (-f[0], f[1].entry.span.start))[:limit]
    return tuple(sorted((i for _w, i in best), key=lambda i: i.entry.span.start))


def _frontmatter(hb: Handbook) -> list[tuple[Entry, str, str]]:
    """The frontmatter as (entry, key, value), a YAML list under a key joined into one value
    (``interviewers:`` / ``  - Priya`` / ``  - Tom`` → "Interviewers: Priya, Tom")."""
    keys: list[tuple[str, list[str], int, int]] = []  # key as written, values, first, last
    for m in hb.source_map:
        if m.rule is not Rule.FRONTMATTER or m.reason is not None:
            continue
        item = m.text.strip()
        if item.startswith("- ") and keys:  # a YAML list under the key above
            written, values, first, _last = keys[-1]
            keys[-1] = (written, [*values, item[2:].strip().strip("\"'")], first, m.line)
        elif (kv := key_value(m.text)) is not None:
            written = m.text.split(":", 1)[0].strip(" -*")
            keys.append((written, [kv[1]] if kv[1] else [], m.line, m.line))
    out = []
    for written, values, first, last in keys:
        value = ", ".join(values)
        text = f"{written[:1].upper()}{written[1:]}: {value}"
        key = written.lower().replace(" ", "_").replace("-", "_")
        out.append((Entry(text, Span(hb.source, first, last)), key, value))
    return out


# ---------------------------------------------------------------------------------------------
# #sheet on lines the sections above do not show.

_CAPTION = ("#sheet on a heading over a section pins nothing", "put it on the lines under it")
_BARE = ("#sheet with no text beside it pins nothing", "write it after the text to pin")


def _pins_elsewhere(
    hb: Handbook,
    day: tuple[SheetItem, ...],
    facts: tuple[SheetItem, ...],
    shown_lines: set[int],
) -> tuple[
    tuple[SheetItem, ...],
    tuple[SheetItem, ...],
    tuple[SheetItem, ...],
    tuple[tuple[int, str, str], ...],
]:
    """Every line marked ``#sheet`` that no section shows yet: a logistics line joins the
    interview's lines, a business note the facts, any other line "Pinned"; a caption or a bare
    tag cannot be shown, and is named."""
    section = {m.line: m.section for m in hb.source_map}
    captions = {
        e.span.start
        for e in (
            *hb.pitch.labels,
            *hb.why.labels,
            *hb.mapping_labels,
            *hb.ops_labels,
            *hb.they_ask_labels,
            *hb.to_ask_labels,
            *([hb.title_entry] if hb.title_entry else []),
        )
    }
    every = [*hb.entries(), *(x for t in hb.tasks for x in t.walk())]
    every += [hb.title_entry] if hb.title_entry else []
    more_day: list[SheetItem] = []
    more_facts: list[SheetItem] = []
    pinned: list[SheetItem] = []
    unpinned: dict[int, tuple[str, str]] = {}
    seen: set[int] = set()
    for e in sorted(every, key=lambda e: e.span.start):
        line = e.span.start
        if e.sheet is not True or line in shown_lines or line in seen:
            continue
        seen.add(line)
        text = shown(e.text) if "\n" not in e.text else ""
        if line in captions:
            unpinned[line] = _CAPTION
        elif not text:
            unpinned[line] = _BARE
        elif section.get(line) is Section.LOGISTICS:
            more_day.append(SheetItem(e, _day_line(text)))
        elif section.get(line) is Section.BUSINESS:
            more_facts.append(SheetItem(e, first_words(text, LINE_WORDS)))
        else:
            pinned.append(SheetItem(e, first_words(text, LINE_WORDS)))

    def by_line(items: list[SheetItem]) -> tuple[SheetItem, ...]:
        return tuple(sorted(items, key=lambda i: i.entry.span.start))

    return (
        by_line([*day, *more_day]),
        by_line([*facts, *more_facts]),
        by_line(pinned),
        tuple((line, what, fix) for line, (what, fix) in sorted(unpinned.items())),
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
    day: tuple[SheetItem, ...] = (),
    facts: tuple[SheetItem, ...] = (),
    pinned: tuple[SheetItem, ...] = (),
) -> tuple[SheetItem, ...]:
    """Least needed first. Every list keeps its head longest: items go from the back of all
    lists alike (the 9th question before the 2nd bucket), points without evidence before any
    of that, and at equal depth key facts, bucket items, answers, points, questions to ask,
    buckets, then the interview's lines (who, when, where: what one checks in the lobby); the
    key facts one step sooner than the rest. Pinned items go only at the very end."""
    ranked: list[tuple[int, int, int, SheetItem]] = []  # (depth, section, order, item)
    ranked += [(n + 1, -1, n, f) for n, f in enumerate(facts)]
    for n, p in enumerate(points):
        ranked.append((n + (1000 if not p.line else 0), 2, n, p))
    for n, b in enumerate(buckets):
        ranked.append((n, 4, n, b.name))
        ranked += [(1 + j, 0, n * 1000 + j, item) for j, item in enumerate(b.items)]
    ranked += [(n, 1, n, a) for n, a in enumerate(answers)]
    ranked += [(n, 3, n, q) for n, q in enumerate(asks)]
    if rest is not None:  # the whole pitch, before any list loses its first two items
        ranked.append((2, 5, 0, rest))
    ranked += [(n, 6, n, d) for n, d in enumerate(day)]
    ranked += [(n, 7, n, p) for n, p in enumerate(pinned)]
    ranked.sort(key=lambda r: (-r[0], r[1], -r[2]))
    order = [r[3] for r in ranked]
    return tuple([i for i in order if not i.pinned] + [i for i in order if i.pinned])
