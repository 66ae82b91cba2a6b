"""Placing anyone's notes: the rule behind every line, `prep-handbook explain`, a tag that moves
a line, the weak guesses on the readiness report, the handbook's name, and links to notes that
are not in the seeds folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from prep_handbook.export import main
from prep_handbook.model import Handbook, Rule, Section
from prep_handbook.pipeline import Settings, load_handbook
from prep_handbook.pipeline import build_site as build_core
from prep_handbook.rules import DEFAULT_RULES
from sample import CORPUS, PACKAGE, SHIPPED
from sitekit import (
    article,
    build_site,
    copy_project,
    page_html,
    run_mkdocs,
    source_map,
    visible_text,
)


def _hb(text: str, stem: str = "acme") -> Handbook:
    return load_handbook(f"seeds/{stem}.md", stem, text.encode(), DEFAULT_RULES)


def _where(hb: Handbook) -> dict[int, tuple[str | None, Rule | None]]:
    return {m.line: (None if m.page is None else m.page.value, m.rule) for m in hb.source_map}


def _pages(hb: Handbook) -> dict[int, str | None]:
    return {n: page for n, (page, _rule) in _where(hb).items()}


def test_every_shown_line_has_its_rule_and_every_rule_means_what_it_says() -> None:
    kestrel = _where(_hb((CORPUS / "kestrel-health.md").read_text("utf-8"), "kestrel-health"))
    assert kestrel[1] == ("questions", Rule.QUESTION_HEADING)  # ## Tell me a little bit …
    assert kestrel[2] == ("questions", Rule.ANSWER)  # - I'm a backend engineer …
    assert kestrel[24] == ("questions", Rule.LABEL)  # under "## Questions for them"
    call = _where(_hb((CORPUS / "loose-lines-call.md").read_text("utf-8"), "fernway"))
    assert call[3] == ("ops-model", Rule.COMPANY_FACT)
    assert call[9] == ("notes", Rule.LOGISTICS)
    assert call[11] == ("mapping", Rule.FIRST_PERSON)
    assert call[14] == ("questions", Rule.QUESTION)
    traba = _where(load_handbook(str(SHIPPED), "traba", SHIPPED.read_bytes(), DEFAULT_RULES))
    assert traba[5] == ("narrative", Rule.QUOTE)
    assert traba[13] == ("mapping", Rule.LABEL)
    assert traba[25] == ("questions", Rule.ANSWER)
    assert traba[37] == ("ops-model", Rule.WORDS)
    for hb in (_hb((p.read_text("utf-8")), p.stem) for p in sorted(CORPUS.glob("*.md"))):
        for m in hb.source_map:
            assert (m.page is not None) == (m.rule is not None), (hb.source, m)
            assert (m.page is None) == (m.reason is not None), (hb.source, m)


def test_a_question_heading_takes_what_is_under_it_as_its_answer_whatever_its_words() -> None:
    hb = _hb(
        "## Tell me about yourself\n- I run the ops team and the sales process\n"
        "- I grew our customer base\n\n## Where do you see yourself in 5 years?\n- leading\n"
    )
    assert [(qa.question.text, [a.text for a in qa.answers]) for qa in hb.they_ask] == [
        (
            "Tell me about yourself",
            ["I run the ops team and the sales process", "I grew our customer base"],
        ),
        ("Where do you see yourself in 5 years?", ["leading"]),
    ]
    assert hb.business == () and hb.buckets == ()


def test_bare_questions_are_theirs_unanswered_and_questions_about_them_are_mine() -> None:
    hb = _hb(
        "Tell me about a time when you overcame a challenge at work\n"
        "What are your career goals\n\n"
        "How big are your teams?\nWhat's the onboarding like?\n"
    )
    assert [qa.question.text for qa in hb.they_ask if not qa.answers] == [
        "Tell me about a time when you overcame a challenge at work",
        "What are your career goals",
    ]
    assert [e.text for e in hb.to_ask] == ["How big are your teams?", "What's the onboarding like?"]


def test_a_calls_jottings_each_go_their_own_way() -> None:
    """Under a date, a recruiter call's lines: logistics, facts about the role, what she
    asked me, what I asked her."""
    hb = _hb(
        "# Call with Marisol (recruiter) - Pellucid\n2024-03-02\n- 30 min, friendly\n"
        "- role is 60% backend, 40% infra\n- team of 7, reports to the VP Eng\n"
        "- comp: base 170-190 + equity\n- she asked why I left Acme -> product was sunset\n"
        "- my question: is the take-home paid? (no)\n",
        stem="pellucid-recruiter-call",
    )
    assert _pages(hb) == {
        1: "",
        2: "notes",
        3: "notes",
        4: "ops-model",
        5: "ops-model",
        6: "notes",
        7: "questions",
        8: "questions",
    }
    assert [e.text for e in hb.to_ask] == ["my question: is the take-home paid? (no)"]


def test_a_template_s_sections_keep_their_questions_and_their_story() -> None:
    """ "Questions I'll ask" › "About the role" stays questions; "My story" › "Why this
    company?" is the why story; a practice prompt is a question they ask, with my answer."""
    hb = _hb(
        "## My Story\n### Why This Company?\n> I want to build what Acme builds\n"
        "### Why Now?\n> my migration is done\n"
        "## Questions I'll Ask\n### About the Role\n1. What does success look like?\n"
        "## Practice: design a feature for Acme's app\n- users: technicians\n",
        stem="acme",
    )
    where = _pages(hb)
    assert [where[n] for n in (1, 2, 3, 4, 5)] == ["narrative"] * 5
    assert [where[n] for n in (6, 7, 8, 9, 10)] == ["questions"] * 5
    assert [qa.question.text for qa in hb.they_ask] == ["Practice: design a feature for Acme's app"]
    assert [(e.text, [c.text for c in e.children]) for e in hb.to_ask] == [
        ("About the Role", ["What does success look like?"])
    ]


def test_a_bold_question_takes_the_quote_under_it_as_its_answer() -> None:
    hb = _hb(
        "**Tell me about a conflict on your team.**\n> Two seniors disagreed; we met halfway.\n\n"
        "**Things I want to find out**\n- how many engineers per manager?\n",
        stem="lattice",
    )
    assert [(qa.question.text, [a.text for a in qa.answers]) for qa in hb.they_ask] == [
        ("**Tell me about a conflict on your team.**", ["Two seniors disagreed; we met halfway."])
    ]
    assert hb.pitch.paragraphs == () and [e.text for e in hb.to_ask] == [
        "how many engineers per manager?"
    ]


def test_a_pasted_email_is_logistics_and_a_label_colon_line_goes_where_it_says() -> None:
    hb = _hb(
        "Hi Sam,\n\nThe next step is a technical interview.\nPlease bring a laptop.\nBest,\n"
        "Lee\n\nAbout me: I'm an operations lead with seven years in logistics.\n"
        "Company: Kinta sells freight visibility to shippers.\n",
        stem="kinta",
    )
    pages = _pages(hb)
    assert [pages[n] for n in (1, 3, 4, 5, 6)] == ["notes"] * 5
    assert (pages[8], pages[9]) == ("narrative", "ops-model")


def test_the_first_word_of_a_company_s_name_names_it_and_i_led_is_me() -> None:
    hb = _hb(
        "---\ncompany: Brookfield Grid\n---\n## 2024-06-01 phone screen\n"
        "- friendly, 30 minutes\n- Brookfield builds battery sites in Texas\n"
        "- I led the routing rewrite, cut plan time from 40 min to 3\n",
        stem="journal",
    )
    pages = _pages(hb)
    assert [pages[n] for n in (4, 5, 6, 7)] == ["notes", "notes", "ops-model", "mapping"]


def test_what_i_will_say_about_myself_is_the_pitch() -> None:
    hb = _hb(
        "# Lindgren Robotics final loop\n\n## What I'll say about myself\n"
        "I run the fulfilment analytics team at a 3PL.\n\n## Introducing myself\n"
        "I build slotting models.\n\n## About me in the team\nI led ops.\n",
        stem="lindgren",
    )
    assert [m.section for m in hb.source_map if m.line in (3, 4, 6, 7, 9, 10)] == [
        Section.PITCH
    ] * 6


def test_a_company_header_atop_the_notes_is_their_frontmatter() -> None:
    hb = _hb("Company: Nova Cloud\nRole: SRE\n\n## What I know\nNova runs Postgres.\n", "n")
    assert (hb.company, hb.slug) == ("Nova Cloud", "nova-cloud")
    assert [(n, r) for n, (_p, r) in _where(hb).items() if n < 3] == [
        (1, Rule.FRONTMATTER),
        (2, Rule.FRONTMATTER),
    ]


def test_a_table_s_rows_go_where_their_first_cell_says() -> None:
    hb = _hb(
        "| Topic | Notes |\n|---|---|\n| Company | Crestline sells loan software |\n"
        "| Why me | four years on loan origination |\n"
        "| Their questions | how would you migrate? |\n"
        "| Logistics | Zoom, Wed 1pm |\n",
        stem="crestline",
    )
    pages = _pages(hb)
    assert pages == {
        1: "ops-model",
        2: "ops-model",
        3: "ops-model",
        4: "mapping",
        5: "questions",
        6: "notes",
    }


def test_a_day_s_schedule_and_a_call_s_transcript() -> None:
    """A heading opening with a time is an entry of the day, whatever else it names; a
    transcript's timestamps say when, not what."""
    day = _where(
        _hb(
            "### 9:00 arrive, badge at reception\n### 12:00 lunch with the team\n"
            "- ask what they would change about on-call\n",
            stem="fathom",
        )
    )
    assert [day[n][0] for n in (1, 2, 3)] == ["notes", "notes", "questions"]
    call = _where(
        _hb(
            "[10:02] Maya: we're 40 people, half engineering\n"
            "[10:09] she asked how I'd validate a forecast model\n"
            "[10:10] me: backtest on last summer\n[10:25] next: panel in two weeks\n",
            stem="wisp",
        )
    )
    assert [call[n][0] for n in (1, 2, 3, 4)] == ["ops-model", "questions", "questions", "notes"]


def test_a_task_with_a_note_under_it_stays_a_task() -> None:
    hb = _hb("- [ ] research Zenith's competitors\n\t- Locus, 6 River Systems\n", stem="zenith")
    assert [(t.text, [c.text for c in t.children]) for t in hb.tasks] == [
        ("[ ] research Zenith's competitors", ["Locus, 6 River Systems"])
    ]


def test_a_tag_moves_a_line_the_reader_placed() -> None:
    text = "Acme sells payroll software\nthey have 300 customers\n"
    assert _where(_hb(text))[2] == ("ops-model", Rule.COMPANY_FACT)
    moved = _where(_hb(text.replace("customers", "customers #ask")))
    assert moved[2] == ("questions", Rule.MARK)
    assert moved[1] == ("ops-model", Rule.COMPANY_FACT)


def test_explain_prints_page_rule_and_tag_for_every_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["explain", str(CORPUS / "qa-sheet.md"), "-f", "/nonexistent/mkdocs.yml"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("handbook “Tidewater Labs” at /tidewater-labs/")
    rows = {int(r.split()[0]): r.split() for r in out[2:-1]}
    assert rows[4][:3] == ["4", "questions#L4", "question"]
    assert rows[4][3] == "#they-ask"
    assert rows[5][1:5] == ["questions#L5", "answer", "under", "question"]
    assert "#logistics" in out[-1] and "#ask" in out[-1]
    traba = capsys.readouterr()
    assert main(["explain", str(SHIPPED), "-f", "/nonexistent/mkdocs.yml"]) == 0
    traba_rows = capsys.readouterr().out.splitlines()
    assert any(r.startswith("  37  ops-model#L37") and " words ? " in r for r in traba_rows)
    assert not traba.err


def test_explain_names_a_missing_file_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "seeds/nope.md", "-f", "/nonexistent/mkdocs.yml"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("prep-handbook: seeds/nope.md: cannot read it") and "\n" not in err


@pytest.mark.site
def test_readiness_lists_weak_guesses_without_calling_the_notes_unready(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    site = build_core(Settings(project_dir=project, cache=None))
    summary = [n for n in site.notices if "traba-preparation.md: not ready yet" in n]
    assert summary == [
        "seeds/traba-preparation.md: not ready yet — 2 unfinished lines, 7 likely typos, "
        "2 empty bullets, 2 answers outside their time (see its overview page)"
    ]
    overview = next(f.content for f in site.files if f.path == "traba/index.md")
    assert isinstance(overview, str)
    assert "Placed by a guess: check these (18)" in overview
    assert "[lack of trust](ops-model.md#L76)" in overview


def test_handbook_named_from_the_file_when_the_first_heading_is_a_question(tmp_path: Path) -> None:
    hb = _hb("# Tell me about yourself\n- I build payment systems\n", "Acme Interview Prep")
    assert (hb.company, hb.slug, hb.named) == ("Acme", "acme", True)
    assert [qa.question.text for qa in hb.they_ask] == ["Tell me about yourself"]
    bank = _hb("# Behavior Question\n1. Tell me about a time you failed\n", "Behavior Question")
    assert (bank.slug, bank.named) == ("behavior-question", False)
    assert (bank.why_title, bank.ops_title, bank.mapping_title) == (
        "Why this company",
        "How the company operates",
        "Experience → company",
    )
    jd = _hb("# Quillpay - Senior Product Manager\n## Requirements\n- 5 years\n", "quillpay-jd")
    assert (jd.company, jd.title_entry is not None) == ("Quillpay", True)


@pytest.mark.site
def test_neutral_titles_on_the_pages_of_a_general_question_bank(tmp_path: Path) -> None:
    project = copy_project(
        tmp_path / "p",
        {"Behavior Question.md": "# Behavior Question\n\n1. Why should we hire you?\n"},
    )
    site = build_site(project)
    text = visible_text(article(page_html(site, "behavior-question/ops-model")))
    assert "How the company operates" in text and "Behavior Question operates" not in text
    narrative = visible_text(article(page_html(site, "behavior-question/narrative")))
    assert "Why this company" in narrative and "Why Behavior Question" not in narrative


@pytest.mark.site
def test_links_to_notes_outside_the_seeds_folder_build_strict(tmp_path: Path) -> None:
    notes = (
        "- operations\n\t- growth ops\n\t\t- see [[Other Company Prep]]\n"
        "- questions they ask me\n\t- why acme?\n\t\t- because ![[Questions]]\n"
    )
    project = copy_project(tmp_path / "p", {"acme.md": notes})
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 0, result.stderr
    log = result.stderr
    assert "WARNING" not in log and "Traceback" not in log
    assert "seeds/acme.md:3: [[Other Company Prep]] names a note that is not in the seeds" in log
    assert "seeds/acme.md:6: ![[Questions]] names a note" in log
    site = project / "site"
    overview = visible_text(article(page_html(site, "acme")))
    assert "Links to notes outside the seeds folder" in overview
    ops = visible_text(article(page_html(site, "acme/ops-model")))
    assert "see Other Company Prep" in ops  # the link text, as plain text
    assert source_map(site, "acme")["lines"]


@pytest.mark.site
def test_a_link_spelled_close_to_a_target_stays_a_warning(tmp_path: Path) -> None:
    notes = (
        "- operations\n\t- growth ops\n\t\t- sales\n\t- customer ops\n\t\t- see [[growth opps]]\n"
    )
    project = copy_project(tmp_path / "p", {"acme.md": notes})
    result = run_mkdocs(project, "build", "--strict")
    assert result.returncode == 1
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "did you mean [[growth ops]]?" in warnings[0]
    assert "seeds/acme.md:5" in warnings[0]


@pytest.mark.site
def test_bad_question_pattern_is_one_line_naming_mkdocs_yml(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "    paper: letter", "    paper: letter\n    rules:\n      question: '(unclosed'"
        ),
        "utf-8",
    )
    result = run_mkdocs(project, "build")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [
        "ERROR   -  mkdocs.yml: extra.handbook.rules.question: bad pattern '(unclosed' "
        "(missing ), unterminated subpattern at position 0)"
    ]
    assert "Traceback" not in result.stderr


@pytest.mark.site
def test_tell_me_about_yourself_answered_is_the_pitch_when_none_is_written(
    tmp_path: Path,
) -> None:
    notes = "## Tell me about yourself\n- I build payment systems. I led a team of five.\n"
    project = copy_project(tmp_path / "p", {"acme.md": notes})
    site = build_site(project)
    narrative = visible_text(article(page_html(site, "acme/narrative")))
    assert "Your answer to Tell me about yourself is your pitch" in " ".join(narrative.split())
    assert "I build payment systems." in narrative
    sheet = visible_text(article(page_html(site, "acme/one-pager")))
    assert "I build payment systems. I led a team of five." in " ".join(sheet.split())
    assert source_map(site, "acme")["lines"][1]["page"] == "acme/questions/"


@pytest.mark.site
def test_every_source_map_anchor_is_an_id_on_its_page_across_styles_and_overrides(
    tmp_path: Path,
) -> None:
    """Anchors are decided once, in Python: the source map and the pages agree for every notes
    style of the corpus, also when a user overrides a template (and keeps printing what the
    model gives it)."""
    seeds = {p.name: p.read_bytes() for p in sorted(CORPUS.glob("*.md"))}
    seeds["traba-preparation.md"] = SHIPPED.read_bytes()
    project = copy_project(tmp_path / "p", seeds)
    builtin = PACKAGE / "templates/questions.md.j2"
    override = project / "docs/overrides/handbook/questions.md.j2"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text(
        builtin.read_text("utf-8").replace(
            'hb.heading("they-ask"), 2, hb.anchors.they_ask',
            'hb.heading("they-ask"), 2, hb.anchors.they_ask, "What they will ask"',
        ),
        "utf-8",
    )
    site = build_site(project)  # strict: a link to a missing anchor fails the build
    checked = 0
    for slug in sorted(p.parent.name for p in site.glob("*/source-map.json")):
        ids: dict[str, set[str]] = {}
        for entry in source_map(site, slug)["lines"]:  # type: ignore[union-attr]
            page, anchor = entry["page"], entry["anchor"]
            if page is None or anchor is None:
                continue
            if page not in ids:
                ids[page] = set(re.findall(r'\bid="([^"]+)"', page_html(site, page.rstrip("/"))))
            assert anchor in ids[page], (slug, entry)
            checked += 1
    assert checked > 250
    assert "What they will ask" in page_html(site, "traba/questions")


def test_a_bare_questions_line_over_loose_questions_lets_each_say_who_asks() -> None:
    hb = _hb("Questions\nTell me about a time you failed\nWhat does success look like here?\n")
    assert [qa.question.text for qa in hb.they_ask] == ["Tell me about a time you failed"]
    assert [e.text for e in hb.to_ask] == ["What does success look like here?"]
    labelled = _hb("About me\nI build payment systems\nI led a team of five\n")
    assert [[e.text for e in p] for p in labelled.pitch.paragraphs] == [
        ["I build payment systems", "I led a team of five"]
    ]
    assert [e.text for e in labelled.pitch.labels] == ["About me"]
