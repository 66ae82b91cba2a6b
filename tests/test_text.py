"""The text helpers, output for output: what a reader sees of a line, its words, its slug, and
the safe inline Markdown every line of notes is shown as."""

from __future__ import annotations

import pytest
from prep_handbook.text import (
    attr_value,
    balance_quotes,
    embeds,
    inline_markdown,
    normalize_label,
    plain,
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


def test_wikilinks_and_embeds_are_told_apart() -> None:
    line = "a [[x#h|al]] ![[img.png|3]] [[ y ]] ![[n#h]]"
    assert wikilinks(line) == [("x", "h", "al"), ("y", None, None)]
    assert embeds(line) == [("img.png", None, "3"), ("n", "h", None)]
