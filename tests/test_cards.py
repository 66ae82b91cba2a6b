"""The drill's cards: stable ids decided once in Python, and ts-fsrs shipped pinned and checked."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from prep_handbook.pipeline import load_handbook, load_outline
from prep_handbook.rehearse import asset_files, card_id, content_words, deck, normalise
from prep_handbook.rules import DEFAULT_RULES
from sample import SHIPPED
from vendoring import VENDOR, fetch, sha256, source

NOTES = """\
> I build tools for operations teams, and I like it.

- questions they ask me
\t- Why Acme?
\t\t- because your dispatchers still work from spreadsheets
\t- Tell me about a time you fixed a broken process
\t\t- our billing jobs were late every Friday
"""


def _deck(text: str, name: str = "acme.md", slug: str | None = None) -> list[str]:
    hb, _tree = load_outline(f"seeds/{name}", Path(name).stem, text.encode(), DEFAULT_RULES, slug)
    return [c.id for c in deck(hb).cards]


def test_a_card_id_is_the_handbook_and_the_question_normalised() -> None:
    assert normalise("**Why  Acme?**") == normalise("why acme") == "why acme"
    assert normalise("Q1. What’s your biggest weakness?") == "what's your biggest weakness"
    assert card_id("acme", "Why Acme?") == card_id("acme", "why acme")
    assert card_id("acme", "Why Acme?") != card_id("zenith", "Why Acme?")
    assert re.fullmatch(r"[0-9a-f]{16}", card_id("acme", "Why Acme?"))


def test_ids_survive_edits_to_answers_and_wording_and_the_private_builds_paths() -> None:
    ids = _deck(NOTES)
    assert len(ids) == 3 and len(set(ids)) == 3  # the pitch, two questions
    edited = NOTES.replace("spreadsheets", "paper and phone calls").replace(
        "- Why Acme?", "- why acme"
    )
    assert _deck(edited) == ids
    assert _deck(NOTES, slug="notes-1") == ids  # the private build's neutral path
    renamed = NOTES.replace("Why Acme?", "Why do you want to work at Acme?")
    assert _deck(renamed)[1] != ids[1] and _deck(renamed)[2] == ids[2]


def test_the_pitch_is_a_card_only_when_no_question_asks_for_it() -> None:
    hb = load_handbook("seeds/acme.md", "acme", NOTES.encode(), DEFAULT_RULES)
    cards = deck(hb).cards
    assert cards[0].is_pitch and cards[0].target == (60, 90)
    assert cards[0].id == card_id("acme", "Tell me about yourself")
    assert [c.target for c in cards[1:]] == [(60, 120), (60, 120)]
    asked = NOTES + "\t- Tell me about yourself\n\t\t- I build tools\n"
    hb = load_handbook("seeds/acme.md", "acme", asked.encode(), DEFAULT_RULES)
    cards = deck(hb).cards
    assert not any(c.is_pitch for c in cards)
    assert cards[-1].id == card_id("acme", "Tell me about yourself")
    assert cards[-1].target == (60, 90)


def test_what_the_drill_page_carries_for_the_script() -> None:
    hb = load_handbook("seeds/traba-preparation.md", "traba", SHIPPED.read_bytes(), DEFAULT_RULES)
    d = deck(hb)
    why = next(c for c in d.cards if c.id == card_id("traba", "why traba"))
    # the why story is said with "why traba": its words count; its line's content words
    assert (why.target, why.seconds) == ((60, 120), 24)
    assert json.loads(why.points_json) == [
        [25, "L25", ["seen", "labor", "coordination", "break", "system"]]
    ]
    assert d.ids == " ".join(c.id for c in d.cards)
    assert content_words("The team's GPUs, 2 of them: the team") == ("team", "gpus", "2")
    assert "labor" not in d.stop_words.split() and "the" in d.stop_words.split()


def test_ts_fsrs_is_shipped_pinned_with_its_licence_and_checksums() -> None:
    pin = source()
    assert pin["package"] == "ts-fsrs" and pin["license"] == "MIT"
    files = pin["files"]
    assert isinstance(files, dict) and set(files) == {"ts-fsrs.umd.js", "ts-fsrs.LICENSE.txt"}
    for name, spec in files.items():
        assert sha256((VENDOR / name).read_bytes()) == spec["sha256"], name
    script = (VENDOR / "ts-fsrs.umd.js").read_text("utf-8")
    assert f'const version="{pin["version"]}"' in script
    assert not re.search(r"\bfetch\(|XMLHttpRequest|import\(|importScripts", script)
    code = [ln for ln in script.splitlines() if not ln.lstrip().startswith(("*", "//"))]
    assert not [ln for ln in code if re.search(r"https?://", ln)]  # addresses in comments only
    licence = (VENDOR / "ts-fsrs.LICENSE.txt").read_text("utf-8")
    assert licence.startswith("MIT License") and "Open Spaced Repetition" in licence
    shipped = dict(asset_files())
    assert shipped["assets/prep-handbook/ts-fsrs.umd.js"] == script.encode()
    assert b"MIT License" in shipped["assets/prep-handbook/ts-fsrs.LICENSE.txt"]


def test_the_vendored_files_are_the_registrys_own(tmp_path: Path) -> None:
    """``tests/vendoring.py`` fetched them: ``npm pack`` the pinned version, check the tarball's
    sha512 against the pin, copy two files. Doing it again gives the same bytes."""
    try:
        fresh = fetch()
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:  # pragma: no cover
        pytest.fail(f"npm pack failed (the npm registry is needed, as for axe-core): {exc}")
    for name, data in fresh.items():
        assert (VENDOR / name).read_bytes() == data, name
