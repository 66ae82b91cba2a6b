"""A real browser for the tests: Debian's Chromium driven by Playwright, and a static server.

No browser download happens here (none is possible on these machines): Playwright drives
/usr/bin/chromium. When it is missing the tests fail; .ci/run installs it.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright
from tiers import require

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium tries to reach Google's hosts at start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless; a test that launches it is marked ``browser``."""
    require("browser", "launches Chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def static_server(root: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a free port); yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def open_search(page: Page) -> None:
    """Open Material's search box: a header button on phones, the field itself when wide."""
    button = page.locator("label.md-header__button[for='__search']")
    if button.is_visible():  # phones: a button; wide screens: the field is in the header
        button.click()
    page.locator("input.md-search__input").click()


def type_search(page: Page, word: str) -> None:
    """Type ``word`` into Material's search box, key by key, once its index has loaded."""
    # Material's search worker ignores what is typed before its index is loaded.
    page.wait_for_function(
        "() => performance.getEntriesByType('resource')"
        ".some(e => e.name.endsWith('search_index.json'))"
    )
    page.wait_for_timeout(300)
    open_search(page)
    page.locator("input.md-search__input").press_sequentially(word, delay=30)  # as typed
