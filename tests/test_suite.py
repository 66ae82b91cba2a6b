"""The suite's own rules: test modules share code through helper modules, never by importing one
another; and a test that builds, serves or opens a browser without its marker fails, so that
`bash tests/run --fast` stays the fast core (tests/tiers.py)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import prep_handbook
import pytest
import tiers
from _pytest.outcomes import Failed
from sample import ROOT

TESTS = ROOT / "tests"


def _imported(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def test_no_test_module_imports_another_or_the_conftest() -> None:
    modules = sorted(TESTS.glob("*.py"))
    assert len([p for p in modules if p.name.startswith("test_")]) > 10
    wrong = {
        p.name: sorted(m for m in _imported(p) if m.startswith("test_") or m == "conftest")
        for p in modules
    }
    assert {name: found for name, found in wrong.items() if found} == {}


def test_the_markers_are_the_registered_ones(pytestconfig: pytest.Config) -> None:
    registered = {line.split(":")[0] for line in pytestconfig.getini("markers")}
    assert set(tiers.MARKERS) <= registered
    assert tiers.FAST == "not browser and not site and not serve"


@pytest.mark.parametrize(
    ("argv", "kind"),
    [
        ([sys.executable, "-m", "mkdocs", "build", "--strict"], "site"),
        ([sys.executable, "-m", "mkdocs", "serve", "-a", "127.0.0.1:1"], "serve"),
        (["/x/.venv/bin/prep-handbook", "export", "out"], "site"),
        (["/x/.venv/bin/properdocs", "build"], "site"),
        (["/x/.venv/bin/zensical", "build"], "site"),
        (
            ["/x/playwright/driver/node", "/x/playwright/driver/package/cli.js", "run-driver"],
            "browser",
        ),
        ([sys.executable, "-c", "import prep_handbook.text"], None),
        ("git status", None),
        ([b"/usr/bin/mkdocs", b"build"], "site"),
    ],
)
def test_command_lines_are_told_apart(argv: object, kind: str | None) -> None:
    assert tiers.command_kind(argv) == kind


def test_an_unmarked_test_cannot_start_a_build(tmp_path: Path) -> None:
    assert subprocess.Popen is tiers.GuardedPopen
    with pytest.raises(
        Failed, match=r"starts `python3?\S* -m mkdocs build …` but is not marked 'site'"
    ):
        subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=tmp_path, check=False)
    with pytest.raises(Failed, match="not marked 'serve'"):
        subprocess.run([sys.executable, "-m", "mkdocs", "serve"], cwd=tmp_path, check=False)
    with pytest.raises(Failed, match=r"builds a site with prep_handbook\.build_site"):
        prep_handbook.build_site(prep_handbook.settings_from_mapping({"cache": None}, tmp_path))
    assert subprocess.run([sys.executable, "-c", "pass"], check=False).returncode == 0
    # Each refusal is also remembered, to fail the test even if the code under test catches it
    # (taken here, or this test would fail with them).
    asked = [m.split("not marked ")[1][:7] for m in tiers.refused()]
    assert asked == ["'site':", "'serve'", "'site':"]


def test_an_unmarked_test_cannot_open_a_browser() -> None:
    from browser import chromium

    with (
        pytest.raises(Failed, match="launches Chromium but is not marked 'browser'"),
        chromium(),
    ):
        pass  # never reached: chromium() refuses before starting Playwright
    assert len(tiers.refused()) == 1


def test_a_marked_test_may(request: pytest.FixtureRequest) -> None:
    request.node.add_marker(pytest.mark.site)
    tiers.require("site", "builds")
    with pytest.raises(Failed, match=r"add @pytest\.mark\.browser"):
        tiers.require("browser", "opens a page")
    assert len(tiers.refused()) == 1


def test_end_to_end_fast_leaves_marked_tests_out_and_an_unmarked_build_fails(
    pytester: pytest.Pytester,
) -> None:
    """In a pytest of its own: --fast deselects the marked test, and the unmarked one fails
    with the guard's words although it swallows every error its build raises."""
    for helper in ("conftest.py", "tiers.py"):
        (pytester.path / helper).write_text((TESTS / helper).read_text("utf-8"), "utf-8")
    pytester.makeini("[pytest]\nmarkers =\n    browser\n    site\n    serve\n")
    pytester.makepyfile(
        test_probe="""
import subprocess, sys
import pytest

def test_swallows_its_build():
    try:
        subprocess.run([sys.executable, "-m", "mkdocs", "build"])
    except BaseException:
        pass

@pytest.mark.site
def test_marked():
    raise AssertionError("deselected by --fast, never run")
"""
    )
    result = pytester.runpytest_subprocess("--fast", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1, deselected=1)
    result.stdout.fnmatch_lines(["*test_swallows_its_build starts `python* -m mkdocs build *"])
