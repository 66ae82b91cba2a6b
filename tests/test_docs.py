"""The README and DEVELOPMENT.md stay true: the README is short enough to read (issue 24), its two
commands are the ones a fresh machine needs and the one CI runs, and every link, path and command
the two documents name exists."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
from pathlib import Path

import pytest
from prep_handbook.export import main as cli
from sample import ROOT

README = ROOT / "README.md"
DEVELOPMENT = ROOT / "DEVELOPMENT.md"
DOCS = (README, DEVELOPMENT)
README_LINES = 300
"""Issue 24: the user's path on one short page; development material lives in DEVELOPMENT.md."""

_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_CODE = re.compile(r"`([^`\n]+)`")
_TREES = ("hooks/", "tests/", "bench/", "docs/", ".ci/")
"""Folders whose paths a document names literally (seeds/ holds examples: seeds/acme.md)."""


def _commands(text: str) -> list[str]:
    """The shell blocks of a document, each as its one command line."""
    return [body.strip() for lang, body in _FENCE.findall(text) if lang in ("sh", "bash")]


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(text: str) -> set[str]:
    outside_code = _FENCE.sub("", text)
    seen: dict[str, int] = {}
    found = set()
    for heading in re.findall(r"^#{1,6} (.+)$", outside_code, re.M):
        slug = _slug(heading)
        found.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
        seen[slug] = seen.get(slug, 0) + 1
    return found


def test_the_readme_stays_short() -> None:
    lines = README.read_text("utf-8").count("\n")
    assert lines < README_LINES, (
        f"README.md has {lines} lines: keep it under {README_LINES} for the user's path, and put "
        "development material in DEVELOPMENT.md"
    )


def test_the_readme_gives_the_two_commands_and_ci_runs_the_second() -> None:
    serve, tests, *_ = _commands(README.read_text("utf-8"))
    # A fresh machine: make the venv, install, serve the shipped notes.
    assert serve.startswith("python3 -m venv .venv && ")
    assert " .venv/bin/pip install -e . && " in serve
    assert serve.endswith(".venv/bin/mkdocs serve")
    assert tests == "bash tests/run"
    ci = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    setup = ("#", "set ", "cd ")
    runs = [line for line in ci if line.strip() and not line.lstrip().startswith(setup)]
    assert runs == [tests], ".ci/run must call exactly the README's test command"
    assert tests in DEVELOPMENT.read_text("utf-8")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_link_between_the_documents_lands(doc: Path) -> None:
    text = doc.read_text("utf-8")
    broken = []
    for target in _LINK.findall(text):
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        file = (doc.parent / path) if path else doc
        if not file.exists() or (anchor and anchor not in _anchors(file.read_text("utf-8"))):
            broken.append(target)
    assert broken == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_path_the_documents_name_exists(doc: Path) -> None:
    named = {
        span.split()[0].rstrip(".,:;")
        for span in _CODE.findall(doc.read_text("utf-8"))
        if span.startswith(_TREES)
    }
    named = {path for path in named if not re.search(r"[<>*…]", path)}
    assert named
    assert sorted(p for p in named if not (ROOT / p).exists()) == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_prep_handbook_command_the_documents_name_exists(doc: Path) -> None:
    named = set(re.findall(r"(?:`|/bin/)prep-handbook (\w+)", doc.read_text("utf-8")))
    assert "explain" in named
    for command in sorted(named):
        with contextlib.redirect_stdout(io.StringIO()), pytest.raises(SystemExit) as done:
            cli([command, "--help"])
        assert done.value.code == 0, f"prep-handbook {command}: no such command"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_module_the_documents_run_exists(doc: Path) -> None:
    for module in set(re.findall(r"python -m ([\w.]+)", doc.read_text("utf-8"))):
        spec = importlib.util.find_spec(module)
        assert spec is not None and spec.origin is not None, module
        assert 'if __name__ == "__main__":' in Path(spec.origin).read_text("utf-8"), module
