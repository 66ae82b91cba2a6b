"""How good the typo check is on real notes: recall and precision against a judged list.

    .venv/bin/python bench/typos.py MIRRORS                     # all notes, fit, held out
    .venv/bin/python bench/typos.py MIRRORS --show fit          # also each note's misses
    .venv/bin/python bench/typos.py MIRRORS --realnotes DIR     # sources.yml, notes.py in DIR

Runs the check the build runs (the words of the lines a handbook shows, outside code, looked up
as one handbook's) over every note of ``bench/realnotes/sources.yml`` and of
``bench/realnotes/typos-fresh.yml``, read from the mirrors at its commit, and compares what it
flags with ``bench/realnotes/typos.yml``, where each word it could flag is judged ``typo``,
``correct`` or ``unclear``:

- **recall**: of the words judged typos, the share flagged;
- **precision**: of the flagged words judged typo or correct, the share that are typos
  (unclear words count on neither side).

Per split: ``fit`` (the notes of sources.yml the thresholds were tuned on), ``holdout`` (the
others of sources.yml, kept unseen until one look, see DEVELOPMENT.md), ``fresh`` (typos-fresh.yml:
chosen and judged after the first round's thresholds were fixed; one change since was made after
a look at them, see DEVELOPMENT.md), ``fresh2``, ``fresh3``, … (typos-fresh2.yml, …: chosen and
judged blind by helpers, from ``--unknown``'s list and a reading, each looked at once before any
change made for it; DEVELOPMENT.md says which changes followed which look), and all of them. A
flagged
word nobody judged is an error: judge it first. The thresholds are the constants at the top of
``hooks/prep_handbook/spelling.py``.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from prep_handbook.errors import NotesError  # noqa: E402
from prep_handbook.pipeline import load_outline  # noqa: E402
from prep_handbook.readiness import lines_writing, words_to_check  # noqa: E402
from prep_handbook.rules import DEFAULT_RULES  # noqa: E402
from prep_handbook.spelling import Speller  # noqa: E402

REALNOTES = ROOT / "bench" / "realnotes"
JUDGED = REALNOTES / "typos.yml"
FRESH = sorted(REALNOTES.glob("typos-fresh*.yml"))
"""typos-fresh.yml, typos-fresh2.yml, …: notes for the typo check only, a split per file."""
SPLITS = ("all", "fit", "holdout", *(p.stem.removeprefix("typos-") for p in FRESH))
VERDICTS = ("typo", "correct", "unclear")


@dataclass
class Tally:
    flagged_typos: int = 0
    false_alarms: int = 0
    missed: int = 0
    unknown_typos: int = 0
    unknown_flagged: int = 0
    unknown_correct: int = 0
    unclear: int = 0
    notes: int = 0
    misses: dict[str, list[str]] = field(default_factory=dict)
    alarms: dict[str, list[str]] = field(default_factory=dict)

    @property
    def recall(self) -> float:
        return self.flagged_typos / max(self.flagged_typos + self.missed, 1)

    @property
    def unknown_recall(self) -> float:
        return self.unknown_flagged / max(self.unknown_typos, 1)

    @property
    def old_precision(self) -> float:
        """The old check flagged every word the list does not know."""
        return self.unknown_typos / max(self.unknown_typos + self.unknown_correct, 1)

    @property
    def precision(self) -> float:
        return self.flagged_typos / max(self.flagged_typos + self.false_alarms, 1)

    def line(self, name: str) -> str:
        typos = self.flagged_typos + self.missed
        flagged = self.flagged_typos + self.false_alarms
        return (
            f"{name:<8} {self.notes:>3} notes  recall {self.recall:6.1%} "
            f"({self.flagged_typos} of {typos} typos flagged)  precision {self.precision:6.1%} "
            f"({self.flagged_typos} of {flagged} flagged words are typos; "
            f"{self.unclear} unclear left out)\n{'':<8} {'':>3}        recall of misspellings "
            f"that are no word {self.unknown_recall:6.1%} ({self.unknown_flagged} of "
            f"{self.unknown_typos}: the typos the old check flagged, as in issue 23); the old "
            f"check's precision {self.old_precision:6.1%}"
        )


def module_from(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def checked_words(path: str, text: str) -> tuple[Speller, dict[str, int]]:
    """The words the build's typo check looks at in one notes file, read as one handbook
    (word → lines that write it), and the check as that handbook sets it up."""
    stem = Path(path).stem
    handbook, outline = load_outline(f"seeds/{Path(path).name}", stem, text.encode(), DEFAULT_RULES)
    checked = words_to_check(handbook, outline)
    return Speller([handbook.company], cache_dir=None), lines_writing([checked])


def flagged_words(path: str, text: str) -> tuple[set[str], set[str]]:
    """What the build's typo check flags in one notes file, read as one handbook, and what the
    old check flagged there (:func:`unknown_words`)."""
    speller, lines = checked_words(path, text)
    return set(speller.typos(lines)), set(unknown_words(speller, lines))


def unknown_words(speller: Speller, lines: Mapping[str, int]) -> list[str]:
    """The words the old check flagged: every word looked at that the list does not know (in
    any spelling) and no allow list lets through (the built-in trade words included). What to
    judge in a new note, without seeing what the check flags."""
    wanted = sorted(w for w in lines if w not in speller.allowed and "'" not in w)
    return [w for w, found in speller.facts(wanted).items() if not found.uses]


def judged(path: Path) -> dict[str, dict[str, set[str]]]:
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    out: dict[str, dict[str, set[str]]] = {}
    for note, verdicts in data.items():
        out[str(note)] = {v: {str(w) for w in verdicts.get(v) or ()} for v in VERDICTS}
        words = [w for v in VERDICTS for w in out[str(note)][v]]
        if len(words) != len(set(words)):
            raise SystemExit(f"{path}: {note} judges a word twice")
    return out


def score(
    sources: list[Mapping[str, Any]],
    read: Callable[[Mapping[str, Any]], str],
    verdicts: Mapping[str, Mapping[str, set[str]]],
) -> tuple[dict[str, Tally], list[str]]:
    tallies = {name: Tally() for name in SPLITS}
    unjudged: list[str] = []
    for entry in sources:
        note = str(entry["id"])
        try:
            flagged, unknown = flagged_words(str(entry["path"]), read(entry))
        except NotesError as exc:
            raise SystemExit(f"{note}: the build cannot read it: {exc}") from None
        mine = verdicts.get(note, {v: set() for v in VERDICTS})
        unjudged += [f"{note}: {w}" for w in sorted(flagged - set().union(*mine.values()))]
        for name in ("all", str(entry.get("split", "fit"))):
            t = tallies[name]
            t.notes += 1
            t.flagged_typos += len(flagged & mine["typo"])
            t.false_alarms += len(flagged & mine["correct"])
            t.unclear += len(flagged & mine["unclear"])
            t.missed += len(mine["typo"] - flagged)
            t.unknown_typos += len(mine["typo"] & unknown)
            t.unknown_flagged += len(mine["typo"] & unknown & flagged)
            t.unknown_correct += len(mine["correct"] & unknown)
            if mine["typo"] - flagged:
                t.misses[note] = sorted(mine["typo"] - flagged)
            if flagged & mine["correct"]:
                t.alarms[note] = sorted(flagged & mine["correct"])
    return tallies, unjudged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mirrors", type=Path, help="folder of the repositories' mirrors")
    parser.add_argument(
        "--realnotes",
        type=Path,
        default=REALNOTES,
        help="folder with sources.yml and notes.py (default: bench/realnotes)",
    )
    parser.add_argument(
        "--unknown",
        choices=SPLITS,
        help="only list, per note of this split, the words to judge (those the list does not "
        "know), without what the check flags",
    )
    parser.add_argument(
        "--show",
        choices=SPLITS,
        help="also list, per note, the typos missed and the correct words flagged",
    )
    args = parser.parse_args(argv)
    if not (args.realnotes / "sources.yml").is_file():
        parser.error(f"no sources.yml in {args.realnotes}: give --realnotes DIR")
    notes = module_from(args.realnotes / "notes.py")
    sources = notes.load_sources(args.realnotes / "sources.yml")
    sources += [entry for path in FRESH for entry in notes.load_sources(path)]
    if args.unknown:
        for entry in sources:
            if args.unknown in ("all", str(entry.get("split", "fit"))):
                found = checked_words(str(entry["path"]), notes.read_note(args.mirrors, entry))
                print(f"{entry['id']}: {' '.join(unknown_words(*found)) or '-'}")
        return 0
    tallies, unjudged = score(sources, lambda e: notes.read_note(args.mirrors, e), judged(JUDGED))
    if unjudged:
        print(f"flagged but not judged in {JUDGED.relative_to(ROOT)}: judge these first")
        print("\n".join(f"  {u}" for u in unjudged))
        return 1
    for name in SPLITS:
        print(tallies[name].line(name))
    if args.show:
        t = tallies[args.show]
        for note in sorted({*t.misses, *t.alarms}):
            print(
                f"  {note}: missed {' '.join(t.misses.get(note, [])) or '-'}; "
                f"flagged correct {' '.join(t.alarms.get(note, [])) or '-'}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
