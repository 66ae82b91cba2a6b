"""Relating a handbook's parts: what a ``[[wikilink]]`` can name, which ops-model parts each
experience point speaks to, and where each ``#tag`` is shown."""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .model import Entry, Handbook, Link, MappingPoint, PageKind
from .text import normalize_label, plain, tags, wikilinks, words

MAX_RELATED = 2
TELLING_DF = 32


def tag_index(
    hb: Handbook, places: Mapping[int, tuple[PageKind, str | None]], marks: frozenset[str]
) -> tuple[tuple[str, tuple[Link, ...]], ...]:
    """Every ``#tag`` (section marks aside) and the places it is shown, in notes order."""
    found: dict[str, list[Link]] = {}
    for e in sorted(hb.entries() + list(hb.tasks), key=lambda e: e.span.start):
        page, anchor = places.get(e.span.start, (PageKind.OVERVIEW, None))
        for tag in tags(e.text):
            if tag.lower() not in marks:
                link = hb.link(page, anchor, plain(e.text))
                shown = found.setdefault(tag.lower(), [])
                if link not in shown:
                    shown.append(link)
    return tuple((tag, tuple(links)) for tag, links in sorted(found.items()))


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


def relate_all(
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
