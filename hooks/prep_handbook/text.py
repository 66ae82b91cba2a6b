"""Small text helpers shared by the stages: plain text, words, tags, slugs, safe inline Markdown."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


def lazy_pattern(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A pattern compiled on its first use instead of at import: ``_ACTION().search(text)``.
    For patterns only some notes need (a story's beats): Python compiles a pattern in Python,
    up to a millisecond for a long one, and an ordinary build then compiles none of them."""
    return cache(lambda: re.compile(pattern, flags))


_HIGHLIGHT = re.compile(r"==(?=\S)([^=<>]+?)(?<=\S)==")  # Obsidian's ==highlight==

_INLINE_SYNTAX = re.compile(r"[\\`*_\[<\n\r\0]|&#?\w+;")
"""What CommonMark's inline rules act on (escapes, code, emphasis, links and images, autolinks
and HTML, line breaks, NUL, entities). A line without any is its own plain text, and escaped
text is its HTML: most lines of notes never need the parser, nor its import (about 20 ms, most
of a small build's fixed cost). tests/test_text.py checks both against markdown-it."""
_WRAPPED = re.compile(r"(\*\*|__|\*|_)(\S(?:.*\S)?)\1", re.DOTALL)
"""A line that is one emphasis span (``_"a quote"_``, ``**Why us?**``): with no inline syntax
inside, the opening run can only open and the closing one only close, so it is em (one
character) or strong (two)."""


@lru_cache(maxsize=2)
def _parser(allow_html: bool) -> MarkdownIt:
    """CommonMark, imported on first need. Raw HTML in notes is shown as text unless the user
    allows it (``extra.handbook.allow_html``); plain text drops it either way."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": allow_html})


def _simple(text: str) -> tuple[str, str] | None:
    """(tag, text) when CommonMark would read ``text`` as plain text (tag "") or as one emphasis
    span around plain text (tag "em" or "strong"); None when only the parser can tell."""
    if not _INLINE_SYNTAX.search(text):
        return "", text
    whole = _WRAPPED.fullmatch(text)
    if whole and not _INLINE_SYNTAX.search(whole.group(2)):
        return ("em" if len(whole.group(1)) == 1 else "strong"), whole.group(2)
    return None


_TAG = re.compile(r"(?:(?<=\s)|^)#([A-Za-z][\w/-]*)")
_SPACES = re.compile(r"[ \t]{2,}")
_WIKILINK = re.compile(r"(!?)\[\[([^\[\]|#]*)(?:#([^\[\]|]*))?(?:\|([^\[\]]*))?\]\]")
IMAGE_SIZE = re.compile(r"^\s*(\d{1,5})(?:\s*x\s*(\d{1,5}))?\s*$")
"""The alias of an image embed that sets its size: ``![[diagram.png|300]]``, ``|300x200``."""
EMBED_LINE = re.compile(r"!\[\[([^\[\]|#]*)(?:#([^\[\]|]*))?(?:\|([^\[\]]*))?\]\]")
"""A ``![[target#heading|alias]]`` embed (matched whole against a line that is only that)."""
_WORD = re.compile(r"[0-9a-z]+(?:['’][a-z]+)?")

STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i i'm i've i’m i’ve if in into is
    it it's its itself just let me more most my myself no nor not now of off on once only or
    other our ours out over own same she should so some such than that that's the their them
    then there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours ur really much many like get
    got one two three thing things way lot lots going make made well new
    """.split()
)


@lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """The visible text of an inline-Markdown string (emphasis, links and code markers gone)."""
    simple = _simple(text)
    if simple is not None:
        return _HIGHLIGHT.sub(r"\1", simple[1])
    tokens = _parser(True).parseInline(text)
    out: list[str] = []
    for tok in tokens:
        for child in tok.children or ():
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                out.append(" ")
    return _HIGHLIGHT.sub(r"\1", "".join(out))


def tags(text: str) -> tuple[str, ...]:
    """Obsidian-style ``#tags`` in a line, without their ``#``."""
    if "#" not in text:  # most lines: skip the scan (a tag needs its "#")
        return ()
    return tuple(m.group(1) for m in _TAG.finditer(text))


def untagged(text: str) -> str:
    """A line without any of its ``#tags`` ("Orbit onsite #interview" → "Orbit onsite")."""
    return _SPACES.sub(" ", _TAG.sub("", text) if "#" in text else text).strip()


def strip_tags(text: str, names: set[str]) -> str:
    """Remove the given ``#tags`` (section marks) from a line, keeping everything else."""

    def drop(m: re.Match[str]) -> str:
        return "" if m.group(1).lower() in names else m.group(0)

    return _SPACES.sub(" ", _TAG.sub(drop, text) if "#" in text else text).strip()


def wikilinks(text: str) -> list[tuple[str, str | None, str | None]]:
    """``[[target#heading|alias]]`` links in a line: (target, heading, alias)."""
    if "[[" not in text:
        return []
    return [
        (m.group(2).strip(), m.group(3), m.group(4))
        for m in _WIKILINK.finditer(text)
        if not m.group(1)
    ]


def embeds(text: str) -> list[tuple[str, str | None, str | None]]:
    """``![[target#heading|alias]]`` embeds in a line: (target, heading, alias)."""
    if "![[" not in text:
        return []
    return [
        (m.group(2).strip(), m.group(3), m.group(4)) for m in _WIKILINK.finditer(text) if m.group(1)
    ]


def normalize_label(text: str) -> str:
    """How wikilink targets and labels are compared: plain, lowercase, single-spaced."""
    return " ".join(plain(text).lower().replace("_", " ").split()).strip(" :.-–—>")


def _stem(word: str) -> str:
    """A crude but stable stem: no plural or -ing/-ed ending, at most six letters
    ("operations", "operational" → "operat"; "forecasting" → "foreca")."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:6]


def words(text: str) -> set[str]:
    """Content words of a line, lowercased and lightly stemmed, for matching rules and links."""
    return {
        _stem(w.replace("’", "'").removesuffix("'s"))  # "team's" is "team"
        for w in _WORD.findall(plain(text).lower())
        if len(w) >= 3 and w not in STOPWORDS
    }


def raw_words(text: str) -> set[str]:
    """Lowercased words of a line, unstemmed (for the vocabulary rules, which match prefixes)."""
    return set(_WORD.findall(plain(text).lower()))


def short_name(company: str) -> str:
    """The first word of a company's name when it names it alone ("Brookfield" for
    Brookfield Grid; not "The" nor "Ai"): a capitalised word of four letters or more; else ""."""
    words = company.split()
    first = words[0] if words else ""
    return first if len(words) > 1 and len(first) >= 4 and first[:1].isupper() else ""


def relative_path(target: str, start: str) -> str:
    """``posixpath.relpath(target, start or ".")`` for the site's own paths, which are already
    normal (no "", "." or ".." parts): without relpath's two abspath calls, the costly part
    of the thousands of links a big site writes."""
    path_parts = target.split("/")
    start_parts = start.split("/") if start else []
    if not _NOT_NORMAL.isdisjoint(path_parts) or not _NOT_NORMAL.isdisjoint(start_parts):
        return posixpath.relpath(target, start or ".")
    common = 0
    for a, b in zip(start_parts, path_parts, strict=False):  # up to the shorter one
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + path_parts[common:]) or "."


_NOT_NORMAL = frozenset({"", ".", ".."})


def slugify(text: str) -> str:
    """ASCII, lowercase, hyphen-separated: ``"Growth ops"`` → ``growth-ops``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


# --------------------------------------------------------------------------------------------
# Author text → Markdown that renders the way it reads and can inject nothing.

_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
_MD_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*([^)\s]*)([^)]*)\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^\s<>]+)>")
_SAFE_SCHEME = re.compile(r"^(?:https?:|mailto:|#|/|\.|[^:/?#]*(?:[/?#]|$))", re.IGNORECASE)
_LEADING_BLOCK = re.compile(r"^(?:[#>*+|:~!?/-]|\d+[.)](?:\s|$))")

_SEGMENT = re.compile(
    f"{_WIKILINK.pattern}|{_MD_LINK.pattern}|{_AUTOLINK.pattern}"
    r"|(?:(?<=\s)|^)#(?P<tag>[A-Za-z][\w/-]*)"
)
LinkResolver = Callable[[str, str | None, str | None], str | None]
"""(target, heading, alias) → a Markdown link, or None when it does not resolve.
For ``![[embeds]]`` the same call gets the target with its ``!`` in front."""
TagLinker = Callable[[str], str | None]
"""tag name → the address of its entry in the tags index, or None."""


def _escape_plain(text: str, allow_html: bool = False) -> str:
    if not allow_html:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("{", "\\{").replace("}", "\\}")


def _escape_segment(
    text: str, resolve: LinkResolver | None, allow_html: bool, tag_link: TagLinker | None = None
) -> str:
    """Escape a stretch of text outside code spans, keeping safe links and resolving wikilinks."""
    if "[" not in text and "<" not in text and "#" not in text:
        return _escape_plain(text, allow_html)  # no link, autolink nor tag: most stretches
    return _escape_links(text, resolve, allow_html, tag_link)


def _escape_links(
    text: str, resolve: LinkResolver | None, allow_html: bool, tag_link: TagLinker | None
) -> str:
    """:func:`_escape_segment` the long way, for a stretch that may hold links or tags."""
    out: list[str] = []
    pos = 0
    for m in _SEGMENT.finditer(text):
        out.append(_escape_plain(text[pos : m.start()], allow_html))
        pos = m.end()
        whole = m.group(0)
        if m.group("tag"):
            href = tag_link(m.group("tag")) if tag_link else None
            out.append(f"[#{m.group('tag')}]({href}){{ .handbook-tag }}" if href else whole)
        elif m.group(2) is not None:  # a wikilink (not "[[l](u)": a link after a "[")
            target, heading, alias = m.group(2).strip(), m.group(3), m.group(4)
            link = resolve(m.group(1) + target, heading, alias) if resolve else None
            if m.group(1) and alias and IMAGE_SIZE.match(alias):
                alias = None
            shown = alias or (f"{target} › {heading}" if heading else target)
            out.append(link if link is not None else _escape_plain(shown))
        elif m.group(9) is not None:
            url = m.group(9)
            out.append(f"[{_escape_plain(url)}]({url})")
        else:
            bang, label, url, rest = m.group(5), m.group(6), m.group(7), m.group(8)
            if _SAFE_SCHEME.match(url) and '"' not in url:
                out.append(f"{bang}[{_escape_plain(label)}]({url}{_escape_plain(rest)})")
            else:  # javascript:, data: and friends are shown as text, never linked
                out.append(_escape_plain(f"{bang}\\[{label}\\]({url}{rest})"))
    out.append(_escape_plain(text[pos:], allow_html))
    return "".join(out)


def inline_markdown(
    text: str,
    resolve: LinkResolver | None = None,
    *,
    allow_html: bool = False,
    tag_link: TagLinker | None = None,
) -> str:
    """Author text as one line of safe inline Markdown.

    Emphasis, code and http(s)/mailto/relative links work as written; raw HTML, attribute lists
    (``{ onclick=… }``) and block syntax at the start of a line (``# ``, ``> ``, ``1. ``,
    ``///``) are shown as text. ``allow_html`` (``extra.handbook.allow_html``) lets raw HTML
    through.
    """
    text = " ".join(text.split())
    parts: list[str] = []
    pos = 0
    for m in _CODE_SPAN.finditer(text) if "`" in text else ():
        parts.append(_escape_segment(text[pos : m.start()], resolve, allow_html, tag_link))
        parts.append(m.group(0))
        pos = m.end()
    parts.append(_escape_segment(text[pos:], resolve, allow_html, tag_link))
    result = "".join(parts)
    if (
        _LEADING_BLOCK.match(result)
        and not result.startswith(("![", "**"))
        and (result[0] != "*" or result.startswith("* "))
    ):
        result = f"&#{ord(result[0])};{result[1:]}"
    return result


def balance_quotes(text: str) -> str:
    """Drop an opening quote mark that never closes, and a closing one that never opened."""
    text = text.strip()
    pairs = (("“", "”"), ('"', '"'))
    for open_q, close_q in pairs:
        if open_q == close_q:
            if text.count(open_q) % 2 == 1:
                if text.startswith(open_q):
                    text = text[1:].lstrip()
                elif text.endswith(close_q):
                    text = text[:-1].rstrip()
            continue
        if text.startswith(open_q) and close_q not in text:
            text = text[1:].lstrip()
        if text.endswith(close_q) and open_q not in text:
            text = text[:-1].rstrip()
    return text


@lru_cache(maxsize=65536)
def inline_html(text: str, *, allow_html: bool = False) -> str:
    """Author text as escaped inline HTML: emphasis and safe links work, raw HTML is text,
    ``[[wikilinks]]`` show their text."""

    def label(m: re.Match[str]) -> str:
        target, heading, alias = m.group(2).strip(), m.group(3), m.group(4)
        if m.group(1) and alias and IMAGE_SIZE.match(alias):
            alias = None  # ![[diagram.png|300]]: a width, not a name
        return alias or (f"{target} › {heading}" if heading else target)

    text = " ".join(_WIKILINK.sub(label, text).split())
    simple = _simple(text)
    if simple is None:
        rendered: str = _parser(allow_html).renderInline(text)
    else:
        tag, inner = simple
        inner = inner.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        inner = inner.replace('"', "&quot;")
        rendered = f"<{tag}>{inner}</{tag}>" if tag else inner
    return _HIGHLIGHT.sub(r"<mark>\1</mark>", rendered).strip()


_ATTR_UNSAFE = re.compile(r"[\"{}\\\n]")


def attr_value(text: str) -> str:
    """A value safe inside a quoted attr_list attribute."""
    return _ATTR_UNSAFE.sub("", text)
