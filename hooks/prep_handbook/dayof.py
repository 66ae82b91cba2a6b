"""Reading a line for the morning of the interview: is it the day's logistics (who, when,
where and in what format) or a key fact about the company (funding, headcount, scale)?

The classifier has already put each line on a page (logistics, business notes, More notes);
this module only reads lines for the one-pager's first sections, so that what one checks in
the lobby ("Thursday 2 pm, Zoom, 45 min, with Priya Shah (VP Ops)"; "Series B, $32M, 120
people") is on the sheet. Each reading is a small pattern with the case that needs it; the
selection (how many, in what order) is in onepager.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import plain

_MONTH = (
    r"(?:january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|"
    r"september|sept|sep|october|oct|november|nov|december|dec)\.?"
)
WHEN = re.compile(
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri)(?:day)?\b|\b(?:satur|sun)day\b"  # Thu, Monday
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?!\w)"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"  # 2024-05-14, 3/12/2025
    r"|\b\d{1,2}(?::[0-5]\d)?\s?(?:am|pm|a\.m\.|p\.m\.)(?!\w)"  # 2pm, 2:00 pm
    r"|\b(?:[01]?\d|2[0-3]):[0-5]\d\b|\bnoon\b"  # 9:30, 14:00
    r"|\btomorrow\b",
    re.IGNORECASE,
)
"""A date, a weekday or a time of day."""
WHO = re.compile(
    r"\bwith\s+(?!Zoom|Google|Microsoft|Teams|Slack|Webex|Skype)[A-Z][a-z]"  # with Ines
    r"|\b(?:[Ii]nterviewers?|[Rr]ecruit(?:er|ing)|[Hh]iring [Mm]anager|[Pp]anel(?:ists?)?"
    r"|[Tt]alent [Pp]artner|who I'?m meeting)\b"
    r"|\b[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+)? \([^)]{2,40}\)",  # Priya Raman (EM), Dana (COO)
)
"""Someone one meets: "with Priya", "recruiter: …", a name with a role in brackets."""
WHERE = re.compile(
    r"\b(?:zoom|google meet|meet link|teams call|microsoft teams|webex|hangouts|skype"
    r"|video(?: call)?|phone (?:screen|call|interview)|on-?site|in[- ]person|office|address"
    r"|reception|lobby|badge|arrive|arrival|parking|take-?home|case study|whiteboard"
    r"|live coding|pair(?:ing)? programming|system design|coding (?:round|interview|exercise)"
    r"|behaviou?ral (?:round|interview)|panel|loop|round|bring|calendar invite|dress code)\b"
    r"|\b\d+\s?(?:-\s?\d+\s?)?-?(?:min|mins|minutes?|hrs?|hours?)\b|\b(?:half an|an) hour\b",
    re.IGNORECASE,
)
"""Where and in what format: Zoom, onsite, 45 min, a case study, what to bring."""
NOT_DAY = re.compile(
    r"^\W*(?:re-?read|read|review|study|practi[cs]e|prep(?:are)?|revise|learn|watch|look up"
    r"|research|ask)\b|\b(?:salary|compensation|comp|notice period|relocat\w*|equity|visa)\b",
    re.IGNORECASE,
)
"""Study plans and screening answers: logistics, but not what one reads in the lobby."""

PERSON = re.compile(r"^[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}(?=$|\s*[,(—–-])")
"""A line that opens with a person's name: "Dana Li", "Dana Whitfield, Director of Data"."""
_NOT_NAMES = frozenset(
    """about after agenda before company during interview interviews key links my next notes
    on our prep reading round study the their useful what who why""".split()
)

FUNDING = re.compile(
    r"\b(?:series [a-h]|seed round|pre-?seed|raised|funding|funded|valuation|valued at|ipo"
    r"|went public|publicly traded|acquired by|backed by|unicorn)\b"
    r"|[$€£¥]\s?\d[\d,.]*\s?(?:k|m|mm|bn|b|million|billion)?\b"
    r"|\b\d[\d,.]*\s?(?:mm|bn|million|billion)\b",
    re.IGNORECASE,
)
HEADCOUNT = re.compile(
    r"\b\d[\d,]*\+?\s+(?:\w+\s)?(?:people|employees|staff|engineers|ftes?|developers|headcount)\b"
    r"|\bteam of \d+|\bheadcount\b",
    re.IGNORECASE,
)
FOUNDED = re.compile(
    r"\b(?:founded|hq|headquartered|based in|offices? in)\b",
    re.IGNORECASE,
)
SCALE = re.compile(
    r"\b\d[\d,.]*\s?[kmb]?\+?\s+(?:\w+\s)?(?:customers|clients|users|members|teams|companies"
    r"|businesses|hospitals|schools|shippers|sites|warehouses|downloads|payouts|countries|states"
    r"|cities|markets|locations|stores|merchants|drivers|workers|restaurants|carriers)\b"
    r"|\b(?:revenue|arr|mrr|gmv|profitable|profit|margin|grew|yoy)\b.*\d|\d.*\b(?:arr|revenue)\b",
    re.IGNORECASE,
)
NOT_FACT = re.compile(
    r"\b(?:salary|compensation|comp|base|equity|notice period)\b|\b\d+\+?\s+years?\b",
    re.IGNORECASE,
)
"""My pay and my years of experience are numbers, but not facts about the company."""
ONLY_LINK = re.compile(r"\s*!?\[[^\]]*\]\([^)]*\)\s*|\s*<?(?:https?://|www\.)\S+>?\s*")
"""A line that is only a link: something to open, not to read on paper."""

DAY_KEYS = frozenset(
    """date time when day interviewer interviewers interviewing_with with who panel recruiter
    hiring_manager manager format where location place address round stage status duration
    length role position""".split()
)
"""Frontmatter keys that say something about the day (``Date: June 3, 11:00``)."""
FACT_KEYS = frozenset(
    """funding raised founded hq headquarters size headcount employees revenue valuation
    customers""".split()
)

_URL = re.compile(r"<?\b(?:https?://|www\.)\S+>?")
_WIKILINK = re.compile(r"!?\[\[([^\[\]|#]*)(?:#[^\[\]|]*)?(?:\|([^\[\]]*))?\]\]")
_PROPERTY = re.compile(r"^(\W*)([A-Za-z][\w -]*?)(\**)::\s*")  # "Interviewer:: …", "**Role**::"
_CHECKBOX = re.compile(r"^\[[ xX]\]\s+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")
_DANGLING = re.compile(r"[\s,;:|–—-]+$")
_KEY_VALUE = re.compile(r"^\W*\**([A-Za-z][\w -]{0,30}?)\**\s*::?\s*(.*)$")


@dataclass(frozen=True, slots=True)
class Reading:
    """What a line says about the day, or about the company."""

    who: bool = False
    when: bool = False
    where: bool = False
    fact: int = 0
    """How strong a company fact it is: 3 funding or headcount, 2 founding, place or scale."""

    @property
    def day(self) -> int:
        """How many of who, when and where the line answers."""
        return self.who + self.when + self.where


def read(text: str) -> Reading:
    """The cues of one line (as shown: plain text)."""
    fact = 0
    if not NOT_FACT.search(text):
        if FUNDING.search(text) or HEADCOUNT.search(text):
            fact = 3
        elif FOUNDED.search(text) or SCALE.search(text):
            fact = 2
    short = len(text.split()) <= 3 and not WHEN.search(text) and not re.search(r"\d", text)
    if short or NOT_DAY.search(text):  # "Interviewers", "review system design": not the day
        return Reading(fact=fact)
    return Reading(
        who=bool(WHO.search(text)),
        when=bool(WHEN.search(text)),
        where=bool(WHERE.search(text)),
        fact=fact,
    )


def person(text: str) -> bool:
    """The line opens with someone's name ("Dana Li", "Priya Raman — engineering manager")."""
    m = PERSON.match(text)
    return m is not None and m.group(0).split()[0].lower() not in _NOT_NAMES


def shown(text: str) -> str:
    """A line as the sheet prints it: plain text, no addresses, a table row's cells joined,
    ``[[links]]`` as their names."""
    t = _WIKILINK.sub(lambda m: m.group(2) or m.group(1), text)
    t = _PROPERTY.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}: ", t)
    t = _CHECKBOX.sub("", plain(t).strip())
    if t.startswith("|"):
        t = " · ".join(c.strip() for c in t.strip("|").split("|") if c.strip())
    t = _URL.sub("", t)
    return _DANGLING.sub("", " ".join(t.split()))


def table_rule(text: str) -> bool:
    """A table's ``|---|:--:|`` line."""
    t = text.strip()
    return t.startswith("|") and not t.strip("|-: \t")


def cue_sentences(text: str, wanted: object) -> str:
    """The sentences of a long line that carry its cue ("Hi Sam, thanks. Your phone screen with
    Laura Chen is on Thursday." → the second); the whole line when none alone does."""
    parts = _SENTENCE.split(text)
    if len(parts) < 2:
        return text
    kept = [p for p in parts if _has(read(p), wanted)]
    return " ".join(kept) if kept else text


def _has(r: Reading, wanted: object) -> bool:
    return r.day > 0 if wanted == "day" else r.fact > 0


def key_value(text: str) -> tuple[str, str] | None:
    """A frontmatter line as (key, value): ``Date: June 3`` → ("date", "June 3")."""
    m = _KEY_VALUE.match(text)
    if m is None:
        return None
    key = m.group(1).strip().lower().replace(" ", "_").replace("-", "_")
    return key, m.group(2).strip().strip("[]\"'")
