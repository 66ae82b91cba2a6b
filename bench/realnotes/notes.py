"""Real interview-prep notes: read one at its commit, and check a labels file covers them.

The notes' text is never stored here: sources.yml names each file by repository, path and
commit, and the text is read from a local mirror of the repository with `git show`.

    python bench/realnotes/notes.py MIRRORS ID              # print note ID with line numbers
    python bench/realnotes/notes.py MIRRORS --check FILE    # check FILE labels every line once

MIRRORS is the folder holding the mirrors: one folder per repository, named `owner+name`,
holding the git directory itself, or a `repo` folder that is a bare git directory or a work
tree with `.git` (the layouts `fetch` leaves in /work/.mirror).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources.yml"
LABELS = (
    "title",
    "task",
    "pitch",
    "why",
    "experience",
    "company",
    "they-ask",
    "answer",
    "ask",
    "logistics",
    "more",
)


def load_sources(path: Path = SOURCES) -> list[dict[str, Any]]:
    """The entries of sources.yml, in order."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of entries")
    return [dict(entry) for entry in data]


def _is_git_dir(path: Path) -> bool:
    return (path / "HEAD").is_file() and (path / "objects").is_dir()


def git_dir(mirrors: Path, repo: str) -> Path:
    """The git directory of `owner/name` under `mirrors`."""
    folder = mirrors / repo.replace("/", "+", 1)
    for candidate in (folder / "repo" / ".git", folder / "repo", folder / ".git", folder):
        if candidate.is_dir() and _is_git_dir(candidate):
            return candidate
    raise FileNotFoundError(f"no git mirror of {repo} under {mirrors}")


def read_note(mirrors: Path, entry: Mapping[str, Any]) -> str:
    """The text of the note `entry` names, as it was at `entry["commit"]`."""
    where = git_dir(mirrors, str(entry["repo"]))
    spec = f"{entry['commit']}:{entry['path']}"
    done = subprocess.run(
        ["git", "--git-dir", str(where), "show", spec],
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")


def note_lines(text: str) -> list[str]:
    """The lines of a note as git and `cat -n` number them: split on newlines only (not on the
    other separators `str.splitlines` knows), a final newline closing the last line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def frontmatter_fences(lines: list[str]) -> set[int]:
    """Line numbers (1-based) of the `---` lines opening and closing YAML frontmatter."""
    if not lines or lines[0].rstrip() != "---":
        return set()
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() == "---":
            return {1, number}
    return set()


def to_label(lines: list[str]) -> list[int]:
    """Line numbers (1-based) that must carry a label: non-blank, not a frontmatter fence."""
    fences = frontmatter_fences(lines)
    return [
        number
        for number, line in enumerate(lines, start=1)
        if line.strip() and number not in fences
    ]


def expand(ranges: Iterable[int | str]) -> list[int]:
    """`[3, "5-7"]` -> `[3, 5, 6, 7]`."""
    numbers: list[int] = []
    for item in ranges:
        if isinstance(item, bool):
            raise ValueError(f"not a line or range: {item!r}")
        if isinstance(item, int):
            numbers.append(item)
            continue
        first, _, last = str(item).partition("-")
        start, stop = int(first), int(last or first)
        if stop < start:
            raise ValueError(f"backwards range: {item!r}")
        numbers.extend(range(start, stop + 1))
    return numbers


def check_note(lines: list[str], labels: Mapping[str, Any]) -> list[str]:
    """Problems with one note's labels: unknown labels, lines out of range, blank or fence
    lines labelled, lines labelled twice, lines left unlabelled."""
    problems: list[str] = []
    wanted = set(to_label(lines))
    seen: dict[int, str] = {}
    for label, ranges in labels.items():
        if label not in LABELS:
            problems.append(f"unknown label {label!r}")
            continue
        if not isinstance(ranges, list):
            problems.append(f"{label}: expected a list of lines and ranges")
            continue
        try:
            numbers = expand(ranges)
        except ValueError as error:
            problems.append(f"{label}: {error}")
            continue
        for number in numbers:
            if not 1 <= number <= len(lines):
                problems.append(f"line {number} ({label}) is out of range 1-{len(lines)}")
            elif number not in wanted:
                problems.append(f"line {number} ({label}) is blank or a frontmatter fence")
            elif number in seen:
                problems.append(f"line {number} is labelled twice ({seen[number]}, {label})")
            else:
                seen[number] = label
    missing = sorted(wanted - set(seen))
    if missing:
        problems.append("unlabelled lines: " + ", ".join(map(str, missing)))
    return problems


def check(mirrors: Path, labels_path: Path, sources: list[dict[str, Any]]) -> int:
    """Check every note of `sources` is labelled in `labels_path`; print what is wrong."""
    labels = yaml.safe_load(labels_path.read_text(encoding="utf-8")) or {}
    if not isinstance(labels, dict):
        print(f"{labels_path}: expected a mapping of note ids", file=sys.stderr)
        return 2
    known = {str(entry["id"]) for entry in sources}
    failures = 0
    for extra in sorted(set(labels) - known):
        print(f"{extra}: not in sources.yml")
        failures += 1
    counts: dict[str, int] = dict.fromkeys(LABELS, 0)
    for entry in sources:
        note = str(entry["id"])
        if note not in labels:
            print(f"{note}: not labelled")
            failures += 1
            continue
        lines = note_lines(read_note(mirrors, entry))
        given = labels[note]
        problems = check_note(lines, given) if isinstance(given, dict) else ["expected a mapping"]
        for problem in problems:
            print(f"{note}: {problem}")
        failures += bool(problems)
        if not problems:
            for label, ranges in given.items():
                counts[label] += len(expand(ranges))
    total = sum(counts.values())
    print(f"{len(sources) - failures} of {len(sources)} notes fully labelled; {total} lines")
    for label in LABELS:
        print(f"  {label:<10} {counts[label]:>5}")
    return 1 if failures else 0


def show(mirrors: Path, note: str, sources: list[dict[str, Any]]) -> int:
    """Print note `note` with line numbers."""
    for entry in sources:
        if str(entry["id"]) == note:
            text = read_note(mirrors, entry)
            for number, line in enumerate(note_lines(text), start=1):
                print(f"{number:>5}  {line}")
            return 0
    print(f"{note}: not in sources.yml", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mirrors", type=Path, help="folder holding the repository mirrors")
    parser.add_argument("note", nargs="?", help="id of the note to print (r01, r02, ...)")
    parser.add_argument("--check", type=Path, metavar="LABELS", help="labels file to check")
    parser.add_argument("--sources", type=Path, default=SOURCES, help="sources.yml to use")
    args = parser.parse_args(argv)
    sources = load_sources(args.sources)
    if args.check is not None:
        return check(args.mirrors, args.check, sources)
    if args.note is None:
        parser.error("give a note id or --check LABELS")
    return show(args.mirrors, args.note, sources)


if __name__ == "__main__":
    sys.exit(main())
