"""`prep-handbook export`: the same pages without the hook, for plain MkDocs, properdocs and
Zensical (which runs no MkDocs hooks)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sample import ROOT, SHIPPED
from sitekit import article, build_site, copy_project, page_html, visible_text

pytestmark = pytest.mark.site

BIN = Path(sys.executable).parent


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": f"{BIN}:/usr/bin:/bin"},
    )


def _pages(site: Path) -> set[str]:
    """The handbook's pages: every HTML page but the 404, and the files it makes."""
    out = {p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html"}
    out |= {p.relative_to(site).as_posix() for p in site.rglob("one-pager.pdf")}
    out |= {p.relative_to(site).as_posix() for p in site.rglob("source-map.json")}
    return out


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("export")
    project = copy_project(
        base / "project",
        seeds={
            "traba-preparation.md": SHIPPED.read_bytes(),
            "stripe.md": (ROOT / "tests" / "golden" / "headings.md").read_bytes(),
        },
    )
    result = _run(str(BIN / "prep-handbook"), "export", str(base / "out"), cwd=project)
    assert result.returncode == 0, result.stderr
    assert "exported 16 pages of 2 handbook(s)" in result.stdout
    return build_site(project, base / "hook-site"), base / "out"


def test_export_has_no_hook_and_builds_strict_with_plain_mkdocs(
    exported: tuple[Path, Path],
) -> None:
    hook_site, out = exported
    config = (out / "mkdocs.yml").read_text("utf-8")
    assert "hooks:" not in config and "handbook:" not in config
    result = _run(str(BIN / "mkdocs"), "build", "--strict", "-d", str(out / "plain"), cwd=out)
    assert result.returncode == 0, result.stderr
    assert _pages(out / "plain") == _pages(hook_site)
    for page in ("traba/questions", "traba/mapping", "stripe/ops-model", ""):
        assert visible_text(article(page_html(out / "plain", page))) == visible_text(
            article(page_html(hook_site, page))
        ), page


@pytest.mark.skipif(shutil.which("properdocs", path=str(BIN)) is None, reason="no properdocs")
def test_properdocs_builds_the_export_and_runs_the_hook(
    exported: tuple[Path, Path], tmp_path: Path
) -> None:
    hook_site, out = exported
    result = _run(str(BIN / "properdocs"), "build", "--strict", "-d", str(tmp_path / "e"), cwd=out)
    assert result.returncode == 0, result.stderr
    assert _pages(tmp_path / "e") == _pages(hook_site)
    project = copy_project(tmp_path / "p")
    result = _run(
        str(BIN / "properdocs"), "build", "--strict", "-d", str(tmp_path / "h"), cwd=project
    )
    assert result.returncode == 0, result.stderr
    assert {p for p in _pages(tmp_path / "h") if p.startswith("traba/")} == {
        p for p in _pages(hook_site) if p.startswith("traba/")
    }


@pytest.mark.skipif(shutil.which("zensical", path=str(BIN)) is None, reason="no zensical")
def test_zensical_builds_the_same_handbook_pages(exported: tuple[Path, Path]) -> None:
    hook_site, out = exported
    work = out.parent / "zensical"
    shutil.copytree(out, work, ignore=shutil.ignore_patterns("plain"))
    result = _run(str(BIN / "zensical"), "build", cwd=work)
    assert result.returncode == 0, result.stdout + result.stderr
    handbook = {p for p in _pages(hook_site) if p.startswith(("traba/", "stripe/"))}
    assert handbook <= _pages(work / "site")
    assert "biggest bottlenecks to growth?" in (
        work / "site" / "traba" / "questions" / "index.html"
    ).read_text("utf-8")


def test_export_of_broken_notes_is_one_line_and_exit_1(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p", seeds={"bad.md": b"---\ntitle: [x\n---\n"})
    result = _run(str(BIN / "prep-handbook"), "export", str(tmp_path / "out"), cwd=project)
    assert result.returncode == 1
    assert result.stderr.startswith("prep-handbook: seeds/bad.md:2: the frontmatter is not valid")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
