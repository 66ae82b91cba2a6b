"""Stage 3+4 — classify and model: outline blocks → sections → a typed :class:`Handbook`.

The classifier walks the rule tables (see :mod:`.rules`); nothing here names a keyword. Every
line of the outline ends up in the model or, when no rule claims it, in "More notes": the source
map built at the end proves it line by line.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from .assemble import Claim, build, own
from .model import (
    Handbook,
    Rule,
    Section,
    Slug,
)
from .naming import Identity, identify
from .outline import Kind, Node, Outline
from .reading import DATED, GREETING, LETTER, Read, is_answer, question, reader
from .reading import Kind as Reading
from .rules import Rules, RuleSource
from .text import (
    plain,
    raw_words,
    tags,
)

_TASK = re.compile(r"^\[[ xX]\](?:\s|$)")
"""``- [ ] task`` / ``- [x] done``: an item of the prep checklist."""
_CONTAINER = re.compile(r"\bquestions\b|^\W*questions?\b|^any\b", re.IGNORECASE)
"""A label over questions ("Questions to ask?", "Any questions?"), not a question itself."""
_SCHEDULED = re.compile(r"^\W*(\d{1,2}[:.]\d{2}|\d{1,2}\s*[ap]m|\d{4}-\d{2}-\d{2})\b", re.I)
"""A heading or label that opens with a time or a date: an entry of the day's schedule."""
_NAMES_QUESTIONS = re.compile(r"\bquestions?\b", re.IGNORECASE)


def _content(block: Node) -> list[Node]:
    """A block's content as nodes: a group's lines, a quote's lines, a labelled list as itself."""
    if block.kind in (Kind.GROUP, Kind.QUOTE):
        return list(block.children)
    if block.kind is Kind.HEADING:
        inner = [n for c in block.children if c.kind is not Kind.HEADING for n in _content(c)]
        return [dataclasses.replace(block, children=tuple(inner))]
    return [block]


def _lines(content: Iterable[Node]) -> list[Node]:
    """What is under a heading, as the nodes of its blocks."""
    return [n for c in content for n in _content(c)]


_BARE_QUESTIONS = re.compile(r"^\W*questions?\W*$", re.IGNORECASE)
_INLINE_LABEL = re.compile(r"^\W*([^:—–]{2,40}?)(?:\s*:|\s+[—–])\s+\S")
"""A label opening a line of prose, before its colon or dash: "Why I'm applying: …",
"Why Stripe — payments is where I have spent my career"."""
_TABLE = re.compile(r"^\s*\|.*\|\s*$")
"""A row of a Markdown table."""


def _elsewhere_read(read: Read | None) -> bool:
    """A line clearly of another kind than an answer (a link, a company fact, a note to ask)."""
    return read is not None and read.strong and read.kind in _NOT_ANSWERS


def _as_blocks(nodes: Iterable[Node]) -> list[Node]:
    """Nodes nested in a list, as blocks: each with children a labelled list of its own,
    each run of the others a group of loose lines."""
    out: list[Node] = []
    run: list[Node] = []
    for node in nodes:
        if node.real_children:
            if run:
                out.append(_group(run))
                run = []
            out.append(node)
        else:
            run.append(node)
    if run:
        out.append(_group(run))
    return out


def _group(nodes: list[Node]) -> Node:
    span = dataclasses.replace(nodes[0].span, end=nodes[-1].span.end)
    return Node(kind=Kind.GROUP, text="", span=span, children=tuple(nodes))


def _as_item(heading: Node) -> Node:
    """A heading with everything under it (subheadings too) as one item: a question and its
    answer, or an experience and its evidence."""
    inner: list[Node] = []
    for c in heading.children:
        inner.extend([_as_item(c)] if c.kind is Kind.HEADING else _content(c))
    return dataclasses.replace(heading, children=tuple(inner))


_BY_KIND = {
    Reading.ASKED: (Section.THEY_ASK, Rule.QUESTION),
    Reading.TO_ASK: (Section.TO_ASK, Rule.QUESTION),
    Reading.SELF: (Section.MAPPING, Rule.FIRST_PERSON),
    Reading.COMPANY: (Section.BUSINESS, Rule.COMPANY_FACT),
    Reading.LOGISTICS: (Section.LOGISTICS, Rule.LOGISTICS),
}
_ASKING = frozenset({Reading.ASKED, Reading.TO_ASK})
_QUESTIONS = frozenset({Section.THEY_ASK, Section.TO_ASK})
_NOTES = frozenset({Section.LOGISTICS, Section.MORE})
_FACTS = frozenset({Section.LOGISTICS, Section.MORE, Section.BUSINESS, Section.OPS})
"""Sections of notes and facts, out of which a clear question for them is taken."""
_NOT_ANSWERS = frozenset({Reading.LOGISTICS, Reading.COMPANY, Reading.TO_ASK})
_OUTRIGHT = re.compile(r"\?\s*$|^(tell|walk|talk|describe|give|share)\b", re.IGNORECASE)
"""A question asked outright: a question mark, or "Tell me / Describe / Give an example …"."""
_TOLD_AS_QUESTIONS = frozenset({Section.PITCH, Section.WHY, Section.THEY_ASK, Section.TO_ASK})
"""Sections whose questions stay: a story told as its questions ("## My story" › "Why this
company?"), and the questions themselves."""
_INTRO_KEEPS = frozenset({Section.PITCH, Section.WHY, Section.TASKS, Section.MORE})
"""Claims that keep the notes' opening going: once any other section is claimed, first-person
lines are experience, no longer the pitch."""


class _Classifier:
    """Outline blocks → claims (a section, the lines it takes and the rule that decided),
    by the order of evidence: a mark, then a label or heading, then what the lines are (a
    question, first person, a company fact, logistics), then words, else "More notes"."""

    def __init__(self, rules: Rules, identity: Identity) -> None:
        self.rules = rules
        self.identity = identity
        self.reader = reader(identity.company if identity.named else "")
        self.claims: list[Claim] = []
        self.pending_label: Node | None = None
        self.intro = True

    def mark(self, node: Node) -> Section | None:
        return self.rules.mark(tags(node.text))

    def read(self, node: Node) -> Read | None:
        """What a line is (code and separators are nothing of the kind)."""
        if node.kind in (Kind.CODE, Kind.RULE):
            return None
        return self.reader.read(node.text)

    def claim(self, section: Section, label: Node | None, nodes: list[Node], rule: Rule) -> None:
        if self.pending_label is not None:
            pending, self.pending_label = self.pending_label, None
            text = plain(pending.text)
            if DATED.search(text) and section not in _NOTES and not _NAMES_QUESTIONS.search(text):
                # "# Round 1 - recruiter screen (Mon 10am)": a heading that is a date or time
                # on the calendar captions no section ("## Glassdoor notes" still does)
                self.claims.append(Claim(Section.LOGISTICS, own(pending), (), Rule.LOGISTICS))
            elif label is None:
                label = pending
            else:
                self.claims.append(Claim(section, own(pending), (), rule))
        if section not in _INTRO_KEEPS:
            self.intro = False
        kept, extracted = self.extract(nodes, section)
        self.claims.append(Claim(section, own(label) if label else None, tuple(kept), rule))
        self.claims.extend(extracted)

    def extract(
        self, nodes: list[Node], section: Section, top: bool = True
    ) -> tuple[list[Node], list[Claim]]:
        """Pull out nodes marked for another section (``- a line #ops``), with their children,
        and loose lines of a section that name another one ("Onsite agenda: 9:30 …" under
        "Questions to ask"; not inside an answer: "a) Situation: …" stays with its question)."""
        kept: list[Node] = []
        out: list[Claim] = []
        for node in nodes:
            marked = self.mark(node)
            rule = Rule.MARK
            if marked is None and node.kind is Kind.ITEM and _TASK.match(node.text):
                # "- [ ] Why do you want to join us?" is a question to practise, not a task
                asked = self.asked(node)
                if asked is not None and asked[0] is Section.THEY_ASK:
                    marked, rule = asked
                else:
                    marked, rule = Section.TASKS, Rule.CHECKLIST
            if marked is None and top and (named := self.inline_label(node)) is not None:
                marked, rule = named, Rule.LABEL
            if marked is None and section in _FACTS and self.to_ask(node):
                marked, rule = Section.TO_ASK, Rule.QUESTION  # "ask her how …" under a person
            if marked is None and section not in _TOLD_AS_QUESTIONS and (found := self.asked(node)):
                marked, rule = found  # a heading claims no question: "5. What have you used?"
            if marked is not None and marked is not section:
                inner, more = self.extract(list(node.children), marked, False)
                out.append(
                    Claim(marked, None, (dataclasses.replace(node, children=tuple(inner)),), rule)
                )
                out.extend(more)
                continue
            inner, more = self.extract(list(node.children), section, False)
            kept.append(dataclasses.replace(node, children=tuple(inner)) if more else node)
            out.extend(more)
        return kept, out

    def asked(self, node: Node) -> tuple[Section, Rule] | None:
        """A line that clearly asks something, and whose question it is (a question is never
        placed by the words or the heading around it)."""
        read = self.read(node)
        if read is None or not read.strong or read.kind not in _ASKING:
            return None
        asked = question(node.text)
        if asked is None or not _OUTRIGHT.search(asked[0]):
            return None  # "define success metrics and report on them": a duty, not a question
        return _BY_KIND[read.kind][0], Rule.QUESTION

    def to_ask(self, node: Node) -> bool:
        """A line that is clearly a question for them ("ask her how on-call changed"), not
        a duty in a job description ("define success metrics and report on them")."""
        return node.kind not in (Kind.CODE, Kind.RULE) and self.reader.asks_them(node.text)

    def by_words(self, nodes: Iterable[Node]) -> tuple[Section, Rule]:
        found: set[str] = set()
        for node in nodes:
            for n in node.walk():
                found |= raw_words(n.text)
        section = self.rules.word(found)
        return (section, Rule.WORDS) if section else (Section.MORE, Rule.LEFTOVER)

    def claim_as(
        self, decided: tuple[Section, Rule], label: Node | None, nodes: list[Node]
    ) -> None:
        self.claim(decided[0], label, nodes, decided[1])

    def heading_section(self, node: Node) -> tuple[Section, Rule] | None:
        """What a heading or a list's label says: a mark, a question, or a section label."""
        if (marked := self.mark(node)) is not None:
            return marked, Rule.MARK
        text = plain(node.text)
        if _SCHEDULED.match(text):
            return None  # "### 12:00 lunch with the team": a time on the day, not a section
        if not _CONTAINER.search(text):
            asked = question(node.text)
            if asked is not None and asked[1]:
                return _BY_KIND[self.reader.asker(asked[0])][0], Rule.QUESTION_HEADING
        labelled = self.rules.label(text)
        return (labelled, Rule.LABEL) if labelled is not None else None

    def kind_of(
        self, kind: Reading, under_heading: bool, lines: Iterable[Node] = ()
    ) -> tuple[Section, Rule]:
        section, rule = _BY_KIND[kind]
        greets = any(GREETING.match(plain(n.text)) for n in lines)
        if kind is Reading.SELF and (greets or (self.intro and not under_heading)):
            return Section.PITCH, rule
        return section, rule

    def quoted_answers(self, blocks: Iterable[Node]) -> list[Node]:
        """``**Why Acme?**`` and the ``> quote`` under it: one question and its answer."""
        out: list[Node] = []
        for block in blocks:
            before = out[-1] if out else None
            if (
                block.kind is Kind.QUOTE
                and before is not None
                and before.kind is Kind.GROUP
                and (asked := self.read(before.children[-1])) is not None
                and asked.strong
                and asked.kind in _ASKING
                and self.mark(block.children[0]) is None
            ):
                out[-1] = _group([*before.children, *block.children])
            else:
                out.append(block)
        return out

    def visit(
        self, blocks: Iterable[Node], inherited: Section | None, nested: bool = False
    ) -> None:
        for block in self.quoted_answers(blocks):
            if block.kind is Kind.HEADING:
                self.heading(block, inherited, nested)
            elif inherited is not None:
                self.claim(inherited, None, _content(block), Rule.LABEL)
            elif block.kind is Kind.QUOTE:
                self.quote(list(block.children), nested)
            elif block.kind is Kind.GROUP:
                lines = [
                    n
                    for n in block.children
                    if n is not self.identity.title_node and n.kind is not Kind.RULE
                ]  # a `---` between notes is a separator, shown nowhere
                if lines:
                    self.group(lines, nested)
            elif block is self.identity.title_node:  # a Logseq page's root bullet
                self.visit(_as_blocks(block.children), None, nested)
            else:  # a labelled list: "- connection:" or "operations" with a list under it
                self.labelled(block, nested)

    def quote(self, lines: list[Node], nested: bool) -> None:
        """A ``>`` quote under no label: "why <company>" when it says so; the pitch when it is
        said in the first person or reads as nothing else; else what it reads as (a pasted
        recruiter e-mail is logistics, a quoted question a question)."""
        text = " ".join(plain(n.text) for n in lines)
        if (marked := self.mark(lines[0])) is not None:
            self.claim(marked, None, lines, Rule.MARK)
            return
        section = self.rules.quote(text)
        if section is Section.PITCH:
            kind = self.majority(lines)
            if kind is not None and kind is not Reading.SELF:
                self.claim_as(self.kind_of(kind, nested, lines), None, lines)
                return
        self.claim(section or Section.PITCH, None, lines, Rule.QUOTE)

    def labelled(self, block: Node, nested: bool) -> None:
        if _TASK.match(block.text) and self.mark(block) is None:
            # "- [ ] research their competitors" with a note under it: a task, not a label
            self.claim(Section.TASKS, None, [block], Rule.CHECKLIST)
            return
        decided = self.heading_section(block)
        if decided is not None and decided[1] is Rule.QUESTION_HEADING:
            self.claim(decided[0], None, [block], decided[1])
            return
        if decided is None and any(c.real_children for c in block.children):
            # An outline (Logseq): a bullet over labelled lists is structure, as a heading is.
            self.pending_label = block
            self.visit(_as_blocks(block.children), None, True)
            if self.pending_label is block:
                self.pending_label = None
                self.claim_by_words(block, [])
            return
        if decided is None:
            kind = self.majority(list(block.real_children))
            if kind is Reading.SELF:  # "- Acme (2019–22)" over what I did there
                self.claim(Section.MAPPING, None, [block], Rule.FIRST_PERSON)
                return
            if kind is None and self.mixed(list(block.children)):
                # "2024-03-02" or "my notes:" over a call's jottings: each line goes its own
                # way; the first line goes its own when it reads as something clearly, else
                # it captions the first of them.
                first = self.read(own(block))
                lines = [*block.children]
                said = first is not None and (first.strong or first.kind is Reading.LOGISTICS)
                if said and not plain(block.text).rstrip().endswith(":"):
                    lines.insert(0, own(block))
                else:
                    self.pending_label = block
                self.loose(lines, self.unmarked(lines), nested)
                return
            decided = self.kind_of(kind, nested) if kind else self.by_words([block])
        self.claim_as(decided, block, list(block.children))

    def majority(self, nodes: list[Node]) -> Reading | None:
        """What more than half of the lines read as (None when no one kind is); lines with no
        letter at all (a table's ``|---|``) do not count."""
        nodes = [n for n in nodes if any(ch.isalpha() for ch in n.text)] or nodes
        best = self.kinds(nodes).most_common(1)
        return best[0][0] if best and best[0][1] * 2 > len(nodes) else None

    def kinds(self, nodes: list[Node]) -> Counter[Reading]:
        """How many of the lines read as each kind."""
        return Counter(r.kind for n in nodes if (r := self.read(n)) is not None)

    def group(self, lines: list[Node], nested: bool) -> None:
        """Loose lines: a question takes the lines after it as its answer; the rest goes where
        most of its lines say, else where lines that are clear on their own say, else words.
        A short first line that names a section labels the lines under it ("About me")."""
        if len(lines) > 1 and (labelled := self.loose_label(lines[0])) is not None:
            self.claim(labelled, lines[0], lines[1:], Rule.LABEL)
            return
        named = ((i, s) for i, n in enumerate(lines) if (s := self.inline_label(n)) is not None)
        if (found := next(named, None)) is not None:
            # "Why I'm applying: I ran fulfilment for …": the line says where it goes.
            at, section = found
            if at:
                self.group(lines[:at], nested)
            self.claim(section, None, [lines[at]], Rule.LABEL)
            if at + 1 < len(lines):
                self.group(lines[at + 1 :], nested)
            return
        unmarked = self.unmarked(lines)
        table = all(_TABLE.match(n.text) for n in lines)
        if table and self.table_rows(lines):
            return
        if table and self.majority(unmarked) is None and (head := self.table_label(lines[0])):
            self.claim(head, None, lines, Rule.LABEL)
            return
        reads = {id(n): self.read(n) for n in unmarked}
        starts = [
            i
            for i, n in enumerate(lines)
            if (r := reads.get(id(n))) is not None and r.strong and r.kind in _ASKING
        ]
        if not starts or table:
            self.loose(lines, unmarked, nested)  # no question, or a table: a block as a whole
            return
        if starts[0]:
            self.loose(lines[: starts[0]], unmarked, nested)
        for i, start in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else len(lines)
            stop = self.answer_end(lines, start, end, reads)
            asking = lines[start]
            node = dataclasses.replace(
                asking, children=(*asking.children, *lines[start + 1 : stop])
            )
            read = reads[id(asking)]
            assert read is not None
            self.claim(_BY_KIND[read.kind][0], None, [node], Rule.QUESTION)
            if stop < end:
                self.loose(lines[stop:end], unmarked, nested)

    def unmarked(self, lines: list[Node]) -> list[Node]:
        """The lines no mark and no checkbox places: those that are read for what they are."""
        return [n for n in lines if self.mark(n) is None and not _TASK.match(n.text)]

    def table_rows(self, lines: list[Node]) -> bool:
        """| Company | … |, | Why me | … |, | My questions | … |: rows whose first cell is a
        label go where it says (the header with the first of them); False when fewer than two
        rows are labelled so, and nothing is claimed."""
        firsts = [self.rules.label(n.text.strip().strip("|").split("|")[0].strip()) for n in lines]
        if sum(1 for f in firsts[2:] if f is not None) < 2:
            return False
        current = next(f for f in firsts[2:] if f is not None)
        run: list[Node] = []
        for i, (node, first) in enumerate(zip(lines, firsts, strict=True)):
            if first is not None and first is not current and i >= 2:  # not header, not |---|
                self.claim(current, None, run, Rule.LABEL)
                current, run = first, []
            run.append(node)
        self.claim(current, None, run, Rule.LABEL)
        return True

    def table_label(self, header: Node) -> Section | None:
        """| Story | Situation | Task | Action | Result |: the section a table's header names."""
        cells = (self.rules.label(cell.strip()) for cell in header.text.split("|"))
        return next((c for c in cells if c is not None), None)

    def answer_end(
        self, lines: list[Node], start: int, end: int, reads: Mapping[int, Read | None]
    ) -> int:
        """Where the answer of the question at ``start`` ends: at a line that is clearly
        something else (a link, a company fact, a note to ask), at a clear line of any other
        kind after a question for them, or at a bullet that neither says it answers nor
        speaks as me; that line goes its own way with what follows."""
        asking = lines[start]
        read = reads[id(asking)]
        assert read is not None
        for j in range(start + 1, end):
            after = reads.get(id(lines[j]))
            if (
                _elsewhere_read(after)
                or (read.kind is Reading.TO_ASK and after is not None and after.strong)
                or (asking.kind is Kind.ITEM and not self.answers_on(lines[j], after))
            ):
                return j
        return end

    def inline_label(self, line: Node) -> Section | None:
        """The section a loose line names before a colon ("About me: I'm an ops lead…")."""
        if line.kind not in (Kind.LINE, Kind.ITEM) or line.children or self.mark(line):
            return None
        found = _INLINE_LABEL.match(plain(line.text))
        if found is None or len(found.group(1).split()) > 4:
            return None
        return self.rules.label(found.group(1))

    @staticmethod
    def answers_on(line: Node, read: Read | None) -> bool:
        """A bullet after a question bullet goes on answering it only when it says so
        (``- A: …``) or speaks as me; in a list, the next bullet is the next thing."""
        return is_answer(line.text) or (read is not None and read.kind is Reading.SELF)

    def loose_label(self, line: Node) -> Section | None:
        text = plain(line.text).strip()
        if line.kind is not Kind.LINE or len(text.split()) > 4 or text.endswith((".", "?", "!")):
            return None
        if self.mark(line) is not None or _TASK.match(line.text):
            return None
        if _BARE_QUESTIONS.match(text):
            return None  # over loose lines, "Questions" says not whose: each question tells
        decided = self.heading_section(line)  # "Tell me about yourself": a question, not a label
        return decided[0] if decided is not None and decided[1] is Rule.LABEL else None

    def loose(self, lines: list[Node], unmarked: list[Node], nested: bool) -> None:
        if any(LETTER.match(plain(n.text).strip()) for n in lines):
            # A pasted e-mail ("Thanks for your time … Best, Lee"): logistics, as a whole.
            self.claim(Section.LOGISTICS, None, lines, Rule.LOGISTICS)
            return
        considered = [n for n in lines if n in unmarked] or lines
        kind = self.majority(considered)
        if kind is not None:
            section, rule = self.kind_of(kind, nested, lines)
            self.claim(section, None, lines, rule)
            return
        # No one kind. A page of mixed loose lines (clear lines of two kinds or more): each
        # line that reads as something goes its way, the others with the line before them.
        # Else only the clear lines leave, and the rest stays a group placed by its words.
        reads = [self.read(n) if n in unmarked else None for n in lines]
        mixed = self.mixed([n for n in lines if n in unmarked])
        run: list[Node] = []
        run_kind: Reading | None = None
        for node, read in zip(lines, reads, strict=True):
            kind = read.kind if read is not None and (read.strong or mixed) else None
            if kind is not None and (kind is not run_kind or not mixed):
                self.claim_run(run, run_kind, nested)
                run, run_kind = [], kind
            elif kind is None and run_kind is not None and not mixed:
                self.claim_run(run, run_kind, nested)
                run, run_kind = [], None
            run.append(node)
        self.claim_run(run, run_kind, nested)

    def mixed(self, lines: list[Node]) -> bool:
        """Lines say two kinds or more: those clear on their own do, or every line says what
        it is (a page of mixed jottings)."""
        reads = [self.read(n) for n in lines]
        if len({r.kind for r in reads if r is not None and r.strong}) > 1:
            return True
        if None in reads or any(r.kind in _ASKING and not r.strong for r in reads if r):
            return False  # "what they do: …" is a label more often than a question
        return len({r.kind for r in reads if r is not None}) > 1

    def claim_run(self, run: list[Node], kind: Reading | None, nested: bool) -> None:
        if not run:
            return
        if kind is None:
            self.claim_by_words(None, run)
        else:
            section, rule = self.kind_of(kind, nested, run)
            self.claim(section, None, run, rule)

    def claim_by_words(self, label: Node | None, nodes: list[Node]) -> None:
        """The weak guess: the vocabulary of the unmarked lines, else what most of those
        that read as something read as, else "More notes"."""
        basis = [n for n in nodes if self.mark(n) is None] if nodes else [label] if label else []
        decided = self.by_words(basis)
        if decided[1] is Rule.LEFTOVER and (kind := self.plurality(basis)) is not None:
            decided = self.kind_of(kind, True)
        self.claim_as(decided, label, nodes)

    def plurality(self, nodes: list[Node]) -> Reading | None:
        """What the most lines read as, when one kind leads."""
        ranked = self.kinds(nodes).most_common(2)
        if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            return None
        return ranked[0][0]

    def asks(self, content: list[Node]) -> bool:
        """Most of what is under a heading is questions (whoever asks them)."""
        lines = _lines(content)
        kinds = self.kinds(lines)
        return (kinds[Reading.ASKED] + kinds[Reading.TO_ASK]) * 2 > len(lines)

    def first_person(self, content: list[Node]) -> bool:
        """Most of what is under a heading is the candidate speaking, and none of it is a
        question: an experience, with its evidence."""
        lines = _lines(content)
        if any((r := self.read(n)) is not None and r.strong and r.kind in _ASKING for n in lines):
            return False
        return self.majority(lines) is Reading.SELF

    def heading(self, block: Node, inherited: Section | None, nested: bool) -> None:
        subheadings = [c for c in block.children if c.kind is Kind.HEADING]
        content = [c for c in block.children if c.kind is not Kind.HEADING]
        if block is self.identity.title_node:
            self.visit(block.children, inherited, nested)
            return
        decided = self.heading_section(block)
        if decided is not None and decided[1] is Rule.QUESTION_HEADING:
            if inherited in (Section.PITCH, Section.WHY):
                # "## My story" › "### Why this company?": the story, told as its questions
                why = self.rules.why_question.search(plain(block.text)) is not None
                self.claim(Section.WHY if why else inherited, None, [_as_item(block)], Rule.LABEL)
                return
            # "## Tell me about yourself": everything under it is the prepared answer.
            self.claim(decided[0], None, [_as_item(block)], decided[1])
            return
        section, rule = decided if decided is not None else (None, Rule.LABEL)
        if inherited in _QUESTIONS and section not in _QUESTIONS and self.asks(content):
            section = inherited  # "## Questions I'll ask" › "### About the role": a topic of them
        elif (
            section not in _QUESTIONS
            and _NAMES_QUESTIONS.search(plain(block.text))
            and self.asks(content)
            and (kind := self.plurality(_lines(content))) is not None
        ):
            # "## Which story for which question": questions, whatever else the label names
            section, rule = _BY_KIND[kind][0], Rule.LABEL
        if section is not None and section is not inherited:
            self.claim(section, block, _lines(content), rule)
            self.visit(subheadings, section, True)
        elif inherited is not None:
            # A heading in a section that names no other section is a part of it ("### Risk ops").
            self.claim(
                inherited,
                None,
                [dataclasses.replace(block, children=tuple(_lines(content)))],
                Rule.LABEL,
            )
            self.visit(subheadings, inherited, True)
        elif not block.children:
            self.claim_by_words(block, [])
        elif self.first_person(content):
            # "## Project Atlas" over what I did: an experience and its evidence.
            self.claim(Section.MAPPING, None, [_as_item(block)], Rule.FIRST_PERSON)
        else:
            # Structure only: its blocks classify on their own; it captions the first of them.
            self.pending_label = block
            self.visit(block.children, None, True)
            if self.pending_label is block:  # nothing claimed below it
                self.pending_label = None
                self.claim_by_words(block, [])


def classify(outline: Outline, rules: RuleSource, slug: str | None = None) -> Handbook:
    """Outline of one notes file → its handbook (at ``/<slug>/`` when one is given)."""
    first = rules.compile("")
    identity = identify(outline.document, outline.blocks, first)
    if slug is not None:
        identity = dataclasses.replace(identity, slug=Slug(slug))
    compiled = rules.compile(identity.company if identity.named else "")
    classifier = _Classifier(compiled, identity)
    classifier.visit(outline.blocks, None)
    if classifier.pending_label is not None:
        classifier.claim(Section.MORE, classifier.pending_label, [], Rule.LEFTOVER)
    return build(outline, identity, compiled, classifier.claims)
