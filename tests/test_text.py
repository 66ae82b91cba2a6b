"""The text helpers, output for output: what a reader sees of a line, its words, its slug, and
the safe inline Markdown every line of notes is shown as."""

from __future__ import annotations

import os
import posixpath
import subprocess
import sys
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from prep_handbook import text
from prep_handbook.text import (
    attr_value,
    balance_quotes,
    embeds,
    inline_html,
    inline_markdown,
    normalize_label,
    plain,
    relative_path,
    slugify,
    strip_tags,
    wikilinks,
    words,
)


def _resolve(target: str, heading: str | None, alias: str | None) -> str | None:
    known = ("growth ops", "!diagram.png")
    return f"[L:{target}|{heading}|{alias}]" if target in known else None


def _tags(name: str) -> str | None:
    return f"tags/#{name}" if name == "tag" else None


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a & b < c > d {x}", "a &amp; b &lt; c &gt; d \\{x\\}"),
        (
            "see [[growth ops]] and [[nowhere#part|shown]] and [[nowhere#part]]",
            "see [L:growth ops|None|None] and shown and nowhere › part",
        ),
        (
            "![[diagram.png|300]] and ![[gone.png|300]] and ![[gone.png|a pic]]",
            "[L:!diagram.png|None|300] and gone.png and a pic",
        ),
        (
            "<https://example.com/a> and [site](https://example.com) and [bad](javascript:x(1))",
            "[https://example.com/a](https://example.com/a) and [site](https://example.com) and "
            "\\[bad\\](javascript:x(1))",
        ),
        (
            '[q](http://x.y/"onmouseover) and ![img](pic.png "title")',
            '\\[q\\](http://x.y/"onmouseover) and ![img](pic.png "title")',
        ),
        ("# heading", "&#35; heading"),
        ("> quote", "&gt; quote"),
        ("1. one", "&#49;. one"),
        ("* star item", "&#42; star item"),
        ("- dash", "&#45; dash"),
        ("*emph* start", "*emph* start"),
        ("**bold** start", "**bold** start"),
        ("![img](a.png)", "![img](a.png)"),
        ("`<code>` & <b>", "`<code>` &amp; &lt;b&gt;"),
        ("#tag and #other", "[#tag](tags/#tag){ .handbook-tag } and #other"),
        ("x #tag", "x [#tag](tags/#tag){ .handbook-tag }"),
        ("double  spaced\ttext", "double spaced text"),
        (
            "[rel](../a.md#b) [mail](mailto:a@b.c) [frag](#x) [data](data:text/html,hi)",
            "[rel](../a.md#b) [mail](mailto:a@b.c) [frag](#x) \\[data\\](data:text/html,hi)",
        ),
    ],
)
def test_inline_markdown_shows_what_was_written_and_runs_nothing(text: str, shown: str) -> None:
    assert inline_markdown(text, _resolve, tag_link=_tags) == shown


def test_allowed_html_goes_through_and_attribute_lists_never_do() -> None:
    assert inline_markdown("<b>hi</b> {x}", allow_html=True) == "<b>hi</b> \\{x\\}"
    assert inline_markdown("<b>hi</b>") == "&lt;b&gt;hi&lt;/b&gt;"


@pytest.mark.parametrize(
    ("text", "balanced"),
    [
        ("“open only", "open only"),
        ("close only”", "close only"),
        ("“both”", "“both”"),
        ('"odd', "odd"),
        ('odd"', "odd"),
        ('"two" "x', 'two" "x'),
        ("  “ spaced", "spaced"),
        ('mid "x" y"', 'mid "x" y'),
        ('"a"', '"a"'),
        ("none", "none"),
    ],
)
def test_balance_quotes(text: str, balanced: str) -> None:
    assert balance_quotes(text) == balanced


def test_words_are_lowercased_light_stems_without_stopwords_or_short_words() -> None:
    assert words("The Operations team's forecasting, at scale!") == {
        "operat",
        "team",
        "foreca",
        "scale",
    }
    assert words("operational forecasts closed ring boxes class go") == {
        "operat",
        "foreca",
        "clos",
        "ring",
        "boxe",
        "clas",
    }


def test_slugs_plain_text_and_labels() -> None:
    assert slugify("Ünïcode — Growth ops!") == "unicode-growth-ops"
    assert slugify("---") == ""
    assert plain("**b** _i_ `c` [l](u) ==h== x\ny") == "b i c l h x y"
    assert plain("no syntax here") == "no syntax here"
    assert normalize_label("  **Growth_Ops:** -> ") == "growth ops"
    assert strip_tags("a #ops  #keep   b #OPS", {"ops"}) == "a #keep b"
    assert attr_value('a"b{c}\\d\ne') == "abcde"


def test_a_link_after_an_opening_bracket_is_a_link_not_a_broken_wikilink() -> None:
    assert inline_markdown("see [[l](u) here") == "see [[l](u) here"
    assert wikilinks("see [[l](u) here") == []


def test_wikilinks_and_embeds_are_told_apart() -> None:
    line = "a [[x#h|al]] ![[img.png|3]] [[ y ]] ![[n#h]]"
    assert wikilinks(line) == [("x", "h", "al"), ("y", None, None)]
    assert embeds(line) == [("img.png", None, "3"), ("n", "h", None)]


# The parser is imported only for lines that need it; every other line must come out exactly as
# markdown-it would give it. Characters chosen to hit every inline rule and the emphasis edges.
_INLINE_ALPHABET = st.sampled_from(
    [
        *"ab Z9.,!?\"'()-:;#&<>[]*_`\\=~\t\n\r\u00a0\u3000\x00é",
        *("&amp;", "&#35;", "&nope;", "**", "__", "](x)", "<b>", "http://x.y", "[[", "]]", "|"),
    ]
)


def _parsed(line: str) -> tuple[str, str, str]:
    """plain and inline_html (both HTML settings) of a line, every line through the parser."""
    with mock.patch.object(text, "_simple", lambda _line: None):
        text.plain.cache_clear()
        text.inline_html.cache_clear()
        try:
            return plain(line), inline_html(line), inline_html(line, allow_html=True)
        finally:
            text.plain.cache_clear()
            text.inline_html.cache_clear()


@settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "300")) * 2, deadline=None)
@given(st.lists(_INLINE_ALPHABET, max_size=12).map("".join))
@example('_"I lead ops for GPU fleets — like Traba."_')
@example("**Why Traba?**")
@example("*a*b*")
@example("_a_b")
@example("** a**")
@example("x [[a|b]] ==y==")
def test_lines_without_inline_syntax_skip_the_parser_and_read_the_same(line: str) -> None:
    fast = plain(line), inline_html(line), inline_html(line, allow_html=True)
    assert fast == _parsed(line)


def test_the_parser_is_not_imported_for_plain_notes() -> None:
    """The fast path is what keeps markdown-it out of a build of plain notes."""
    code = (
        "import sys; from prep_handbook.text import plain, inline_html; "
        "plain('I lead ops — Q&A, 3 > 2!'); plain('_\"quoted pitch\"_'); "
        "inline_html('**Why us?**'); print('markdown_it' in sys.modules); "
        "plain('**a** and *b*'); print('markdown_it' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["False", "True"]


# Shortcuts taken for speed (most lines hold no tag, link or code span): each must give what
# the long way gives, for any line. The long way is the pattern itself, or the general function.
_SHORTCUT_ALPHABET = st.sampled_from(
    [*"ab Z9 #@`[]()<>!|:./\t'’", "#ops", "[[x]]", "![[y.png|3]]", "[l](u)", "<http://x.y>"]
)


@settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "300")), deadline=None)
@given(st.lists(_SHORTCUT_ALPHABET, max_size=10).map("".join))
@example("a #ops b")
@example("#x")
@example("see [[n]] and ![[m]]")
@example("[[l](u)")  # a link after a "[": once a crash (read as a wikilink, which it is not)
@example("  a  #ops\tb  #keep ")
@example(" a\t\tb ")
def test_shortcuts_for_lines_without_tags_or_links_change_nothing(line: str) -> None:
    assert text.tags(line) == tuple(m.group(1) for m in text._TAG.finditer(line))
    long_untagged = text._SPACES.sub(" ", text._TAG.sub("", line)).strip()
    assert text.untagged(line) == long_untagged
    marks = {"ops", "x"}
    kept = text._TAG.sub(lambda m: "" if m.group(1).lower() in marks else m.group(0), line)
    assert strip_tags(line, marks) == text._SPACES.sub(" ", kept).strip()
    assert wikilinks(line) == [
        (m.group(2).strip(), m.group(3), m.group(4))
        for m in text._WIKILINK.finditer(line)
        if not m.group(1)
    ]
    assert embeds(line) == [
        (m.group(2).strip(), m.group(3), m.group(4))
        for m in text._WIKILINK.finditer(line)
        if m.group(1)
    ]
    for allow_html in (False, True):
        assert text._escape_segment(line, _resolve, allow_html, _tags) == text._escape_links(
            line, _resolve, allow_html, _tags
        )


_PATHS = st.lists(st.sampled_from(["acme", "acme-2", "media", "a", "questions.md", "", ".", ".."]))


@settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "300")), deadline=None)
@given(_PATHS.map("/".join).filter(bool), _PATHS.map("/".join))
@example("acme/questions.md", "acme")
@example("media/image-1.png", "acme-2")
@example("index.md", "")
@example("acme/questions.md", "acme/notes")
@example("acme", "acme")
@example("a/media/x.png", "acme/media")  # a part in common after one that differs
@example("./acme/questions.md", "acme")
@example("acme/questions.md", "acme/")
@example("acme", "acme/a/..")
def test_links_between_pages_are_what_posixpath_relpath_gives(target: str, start: str) -> None:
    """Links are written without posixpath.relpath (its abspath calls cost a big site seconds),
    and must still be what it gives: the shortcut for normal paths, relpath for the others."""
    assert relative_path(target, start) == posixpath.relpath(target, start or ".")
