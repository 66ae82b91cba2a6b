"""Lighthouse audit of the built handbook, mobile preset: performance, accessibility and best
practices of the overview and questions pages. A script, not a test: scores vary run to run.

    .venv/bin/python bench/lighthouse.py            # builds the site, serves it, audits it
    .venv/bin/python bench/lighthouse.py --private  # the same, locked, audited once unlocked

Installs lighthouse@12.2.3 from the npm registry into .cache/node on first use and drives
Debian's Chromium (CHROME_PATH=/usr/bin/chromium). Targets: performance ≥ 95,
accessibility 100, best practices ≥ 95.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE = ROOT / ".cache" / "node"
LIGHTHOUSE = NODE / "node_modules" / ".bin" / "lighthouse"
PAGES = ("traba/", "traba/questions/")
CATEGORIES = ("performance", "accessibility", "best-practices")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95}
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed as any real host (GitHub Pages, a CDN) would send them;
    Python's own server does not compress, which would dominate a slow-4G audit."""

    TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or path.suffix not in self.TEXT
            or not path.is_file()
        ):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def _serve(root: Path) -> Iterator[str]:
    handler = functools.partial(_GzipHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


PASSPHRASE = "gravel tinsel mammal overtake unsaddle"  # five random words (EFF list)


def _private_site(tmp: Path) -> Path:
    """The shipped project built with ``extra.handbook.private: true``."""
    from conftest import copy_project
    from sitekit import build_site

    project = copy_project(tmp / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("    paper:", "    private: true\n    paper:", 1),
        "utf-8",
    )
    os.environ["PREP_HANDBOOK_PASSPHRASE"] = PASSPHRASE
    return build_site(project, tmp / "site")


def _unlock_profile(base: str, profile: Path) -> None:
    """A Chromium profile that has unlocked the site once (key in IndexedDB, files cached),
    as the phone is after its one unlock; Lighthouse then audits with that profile."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path="/usr/bin/chromium", args=CHROME_FLAGS.split()[1:]
        )
        page = context.new_page()
        page.goto(base)
        page.fill("#passphrase", PASSPHRASE)
        page.click("button[type=submit]")
        page.wait_for_selector("article", timeout=60_000)
        context.close()


def main() -> int:
    sys.path.insert(0, str(ROOT / "tests"))
    from sitekit import build_site

    private = "--private" in sys.argv[1:]
    pages = tuple(p.replace("traba/", "notes-1/") for p in PAGES) if private else PAGES

    if not LIGHTHOUSE.exists():
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(NODE),
                "--no-audit",
                "--no-fund",
                "-E",
                "lighthouse@12.2.3",
            ],
            check=True,
        )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        site = _private_site(Path(tmp)) if private else build_site(ROOT, Path(tmp) / "site")
        profile = Path(tmp) / "profile"
        flags = CHROME_FLAGS
        with _serve(site) as base:
            if private:
                _unlock_profile(base + "notes-1/", profile)
                flags += f" --user-data-dir={profile}"
            for page in pages:
                out = Path(tmp) / "report.json"
                subprocess.run(
                    [
                        str(LIGHTHOUSE),
                        base + page,
                        "--quiet",
                        "--output=json",
                        f"--output-path={out}",
                        f"--only-categories={','.join(CATEGORIES)}",
                        f"--chrome-flags={flags}",
                        *(["--disable-storage-reset"] if private else []),
                    ],
                    check=True,
                    env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
                )
                report = json.loads(out.read_text("utf-8"))
                if private:  # the audited page is the unlocked handbook, not the unlock form
                    loaded = [
                        r["url"] for r in report["audits"]["network-requests"]["details"]["items"]
                    ]
                    assert any("javascripts/bundle" in u for u in loaded), loaded
                    assert not any(u.endswith("lock/unlock.js") for u in loaded), loaded
                scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
                failing = [
                    f"{a['id']} ({a['score']})"
                    for a in report["audits"].values()
                    if a.get("score") is not None
                    and a["score"] < 0.9
                    and a.get("scoreDisplayMode") == "binary"
                ]
                rows.append((page, scores, failing))
    print(f"{'page':<20} " + " ".join(f"{c:>15}" for c in CATEGORIES))
    for page, scores, failing in rows:
        print(f"{page:<20} " + " ".join(f"{scores[c]:>15}" for c in CATEGORIES))
        if failing:
            print("    flagged: " + ", ".join(failing))
    missed = [(p, c) for p, s, _ in rows for c in CATEGORIES if s[c] < TARGETS[c]]
    print("targets met" if not missed else f"below target: {missed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
