"""Property tests: whatever notes look like, the core raises only its own documented error,
loses no line, and gives the same output for the same input."""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pagetext import page_texts
from prep_handbook.errors import NotesError
from prep_handbook.pipeline import load_handbook
from prep_handbook.rules import DEFAULT_RULES
from sitekit import contains_run, words

MARKUP = re.compile(r"^(?:\s*(?:>|(?:[-*+]|\d{1,9}[.)]|#{1,6})(?=\s|$)))+")
TAG_BEFORE_LINK = re.compile(r"((?:(?<=\s)|^)#[A-Za-z][\w/-]*)(?=!?\[\[)")
ALIASED = re.compile(r"!?\[\[[^\[\]|]*\|([^\[\]]*)\]\]")  # [[target|alias]] shows the alias
MARKS = re.compile(
    r"(?:(?<=\s)|^)#(?:pitch|why|mapping|experience|ops|business|they-ask|ask|logistics|more|sheet"
    r"|nosheet)"
    r"(?![\w/-])",
    re.IGNORECASE,
)

# Text as people paste it: Latin, CJK, RTL, emoji, combining marks, punctuation that means
# something in Markdown. No "](" (a link's address is not visible text) and no line breaks.
_PLAIN = "abcdefghij klmnop QRSTU 0123456789 ?!.,:;-–—'\"“”’()*_`~=|\\/<>{}&@$%^+"
_SCRIPTS = ["中文", "日本語", "한국어", "עברית", "العربية", "😀", "👩‍💻", "é", "e\u0301", "ñ", "ß"]
_SYNTAX = ["#ops", "#ask", "#sheet", "#tag", "[[growth ops]]", "[[x|y]]", "==hi==", "<b>", "->"]
_ALPHABET = st.sampled_from([*_PLAIN, *_SCRIPTS, *_SYNTAX])
TEXT = st.lists(_ALPHABET, min_size=0, max_size=12).map("".join).filter(lambda t: "](" not in t)
LONG = st.integers(200, 3000).map(lambda n: ("long " * n).strip())

INDENT = st.sampled_from(["", "\t", "\t\t", "  ", "    ", "        ", " \t", "\t  "])
MARKER = st.sampled_from(["- ", "* ", "+ ", "1. ", "2) ", "- - ", "- > ", "-"])


@st.composite
def lines(draw: st.DrawFn) -> str:
    kind = draw(
        st.sampled_from(
            [
                "bullet",
                "bullet",
                "bullet",
                "quote",
                "cont",
                "heading",
                "text",
                "text",
                "blank",
                "fence",
                "label",
                "empty",
                "long",
                "rule",
            ]
        )
    )
    text = draw(TEXT)
    if kind == "bullet":
        return draw(INDENT) + draw(MARKER) + text
    if kind == "quote":
        return draw(st.sampled_from(["> ", ">", "> > "])) + text
    if kind == "cont":
        return "> \t" + text
    if kind == "heading":
        return "#" * draw(st.integers(1, 7)) + " " + text
    if kind == "fence":
        return draw(st.sampled_from(["```", "~~~", "```python"]))
    if kind == "label":
        return draw(
            st.sampled_from(
                [
                    "- connection:",
                    "- questions they ask me",
                    "- questions:",
                    "operations",
                    "## Pitch",
                    "## Why Acme",
                    "- why acme",
                    "questions to ask:",
                    "## Experience",
                    "## my pitch",
                    "- stuff to ask them",
                    "## questions they might ask",
                ]
            )
        )
    if kind == "empty":
        return draw(INDENT) + "- "
    if kind == "long":
        return draw(LONG)
    if kind == "rule":
        return "---"
    if kind == "blank":
        return draw(st.sampled_from(["", "   ", "\t"]))
    return draw(INDENT) + text + draw(st.sampled_from(["", "  ", " \t"]))


FRONTMATTER = st.sampled_from(
    [
        "",
        "---\ntitle: acme prep\n---\n",
        "---\ncompany: Acme\n---\n",
        "---\n---\n",
        "---\ntitle: x\n...\n",
        "---\ntitle: [broken\n---\n",
        "---\n- a list\n---\n",
        "---\njust text\n---\n",
        "---\ntitle: never closed\n",
    ]
)


@st.composite
def notes(draw: st.DrawFn) -> bytes:
    body = draw(st.lists(lines(), min_size=0, max_size=40))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = draw(FRONTMATTER).replace("\n", newline) + newline.join(body)
    if draw(st.booleans()):
        text += newline
    data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if draw(st.booleans()) else data


# PROPERTY_EXAMPLES=3000 explores further; CI runs a fixed set (derandomize) so that a red
# run is about the change, not about the draw.
PROPERTY = settings(
    max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=bool(os.environ.get("CI")),
)
RENDERED = settings(PROPERTY, max_examples=PROPERTY.max_examples // 3)  # renders every page


def _shown(line: str, brackets: str = "") -> list[str]:
    """The words of a notes line that a reader sees: no bullets, marks or link targets.
    ``[[a]]`` reads as ``a`` where it links, and as written inside a code block."""
    line = MARKS.sub("", MARKUP.sub("", line))  # "#ops[[growth ops]]": the mark, then a link
    line = TAG_BEFORE_LINK.sub(r"\1 ", line)  # "#tag[[a]]b": the tag ends where the link starts
    return words(re.sub(r"!?\[\[|\]\]", brackets, ALIASED.sub(brackets + r"\1" + brackets, line)))


def _visible(raw: list[str]) -> list[str]:
    """Each line as a reader sees it: ``%%comments%%`` gone, also across lines and when never
    closed (as Obsidian hides them), except inside a fenced code block."""
    out: list[str] = []
    inside = False
    fence = ""
    for line in raw:
        stripped = line.strip()
        marker = stripped[:3] if stripped[:3] in ("```", "~~~") else ""
        if not inside and marker and "%%" not in stripped:
            fence = "" if fence and stripped.startswith(fence) else (fence or marker)
            out.append(line)
            continue
        if fence or ("%%" not in line and not inside):
            out.append(line)
            continue
        kept: list[str] = []
        for i, part in enumerate(line.split("%%")):
            if i:
                inside = not inside
            if not inside:
                kept.append(part)
        out.append("".join(kept))
    return out


def hb_body_start(hb) -> int:  # type: ignore[no-untyped-def]
    """The first line after the frontmatter (comments are read only below it)."""
    fences = [m.line for m in hb.source_map if m.reason == "frontmatter fence"]
    return max(fences) + 1 if len(fences) >= 2 else 1


def _load(data: bytes):  # type: ignore[no-untyped-def]
    return load_handbook("seeds/acme-notes.md", "acme-notes", data, DEFAULT_RULES)


@PROPERTY
@given(notes())
def test_only_the_documented_error_and_it_names_file_and_line(data: bytes) -> None:
    try:
        _load(data)
    except NotesError as exc:
        message = str(exc)
        assert re.match(r"^seeds/acme-notes\.md:\d+: .+ — .+$", message), message
        assert "\n" not in message


@RENDERED
@given(notes())
@example(b"- a%%a")  # a comment never closed hides the rest, here of the line
@example(b"x %% y\nz %%\nw")
@example(b"- #ops[[growth ops]]a")  # a tag ends where a link starts
@example(b"- #tag[[growth ops]]a")
@example(b"---\ntitle: x\n...\n- a[[growth ops]][[x|y]]")
@example(b"---\ntitle: x\n...\n- [[growth ops]]a[[x|y]]")
def test_every_non_blank_line_is_mapped_and_its_words_are_on_its_page(data: bytes) -> None:
    try:
        hb = _load(data)
    except NotesError:
        return
    text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    raw = re.split(r"\r\n|\r|\n", text)
    if raw and raw[-1] == "":
        raw.pop()
    assert [m.line for m in hb.source_map] == list(range(1, len(raw) + 1))
    visible = _visible(raw)
    # the map keeps each line, but not the text of a %%comment%% (source-map.json is published)
    start = hb_body_start(hb)
    shown = [*raw[: start - 1], *_visible(raw[start - 1 :])]
    assert [m.text for m in hb.source_map] == [
        t if t == r else t.rstrip() for t, r in zip(shown, raw, strict=True)
    ]
    pages = {url: words(t) for url, t in page_texts(hb).items()}
    for m in hb.source_map:
        seen = visible[m.line - 1] if m.line >= hb_body_start(hb) else m.text
        if m.page is None:
            assert m.reason
            if m.reason not in ("frontmatter fence", "comment"):
                assert not _shown(seen), m
            continue
        page = pages[m.page.url(hb.slug)]
        # As rendered text ([[a]] → a), or as written (inside a code block).
        variants = (_shown(seen), _shown(seen, " "), words(m.text))
        # Links that resolve are elements of their own and read apart from the text they
        # touch, those that do not run into it ("[[growth ops]]a[[x|y]]" → "growth opsa" "y"):
        # failing a run of words, the line's letters must still stand together on the page.
        together = "".join(_shown(seen)) in "".join(page)
        assert together or any(contains_run(page, v) for v in variants), (m.line, m.text, m.page)


@RENDERED
@given(notes())
def test_same_notes_same_output(data: bytes) -> None:
    try:
        first = _load(data)
    except NotesError as exc:
        try:
            _load(data)
        except NotesError as again:
            assert str(again) == str(exc)
        return
    second = _load(data)
    assert first == second
    assert page_texts(first) == page_texts(second)
