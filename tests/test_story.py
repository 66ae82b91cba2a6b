"""Answer structure in the readiness report: stories missing a beat, answers outside their time.

Stories with and without each beat, labelled (``Situation:``, ``S:``, a table's columns) and
unlabelled (cue words), on the sample and on corpus files; each finding names its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from prep_handbook.pipeline import build_site as build_core
from prep_handbook.pipeline import load_outline, settings_from_mapping
from prep_handbook.readiness import Check, Finding, readiness
from prep_handbook.rules import DEFAULT_RULES
from sample import ROOT, SHIPPED
from sitekit import article, build_site, copy_project, page_html, visible_text

CORPUS = ROOT / "tests" / "corpus"


def _findings(name: str, text: str, check: Check = Check.STORY) -> list[Finding]:
    hb, tree = load_outline(f"seeds/{name}", Path(name).stem, text.encode(), DEFAULT_RULES)
    return [f for f in readiness(hb, tree, {}, {}).findings if f.check is check]


def _story(name: str, text: str) -> list[tuple[int, str]]:
    """(line, first words of the detail) of each story finding."""
    return [(f.line, f.detail.split(":")[0]) for f in _findings(name, text)]


def _corpus(name: str) -> str:
    return (CORPUS / name).read_text("utf-8")


def _blank(text: str, *lines: int) -> str:
    """The notes with these lines emptied (the other lines keep their numbers)."""
    rows = text.split("\n")
    for n in lines:
        rows[n - 1] = ""
    return "\n".join(rows)


# ---------------------------------------------------------------------------------------------
# Labelled stories, from the corpus: complete, then with each beat taken out.


@pytest.mark.parametrize(
    "name",
    [
        "star-bank.md",
        "star-inline-halcyon.md",
        "quarry-star.md",
        "saltmarsh.md",
    ],
)
def test_complete_labelled_stories_have_no_gap(name: str) -> None:
    assert _story(name, _corpus(name)) == []


def test_the_sample_has_no_story_to_check_and_two_short_answers() -> None:
    text = SHIPPED.read_text("utf-8")
    assert _story("traba-preparation.md", text) == []  # no behavioural question in it
    timing = _findings("traba-preparation.md", text, Check.TIMING)
    assert [(f.line, f.detail) for f in timing] == [
        (24, "≈ 24 s as written (57 words); aim for 60–120 s: time a spoken take on the drill"),
        (26, "≈ 5 s as written (12 words); aim for 60–120 s: time a spoken take on the drill"),
    ]  # "why traba" counts the why story said with it (57 words); the pitch is 64 s: in range


BANK = [(6, "no situation or task"), (6, "no result")]
"""behavioral-bank.md:6, "Describe a time you had to learn something fast": "a) picked up
Terraform in a week for the DR drill" — an action, and nothing before or after it."""


@pytest.mark.parametrize(
    ("name", "blank", "expected"),
    [
        # star-bank.md: "## Led the billing migration" (3), Situation 4, Task 5, Action 6, Result 7
        ("star-bank.md", (7,), [(3, "no result")]),
        ("star-bank.md", (6,), [(3, "no action")]),
        ("star-bank.md", (4, 5), [(3, "no situation or task")]),
        # "## Disagreement with my manager" (9): Situation 10, Action 11, Result 12
        ("star-bank.md", (12,), [(9, "no result")]),
        # star-inline-halcyon.md: "### Story: the outage" (2), S 3, T 4, A 5, R 6
        ("star-inline-halcyon.md", (6,), [(2, "no result")]),
        ("star-inline-halcyon.md", (5,), [(2, "no action")]),
        ("star-inline-halcyon.md", (3, 4), [(2, "no situation or task")]),
        # "### Story: the mentee" (7): S 8, A 9, R 10
        ("star-inline-halcyon.md", (9,), [(7, "no action")]),
        # saltmarsh.md: "Inventory forecast at Harlow Foods" (8): S 9, A 10, R 11
        ("saltmarsh.md", (11,), [(8, "no result")]),
        ("saltmarsh.md", (10,), [(8, "no action")]),
        # behavioral-bank.md: a question they ask (2), a) Situation 3, b) Action 4, c) Result 5
        ("behavioral-bank.md", (), BANK),
        ("behavioral-bank.md", (5,), [(2, "no result"), *BANK]),
        ("behavioral-bank.md", (4,), [(2, "no action"), *BANK]),
    ],
)
def test_a_labelled_story_without_a_beat_is_named_by_its_title_line(
    name: str, blank: tuple[int, ...], expected: list[tuple[int, str]]
) -> None:
    assert _story(name, _blank(_corpus(name), *blank)) == expected


def test_a_table_row_without_a_result_or_a_number() -> None:
    text = _corpus("quarry-star.md")
    no_result = text.replace("| no repeat incident in 12 months |", "| |")
    assert _story("quarry-star.md", no_result) == [(5, "no result")]
    vague = text.replace("| hired 2 in 6 weeks |", "| the team got better |")
    assert _story("quarry-star.md", vague) == [(6, "the result has no number or visible outcome")]


def test_a_result_without_a_number_or_outcome_names_the_result_line() -> None:
    text = _corpus("star-bank.md").replace(
        "Result: zero failed closes after the switch", "Result: everyone was happier"
    )
    assert _story("star-bank.md", text) == [(7, "the result has no number or visible outcome")]


def test_one_letter_labels_need_two_letters_so_a_lone_a_is_an_answer() -> None:
    # Aster Bio: "**A:** a plate offset bug cost a week of assays; I added a dry-run mode that
    # now catches it" — an answer, read by its cue words (an action, a result), not as "Action:"
    found = _story("Aster Bio.md", _corpus("Aster Bio.md"))
    assert found == [(4, "the result has no number or visible outcome")]


def test_an_unlabelled_experience_point_named_for_a_behavioural_theme_is_a_story() -> None:
    # star-stories.md: "## Conflict with a product manager" (9) and two lines of what was done
    assert _story("star-stories.md", _corpus("star-stories.md")) == [(9, "no result")]
    # "## Project Atlas" names no theme: not checked, though it has no situation
    ended = _corpus("star-stories.md").replace(
        "I wrote the rollback plan", "I wrote the rollback plan; we launched two weeks later"
    )
    assert _story("star-stories.md", ended) == []


# ---------------------------------------------------------------------------------------------
# Unlabelled answers to behavioural questions: cue words.

QUESTION = "- questions they ask me\n\t- Tell me about a time you fixed a broken process\n"
SCENE = "\t\t- our nightly billing jobs were missing their window every Friday\n"
ACTION = "\t\t- I split the jobs by region and moved the heavy ones to Saturday\n"
RESULT = "\t\t- now zero missed windows, down from 9 a month\n"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ((SCENE, ACTION, RESULT), []),
        ((ACTION, RESULT), [(2, "no situation or task")]),
        ((SCENE, RESULT), [(2, "no action")]),
        ((SCENE, ACTION), [(2, "no result")]),
        (
            (SCENE, ACTION, "\t\t- so things were much better afterwards\n"),
            [(5, "the result has no number or visible outcome")],
        ),
        (
            (SCENE, "\t\t- we split the jobs and we moved the heavy ones, I watched\n", RESULT),
            [(4, "mostly “we” in the action (we ×2, I ×1)")],
        ),
        (
            ("\t\t- if a process broke, I would map it and fix the worst step first\n",),
            [
                (3, "“I would…” is what you might do, not what you did"),
                (2, "no situation or task"),
                (2, "no result"),
            ],
        ),
        ((SCENE, ACTION, RESULT, "\t\t- next time I would automate the split\n"), []),
    ],
)
def test_an_unlabelled_story_is_read_by_its_cue_words(
    lines: tuple[str, ...], expected: list[tuple[int, str]]
) -> None:
    assert _story("acme.md", QUESTION + "".join(lines)) == expected


def test_only_behavioural_questions_are_read_as_stories() -> None:
    notes = "- questions they ask me\n\t- What is a p-value?\n\t\t- the chance of data this odd\n"
    assert _story("acme.md", notes) == []
    technical = "- questions they ask me\n\t- How would you handle duplicate GPS pings?\n"
    assert _story("acme.md", technical + "\t\t- dedupe on device id\n") == []


# ---------------------------------------------------------------------------------------------
# Time targets: answers 60–120 s, the pitch (and "Tell me about yourself") 60–90 s.


def _minute(words: int) -> str:
    return " ".join(["calm"] * words)


@pytest.mark.parametrize(
    ("question", "words", "flagged"),
    [
        ("What is your biggest weakness?", 139, False),  # 60 s at 140 a minute
        ("What is your biggest weakness?", 280, False),  # 120 s
        ("What is your biggest weakness?", 290, True),  # 124 s: trim it
        ("What is your biggest weakness?", 100, True),  # 43 s
        ("Tell me about yourself", 210, False),  # 90 s: the pitch's limit
        ("Tell me about yourself", 220, True),  # 94 s
    ],
)
def test_answers_outside_their_time_are_flagged(question: str, words: int, flagged: bool) -> None:
    notes = f"- questions they ask me\n\t- {question}\n\t\t- {_minute(words)}\n"
    timing = _findings("acme.md", notes, Check.TIMING)
    assert bool(timing) is flagged
    if flagged:
        assert timing[0].line == 2
        assert ("trim it" in timing[0].detail) is (words > 200)


def test_a_short_pitch_is_flagged_and_a_long_one_as_before() -> None:
    short = _findings("acme.md", f"> {_minute(100)}\n", Check.TIMING)
    assert [(f.line, f.detail) for f in short] == [(1, "≈ 43 s spoken; a pitch runs 60–90 s")]
    assert _findings("acme.md", f"> {_minute(180)}\n", Check.TIMING) == []
    assert _findings("acme.md", f"> {_minute(250)}\n", Check.LONG_PITCH) != []


@pytest.mark.site
def test_story_findings_are_on_the_overview_and_counted_in_the_build_log(tmp_path: Path) -> None:
    notes = QUESTION + SCENE + ACTION + "\t\t- " + _minute(140) + "\n"
    project = copy_project(tmp_path / "p", seeds={"acme.md": notes})
    site = build_core(settings_from_mapping(None, project))
    assert [n for n in site.notices if "ready" in n] == [
        "seeds/acme.md: not ready yet — 1 gap in a story (see its overview page)"
    ]
    built = build_site(project)
    report = " ".join(visible_text(article(page_html(built, "acme"))).split())
    assert "Stories missing a beat (situation, action, result) (1)" in report
    assert "no result: say how it ended, with a number if you can · seeds/acme.md:2" in report
