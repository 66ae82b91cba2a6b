"""The suite's tiers, and the guard that keeps the fast one fast.

Three markers (registered in pyproject.toml) name the slow kinds of test:

    browser   drives Chromium (browser.chromium())
    site      builds a site: MkDocs' API (sitekit.build_site), a build command in a subprocess
              (mkdocs build, prep-handbook export, properdocs, zensical), or the whole pipeline
              in process (prep_handbook.build_site: every page, the typo check and the PDF)
    serve     runs `mkdocs serve` (servekit.Server)

`bash tests/run --fast` (pytest --fast) runs the rest: the notes → model core, golden files,
corpus, properties. So that the fast tier cannot slowly fill with builds nobody meant to put
there, a test that does one of these things without its marker fails, saying which marker to
add: the helpers call :func:`require`, and while the suite runs every subprocess and every
pipeline render passes through it too (conftest.py installs the guard).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

MARKERS = ("browser", "site", "serve")
FAST = " and ".join(f"not {m}" for m in MARKERS)
"""The fast tier as a marker expression (what --fast deselects by)."""

BUILDERS = frozenset({"mkdocs", "properdocs", "zensical", "prep-handbook", "prep_handbook.export"})
"""Programs that build a site: in a subprocess's command line, they make it a ``site`` test
(``serve`` when the command is ``serve``)."""

_current: pytest.Item | None = None
_refused: list[str] = []


@contextmanager
def running(item: pytest.Item) -> Iterator[None]:
    """While ``item`` runs (its setup, call and teardown), it is the test :func:`require` asks."""
    global _current
    _current = item
    try:
        yield
    finally:
        _current = None


def require(marker: str, doing: str) -> None:
    """Fail the running test, if any, unless it carries ``marker``."""
    item = _current
    if item is not None and item.get_closest_marker(marker) is None:
        message = (
            f"{item.nodeid} {doing} but is not marked '{marker}': add @pytest.mark.{marker} "
            f"(or pytestmark = pytest.mark.{marker} when the whole module does), so that "
            "`bash tests/run --fast` leaves it out (see tests/tiers.py)"
        )
        _refused.append(message)
        pytest.fail(message, pytrace=False)


def refused() -> list[str]:
    """What :func:`require` refused since it was last asked: the test fails with these words
    even when the code it called turned the failure into another error, or swallowed it
    (Playwright starting its driver, a test expecting a build to fail)."""
    found = _refused[:]
    _refused.clear()
    return found


def _argv(args: object) -> list[str]:
    if isinstance(args, str | bytes | os.PathLike):
        return [os.fsdecode(args)]
    assert isinstance(args, Sequence)
    return [os.fsdecode(a) if isinstance(a, str | bytes | os.PathLike) else str(a) for a in args]


def command_kind(args: object) -> str | None:
    """The marker a subprocess's command line calls for: ``browser`` for Playwright's driver
    (it starts Chromium), ``serve`` or ``site`` for a site builder, None for anything else."""
    argv = _argv(args)
    names = [Path(a).name for a in argv]
    if "run-driver" in names and any("playwright" in a for a in argv):
        return "browser"
    if not BUILDERS.intersection(names):
        return None
    return "serve" if "serve" in names else "site"


class GuardedPopen(subprocess.Popen):  # type: ignore[type-arg]
    """subprocess.Popen that first asks :func:`require` when it starts a builder or a browser."""

    def __init__(self, args: Any, *rest: Any, **kwargs: Any) -> None:
        self._child_created = False  # a refused start leaves Popen.__del__ nothing to clean
        kind = command_kind(args)
        if kind is not None:
            shown = " ".join(Path(a).name for a in _argv(args)[:4])
            require(kind, f"starts `{shown} …`")
        super().__init__(args, *rest, **kwargs)


def guard_pipeline() -> Callable[[], None]:
    """Make the in-process pipeline build (prep_handbook.build_site, which renders through
    pipeline.render_site) ask for ``site``; returns the undo."""
    from prep_handbook import pipeline

    namespace = vars(pipeline)
    real: Callable[..., Any] = namespace["render_site"]

    def render_site(*args: Any, **kwargs: Any) -> Any:
        require("site", "builds a site with prep_handbook.build_site")
        return real(*args, **kwargs)

    namespace["render_site"] = render_site
    return lambda: namespace.update(render_site=real)
