"""A compact, reviewable picture of a handbook: which source lines landed in which part."""

from __future__ import annotations

from prep_handbook.model import Entry, Handbook, LineMapping
from prep_handbook.relate import link_index


def _lines(entries: tuple[Entry, ...] | list[Entry]) -> list[int]:
    return [w.span.start for e in entries for w in e.walk()]


def _where(hb: Handbook, m: LineMapping) -> str:
    """``page#anchor rule [section]`` for a shown line, ``(reason)`` for one shown nowhere."""
    if m.page is None:
        return f"({m.reason})"
    section = f" [{m.section}]" if m.section else ""
    return f"{m.page.url(hb.slug)}#{m.anchor or ''} {m.rule}{section}"


def summarize(hb: Handbook) -> dict[str, object]:
    pages: dict[str, list[int]] = {}
    for m in hb.source_map:
        if m.page is not None:
            pages.setdefault(m.page.url(hb.slug), []).append(m.line)
    return {
        "company": hb.company,
        "slug": hb.slug,
        "title": hb.title,
        "pitch": [[e.span.start for e in p] for p in hb.pitch.paragraphs],
        "why": [[e.span.start for e in p] for p in hb.why.paragraphs],
        "mapping": {m.point.span.start: _lines(m.evidence) for m in hb.mapping},
        "ops_intro": _lines(hb.ops_intro),
        "buckets": {b.anchor: _lines(b.items) for b in hb.buckets},
        "business": [_lines(([g.title] if g.title else []) + list(g.entries)) for g in hb.business],
        "they_ask": {qa.question.span.start: _lines(qa.answers) for qa in hb.they_ask},
        "talking_points": _lines(hb.talking_points),
        "to_ask": [e.span.start for e in hb.to_ask],
        "more": [_lines(([g.title] if g.title else []) + list(g.entries)) for g in hb.more],
        "callouts": {g.anchor: g.callout + g.fold for g in (*hb.business, *hb.more) if g.callout},
        "tasks": _lines(hb.tasks),
        "tags": {tag: [f"{ln.page.value}#{ln.anchor}" for ln in links] for tag, links in hb.tags},
        "meta_tags": list(hb.meta_tags),
        "pages": pages,
        "unplaced": {m.line: str(m.reason) for m in hb.source_map if m.page is None},
        "map": {m.line: _where(hb, m) for m in hb.source_map},
        "links": {
            key: f"{ln.page.value}#{ln.anchor or ''} {ln.title}"
            for key, ln in sorted(link_index(hb).items())
        },
        "related": {
            m.point.span.start: [f"{ln.page.value}#{ln.anchor}" for ln in m.related]
            for m in hb.mapping
            if m.related
        },
        "named": hb.named,
        "titles": [hb.why_title, hb.ops_title, hb.mapping_title],
        "shown": {
            e.span.start: e.text + {True: " [pinned]", False: " [off the sheet]"}.get(e.sheet, "")
            for e in sorted(
                (x for top in [*hb.entries(), *hb.tasks] for x in top.walk()),
                key=lambda x: x.span.start,
            )
        },
    }
