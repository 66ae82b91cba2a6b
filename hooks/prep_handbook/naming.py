"""Which handbook a notes file is: its company, slug and title.

As the author would name it: frontmatter ``company:``/``title:``; else a ``# H1`` (or a short
first line) that clearly names an organisation; else the file name (Obsidian's title: "traba
preparation" → Traba, ``/traba/``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Slug
from .outline import Kind, Node
from .read import Document
from .reading import question
from .rules import Rules
from .text import plain, slugify, tags, untagged

_TITLE_NOISE = frozenset(
    """
    preparation prep preparing interview interviews notes note for with my the and at a an
    questions onsite screen call round loop jd recruiter debrief interviewer interviewers
    retro retrospective gdoc gdocs doc docs export
    """.split()
)
_GENERIC = frozenset(
    """
    behavior behaviour behavioral behavioural question answer answers cheat sheet cheatsheet
    outline talk yourself tell me about general common technical system design coding leetcode
    star story stories tips checklist template untitled faq q&a qa practice mock hr phone final
    virtual developer engineer engineering frontend front-end backend back-end fullstack
    full-stack stack software product manager designer data scientist analyst intern internship
    job role position application resume cv myself hiring meeting recruiter prepare study guide
    senior junior lead staff principal head director vp networking network
    bank list lists things todo to do week day plan draft scratch misc random research
    pm tpm swe sde em eng sense dump braindump brain email emails mail thoughts jottings recap
    log case staying offers offer weighing journal terms know glossary vocabulary vocab
    concepts topic topics table roam logseq obsidian notion
    """.split()
)
"""Words of a title that name no organisation ("Behavior Question", "Talk outline")."""
_TRAILING = frozenset(
    """
    cheat sheet cheatsheet outline guide plan research question questions answers stories
    list lists draft template checklist pm tpm swe sde em eng engineer engineering developer
    manager analyst designer scientist intern internship lead senior staff principal junior
    role position star dump braindump brain email emails mail thoughts jottings recap log
    case product terms know glossary vocabulary vocab concepts to
    """.split()
)
"""Words after a name that are about the notes or the role, not the name ("Lumina cheat
sheet", "Loomstack PM")."""
_WHEN = re.compile(
    r"^((mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?|(jan|feb|mar|apr|may|jun|jul|aug|"
    r"sep|sept|oct|nov|dec)[a-z]*|\d{1,4}([:.]\d{2})?(am|pm|st|nd|rd|th)?)$",
    re.IGNORECASE,
)
"""A day, a month or a time after a name ("Opal Health onsite Friday 10am")."""


@dataclass(frozen=True, slots=True)
class Identity:
    company: str
    slug: Slug
    title: str
    title_node: Node | None
    named: bool = True
    """The name is an organisation's (else pages say "this company")."""


def _kept(text: str) -> list[str]:
    return [w for w in re.split(r"[\s_\-:–—/|,()]+", text) if w and w.lower() not in _TITLE_NOISE]


def _names_something(words: list[str]) -> bool:
    return any(w.lower().strip(".'’") not in _GENERIC and not w.isdigit() for w in words)


def identify(doc: Document, blocks: Iterable[Node] = (), rules: Rules | None = None) -> Identity:
    """Company, slug and title, as the author would name the handbook: frontmatter
    ``company:``/``title:``; else a ``# H1`` that clearly names an organisation; else the file
    name (Obsidian's title: "traba preparation" → Traba / ``traba``). A first heading that is a
    question or a section ("# Tell me about yourself") is content, not the title; a name made
    only of generic words ("Behavior Question") names no company."""
    blocks = list(blocks)
    first = blocks[0] if blocks else None
    by_file = _org(str(doc.meta.get("company") or doc.meta.get("title") or doc.stem))
    title_node = None
    if first is not None and "title" not in doc.meta and _title_line(first, by_file, doc.stem):
        line = _org(plain(first.children[0].text)).lower()
        if (
            not by_file
            or line.split()[:1] == by_file.lower().split()[:1]
            or _shares(line, doc.stem)
        ):
            # "Bluefin Bank interview" atop notes.md; "Cedar — designer interview" atop Cedar.md
            first = first.children[0]
    elif (
        first is not None and sum(1 for b in blocks if b.kind is Kind.HEADING and b.level == 1) > 1
    ):
        first = None  # several "# Round 1", "# Round 2": sections, none is the title
    if first is not None and "title" not in doc.meta and _may_title(first, len(blocks)):
        text = plain(untagged(first.text))
        is_section = rules is not None and (
            rules.mark(tags(first.text)) is not None or rules.label(text) is not None
        )
        names_it = bool(by_file) and by_file.lower() in text.lower()
        names_it = names_it or any(_shares(_org(p), doc.stem) for p in _parts(text))
        if (names_it or not is_section) and not _looks_asked(text):
            title_node = first
    h1 = plain(untagged(title_node.text)) if title_node else ""
    title = str(doc.meta.get("title") or h1 or doc.stem)
    company = str(doc.meta.get("company") or "").strip()
    named = True
    if not company:
        candidates = [str(doc.meta.get("title") or "")]
        parts = [p for p in _parts(h1) if any(w[:1].isupper() for w in _kept(p))]
        # "Call with Marisol - Pellucid" in pellucid-call.md: the part the file name shares
        parts.sort(key=lambda p: not _shares(_org(p), doc.stem))
        candidates += [*parts, doc.stem]
        for candidate in candidates:
            if found := _org(candidate):
                company = found
                break
        if not company:
            named = False
            kept = _kept(title) or _kept(doc.stem)
            company = " ".join(w[:1].upper() + w[1:] if w.islower() else w for w in kept)
    # The name also goes where MkDocs and Material print it as HTML (navigation, page titles):
    # no markup there, and one line.
    company = _name(company) or _name(doc.stem[:1].upper() + doc.stem[1:]) or "Handbook"
    title = _name(title)
    slug = slugify(company) or slugify(doc.stem) or "handbook"
    return Identity(company, Slug(slug), title or company, title_node, named)


def _shares(name: str, stem: str) -> bool:
    """The name's first word is a word of the file name ("Fulcrum interview" in
    qa-fulcrum.md, "Call with Marisol - Pellucid" in pellucid-call.md)."""
    first = name.lower().split()[:1]
    return bool(first) and first[0] in {w.lower() for w in _kept(stem)}


def _parts(text: str) -> list[str]:
    """A title's parts: "Quillpay - Senior PM" → "Quillpay", "Senior PM"."""
    return [p for p in re.split(r"\s+[-–—|:]\s+|:\s+|\s*\|\s*|\s+vs\.?\s+", text) if p.strip()]


def _org(text: str) -> str:
    """The organisation a title names: its first part with a word that is not generic, minus
    the noise words and generic words after the name ("traba preparation" → "Traba", "🚀
    Lumina cheat sheet" → "Lumina"); "" when it names none."""
    for part in _parts(untagged(text)):
        kept = [w for w in _kept(part) if any(ch.isalnum() for ch in w) or w == "&"]
        while kept and kept[0] == "&":
            kept.pop(0)
        if kept and _names_something(kept):
            while len(kept) > 1 and (
                kept[-1].lower() in _TRAILING or kept[-1] == "&" or _WHEN.match(kept[-1])
            ):
                kept.pop()
            return " ".join(w[:1].upper() + w[1:] if w.islower() else w for w in kept)
    return ""


def _title_line(block: Node, by_file: str = "", stem: str = "") -> bool:
    """A loose line alone atop the notes, short and unpunctuated: their title (longer when it
    opens with the file's name: "Verdant — Senior Backend Engineer (pasted from LinkedIn)";
    with lines right under it when it names what the file name names and says what the notes
    are for: "Opal Health onsite Friday 10am", not "Acme sells payroll software")."""
    if block.kind is not Kind.GROUP:
        return False
    line = block.children[0]
    text = plain(line.text).strip()
    words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
    named = bool(by_file) and [w.lower() for w in words[:1]] == by_file.lower().split()[:1]
    if len(block.children) > 1 and not (
        (named or (stem and _shares(_org(text), stem)))
        and any(w.lower() in _TITLE_NOISE for w in words[1:])  # "… onsite", not "… sells …"
    ):
        return False
    return (
        line.kind is Kind.LINE
        and 0 < len(words) <= (12 if named else 6)
        and not text.endswith((".", "?", "!", ":", ","))
    )


def _may_title(first: Node, blocks: int) -> bool:
    """A ``# H1`` first, a short loose line alone atop the notes, or (a Logseq page) one root
    bullet holding the whole outline."""
    if first.kind is Kind.HEADING:
        return first.level == 1
    if first.kind is Kind.LINE:
        return True
    return blocks == 1 and first.kind is Kind.ITEM and any(c.real_children for c in first.children)


def _looks_asked(text: str) -> bool:
    return text.rstrip().endswith("?") or question(text) is not None


def meta_tags(value: object) -> tuple[str, ...]:
    """Frontmatter ``tags:`` as a list or a comma/space separated string, without ``#``."""
    items = value if isinstance(value, list) else re.split(r"[,\s]+", str(value or ""))
    return tuple(dict.fromkeys(_name(str(t)).lstrip("#") for t in items if str(t).strip()))


def _name(text: str) -> str:
    return " ".join(re.sub(r"[<>]", "", text).split())
