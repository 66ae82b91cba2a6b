"""The one-pager as one printed page: stylesheet, fit loop, PDF (WeasyPrint), content-hash cache.

The same HTML sheet and stylesheet serve the browser's print of the one-pager page and the PDF
made at build time. The fit loop renders with WeasyPrint and counts pages, never guesses:

1. try each density level (spacing first, then type down to the 8.5 pt floor);
2. still over one page: drop the least needed items (``OnePager.drop_order``), as few as possible
   (binary search), and report each one left off.

It measures at Letter and at A4 with a few millimetres more bottom margin than the real one, so
that Chromium, whose line breaking differs slightly, also fits the page. Without WeasyPrint (or
Pango) the PDF is skipped with one clear line and the densest level is used for printing.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .onepager import OnePager, SheetItem

PAGE_MARGIN_MM = 12
MEASURE_EXTRA_MM = 8
"""Extra bottom margin while measuring: the slack that keeps Chromium's print on one page."""
PAPERS = {"letter": "Letter", "a4": "A4"}
SCHEMA = 1  # bump when what the cache stores changes
MAX_SHEET_WORDS = 1400
"""More than a Letter or A4 page holds in two columns at the 8.5 pt floor (about 1,100)."""


@dataclass(frozen=True, slots=True)
class Level:
    font_pt: float
    line: float
    gap_pt: float


LEVELS = (
    Level(10.5, 1.35, 5.0),
    Level(10.0, 1.3, 4.0),
    Level(9.5, 1.25, 3.0),
    Level(9.0, 1.22, 2.0),
    Level(8.5, 1.2, 1.5),
)
"""Densities tried in order; the last is the floor (8.5 pt body text)."""
FLOOR = len(LEVELS) - 1

FONTS = '"Liberation Sans", Arial, Helvetica, "DejaVu Sans", sans-serif'


@functools.cache
def sheet_css() -> str:
    """The stylesheet of the sheet: print rules for the site page and for the PDF."""
    out = [
        "/* prep-handbook one-pager: generated from prep_handbook/sheet.py (LEVELS). */",
        "@media print {",
        f"  @page {{ margin: {PAGE_MARGIN_MM}mm; }}",
        "  html, body { background: #fff !important; }",
        "  .md-main__inner, .md-content__inner, .md-grid { margin: 0 !important;"
        " padding: 0 !important; max-width: none !important; }",
        "  .md-content__inner::before, .md-content__inner > h1, .handbook-no-print,"
        " .md-source-file { display: none !important; }",
        "  .md-typeset .handbook-sheet { color: #000; font-family: " + FONTS + ";"
        " column-count: 2; column-gap: 7mm; orphans: 2; widows: 2; }",
        "  .md-typeset .handbook-sheet .sheet-title { column-span: all; font-weight: 700;"
        " margin: 0; }",
        "  .md-typeset .handbook-sheet h2 { color: #000; font-weight: 700; letter-spacing: 0;"
        " break-after: avoid; page-break-after: avoid; }",
        "  .md-typeset .handbook-sheet a { color: #000; text-decoration: none; }",
        "  .md-typeset .handbook-sheet ul, .md-typeset .handbook-sheet ol { margin: 0;"
        " padding: 0; }",
        "  .md-typeset .handbook-sheet ul li, .md-typeset .handbook-sheet ol li {"
        " margin-left: 1.1em; padding: 0; break-inside: avoid; page-break-inside: avoid; }",
        "  .md-typeset .handbook-sheet p { margin-top: 0; }",
    ]
    for n, lv in enumerate(LEVELS):
        sel = f'.md-typeset .handbook-sheet[data-fit="{n}"]'
        out += [
            f"  {sel} {{ font-size: {lv.font_pt}pt; line-height: {lv.line}; }}",
            f"  {sel} .sheet-title {{ font-size: {lv.font_pt + 3}pt;"
            f" margin-bottom: {lv.gap_pt}pt; }}",
            f"  {sel} h2 {{ font-size: {lv.font_pt + 1}pt; margin: {lv.gap_pt * 1.5}pt 0"
            f" {lv.gap_pt / 2}pt; line-height: {lv.line}; }}",
            f"  {sel} p {{ margin-bottom: {lv.gap_pt}pt; }}",
            f"  {sel} li {{ margin-bottom: {lv.gap_pt / 2}pt; }}",
        ]
    out.append("}")
    return "\n".join(out) + "\n"


@dataclass(frozen=True, slots=True)
class Fit:
    """How the sheet fits: its density level, what was left off, and the PDF (if made)."""

    level: int
    dropped: tuple[str, ...]
    """Keys (``L<line>``) of the items left off for room, in the order they were dropped."""
    pdf: bytes | None
    problem: str | None = None
    """Why no PDF was made (WeasyPrint or Pango missing), as one line for the log."""


RenderSheet = Callable[[OnePager, int], str]
"""(sheet content, level) → the full HTML document of the sheet."""


HARFBUZZ_NOTICE = (
    "one-pager PDF: made without HarfBuzz-Subset (its fonts are subset by fontTools, which a "
    "future WeasyPrint drops) — install it: apt-get install libharfbuzz-subset0"
)


class _OnlyOnce(logging.Filter):
    """WeasyPrint says "Using fontTools instead of HarfBuzz-Subset" for every font of every
    PDF; :data:`HARFBUZZ_NOTICE` says it once, in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "HarfBuzz-Subset" not in record.getMessage()


@functools.cache
def _weasyprint() -> tuple[Any, tuple[str, ...]]:
    """WeasyPrint, imported once (heavy, and optional: only when a sheet is measured), and what
    its import had to say, each as one line for the log: no warning with its source lines."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        import weasyprint
    notices = [
        HARFBUZZ_NOTICE
        if "HarfBuzz-Subset" in str(w.message)
        else f"one-pager PDF: WeasyPrint says: {' '.join(str(w.message).split())}"
        for w in caught
    ]
    logging.getLogger("weasyprint").addFilter(_OnlyOnce())
    return weasyprint, tuple(dict.fromkeys(notices))


def pdf_notices() -> tuple[str, ...]:
    """What WeasyPrint's import said, when it has been imported in this process."""
    return _weasyprint()[1] if _weasyprint.cache_info().currsize else ()


class _Measure:
    def __init__(self, document: RenderSheet, css: str) -> None:
        weasyprint, _notices = _weasyprint()
        self.weasyprint = weasyprint
        self.document = document
        self.sheets = {
            paper: weasyprint.CSS(
                string=css + f"@page {{ size: {paper}; margin: {PAGE_MARGIN_MM}mm"
                f" {PAGE_MARGIN_MM}mm {PAGE_MARGIN_MM + MEASURE_EXTRA_MM}mm; }}"
            )
            for paper in PAPERS.values()
        }
        self.css = css

    def fits(self, one: OnePager, level: int) -> bool:
        html = self.weasyprint.HTML(string=self.document(one, level))
        return all(
            len(html.render(stylesheets=[sheet]).pages) == 1 for sheet in self.sheets.values()
        )

    def pdf(self, one: OnePager, level: int, paper: str) -> bytes:
        css = self.weasyprint.CSS(
            string=self.css + f"@page {{ size: {PAPERS[paper]}; margin: {PAGE_MARGIN_MM}mm; }}"
        )
        out: bytes = self.weasyprint.HTML(string=self.document(one, level)).write_pdf(
            stylesheets=[css], pdf_identifier=b"prep-handbook-one-pager"
        )
        return out


def fit_sheet(one: OnePager, document: RenderSheet, css: str, paper: str = "letter") -> Fit:
    """Find the densest-but-one-page layout (see module docstring) and make the PDF."""
    try:
        measure = _Measure(document, css)
    except (ImportError, OSError) as exc:
        problem = (
            f"one-pager PDF skipped: WeasyPrint is not usable here ({exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0] if str(exc) else 'not installed'}) — install it with "
            "'pip install weasyprint' and Pango ('apt-get install libpango-1.0-0 "
            "libpangoft2-1.0-0'); printing from the browser still works"
        )
        return Fit(level=FLOOR, dropped=(), pdf=None, problem=problem)
    if _words(one) <= MAX_SHEET_WORDS:
        for level in range(len(LEVELS)):
            if measure.fits(one, level):
                return Fit(level, (), measure.pdf(one, level, paper))
    dropped = _fewest_drops(one, lambda sheet: measure.fits(sheet, FLOOR))
    return Fit(FLOOR, dropped, measure.pdf(one.without(dropped), FLOOR, paper))


def _fewest_drops(one: OnePager, fits: Callable[[OnePager], bool]) -> tuple[str, ...]:
    """The shortest prefix of ``one.drop_order`` whose removal makes the sheet fit.

    Items beyond what any page holds (MAX_SHEET_WORDS) go without measuring, so huge notes
    never make WeasyPrint lay out hundreds of pages; then a galloping binary search.
    """
    order = one.drop_order

    def without(n: int) -> OnePager:
        return one.without(_keys(order[:n]))

    lo = _first(0, len(order), lambda n: _words(without(n)) <= MAX_SHEET_WORDS)
    if not fits(without(len(order))):
        return _keys(order)  # pitch and why alone: nothing more to take away
    # Gallop up from there (the answer is usually near), then halve the last step.
    step, hi = 1, len(order)
    while lo + step < hi:
        if fits(without(lo + step)):
            hi = lo + step
            break
        lo, step = lo + step + 1, step * 2
    lo = _first(lo, hi, lambda n: fits(without(n)))
    return _keys(order[:lo])


def _first(lo: int, hi: int, ok: Callable[[int], bool]) -> int:
    """The smallest n in [lo, hi] with ok(n), for ok false then true (ok(hi) is assumed)."""
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _keys(items: tuple[SheetItem, ...]) -> tuple[str, ...]:
    return tuple(i.key for i in items)


def _words(one: OnePager) -> int:
    items = [*one.points, *one.answers, *one.asks]
    items += [i for b in one.buckets for i in (b.name, *b.items)]
    shown = [one.pitch, one.why, *(i.entry.text for i in items), *(i.line for i in items)]
    shown += [one.pitch_rest.line] if one.pitch_rest else []
    shown += [i.line for i in (*one.day, *one.facts, *one.pinned)]  # the line is all they show
    return sum(len(text.split()) for text in shown)


def created_date() -> str | None:
    """The PDF's date: SOURCE_DATE_EPOCH when set (reproducible builds), else none at all."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Fits:
    """Every fit of this process, and the cache folder's: one object owning both caches.

    In memory, by what shapes the sheet (its items, paper, CSS, templates …), so a rebuild under
    ``mkdocs serve`` after an edit the sheet does not show costs no rendering, hashing or file
    read; on disk (:class:`FitCache`), by a hash of the sheet's HTML, so a new process measures
    nothing it measured before.
    """

    KEPT = 512

    def __init__(self) -> None:
        self._memory: dict[tuple[object, ...], Fit] = {}

    def fit(
        self,
        one: OnePager,
        document: RenderSheet,
        paper: str,
        folder: Path | None,
        shapes: tuple[object, ...],
    ) -> Fit:
        css = sheet_css()
        memo = (one, paper, css, folder, *shapes)
        found = self._memory.get(memo) if folder is not None else None
        if found is not None:
            return found
        disk = FitCache(folder)
        key = disk.key(document(one, 0), css, paper, weasyprint_version())
        fit = disk.get(key)
        if fit is None:
            fit = fit_sheet(one, document, css, paper)
            disk.put(key, fit)
        if len(self._memory) >= self.KEPT:
            self._memory.clear()
        self._memory[memo] = fit
        return fit


FITS = Fits()
"""The process's fits (hooks are not reloaded between ``mkdocs serve`` rebuilds)."""


@functools.cache
def weasyprint_version() -> str:
    try:
        return importlib.metadata.version("weasyprint")
    except importlib.metadata.PackageNotFoundError:
        return "none"


class FitCache:
    """Fit results and PDFs by a hash of everything that shapes them, in a folder on disk.

    A rebuild after an edit that leaves the sheet as it was costs one hash and one file read.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    @staticmethod
    def key(*parts: str) -> str:
        h = hashlib.sha256(f"prep-handbook sheet v{SCHEMA}".encode())
        for part in parts:
            h.update(b"\0" + part.encode("utf-8"))
        return h.hexdigest()

    def get(self, key: str) -> Fit | None:
        if self.folder is None:
            return None
        meta_path = self.folder / f"{key}.json"
        try:
            meta = json.loads(meta_path.read_text("utf-8"))
            pdf = (self.folder / f"{key}.pdf").read_bytes() if meta["pdf"] else None
        except (OSError, ValueError, KeyError):
            return None
        return Fit(level=meta["level"], dropped=tuple(meta["dropped"]), pdf=pdf)

    def put(self, key: str, fit: Fit) -> None:
        if self.folder is None or fit.problem:
            return  # a missing WeasyPrint is not remembered: installing it must take effect
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if fit.pdf is not None:
                _write_atomic(self.folder / f"{key}.pdf", fit.pdf)
            meta = {"level": fit.level, "dropped": list(fit.dropped), "pdf": fit.pdf is not None}
            _write_atomic(self.folder / f"{key}.json", json.dumps(meta).encode())
        except OSError:
            pass  # a read-only checkout still builds; it just measures again next time


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
