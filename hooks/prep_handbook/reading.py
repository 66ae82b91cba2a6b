"""What a line *is*, read from the line itself: a question (and who asks it), the candidate
speaking in the first person, a fact about the company, or logistics (links, dates, people).

The classifier asks this only for lines that no mark (``#ops``) and no label (``questions to
ask:``) placed: context first, then what the line is, then words. Every cue is a row of a
table below (a pattern and its weight), so a miss is fixed by a row, not by a new branch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from .text import plain, short_name


class Kind(StrEnum):
    """What a line reads as."""

    ASKED = "asked"
    """A question they may ask me (about me, my experience, or a technical question)."""
    TO_ASK = "to-ask"
    """A question I ask them (about the team, role, company, process, next steps)."""
    SELF = "self"
    """The candidate speaking of themselves: "I led…", "Hi, I'm Ana…"."""
    COMPANY = "company"
    """A fact about the company: its name, "they", products, numbers, customers."""
    LOGISTICS = "logistics"
    """Links, interviewer names, dates and times, the format, study lists."""


@dataclass(frozen=True, slots=True)
class Read:
    kind: Kind
    strong: bool
    """Clear on its own (a ``?``, "I …" opening a line, a URL): the line may leave its group."""


_QA_PREFIX = re.compile(
    r"^\s*(?:\*\*|__)?\s*(q|question|a|ans|answer|practice|exercise|case|prompt|expect)\s*\d*\s*"
    r"[:.)-]\s*",
    re.I,
)
"""``Q: …`` / ``A: …`` / ``Q1. …`` / ``**Q:** …`` in question-and-answer sheets, and a
practice prompt: ``Practice: design a feature for …``, ``Case 2: …``."""
_LEAD = re.compile(r"^[\W_]+|[\s\"“”‘’'*_)\]]+$")
"""Decoration around a line's words: quotes, emphasis, bullets like ▸ or •, an emoji."""
_QUESTION_END = re.compile(r"\?\s*$")
_PROMPT = re.compile(
    r"^(tell (me|us)|walk (me|us)|talk (me |us )?(about|through)|describe|explain|"
    r"give (me |us )?(an? )?(example|time|situation)|share (an?|one|your)|"
    r"what (is|are) the differences? between|difference between|define|"
    r"(design|build|estimate|improve|critique) (a|an|the|our|your)|how would you)\b",
    re.I,
)
"""Openings that ask for an answer without a question mark: "Tell me about a time…"."""
_TOPIC = re.compile(
    r"^(my )?(biggest |greatest )?(strengths?|weakness(es)?)"
    r"( (and|&) (my )?(strengths?|weakness(es)?))?\s*(:|$|\s[—–-]\s)|"
    r"^(my )?(proudest|biggest|greatest) (project|achievement|accomplishment|failure|mistake|"
    r"challenge|win|regret)\s*(:|$|\s[—–-]\s)",
    re.I,
)
"""A classic question written as its topic ("Strengths", "Weaknesses:")."""
_REPORTED = re.compile(
    r"^((they |he |she |(the )?interviewers? |[A-Z][a-z]+ )"
    r"((usually|often|always|may|might|will|probably|tend to|likely) ){0,2}(ask|asks)\b|"
    r"(they |he |she |(the )?interviewers? |[A-Z][a-z]+ )?"
    r"(asked|wanted to know|grilled me on)\b)(?! (them|him|her)\b)",
    re.I,
)
"""A question reported after a call: "asked me to design…", "they usually ask to design…"."""
_TO_ASK_NOTE = re.compile(
    r"^\W*(remember:?\s*|don'?t forget to |(i )?(need|want|plan|would like|'d like) to )?"
    r"(to )?(ask|find out|check) "
    r"(them |him |her )?(about|if|whether|how|what|why|who|when|where)\b|"
    r"^\W*(my|i) (question|asked)\b|\(ask (them|him|her|the \w+)\)",
    re.I,
)
"""A note to self to ask: "ask about how they split work", "Remember: ask about on-call"."""
_TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_ASKING = re.compile(
    r"^(why|what|what's|whats|how|when|where|who|which|is|are|do|does|did|can|could|would|"
    r"will|should|have|has|were|was|if you)\b",
    re.I,
)
_YOU = re.compile(r"\b(you|your|yours|yourself|ur|u)\b", re.I)

# Who asks: each row adds its weight to one side when it matches the question.
_TO_ME: tuple[tuple[str, float], ...] = (
    (r"\byourself\b", 3),
    (r"^(design|build|estimate|improve|critique) (a|an|the|our|your)\b", 4),
    (
        r"^(tell (me|us)|talk) about an? (time|conflict|project|situation|mistake|failure|"
        r"challenge|disagreement|decision|moment|launch)\b",
        3,
    ),
    (
        r"\b(a|one) time (when|that|where|you)\b|"
        r"\ban? (example|situation|instance) (of|when|where)",
        3,
    ),
    (r"\bhave you (ever|had|worked|led|dealt|faced|used|built|managed)\b", 2),
    (r"\b(did|were|have) you\b", 1),
    (
        r"\byour (strengths?|weakness(es)?|greatest|biggest (strength|weakness|accomplishment|"
        r"achievement|failure|mistake)|career|goals?|background|experience|resume|cv|salary|"
        r"expectations|previous|current (role|job)|last (role|job)|motivations?|proudest|ideal)\b",
        3,
    ),
    (
        r"\bwhy (should we|do you want|are you|did you|would you|this (role|company|job|position))",
        3,
    ),
    (r"\bwhy (us|here|join)\b", 3),
    (
        r"\bwhere do you see yourself\b|\bwhat motivates you\b|"
        r"\bwhat (are|is) you(r)? (hoping|looking)",
        3,
    ),
    (
        r"\bhow (would|do|did|will) you (handle|deal|approach|manage|prioriti[sz]e|resolve|solve|"
        r"design|implement|debug|test|explain|measure|improve|scale|build|go about)\b",
        2,
    ),
    (r"\bwhat would you do\b|\bwhat do you (consider|think (is|are) your)\b", 3),
    (r"\b(salary|compensation) expectations?\b|\bnotice period\b", 3),
    (r"\bencounter(ed)?\b|\bovercame|\bovercome\b|\bhandled?\b|\bconflict\b|\bmistake\b", 1),
    (r"\bchallenge(s|d)? (you|at work)\b|\bchallenging (situation|project|problem)\b", 2),
    (r"\bwhat (is|are) (an? |the )?[a-z0-9.+#-]+( [a-z0-9.+#-]+)?\s*\??$", 1.5),
    (r"\bhow does (an? |the )?[a-z0-9.+#-]+ work\b|\bwhat happens when\b", 2),
)
_TO_THEM: tuple[tuple[str, float], ...] = (
    (r"\b(I|I'll|I'd|I'm|I’ll|I’d|I’m|my|me)\b(?<!\btell me)(?<!\bwalk me)(?<!\bgive me)", 2),
    (
        r"\b(team|teams|role|culture|onboarding|process|roadmap|day[- ]to[- ]day|typical day|"
        r"manager|management style|stack|tooling|priorities|hiring|timeline|benefits|remote|"
        r"office|org|organi[sz]ation|work-life|mentorship|opportunit(y|ies)|metrics|kpis?|"
        r"competitors?|vision|mission|funding|runway|customers?|users?|product|roadmap|strategy|"
        r"growth|bets?|plans?)\b",
        1,
    ),
    (
        r"\byour (team|teams|company|product|customers|roadmap|culture|process|stack|org|"
        r"favou?rite|time (at|here)|experience (at|here|working))\b",
        2,
    ),
    (r"\bwhat does success look like\b|\bnext steps?\b|\bhow long have you been\b", 4),
    (r"\bwhat (do|did) you (like|enjoy|love)\b|\bwhat brought you\b|\bwhy did you join\b", 4),
    (r"\b(the|this) (role|position|team|company)\b|\bworking here\b", 2),
    (r"\b(they|their|them)\b", 1),
    (r"\b(is|are) there\b|\bhow (big|large|many)\b|\bwhat('s| is) the (biggest|hardest)\b", 1),
    (r"\bhow (are|is) (you|the team) thinking\b|\bwhere do you think\b", 3),
    (r"\binterview (process|loop)\b|\bhear back\b|\bfirst (30|60|90) days\b", 3),
)

_TO_ME_RE = tuple((re.compile(p, re.I), w) for p, w in _TO_ME)
_TO_THEM_RE = tuple((re.compile(p, re.I), w) for p, w in _TO_THEM)

_SELF_OPEN = re.compile(
    r"^(hi|hello|hey)\b[^.!?]{0,20}\b(i'm|i am|my name|i’m)\b|"
    r"^(i|i'm|i’m|i've|i’ve|i'd|i’d|i'll|i’ll|my|me|myself|as an?)\b",
    re.I,
)
GREETING = re.compile(r"^\W*(hi|hello|hey)\b[^.!?]{0,20}\b(i'm|i am|i’m|my name)\b", re.I)
"""An introduction ("Hi, I'm Ana…"): the pitch, wherever it is written."""
_SELF = re.compile(r"\b(i|i'm|i’m|i've|i’ve|i'd|i’d|my|me|myself|mine)\b", re.I)

LETTER = re.compile(
    r"^(hi|hello|hey|dear) [\w .'-]{1,30},?$|"
    r"^(best|thanks|thank you|regards|cheers|sincerely|kind regards|best regards|many thanks|"
    r"warmly|talk soon)\W*$",
    re.I,
)
"""The greeting and the sign-off of a pasted e-mail ("Hi Sam,", "Best,"): logistics."""
_URL = re.compile(r"https?://|\bwww\.|\]\([^)]+\)|<https?:|^\W*!?\[\[[^\]]+\]\]\W*$", re.I)
DATED = re.compile(
    r"\b\d{1,2}(:\d{2})?\s*(am|pm)\b|\b\d{1,2}:\d{2}\b|\b\d{4}-\d{2}-\d{2}\b|"
    r"\b(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?\b,? *(\d|at|morning|afternoon)|"
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* \d{1,2}\b",
    re.I,
)
"""A date or a time of day in a line ("Mon 10am", "2024-06-01", "June 3"): logistics."""
_LOGISTICS = (
    re.compile(
        r"\blinked ?in\b|\bzoom\b|\bgoogle meet\b|\bteams call\b|\bcalendly\b|\bglassdoor\b",
        re.I,
    ),
    DATED,
    *(
        re.compile(p, re.I)
        for p in (
            r"\b\d+\s*(min|mins|minutes|hr|hrs|hours?)\b",
            r"\b(salary|compensation|notice period|start date|visa)\b",
            r"\b(leetcode|neetcode|hackerrank|read up on|study|review the|practice|brush up|"
            r"(topics|things) to (review|study|read|practice))\b|"
            r"^(prep|prepare|re-?read|revise|review|print|bring)\b",
        )
    ),
)
_LOGISTICS_LABEL = re.compile(
    r"^(interviewers?|recruiter|hiring manager|panel|format|duration|location|address|"
    r"date|time|when|where|round|stage|dress code|contact|email|phone|(interview )?loop|"
    r"(interview )?process|rounds|stages|comp|offer|pay|next( steps?)?|follow[- ]up|"
    r"take[- ]home|feedback)\s*[:\-–—]",
    re.I,
)
"""A line that opens by saying it is logistics ("next: take-home", "feedback: solid"):
clear on its own, so it ends the answer of a question above it."""
_COMPANY = tuple(
    re.compile(p, re.I)
    for p in (
        r"^(they|their|it|its|the company|the product|(the )?(team|role|job|position))\b",
        r"\b(founded|raised|series [a-f]|valuation|headquartered|hq|acquired|ipo|arr|revenue|"
        r"employees|customers|users|competitors?|backed by|investors?|launched|funding)\b",
        r"\b\d+\s+(engineers|people|employees|staff|developers|squads|teams|offices|members)\b",
        r"[$€£]\s?\d|\b\d+(\.\d+)?\s?(%|(k|m|b|bn|million|billion)\b)",
        r"\b(their|they're|they’re|they've|they)\b",
    )
)


class Reader:
    """The tables, and the few rows that name the company (compiled once per company)."""

    def __init__(self, company: str) -> None:
        self.company = company
        name = re.escape(company.lower())
        self._name = re.compile(rf"\b{name}\b", re.I) if company else None
        # "Brookfield builds …" in notes on Brookfield Grid: the name's first word, as written
        short = short_name(company)
        self._short = re.compile(rf"(?<![\w&]){re.escape(short)}\b") if short else None
        # "why Acme?" is asked of me; "at Acme", "Acme's …" ask about them.
        self._why_us = re.compile(rf"\bwhy {name}\b", re.I) if company else None
        self._about_them = re.compile(rf"\bat {name}\b|\b{name}'?s?\b", re.I) if company else None
        self._read: dict[str, Read | None] = {}

    def asker(self, question: str) -> Kind:
        """Who asks it: they (about me, or a technical question) or I (about them)."""
        to_me = sum(w for p, w in _TO_ME_RE if p.search(question))
        to_them = sum(w for p, w in _TO_THEM_RE if p.search(question))
        if self._why_us is not None and self._why_us.search(question):
            to_me += 3
        elif self._about_them is not None and self._about_them.search(question):
            to_them += 2
        return Kind.TO_ASK if to_them > to_me else Kind.ASKED

    def asks_them(self, text: str) -> bool:
        """A line that says outright it is for me to ask: a note to ask ("ask her how …"),
        or a question to them with its question mark."""
        if _TO_ASK_NOTE.match(_clean(text)):
            return True
        q = question(text)
        return q is not None and "?" in q[0] and self.asker(q[0]) is Kind.TO_ASK

    def read(self, text: str) -> Read | None:
        """What one line reads as, or None when nothing about the line itself tells."""
        if text not in self._read:
            if len(self._read) > 50_000:
                self._read.clear()
            self._read[text] = self._reading(text)
        return self._read[text]

    def _reading(self, text: str) -> Read | None:
        if row := _TABLE_ROW.match(text):  # | Why Acme? | my answer |: a question if a cell is
            for cell in row.group(1).split("|"):
                if (q := question(cell)) is not None and q[1]:
                    return Read(self.asker(q[0]), True)
        t = _clean(text)
        if not t:
            return None
        q = question(text)
        if q is not None:
            return Read(self.asker(q[0]), q[1])
        if _QA_PREFIX.match(plain(text)):  # "A: …": an answer, with the questions they ask
            return Read(Kind.ASKED, False)
        if _TO_ASK_NOTE.match(t):
            return Read(Kind.TO_ASK, True)
        if _REPORTED.match(t):  # "asked me to design an API": a question they asked
            return Read(Kind.ASKED, True)
        if _URL.search(text) or LETTER.match(t) or _LOGISTICS_LABEL.match(t):
            return Read(Kind.LOGISTICS, True)
        if _SELF_OPEN.match(t):  # "I led the rewrite, 40 min to 3": me, whatever it counts
            return Read(Kind.SELF, True)
        if any(p.search(t) for p in _LOGISTICS):
            return Read(Kind.LOGISTICS, False)
        if _SELF.search(t):
            return Read(Kind.SELF, False)
        if self._name is not None and self._name.search(t):
            return Read(Kind.COMPANY, t.lower().startswith(self.company.lower()))
        if self._short is not None and (said := self._short.search(t)) is not None:
            return Read(Kind.COMPANY, said.start() == 0)
        if any(p.search(t) for p in _COMPANY):
            return Read(Kind.COMPANY, False)
        return None


@lru_cache(maxsize=65536)
def question(text: str) -> tuple[str, bool] | None:
    """The question a line asks, without ``Q:`` and decoration, and whether it is clearly
    one (a ``?``, an opening such as "Tell me about", or "you" in a wh-question); None
    when the line does not read as a question at all."""
    qa = _QA_PREFIX.match(plain(text))
    if qa and qa.group(1).lower().startswith("a"):
        return None
    t = _clean(text)
    if not t:
        return None
    if qa or _QUESTION_END.search(t) or _PROMPT.match(t) or _TOPIC.match(t):
        return t, True
    if _ASKING.match(t):
        head, colon, _value = t.partition(": ")
        if colon and len(head.split()) <= 4 and not _YOU.search(head):
            return None  # "what they do: consumer banking": a label and its value
        return t, bool(_YOU.search(t)) and len(t.split()) >= 4
    return None


def is_answer(text: str) -> bool:
    """``A: …`` / ``Ans: …``: a line that says it is an answer."""
    qa = _QA_PREFIX.match(plain(text))
    return qa is not None and qa.group(1).lower().startswith("a")


_TIMESTAMP = re.compile(r"^\s*\[\d{1,2}:\d{2}(:\d{2})?\]\s*")
_NUMBERED = re.compile(r"^\s*(?:q\s*)?\d{1,3}\s*[.):](?!\d)\s*(?=\S)", re.IGNORECASE)
"""A question's number in a list written by hand ("12.What is…", "## 30. Biggest weakness",
"Q3) …"): not part of what it asks."""
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
"""Markup pasted around a question (``<details><summary>2. What is …</summary>``)."""
"""``[10:02]`` before a line of a call's transcript: when it was said, not what."""


@lru_cache(maxsize=65536)
def _clean(text: str) -> str:
    t = _TIMESTAMP.sub("", plain(text), count=1)
    if "<" in t:
        t = _HTML_TAG.sub(" ", t).strip()
    t = _QA_PREFIX.sub("", _NUMBERED.sub("", t, count=1), count=1)
    return _LEAD.sub("", t).strip()


@lru_cache(maxsize=64)
def reader(company: str) -> Reader:
    """The reader for one company, compiled once per process."""
    return Reader(company)
