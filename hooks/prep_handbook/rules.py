"""Classification rules as data: the classifier walks these tables, it holds no keywords itself.

Precedence, highest first:

1. **marks** — a section tag written in the notes (``#ops``) on a label, heading or line;
2. **labels** — patterns matched against a heading or the label of a list (``- connection:``);
3. **quotes** — for a ``>`` quote under no label: the "why <company>" story, else the pitch;
4. **words** — for loose lines under no label: any word of the list claims the group;
5. everything else lands in "More notes".

Users extend every table from ``mkdocs.yml`` (``extra.handbook.rules``); their entries are
tried before the defaults. ``{company}`` in a pattern stands for the company's name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .model import Section
from .text import short_name

DEFAULT_MARKS: Mapping[str, Section] = {
    "pitch": Section.PITCH,
    "why": Section.WHY,
    "mapping": Section.MAPPING,
    "experience": Section.MAPPING,
    "ops": Section.OPS,
    "business": Section.BUSINESS,
    "they-ask": Section.THEY_ASK,
    "ask": Section.TO_ASK,
    "logistics": Section.LOGISTICS,
    "more": Section.MORE,
}

SHEET_PIN = "sheet"
"""``#sheet`` on a line pins it onto the one-pager."""
SHEET_OFF = "nosheet"
"""``#nosheet`` on a line keeps it off the one-pager (it stays on its full page)."""


def hidden_tags(marks: Mapping[str, Section]) -> frozenset[str]:
    """The tags taken off a line where it is shown: section marks, ``#sheet``, ``#nosheet``."""
    return frozenset({*marks, SHEET_PIN, SHEET_OFF})


DEFAULT_LABELS: tuple[tuple[Section, str], ...] = (
    (Section.THEY_ASK, r"\b(they|interviewers?|recruiters?|hiring managers?)\b.*\bask"),
    (
        Section.THEY_ASK,
        r"\bquestions? (for|to) me\b|\b(likely|expected|interview|behaviou?ral)"
        r" questions\b|\basked\b|\bmy answers\b|(?<!screening )\banswers\b|"
        r"^\W*(my )?(answer|approach|solution)\s*:?$|"
        r"^\W*(their|the interviewers?'?s?) questions\b|\bquestions (from|by) them\b",
    ),
    (
        Section.THEY_ASK,
        r"\b(system design|coding|technical|behaviou?ral|case|sql|algorithms?|leetcode|"
        r"practice|common|standard|typical|other) (topics|problems|prompts|exercises|"
        r"questions)\b|\bcommonly (seen|asked)\b|\btopics (they|to) (ask|cover|expect)\b",
    ),
    (
        Section.TO_ASK,
        r"\bquestions?\b.*\b(to ask|for them|for the (interviewer|team|hiring manager|"
        r"recruiter|panel)|i('ll| will)? ask)\b|^(my )?questions?\s*:?$|^(things )?to ask\b|"
        r"^\W*questions?( that)? (i have|from me|of mine)\b|"
        r"^ask( them)?\b|\breverse questions\b|"
        r"\b(want|need|wish) to (find out|know|ask)\b|^(things )?to find out\b|"
        r"\bto (probe|dig into|clarify)\b",
    ),
    (
        Section.LOGISTICS,
        r"^\W*(logistics|resources?|links?|reading( list)?|study( list| plan)?|schedule|agenda|"
        r"format|details|interviewers?|panel|people|contacts?|references|useful links|"
        r"(prep )?checklist|key people|who'?s who|frameworks?|tips|reminders|"
        r"on the day|(the )?day of|(before|during|after) the (interview|call))\b|"
        r"\babout the (hiring manager|interviewers?|recruiter|panel)\b|"
        r"\bwho i('m| am) (meeting|talking to)\b|"
        r"\binterview (schedule|process|loop|format|timeline|stages|rounds)\b|"
        r"\b(onsite|interview|day) (agenda|schedule|logistics)\b|"
        r"\bscreening (answers|questions|form)\b|\bapplication form\b",
    ),
    (Section.WHY, r"^why\b(?! me\b)"),
    (
        Section.PITCH,
        r"\b(pitch|intro(duction)?|about (me|myself)|introduc(e|ing) myself|"
        r"tell me about yourself|elevator|"
        r"my story|narrative|summary|talk outline|talk track|who i am|"
        r"me in \d+ (seconds|secs?|minutes?))\b",
    ),
    (
        Section.MAPPING,
        r"\b(connections?|experiences?|background|fit|relevant|mapping|"
        r"parallels|why me|stor(y|ies)|star|situation|(key|talking|selling) points|"
        r"what i bring|highlights|"
        r"achievements|accomplishments|(my )?wins|proof points)\b|"
        r"^\W*(task|action|actions|result|results|outcome)\W*$",
    ),
    (
        Section.OPS,
        r"\b(operations|ops|org( chart| structure)?|teams?|buckets|how (they|it)"
        r" (works?|operates?)|operating model|business model)\b",
    ),
    (
        Section.BUSINESS,
        r"^\W*(the )?(company|business|call|research|market|product|strategy)\b|"
        r"\b(company|business|market|product|call) (notes|research|overview|info|model)\b|"
        r"\babout (us|them|the (company|role|team|job))\b|"
        r"^\W*(job description|jd|the role|responsibilities|requirements|qualifications|"
        r"what you('ll| will) (do|bring)|who you are|nice to have|must have|benefits|perks|"
        r"what we('re| are) looking for|what we offer|about you|you have|you are)\b",
    ),
    (Section.BUSINESS, r"\babout {company}\b|^\W*{company}\W*$"),
    (
        Section.MORE,
        r"\b(misc(ellaneous)?|other|more notes|random|scratch|to ?dos?|pros|cons|"
        r"(red|green) flags|concerns|worries|doubts)\b",
    ),
)

DEFAULT_QUOTES: tuple[tuple[Section, str], ...] = (
    (
        Section.WHY,
        r"\b(interested in|excited (about|by|to)|joining|join|drawn to|why)\b.*"
        r"\b{company}\b",
    ),
    (Section.WHY, r"\bwhy {company}\b"),
    (Section.PITCH, r""),
)

# Words that make a loose, unlabelled group read as notes about the business. Prefixes: "forecast"
# claims "forecasting" and "forecasts" too.
DEFAULT_WORDS: tuple[tuple[Section, tuple[str, ...]], ...] = (
    (
        Section.BUSINESS,
        (
            "{company}",
            "staff",
            "labor",
            "labour",
            "hire",
            "hiring",
            "applicant",
            "candidate",
            "worker",
            "workforce",
            "shift",
            "contingent",
            "demand",
            "supply",
            "forecast",
            "market",
            "upmarket",
            "enterprise",
            "customer",
            "client",
            "sales",
            "revenue",
            "growth",
            "pricing",
            "margin",
            "software",
            "product",
            "platform",
            "marketplace",
            "ops",
            "operation",
            "strategy",
            "scale",
            "contract",
            "trust",
            "retention",
            "churn",
            "expansion",
            "account",
            "motion",
            "logistic",
            "warehouse",
            "competitor",
            "funding",
            "investor",
            "team",
            "process",
            "partner",
            "acquisition",
            "liquidity",
            "fulfil",
            "business",
            "company",
            "startup",
            "industry",
            "segment",
            "gtm",
            "go-to-market",
        ),
    ),
)

# What reads as a question under "questions they ask me" (a line without an answer under it is a
# question not yet answered if it looks like one, else a talking point).
DEFAULT_QUESTION = (
    r"\?\s*[\"”’']?$|^(why|what|how|when|where|who|which|tell me|walk me|describe|give me|"
    r"can you|could you|do you|have you|are you|would you|explain|define|"
    r"(design|build|estimate|improve|critique) (a|an|the|our|your))\b"
)

DEFAULT_WHY_QUESTION = r"^why\b.*\b({company}|us|here|this (company|role|job|team)|join)\b"


@dataclass(frozen=True, slots=True)
class Rules:
    """The compiled tables for one company (``{company}`` filled in)."""

    marks: Mapping[str, Section]
    labels: tuple[tuple[Section, re.Pattern[str]], ...]
    quotes: tuple[tuple[Section, re.Pattern[str]], ...]
    words: tuple[tuple[Section, tuple[str, ...]], ...]
    question: re.Pattern[str]
    why_question: re.Pattern[str]

    def mark(self, tags: tuple[str, ...]) -> Section | None:
        for tag in tags:
            if (section := self.marks.get(tag.lower())) is not None:
                return section
        return None

    def label(self, text: str) -> Section | None:
        return next((s for s, p in self.labels if p.search(text)), None)

    def quote(self, text: str) -> Section | None:
        return next((s for s, p in self.quotes if p.search(text)), None)

    def word(self, words: set[str]) -> Section | None:
        for section, vocab in self.words:
            if any(w.startswith(vocab) for w in words):  # str.startswith tries each prefix
                return section
        return None


@dataclass(frozen=True, slots=True)
class RuleSource:
    """Rule tables before a company is known: defaults plus what the user added in mkdocs.yml."""

    marks: Mapping[str, Section]
    labels: tuple[tuple[Section, str], ...]
    quotes: tuple[tuple[Section, str], ...]
    words: tuple[tuple[Section, tuple[str, ...]], ...]
    question: str = DEFAULT_QUESTION
    why_question: str = DEFAULT_WHY_QUESTION
    _compiled: dict[str, Rules] = field(default_factory=dict, compare=False, repr=False)
    """Compiled tables by company: a rebuild under ``mkdocs serve`` compiles none again."""

    def compile(self, company: str) -> Rules:
        if (done := self._compiled.get(company)) is None:
            done = self._compiled[company] = self._compile(company)
        return done

    def _compile(self, company: str) -> Rules:
        # No company named (a general question bank): "{company}" matches nothing.
        name = re.escape(company.lower()) if company.strip() else r"(?!x)x"
        if short := short_name(company):  # "About Ashby" in notes on Ashby Freight
            name = rf"(?:{name}|{re.escape(short.lower())})"

        def pattern(p: str) -> re.Pattern[str]:
            return re.compile(p.replace("{company}", name), re.IGNORECASE)

        return Rules(
            marks=self.marks,
            labels=tuple((s, pattern(p)) for s, p in self.labels),
            quotes=tuple((s, pattern(p)) for s, p in self.quotes),
            words=tuple(
                (s, tuple(w for w in (v.replace("{company}", company.lower()) for v in ws) if w))
                for s, ws in self.words
            ),
            question=pattern(self.question),
            why_question=pattern(self.why_question),
        )


DEFAULT_RULES = RuleSource(
    marks=DEFAULT_MARKS, labels=DEFAULT_LABELS, quotes=DEFAULT_QUOTES, words=DEFAULT_WORDS
)


class RulesConfigError(ValueError):
    """``extra.handbook.rules`` in mkdocs.yml is not shaped as documented."""


def extend_rules(base: RuleSource, config: Mapping[str, object] | None) -> RuleSource:
    """Put the user's rules (from mkdocs.yml) in front of ``base``.

    ``config`` looks like::

        marks: {prep: pitch}              # '#prep' marks a line as part of the pitch
        labels: {they-ask: ["^prep answers$"]}
        quotes: {why: ["\\bmission\\b"]}
        words: {business: [payroll, dispatch]}
    """
    if not config:
        return base
    if not isinstance(config, Mapping):
        raise RulesConfigError(
            "extra.handbook.rules must be a mapping (marks/labels/quotes/words/question)"
        )
    unknown = set(config) - {"marks", "labels", "quotes", "words", "question"}
    if unknown:
        raise RulesConfigError(
            f"extra.handbook.rules: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
            "use marks, labels, quotes, words or question"
        )

    def section(name: object, where: str) -> Section:
        try:
            return Section(str(name))
        except ValueError:
            names = ", ".join(s.value for s in Section)
            raise RulesConfigError(
                f"{where}: '{name}' is not a section; use one of {names}"
            ) from None

    def patterns(key: str) -> tuple[tuple[Section, str], ...]:
        table = config.get(key) or {}
        if not isinstance(table, Mapping):
            raise RulesConfigError(f"extra.handbook.rules.{key} must map a section to a list")
        out: list[tuple[Section, str]] = []
        for name, items in table.items():
            sec = section(name, f"extra.handbook.rules.{key}")
            for item in [items] if isinstance(items, str) else list(items or []):
                try:
                    re.compile(str(item))
                except re.error as exc:
                    raise RulesConfigError(
                        f"extra.handbook.rules.{key}.{name}: bad pattern {item!r} ({exc})"
                    ) from None
                out.append((sec, str(item)))
        return tuple(out)

    marks_cfg = config.get("marks") or {}
    if not isinstance(marks_cfg, Mapping):
        raise RulesConfigError("extra.handbook.rules.marks must map a tag to a section")
    marks = {
        str(k).lstrip("#").lower(): section(v, "extra.handbook.rules.marks")
        for k, v in marks_cfg.items()
    }
    words = tuple((s, (w.lower(),)) for s, w in patterns("words"))
    question = config.get("question")
    if question is not None:
        if not isinstance(question, str) or not question.strip():
            raise RulesConfigError(
                "extra.handbook.rules.question must be one pattern (a string), e.g. '\\?$'"
            )
        try:
            re.compile(question)
        except re.error as exc:
            raise RulesConfigError(
                f"extra.handbook.rules.question: bad pattern {question!r} ({exc})"
            ) from None
    return RuleSource(
        marks={**base.marks, **marks},
        labels=patterns("labels") + base.labels,
        quotes=patterns("quotes") + base.quotes,
        words=words + base.words,
        question=str(question) if question else base.question,
        why_question=base.why_question,
    )
