"""The private build: a built site locked with a passphrase, for any static host.

What an attacker who fetches every file of the locked site can and cannot learn:

- **Cannot read** anything of the notes: every file that carries notes content (every HTML
  page, the search index, each source map, the one-pager PDFs, images, SVGs, the sitemap, the
  404 page) is AES-256-GCM ciphertext. The key comes from the passphrase through
  PBKDF2-HMAC-SHA256 (600,000 iterations, OWASP's figure) with a random salt per build; each
  file has its own random 96-bit nonce and its path as associated data, so a file cannot be
  altered, truncated or swapped with another without decryption failing.
- **Can see** what is plain on purpose: the theme's CSS, JavaScript and icons, this module's
  unlock page, service worker and scripts, the salt and iteration count (``lock.json``), how
  many files there are, their neutral paths (``notes-1/questions/``: no company, no file name)
  and their sizes (roughly how long each page is).
- **Can try** passphrases offline, as fast as their hardware runs PBKDF2: the ciphertext is
  public. Hence the minimum length below, and a long passphrase is the real defence.

Files are written in place: an HTML page becomes a small unlock page and its ciphertext goes
beside it as ``<page>.enc``; any other locked file is replaced by its ciphertext. The browser
side (``locked/``: WebCrypto and a service worker) decrypts on the fly after one unlock.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import posixpath
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

MAGIC = b"PHB1"
"""First bytes of every locked file: format version 1 (nonce, then ciphertext and tag)."""
NONCE_BYTES = 12
SALT_BYTES = 16
ITERATIONS = 600_000
"""PBKDF2-HMAC-SHA256 iterations (OWASP Password Storage Cheat Sheet)."""
MIN_LENGTH = 16
MIN_DISTINCT = 6
PASSPHRASE_ENV = "PREP_HANDBOOK_PASSPHRASE"
LOCK_DIR = "assets/lock"
"""Where the lock's own plain files go (the service worker itself sits at the site root)."""
SERVICE_WORKER = "sw.js"
CHECK_PLAINTEXT = b"prep-handbook unlocked"
_LOCK_ASSETS = ("lockcore.js", "unlock.js", "lockbutton.js", "manifest.webmanifest")
PLAIN_PREFIXES = ("assets/",)
"""What stays plain: the theme's and the handbook's CSS, JavaScript and icons (no notes)."""


class PassphraseError(ValueError):
    """The passphrase is missing or too weak; the message is one line saying what to do."""


def check_passphrase(passphrase: str | None) -> str:
    """The passphrase if it is long enough to lock with; else :class:`PassphraseError`."""
    if not passphrase:
        raise PassphraseError(
            f"extra.handbook.private is on but {PASSPHRASE_ENV} is not set — set it to a "
            "passphrase of at least 16 characters (say, four random words); the build never "
            "writes the notes in plain"
        )
    if len(passphrase) < MIN_LENGTH or len(set(passphrase)) < MIN_DISTINCT:
        raise PassphraseError(
            f"{PASSPHRASE_ENV} is too weak ({len(passphrase)} characters) — use at least "
            f"{MIN_LENGTH}, such as four random words: the locked files are public, so anyone "
            "can try guesses offline as fast as their hardware allows"
        )
    return passphrase


def derive_key(passphrase: str, salt: bytes, iterations: int = ITERATIONS) -> bytes:
    """PBKDF2-HMAC-SHA256 → a 256-bit AES key (the same as WebCrypto's ``deriveKey``)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=iterations)
    return kdf.derive(passphrase.encode("utf-8"))


def seal(key: bytes, path: str, data: bytes, nonce: bytes) -> bytes:
    """``MAGIC ‖ nonce ‖ AES-256-GCM(data)`` with ``path`` as associated data."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    assert len(nonce) == NONCE_BYTES
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, data, path.encode("utf-8"))


def unseal(key: bytes, path: str, blob: bytes) -> bytes:
    """The plaintext of :func:`seal`'s output (``InvalidTag`` if anything was changed)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if blob[: len(MAGIC)] != MAGIC:
        raise ValueError(f"{path}: not a locked file")
    nonce = blob[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
    return AESGCM(key).decrypt(nonce, blob[len(MAGIC) + NONCE_BYTES :], path.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class Locked:
    pages: int
    """HTML pages locked (each now an unlock page, its content in ``<page>.enc``)."""
    files: int
    """Other files locked in place (search index, source maps, PDFs, images …)."""
    plain: int
    """Files left plain (theme assets and the lock's own files)."""


def lock_site(
    site: Path,
    passphrase: str,
    *,
    iterations: int = ITERATIONS,
    random: Callable[[int], bytes] = os.urandom,
) -> Locked:
    """Lock the built site in ``site`` in place (see the module docstring)."""
    check_passphrase(passphrase)
    salt = random(SALT_BYTES)
    key = derive_key(passphrase, salt, iterations)
    pages = files = plain = 0
    cached: list[str] = []
    scripts: set[str] = set()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(PLAIN_PREFIXES):
            plain += 1
            cached.append(rel)
        elif rel.endswith(".html"):
            html = _with_lock_links(path.read_text("utf-8"), _root(rel))
            scripts.update(inline_script_hashes(html))
            sealed = seal(key, rel, html.encode("utf-8"), random(NONCE_BYTES))
            path.with_name(path.name + ".enc").write_bytes(sealed)
            path.write_text(unlock_page(_root(rel)), encoding="utf-8")
            pages += 1
            cached.append(rel + ".enc")
        else:
            path.write_bytes(seal(key, rel, path.read_bytes(), random(NONCE_BYTES)))
            files += 1
            cached.append(rel)
    own = {f"{LOCK_DIR}/{name}": _asset(name) for name in _LOCK_ASSETS}
    own |= {f"{LOCK_DIR}/icon-{size}.png": icon_png(size) for size in (192, 512)}
    cached += own  # the worker saves these for offline use too (sw.js itself it adds)
    own[SERVICE_WORKER] = _asset(SERVICE_WORKER)
    files_path = f"{LOCK_DIR}/files.enc"
    listing = {"files": sorted(cached), "csp": page_policy(scripts)}
    own[files_path] = seal(key, files_path, _json(listing), random(NONCE_BYTES))
    lock_path = f"{LOCK_DIR}/lock.json"
    lock = {
        "version": 1,
        "kdf": "PBKDF2-HMAC-SHA256",
        "iterations": iterations,
        "salt": base64.b64encode(salt).decode(),
        "check": base64.b64encode(
            seal(key, lock_path, CHECK_PLAINTEXT, random(NONCE_BYTES))
        ).decode(),
    }
    own[lock_path] = (json.dumps(lock, indent=1) + "\n").encode()
    for rel, data in own.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)
    return Locked(pages=pages, files=files, plain=plain + len(own))


def remove_unlocked_site(site: Path, keep: Iterable[Path] = ()) -> bool:
    """Remove ``site`` when it holds anything but a locked build (True when it did): what an
    earlier plain build left there must not stay for a failed private build to leave behind.
    Refuses (``ValueError``) when ``site`` holds one of ``keep`` (the project, the notes)."""
    if not site.exists() or (site / LOCK_DIR / "lock.json").is_file():
        return False
    inside = site.resolve()
    for path in keep:
        if path.resolve() == inside or inside in path.resolve().parents:
            raise ValueError(
                f"site_dir {site} holds {path}, so it cannot be cleared of an unlocked build — "
                "give site_dir a folder of its own"
            )
    if site.is_dir() and not site.is_symlink():
        shutil.rmtree(site)
    else:
        site.unlink()
    return True


def swap_in(built: Path, site: Path) -> None:
    """Move the locked site ``built`` to ``site``: beside it first, then renamed into place,
    so that ``site`` is at every moment the old site, nothing, or all of the new one."""
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}-new-", dir=site.parent))
    old = staging.with_name(staging.name.replace("-new-", "-old-"))
    try:
        shutil.copytree(built, staging, dirs_exist_ok=True)
        staging.chmod(0o755)  # mkdtemp's 0700 would hide the site from a web server's user
        if site.exists():
            site.rename(old)
        staging.rename(site)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(built, ignore_errors=True)


def _json(value: object) -> bytes:
    return json.dumps(value, separators=(",", ":"), sort_keys=True).encode()


def page_policy(script_hashes: Iterable[str]) -> str:
    """The Content-Security-Policy the service worker gives every decrypted page: scripts only
    from the site's own files and the inline scripts the build wrote (by hash), nothing from
    another origin, no plugins, no ``<base>`` — so markup that got into a page runs nothing."""
    scripts = " ".join(["'self'", *(f"'sha256-{h}'" for h in sorted(script_hashes))])
    return (
        f"default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
    )


class _InlineScripts(HTMLParser):
    """The text of every inline script a browser would run (not ``type="application/json"``)."""

    RUNS = ("", "text/javascript", "application/javascript", "module")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[str] = []
        self.current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        kind = (named.get("type") or "").strip().lower()
        if tag == "script" and "src" not in named and kind in self.RUNS:
            self.current = []

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.current is not None:
            self.found.append("".join(self.current))
            self.current = None


def inline_script_hashes(html: str) -> set[str]:
    """Base64 SHA-256 of each inline script of ``html``, as CSP's ``'sha256-…'`` wants it."""
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    return {
        base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        for text in parser.found
    }


def _root(rel: str) -> str:
    """The relative path from a file to the site root ("" at the root, "../" one down …)."""
    depth = posixpath.dirname(rel).count("/") + (1 if posixpath.dirname(rel) else 0)
    return "../" * depth


def _with_lock_links(html: str, root: str) -> str:
    """An unlocked page also links the web-app manifest and the "Lock" button."""
    head = (
        f'<link rel="manifest" href="{root}{LOCK_DIR}/manifest.webmanifest">'
        f'<script src="{root}{LOCK_DIR}/lockcore.js" defer></script>'
        f'<script src="{root}{LOCK_DIR}/lockbutton.js" defer></script>'
    )
    return html.replace("</head>", head + "</head>", 1)


def unlock_page(root: str) -> str:
    """What the host serves at every page's address: nothing of the notes, a passphrase form
    (its policy lets only the lock's own scripts and its one inline style run)."""
    page = _asset("unlock.html").decode("utf-8")
    style = page[page.index("<style>") + len("<style>") : page.index("</style>")]
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode()
    policy = (
        f"default-src 'self'; script-src 'self'; style-src 'sha256-{digest}'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'"
    )
    page = page.replace("{policy}", policy).replace("{lock}", f"{root}{LOCK_DIR}")
    return page.replace("{root}", root)


def _asset(name: str) -> bytes:
    return (resources.files("prep_handbook") / "locked" / name).read_bytes()


def icon_png(size: int) -> bytes:
    """The home-screen icon: an indigo square with a white bar (a page), as a PNG."""
    import struct
    import zlib

    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            inside = size * 0.3 <= x < size * 0.7 and size * 0.22 <= y < size * 0.78
            row += bytes((255, 255, 255) if inside else (63, 81, 181))
        rows.append(b"\x00" + bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )
