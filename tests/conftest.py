from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHIPPED = SEEDS / "traba-preparation.md"
sys.path.insert(0, str(Path(__file__).parent))  # tests/summary.py, tests/sitekit.py


def copy_project(dest: Path, seeds: dict[str, bytes | str] | None = None) -> Path:
    """A copy of this project (config, hooks, docs, seeds) to build or serve in isolation."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    shutil.copytree(ROOT / "hooks", dest / "hooks", ignore=ignore)
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=ignore)
    if seeds is None:
        shutil.copytree(SEEDS, dest / "seeds")
    else:
        (dest / "seeds").mkdir()
        for name, content in seeds.items():
            data = content.encode() if isinstance(content, str) else content
            (dest / "seeds" / name).write_bytes(data)
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(autouse=True)
def _fresh_compiled_rules() -> None:
    """Each test compiles the rule tables and readers it uses: a memo filled by an earlier test
    would hide a change to the compiling code (and mutation testing would not see it)."""
    from prep_handbook.reading import reader
    from prep_handbook.rules import DEFAULT_RULES

    DEFAULT_RULES._compiled.clear()
    reader.cache_clear()
