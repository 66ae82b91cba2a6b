"""Classification: the shipped notes land where README.md's "Writing notes" and DEVELOPMENT.md's
"Notes styles, in full" and "Sorting, in full" say (what lands where, the annotated sample, how
lines are sorted), and the rules behind it."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from prep_handbook import NotesError, RulesConfigError, build_site, settings_from_mapping
from prep_handbook.assemble import _leftovers, _Placer
from prep_handbook.model import Handbook, PageKind, Rule, Section
from prep_handbook.naming import identify
from prep_handbook.outline import outline
from prep_handbook.pipeline import Settings, _load_all, find_sources, load_handbook
from prep_handbook.read import read_notes
from prep_handbook.rules import DEFAULT_RULES, extend_rules
from prep_handbook.text import inline_markdown
from prep_handbook.vault import Vault
from sample import (
    BUCKETS,
    EMPTY_BULLETS,
    EVIDENCE,
    FRONTMATTER_FENCES,
    LOOSE_GROUPS,
    OPS_INTRO,
    PITCH,
    POINTS,
    SHIPPED,
    TALKING_POINTS,
    THEY_ASK,
    TO_ASK,
    WHY,
)
from summary import summarize


@pytest.fixture(scope="module")
def traba() -> Handbook:
    return load_handbook(
        "seeds/traba-preparation.md", "traba-preparation", SHIPPED.read_bytes(), DEFAULT_RULES
    )


def test_company_and_slug_from_title(traba: Handbook) -> None:
    assert (traba.company, traba.slug, traba.title) == ("Traba", "traba", "traba preparation")


def test_placement_matches_the_sample_s_parts(traba: Handbook) -> None:
    s = summarize(traba)
    assert s["pitch"] == [PITCH]  # one story
    assert s["why"] == [WHY]
    assert s["mapping"] == {n: EVIDENCE.get(n, []) for n in POINTS}
    assert s["they_ask"] == THEY_ASK
    assert s["talking_points"] == TALKING_POINTS
    assert s["to_ask"] == TO_ASK  # 33 and 34 each their own item, 35 the unfinished one
    assert s["ops_intro"] == [OPS_INTRO]  # "three buckets" as their intro
    assert s["buckets"] == {anchor: items for anchor, (_label, items) in BUCKETS.items()}
    assert s["business"] == LOOSE_GROUPS  # grouped as written
    assert s["more"] == []
    pages = s["pages"]
    assert isinstance(pages, dict)
    assert pages["traba/narrative/"] == PITCH + WHY
    assert pages["traba/mapping/"] == list(range(13, 23))
    assert pages["traba/questions/"] == list(range(23, 36))
    assert pages["traba/"] == [2]
    assert [s["unplaced"][n] for n in EMPTY_BULLETS] == ["empty bullet"] * len(EMPTY_BULLETS)
    assert [s["unplaced"][n] for n in FRONTMATTER_FENCES] == ["frontmatter fence"] * 2


def test_why_question_is_recognised_and_notes_page_is_absent(traba: Handbook) -> None:
    assert traba.why_question is not None
    assert traba.why_question.question.span.start == 24
    assert PageKind.NOTES not in traba.pages


def test_every_line_is_in_the_source_map(traba: Handbook) -> None:
    lines = SHIPPED.read_text(encoding="utf-8").split("\n")
    if lines[-1] == "":
        lines.pop()
    assert [m.line for m in traba.source_map] == list(range(1, len(lines) + 1))
    assert [m.text for m in traba.source_map] == lines
    for m in traba.source_map:
        assert (m.page is None) == (m.reason is not None), m
        if not m.text.strip(" \t->"):
            assert m.page is None


def test_related_links_are_deterministic_and_point_into_the_ops_model(traba: Handbook) -> None:
    again = load_handbook(
        "seeds/traba-preparation.md", "traba-preparation", SHIPPED.read_bytes(), DEFAULT_RULES
    )
    assert again.mapping == traba.mapping
    assert all(link.page is PageKind.OPS for m in traba.mapping for link in m.related)
    growth = next(m for m in traba.mapping if m.point.text == "growth / pm roles")
    assert growth.related[0].anchor == "growth-ops"


def _hb(text: str, rules=DEFAULT_RULES, stem: str = "acme-notes") -> Handbook:  # type: ignore[no-untyped-def]
    path = "seeds/t.md" if stem == "acme-notes" else f"seeds/{stem}.md"
    return load_handbook(path, stem, text.encode(), rules)


def test_explicit_wikilink_wins_over_word_overlap() -> None:
    hb = _hb(
        "- experience\n\t- ran repairs [[support ops]]\n- operations\n\t- growth ops\n"
        "\t\t- repairs repairs\n\t- support ops\n\t\t- tickets\n"
    )
    (point,) = hb.mapping
    assert point.explicit and [link.anchor for link in point.related] == ["support-ops"]


def test_link_to_a_note_elsewhere_is_reported_and_a_near_miss_is_a_warning() -> None:
    hb = _hb("- operations\n\t- growth ops\n\t\t- sales [[Other Company Prep]] [[growth opps]]\n")
    warnings, elsewhere = Vault([hb]).check(hb)
    assert [str(w).split(" — ")[0] for w in elsewhere] == [
        "seeds/t.md:3: [[Other Company Prep]] names a note that is not in the seeds folder: "
        "shown as plain text"
    ]
    assert [str(w).split(" — ")[0] for w in warnings] == [
        "seeds/t.md:3: the link [[growth opps]] matches no heading, label, bucket or question in "
        "this handbook, and no other notes file; did you mean [[growth ops]]?"
    ]


def test_logseq_page_links_as_bullets_are_notes_elsewhere_not_near_misses_of_themselves() -> None:
    """``- [[Deadline]]`` (a Logseq page) names a note outside seeds/: shown as text, an INFO
    line; it once offered itself, in doubled brackets, as a near miss and failed --strict."""
    hb = _hb("- questions:\n\t- [[Deadline]]\n\t- [[Writing Prompts]]\n")
    warnings, elsewhere = Vault([hb]).check(hb)
    assert warnings == ()
    assert [str(w).split(": [[")[1].split("]]")[0] for w in elsewhere] == [
        "Deadline",
        "Writing Prompts",
    ]


def test_mark_on_a_label_moves_the_whole_list() -> None:
    hb = _hb("- stuff I wrote #they-ask\n\t- why acme?\n\t\t- because\n")
    assert summarize(hb)["they_ask"] == {2: [3]}


def test_user_rules_from_mkdocs_yml_extend_the_defaults() -> None:
    text = "- drill list\n\t- the ledger rewrite\n\t\t- I fix things\n\npayroll runs weekly\n"
    default = summarize(_hb(text))
    assert default["they_ask"] == {} and default["business"] == []
    rules = extend_rules(
        DEFAULT_RULES,
        {"labels": {"they-ask": ["^drill list$"]}, "words": {"business": ["payroll"]}},
    )
    custom = summarize(_hb(text, rules))
    assert custom["they_ask"] == {2: [3]}
    assert custom["business"] == [[5]]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"rules": {"labels": {"nope": ["x"]}}}, "'nope' is not a section"),
        ({"rules": {"labels": {"ops": ["("]}}}, "bad pattern '('"),
        ({"rules": {"question": "(unclosed"}}, "rules.question: bad pattern '(unclosed'"),
        ({"rules": {"question": ["?$"]}}, "rules.question must be one pattern"),
        ({"rules": {"colours": {}}}, "unknown key(s) colours"),
        ({"seedz": "x"}, "unknown key(s) seedz"),
    ],
)
def test_bad_rules_config_is_a_clear_error(config: dict[str, object], message: str) -> None:
    with pytest.raises(RulesConfigError, match=re.escape(message)):
        settings_from_mapping(config, Path("."))


def test_company_from_frontmatter_then_title_then_file_name() -> None:
    assert _hb("---\ncompany: Acme Corp\ntitle: whatever\n---\n").slug == "acme-corp"
    assert _hb("# Interview notes: Globex\n").company == "Globex"
    assert _hb("").company == "Acme"


def _write(root: Path, files: dict[str, bytes]) -> Path:
    (root / "seeds").mkdir(parents=True)
    for name, data in files.items():
        (root / "seeds" / name).write_bytes(data)
    return root


def _load_seeds(root: Path) -> tuple[list[str], list[str], list[str]]:
    """The seeds folder as the pipeline loads it, short of rendering a page: the handbooks'
    kinds and sources, the errors, and the files that are no notes."""
    notes, other = find_sources(root / "seeds")
    handbooks, _outlines, errors = _load_all(notes, Settings(project_dir=root))
    kinds = [f"{type(hb).__name__} {hb.source}" for hb in handbooks]
    return kinds, [str(e) for e in errors], [p.name for p in other]


def test_two_files_with_the_same_company_are_an_error_not_an_overwrite(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {"a.md": b"---\ncompany: Acme\n---\n- x\n", "b.md": b"---\ncompany: acme\n---\n- y\n"},
    )
    assert _load_seeds(root) == (
        ["Handbook seeds/a.md"],
        [
            "seeds/b.md:1: its handbook would be /acme/, which seeds/a.md already has — "
            "give one of the two files its own 'company:' in the frontmatter"
        ],
        [],
    )


_BROKEN_AND_OTHER = {
    "good.md": b"- questions:\n\t- why?\n",
    "bad.md": b"\xff\xfe",
    "photo.png": b"\x89PNG",
}


def test_broken_file_keeps_the_others_and_non_markdown_is_set_apart(tmp_path: Path) -> None:
    kinds, errors, other = _load_seeds(_write(tmp_path, _BROKEN_AND_OTHER))
    assert kinds == ["BrokenHandbook seeds/bad.md", "Handbook seeds/good.md"]
    assert len(errors) == 1 and errors[0].startswith("seeds/bad.md:1: byte 0xff")
    assert other == ["photo.png"]


@pytest.mark.site
def test_the_build_of_a_broken_file_and_a_picture_says_so_and_builds_the_rest(
    tmp_path: Path,
) -> None:
    site = build_site(settings_from_mapping(None, _write(tmp_path, _BROKEN_AND_OTHER)))
    assert [type(hb).__name__ for hb in site.handbooks] == ["BrokenHandbook", "Handbook"]
    assert len(site.errors) == 1 and str(site.errors[0]).startswith("seeds/bad.md:1: byte 0xff")
    assert site.notices[0] == (
        "seeds/photo.png: not a Markdown notes file (.md) and embedded nowhere, left alone"
    )
    assert site.notices[1:] == (
        "seeds/good.md: ready — no open questions, unfinished lines or typos",
    )
    paths = {f.path for f in site.files}
    assert {"bad/index.md", "good/questions.md", "index.md"} <= paths


def test_notes_error_has_the_documented_shape() -> None:
    with pytest.raises(NotesError) as info:
        _hb("---\ntitle: [x\n---\n")
    assert str(info.value).startswith("seeds/t.md:")
    assert " — " in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('*x*{ onclick="alert(1)" }', "<[^>]*onclick"),
        ("[a](javascript:alert(1))", "href=.javascript"),
        ("<img src=x onerror=alert(1)>", "<img"),
        ("# not a heading", "<h1"),
        ("1. not a list", "<ol"),
        ("> not a quote", "<blockquote"),
    ],
)
def test_inline_markdown_cannot_inject(text: str, forbidden: str) -> None:
    html = markdown.markdown(f"- {inline_markdown(text)}", extensions=["attr_list", "md_in_html"])
    assert not re.search(forbidden, html), html


def test_inline_markdown_keeps_emphasis_code_and_safe_links() -> None:
    out = inline_markdown("_said_ `a<b` [site](https://example.com) a->b")
    assert out == "_said_ `a<b` [site](https://example.com) a-&gt;b"


def test_related_links_on_the_sample_are_only_the_telling_ones(traba: Handbook) -> None:
    related = {
        mp.point.span.start: [(ln.title, ln.anchor) for ln in mp.related] for mp in traba.mapping
    }
    assert related == {
        14: [],  # "the process of building the parts…": only everyday words in common
        15: [("gpu skus forecast on google sheets", "notes-L50")],
        16: [("growth ops", "growth-ops")],  # "growth" names the bucket
        17: [("worker ops", "worker-ops"), ("software", "notes-L44")],  # ops, scale, worker
        19: [
            ("going from contingent labor", "notes-L41"),
            ("gpu skus forecast on google sheets", "notes-L50"),
        ],
        21: [],  # "building interal tools": "build" and "system" tell nothing
    }


def test_a_written_link_wins_over_shared_words() -> None:
    hb = _hb(
        "- connection:\n\t- growth work [[customer ops]]\n"
        "- operations\n\t- growth ops\n\t\t- growth\n\t- customer ops\n\t\t- accounts\n"
    )
    (point,) = hb.mapping
    assert point.explicit and [ln.anchor for ln in point.related] == ["customer-ops"]


def test_the_safety_net_shows_every_line_no_section_placed() -> None:
    tree = outline(read_notes("seeds/t.md", "t", b"- a #ops\n\t- b\nloose line\n---\n- \n"))
    placer = _Placer(frozenset({"ops"}))
    placer.entry(tree.blocks[0].children[0], PageKind.OPS, Section.OPS, Rule.LABEL)  # "b" only
    (group,) = _leftovers(tree.nodes(), placer, identify(tree.document, tree.blocks))
    assert [e.text for e in group.entries] == ["a", "loose line"]  # marks off; no rule, no "- "
    assert {n: (p.page, p.rule) for n, p in placer.placed.items()} == {
        1: (PageKind.NOTES, Rule.LEFTOVER),
        2: (PageKind.OPS, Rule.LABEL),
        3: (PageKind.NOTES, Rule.LEFTOVER),
    }


def test_a_rare_shared_word_outweighs_a_common_one() -> None:
    hb = _hb(
        "- connection:\n\t- fleet dispatch work\n"
        "- operations\n\t- fleet east\n\t\t- a\n\t- fleet north\n\t\t- b\n"
        "\t- fleet west\n\t\t- c\n\t- dispatch desk\n\t\t- d\n"
    )
    (point,) = hb.mapping
    # "dispatch" names one part, "fleet" three: the rare word's part comes first.
    assert [ln.anchor for ln in point.related] == ["dispatch-desk", "fleet-east"]


def test_bucket_anchors_are_unique_and_never_a_section_id() -> None:
    hb = _hb(
        "- operations\n\t- growth ops\n\t\t- a\n\t- growth ops\n\t\t- b\n\t- buckets\n\t\t- c\n"
    )
    assert [b.anchor for b in hb.buckets] == ["growth-ops", "growth-ops-2", "buckets-2"]
    assert [[i.text for i in b.items] for b in hb.buckets] == [["a"], ["b"], ["c"]]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("nope", "extra.handbook.rules must be a mapping (marks/labels/quotes/words/question)"),
        (
            {"colours": {}, "marks": {}, "labels": {}, "quotes": {}, "words": {}},
            "extra.handbook.rules: unknown key(s) colours; use marks, labels, quotes, words or "
            "question",
        ),
        ({"marks": ["x"]}, "extra.handbook.rules.marks must map a tag to a section"),
        (
            {"marks": {"x": "nope"}},
            "extra.handbook.rules.marks: 'nope' is not a section; use one of pitch, why, mapping, "
            "ops, business, they-ask, ask, logistics, more, tasks",
        ),
        ({"labels": "x"}, "extra.handbook.rules.labels must map a section to a list"),
        (
            {"quotes": {"why": "("}},
            "extra.handbook.rules.quotes.why: bad pattern '(' (missing ), unterminated subpattern "
            "at position 0)",
        ),
        (
            {"question": ""},
            "extra.handbook.rules.question must be one pattern (a string), e.g. '\\?$'",
        ),
    ],
)
def test_rules_config_errors_say_exactly_what_to_write(config: object, message: str) -> None:
    with pytest.raises(RulesConfigError) as caught:
        extend_rules(DEFAULT_RULES, config)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_user_marks_quotes_and_question_pattern_take_effect() -> None:
    rules = extend_rules(
        DEFAULT_RULES,
        {
            "marks": {"#Prep": "pitch"},
            "quotes": {"why": [r"\bmission\b"]},
            "question": r"^Q\b",
        },
    )
    text = (
        "> the mission matters to me\n\n"
        "- payroll runs weekly #PREP\n\n"
        "- questions they ask me\n\t- Q how do you plan\n\t- what is x?\n"
    )
    s = summarize(_hb(text, rules))
    assert s["why"] == [[1]]  # the user's quote pattern; the default would make it the pitch
    assert s["pitch"] == [[3]]  # '#Prep' written '#PREP'
    assert s["they_ask"] == {6: []}  # only what the user's pattern calls a question
    assert s["talking_points"] == [7]
    default = summarize(_hb(text))
    assert default["pitch"] == [[1]] and default["more"] == [[3]]
    assert default["they_ask"] == {7: []} and default["talking_points"] == [6]


@pytest.mark.parametrize(
    ("stem", "text", "named_as"),
    [
        (
            "x",
            "---\ncompany: Acme Corp\ntitle: whatever prep\n---\n# Globex\n",
            ("Acme Corp", "acme-corp", True),
        ),
        ("x", "---\ntitle: globex onsite notes\n---\n- a\n", ("Globex", "globex", True)),
        ("headings", "# Stripe interview prep\n## Pitch\n- a\n", ("Stripe", "stripe", True)),
        (
            "quillpay-jd",
            "# Quillpay - Senior Product Manager\n- a\n",
            ("Quillpay", "quillpay", True),
        ),
        ("Acme Interview Prep", "# Tell me about yourself\n- I build\n", ("Acme", "acme", True)),
        ("Acme Prep", "# Talk outline\n- intro\n", ("Acme", "acme", True)),
        (
            "Behavior Question",
            "# Behavior Question\n1. Why?\n",
            ("Behavior Question", "behavior-question", False),
        ),
        ("notes", "Bluefin Bank interview\n\n- a\n", ("Bluefin Bank", "bluefin-bank", True)),
        ("notes", "just a few words here.\n\n- a\n", ("Notes", "notes", False)),
        (
            "orbit",
            "- Orbit onsite #interview\n\t- company\n\t\t- they sell\n",
            ("Orbit", "orbit", True),
        ),
        ("rounds", "# Round 1\n- a\n# Round 2\n- b\n", ("Rounds", "rounds", True)),
        ("untitled", "", ("Untitled", "untitled", False)),
        ("x", "# 🚀 Lumina cheat sheet\n- a\n", ("Lumina", "lumina", True)),
        ("dunmore-research", "Dunmore Energy\n\n- a\n", ("Dunmore Energy", "dunmore-energy", True)),
        ("bluefin-bank", "# Bluefin Bank\n- a\n", ("Bluefin Bank", "bluefin-bank", True)),
        (  # the part of the title the file name shares; "recruiter" and "call" name nobody
            "pellucid-recruiter-call",
            "# Call with Marisol (recruiter) - Pellucid\n- a\n",
            ("Pellucid", "pellucid", True),
        ),
        (  # "Product sense" is a kind of interview; a role after the name is not the name
            "loomstack-pm",
            "# Product sense - Loomstack PM interview\n- a\n",
            ("Loomstack", "loomstack", True),
        ),
        (  # a file name with more words than the name: the title's name it shares
            "qa-dashes-fulcrum",
            "Fulcrum interview\n\nQ - Why us?\nA - pricing is my field\n",
            ("Fulcrum", "fulcrum", True),
        ),
        (  # a title line with notes right under it: it names the file's name and the event
            "tiny-opal",
            "Opal Health onsite Friday 10am\nwhy opal: I want to work on scheduling\n",
            ("Opal Health", "opal-health", True),
        ),
        (  # … but a sentence about the company is no title
            "acme",
            "Acme sells payroll software\nthey have 300 customers\n",
            ("Acme", "acme", True),
        ),
        (  # Logseq page properties are the page's frontmatter
            "x",
            "- company:: Saltmarsh Labs\n  stage:: final\n- ## Why us\n\t- a\n",
            ("Saltmarsh Labs", "saltmarsh-labs", True),
        ),
    ],
)
def test_the_handbook_is_named_as_the_author_would(
    stem: str, text: str, named_as: tuple[str, str, bool]
) -> None:
    hb = _hb(text, stem=stem)
    assert (hb.company, hb.slug, hb.named) == named_as


def test_a_title_line_or_root_bullet_is_the_title_and_shown_once() -> None:
    hb = _hb("Bluefin Bank interview\n\nthey sell bank accounts\n", stem="notes")
    assert hb.title_entry is not None and hb.title_entry.text == "Bluefin Bank interview"
    placed = {m.line: (m.page, m.rule) for m in hb.source_map if m.page is not None}
    assert placed == {
        1: (PageKind.OVERVIEW, Rule.TITLE),
        3: (PageKind.OPS, Rule.COMPANY_FACT),
    }
    outline_hb = _hb(
        "- Orbit onsite #interview\n\t- ask them\n\t\t- how big is the team?\n", stem="o"
    )
    assert outline_hb.title_entry is not None and outline_hb.title_entry.span.start == 1
    assert [e.text for e in outline_hb.to_ask] == ["how big is the team?"]
