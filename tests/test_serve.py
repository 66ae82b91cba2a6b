"""A real `mkdocs serve`: edits are served live, a broken save keeps it answering, a fix recovers.

This is also the proof that live reload is on: Click 8.3.x made `mkdocs serve` turn it off
without a word (no watching, no rebuild), and then the edit below is never served.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sample import ROOT, SHIPPED
from servekit import WAIT, Server
from sitekit import copy_project

pytestmark = pytest.mark.serve


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    project = copy_project(
        tmp_path / "p",
        seeds={
            "traba-preparation.md": SHIPPED.read_bytes(),
            "stripe.md": (ROOT / "tests" / "golden" / "headings.md").read_bytes(),
        },
    )
    server = Server(project, tmp_path / "serve.log")
    try:
        server.wait_for("/", lambda s, b: s == 200, "the first build")
        yield server, project
    finally:
        server.stop()


def test_edit_break_fix_add_delete(served: tuple[Server, Path]) -> None:
    server, project = served
    seed = project / "seeds" / "traba-preparation.md"
    original = seed.read_text(encoding="utf-8")

    page = server.wait_for("/traba/questions/", lambda s, b: s == 200, "the questions page")
    assert "biggest bottlenecks to growth?" in page
    assert "livereload(" in page  # the live-reload script is injected: reload is on

    # 1. An edit is served without a restart.
    seed.write_text(
        original.replace(
            "biggest bottlenecks to growth?", "biggest bottlenecks to growth in 2027?"
        ),
        encoding="utf-8",
    )
    server.wait_for("/traba/questions/", lambda s, b: "growth in 2027?" in b, "the edit")

    # 2. A broken save: still answering, the error shown on that handbook, the other intact.
    seed.write_text(
        original.replace('title: "traba preparation"', "title: [oops"), encoding="utf-8"
    )
    body = server.wait_for("/traba/", lambda s, b: "could not be read" in b, "the error banner")
    assert "seeds/traba-preparation.md:2: the frontmatter is not valid YAML" in body
    for path in ("/", "/traba/questions/", "/stripe/questions/"):
        status, _ = server.get(path)  # answers at once: no request is left waiting
        assert status == 200, path
    assert "How do teams plan?" in server.get("/stripe/questions/")[1]
    assert "could not be read" in server.get("/")[1]

    # 3. The fix recovers.
    seed.write_text(original, encoding="utf-8")
    server.wait_for(
        "/traba/questions/",
        lambda s, b: s == 200 and "biggest bottlenecks to growth?" in b,
        "recovery",
    )
    assert "could not be read" not in server.get("/traba/")[1]

    # 4. A new notes file becomes a handbook; a deleted one leaves no stale pages.
    (project / "seeds" / "globex.md").write_text(
        "- questions:\n\t- who dispatches trucks?\n", encoding="utf-8"
    )
    server.wait_for(
        "/globex/questions/", lambda s, b: s == 200 and "who dispatches" in b, "the new handbook"
    )
    (project / "seeds" / "stripe.md").unlink()
    server.wait_for("/stripe/questions/", lambda s, b: s == 404, "the deleted handbook to go")
    assert 'href="stripe/"' not in server.get("/")[1]

    log = server.log.read_text()
    assert "ERROR   -  seeds/traba-preparation.md:2: the frontmatter is not valid YAML" in log
    assert "Traceback" not in log


def test_a_failing_rebuild_does_not_leave_the_server_stuck(served: tuple[Server, Path]) -> None:
    """Not a notes error: mkdocs.yml itself broken mid-edit. MkDocs alone would hang requests."""
    server, project = served
    config = project / "mkdocs.yml"
    good = config.read_text(encoding="utf-8")
    config.write_text(good.replace("theme:\n", "theme: [\n", 1), encoding="utf-8")
    failed = ("rebuild failed", "An error happened during the rebuild")
    deadline = time.monotonic() + WAIT
    while not any(m in server.log.read_text() for m in failed):
        assert time.monotonic() < deadline, "the broken mkdocs.yml was never rebuilt"
        time.sleep(0.2)
    status, _ = server.get("/traba/questions/")  # MkDocs alone would never answer this
    assert status == 200
    assert "rebuild failed, still serving the last good build" in server.log.read_text()
    config.write_text(good, encoding="utf-8")
    seed = project / "seeds" / "traba-preparation.md"
    seed.write_text(seed.read_text("utf-8").replace("converting->", "converting-> ok"), "utf-8")
    server.wait_for("/traba/questions/", lambda s, b: "converting-&gt; ok" in b, "recovery")


def test_ten_saves_in_a_second_end_with_the_last_version_served(
    served: tuple[Server, Path],
) -> None:
    server, project = served
    seed = project / "seeds" / "traba-preparation.md"
    original = seed.read_text(encoding="utf-8")
    for n in range(1, 11):
        seed.write_text(original.replace("converting->", f"converting-> draft {n}"), "utf-8")
        time.sleep(0.1)
    body = server.wait_for(
        "/traba/questions/", lambda s, b: "converting-&gt; draft 10" in b, "the last save"
    )
    assert "draft 9" not in body
    time.sleep(2)  # any rebuild still queued must not bring an older draft back
    assert "converting-&gt; draft 10" in server.get("/traba/questions/")[1]


_PROBE = """
import gc, logging, sys

_during_build = []

def _collection(phase, info):
    frame = sys._getframe(1)
    while phase == "start" and frame is not None:
        if frame.f_code.co_name == "build_site":
            _during_build.append(info["generation"])
            break
        frame = frame.f_back

gc.callbacks.append(_collection)

def on_files(files, config):
    logging.getLogger("mkdocs.plugins.probe").info(
        f"collections during the build: {len(_during_build)}, collecting after: {gc.isenabled()}"
    )
    _during_build.clear()

def on_post_build(config):
    logging.getLogger("mkdocs.plugins.probe").info(f"frozen objects: {gc.get_freeze_count()}")

def on_shutdown():
    logging.getLogger("mkdocs.plugins.probe").info(f"frozen at exit: {gc.get_freeze_count()}")
"""
_PAUSED = "collections during the build: 0, collecting after: True"


@pytest.mark.site
def test_a_build_freezes_its_heap_and_serve_does_not(tmp_path: Path) -> None:
    """`mkdocs build` exits when done, so the hook freezes what is alive for the garbage
    collector (a one-handbook build spends ~30 ms less on collections) and leaves it frozen as
    the process ends (~40 ms less: Python's last collection skips it); `mkdocs serve` rebuilds
    for hours, and a frozen old site could never be collected. Under both, the collector waits
    while the handbooks are built (they live to the end of the build), and runs again after."""
    project = copy_project(tmp_path / "p", seeds={"traba-preparation.md": SHIPPED.read_bytes()})
    (project / "probe.py").write_text(_PROBE, "utf-8")
    config = project / "mkdocs.yml"
    hook = "  - hooks/handbook_hook.py\n"
    config.write_text(config.read_text("utf-8").replace(hook, hook + "  - probe.py\n"), "utf-8")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        check=True,
    )
    frozen = [int(n) for n in re.findall(r"frozen objects: (\d+)", built.stderr)]
    assert len(frozen) == 1 and frozen[0] > 10_000, built.stderr[-2000:]
    # and stays frozen as the process ends: Python's last collection skips it
    at_exit = [int(n) for n in re.findall(r"frozen at exit: (\d+)", built.stderr)]
    assert at_exit == frozen, built.stderr[-2000:]
    assert built.stderr.count(_PAUSED) == 1, built.stderr[-2000:]

    server = Server(project, tmp_path / "serve.log")
    try:
        server.wait_for("/", lambda s, b: s == 200, "the first build")
        notes = project / "seeds" / "traba-preparation.md"
        notes.write_text(notes.read_text("utf-8") + "\n- one more line\n", "utf-8")
        deadline = time.monotonic() + WAIT
        served: list[int] = []
        while len(served) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            served = [int(n) for n in re.findall(r"frozen objects: (\d+)", server.log.read_text())]
        assert len(served) >= 2 and set(served) == {0}, served
        assert server.log.read_text().count(_PAUSED) >= 2
    finally:
        server.stop()
