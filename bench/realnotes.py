"""How the shipped placement places real interview-prep notes written by other people.

    .venv/bin/python bench/realnotes.py MIRRORS [--split fit|holdout|all] [--misses] [--rules]

bench/realnotes/ holds where 50 public notes files come from (sources.yml: repository, path,
commit), and the label an interview coach gives each of their non-blank lines (labels.yml;
how the labels were made: LABELLING.md and bench/realnotes/README.md). The notes' text is never in
this repository: MIRRORS is the folder holding bare git mirrors of the repositories (the search
tool's fetch makes them: ``<owner>+<name>/repo``), and each file is read there with ``git show``.

Prints, for each split, how many labelled lines land on the page their label names: ``fit``
(the files whose look anyone working on the placement may study) and ``holdout`` (kept unseen
until a change is done: look at its figure, never at its files); with ``--rules``, the same by
the rule that placed each line; with ``--misses``, every line placed elsewhere (file:line, the
label, the page and rule — no text). Also prints how far the two labellers agreed before their
disagreements were settled (adjudication.md).

Lines the handbook shows nowhere on purpose (a ``---`` rule, an empty bullet) carry no words
and are left out, whatever label they got.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "bench" / "realnotes"))

from notes import expand, load_sources, read_note  # noqa: E402
from prep_handbook.model import PageKind, Reason  # noqa: E402
from prep_handbook.pipeline import load_handbook  # noqa: E402
from prep_handbook.rules import DEFAULT_RULES  # noqa: E402

HERE = ROOT / "bench" / "realnotes"
PAGES = {
    "title": PageKind.OVERVIEW,
    "task": PageKind.OVERVIEW,
    "pitch": PageKind.NARRATIVE,
    "why": PageKind.NARRATIVE,
    "experience": PageKind.MAPPING,
    "company": PageKind.OPS,
    "they-ask": PageKind.QUESTIONS,
    "answer": PageKind.QUESTIONS,
    "ask": PageKind.QUESTIONS,
    "logistics": PageKind.NOTES,
    "more": PageKind.NOTES,
}
"""The page each label lands on (LABELLING.md)."""
UNSHOWN = frozenset({Reason.SEPARATOR, Reason.EMPTY})


def read_labels(path: Path) -> dict[str, dict[int, str]]:
    """``{id: {label: [1, "3-5"]}}`` → ``{id: {line: label}}``."""
    raw = yaml.safe_load(path.read_text("utf-8")) or {}
    return {
        str(note): {n: str(label) for label, spans in table.items() for n in expand(spans)}
        for note, table in raw.items()
    }


@dataclass
class Tally:
    lines: int = 0
    agreed: int = 0

    def __str__(self) -> str:
        share = self.agreed / self.lines if self.lines else 1.0
        return f"{self.agreed}/{self.lines} = {share:.1%}"


def placed(mirrors: Path, split: str) -> Iterator[tuple[str, int, str, str | None, str]]:
    """Each labelled line of the split: (id, line, label, page it landed on, rule)."""
    labels = read_labels(HERE / "labels.yml")
    for entry in load_sources():
        if split not in ("all", entry["split"]) or entry["id"] not in labels:
            continue
        text = read_note(mirrors, entry)
        stem = Path(entry["path"]).stem
        hb = load_handbook(f"seeds/{Path(entry['path']).name}", stem, text.encode(), DEFAULT_RULES)
        where = {m.line: m for m in hb.source_map}
        for line, label in sorted(labels[entry["id"]].items()):
            m = where.get(line)
            if m is None or m.reason in UNSHOWN:
                continue
            page = None if m.page is None else m.page.value
            yield entry["id"], line, label, page, str(m.rule or m.reason)


def labellers() -> str:
    """How far the two labellers agreed, blind, line by line (before adjudication)."""
    a = read_labels(HERE / "labels-a.yml")
    b = read_labels(HERE / "labels-b.yml")
    lines = same = pages = 0
    for note, table in a.items():
        for line, label in table.items():
            other = b.get(note, {}).get(line)
            lines += 1
            same += label == other
            pages += other is not None and PAGES[label] is PAGES[other]
    return (
        f"labellers A and B: the same label on {same}/{lines} = {same / lines:.1%} of lines, "
        f"the same page on {pages}/{lines} = {pages / lines:.1%}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mirrors", type=Path)
    parser.add_argument("--split", default="all", choices=("fit", "holdout", "all"))
    parser.add_argument("--misses", action="store_true", help="list every line placed elsewhere")
    parser.add_argument("--rules", action="store_true", help="agreement by the placing rule")
    args = parser.parse_args(argv)
    print(labellers())
    for split in ("fit", "holdout") if args.split == "all" else (args.split,):
        total = Tally()
        by_rule: dict[str, Tally] = {}
        files: Counter[str] = Counter()
        misses: list[str] = []
        for note, line, label, page, rule in placed(args.mirrors, split):
            files[note] += 1
            ok = page == PAGES[label].value
            total.lines += 1
            total.agreed += ok
            tally = by_rule.setdefault(rule, Tally())
            tally.lines += 1
            tally.agreed += ok
            if not ok:
                misses.append(f"  miss {note}:{line} labelled {label}, placed on {page} ({rule})")
        print(f"real notes, {split} ({len(files)} files): {total} of the lines on their page")
        if args.rules:
            for rule, tally in sorted(by_rule.items(), key=lambda x: -x[1].lines):
                print(f"  {rule:<24} {tally}")
        if args.misses:
            print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
