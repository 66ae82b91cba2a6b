"""Golden tests: each tests/golden/<case>.md sits beside <case>.yml, its expected outcome.

To review a change of behaviour, run with PREP_HANDBOOK_REGOLD=1 and read the diff of the .yml
files: they are written for people (line numbers of the .md beside them).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from prep_handbook.errors import NotesError
from prep_handbook.pipeline import load_handbook
from prep_handbook.rules import DEFAULT_RULES
from summary import summarize

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.md"))


def _actual(case: str) -> dict[str, object]:
    data = (GOLDEN / f"{case}.md").read_bytes()
    try:
        hb = load_handbook(f"seeds/{case}.md", case, data, DEFAULT_RULES)
    except NotesError as exc:
        return {"error": str(exc)}
    return summarize(hb)


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    actual = _actual(case)
    expected_path = GOLDEN / f"{case}.yml"
    if os.environ.get("PREP_HANDBOOK_REGOLD"):
        expected_path.write_text(
            yaml.safe_dump(actual, sort_keys=False, allow_unicode=True, width=100),
            encoding="utf-8",
        )
    expected = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
    assert actual == expected


def test_every_case_has_its_expectation() -> None:
    assert CASES, "no golden cases found"
    missing = [c for c in CASES if not (GOLDEN / f"{c}.yml").exists()]
    assert not missing
