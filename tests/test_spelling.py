"""The typo check: a rare string close to a much more common word (hooks/prep_handbook/spelling.py).

Each threshold is tested at its edge with made-up counts, and the whole check on the word list
itself: the typos of the shipped sample and of the issue, and the words it must let through
(British spelling, names, jargon, abbreviations). How it does on real notes is measured by
bench/typos.py, not here.
"""

from __future__ import annotations

import importlib.util
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from prep_handbook import spelling
from prep_handbook.spelling import (
    APOSTROPHE,
    COMMON,
    COMMON_FAR,
    COMMON_FAR_SHORTER,
    COMMON_IF_PREFIXED,
    COMMON_IF_REPEATED,
    COMMON_SHORT,
    COMMON_TINY,
    FAR,
    LONG,
    PREFIXES,
    REPEATED,
    SHORT,
    STEM,
    TINY,
    Facts,
    Lexicon,
    Speller,
    american_forms,
    checkable_words,
    deletions,
    edits_apart,
    facts,
    hint,
    joined,
    key_slips,
    near_keys,
    one_edit,
    prefixed,
    slips,
    stem_uses,
    swaps,
    unaccented,
)
from sample import ROOT
from sitekit import copy_project


@pytest.fixture(autouse=True)
def _fresh_memory() -> Iterator[None]:
    """Each test looks words up afresh: what an earlier test worked out would hide the code."""
    spelling._FACTS.clear()
    yield
    spelling._FACTS.clear()


def _typos(*words: str, lines: int = 1) -> dict[str, tuple[str, ...]]:
    return Speller([], None).typos(dict.fromkeys(words, lines))


# --- What the build looks up. ---


def test_names_links_code_and_joined_words_are_not_looked_up() -> None:
    line = "shipped React.js and next.js apps, code on github, move to (xx country)"
    assert checkable_words(line) == (
        *("shipped", "and", "apps", "code", "on", "github", "move", "to", "country"),
    )
    # a bold first letter is one word; a link's target, hyphenated parts, ids are not words
    line = "**S**ituation: see [the ONET notes](#onet) on pre-empted ec2 es6 boxes"
    assert checkable_words(line) == ("situation", "see", "the", "notes", "on", "boxes")
    assert checkable_words("((845ddce6-ebee-4047-b13b-702becfd3fdd)) done") == ("done",)
    assert checkable_words("a name inside: Mike, OpenAI, Traba") == ("name", "inside")
    assert checkable_words("Firday 11:30") == ("firday",)  # the line's first word is looked up


# --- The rules, each on made-up counts. ---


def test_a_word_one_edit_from_a_common_word_is_a_typo_from_the_bar_on() -> None:
    word = "firecasting"
    assert hint(word, Facts(0, (("forecasting", COMMON, 1),)), 1) == ("forecasting",)
    assert hint(word, Facts(0, (("forecasting", COMMON - 1, 1),)), 1) is None
    assert hint(word, Facts(0, ()), 1) is None  # no close word at all: a name, jargon


def test_short_words_need_a_far_more_common_neighbour() -> None:
    short, longer = "s" * (SHORT - 1) + "x", "s" * SHORT + "x"
    assert len(short) == SHORT
    near = (("common", COMMON_SHORT - 1, 1),)
    assert hint(short, Facts(0, near), 1) is None
    assert hint(longer, Facts(0, near), 1) == ("common",)
    assert hint(short, Facts(0, (("common", COMMON_SHORT, 1),)), 1) == ("common",)


def test_a_word_written_on_several_lines_needs_a_more_common_neighbour() -> None:
    facts_ = Facts(0, (("reactor", COMMON_IF_REPEATED - 1, 1),))
    assert hint("refactor", facts_, REPEATED - 1) == ("reactor",)
    assert hint("refactor", facts_, REPEATED) is None
    more = Facts(0, (("security", COMMON_IF_REPEATED, 1),))
    assert hint("securtiy", more, REPEATED) == ("security",)


def test_a_known_word_behind_a_prefix_needs_a_more_common_neighbour() -> None:
    near = (("reactor", COMMON_IF_PREFIXED - 1, 1),)
    assert hint("refactor", Facts(0, near), 1) == ("reactor",)
    assert hint("refactor", Facts(0, near, prefixed=9914), 1) is None
    more = (("until", COMMON_IF_PREFIXED, 1),)
    assert hint("untill", Facts(0, more, prefixed=305_490), 1) == ("until",)
    # also when the neighbour is two edits away: reframing (re + framing) is no reforming
    far = (("reforming", COMMON_IF_PREFIXED - 1, 2),)
    assert hint("reframing", Facts(0, far), 1) == ("reforming",)
    assert hint("reframing", Facts(0, far, prefixed=3356), 1) is None
    assert hint("reframing", Facts(0, (("x", COMMON_IF_PREFIXED, 2),), prefixed=3356), 1)


def test_a_repeat_is_weaker_evidence_than_a_prefix() -> None:
    """A word written on two lines needs a neighbour of COMMON_IF_REPEATED uses, one behind a
    prefix COMMON_IF_PREFIXED: a habitual misspelling repeats (continously, negociation), a
    prefix before a known word is a way English makes words (refactor)."""
    assert COMMON < COMMON_IF_REPEATED < COMMON_IF_PREFIXED
    near = (("continuously", COMMON_IF_REPEATED, 1),)
    assert hint("continously", Facts(0, near), REPEATED) == ("continuously",)
    assert hint("continously", Facts(0, near, prefixed=COMMON), 1) is None
    # a repeat does not raise the bar of a word two edits away (sporiladic, twice)
    far = (("sporadic", COMMON_FAR, 2),)
    assert hint("sporiladic", Facts(0, far), REPEATED) == ("sporadic",)


def test_prefixes_before_a_known_word_long_enough() -> None:
    counts = {"factor": 9914, "base": 51_590, "bounced": 5158, "cell": 115_762, "al": 3}
    assert prefixed("refactor", counts) == 9914
    assert prefixed("rebase", counts) == 51_590
    assert prefixed("debounced", counts) == 5158
    assert prefixed("excell", counts) == 0  # ex is no prefix of new words
    assert prefixed("interal", counts) == 0  # al: too short to tell from a fragment
    assert prefixed("rebases", counts) == 0  # what follows is no known word
    assert all(prefixed(p + "base", counts) == 51_590 for p in PREFIXES)
    assert prefixed("re" + "x" * STEM, {"x" * STEM: 1}) == 1
    assert prefixed("re" + "x" * (STEM - 1), {"x" * (STEM - 1): 1}) == 0


def test_a_word_two_edits_away_needs_its_own_bar() -> None:
    assert hint("sporiladic", Facts(0, (("sporadic", COMMON_FAR, 2),)), 1) == ("sporadic",)
    assert hint("sporiladic", Facts(0, (("sporadic", COMMON_FAR - 1, 2),)), 1) is None
    assert COMMON_FAR > COMMON  # two edits away is weaker evidence than one
    seven = "s" * FAR
    assert len(seven) == LONG - 1
    assert hint(seven, Facts(0, (("near", COMMON_FAR_SHORTER, 2),)), 1) == ("near",)
    assert hint(seven, Facts(0, (("near", COMMON_FAR_SHORTER - 1, 2),)), 1) is None
    assert hint(seven + "s", Facts(0, (("near", COMMON_FAR, 2),)), 1) == ("near",)


def test_a_known_stem_with_a_regular_ending_is_a_word() -> None:
    near = (("podcast", 563, 1),)
    assert hint("podcasts", Facts(0, near, stem=563), 1) is None
    assert hint("podcasts", Facts(0, near, stem=0), 1) == ("podcast",)


def test_a_known_word_is_a_typo_only_as_a_missing_apostrophe() -> None:
    found = Facts(6856, (("what's", APOSTROPHE * 6856, 1),))
    assert hint("whats", found, 1) == ("what's",)
    assert hint("whats", Facts(6856, (("what's", APOSTROPHE * 6856 - 1, 1),)), 1) is None
    assert hint("form", Facts(30_000), 1) is None


def test_what_is_left_of_a_contraction_is_a_typo() -> None:
    assert hint("ve", Facts(0), 1) == ("’ve",)
    assert hint("ll", Facts(0), 1) == ("’ll",)


def test_only_common_neighbours_are_given_as_hints() -> None:
    found = Facts(0, (("make", 3_000_000, 1), ("market", 48_534, 1), ("maker", COMMON - 1, 1)))
    assert hint("maket", found, 1) == ("make", "market")


# --- Finding the neighbours. ---


def test_a_word_of_three_letters_one_key_from_one_of_the_commonest_words_is_a_typo() -> None:
    assert {"you", "tiu", "toy"} <= key_slips("tou") and "to" not in key_slips("tou")
    assert _typos("tou", "ypu") == {"tou": ("you",), "ypu": ("you", "yup")}
    # yrs is a word of the list (yes is a key away); kpi, sla, sys, org are a key from no word
    # that common; bw (be is a key away) has two letters, not checked this way
    assert _typos("yrs", "kpi", "sla", "sys", "org", "bw") == {}
    lex = Lexicon({"you": COMMON_TINY, "the": COMMON_TINY - 1})
    assert [w for w, _n, _e in facts("tou", lex).near] == ["you"]
    assert facts("tge", lex).near == ()


def test_one_edit_covers_each_kind_of_slip_and_tiny_words_only_swaps() -> None:
    edits = one_edit("acount")
    assert {"account", "acont", "caount", "amount", "a'count"} <= edits
    assert "acount" not in edits
    tiny = "x" * TINY
    assert len(one_edit("teh")) == len(swaps("teh") | {"t'eh", "te'h"})
    assert "the" in one_edit("teh") and "tea" not in one_edit("teh")
    assert "kip" in one_edit("kpi") and "api" not in one_edit("kpi")
    assert len(one_edit(tiny + "y")) > 100  # one letter more: every kind of edit
    assert one_edit("x" * SHORT) == slips("x" * SHORT)  # a short word: slips of a finger
    assert "abcdez" in one_edit("abcdef") and "abcdez" not in slips("abcdef")


def test_the_keys_next_to_each_key() -> None:
    assert set(near_keys("s")) == set("weadzx")
    assert set(near_keys("q")) == set("wa") and set(near_keys("p")) == set("ol")
    assert set(near_keys("g")) == set("tyfhvb") and set(near_keys("m")) == set("njk")
    assert all(a in near_keys(b) for a in "qwertyuiopasdfghjklzxcvbnm" for b in near_keys(a))
    assert near_keys("é") == ""


def test_a_short_word_is_a_slip_of_a_finger_from_its_neighbours() -> None:
    assert "linux" in slips("linuz") and "wife" in slips("wofe")  # a key next to the right one
    assert "comes" not in slips("comms") and "wife" not in slips("wifi")  # keys far apart
    assert "into" in slips("intro")  # r pressed beside t
    assert "some" in slips("somee")  # a key pressed twice
    assert {"for", "each"} <= slips("sfor") | slips("seach")  # a key pressed at either end
    assert "wad" not in slips("wand")  # n is no key next to a or d
    assert {"search", "still", "what's"} <= slips("seach") | slips("sitll") | slips("whats")


def test_edits_apart_counts_swaps_as_one() -> None:
    assert edits_apart("teh", "the") == 1
    assert edits_apart("seqeeze", "squeeze") == 2
    assert edits_apart("sporiladic", "sporadic") == 2
    assert edits_apart("kitten", "sitting") == 3
    assert edits_apart("", "abc") == 3 and edits_apart("same", "same") == 0
    assert deletions("abc", 1) == {"abc", "bc", "ac", "ab"}
    assert deletions("abc", 2) == {"abc", "bc", "ac", "ab", "a", "b", "c"}


def test_two_words_run_together_only_with_a_little_word() -> None:
    counts = {"horse": 86_714, "for": 16_640_022, "sign": 5000, "up": 900_000, "a": 9, "lot": 8}
    assert joined("horsefor", counts) == [("horse for", 86_714)]
    assert joined("alot", counts) == [("a lot", 8)]
    assert joined("signup", counts) == []  # "up" is a particle: signup is a word
    assert joined("sfor", {"s": 5, "for": 9}) == []  # a lone letter is no word
    counts = {"my": 9, "main": 8, "no": 7, "faults": 6, "based": 5, "on": 4, "code": 3, "base": 2}
    assert joined("mymain", counts) == [("my main", 8)]
    assert joined("nofaults", counts) == [("no faults", 6)]
    assert joined("basedon", counts) == [("based on", 4)]
    assert joined("codebase", counts) == []  # two words of their own: a compound


def test_regular_endings_of_stems_long_enough() -> None:
    counts = {"podcast": 563, "chunk": 5743, "remote": 23_866, "stop": 9, "tool": 7, "copy": 4}
    counts |= {"path": 51_656, "bur": 191, "hel": 661}
    assert stem_uses("podcasts", counts) == 563
    assert stem_uses("chunking", counts) == 5743
    assert stem_uses("remoting", counts) == 23_866
    assert stem_uses("stopped", counts) == 9
    assert stem_uses("copies", counts) == 4
    assert stem_uses("pathing", counts) == 51_656
    assert stem_uses("buring", counts) == 0 and stem_uses("heling", counts) == 0  # fragments
    assert stem_uses("toolls", counts) == 0  # a doubled letter before -s is a slip
    assert stem_uses("managemnet", counts) == 0
    # the list's own form of the stem, with the last letter doubled or not: a slip
    counts |= {"occur": 13_337, "skip": 27_182, "challenges": 7187, "creep": 5827}
    assert stem_uses("occured", counts) == 13_337
    assert stem_uses("occured", counts, ["occurred"]) == 0
    assert stem_uses("skiping", counts, ["skipping", "skiing"]) == 0
    assert stem_uses("stopped", counts, ["stoped"]) == 0
    assert stem_uses("creeped", counts, ["creeper", "crept"]) == 5827  # another form
    assert stem_uses("pathing", counts, ["bathing"]) == 51_656  # another stem
    assert stem_uses("challengess", counts) == 0  # no plural adds s to an s


def test_british_spellings_have_american_forms() -> None:
    cases = {
        "colour": "color",
        "behavioural": "behavioral",
        "centre": "center",
        "centred": "centered",
        "organisation": "organization",
        "analysed": "analyzed",
        "travelled": "traveled",
        "counsellor": "counselor",
        "fulfilment": "fulfillment",
        "defence": "defense",
        "programme": "program",
        "paediatric": "pediatric",
        "oestrogen": "estrogen",
        "manoeuvre": "maneuver",
        "cheque": "check",
    }
    for british, american in cases.items():
        assert american in american_forms(british), british
    assert american_forms("youre") == set()  # not "yore"
    assert "until" not in american_forms("untill")


def test_far_neighbours_come_only_for_long_words_from_an_index() -> None:
    lex = Lexicon({"independently": 1658, "squeeze": 24_604, "sporadic": COMMON_FAR - 1})
    assert ("independently", 1658) in lex.far("independetaly")
    assert lex.far("sporiladic") == []  # below COMMON_FAR: not in the index
    assert "sporadic" not in lex.far_index()
    assert lex.far("independantly") == []  # one edit away: not a far neighbour
    swapped = Lexicon({"accomplishments": 1262})  # two letters swapped, and one changed
    assert swapped.far("accomplsigments") == [("accomplishments", 1262)]

    def two_apart(length: int) -> tuple[str, str]:
        return "a" + "x" * (length - 2) + "z", "a" + "x" * (length - 4) + "z"

    short, its_neighbour = two_apart(FAR - 1)
    assert facts(short, Lexicon({its_neighbour: 10**6})).near == ()  # too short to look
    seven, shorter = two_apart(FAR)
    assert facts(seven, Lexicon({shorter: 10**6})).near == ()  # two letters out of seven
    assert facts("seqeeze", Lexicon({"squeeze": 24_604})).near == (("squeeze", 24_604, 2),)
    word, neighbour = two_apart(LONG)
    assert facts(word, Lexicon({neighbour: 10**6})).near == ((neighbour, 10**6, 2),)
    other_first = "b" + word[1:-2] + "z"  # first letter changed, one letter left out
    other_last = word[:-2] + "y"  # last letter changed, one letter left out
    assert edits_apart(word, other_first) == edits_apart(word, other_last) == 2
    assert facts(word, Lexicon({other_first: 10**6, other_last: 10**6})).near == ()
    # a common word one edit away: no need to look two away
    one_away = word[:-2] + "z"
    assert facts(word, Lexicon({one_away: COMMON, neighbour: 10**6})).near == (
        (one_away, COMMON, 1),
    )


def test_each_threshold_sits_between_the_counts_that_chose_it() -> None:
    """The evidence for each constant, on the real list: typos it must flag, words it must not.
    (A constant moved within these bounds changes nothing here: that is the bound's width.)"""
    # COMMON: forecasting has 247 uses; deeded, 111
    assert _typos("firecasting", "deedee") == {"firecasting": ("forecasting",)}
    # SHORT and COMMON_SHORT: each has 660,124 uses; mail 31,142 (gmail), crown 20,556 (cron),
    # ramp 3,529 (pramp) are not enough; tools 17,060 is, for a word of six letters
    assert set(_typos("seach", "cron", "gmail", "pramp", "toolls")) == {"seach", "toolls"}
    # FAR, LONG and COMMON_FAR_SHORTER: two edits on a word of eight letters (tomorrow) or of
    # seven with a neighbour of 24,604 uses (squeeze), not 2,019 (cutter) or 849 (sunsets),
    # nor five letters (cover)
    assert set(_typos("tommorow", "seqeeze", "cutover", "subnets")) == {"tommorow", "seqeeze"}
    # COMMON_FAR: sporadic has 629 uses
    assert set(_typos("sporiladic")) == {"sporiladic"}
    # REPEATED and COMMON_IF_REPEATED: written twice, hookups (207) is not enough, security
    # (175,207) is; behind a prefix, reactor (7,380) and debase (323) are not
    assert set(_typos("lookups", "securtiy", lines=2)) == {"securtiy"}
    assert set(_typos("lookups", "refactor", "rebase", "untill", lines=1)) == {"lookups", "untill"}
    # COMMON_IF_REPEATED: written on two lines, skillet (340) is not enough for skillset,
    # continuously (2,835) is for continously and negotiation (2,873) for negociation
    found = _typos("skillset", "continously", "negociation", lines=REPEATED)
    assert set(found) == {"continously", "negociation"}
    # COMMON_TINY: you has 72 million uses; the commonest word one key from kpi, fewer than it
    assert _typos("tou", "kpi") == {"tou": ("you",)}
    # the keys of a short word's slips: wife is no slip of wifi, nor comes of comms
    assert set(_typos("wifi", "comms", "dows")) == {"dows"}
    # APOSTROPHE: how's is 164 times as common as hows; we'd 48 times as wed
    assert set(_typos("hows", "wed")) == {"hows"}
    # JARGON counts as a neighbour
    assert _typos("sqllite") == {"sqllite": ("sqlite",)}


# --- The whole check on pyspellchecker's list. ---


def test_the_sample_and_issue_typos_are_flagged_with_a_hint() -> None:
    found = _typos(
        *("managemnet", "firecasting", "acocount", "interal", "horsefor", "ve"),
        *("seperate", "definately", "accomodate", "wierd", "untill", "goverment", "teh"),
        *("dont", "whats", "cant", "independetaly", "occured", "skiping", "mymain"),
    )
    assert found == {
        "acocount": ("account",),
        "accomodate": ("accommodate",),
        "cant": ("can't",),
        "definately": ("definitely",),
        "dont": ("don't", "don", "font"),
        "firecasting": ("forecasting",),
        "goverment": ("government",),
        "horsefor": ("horse for",),
        "independetaly": ("independently",),
        "interal": ("internal", "integral", "interval"),
        "managemnet": ("management",),
        "mymain": ("my main",),
        "occured": ("occurred",),
        "seperate": ("separate",),
        "skiping": ("skipping", "skiing", "swiping"),
        "teh": ("the",),
        "untill": ("until",),
        "ve": ("’ve",),
        "whats": ("what's",),
        "wierd": ("weird", "wired"),
    }


def test_words_with_no_close_common_word_pass() -> None:
    words = (
        *("colour", "centre", "organised", "behaviour", "licence", "travelling", "programme"),
        *("kubernetes", "webhook", "dockerfile", "autoscaling", "microservices", "terraform"),
        *("rheology", "organoids", "sourcer", "podcasts", "chunking", "remoting"),
        *("kpi", "okr", "ssh", "sla", "fyi", "imo", "kubectl", "frobnicator", "github"),
        *("lets", "its", "id", "cafe", "cliche", "naive", "rebase", "debounce", "refactor"),
        *("codebase", "dataset", "lifecycle", "runtime", "onsite", "intro", "mins", "todo"),
        *("queueing", "creeped", "reframing", "benefitted", "focussed"),
    )
    assert _typos(*words) == {}


def test_words_of_the_list_with_accents_are_known_without_them() -> None:
    assert unaccented("café") == "cafe" and unaccented("naïve") == "naive"
    assert unaccented("résumé") == "resume" and unaccented("plain") == "plain"
    lex = Lexicon({"café": 50, "cafe's": 3, "resume": 9000, "résumé": 700})
    assert lex.counts["cafe"] == 50 and lex.counts["café"] == 50
    assert lex.counts["resume"] == 9000  # the most common spelling counts
    assert facts("cafe", lex).uses == 50


def test_hints_put_the_words_the_notes_use_first() -> None:
    speller = Speller([], None)
    assert speller.typos({"maket": 1}) == {"maket": ("make", "market", "maker")}
    spelling._FACTS.clear()
    assert speller.typos({"maket": 1, "market": 2})["maket"][0] == "market"


def test_a_possessive_is_looked_up_by_its_word_and_contractions_not_at_all() -> None:
    words = {"managemnet's": 1, "traba's": 1, "team's": 1, "could've": 1, "does't": 1}
    assert Speller(["Traba"], None).typos(words) == {"managemnet's": ("management",)}


def test_allowed_words_and_company_names_pass_word_by_word() -> None:
    speller = Speller(["ResNet", "Acme SendIt"], None)
    words = {"resnet": 1, "sendit": 1, "recieve": 1}
    assert set(Speller([], None).typos(words)) == set(words)
    assert speller.typos(words) == {"recieve": ("receive", "relieve")}


# --- Remembered: a word is worked out once, in memory and in the cache folder. ---


def test_each_word_is_looked_up_once_and_a_warm_build_loads_no_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    looked_up: list[str] = []
    real = spelling.facts

    def counting(word: str, lex: Lexicon) -> Facts:
        looked_up.append(word)
        return real(word, lex)

    monkeypatch.setattr(spelling, "facts", counting)
    words = {"forecasting": 1, "firecasting": 1, "staffing": 1, "rebase": 1}
    first = Speller([], tmp_path).typos(words)
    assert first == {"firecasting": ("forecasting",)}
    assert sorted(looked_up) == sorted(words)
    # a save adding one word (mkdocs serve): only that word is looked up
    assert Speller([], tmp_path).typos({**words, "acocount": 1}) == {
        **first,
        "acocount": ("account",),
    }
    assert looked_up[len(words) :] == ["acocount"]
    # a save adding no word reads no cache file either
    reads: list[Path | None] = []
    real_read = Speller._read

    def counting_read(self: Speller) -> dict[str, Facts]:
        reads.append(self.cache_file)
        return real_read(self)

    monkeypatch.setattr(Speller, "_read", counting_read)
    Speller([], tmp_path).typos({**words, "acocount": 1})
    assert reads == []
    # a new process (mkdocs build): everything comes from the cache file, no list is loaded
    spelling._FACTS.clear()

    def no_list() -> None:
        raise AssertionError("the word list was loaded")

    monkeypatch.setattr(spelling, "lexicon", no_list)
    assert Speller([], tmp_path).typos({**words, "acocount": 1}) == {
        **first,
        "acocount": ("account",),
    }
    assert len(looked_up) == len(words) + 1
    with pytest.raises(AssertionError, match="loaded"):
        Speller([], tmp_path).typos({**words, "interal": 1})


def test_a_cache_file_of_another_version_or_broken_is_not_read(tmp_path: Path) -> None:
    Speller([], tmp_path).typos({"acocount": 1})
    cache = tmp_path / spelling.CACHE_NAME
    data = json.loads(cache.read_text("utf-8"))
    assert data["key"].startswith(spelling.FACTS_VERSION + ":")
    data["words"]["acocount"] = [0, [], 0, 0]  # what a cache would say if it were trusted
    cache.write_text(json.dumps(data), "utf-8")
    spelling._FACTS.clear()
    assert Speller([], tmp_path).typos({"acocount": 1}) == {}
    data["key"] = "0:" + data["key"]
    cache.write_text(json.dumps(data), "utf-8")
    spelling._FACTS.clear()
    assert Speller([], tmp_path).typos({"acocount": 1}) == {"acocount": ("account",)}
    cache.write_text("{not json", "utf-8")
    spelling._FACTS.clear()
    assert Speller([], tmp_path).typos({"acocount": 1}) == {"acocount": ("account",)}


def test_mkdocs_serve_loads_the_word_list_in_the_background(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.config import load_config

    project = copy_project(tmp_path / "p")
    spec = importlib.util.spec_from_file_location(
        "hook_under_test", ROOT / "hooks" / "handbook_hook.py"
    )
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    warmed = threading.Event()
    monkeypatch.setattr(hook, "warm_up", warmed.set)

    class Server:
        def __init__(self) -> None:
            self.builder = lambda: None
            self.watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    server = Server()
    assert hook.on_serve(server, load_config(str(project / "mkdocs.yml")), lambda: None) is server
    assert warmed.wait(10)
    assert str(project / "seeds") in server.watched


def test_warm_up_loads_the_list_and_its_index() -> None:
    spelling.warm_up()
    lex = spelling.lexicon()
    assert lex._index is not None and lex.counts["the"] > 1_000_000
