"""Placement of notes in the styles real people write, against a coach's labels.

tests/corpus/ holds notes files written for this test in other people's styles (question
headings with bullet answers, a Logseq outline, loose lines, a hiring-manager prep, a Q&A
sheet, a technical Q&A, a bare question bank, a pasted job description, callouts, STAR
stories, a checklist with links); labels.yml says on which page a coach would put each
non-blank line. The agreement over all of them is printed and must stay at or above BAR.
"""

from __future__ import annotations

import os

import pytest
import yaml
from prep_handbook.pipeline import load_handbook
from prep_handbook.rules import DEFAULT_RULES
from sample import CORPUS
from summary import summarize

EXPECTED = CORPUS / "expected"
BAR = 0.9
"""Share of labelled lines that must land where the labels say (DEVELOPMENT.md: "How well lines
are placed")."""


def _labels() -> dict[str, dict[int, str]]:
    raw = yaml.safe_load((CORPUS / "labels.yml").read_text(encoding="utf-8"))
    out: dict[str, dict[int, str]] = {}
    for name, pages in raw.items():
        lines: dict[int, str] = {}
        for page, spans in pages.items():
            for span in spans:
                first, _, last = str(span).partition("-")
                for n in range(int(first), int(last or first) + 1):
                    assert n not in lines, f"{name}:{n} is labelled twice"
                    lines[n] = "" if page == "overview" else page
        out[name] = lines
    return out


LABELS = _labels()


def _placed(name: str) -> dict[int, str | None]:
    path = CORPUS / name
    hb = load_handbook(f"seeds/{name}", path.stem, path.read_bytes(), DEFAULT_RULES)
    return {m.line: None if m.page is None else m.page.value for m in hb.source_map}


def test_every_non_blank_line_is_labelled() -> None:
    assert sorted(LABELS) == sorted(p.name for p in CORPUS.glob("*.md"))
    for name, labels in LABELS.items():
        text = (CORPUS / name).read_text(encoding="utf-8").split("\n")
        wanted = {
            n for n, line in enumerate(text, start=1) if line.strip() and line.strip() != "---"
        }
        assert set(labels) == wanted, name


def test_corpus_agreement(capsys: pytest.CaptureFixture[str]) -> None:
    agreed = total = 0
    misses: list[str] = []
    for name, labels in sorted(LABELS.items()):
        placed = _placed(name)
        for line, page in sorted(labels.items()):
            total += 1
            if placed.get(line) == page:
                agreed += 1
            else:
                misses.append(
                    f"{name}:{line} labelled {page or 'overview'}, placed {placed.get(line)}"
                )
    share = agreed / total
    with capsys.disabled():
        print(f"\ncorpus agreement: {agreed}/{total} = {share:.1%} over {len(LABELS)} files")
        for miss in misses:
            print(f"  miss {miss}")
    assert share >= BAR, "\n".join(misses)


@pytest.mark.parametrize("name", sorted(LABELS), ids=lambda name: name.removesuffix(".md"))
def test_what_each_corpus_file_becomes_is_as_reviewed(name: str) -> None:
    """Beyond the page of each line: anchors, rules, links, relations and shown text of the
    corpus file, as last reviewed in expected/<case>.yml (one file and one test per case, so a
    change names the styles it moved). PREP_HANDBOOK_REGOLD=1 rewrites them; read their diff."""
    path = CORPUS / name
    actual = summarize(load_handbook(f"seeds/{name}", path.stem, path.read_bytes(), DEFAULT_RULES))
    expected_path = EXPECTED / f"{path.stem}.yml"
    if os.environ.get("PREP_HANDBOOK_REGOLD"):
        expected_path.write_text(
            yaml.safe_dump(actual, sort_keys=False, allow_unicode=True, width=100), "utf-8"
        )
    assert expected_path.is_file(), f"no {expected_path}: run with PREP_HANDBOOK_REGOLD=1"
    assert actual == yaml.safe_load(expected_path.read_text("utf-8"))


def test_every_expected_file_is_a_corpus_case() -> None:
    cases = {p.stem for p in CORPUS.glob("*.md")}
    stale = sorted(p.name for p in EXPECTED.glob("*.yml") if p.stem not in cases)
    assert not stale, f"expected files of no corpus case (delete them): {stale}"
