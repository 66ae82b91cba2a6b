"""The outline stage reads the shipped notes' quirks the way their author meant them."""

from __future__ import annotations

from prep_handbook.outline import Kind, Node, outline
from prep_handbook.read import read_notes
from sample import (
    BUCKETS,
    CONNECTION,
    EMPTY_BULLETS,
    EVIDENCE,
    LINES,
    LOOSE_GROUPS,
    OPERATIONS,
    OPS_INTRO,
    PITCH,
    POINTS,
    SHIPPED,
    TO_ASK,
    TO_ASK_LABEL,
    WHY,
)


def _shipped() -> list[Node]:
    doc = read_notes("seeds/traba-preparation.md", "traba-preparation", SHIPPED.read_bytes())
    return list(outline(doc).blocks)


def _at(blocks: list[Node], line: int) -> Node:
    return next(n for b in blocks for n in b.walk() if n.owns_lines and n.span.start == line)


def _outline(text: str) -> list[Node]:
    return list(outline(read_notes("seeds/t.md", "t", text.encode())).blocks)


def test_frontmatter_is_split_off_and_body_starts_after_it() -> None:
    doc = read_notes("seeds/traba-preparation.md", "traba-preparation", SHIPPED.read_bytes())
    assert doc.meta == {"title": "traba preparation"}
    assert doc.body_start == 4
    assert len(doc.lines) == LINES


def test_logseq_page_properties_are_frontmatter_and_heading_bullets_are_their_text() -> None:
    text = "- company:: Saltmarsh Labs\n  Tags:: prep, data\n- ## Why Saltmarsh\n\t- a\n"
    doc = read_notes("seeds/s.md", "s", text.encode())
    assert doc.meta == {"company": "Saltmarsh Labs", "tags": "prep, data"}
    assert doc.body_start == 3
    assert [n.text for n in outline(doc).blocks[0].walk()] == ["Why Saltmarsh", "a"]
    roam = read_notes(
        "seeds/r.md", "r", b"- **Company**:: [[Marlow Freight]]\n- #[[Why Marlow]]\n    - a\n"
    )
    assert roam.meta == {"company": "Marlow Freight"} and roam.body_start == 2
    assert [n.text for n in outline(roam).blocks[0].walk()] == ["Why Marlow", "a"]
    apart = read_notes("seeds/p.md", "p", b"note:: a\n\n- company:: x\n")
    assert apart.meta == {"note": "a"} and apart.body_start == 2
    assert read_notes("seeds/q.md", "q", b"- a\ncompany:: x\n").meta == {}


def test_pitch_quote_is_one_block_of_five_lines_and_does_not_swallow_the_list() -> None:
    blocks = _shipped()
    assert blocks[0].kind is Kind.QUOTE
    assert [c.span.start for c in blocks[0].children] == PITCH
    # line 9 is ">i ve seen…" with no space after '>'
    assert blocks[0].children[-1].text.startswith("i ve seen how important")
    # line 12 is a quote directly followed by a list: the list (13–22) is not part of it
    assert blocks[1].kind is Kind.QUOTE
    assert [c.span.start for c in blocks[1].children] == WHY
    assert blocks[2].kind is Kind.ITEM and blocks[2].text == "connection:"


def test_tab_indented_children_and_evidence() -> None:
    blocks = _shipped()
    connection = _at(blocks, CONNECTION)
    assert [c.span.start for c in connection.children] == POINTS
    for point, evidence in EVIDENCE.items():
        assert [c.span.start for c in _at(blocks, point).children] == evidence
    assert _at(blocks, 18).text.startswith('_"I currently lead')


def test_double_bullet_and_quote_inside_bullet() -> None:
    blocks = _shipped()
    assert _at(blocks, 27).text.startswith("Emphasize your desire")  # "- - Emphasize"
    q = _at(blocks, 29)
    assert q.quoted and q.text.startswith("“At OpenAI scale")


def test_column_zero_quote_lines_continue_the_list_as_items() -> None:
    blocks = _shipped()
    questions = _at(blocks, TO_ASK_LABEL)
    assert [c.span.start for c in questions.children] == TO_ASK
    for line in (32, 33, 34):
        node = _at(blocks, line)
        assert node.kind is Kind.ITEM and node.quoted and node.text.startswith("“")
    assert _at(blocks, 35).text == "converting->"


def test_loose_line_followed_by_a_list_labels_it() -> None:
    blocks = _shipped()
    operations = _at(blocks, OPERATIONS)
    assert operations.kind is Kind.LINE and operations.text == "operations"
    labels = [label for label, _items in BUCKETS.values()]
    assert [c.span.start for c in operations.children] == [OPS_INTRO, *labels]
    for anchor, (label, items) in BUCKETS.items():
        under = [c.span.start for c in _at(blocks, label).children]
        assert under == items + ([EMPTY_BULLETS[0]] if anchor == "growth-ops" else []), anchor
    assert _at(blocks, EMPTY_BULLETS[0]).is_empty


def test_blank_lines_separate_groups_of_loose_lines() -> None:
    groups = [b for b in _shipped() if b.kind is Kind.GROUP]
    assert [[c.span.start for c in g.children] for g in groups] == LOOSE_GROUPS


def test_last_line_empty_bullet_does_not_make_a_heading() -> None:
    blocks = _shipped()
    last = blocks[-1]
    assert last.kind is Kind.GROUP
    assert last.children[0].text == "build that trust"
    assert last.children[0].children[0].is_empty
    assert last.children[0].children[0].span.start == EMPTY_BULLETS[-1]


def test_headings_nest_by_level() -> None:
    blocks = _outline("# T\n## A\ntext\n### B\n- x\n## C\n")
    assert [b.text for b in blocks] == ["T"]
    a, c = blocks[0].children
    assert (a.text, c.text) == ("A", "C")
    assert [n.kind for n in a.children] == [Kind.GROUP, Kind.HEADING]


def test_two_and_four_space_and_numbered_bullets_nest_alike() -> None:
    for text in (
        "- a\n  - b\n    - c\n",
        "* a\n    * b\n        * c\n",
        "1. a\n   2) b\n      + c\n",
    ):
        (a,) = [n for b in _outline(text) for n in b.walk() if n.text == "a"]
        assert a.children[0].text == "b" and a.children[0].children[0].text == "c", text


def test_code_fence_keeps_its_lines_together_even_unclosed() -> None:
    blocks = _outline("intro\n```\n- not a bullet\n> not a quote\n")
    code = [n for b in blocks for n in b.walk() if n.kind is Kind.CODE]
    assert len(code) == 1 and (code[0].span.start, code[0].span.end) == (2, 4)


def test_crlf_lone_cr_and_bom_read_the_same_as_lf() -> None:
    original = SHIPPED.read_bytes()
    base = read_notes("seeds/t.md", "t", original)
    for variant in (
        original.replace(b"\n", b"\r\n"),
        original.replace(b"\n", b"\r"),
        b"\xef\xbb\xbf" + original,
    ):
        doc = read_notes("seeds/t.md", "t", variant)
        assert doc.lines == base.lines and doc.meta == base.meta
