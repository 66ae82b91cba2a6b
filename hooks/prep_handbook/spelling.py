"""Likely typos: words of the notes that pyspellchecker's English word list does not know.

Never corrected, only reported (with the dictionary's nearest words as a hint). Names and jargon
are let through by a built-in list (:data:`JARGON`), the companies' names, and the user's own
``extra.handbook.allow_words`` in mkdocs.yml.

Loading the word list takes about a third of a second, so the answer for a set of words is kept
in the cache folder: a build whose words were all checked before does not load it.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

JARGON = frozenset(
    """
    api apis app apps async backend backlog bottlenecked b2b b2c cofounder cofounders copilot
    crm datacenter datacenters dashboard dashboards devops ecommerce email emails fintech
    frontend gpu gpus gtm kpi kpis learnings llm llms ml onboard onboarded onboarding
    outbound outbounds okr okrs pm pms pmf productize productized productizing roadmap
    roadmaps saas scalable sku skus smb smbs startup startups supercomputer supercomputers
    supercomputing tech uptime upskill upskilling usecase workflow workflows
    github gitlab bitbucket js ts jsx tsx npm yarn pnpm nodejs nextjs vuejs react angular svelte
    typescript javascript graphql grpc kubernetes docker aws gcp azure sql nosql postgres
    postgresql mysql sqlite mongodb redis kafka css scss html http https json yaml api cli
    linux golang kotlin ios android figma jira confluence slack zoom linkedin leetcode neetcode
    hackerrank webpack vite tailwind django flask fastapi pytorch tensorflow numpy jupyter dbt
    airflow hadoop terraform ansible grafana datadog oauth jwt sso saml dns dhcp tcp udp vpn
    cdn ssr seo spa pwa ux ui qa sre mvp ci cd microservice microservices serverless repo repos
    frontend backend fullstack devs dev webhook webhooks
    """.split()
)
"""Words of the trade that a general English word list may not have."""

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_SKIP = re.compile(r"https?://\S+|`[^`]*`|\[\[[^\]]*\]\]|(?:(?<=\s)|^)#[\w/-]+|\S+@\S+")
_DOT_JOIN = re.compile(r"[A-Za-z]\.[A-Za-z]")
CACHE_NAME = "spelling.json"


@functools.lru_cache(maxsize=65536)
def checkable_words(text: str) -> tuple[str, ...]:
    """The words of a line worth looking up: no links, code, tags, e-mail addresses,
    acronyms or capitalised names (a capital on the line's first word is fine)."""
    out: list[str] = []
    kept = _skipped(text)
    # React.js, next.js, e.g.: names of things more often than words
    dotted = (
        {i for i, m in enumerate(_WORD.finditer(kept)) if _dotted(kept, m.start(), m.end())}
        if _DOT_JOIN.search(kept)
        else ()
    )
    for i, found in enumerate(_WORD.findall(kept)):
        word = found.replace("’", "'").strip("'")
        if len(word) < 2 or word.isupper() or i in dotted:
            continue
        if len(word) <= 4 and word.lower() == word[0].lower() * len(word):
            continue  # xx, yyy: a placeholder to fill in later
        rest = word[1:]
        if rest != rest.lower() or (i and word[0].isupper()):
            continue  # a name (Traba, Mike) or camelCase (OpenAI)
        out.append(word.lower())
    return tuple(out)


def _skipped(text: str) -> str:
    """The line with links, code, tags and addresses blanked out (``_SKIP``); a line with none
    of the characters they need is left as it is, unscanned (most lines)."""
    if "://" in text or "`" in text or "[[" in text or "#" in text or "@" in text:
        return _SKIP.sub(" ", text)
    return text


def _dotted(text: str, start: int, end: int) -> bool:
    """The word at text[start:end] is joined to another by a dot ("next.js")."""
    after = text[end : end + 2]
    before = text[max(start - 2, 0) : start]
    return (len(after) == 2 and after[0] == "." and after[1].isalpha()) or (
        len(before) == 2 and before[1] == "." and before[0].isalpha()
    )


@functools.cache
def _version() -> str:
    try:
        return importlib.metadata.version("pyspellchecker")
    except importlib.metadata.PackageNotFoundError:
        return ""


@functools.cache
def _dictionary() -> Any:
    from spellchecker import SpellChecker  # ~0.3 s: loads the English word list

    return SpellChecker(distance=1)


class Speller:
    """Tells which words are unknown, remembering answers in ``cache_dir`` between builds."""

    def __init__(self, allowed: Iterable[str], cache_dir: Path | None) -> None:
        self.allowed = JARGON | {w.lower() for w in allowed}
        self.cache_file = cache_dir / CACHE_NAME if cache_dir is not None else None
        self.available = bool(_version())

    def unknown(self, words: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """Each unknown word with up to three known words one letter away (a hint)."""
        wanted = sorted({w for w in words if w not in self.allowed and "'" not in w})
        if not self.available or not wanted:
            return {}
        key = hashlib.sha256("\0".join([_version(), *wanted]).encode()).hexdigest()
        cached = self._read(key)
        if cached is not None:
            return cached
        spell = _dictionary()
        found = {
            w: tuple(
                sorted(
                    (c for c in spell.candidates(w) or () if c != w), key=lambda c: (-spell[c], c)
                )[:3]
            )
            for w in sorted(spell.unknown(wanted))
        }
        self._write(key, found)
        return found

    def _read(self, key: str) -> dict[str, tuple[str, ...]] | None:
        if self.cache_file is None:
            return None
        try:
            data = json.loads(self.cache_file.read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        return {w: tuple(c) for w, c in data["unknown"].items()}

    def _write(self, key: str, found: dict[str, tuple[str, ...]]) -> None:
        if self.cache_file is None:
            return
        try:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            payload = {"key": key, "unknown": {w: list(c) for w, c in found.items()}}
            self.cache_file.write_text(json.dumps(payload, ensure_ascii=False), "utf-8")
        except OSError:
            pass  # a read-only checkout still builds
