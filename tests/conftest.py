"""What every test gets: the helper modules on the path (sample, sitekit, servekit, browser,
tiers, …; test modules import those, never each other), rule tables compiled afresh, and the
tiers: ``--fast`` and the guard that fails a slow test missing its marker (tests/tiers.py)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Generator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import tiers  # found through the line above

pytest_plugins = ("pytester",)  # tests/test_suite.py runs a pytest of its own

_undo: list[Callable[[], None]] = []


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fast",
        action="store_true",
        help=f"the fast tier: deselect tests marked {', '.join(tiers.MARKERS)} ({tiers.FAST})",
    )


def pytest_configure(config: pytest.Config) -> None:
    real = subprocess.Popen
    subprocess.Popen = tiers.GuardedPopen  # type: ignore[misc]
    _undo.append(lambda: setattr(subprocess, "Popen", real))
    _undo.append(tiers.guard_pipeline())


def pytest_unconfigure(config: pytest.Config) -> None:
    while _undo:
        _undo.pop()()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--fast"):
        return
    fast = [i for i in items if not any(i.get_closest_marker(m) for m in tiers.MARKERS)]
    if len(fast) < len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in fast])
        items[:] = fast


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None]:
    with tiers.running(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    refused = tiers.refused()
    if refused:
        report.outcome = "failed"
        report.longrepr = "\n".join(refused)
    return report


@pytest.fixture(autouse=True)
def _fresh_compiled_rules() -> None:
    """Each test compiles the rule tables and readers it uses: a memo filled by an earlier test
    would hide a change to the compiling code (and mutation testing would not see it)."""
    from prep_handbook.reading import reader
    from prep_handbook.rules import DEFAULT_RULES

    DEFAULT_RULES._compiled.clear()
    reader.cache_clear()
