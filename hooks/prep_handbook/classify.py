"""Stage 3+4 — classify and model: outline blocks → sections → a typed :class:`Handbook`.

The classifier walks the rule tables (see :mod:`.rules`); nothing here names a keyword. Every
line of the outline ends up in the model or, when no rule claims it, in "More notes": the source
map built at the end proves it line by line.
"""

from __future__ import annotations

import dataclasses
import heapq
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .model import (
    QA,
    Anchors,
    Bucket,
    Entry,
    Handbook,
    LineMapping,
    Link,
    MappingPoint,
    NoteGroup,
    PageKind,
    Prose,
    Reason,
    Rule,
    Section,
    Slug,
)
from .outline import Kind, Node, Outline
from .read import Document
from .reading import DATED, GREETING, LETTER, Read, is_answer, question, reader
from .reading import Kind as Reading
from .rules import SHEET_OFF, SHEET_PIN, Rules, RuleSource, hidden_tags
from .text import (
    normalize_label,
    plain,
    raw_words,
    slugify,
    strip_tags,
    tags,
    untagged,
    wikilinks,
    words,
)

_TITLE_NOISE = frozenset(
    """
    preparation prep preparing interview interviews notes note for with my the and at a an
    questions onsite screen call round loop jd recruiter debrief interviewer interviewers
    retro retrospective gdoc gdocs doc docs export
    """.split()
)
_GENERIC = frozenset(
    """
    behavior behaviour behavioral behavioural question answer answers cheat sheet cheatsheet
    outline talk yourself tell me about general common technical system design coding leetcode
    star story stories tips checklist template untitled faq q&a qa practice mock hr phone final
    virtual developer engineer engineering frontend front-end backend back-end fullstack
    full-stack stack software product manager designer data scientist analyst intern internship
    job role position application resume cv myself hiring meeting recruiter prepare study guide
    senior junior lead staff principal head director vp networking network
    bank list lists things todo to do week day plan draft scratch misc random research
    pm tpm swe sde em eng sense dump braindump brain email emails mail thoughts jottings recap
    log case staying offers offer weighing journal terms know glossary vocabulary vocab
    concepts topic topics table roam logseq obsidian notion
    """.split()
)
"""Words of a title that name no organisation ("Behavior Question", "Talk outline")."""
_TRAILING = frozenset(
    """
    cheat sheet cheatsheet outline guide plan research question questions answers stories
    list lists draft template checklist pm tpm swe sde em eng engineer engineering developer
    manager analyst designer scientist intern internship lead senior staff principal junior
    role position star dump braindump brain email emails mail thoughts jottings recap log
    case product terms know glossary vocabulary vocab concepts to
    """.split()
)
"""Words after a name that are about the notes or the role, not the name ("Lumina cheat
sheet", "Loomstack PM")."""
_WHEN = re.compile(
    r"^((mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?|(jan|feb|mar|apr|may|jun|jul|aug|"
    r"sep|sept|oct|nov|dec)[a-z]*|\d{1,4}([:.]\d{2})?(am|pm|st|nd|rd|th)?)$",
    re.IGNORECASE,
)
"""A day, a month or a time after a name ("Opal Health onsite Friday 10am")."""
_TASK = re.compile(r"^\[[ xX]\](?:\s|$)")
"""``- [ ] task`` / ``- [x] done``: an item of the prep checklist."""
_CONTAINER = re.compile(r"\bquestions\b|^\W*questions?\b|^any\b", re.IGNORECASE)
"""A label over questions ("Questions to ask?", "Any questions?"), not a question itself."""
_SCHEDULED = re.compile(r"^\W*(\d{1,2}[:.]\d{2}|\d{1,2}\s*[ap]m|\d{4}-\d{2}-\d{2})\b", re.I)
"""A heading or label that opens with a time or a date: an entry of the day's schedule."""
_NAMES_QUESTIONS = re.compile(r"\bquestions?\b", re.IGNORECASE)
MAX_RELATED = 2
TELLING_DF = 32


@dataclass(frozen=True, slots=True)
class Identity:
    company: str
    slug: Slug
    title: str
    title_node: Node | None
    named: bool = True
    """The name is an organisation's (else pages say "this company")."""


def _kept(text: str) -> list[str]:
    return [w for w in re.split(r"[\s_\-:–—/|,()]+", text) if w and w.lower() not in _TITLE_NOISE]


def _names_something(words: list[str]) -> bool:
    return any(w.lower().strip(".'’") not in _GENERIC and not w.isdigit() for w in words)


def identify(doc: Document, blocks: Iterable[Node] = (), rules: Rules | None = None) -> Identity:
    """Company, slug and title, as the author would name the handbook: frontmatter
    ``company:``/``title:``; else a ``# H1`` that clearly names an organisation; else the file
    name (Obsidian's title: "traba preparation" → Traba / ``traba``). A first heading that is a
    question or a section ("# Tell me about yourself") is content, not the title; a name made
    only of generic words ("Behavior Question") names no company."""
    blocks = list(blocks)
    first = blocks[0] if blocks else None
    by_file = _org(str(doc.meta.get("company") or doc.meta.get("title") or doc.stem))
    title_node = None
    if first is not None and "title" not in doc.meta and _title_line(first, by_file, doc.stem):
        line = _org(plain(first.children[0].text)).lower()
        if (
            not by_file
            or line.split()[:1] == by_file.lower().split()[:1]
            or _shares(line, doc.stem)
        ):
            # "Bluefin Bank interview" atop notes.md; "Cedar — designer interview" atop Cedar.md
            first = first.children[0]
    elif (
        first is not None and sum(1 for b in blocks if b.kind is Kind.HEADING and b.level == 1) > 1
    ):
        first = None  # several "# Round 1", "# Round 2": sections, none is the title
    if first is not None and "title" not in doc.meta and _may_title(first, len(blocks)):
        text = plain(untagged(first.text))
        is_section = rules is not None and (
            rules.mark(tags(first.text)) is not None or rules.label(text) is not None
        )
        names_it = bool(by_file) and by_file.lower() in text.lower()
        names_it = names_it or any(_shares(_org(p), doc.stem) for p in _parts(text))
        if (names_it or not is_section) and not _looks_asked(text):
            title_node = first
    h1 = plain(untagged(title_node.text)) if title_node else ""
    title = str(doc.meta.get("title") or h1 or doc.stem)
    company = str(doc.meta.get("company") or "").strip()
    named = True
    if not company:
        candidates = [str(doc.meta.get("title") or "")]
        parts = [p for p in _parts(h1) if any(w[:1].isupper() for w in _kept(p))]
        # "Call with Marisol - Pellucid" in pellucid-call.md: the part the file name shares
        parts.sort(key=lambda p: not _shares(_org(p), doc.stem))
        candidates += [*parts, doc.stem]
        for candidate in candidates:
            if found := _org(candidate):
                company = found
                break
        if not company:
            named = False
            kept = _kept(title) or _kept(doc.stem)
            company = " ".join(w[:1].upper() + w[1:] if w.islower() else w for w in kept)
    # The name also goes where MkDocs and Material print it as HTML (navigation, page titles):
    # no markup there, and one line.
    company = _name(company) or _name(doc.stem[:1].upper() + doc.stem[1:]) or "Handbook"
    title = _name(title)
    slug = slugify(company) or slugify(doc.stem) or "handbook"
    return Identity(company, Slug(slug), title or company, title_node, named)


def _shares(name: str, stem: str) -> bool:
    """The name's first word is a word of the file name ("Fulcrum interview" in
    qa-fulcrum.md, "Call with Marisol - Pellucid" in pellucid-call.md)."""
    first = name.lower().split()[:1]
    return bool(first) and first[0] in {w.lower() for w in _kept(stem)}


def _parts(text: str) -> list[str]:
    """A title's parts: "Quillpay - Senior PM" → "Quillpay", "Senior PM"."""
    return [p for p in re.split(r"\s+[-–—|:]\s+|:\s+|\s*\|\s*|\s+vs\.?\s+", text) if p.strip()]


def _org(text: str) -> str:
    """The organisation a title names: its first part with a word that is not generic, minus
    the noise words and generic words after the name ("traba preparation" → "Traba", "🚀
    Lumina cheat sheet" → "Lumina"); "" when it names none."""
    for part in _parts(untagged(text)):
        kept = [w for w in _kept(part) if any(ch.isalnum() for ch in w) or w == "&"]
        while kept and kept[0] == "&":
            kept.pop(0)
        if kept and _names_something(kept):
            while len(kept) > 1 and (
                kept[-1].lower() in _TRAILING or kept[-1] == "&" or _WHEN.match(kept[-1])
            ):
                kept.pop()
            return " ".join(w[:1].upper() + w[1:] if w.islower() else w for w in kept)
    return ""


def _title_line(block: Node, by_file: str = "", stem: str = "") -> bool:
    """A loose line alone atop the notes, short and unpunctuated: their title (longer when it
    opens with the file's name: "Verdant — Senior Backend Engineer (pasted from LinkedIn)";
    with lines right under it when it names what the file name names and says what the notes
    are for: "Opal Health onsite Friday 10am", not "Acme sells payroll software")."""
    if block.kind is not Kind.GROUP:
        return False
    line = block.children[0]
    text = plain(line.text).strip()
    words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
    named = bool(by_file) and [w.lower() for w in words[:1]] == by_file.lower().split()[:1]
    if len(block.children) > 1 and not (
        (named or (stem and _shares(_org(text), stem)))
        and any(w.lower() in _TITLE_NOISE for w in words[1:])  # "… onsite", not "… sells …"
    ):
        return False
    return (
        line.kind is Kind.LINE
        and 0 < len(words) <= (12 if named else 6)
        and not text.endswith((".", "?", "!", ":", ","))
    )


def _may_title(first: Node, blocks: int) -> bool:
    """A ``# H1`` first, a short loose line alone atop the notes, or (a Logseq page) one root
    bullet holding the whole outline."""
    if first.kind is Kind.HEADING:
        return first.level == 1
    if first.kind is Kind.LINE:
        return True
    return blocks == 1 and first.kind is Kind.ITEM and any(c.real_children for c in first.children)


def _looks_asked(text: str) -> bool:
    return text.rstrip().endswith("?") or question(text) is not None


def _meta_tags(value: object) -> tuple[str, ...]:
    """Frontmatter ``tags:`` as a list or a comma/space separated string, without ``#``."""
    items = value if isinstance(value, list) else re.split(r"[,\s]+", str(value or ""))
    return tuple(dict.fromkeys(_name(str(t)).lstrip("#") for t in items if str(t).strip()))


def _name(text: str) -> str:
    return " ".join(re.sub(r"[<>]", "", text).split())


@dataclass(frozen=True, slots=True)
class _Claim:
    section: Section
    label: Node | None
    nodes: tuple[Node, ...]
    rule: Rule


def _own(node: Node) -> Node:
    """The node without what is written under it."""
    return dataclasses.replace(node, children=())


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
        self.claims: list[_Claim] = []
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
                self.claims.append(_Claim(Section.LOGISTICS, _own(pending), (), Rule.LOGISTICS))
            elif label is None:
                label = pending
            else:
                self.claims.append(_Claim(section, _own(pending), (), rule))
        if section not in _INTRO_KEEPS:
            self.intro = False
        kept, extracted = self.extract(nodes, section)
        self.claims.append(_Claim(section, _own(label) if label else None, tuple(kept), rule))
        self.claims.extend(extracted)

    def extract(
        self, nodes: list[Node], section: Section, top: bool = True
    ) -> tuple[list[Node], list[_Claim]]:
        """Pull out nodes marked for another section (``- a line #ops``), with their children,
        and loose lines of a section that name another one ("Onsite agenda: 9:30 …" under
        "Questions to ask"; not inside an answer: "a) Situation: …" stays with its question)."""
        kept: list[Node] = []
        out: list[_Claim] = []
        for node in nodes:
            marked = self.mark(node)
            rule = Rule.MARK
            if marked is None and node.kind is Kind.ITEM and _TASK.match(node.text):
                # "- [ ] Why do you want to join us?" is a question to practise, not a task
                asked = self.asked(node)
                practise = asked is not None and asked[0] is Section.THEY_ASK
                marked, rule = asked if practise else (Section.TASKS, Rule.CHECKLIST)
            if marked is None and top and (named := self.inline_label(node)) is not None:
                marked, rule = named, Rule.LABEL
            if marked is None and section in _FACTS and self.to_ask(node):
                marked, rule = Section.TO_ASK, Rule.QUESTION  # "ask her how …" under a person
            if marked is None and section not in _TOLD_AS_QUESTIONS and (found := self.asked(node)):
                marked, rule = found  # a heading claims no question: "5. What have you used?"
            if marked is not None and marked is not section:
                inner, more = self.extract(list(node.children), marked, False)
                out.append(
                    _Claim(marked, None, (dataclasses.replace(node, children=tuple(inner)),), rule)
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
                own = self.read(_own(block))
                lines = [*block.children]
                said = own is not None and (own.strong or own.kind is Reading.LOGISTICS)
                if said and not plain(block.text).rstrip().endswith(":"):
                    lines.insert(0, _own(block))
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


# ---------------------------------------------------------------------------------------------
# The model.


def to_entry(node: Node, marks: frozenset[str]) -> Entry:
    """An outline node as it is shown: section marks taken off the text, ``#sheet`` /
    ``#nosheet`` read, empty bullets left out, code kept as written."""
    code = node.kind is Kind.CODE
    text = node.text if code else strip_tags(node.text, set(marks))
    found = set() if code else {t.lower() for t in tags(node.text)}
    sheet = True if SHEET_PIN in found else False if SHEET_OFF in found else None
    children = tuple(to_entry(c, marks) for c in node.real_children)
    return Entry(text=text, span=node.span, quoted=node.quoted, children=children, sheet=sheet)


@dataclass(frozen=True, slots=True)
class _Place:
    page: PageKind
    anchor: str | None
    section: Section | None
    rule: Rule


class _Placer:
    """Turns claimed nodes into entries and owns the source map: every line shown is placed
    here, once, with its page, anchor, section and the rule that put it there."""

    def __init__(self, marks: frozenset[str]) -> None:
        self.marks = marks
        self.placed: dict[int, _Place] = {}

    def entry(
        self,
        node: Node,
        page: PageKind,
        section: Section | None,
        rule: Rule,
        anchor: str | None = None,
        under: Rule | None = None,
    ) -> Entry:
        """The node as an entry, placed; what is written under it is placed with ``under``
        (an answer under its question) or else the same rule."""
        e = to_entry(node, self.marks)
        self.place(node, e, page, section, rule, anchor, under or rule)
        return e

    def place(
        self,
        node: Node,
        e: Entry,
        page: PageKind,
        section: Section | None,
        rule: Rule,
        anchor: str | None,
        under: Rule,
    ) -> None:
        where = _Place(page, anchor or e.anchor, section, rule)
        for line in range(node.span.start, node.span.end + 1):
            self.placed.setdefault(line, where)
        for child_node, child in zip(node.real_children, e.children, strict=True):
            self.place(child_node, child, page, section, under, None, under)


@dataclass(frozen=True, slots=True)
class _Work:
    """What a section builder gets: its claims and the placer."""

    claims: list[_Claim]
    placer: _Placer
    rules: Rules
    anchors: Anchors

    def nodes(self) -> list[tuple[_Claim, Node]]:
        return [(c, n) for c in self.claims for n in c.nodes if not n.is_empty]

    def labels(self, page: PageKind, section: Section) -> tuple[Entry, ...]:
        """The author's labels over the section, each at its own line's anchor."""
        return tuple(
            self.placer.entry(c.label, page, section, c.rule) for c in self.claims if c.label
        )


def _prose(w: _Work, section: Section) -> Prose:
    labels = w.labels(PageKind.NARRATIVE, section)
    paragraphs: list[tuple[Entry, ...]] = []
    for claim in w.claims:
        current: list[Entry] = []
        for node in (n for top in claim.nodes for n in top.walk()):
            if node.is_empty or node.kind is Kind.RULE:
                continue
            if node.break_before and current:
                paragraphs.append(tuple(current))
                current = []
            para_anchor = current[0].anchor if current else f"L{node.span.start}"
            placed = w.placer.entry(
                _own(node), PageKind.NARRATIVE, section, claim.rule, para_anchor
            )
            current.append(placed)
        if current:
            paragraphs.append(tuple(current))
    return Prose(labels=labels, paragraphs=tuple(paragraphs))


def _pitch(w: _Work) -> dict[str, object]:
    return {"pitch": _prose(w, Section.PITCH)}


def _why(w: _Work) -> dict[str, object]:
    return {"why": _prose(w, Section.WHY)}


def _mapping(w: _Work) -> dict[str, object]:
    labels = w.labels(PageKind.MAPPING, Section.MAPPING)
    points: list[tuple[Entry, tuple[Entry, ...]]] = []
    for claim, node in w.nodes():
        point = w.placer.entry(_own(node), PageKind.MAPPING, Section.MAPPING, claim.rule)
        evidence = tuple(
            w.placer.entry(c, PageKind.MAPPING, Section.MAPPING, claim.rule)
            for c in node.real_children
        )
        points.append((point, evidence))
    return {"mapping_labels": labels, "mapping": points}


def _answer_rule(claim: _Claim) -> Rule:
    """Lines under a question are its answer; under a label they are placed by that label."""
    return Rule.ANSWER if claim.rule in (Rule.QUESTION, Rule.QUESTION_HEADING) else claim.rule


def _they_ask(w: _Work) -> dict[str, object]:
    labels = w.labels(PageKind.QUESTIONS, Section.THEY_ASK)
    they_ask: list[QA] = []
    talking: list[Entry] = []
    for claim, node in _paired(w.nodes(), w.rules):
        text = plain(node.text)
        if node.real_children or w.rules.question.search(text):
            q = w.placer.entry(
                node, PageKind.QUESTIONS, Section.THEY_ASK, claim.rule, under=Rule.ANSWER
            )
            they_ask.append(
                QA(
                    dataclasses.replace(q, children=()),
                    q.children,
                    bool(w.rules.why_question.search(text)),
                )
            )
        else:
            talking.append(w.placer.entry(node, PageKind.QUESTIONS, Section.THEY_ASK, claim.rule))
    return {
        "they_ask_labels": labels,
        "they_ask": tuple(they_ask),
        "talking_points": tuple(talking),
    }


def _paired(nodes: list[tuple[_Claim, Node]], rules: Rules) -> list[tuple[_Claim, Node]]:
    """Loose lines under a label of questions: a question with nothing under it takes the
    statements written right after it as its answer ("Q: …" then "A: …")."""
    out: list[tuple[_Claim, Node]] = []
    for claim, node in nodes:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev[0] is claim
            and prev[1].kind is Kind.LINE
            and node.kind is Kind.LINE
            and not node.break_before
            and not rules.question.search(plain(node.text))
            and rules.question.search(plain(prev[1].text))
        ):
            q = prev[1]
            out[-1] = (claim, dataclasses.replace(q, children=(*q.children, node)))
            continue
        out.append((claim, node))
    return out


def _to_ask(w: _Work) -> dict[str, object]:
    labels = w.labels(PageKind.QUESTIONS, Section.TO_ASK)
    asks = tuple(
        w.placer.entry(n, PageKind.QUESTIONS, Section.TO_ASK, c.rule, under=_answer_rule(c))
        for c, n in w.nodes()
    )
    return {"to_ask_labels": labels, "to_ask": asks}


def _ops(w: _Work) -> dict[str, object]:
    labels = w.labels(PageKind.OPS, Section.OPS)
    intro: list[Entry] = []
    buckets: list[Bucket] = []
    used = set(dataclasses.astuple(w.anchors))  # a bucket never takes a section's id
    for claim, node in w.nodes():
        if node.real_children:
            anchor = _unique(slugify(plain(node.text)) or f"L{node.span.start}", used)
            name = w.placer.entry(_own(node), PageKind.OPS, Section.OPS, claim.rule, anchor)
            items = tuple(
                w.placer.entry(c, PageKind.OPS, Section.OPS, claim.rule) for c in node.real_children
            )
            buckets.append(Bucket(name, items, anchor))
        else:
            intro.append(w.placer.entry(node, PageKind.OPS, Section.OPS, claim.rule))
    return {"ops_labels": labels, "ops_intro": tuple(intro), "buckets": tuple(buckets)}


def _groups(w: _Work, page: PageKind, section: Section) -> tuple[NoteGroup, ...]:
    out: list[NoteGroup] = []
    for c in w.claims:
        nodes = [n for n in c.nodes if not n.is_empty]
        if not nodes and c.label is None:
            continue
        first = c.label or nodes[0]
        anchor = f"notes-L{first.span.start}"
        title = w.placer.entry(c.label, page, section, c.rule, anchor) if c.label else None
        entries = tuple(w.placer.entry(n, page, section, c.rule) for n in nodes)
        callout, fold = (c.label.callout, c.label.fold) if c.label else ("", "")
        out.append(NoteGroup(title, entries, anchor, callout, fold))
    return tuple(out)


def _business(w: _Work) -> dict[str, object]:
    return {"business": _groups(w, PageKind.OPS, Section.BUSINESS)}


def _logistics(w: _Work) -> dict[str, object]:
    return {"logistics": _groups(w, PageKind.NOTES, Section.LOGISTICS)}


def _more(w: _Work) -> dict[str, object]:
    return {"more": _groups(w, PageKind.NOTES, Section.MORE)}


def _tasks(w: _Work) -> dict[str, object]:
    tasks = tuple(w.placer.entry(n, PageKind.OVERVIEW, Section.TASKS, c.rule) for c, n in w.nodes())
    return {"tasks": tasks}


SECTION_BUILDERS: tuple[tuple[Section, Callable[[_Work], dict[str, object]]], ...] = (
    (Section.PITCH, _pitch),
    (Section.WHY, _why),
    (Section.MAPPING, _mapping),
    (Section.THEY_ASK, _they_ask),
    (Section.TO_ASK, _to_ask),
    (Section.OPS, _ops),
    (Section.TASKS, _tasks),
    (Section.BUSINESS, _business),
    (Section.LOGISTICS, _logistics),
    (Section.MORE, _more),
)
"""One builder per section, in the order lines are placed (a line two sections show lands on
the first): each takes its claims and returns fields of the :class:`Handbook`."""


def _build(outline: Outline, identity: Identity, rules: Rules, claims: list[_Claim]) -> Handbook:
    """Claims → the handbook, every line placed once by the section builder that shows it."""
    doc = outline.document
    marks = hidden_tags(rules.marks)
    placer = _Placer(marks)
    fields: dict[str, object] = {}
    for section, builder in SECTION_BUILDERS:
        mine = [c for c in claims if c.section is section]
        fields.update(builder(_Work(mine, placer, rules, Anchors.of(identity.slug))))
    nodes = outline.nodes()
    fields["more"] = (*fields["more"], *_leftovers(nodes, placer, identity))  # type: ignore[misc]
    points = fields.pop("mapping")
    hb = Handbook(
        source=doc.path,
        slug=identity.slug,
        company=identity.company,
        title=identity.title,
        mapping=(),
        tags=(),
        meta_tags=_meta_tags(doc.meta.get("tags")),
        title_entry=(
            placer.entry(_own(identity.title_node), PageKind.OVERVIEW, None, Rule.TITLE, None)
            if identity.title_node
            else None
        ),
        source_map=(),
        named=identity.named,
        **fields,  # type: ignore[arg-type]
    )
    hb = dataclasses.replace(hb, mapping=_relate_all(points, hb, link_index(hb)))  # type: ignore[arg-type]
    hb = dataclasses.replace(hb, tags=_tag_index(hb, placer, marks))
    return dataclasses.replace(hb, source_map=_source_map(doc, nodes, outline, placer, identity))


def _tag_index(
    hb: Handbook, placer: _Placer, marks: frozenset[str]
) -> tuple[tuple[str, tuple[Link, ...]], ...]:
    """Every ``#tag`` (section marks aside) and the places it is shown, in notes order."""
    found: dict[str, list[Link]] = {}
    for e in sorted(hb.entries() + list(hb.tasks), key=lambda e: e.span.start):
        place = placer.placed.get(e.span.start)
        page, anchor = (place.page, place.anchor) if place else (PageKind.OVERVIEW, None)
        for tag in tags(e.text):
            if tag.lower() not in marks:
                link = hb.link(page, anchor, plain(e.text))
                places = found.setdefault(tag.lower(), [])
                if link not in places:
                    places.append(link)
    return tuple((tag, tuple(links)) for tag, links in sorted(found.items()))


def _leftovers(nodes: list[Node], placer: _Placer, identity: Identity) -> tuple[NoteGroup, ...]:
    """Safety net: any line no rule placed is shown under "More notes", never dropped."""
    missing: list[Entry] = []
    for node in nodes:
        if (
            node.owns_lines
            and not node.is_empty
            and node.kind is not Kind.RULE
            and node.span.start not in placer.placed
            and node is not identity.title_node
        ):
            missing.append(placer.entry(_own(node), PageKind.NOTES, Section.MORE, Rule.LEFTOVER))
    if not missing:
        return ()
    return (NoteGroup(None, tuple(missing), f"notes-L{missing[0].span.start}"),)


def _source_map(
    doc: Document, nodes: list[Node], outline: Outline, placer: _Placer, identity: Identity
) -> tuple[LineMapping, ...]:
    empties = {n.span.start for n in nodes if n.is_empty}
    separators = {n.span.start for n in nodes if n.kind is Kind.RULE}
    out: list[LineMapping] = []
    slug = identity.slug
    for number, text in enumerate(doc.lines, start=1):
        if number < doc.body_start:
            if text.strip() in ("---", "..."):
                out.append(LineMapping(number, text, None, None, Reason.FENCE))
            else:
                out.append(
                    LineMapping(
                        number,
                        text,
                        PageKind.OVERVIEW,
                        Anchors.of(slug).frontmatter,
                        rule=Rule.FRONTMATTER,
                    )
                )
            continue
        if (place := placer.placed.get(number)) is not None:
            out.append(
                LineMapping(
                    number,
                    text,
                    place.page,
                    place.anchor,
                    rule=place.rule,
                    section=place.section,
                )
            )
        elif number in outline.comments:
            out.append(LineMapping(number, text, None, None, Reason.COMMENT))
        elif not text.strip() or text.strip() == ">":
            out.append(LineMapping(number, text, None, None, Reason.BLANK))
        elif number in empties:
            out.append(LineMapping(number, text, None, None, Reason.EMPTY))
        elif number in separators:
            out.append(LineMapping(number, text, None, None, Reason.SEPARATOR))
        else:
            out.append(LineMapping(number, text, None, None, Reason.NOTHING))
    return tuple(out)


def _unique(anchor: str, used: set[str]) -> str:
    candidate, n = anchor, 2
    while candidate in used:
        candidate, n = f"{anchor}-{n}", n + 1
    used.add(candidate)
    return candidate


_ONLY_LINKS = re.compile(r"^\W*(\[\[[^\[\]]*\]\]\W*)+$")
"""A line that is only ``[[links]]``: a link, not a place another link can name."""


def link_index(hb: Handbook) -> dict[str, Link]:
    """Everything a ``[[wikilink]]`` can name, by its normalised text; first one wins."""
    index: dict[str, Link] = {}

    def add(text: str, page: PageKind, anchor: str | None) -> None:
        key = normalize_label(text)
        if key and not _ONLY_LINKS.match(text):  # "- [[Deadline]]" (Logseq) names no place
            index.setdefault(key, hb.link(page, anchor, plain(text)))

    for mp in hb.mapping:
        add(mp.point.text, PageKind.MAPPING, mp.point.anchor)
    for b in hb.buckets:
        add(b.name.text, PageKind.OPS, b.anchor)
    for g in hb.business:
        add(g.title.text if g.title else g.entries[0].text, PageKind.OPS, g.anchor)
    for qa in hb.they_ask:
        add(qa.question.text, PageKind.QUESTIONS, qa.question.anchor)
    for e in hb.to_ask:
        add(e.text, PageKind.QUESTIONS, e.anchor)
    for e in hb.ops_intro:
        add(e.text, PageKind.OPS, e.anchor)
    for g in hb.more:
        for e in g.entries:
            add(e.text, PageKind.NOTES, e.anchor)
    for page in hb.pages:
        add(page.label, page, None)
        add(page.value or "overview", page, None)
    add("pitch", PageKind.NARRATIVE, hb.anchors.pitch)
    add(f"why {hb.company}", PageKind.NARRATIVE, hb.anchors.why)
    return index


@dataclass(frozen=True, slots=True)
class _Target:
    link: Link
    words: frozenset[str]
    order: int
    title: frozenset[str]
    """Words of its name (a bucket's name, a group's first line)."""


_COMMON = frozenset(
    words(  # one plain line: no Markdown to parse (the parser is set up only when needed)
        " ".join(
            """
            build building process system systems high low similar same make work working time
            part thing good great need use help want know look big small first last next day
            year week people person job role current right today side level end start move take
            give keep run set point real whole full kind sort able hard easy better best left
            open
            """.split()
        )
    )
)
"""Everyday words: shared alone they relate nothing a reader would see (a "Related" link)."""


def _targets(hb: Handbook) -> list[_Target]:
    """The ops-model parts an experience point can relate to, with their words."""

    def bag(entries: list[Entry]) -> frozenset[str]:
        return frozenset(w for e in entries for x in e.walk() for w in words(x.text))

    out = [
        _Target(
            hb.link(PageKind.OPS, b.anchor, plain(b.name.text)),
            bag([b.name, *b.items]),
            i,
            frozenset(words(b.name.text)),
        )
        for i, b in enumerate(hb.buckets)
    ]
    for g in hb.business:
        entries = ([g.title] if g.title else []) + list(g.entries)
        link = hb.link(PageKind.OPS, g.anchor, plain(entries[0].text))
        out.append(_Target(link, bag(entries), len(out), frozenset(words(entries[0].text))))
    return out


def _relate_all(
    points: list[tuple[Entry, tuple[Entry, ...]]], hb: Handbook, index: Mapping[str, Link]
) -> tuple[MappingPoint, ...]:
    """What at the company each mapping point speaks to: the author's ``[[links]]``, else the
    ops-model parts sharing the most telling words with it. A word shared with many parts tells
    little, so each shared word counts log(1 + parts / parts having it); ties go to the part
    written first. A part is related only when the overlap is one a reader would see: two
    shared words or more, or one that names the part ("growth" → growth ops); everyday words
    never count."""
    targets = _targets(hb)
    holders: dict[str, list[int]] = {}
    for t in targets:
        for w in t.words:
            holders.setdefault(w, []).append(t.order)
    # A word many parts share tells almost nothing, and scoring it for every part would make
    # big notes quadratic: only words held by at most TELLING_DF parts count.
    weight = {
        w: math.log(1 + len(targets) / len(ids))
        for w, ids in holders.items()
        if len(ids) <= TELLING_DF and w not in _COMMON
    }
    out: list[MappingPoint] = []
    for point, evidence in points:
        lines = [x for e in (point, *evidence) for x in e.walk()]
        explicit: list[Link] = []
        for x in lines:
            for target, heading, _alias in wikilinks(x.text):
                key = normalize_label(heading or target)
                link = index.get(key) or index.get(normalize_label(target))
                if link is not None and link not in explicit:
                    explicit.append(link)
        if explicit:
            out.append(MappingPoint(point, evidence, tuple(explicit), explicit=True))
            continue
        scores: dict[int, float] = {}
        shared: dict[int, set[str]] = {}
        for w in {w for x in lines for w in words(x.text)} & weight.keys():
            for order in holders[w]:
                scores[order] = scores.get(order, 0.0) + weight[w]
                shared.setdefault(order, set()).add(w)
        telling = [
            (order, score)
            for order, score in scores.items()
            if len({w[:4] for w in shared[order]}) >= 2 or shared[order] & targets[order].title
        ]
        best = heapq.nsmallest(MAX_RELATED, telling, key=lambda s: (-s[1], s[0]))
        related = tuple(targets[order].link for order, _score in best)
        out.append(MappingPoint(point, evidence, related, explicit=False))
    return tuple(out)


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
    return _build(outline, identity, compiled, classifier.claims)
