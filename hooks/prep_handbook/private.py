"""The private build: a built site locked with a passphrase, for any static host.

What an attacker who fetches every file of the locked site can and cannot learn:

- **Cannot read** anything of the notes: every file that may carry notes content (every HTML
  page, hand-written ones under ``assets/`` too, the search index, each source map, the
  one-pager PDFs, images, SVGs, the sitemap, the 404 page) is AES-256-GCM ciphertext of the
  padded content. The key comes from the passphrase through PBKDF2-HMAC-SHA256 (600,000
  iterations, OWASP's figure) with a random salt per build; each file has its own random
  96-bit nonce and its path as associated data, so a file cannot be altered, truncated or
  swapped with another without decryption failing.
- **Can see** what is plain on purpose: the theme's own files (byte-identical to the installed
  theme's), the files ``mkdocs.yml`` names (``extra_css``, ``extra_javascript``), the host's
  ``CNAME``, ``.nojekyll`` and ``robots.txt``, this module's unlock page, service worker and
  scripts, the salt, iteration count and key lifetime (``lock.json``), how many files there
  are, their neutral paths (``notes-1/questions/``: no company, no file name) and their
  padded sizes (Padmé: a size says little of how long a page is).
- **Can try** passphrases offline, as fast as their hardware runs PBKDF2: the ciphertext is
  public. Hence the strength check below (about 10^14 guesses), which is the real defence.
- **Can, if they can publish** (the host, a collaborator, a CI token), replace ``sw.js`` or
  ``unlock.js`` and so read what the next unlock or the stored key opens. The worker checks
  every other plain file against the SHA-256 in the encrypted file list; the build logs the
  fingerprints of the lock's scripts to compare with what the host serves.

Files are locked in place, in the temporary folder MkDocs built into (the hook then swaps it
into ``site_dir``): an HTML page becomes a small unlock page and its ciphertext goes beside it
as ``<page>.enc``; any other sealed file is replaced by its ciphertext. The browser side
(``locked/``: WebCrypto and a service worker) decrypts on the fly after one unlock.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import posixpath
import re
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

FORMAT = 2
"""Version of the locked format (``lock.json``'s ``version``; the browser refuses any other)."""
MAGIC = b"PHB2"
"""First bytes of every locked file: format 2 (nonce, then ciphertext and tag of the padded
content)."""
NONCE_BYTES = 12
SALT_BYTES = 16
ITERATIONS = 600_000
"""PBKDF2-HMAC-SHA256 iterations (OWASP Password Storage Cheat Sheet)."""
MIN_GUESSES = 10**14
"""A passphrase must need about this many guesses (zxcvbn's estimate): at PBKDF2's 600,000
iterations a GPU rig trying ~10^6 passphrases a second takes about three years for 10^14."""
FAMOUS = (
    "correct horse battery staple",  # xkcd 936, and this project's own README example
    "the quick brown fox jumps over the lazy dog",
    "to be or not to be that is the question",
    "may the force be with you",
    "all work and no play makes jack a dull boy",
    "lorem ipsum dolor sit amet",
    "i solemnly swear that i am up to no good",
    "one ring to rule them all",
    "the cake is a lie",
    "hello world",
)
"""Phrases in every guessing list, however long; refused outright."""
GENERATED_WORDS = 6
"""Words in a generated passphrase: 6 of 7,776 is 77 bits, about 10^23 guesses."""
PASSPHRASE_ENV = "PREP_HANDBOOK_PASSPHRASE"
LOCK_DIR = "assets/lock"
"""Where the lock's own plain files go (the service worker itself sits at the site root)."""
SERVICE_WORKER = "sw.js"
LOCK_FILE = f"{LOCK_DIR}/lock.json"
MANIFEST = f"{LOCK_DIR}/files.enc"
"""The encrypted list of the build's files: which are sealed, the SHA-256 of each plain one,
and the policy pages run under."""
_LOCK_ASSETS = ("lockcore.js", "unlock.js", "lockbutton.js", "manifest.webmanifest")
FINGERPRINTED = (SERVICE_WORKER, f"{LOCK_DIR}/lockcore.js", f"{LOCK_DIR}/unlock.js")
HOST_FILES = frozenset({"CNAME", ".nojekyll", "robots.txt"})
"""Files for the host, kept plain (a custom domain needs ``CNAME`` readable)."""
REMEMBER_DAYS = 30
"""Days an unlocked device keeps the key, unless ``extra.handbook.remember_days`` says."""
NEUTRAL_TITLE = "Handbook"
"""Every locked page's ``<title>``: the browser's history and tab list keep titles."""
MIN_PADDED = 256


class PassphraseError(ValueError):
    """The passphrase is missing or too weak; the message is one line saying what to do."""


def check_passphrase(passphrase: str | None, user_inputs: Iterable[str] = ()) -> str:
    """The passphrase if it is strong enough to lock with; else :class:`PassphraseError`.

    Strength is zxcvbn's estimate of the guesses an attacker needs, with ``user_inputs`` (the
    companies the notes are about, the site's name, the notes files' names) and the famous
    phrases counted as the first words anyone tries. It is scored with and without its spaces
    and punctuation, and the lower count counts: separators add almost nothing to guess."""
    if not passphrase:
        raise PassphraseError(
            f"extra.handbook.private is on but {PASSPHRASE_ENV} is not set — set it to five or "
            "more random words; the build never writes the notes in plain"
        )
    from zxcvbn import zxcvbn

    words = [w.lower() for text in user_inputs for w in re.findall(r"[^\W_]{3,}", text)]
    famous = [*FAMOUS, *(_squeezed(f) for f in FAMOUS)]
    scored = [zxcvbn(passphrase[:100], user_inputs=[*famous, *words])]
    squeezed = _squeezed(passphrase)
    if squeezed and squeezed != passphrase:
        scored.append(zxcvbn(squeezed[:100], user_inputs=[*famous, *words]))
    weakest = min(scored, key=lambda r: float(r["guesses"]))
    guesses = float(weakest["guesses"])
    if guesses >= MIN_GUESSES:
        return passphrase
    tokens = {m["token"].lower() for m in weakest["sequence"]}
    if tokens & set(famous):
        why = "it is a famous phrase, one of the first anyone tries"
    elif tokens & set(words):
        why = "it is built on a name from the notes or the site, which an attacker tries first"
    else:
        warning = str(weakest["feedback"]["warning"]).rstrip(".")
        why = warning[:1].lower() + warning[1:] if warning else "it follows a common pattern"
    raise PassphraseError(
        f"{PASSPHRASE_ENV} is too weak: {why} (about 10^{math.floor(math.log10(guesses))} "
        f"guesses find it; at least 10^{math.floor(math.log10(MIN_GUESSES))} are needed, as "
        "the locked files are public and guesses can be tried offline) — use five or more "
        "random words"
    )


def _squeezed(text: str) -> str:
    """``text`` lower-cased, without spaces and punctuation."""
    return re.sub(r"[\W_]+", "", text.lower())


def generate_passphrase(words: int = GENERATED_WORDS) -> str:
    """Random words from the EFF's long wordlist (7,776 words, CC BY 3.0 US; see
    ``data/NOTICE``), chosen with :mod:`secrets`: diceware without the dice."""
    wordlist = (resources.files("prep_handbook") / "data" / "eff_large_wordlist.txt").read_text(
        "utf-8"
    )
    choices = wordlist.split()
    return " ".join(secrets.choice(choices) for _ in range(words))


def derive_key(passphrase: str, salt: bytes, iterations: int = ITERATIONS) -> bytes:
    """PBKDF2-HMAC-SHA256 → a 256-bit AES key (the same as WebCrypto's ``deriveKey``)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=iterations)
    return kdf.derive(passphrase.encode("utf-8"))


def seal(key: bytes, path: str, data: bytes, nonce: bytes) -> bytes:
    """``MAGIC ‖ nonce ‖ AES-256-GCM(padded data)`` with ``path`` as associated data."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    assert len(nonce) == NONCE_BYTES
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, pad(data), path.encode("utf-8"))


def unseal(key: bytes, path: str, blob: bytes) -> bytes:
    """The plaintext of :func:`seal`'s output (``InvalidTag`` if anything was changed)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if blob[: len(MAGIC)] != MAGIC:
        raise ValueError(f"{path}: not a locked file")
    nonce = blob[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
    sealed = blob[len(MAGIC) + NONCE_BYTES :]
    return unpad(AESGCM(key).decrypt(nonce, sealed, path.encode("utf-8")))


def padded_length(size: int) -> int:
    """Padmé (Nikitin et al., "Reducing metadata leakage from encrypted files and
    communication with PURBs", PETS 2019): at most 12 % more, and a length then tells only
    O(log log size) bits: many pages share one size. At least :data:`MIN_PADDED`."""
    size = max(size, MIN_PADDED)
    exponent = size.bit_length() - 1
    low_bits = exponent - exponent.bit_length()
    mask = (1 << low_bits) - 1
    return (size + mask) & ~mask


def pad(data: bytes) -> bytes:
    """``data ‖ 0x80 ‖ 0x00…`` up to :func:`padded_length` (ISO/IEC 7816-4 padding)."""
    return data + b"\x80" + bytes(padded_length(len(data) + 1) - len(data) - 1)


def unpad(data: bytes) -> bytes:
    end = len(data.rstrip(b"\x00")) - 1
    if end < 0 or data[end] != 0x80:
        raise ValueError("bad padding")
    return data[:end]


@dataclass(frozen=True, slots=True)
class Locked:
    pages: int
    """HTML pages locked (each now an unlock page, its content in ``<page>.enc``)."""
    files: int
    """Other files locked in place (search index, source maps, PDFs, images …)."""
    plain: int
    """Files left plain (theme assets and the lock's own files)."""
    kept_plain: tuple[str, ...] = ()
    """Plain files that are neither the theme's nor the lock's (``extra_css``, ``CNAME`` …)."""
    fingerprints: tuple[tuple[str, str], ...] = ()
    """SHA-256 of the lock's scripts as published (compare with what the host serves)."""
    remote_images: tuple[str, ...] = ()
    """Images the pages load from another origin (the locked pages' policy blocks them)."""


def lock_site(
    site: Path,
    passphrase: str,
    *,
    theme_dirs: Iterable[Path] = (),
    known: Iterable[str] = (),
    remember_days: int = REMEMBER_DAYS,
    iterations: int = ITERATIONS,
    random: Callable[[int], bytes] = os.urandom,
) -> Locked:
    """Lock the built site in ``site`` in place (see the module docstring).

    Plain stay only: files identical to the theme's own (under ``theme_dirs``), the ``known``
    assets the configuration names (``extra_css``, ``extra_javascript``), :data:`HOST_FILES`
    and the lock's own files; everything else is sealed, ``assets/`` included."""
    check_passphrase(passphrase)
    salt = random(SALT_BYTES)
    key = derive_key(passphrase, salt, iterations)
    themes = tuple(theme_dirs)
    named = set(known) | HOST_FILES
    sealed: list[str] = []
    plain: dict[str, str] = {}
    kept: list[str] = []
    scripts: set[str] = set()
    remote: set[str] = set()
    pages = 0
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if rel in named or _from_theme(rel, data, themes):
            plain[rel] = _sha256(data)
            kept += [rel] if rel in named else []
        elif rel.endswith(".html"):
            html = _for_locking(data.decode("utf-8"), _root(rel))
            scripts.update(inline_script_hashes(html))
            remote.update(_REMOTE_IMAGE.findall(html))
            sealed_html = seal(key, rel, html.encode("utf-8"), random(NONCE_BYTES))
            path.with_name(path.name + ".enc").write_bytes(sealed_html)
            path.write_text(unlock_page(_root(rel), remember_days), encoding="utf-8")
            pages += 1
            sealed.append(rel)
        else:
            path.write_bytes(seal(key, rel, data, random(NONCE_BYTES)))
            sealed.append(rel)
    own = {f"{LOCK_DIR}/{name}": _asset(name) for name in _LOCK_ASSETS}
    own |= {f"{LOCK_DIR}/icon-{size}.png": icon_png(size) for size in (192, 512)}
    plain |= {rel: _sha256(data) for rel, data in own.items()}
    own[SERVICE_WORKER] = _asset(SERVICE_WORKER)
    listing = {"csp": page_policy(scripts), "plain": plain, "sealed": sealed}
    own[MANIFEST] = seal(key, MANIFEST, _json(listing), random(NONCE_BYTES))
    settings = {"iterations": iterations, "remember_days": remember_days, "salt": _b64(salt)}
    check = seal(key, LOCK_FILE, _json(settings), random(NONCE_BYTES))
    lock = {"version": FORMAT, "kdf": "PBKDF2-HMAC-SHA256", **settings, "check": _b64(check)}
    own[LOCK_FILE] = (json.dumps(lock, indent=1, sort_keys=True) + "\n").encode()
    for rel, data in own.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)
    return Locked(
        pages=pages,
        files=len(sealed) - pages,
        plain=len(plain) + 3,  # and sw.js, lock.json, the encrypted list
        kept_plain=tuple(kept),
        fingerprints=tuple((rel, _sha256(own[rel], hex=True)) for rel in FINGERPRINTED),
        remote_images=tuple(sorted(remote)),
    )


_REMOTE_IMAGE = re.compile(r"<img\b[^>]*?\ssrc=[\"']?((?:https?:)?//[^\"'\s>]+)", re.IGNORECASE)


def _from_theme(rel: str, data: bytes, theme_dirs: tuple[Path, ...]) -> bool:
    """Whether the theme ships this very file (same path, same bytes): the theme's CSS,
    JavaScript, fonts and icons say nothing of the notes."""
    for folder in theme_dirs:
        candidate = folder / rel
        if candidate.is_file():
            return not rel.endswith(".html") and candidate.read_bytes() == data
    return False


def _sha256(data: bytes, *, hex: bool = False) -> str:
    digest = hashlib.sha256(data)
    return digest.hexdigest() if hex else _b64(digest.digest())


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


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


def _for_locking(html: str, root: str) -> str:
    """A page as the worker serves it once unlocked: a neutral title (history keeps titles),
    no referrer sent to the sites its links open, the web-app manifest and the Lock button."""
    head = (
        '<meta name="referrer" content="no-referrer">'
        f'<link rel="manifest" href="{root}{LOCK_DIR}/manifest.webmanifest">'
        f'<script src="{root}{LOCK_DIR}/lockcore.js" defer></script>'
        f'<script src="{root}{LOCK_DIR}/lockbutton.js" defer></script>'
    )
    html = _TITLE.sub(f"<title>{NEUTRAL_TITLE}</title>", html, count=1)
    return html.replace("</head>", head + "</head>", 1)


_TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)


def unlock_page(root: str, remember_days: int = REMEMBER_DAYS) -> str:
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
    return page.replace("{days}", str(remember_days)).replace("{root}", root)


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


if __name__ == "__main__":  # python -m prep_handbook.private: a passphrase to lock with
    print(generate_passphrase())
