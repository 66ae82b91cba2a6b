"""What a newcomer reads in the terminal: only lines to act on, each one line.

On a fresh Debian machine WeasyPrint finds no HarfBuzz-Subset library (installing chromium for
the tests pulls it in, which hides the problem here), and its import warns with a
DeprecationWarning printed with its source lines: it reads as a crash. The library's absence is
simulated below (its dlopen fails, as on such a machine), in a real `mkdocs build` and a real
`mkdocs serve`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from prep_handbook.sheet import HARFBUZZ_NOTICE
from servekit import Server
from sitekit import copy_project, run_mkdocs

NO_HARFBUZZ_SUBSET = """
import cffi

_dlopen = cffi.FFI.dlopen


def dlopen(self, name, *args, **kwargs):
    if name is not None and "harfbuzz-subset" in str(name):
        raise OSError(f"cannot load library '{name}' (simulated: not installed)")
    return _dlopen(self, name, *args, **kwargs)


cffi.FFI.dlopen = dlopen
"""

TRACEBACK_SHAPED = re.compile(r'^\s*(Traceback|File "|\S+\.py:\d+: \w*Warning)', re.M)


@pytest.fixture
def without_harfbuzz_subset(tmp_path: Path) -> dict[str, str]:
    site = tmp_path / "simulate"
    site.mkdir()
    (site / "sitecustomize.py").write_text(NO_HARFBUZZ_SUBSET, encoding="utf-8")
    return {"PYTHONPATH": str(site)}


def _assert_clean(log: str) -> None:
    assert not TRACEBACK_SHAPED.search(log), log
    assert "DeprecationWarning" not in log and "Using fontTools" not in log, log


@pytest.mark.site
def test_build_log_without_harfbuzz_subset_is_one_line_saying_what_to_install(
    tmp_path: Path, without_harfbuzz_subset: dict[str, str]
) -> None:
    project = copy_project(tmp_path / "p")
    result = run_mkdocs(project, "build", "--strict", env=without_harfbuzz_subset)
    assert result.returncode == 0, result.stderr
    _assert_clean(result.stdout + result.stderr)
    notices = [line for line in result.stderr.splitlines() if HARFBUZZ_NOTICE in line]
    assert len(notices) == 1 and notices[0].startswith("INFO")
    assert (project / "site" / "traba" / "one-pager.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.site
def test_build_log_of_the_sample_here_has_nothing_traceback_shaped(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    _assert_clean(result.stdout + result.stderr)
    assert HARFBUZZ_NOTICE not in result.stderr  # this machine has the library


@pytest.mark.serve
def test_serve_log_without_harfbuzz_subset_is_clean(
    tmp_path: Path, without_harfbuzz_subset: dict[str, str]
) -> None:
    project = copy_project(tmp_path / "p")
    server = Server(project, tmp_path / "serve.log", without_harfbuzz_subset)
    try:
        server.wait_for("/traba/one-pager/", lambda s, b: s == 200, "the first build")
    finally:
        server.stop()
    log = server.log.read_text()
    _assert_clean(log)
    assert log.count(HARFBUZZ_NOTICE) == 1
