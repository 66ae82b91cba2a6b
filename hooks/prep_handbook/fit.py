"""The fit, drawn: experience points on the left, the parts of the company's operations they
speak to on the right, a line for each link. One SVG made at build time: no script, colours from
the page's theme (light, dark, print), and every box a link to its section.
"""

from __future__ import annotations

import dataclasses
import html
import textwrap
from dataclasses import dataclass

from .model import Handbook, Link, PageKind
from .text import plain, relative_path

BOX_WIDTH = 200
GAP = 90
"""Room between the two columns, where the lines run."""
LINE_HEIGHT = 17
PAD = 8
SPACING = 12
MAX_LINES = 3
WRAP = 27
"""Characters per line of a box at 13 px."""


@dataclass(frozen=True, slots=True)
class _Box:
    text: str
    href: str
    x: int
    y: int
    lines: tuple[str, ...]

    @property
    def height(self) -> int:
        return len(self.lines) * LINE_HEIGHT + 2 * PAD

    @property
    def middle(self) -> int:
        return self.y + self.height // 2


_WRAPPER = textwrap.TextWrapper(WRAP)
_SHORTENER = textwrap.TextWrapper(WRAP, max_lines=1, placeholder=" …")


def _lines(text: str) -> tuple[str, ...]:
    """``text`` in lines of a box: ``textwrap.wrap``, the last line shortened when too many
    (the wrappers made once: ``textwrap.wrap`` makes one per call)."""
    lines = _WRAPPER.wrap(text) or [""]
    if len(lines) > MAX_LINES:
        rest = " ".join(lines[MAX_LINES - 1 :])
        lines = [*lines[: MAX_LINES - 1], _SHORTENER.fill(" ".join(rest.strip().split()))]
    return tuple(lines)


def _stack(items: list[tuple[str, str]], x: int) -> list[_Box]:
    """Boxes one under another, from the top."""
    boxes: list[_Box] = []
    y = 0
    for text, href in items:
        boxes.append(_Box(text, href, x, y, _lines(text)))
        y += boxes[-1].height + SPACING
    return boxes


def _bottom(boxes: list[_Box]) -> int:
    return boxes[-1].y + boxes[-1].height


def _centred(boxes: list[_Box], height: int) -> list[_Box]:
    """The column moved down to sit in the middle of ``height``."""
    offset = (height - _bottom(boxes)) // 2
    return [dataclasses.replace(b, y=b.y + offset) for b in boxes]


def url(hb: Handbook, link: Link) -> str:
    """The link as a URL relative to the mapping page (``../ops-model/#growth-ops``)."""
    here = PageKind.MAPPING.url(hb.slug)
    if link.slug == hb.slug and link.page is PageKind.MAPPING:
        return f"#{link.anchor}" if link.anchor else "./"
    there = link.page.url(link.slug)
    rel = relative_path(there.rstrip("/"), here.rstrip("/")) + "/"
    return f"{rel}#{link.anchor}" if link.anchor else rel


def fit_svg(hb: Handbook) -> str:
    """The picture (one line of markup per element, no blank lines), or "" with no links."""
    points = [m for m in hb.mapping if m.related]
    if not points:
        return ""
    # Each part sits level with the average of the points it is linked to: fewer crossings.
    rows: dict[Link, list[int]] = {}
    for i, m in enumerate(points):
        for t in m.related:
            rows.setdefault(t, []).append(i)
    targets = sorted(rows, key=lambda t: sum(rows[t]) / len(rows[t]))
    left_items = [
        (plain(m.point.text), url(hb, hb.link(PageKind.MAPPING, m.point.anchor))) for m in points
    ]
    right_items = [(plain(t.title), url(hb, t)) for t in targets]
    left = _stack(left_items, 0)
    right = _stack(right_items, BOX_WIDTH + GAP)
    height = max(_bottom(left), _bottom(right))
    left, right = _centred(left, height), _centred(right, height)
    width = 2 * BOX_WIDTH + GAP
    out = [
        f'<svg class="handbook-fit" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} '
        f'{height}" width="100%" aria-labelledby="fit-title fit-desc">',
        f'<title id="fit-title">How my experience maps to {html.escape(hb.company)}</title>',
        f'<desc id="fit-desc">{len(points)} experience points linked to {len(targets)} parts '
        "of how the company operates; solid lines are links written in the notes, dashed "
        "lines come from shared words.</desc>",
    ]
    for m, box in zip(points, left, strict=True):
        for t in m.related:
            end = right[targets.index(t)]
            x1, y1, x2, y2 = BOX_WIDTH, box.middle, BOX_WIDTH + GAP, end.middle
            kind = "handbook-fit-edge handbook-fit-explicit" if m.explicit else "handbook-fit-edge"
            out.append(
                f'<path class="{kind}" d="M{x1} {y1} C{x1 + GAP // 2} {y1} '
                f'{x2 - GAP // 2} {y2} {x2} {y2}"/>'
            )
    for box in (*left, *right):
        out.append(_box(box))
    out.append("</svg>")
    return "\n".join(out)


def _box(box: _Box) -> str:
    text = "".join(
        f'<tspan x="{box.x + PAD}" y="{box.y + PAD + (i + 1) * LINE_HEIGHT - 4}">'
        f"{html.escape(line)}</tspan>"
        for i, line in enumerate(box.lines)
    )
    return (
        f'<a class="handbook-fit-node" href="{html.escape(box.href)}">'
        f"<title>{html.escape(box.text)}</title>"
        f'<rect x="{box.x}" y="{box.y}" width="{BOX_WIDTH}" height="{box.height}" rx="6"/>'
        f"<text>{text}</text></a>"
    )
