"""A real `mkdocs serve` for the tests, on a free port: start it, ask it for pages, stop it.

A test that starts one is marked ``serve`` (tests/tiers.py fails it otherwise).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from tiers import require

REQUEST_TIMEOUT = 10  # a request that waits longer than this counts as "the server hangs"
WAIT = 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """``mkdocs serve`` of ``project``, its output in ``log``; ``stop()`` it when done."""

    def __init__(self, project: Path, log: Path, env: dict[str, str] | None = None) -> None:
        require("serve", "runs mkdocs serve")
        self.port = _free_port()
        self.log = log
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "-f",
                str(project / "mkdocs.yml"),
                "-a",
                f"127.0.0.1:{self.port}",
            ],
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", **(env or {})},
        )

    def get(self, path: str) -> tuple[int, str]:
        url = f"http://127.0.0.1:{self.port}{path}"
        try:
            with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")
        except (TimeoutError, urllib.error.URLError) as e:
            if isinstance(e, TimeoutError) or isinstance(e.reason, TimeoutError):
                pytest.fail(f"{path} did not answer within {REQUEST_TIMEOUT}s: the server hangs")
            raise

    def wait_for(self, path: str, check: Callable[[int, str], bool], what: str) -> str:
        deadline = time.monotonic() + WAIT
        last = (0, "")
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, "mkdocs serve exited:\n" + self.log.read_text()
            try:
                last = self.get(path)
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)  # not listening yet
                continue
            if check(*last):
                return last[1]
            time.sleep(0.2)
        pytest.fail(
            f"timed out waiting for {what} on {path}; last status {last[0]}\n"
            + self.log.read_text()[-3000:]
        )

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
