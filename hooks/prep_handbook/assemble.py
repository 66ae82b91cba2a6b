"""Claims → the typed :class:`Handbook`: every line shown is placed once, by the builder of the
section that shows it, and the source map at the end proves it line by line (its page, anchor,
section and the rule that placed it)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from .entries import to_entry
from .model import (
    QA,
    Anchors,
    Bucket,
    Entry,
    Handbook,
    LineMapping,
    NoteGroup,
    PageKind,
    Prose,
    Reason,
    Rule,
    Section,
)
from .naming import Identity, meta_tags
from .outline import Kind, Node, Outline
from .read import Document
from .relate import link_index, relate_all, tag_index
from .rules import Rules, hidden_tags
from .text import plain, slugify


@dataclass(frozen=True, slots=True)
class Claim:
    section: Section
    label: Node | None
    nodes: tuple[Node, ...]
    rule: Rule


def own(node: Node) -> Node:
    """The node without what is written under it."""
    return dataclasses.replace(node, children=())


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

    claims: list[Claim]
    placer: _Placer
    rules: Rules
    anchors: Anchors

    def nodes(self) -> list[tuple[Claim, Node]]:
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
            placed = w.placer.entry(own(node), PageKind.NARRATIVE, section, claim.rule, para_anchor)
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
        point = w.placer.entry(own(node), PageKind.MAPPING, Section.MAPPING, claim.rule)
        evidence = tuple(
            w.placer.entry(c, PageKind.MAPPING, Section.MAPPING, claim.rule)
            for c in node.real_children
        )
        points.append((point, evidence))
    return {"mapping_labels": labels, "mapping": points}


def _answer_rule(claim: Claim) -> Rule:
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


def _paired(nodes: list[tuple[Claim, Node]], rules: Rules) -> list[tuple[Claim, Node]]:
    """Loose lines under a label of questions: a question with nothing under it takes the
    statements written right after it as its answer ("Q: …" then "A: …")."""
    out: list[tuple[Claim, Node]] = []
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
            name = w.placer.entry(own(node), PageKind.OPS, Section.OPS, claim.rule, anchor)
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


def build(outline: Outline, identity: Identity, rules: Rules, claims: list[Claim]) -> Handbook:
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
        meta_tags=meta_tags(doc.meta.get("tags")),
        title_entry=(
            placer.entry(own(identity.title_node), PageKind.OVERVIEW, None, Rule.TITLE, None)
            if identity.title_node
            else None
        ),
        source_map=(),
        named=identity.named,
        **fields,  # type: ignore[arg-type]
    )
    hb = dataclasses.replace(hb, mapping=relate_all(points, hb, link_index(hb)))  # type: ignore[arg-type]
    places = {line: (p.page, p.anchor) for line, p in placer.placed.items()}
    hb = dataclasses.replace(hb, tags=tag_index(hb, places, marks))
    return dataclasses.replace(hb, source_map=_source_map(doc, nodes, outline, placer, identity))


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
            missing.append(placer.entry(own(node), PageKind.NOTES, Section.MORE, Rule.LEFTOVER))
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
