"""The morning-of sheet and prose that reads (issue 24, §3 and §4), without a site build: what
the one-pager selects (the interview's who/when/where, key company facts, anything pinned),
bullets kept as sentences, an empty notes file, the wording of counts and headings, the YAML
hint. The same notes built into a real site and printed: test_morning_site.py."""

from __future__ import annotations

import pytest
from newcomer import DAY, FACTS, NOTES, WHY_SENTENCES
from pagetext import page_texts
from prep_handbook.dayof import read, shown
from prep_handbook.errors import NotesError
from prep_handbook.model import Handbook
from prep_handbook.onepager import MAX_DAY, MAX_FACTS, OnePager, select_one_pager
from prep_handbook.pipeline import load_handbook, load_outline
from prep_handbook.read import read_notes
from prep_handbook.readiness import readiness
from prep_handbook.rules import DEFAULT_RULES
from sample import SHIPPED
from sitekit import contains_run, words


def _hb(text: str, stem: str = "acme-notes") -> Handbook:
    return load_handbook(f"seeds/{stem}.md", stem, text.encode(), DEFAULT_RULES)


def _sheet(text: str) -> OnePager:
    return select_one_pager(_hb(text))


def _lines(items: object) -> list[str]:
    return [i.line for i in items]  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------
# §3: the interview and the company's key facts on the sheet


def test_the_newcomers_sheet_carries_who_when_where_and_the_key_facts() -> None:
    one = _sheet(NOTES)
    assert _lines(one.day) == list(DAY)
    assert _lines(one.facts) == list(FACTS)
    # Only what one reads in the lobby: not "customers are 3PLs…", not the checklist.
    assert all("3PLs" not in line for line in _lines(one.facts))
    assert one.pinned == () and one.unpinned == ()


def test_the_shipped_sample_has_no_logistics_and_its_sheet_is_as_before() -> None:
    one = select_one_pager(load_handbook("seeds/t.md", "t", SHIPPED.read_bytes(), DEFAULT_RULES))
    assert one.day == () and one.facts == () and one.pinned == ()


@pytest.mark.parametrize(
    ("line", "who", "when", "where"),
    [
        ("Thursday 2pm, 45 min video call", False, True, True),
        ("interview Tue 3pm with Bob Nakamura (VP Eng)", True, True, False),
        ("Interviewers: Dana (COO), Felix (Head of Fulfilment).", True, False, False),
        ("Opal Health onsite Friday 10am", False, True, True),
        ("2024-06-08 technical round", False, True, True),
        ("9:30 system design with Ines", True, True, True),
        ("bring: laptop charger, notebook", False, False, True),
        ("Zoom link is in the calendar invite", False, False, True),
        ("3rd round is a case study, Thursday", False, True, True),
        ("Date: June 3, 11:00", False, True, False),
        # Study plans, pay and labels are logistics, but not the day itself.
        ("review CSS grid vs flexbox", False, False, False),
        ("re-read the job spec before the Thursday call", False, False, False),
        ("Expected salary: 85-95k, recruiter asked", False, False, False),
        ("Interviewers", False, False, False),
        ("system design structure", False, False, False),
        ("the market may grow", False, False, False),
    ],
)
def test_reading_a_line_for_the_day(line: str, who: bool, when: bool, where: bool) -> None:
    r = read(line)
    assert (r.who, r.when, r.where) == (who, when, where)


@pytest.mark.parametrize(
    ("line", "weight"),
    [
        ("Series B, $32M raised in 2023", 3),
        ("they raised a Series B last spring", 3),
        ("about 120 employees, half in engineering", 3),
        ("team of 7, reports to the VP Eng", 3),
        ("Founded: 2019", 2),
        ("HQ: Austin", 2),
        ("2,300 customers, mostly utilities", 2),
        ("they have 300 customers and grew 3x last year", 2),
        ("customers are 3PLs and mid-size retailers", 0),
        ("5+ years of backend experience", 0),
        ("comp: base 170-190 + equity", 0),
        ("role is 60% backend, 40% infra", 0),
    ],
)
def test_reading_a_line_for_company_facts(line: str, weight: int) -> None:
    assert read(line).fact == weight


def test_lines_are_printed_plain() -> None:
    assert shown("interviewer:: [[Priya Raman]] https://www.linkedin.com/in/x") == (
        "interviewer: Priya Raman"
    )
    row = "| 1 | Dec 3 | Video | Priya Raman (EM) |"
    assert shown(row) == "1 · Dec 3 · Video · Priya Raman (EM)"
    assert shown("**Logistics:** onsite, 10am") == "Logistics: onsite, 10am"


def test_frontmatter_people_and_dates_are_the_interviews_lines() -> None:
    notes = (
        "---\ncompany: Nova\ndate: June 3, 11:00\ninterviewers:\n  - Priya Shah\n  - Tom Reyes\n"
        "founded: 2016\ntags: [sre]\n---\nI run databases.\n"
    )
    one = _sheet(notes)
    assert _lines(one.day) == ["Date: June 3, 11:00", "Interviewers: Priya Shah, Tom Reyes"]
    assert [i.entry.span.start for i in one.day] == [3, 4]
    assert one.day[1].entry.span.end == 6  # the YAML list under the key belongs to its line
    assert _lines(one.facts) == ["Founded: 2016"]


@pytest.mark.parametrize(
    ("notes", "lines"),
    [
        (  # a schedule table: its rows, not its header or rule
            "## Interview Schedule\n| Round | Date | Format | Interviewer |\n|---|---|---|---|\n"
            "| 1 | Dec 3 | Video | Priya Raman (EM) |\n| 2 | Dec 5 | Onsite | panel of three |\n",
            ["1 · Dec 3 · Video · Priya Raman (EM)", "2 · Dec 5 · Onsite · panel of three"],
        ),
        (  # a person and the line about them: one line
            "## Interviewers\n### Dana Li\n- engineering manager, six years at Ashby\n"
            "### Marco Reyes\n- staff engineer, owns the pricing service\n",
            [
                "Dana Li — engineering manager, six years at Ashby",
                "Marco Reyes — staff engineer, owns the pricing service",
            ],
        ),
    ],
)
def test_the_interviews_lines_as_written_in_a_table_or_under_names(
    notes: str, lines: list[str]
) -> None:
    assert _lines(_sheet(notes).day) == lines


def test_names_are_people_one_meets_under_a_heading_about_people() -> None:
    assert _lines(_sheet("## Panel\n- Dana Li\n- Marco Reyes\n").day) == ["Dana Li", "Marco Reyes"]
    assert _lines(_sheet("## Links\n- Dana Li\n").day) == []
    # A name written under a time is said with it, once.
    once = "## Interviewers\n- Thursday 2pm\n\t- Dana Li\n"
    assert _lines(_sheet(once).day) == ["Thursday 2pm — Dana Li"]


def test_a_long_email_line_keeps_the_sentences_that_say_when() -> None:
    notes = (
        "Hi Sam, thanks for your time today. The next step is a 45-minute technical interview "
        "with Priyanka Das on Friday at 2pm. Best, Lee\n"
    )
    (line,) = _lines(_sheet(notes).day)
    assert line.startswith("The next step is a 45-minute technical interview with Priyanka Das")
    assert "thanks for your time" not in line


def test_at_most_six_lines_of_the_day_and_four_facts_those_saying_most_first() -> None:
    day = [f"- round {n}: call" for n in range(1, 8)] + ["- Monday 9am onsite with Ines"]
    facts = [f"- {n}0 customers in region {n}" for n in range(1, 6)] + ["- raised $5M seed"]
    one = _sheet("## logistics\n" + "\n".join(day) + "\n\n## company\n" + "\n".join(facts) + "\n")
    assert len(one.day) == MAX_DAY and len(one.facts) == MAX_FACTS
    assert "Monday 9am onsite with Ines" in _lines(one.day)  # who, when and where: kept
    assert "raised $5M seed" in _lines(one.facts)  # funding before scale
    assert [i.entry.span.start for i in one.day] == sorted(i.entry.span.start for i in one.day)


def test_nosheet_keeps_a_logistics_line_off() -> None:
    notes = "## logistics\n- Thursday 2pm on Zoom #nosheet\n- Friday 10am onsite\n"
    assert _lines(_sheet(notes).day) == ["Friday 10am onsite"]


def test_the_interviews_lines_go_last_and_key_facts_before_the_rest_at_equal_depth() -> None:
    one = _sheet(NOTES)
    order = [i.key for i in one.drop_order]
    assert order.index(one.facts[0].key) < order.index(one.answers[0].key)
    assert order.index(one.day[0].key) > order.index(one.answers[0].key)
    assert order.index(one.day[0].key) > order.index(one.asks[0].key)
    assert one.without([one.day[0].key]).day == one.day[1:]
    assert one.without([one.facts[0].key]).facts == one.facts[1:]


# ---------------------------------------------------------------------------------------------
# §3: #sheet pins any line, or says why not


PINS = """\
## my pitch #sheet
I build things.

## logistics
- read the engineering blog #sheet

## business
- they sell widgets #sheet
- - #sheet

## questions they ask me
- Why Acme?
\t- first answer line
\t- second answer line #sheet
- We shipped it in two weeks #sheet

- [ ] buy a tie #sheet
"""


def test_sheet_pins_a_logistics_line_a_business_note_a_talking_point_and_a_task() -> None:
    one = _sheet(PINS)
    assert _lines(one.day) == ["read the engineering blog"]  # a study line, but pinned
    assert _lines(one.facts) == ["they sell widgets"]
    assert _lines(one.pinned) == ["We shipped it in two weeks", "buy a tie"]
    assert all(i.pinned for i in (*one.day, *one.facts, *one.pinned))
    (answer,) = one.answers
    assert answer.line == "second answer line" and answer.pinned
    pinned = [i for i in one.drop_order if i.pinned]
    assert one.drop_order[-len(pinned) :] == tuple(pinned)  # pinned: dropped last, if ever


def test_sheet_on_a_heading_or_alone_is_named_with_its_line() -> None:
    assert [(line, what) for line, what, _fix in _sheet(PINS).unpinned] == [
        (1, "#sheet on a heading over a section pins nothing"),
        (9, "#sheet with no text beside it pins nothing"),
    ]


def test_a_pinned_why_line_beyond_the_first_two_sentences_is_added() -> None:
    notes = "## why Acme\nOne. Two. Three.\nFour is the reason #sheet\n"
    assert _sheet(notes).why == "One. Two. Four is the reason"


# ---------------------------------------------------------------------------------------------
# §4: prose that reads


def test_why_bullets_are_sentences_on_the_narrative_page_and_the_sheet() -> None:
    hb = _hb(NOTES)
    narrative = words(page_texts(hb)["lumen-robotics/narrative/"])
    assert contains_run(narrative, words(" ".join(WHY_SENTENCES)))
    one = select_one_pager(hb)
    assert one.why == " ".join(WHY_SENTENCES)  # every reason, each its own sentence


def test_pitch_bullets_are_sentences_and_wrapped_quote_lines_are_not() -> None:
    bullets = _sheet("## Pitch\n- I build payment systems\n- I led a team of five!\n- I ship\n")
    assert bullets.pitch == "I build payment systems. I led a team of five! I ship."
    wrapped = _sheet("> I joined Acme two years ago\n> and I run its data team\n")
    assert wrapped.pitch == "I joined Acme two years ago and I run its data team"


def test_an_empty_notes_file_is_reported_as_empty() -> None:
    for text in ("", "  \n\t\n", "---\ntitle: acme prep\n---\n", "# Acme interview\n"):
        hb, tree = load_outline("seeds/acme.md", "acme", text.encode(), DEFAULT_RULES)
        ready = readiness(hb, tree, {}, {})
        assert ready.empty, text
        assert ready.summary().startswith("seeds/acme.md: empty — no notes to show yet")
        overview = page_texts(hb, ready)[f"{hb.slug}/"]
        assert "Nothing here yet" in overview and "Ready" not in overview
    hb, tree = load_outline("seeds/acme.md", "acme", b"I build things.\n", DEFAULT_RULES)
    ready = readiness(hb, tree, {}, {})
    # not empty (a three-word pitch is, though, too short to say: "1 answer outside its time")
    assert not ready.empty and not ready.summary().startswith("seeds/acme.md: empty")
    assert "Nothing here yet" not in page_texts(hb, ready)[f"{hb.slug}/"]


def test_counts_agree_with_their_nouns() -> None:
    overview = page_texts(_hb(NOTES))["lumen-robotics/"]
    assert "1 experience point," in overview
    assert "0 buckets, 1 group of business notes" in overview
    assert "0 talking points" in overview
    one = page_texts(_hb("operations\n- growth ops\n\t- new sales #deal\n\nWe ship fast\n"))
    assert "1 bucket," in one["acme/"] and "1 tag:" in one["acme/"]
    assert "1 line not sorted" in one["acme/"]
    word = page_texts(_hb("## Pitch\nHello\n"))
    assert "Pitch: 1 word," in word["acme/"] and "1 word ·" in word["acme/narrative/"]
    for text in (overview, *one.values(), *word.values()):
        assert not any(bad in text for bad in ("1 experience points", "1 groups", "1 words"))


def test_a_heading_that_only_names_its_section_is_its_title_not_a_caption() -> None:
    hb = _hb(NOTES)
    pitch, why, they = hb.heading("pitch"), hb.heading("why"), hb.heading("they-ask")
    # In other words: the section takes the author's ("My pitch", "Questions they might ask").
    assert (pitch.title, [e.text for e in pitch.folded], pitch.captions) == (
        "My pitch",
        ["my pitch"],
        (),
    )
    assert they.title == "Questions they might ask" and they.captions == ()
    # The title's own words: the title stays ("Why Lumen Robotics"), the heading is not repeated.
    assert (why.title, [e.text for e in why.folded]) == ("Why Lumen Robotics", ["why Lumen"])
    # Saying more than the title: shown under it as written.
    assert [e.text for e in hb.heading("ask").captions] == ["stuff to ask them"]
    assert [e.text for e in hb.heading("mapping").captions] == ["experience stories"]
    # Fewer words than the title ("my questions": which ones?) is no other name for it.
    mine = _hb("## my questions\n- What is the team like?\n").heading("ask")
    assert (mine.title, [e.text for e in mine.captions]) == (
        "Questions I ask them",
        ["my questions"],
    )
    narrative = page_texts(hb)["lumen-robotics/narrative/"]
    assert narrative.count("my pitch") + narrative.count("My pitch") == 1
    assert "why Lumen " not in narrative and "Pitch ¶" not in narrative
    shipped = load_handbook("seeds/t.md", "t", SHIPPED.read_bytes(), DEFAULT_RULES)
    assert shipped.heading("they-ask").title == "Questions they ask me"
    assert [e.text for e in shipped.heading("they-ask").folded] == ["questions they ask me"]
    assert [e.text for e in shipped.heading("mapping").captions] == ["connection:"]


def test_the_ops_page_says_no_buckets_only_when_it_shows_none() -> None:
    flat = page_texts(_hb("## operations\n- deployment: installs robots\n- support: tickets\n"))
    assert "installs robots" in flat["acme/ops-model/"]
    assert "No buckets yet" not in flat["acme/ops-model/"]
    empty = page_texts(_hb("I build things.\n"))
    assert "No buckets yet" in empty["acme/ops-model/"]


@pytest.mark.parametrize(
    ("frontmatter", "hint"),
    [
        ("title: traba: prep", 'put quotes around the value: title: "traba: prep"'),
        ("company: [Acme", 'put quotes around the value: company: "[Acme"'),
        ('title: "acme prep', 'close the quote: title: "acme prep"'),
        ('title: it\'s "big": yes', 'put quotes around the value: title: "it\'s \\"big\\": yes"'),
        # Quoting would not help here (the error is the indented line above): the general rule.
        ("  odd: x\ntitle: y", "write one 'key: value' per line, and put quotes around a value"),
        ("just a sentence", 'write it as e.g. title: "just a sentence"'),
    ],
)
def test_the_yaml_hint_quotes_the_authors_own_value(frontmatter: str, hint: str) -> None:
    with pytest.raises(NotesError) as caught:
        read_notes("seeds/acme.md", "acme", f"---\n{frontmatter}\n---\nx\n".encode())
    assert caught.value.fix.startswith(hint), caught.value.fix
    assert "traba prep" not in caught.value.fix or "traba" in frontmatter
