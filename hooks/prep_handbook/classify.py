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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .model import (
    QA,
    Bucket,
    Entry,
    Handbook,
    LineMapping,
    Link,
    MappingPoint,
    NoteGroup,
    PageKind,
    Prose,
    Section,
    Slug,
)
from .outline import Kind, Node, Outline, Span
from .read import Document
from .rules import SHEET_OFF, SHEET_PIN, Rules, RuleSource
from .text import normalize_label, plain, raw_words, slugify, strip_tags, tags, wikilinks, words

_TITLE_NOISE = frozenset(
    """
    preparation prep preparing interview interviews notes note for with my the and at a an
    questions onsite screen call round loop
    """.split()
)
_TASK = re.compile(r"^\[[ xX]\](?:\s|$)")
"""``- [ ] task`` / ``- [x] done``: an item of the prep checklist."""
MAX_RELATED = 2
TELLING_DF = 32


@dataclass(frozen=True, slots=True)
class Identity:
    company: str
    slug: Slug
    title: str
    title_node: Node | None


def identify(doc: Document, blocks: Iterable[Node] = ()) -> Identity:
    """Company, slug and title: frontmatter ``company:``/``title:``, else a ``# H1``, else the
    file name ("traba preparation" → Traba / ``traba``)."""
    first = next(iter(blocks), None)
    title_node = (
        first
        if first is not None
        and first.kind is Kind.HEADING
        and first.level == 1
        and "title" not in doc.meta
        else None
    )
    title = str(doc.meta.get("title") or (plain(title_node.text) if title_node else "") or doc.stem)
    company = str(doc.meta.get("company") or "").strip()
    if not company:
        for candidate in (title, doc.stem):
            kept = [
                w
                for w in re.split(r"[\s_\-:–—/|,]+", candidate)
                if w and w.lower() not in _TITLE_NOISE
            ]
            if kept:
                company = " ".join(w[:1].upper() + w[1:] if w.islower() else w for w in kept)
                break
        company = company or title.strip() or doc.stem
    # The name also goes where MkDocs and Material print it as HTML (navigation, page titles):
    # no markup there, and one line.
    company = _name(company) or _name(doc.stem) or "Handbook"
    title = _name(title)
    slug = slugify(company) or slugify(doc.stem) or "handbook"
    return Identity(company=company, slug=Slug(slug), title=title or company, title_node=title_node)


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


class _Classifier:
    def __init__(self, outline: Outline, rules: Rules, identity: Identity) -> None:
        self.rules = rules
        self.identity = identity
        self.claims: list[_Claim] = []
        self.pending_label: Node | None = None

    def mark(self, node: Node) -> Section | None:
        return self.rules.mark(tags(node.text))

    def claim(self, section: Section, label: Node | None, nodes: list[Node]) -> None:
        if self.pending_label is not None:
            pending, self.pending_label = self.pending_label, None
            if label is None:
                label = pending
            else:
                self.claims.append(_Claim(section, _own(pending), ()))
        kept, extracted = self.extract(nodes, section)
        self.claims.append(_Claim(section, _own(label) if label else None, tuple(kept)))
        self.claims.extend(extracted)

    def extract(self, nodes: list[Node], section: Section) -> tuple[list[Node], list[_Claim]]:
        """Pull out nodes marked for another section (``- a line #ops``), with their children."""
        kept: list[Node] = []
        out: list[_Claim] = []
        for node in nodes:
            marked = self.mark(node) or (Section.TASKS if _TASK.match(node.text) else None)
            if node.kind is not Kind.ITEM and marked is Section.TASKS:
                marked = self.mark(node)
            if marked is not None and marked is not section:
                inner, more = self.extract(list(node.children), marked)
                out.append(
                    _Claim(marked, None, (dataclasses.replace(node, children=tuple(inner)),))
                )
                out.extend(more)
                continue
            inner, more = self.extract(list(node.children), section)
            kept.append(dataclasses.replace(node, children=tuple(inner)) if more else node)
            out.extend(more)
        return kept, out

    def by_words(self, nodes: Iterable[Node]) -> Section:
        found: set[str] = set()
        for node in nodes:
            for n in node.walk():
                found |= raw_words(n.text)
        return self.rules.word(found) or Section.MORE

    def visit(self, blocks: Iterable[Node], inherited: Section | None) -> None:
        for block in blocks:
            if block.kind is Kind.HEADING:
                self.heading(block, inherited)
            elif inherited is not None:
                self.claim(inherited, None, _content(block))
            elif block.kind is Kind.QUOTE:
                text = " ".join(plain(n.text) for n in block.children)
                section = self.mark(block.children[0]) or self.rules.quote(text) or Section.PITCH
                self.claim(section, None, list(block.children))
            elif block.kind is Kind.GROUP:
                # Loose lines are independent: a mark moves its own line (see extract), and the
                # words of the unmarked ones decide where the group goes.
                unmarked = [n for n in block.children if self.mark(n) is None]
                self.claim(self.by_words(unmarked), None, list(block.children))
            else:  # a labelled list: "- connection:" or "operations" with a list under it
                labelled = self.mark(block) or self.rules.label(plain(block.text))
                self.claim(labelled or self.by_words([block]), block, list(block.children))

    def heading(self, block: Node, inherited: Section | None) -> None:
        subheadings = [c for c in block.children if c.kind is Kind.HEADING]
        content = [c for c in block.children if c.kind is not Kind.HEADING]
        if block is self.identity.title_node:
            self.visit(block.children, inherited)
            return
        section = self.mark(block) or self.rules.label(plain(block.text))
        if section is not None and section is not inherited:
            self.claim(section, block, [n for c in content for n in _content(c)])
            self.visit(subheadings, section)
        elif inherited is not None:
            # A heading in a section that names no other section is a part of it ("### Risk ops").
            self.claim(
                inherited,
                None,
                [
                    dataclasses.replace(
                        block, children=tuple(n for c in content for n in _content(c))
                    )
                ],
            )
            self.visit(subheadings, inherited)
        else:
            # Structure only: its blocks classify on their own; it captions the first of them.
            if not block.children:
                self.claim(self.by_words([block]), block, [])
                return
            self.pending_label = block
            self.visit(block.children, None)
            if self.pending_label is block:  # nothing claimed below it
                self.pending_label = None
                self.claim(self.by_words([block]), block, [])


# ---------------------------------------------------------------------------------------------
# The model.


class _Builder:
    """Claims → model pieces, recording where every line lands."""

    def __init__(self, outline: Outline, identity: Identity, rules: Rules) -> None:
        self.doc = outline.document
        self.nodes = _all_nodes(outline.blocks)
        self.comments = outline.comments
        """Every node of the outline, in source order."""
        self.identity = identity
        self.rules = rules
        self.placed: dict[int, tuple[PageKind, str | None]] = {}
        self.mark_names = {*rules.marks, SHEET_PIN, SHEET_OFF}

    def entry(self, node: Node, page: PageKind, anchor: str | None = None) -> Entry:
        children = tuple(self.entry(c, page) for c in node.real_children)
        code = node.kind is Kind.CODE
        text = node.text if code else strip_tags(node.text, self.mark_names)
        marks = set() if code else {t.lower() for t in tags(node.text)}
        sheet = True if SHEET_PIN in marks else False if SHEET_OFF in marks else None
        e = Entry(text=text, span=node.span, quoted=node.quoted, children=children, sheet=sheet)
        self.place(node.span, page, anchor or e.anchor)
        return e

    def place(self, span: Span, page: PageKind, anchor: str | None) -> None:
        for line in range(span.start, span.end + 1):
            self.placed.setdefault(line, (page, anchor))

    def prose(self, claims: list[_Claim], section: Section, anchor: str) -> Prose:
        labels = tuple(self.entry(c.label, PageKind.NARRATIVE, anchor) for c in claims if c.label)
        paragraphs: list[tuple[Entry, ...]] = []
        for claim in claims:
            current: list[Entry] = []
            for node in (n for top in claim.nodes for n in top.walk()):
                if node.is_empty or node.kind is Kind.RULE:
                    continue
                if node.break_before and current:
                    paragraphs.append(tuple(current))
                    current = []
                para_anchor = current[0].anchor if current else f"L{node.span.start}"
                current.append(self.entry(_own(node), PageKind.NARRATIVE, para_anchor))
            if current:
                paragraphs.append(tuple(current))
        return Prose(labels=labels, paragraphs=tuple(paragraphs))

    def labels(self, claims: list[_Claim], page: PageKind, anchor: str) -> tuple[Entry, ...]:
        return tuple(self.entry(c.label, page, anchor) for c in claims if c.label)

    def build(self, claims: list[_Claim]) -> Handbook:
        by: dict[Section, list[_Claim]] = {s: [] for s in Section}
        for c in claims:
            by[c.section].append(c)
        slug = self.identity.slug
        why_anchor = f"why-{slug}"

        pitch = self.prose(by[Section.PITCH], Section.PITCH, "pitch")
        why = self.prose(by[Section.WHY], Section.WHY, why_anchor)

        mapping_labels = self.labels(by[Section.MAPPING], PageKind.MAPPING, "mapping")
        points: list[tuple[Entry, tuple[Entry, ...]]] = []
        for node in (n for c in by[Section.MAPPING] for n in c.nodes if not n.is_empty):
            point = self.entry(_own(node), PageKind.MAPPING)
            points.append(
                (point, tuple(self.entry(c, PageKind.MAPPING) for c in node.real_children))
            )

        they_labels = self.labels(by[Section.THEY_ASK], PageKind.QUESTIONS, "they-ask")
        they_ask: list[QA] = []
        talking: list[Entry] = []
        for node in (n for c in by[Section.THEY_ASK] for n in c.nodes if not n.is_empty):
            text = plain(node.text)
            if node.real_children or self.rules.question.search(text):
                q = self.entry(_own(node), PageKind.QUESTIONS)
                answers = tuple(self.entry(c, PageKind.QUESTIONS) for c in node.real_children)
                they_ask.append(QA(q, answers, bool(self.rules.why_question.search(text))))
            else:
                talking.append(self.entry(node, PageKind.QUESTIONS))

        ask_labels = self.labels(by[Section.TO_ASK], PageKind.QUESTIONS, "to-ask")
        to_ask = tuple(
            self.entry(n, PageKind.QUESTIONS)
            for c in by[Section.TO_ASK]
            for n in c.nodes
            if not n.is_empty
        )

        ops_labels = self.labels(by[Section.OPS], PageKind.OPS, "buckets")
        intro: list[Entry] = []
        buckets: list[Bucket] = []
        used: set[str] = {"buckets", "business-notes", "ops-model"}
        for node in (n for c in by[Section.OPS] for n in c.nodes if not n.is_empty):
            if node.real_children:
                anchor = _unique(slugify(plain(node.text)) or f"L{node.span.start}", used)
                name = self.entry(_own(node), PageKind.OPS, anchor)
                items = tuple(self.entry(c, PageKind.OPS) for c in node.real_children)
                buckets.append(Bucket(name, items, anchor))
            else:
                intro.append(self.entry(node, PageKind.OPS))

        tasks = tuple(
            self.entry(n, PageKind.OVERVIEW)
            for c in by[Section.TASKS]
            for n in c.nodes
            if not n.is_empty
        )
        business = self.groups(by[Section.BUSINESS], PageKind.OPS)
        more = self.groups(by[Section.MORE], PageKind.NOTES)
        more = more + self.leftovers()

        hb = Handbook(
            source=self.doc.path,
            slug=slug,
            company=self.identity.company,
            title=self.identity.title,
            pitch=pitch,
            why=why,
            mapping_labels=mapping_labels,
            mapping=(),
            ops_labels=ops_labels,
            ops_intro=tuple(intro),
            buckets=tuple(buckets),
            business=business,
            they_ask_labels=they_labels,
            they_ask=tuple(they_ask),
            talking_points=tuple(talking),
            to_ask_labels=ask_labels,
            to_ask=to_ask,
            more=more,
            tasks=tasks,
            tags=(),
            meta_tags=_meta_tags(self.doc.meta.get("tags")),
            title_entry=(
                self.entry(_own(self.identity.title_node), PageKind.OVERVIEW, None)
                if self.identity.title_node
                else None
            ),
            source_map=(),
        )
        index = link_index(hb)
        hb = dataclasses.replace(hb, mapping=_relate_all(points, hb, index))
        hb = dataclasses.replace(hb, tags=self.tag_index(hb))
        return dataclasses.replace(hb, source_map=self.source_map())

    def groups(self, claims: list[_Claim], page: PageKind) -> tuple[NoteGroup, ...]:
        out: list[NoteGroup] = []
        for c in claims:
            nodes = [n for n in c.nodes if not n.is_empty]
            if not nodes and c.label is None:
                continue
            first = c.label or nodes[0]
            anchor = f"notes-L{first.span.start}"
            title = self.entry(c.label, page, anchor) if c.label else None
            entries = tuple(self.entry(n, page) for n in nodes)
            callout, fold = (c.label.callout, c.label.fold) if c.label else ("", "")
            out.append(NoteGroup(title, entries, anchor, callout, fold))
        return tuple(out)

    def tag_index(self, hb: Handbook) -> tuple[tuple[str, tuple[Link, ...]], ...]:
        """Every ``#tag`` (section marks aside) and the places it is shown, in notes order."""
        found: dict[str, list[Link]] = {}
        for e in sorted(hb.entries() + list(hb.tasks), key=lambda e: e.span.start):
            page, anchor = self.placed.get(e.span.start, (PageKind.OVERVIEW, None))
            for tag in tags(e.text):
                if tag.lower() not in self.mark_names:
                    link = hb.link(page, anchor, plain(e.text))
                    places = found.setdefault(tag.lower(), [])
                    if link not in places:
                        places.append(link)
        return tuple((tag, tuple(links)) for tag, links in sorted(found.items()))

    def leftovers(self) -> tuple[NoteGroup, ...]:
        """Safety net: any line no rule placed is shown under "More notes", never dropped."""
        missing: list[Entry] = []
        for node in self.nodes:
            if (
                node.owns_lines
                and not node.is_empty
                and node.kind is not Kind.RULE
                and node.span.start not in self.placed
                and node is not self.identity.title_node
            ):
                missing.append(self.entry(_own(node), PageKind.NOTES))
        if not missing:
            return ()
        return (NoteGroup(None, tuple(missing), f"notes-L{missing[0].span.start}"),)

    def source_map(self) -> tuple[LineMapping, ...]:
        doc = self.doc
        empties = {n.span.start for n in self.nodes if n.is_empty}
        rules = {n.span.start for n in self.nodes if n.kind is Kind.RULE}
        out: list[LineMapping] = []
        slug = self.identity.slug
        for number, text in enumerate(doc.lines, start=1):
            if number < doc.body_start:
                if text.strip() in ("---", "..."):
                    out.append(LineMapping(number, text, None, None, "frontmatter fence"))
                else:
                    out.append(LineMapping(number, text, f"{slug}/", "frontmatter"))
                continue
            if number in self.placed:
                page, anchor = self.placed[number]
                out.append(LineMapping(number, text, _page_url(slug, page), anchor))
            elif number in self.comments:
                out.append(LineMapping(number, text, None, None, "comment"))
            elif not text.strip() or text.strip() == ">":
                out.append(LineMapping(number, text, None, None, "blank line"))
            elif number in empties:
                out.append(LineMapping(number, text, None, None, "empty bullet"))
            elif number in rules:
                out.append(LineMapping(number, text, None, None, "separator line"))
            elif self.identity.title_node and number == self.identity.title_node.span.start:
                out.append(LineMapping(number, text, f"{slug}/", None))
            else:
                out.append(LineMapping(number, text, None, None, "no words to show"))
        return tuple(out)


def _page_url(slug: str, page: PageKind) -> str:
    return f"{slug}/{page.value}/" if page.value else f"{slug}/"


def _unique(anchor: str, used: set[str]) -> str:
    candidate, n = anchor, 2
    while candidate in used:
        candidate, n = f"{anchor}-{n}", n + 1
    used.add(candidate)
    return candidate


def _all_nodes(blocks: Iterable[Node]) -> list[Node]:
    return [n for b in blocks for n in b.walk()]


def link_index(hb: Handbook) -> dict[str, Link]:
    """Everything a ``[[wikilink]]`` can name, by its normalised text; first one wins."""
    index: dict[str, Link] = {}

    def add(text: str, page: PageKind, anchor: str | None) -> None:
        key = normalize_label(text)
        if key:
            index.setdefault(key, hb.link(page, anchor, plain(text)))

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
    add("pitch", PageKind.NARRATIVE, "pitch")
    add(f"why {hb.company}", PageKind.NARRATIVE, f"why-{hb.slug}")
    return index


@dataclass(frozen=True, slots=True)
class _Target:
    link: Link
    words: frozenset[str]
    order: int


def _targets(hb: Handbook) -> list[_Target]:
    """The ops-model parts an experience point can relate to, with their words."""

    def bag(entries: list[Entry]) -> frozenset[str]:
        return frozenset(w for e in entries for x in e.walk() for w in words(x.text))

    out = [
        _Target(hb.link(PageKind.OPS, b.anchor, plain(b.name.text)), bag([b.name, *b.items]), i)
        for i, b in enumerate(hb.buckets)
    ]
    for g in hb.business:
        entries = ([g.title] if g.title else []) + list(g.entries)
        link = hb.link(PageKind.OPS, g.anchor, plain(entries[0].text))
        out.append(_Target(link, bag(entries), len(out)))
    return out


def _relate_all(
    points: list[tuple[Entry, tuple[Entry, ...]]], hb: Handbook, index: Mapping[str, Link]
) -> tuple[MappingPoint, ...]:
    """What at the company each mapping point speaks to: the author's ``[[links]]``, else the
    ops-model parts sharing the most telling words with it. A word shared with many parts tells
    little, so each shared word counts log(1 + parts / parts having it); ties go to the part
    written first."""
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
        if len(ids) <= TELLING_DF
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
        for w in {w for x in lines for w in words(x.text)} & weight.keys():
            for order in holders[w]:
                scores[order] = scores.get(order, 0.0) + weight[w]
        best = heapq.nsmallest(MAX_RELATED, scores.items(), key=lambda s: (-s[1], s[0]))
        related = tuple(targets[order].link for order, _score in best)
        out.append(MappingPoint(point, evidence, related, explicit=False))
    return tuple(out)


def classify(outline: Outline, rules: RuleSource) -> Handbook:
    """Outline of one notes file → its handbook."""
    doc = outline.document
    identity = identify(doc, outline.blocks)
    compiled = rules.compile(identity.company)
    classifier = _Classifier(outline, compiled, identity)
    classifier.visit(outline.blocks, None)
    if classifier.pending_label is not None:
        classifier.claim(Section.MORE, classifier.pending_label, [])
    return _Builder(outline, identity, compiled).build(classifier.claims)
