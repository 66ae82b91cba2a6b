"""Phone-first, in a real browser: layout, tap-to-reveal, navigation, search, accessibility,
and not one request to another origin. Screenshots land in test-output/phone/ to look at."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import chromium, static_server, type_search
from playwright.sync_api import Browser, BrowserContext, Page
from sample import ROOT, SHIPPED
from servekit import Server
from sitekit import build_site, copy_project

pytestmark = [pytest.mark.browser, pytest.mark.site]

HANDBOOK = [
    "traba/",
    "traba/narrative/",
    "traba/mapping/",
    "traba/ops-model/",
    "traba/questions/",
    "traba/drill/",
    "traba/one-pager/",
]
PHONES = {"390x844": (390, 844), "360x780": (360, 780)}
SHOTS = ROOT / "test-output" / "phone"
AXE = ROOT / ".cache" / "node" / "node_modules" / "axe-core" / "axe.min.js"

LONG_NOTES = """> supercalifragilisticexpialidocious-supercalifragilisticexpialidocious-supercali

- see https://example.com/a/really/long/path/that/keeps/going/and/going/without/any/break #more
- Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft #more
- `a_very_long_inline_code_identifier_that_does_not_break_anywhere_at_all_ever_really` #more
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(
        tmp_path_factory.mktemp("phone"),
        seeds={
            "traba-preparation.md": SHIPPED.read_bytes(),
            "long.md": LONG_NOTES,
        },
    )
    return build_site(project)


@pytest.fixture(scope="module")
def pages(site: Path) -> list[str]:
    """Every page of the built site, by URL path."""
    found = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html"))
    paths = ["" if p == "./" else p for p in found]
    assert set(HANDBOOK) <= set(paths) and "long/notes/" in paths
    return paths


@pytest.fixture(scope="module")
def url(site: Path) -> Iterator[str]:
    with static_server(site) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


def _phone(browser: Browser, size: str, **kwargs: object) -> BrowserContext:
    w, h = PHONES[size]
    return browser.new_context(
        viewport={"width": w, "height": h},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        **kwargs,
    )  # type: ignore[arg-type]


@pytest.mark.parametrize("size", PHONES)
def test_pages_fit_the_phone_and_read_at_16px(
    browser: Browser, url: str, pages: list[str], size: str
) -> None:
    context = _phone(browser, size)
    page = context.new_page()
    (SHOTS / size).mkdir(parents=True, exist_ok=True)
    for path in pages:
        page.goto(url + path)
        sideways = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
        assert sideways <= 0, (size, path, sideways)
        small = page.evaluate(
            """() => [...document.querySelectorAll(
                  'article p, article li, article summary, article td, article blockquote')]
                .filter(e => e.textContent.trim() && e.getClientRects().length)
                .filter(e => parseFloat(getComputedStyle(e).fontSize) < 16)
                .map(e => e.tagName + ' ' + getComputedStyle(e).fontSize + ' '
                          + e.textContent.trim().slice(0, 30))"""
        )
        assert small == [], (size, path, small)
        name = path.strip("/").replace("/", "-") or "home"
        page.screenshot(path=str(SHOTS / size / f"{name}.png"), full_page=True)
    context.close()


def test_drawer_reaches_every_page_of_the_handbook(
    browser: Browser, url: str, pages: list[str]
) -> None:
    context = _phone(browser, "390x844")
    page = context.new_page()
    page.goto(url + "traba/")
    page.locator("label.md-header__button[for='__drawer']").tap()
    drawer = page.locator("nav.md-nav--primary")
    drawer.wait_for(state="visible")
    hrefs = page.evaluate(
        """() => [...document.querySelectorAll('nav.md-nav--primary a.md-nav__link')]
                 .map(a => new URL(a.href).pathname)"""
    )
    for path in pages:
        assert "/" + path in hrefs, path
    # The drawer opens on the handbook being read: its pages are one tap away.
    section = page.locator("nav.md-nav--primary .md-nav__item--active").first
    link = section.locator("a.md-nav__link", has_text="Questions").first
    assert link.is_visible()
    link.tap()
    page.wait_for_url("**/traba/questions/")
    targets = page.evaluate(
        """() => [...document.querySelectorAll('nav.md-nav--primary a.md-nav__link')]
                 .map(a => a.getBoundingClientRect().height).filter(h => h > 0)"""
    )
    assert min(targets) >= 24  # comfortable tap targets in the drawer
    context.close()


def test_answers_start_hidden_and_open_on_tap(browser: Browser, url: str) -> None:
    context = _phone(browser, "390x844")
    page = context.new_page()
    page.goto(url + "traba/questions/")
    answer = page.locator("#L25")
    assert not answer.is_visible()
    page.locator("#L24 > summary").tap()
    assert answer.is_visible()
    height = page.locator("#L26 > summary").bounding_box()
    assert height is not None and height["height"] >= 44  # a thumb-sized question
    toggle = page.get_by_role("button", name="Show all answers")
    toggle.tap()
    assert page.locator("#L27").is_visible() and answer.is_visible()
    page.get_by_role("button", name="Hide all answers").tap()
    assert not page.locator("#L27").is_visible()
    context.close()


def _search(page: Page, base: str, word: str) -> None:
    page.goto(base + "traba/")
    type_search(page, word)
    result = page.locator(f".md-search-result__item a[href*='ops-model'][href*='h={word}']").first
    result.wait_for(state="visible", timeout=15_000)
    result.click()
    page.wait_for_url("**/traba/ops-model/**")
    marks = page.locator("article mark[data-md-highlight]")
    marks.first.wait_for(state="attached", timeout=15_000)
    assert word in marks.first.inner_text().lower()


def test_search_finds_a_word_and_highlights_it_on_the_page(browser: Browser, url: str) -> None:
    page = browser.new_page()
    _search(page, url, "forecasting")
    page.close()


@pytest.mark.serve
def test_search_works_on_mkdocs_serve(browser: Browser, tmp_path: Path) -> None:
    server = Server(copy_project(tmp_path / "p"), tmp_path / "serve.log")
    try:
        server.wait_for("/", lambda s, b: s == 200, "the first build")
        page = browser.new_page()
        _search(page, f"http://127.0.0.1:{server.port}/", "forecasting")
        page.close()
    finally:
        server.stop()


@pytest.mark.parametrize("size", ["desktop", "390x844"])
def test_every_request_stays_on_this_origin(
    browser: Browser, url: str, pages: list[str], size: str
) -> None:
    context = browser.new_context() if size == "desktop" else _phone(browser, size)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    for path in pages:
        page.goto(url + path)
        page.wait_for_load_state("networkidle")
    type_search(page, "growth")  # brings in the search worker and its index
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    context.close()
    foreign = [r for r in requests if not r.startswith((url, "data:", "blob:"))]
    assert requests and foreign == []
    assert any("search_index.json" in r for r in requests)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(
    browser: Browser, url: str, pages: list[str], scheme: str
) -> None:
    assert AXE.is_file(), "axe-core is missing: tests/run installs it with npm"
    context = browser.new_context(color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    report: dict[str, list[str]] = {}
    for path in pages:
        page.goto(url + path)
        page.add_script_tag(path=str(AXE))
        found = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ['violations']}))
                .violations.filter(v => ['serious', 'critical'].includes(v.impact))
                .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"""
        )
        if found:
            report[path or "/"] = found
    context.close()
    assert report == {}, json.dumps(report, indent=1)
