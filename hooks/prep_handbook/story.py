"""Answer structure: do the prepared stories have a situation, an action and a result?

No standard detector exists (products ask a language model); this one is deterministic and
explainable, so each finding says which line and what is missing. A *story* is

- the prepared answer to a behavioural question they may ask ("tell me about a time…",
  "describe a situation…", "give an example…", conflict, failure, leadership…);
- lines labelled with the beats (``Situation:``/``Task:``/``Action:``/``Result:``, or ``S:``
  ``T:`` ``A:`` ``R:`` when at least two of the letters are used, since a lone ``A:`` is the
  answer of a Q/A sheet), under a heading or a bullet, or in a table with those columns;
- an experience point whose title names a behavioural theme ("Conflict with a product
  manager") with lines under it.

Labelled lines give their beat (lines after one continue it). Otherwise cue words decide: the
scene (past tense, "when", an outage, a deadline), an action in the first person past tense
("I split…", or a line that opens with a past-tense verb, as terse notes do), a result ("so",
"result", a change: "cut", "dropped", "zero", "since"). The checks: a situation or task, an
action, a result, a result with a number or a visible outcome, "I" at least as often as "we"
in the action, and no hypothetical "I would…" in place of something that happened.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .outline import Kind, Node, Outline
from .text import lazy_pattern, plain


class Beat(StrEnum):
    SITUATION = "situation"
    """Situation or task: where, when, what was at stake."""
    ACTION = "action"
    RESULT = "result"


BEHAVIOURAL = re.compile(
    r"\b(?:tell (?:me|us) about an? (?:time|situation|moment|project|occasion)"
    r"|describe an? (?:time|situation|moment|project|occasion)"
    r"|an? (?:time|situation) (?:when|where|you)"
    r"|give (?:me |us )?an example|share an example|walk (?:me|us) through an? (?:time|situation)"
    r"|have you ever|conflict|disagree\w*|fail(?:ed|ures?|ing)?|mistake|setback|leadership|led an?"
    r"|took the lead|difficult|challeng\w*|under pressure|tight deadline|proud\w*"
    r"|accomplishment|went wrong|push(?:ed)? back|persuad\w*|convinc\w*|overcame"
    r"|how did you (?:handle|deal|manage|respond))\b",
    re.IGNORECASE,
)
"""A question (or a story's title) asking for something that happened."""

# Finding a story needs BEHAVIOURAL, _ANY_LABEL and _INLINE_LETTER, compiled at import; the
# patterns that read a story's beats are compiled when a first story is read (lazy_pattern):
# many notes hold none, and these are the longest patterns of the package.
_WORD_LABELS = {
    Beat.SITUATION: r"situation|context|background|problem|challenge|task|goal|objective",
    Beat.ACTION: r"actions?|approach|what i did",
    Beat.RESULT: r"results?|outcome|impact",
}
_LETTERS = {"S": Beat.SITUATION, "T": Beat.SITUATION, "A": Beat.ACTION, "R": Beat.RESULT}
_LEAD = r"^\s*(?:[a-z]\)|\d{1,2}[.)])?\s*[*_]*"
_WORD_LABEL = lazy_pattern(
    _LEAD + r"(" + "|".join(_WORD_LABELS.values()) + r")[*_]*\s*(?::|\s[–—-]\s)[*_]*\s*",
    re.IGNORECASE,
)
_LETTER_LABEL = lazy_pattern(_LEAD + r"([STAR])[*_]*\s*:[*_]*\s*")
_INLINE_LETTER = re.compile(r"(?:^|[\s;|.,])([STAR]):\s")
_ANY_LABEL = re.compile(
    _LEAD + r"(?:[STAR]|" + "|".join(_WORD_LABELS.values()) + r")[*_]*\s*(?::|\s[–—-]\s)",
    re.IGNORECASE,
)
"""A line that may carry a beat's label: the cheap test before a story is looked for."""

_PAST_IRREGULAR = (
    "built|led|wrote|ran|made|took|set|put|got|found|met|spoke|drove|sent|split|chose|brought|"
    "began|did|had|told|paired|kept|cut|gave|held|hired|shipped|fixed|caught|sought|taught|bought|"
    "thought|rewrote|rebuilt|stood|won|lost|left|sat|saw|knew|grew|drew|threw|flew|became|"
    "came|went|spent|lent|dealt|felt|meant|read|said|paid|laid|sold|upheld|undertook|oversaw"
)
_PAST = rf"(?:[a-z]+ed|{_PAST_IRREGULAR})"
_CLAUSE_START = r"(?:^\s*(?:[a-z]\)|\d{1,2}[.)])?|[.;:!?—–]\s|\s-\s|,\s*(?:and|then|so)\s)\W*"
"""Where a clause starts: terse notes open clauses with the verb ("ran out of time")."""
_PAST_OPENING = lazy_pattern(rf"^\W*{_PAST}\b", re.IGNORECASE)
_ACTION = lazy_pattern(
    rf"\b(?:I|we)\s+(?:then\s+|also\s+|first\s+|personally\s+|quickly\s+)?{_PAST}\b"
    rf"|{_CLAUSE_START}{_PAST}\b",
    re.IGNORECASE,
)
_HYPOTHETICAL = lazy_pattern(
    r"\b(?:I|we)(?:\s+would|'d|’d|\s+will|'ll|’ll)\s+(?!have\b|had\b|been\b)[a-z]+"
    r"|^\W*(?:if|whenever)\b.*\bwould\b",
    re.IGNORECASE,
)
_OUTCOMES = (
    r"shipped|launched|delivered|promoted|won|closed|signed|renewed|retained|adopted|hired|kept"
    r"|passed|approved|fixed|resolved|eliminated|no (?:more|repeat|further)|never again|since"
)
"""A result anyone could see, with or without a number."""
_OUTCOME = lazy_pattern(rf"\b(?:{_OUTCOMES})\b", re.IGNORECASE)
_RESULT = lazy_pattern(
    r"\b(?:results?|resulted|outcome|impact|in the end|ended up|as a result|so that|now"
    r"|afterwards|which (?:meant|led|cut|saved)|cut|reduc\w+|increas\w+|improv\w+|grew|saved"
    rf"|dropped|fell|rose|doubled|tripled|halved|down|up by|zero|no \w+ed|{_OUTCOMES})\b",
    re.IGNORECASE,
)
_MEASURE = lazy_pattern(
    r"\d|%|\$|£|€|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|twice|half|"
    r"halved|double|doubled|tripled|third|quarter|dozen|hundreds?|thousands?|millions?)\b",
    re.IGNORECASE,
)
_CHANGE = lazy_pattern(r"\d\s*%|\bby (?:a |an )?(?:\d|half|third|quarter)|\bfrom \S+ to \S+", re.I)
"""A measured change after an action ("reduced latency 40%", "moved from 6am to midnight")."""
_SCENE = lazy_pattern(
    r"\b(?:when|while|during|at the time|back in|there (?:was|were)|was|were|had|our|the team"
    r"|problem|issue|challenge|deadline|legacy|outage|incident|bug|crisis|needed|wanted|asked"
    r"|tasked|struggl\w*|failing|failed|broken|stuck|blocked|late|behind|missing"
    r"|argued|disagreed|conflict|pushback)\b|(?-i:\bat [A-Z])",
    re.IGNORECASE,
)
_CLAUSES = lazy_pattern(r"[.;:!?—–]\s+|\s-\s")
_I = lazy_pattern(r"\bI\b|\b(?i:me|my|myself)\b")
_WE = lazy_pattern(r"\b(?:we|us|our|ours|ourselves|we're|we've|we’re|we’ve)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Line:
    line: int
    text: str
    """Plain text of the line."""


@dataclass(frozen=True, slots=True)
class Story:
    title: Line
    lines: tuple[Line, ...]
    labelled: tuple[tuple[Beat, Line], ...] = ()
    """Beats the author labelled (a table's columns, or ``Situation:`` … lines)."""


@dataclass(frozen=True, slots=True)
class Gap:
    line: int
    title: str
    detail: str


def is_behavioural(question: str) -> bool:
    return bool(BEHAVIOURAL.search(plain(question)))


def label_of(text: str, letters: bool) -> tuple[Beat | None, str]:
    """The beat a line is labelled with and the text after the label (None: unlabelled)."""
    m = _WORD_LABEL().match(text)
    if m:
        word = m.group(1).lower()
        beat = next(b for b, words in _WORD_LABELS.items() if re.fullmatch(words, word))
        return beat, text[m.end() :]
    if letters:
        m = _LETTER_LABEL().match(text)
        if m:
            return _LETTERS[m.group(1)], text[m.end() :]
    return None, text


def _letters_used(lines: Iterable[str]) -> bool:
    """Whether the lines use the one-letter labels as STAR (two letters or more of S/T/A/R)."""
    seen: set[str] = set()
    for text in lines:
        m = _LETTER_LABEL().match(text)
        if m:
            seen.add(m.group(1))
        seen.update(_INLINE_LETTER.findall(text))
    return len(seen) >= 2


def _beats(story: Story) -> dict[Beat, list[Line]]:
    """Each beat and the lines that carry it."""
    found: dict[Beat, list[Line]] = {b: [] for b in Beat}
    for beat, line in story.labelled:
        found[beat].append(line)
    if story.labelled:
        return found
    letters = _letters_used(ln.text for ln in story.lines)
    current: Beat | None = None
    labelled = False
    for ln in story.lines:
        parts = _inline_parts(ln.text) if letters else []
        if parts:
            for part, _text in parts:
                found[part].append(ln)
            labelled = True
            current = parts[-1][0]
            continue
        label, _rest = label_of(ln.text, letters)
        if label is not None:
            labelled = True
            current = label
        if current is not None:
            found[current].append(ln)
    if labelled:
        return found
    for ln in story.lines:  # no labels: cue words, a line may carry several beats
        action = _ACTION().search(ln.text)
        if action:
            found[Beat.ACTION].append(ln)
        rest = ln.text[action.end() :] if action else ln.text  # the verb itself is no result
        if _RESULT().search(rest) or _CHANGE().search(rest):
            found[Beat.RESULT].append(ln)
        if _SCENE().search(ln.text):
            found[Beat.SITUATION].append(ln)
    clauses = [(ln, c) for ln in story.lines for c in _CLAUSES().split(ln.text) if c.strip()]
    if not found[Beat.SITUATION] and len(clauses) > 1:
        line, opening = clauses[0]
        if not _ACTION().search(opening) and not _RESULT().search(opening):
            found[Beat.SITUATION].append(line)  # an opening clause that only sets the scene
    return found


def _inline_parts(text: str) -> list[tuple[Beat, str]]:
    """``S: … T: … A: … R: …`` written on one line: each labelled part."""
    marks = list(_INLINE_LETTER.finditer(text))
    if len(marks) < 2:
        return []
    return [
        (_LETTERS[m.group(1)], text[m.end() : marks[i + 1].start() if i + 1 < len(marks) else None])
        for i, m in enumerate(marks)
    ]


def gaps(story: Story) -> list[Gap]:
    """What the story lacks, each naming the line to look at."""
    title = story.title
    beats = _beats(story)
    out: list[Gap] = []

    def gap(line: int, detail: str) -> None:
        out.append(Gap(line, title.text, detail))

    hypothetical = next((ln for ln in story.lines if _HYPOTHETICAL().search(ln.text)), None)
    past = [ln for ln in beats[Beat.ACTION] if _ACTION().search(ln.text)] or (
        beats[Beat.ACTION] if story.labelled or _labelled(story) else []
    )
    if hypothetical is not None and not past:
        gap(
            hypothetical.line,
            "“I would…” is what you might do, not what you did: tell one time it happened",
        )
    if not beats[Beat.SITUATION]:
        gap(title.line, "no situation or task: say where, when and what was at stake")
    if not beats[Beat.ACTION] and (hypothetical is None or past):
        gap(title.line, "no action: say what you did")
    if not beats[Beat.RESULT]:
        gap(title.line, "no result: say how it ended, with a number if you can")
    else:
        result = beats[Beat.RESULT]
        if not any(_MEASURE().search(ln.text) or _OUTCOME().search(ln.text) for ln in result):
            gap(result[0].line, "the result has no number or visible outcome")
    action = beats[Beat.ACTION]
    i_count = sum(len(_I().findall(ln.text)) + _implicit_i(ln.text) for ln in action)
    we_count = sum(len(_WE().findall(ln.text)) for ln in action)
    if we_count > i_count:
        first = next(ln for ln in action if _WE().search(ln.text))
        gap(
            first.line,
            f"mostly “we” in the action (we ×{we_count}, I ×{i_count}): say what you did",
        )
    return out


def _labelled(story: Story) -> bool:
    letters = _letters_used(ln.text for ln in story.lines)
    return any(label_of(ln.text, letters)[0] is not None for ln in story.lines)


def _implicit_i(text: str) -> int:
    """A line that opens with a past-tense verb ("rolled back the push") is the author's own."""
    _beat, rest = label_of(text, True)
    return 1 if _PAST_OPENING().match(rest) else 0


# ---------------------------------------------------------------------------------------------
# Finding the stories in the outline.


def _line(node: Node) -> Line:
    return Line(node.span.start, plain(node.text).strip())


def _body(node: Node) -> list[Node]:
    """The lines written under a node, sub-headings (and what is under them) aside."""
    out: list[Node] = []
    for child in node.children:
        if child.kind is Kind.HEADING or child.kind is Kind.CODE:
            continue
        if child.owns_lines and not child.is_empty and plain(child.text).strip():
            out.append(child)
        out.extend(_body(child))
    return out


def _labels_in(nodes: Sequence[Node]) -> int:
    texts = [plain(n.text) for n in nodes]
    letters = _letters_used(texts)
    beats = {label_of(t, letters)[0] for t in texts} - {None}
    if letters:
        for t in texts:
            beats.update(b for b, _text in _inline_parts(t))
    return len(beats)


def find_stories(outline: Outline, asked: set[int], experience: set[int]) -> list[Story]:
    """The stories in the notes other than answers to the questions on the ``asked`` lines:
    labelled ones, table rows, and experience points (on ``experience`` lines) named for a
    behavioural theme."""
    nodes = outline.nodes()
    labelled = _labelled_stories(outline, nodes, asked)
    taken = asked | {s.title.line for s in labelled}
    return labelled + _titled_stories(nodes, experience, taken) + _table_stories(nodes)


def _labelled_stories(outline: Outline, nodes: list[Node], skip: set[int]) -> list[Story]:
    """Stories whose beats are labelled, the innermost node holding them as the title (the
    node itself when it is a loose group); lines in ``skip`` start no story."""
    stories: list[Story] = []
    marked = {
        n.span.start
        for n in nodes
        if n.owns_lines and (_ANY_LABEL.match(n.text) or _INLINE_LETTER.search(n.text))
    }
    if len(marked) < 2:
        return stories  # most notes: no label at all, nothing to walk

    def visit(node: Node, title: Node | None) -> bool:
        """Whether ``node`` or a node under it holds a labelled story. A loose group or a
        quote has no line of its own: the heading or bullet above it is the title."""
        here = node if node.owns_lines and plain(node.text).strip() else title
        inner = [visit(c, here if c.kind is not Kind.HEADING else None) for c in node.children]
        if any(inner) or not node.children:
            return any(inner)
        body = _body(node)
        if sum(n.span.start in marked for n in body) < 2 or _labels_in(body) < 2:
            return False
        lines = [_line(n) for n in body]
        first = _line(here) if here is not None else lines[0]
        if first.line not in skip:
            stories.extend(_split(first, lines))
        return True

    for block in outline.blocks:
        visit(block, None)
    return stories


def _split(title: Line, lines: list[Line]) -> list[Story]:
    """One story per run of beats: a situation after an action or result starts the next."""
    letters = _letters_used(ln.text for ln in lines)
    runs: list[list[Line]] = [[]]
    seen: set[Beat] = set()
    for ln in lines:
        beat, _rest = label_of(ln.text, letters)
        if beat is Beat.SITUATION and seen & {Beat.ACTION, Beat.RESULT}:
            runs.append([])
            seen = set()
        if beat is not None:
            seen.add(beat)
        runs[-1].append(ln)
    stories = [Story(title, tuple(runs[0]))]
    stories += [Story(run[0], tuple(run)) for run in runs[1:]]
    return stories


def _table_stories(nodes: list[Node]) -> list[Story]:
    """Rows of a table whose columns are the beats (``| Story | Situation | … | Result |``)."""
    stories: list[Story] = []
    for at, node in enumerate(nodes):
        columns = _columns(node.text)
        if columns is None or not node.owns_lines:
            continue
        beats = [label_of(f"{c}:", False)[0] for c in columns]
        if len({b for b in beats if b is not None}) < 2:
            continue
        siblings = _following_rows(nodes, at)
        for row in siblings:
            cells = _columns(row.text) or []
            if all(set(c) <= set("-: ") for c in cells):
                continue  # the |---|---| line
            labelled = tuple(
                (beat, Line(row.span.start, cell))
                for beat, cell in zip(beats, cells, strict=False)
                if beat is not None and cell.strip()
            )
            title = next((c for b, c in zip(beats, cells, strict=False) if b is None), "")
            line = Line(row.span.start, title or plain(row.text).strip())
            stories.append(Story(line, tuple(ln for _b, ln in labelled), labelled))
    return stories


def _columns(text: str) -> list[str] | None:
    stripped = text.strip()
    if not (stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3):
        return None
    return [c.strip() for c in stripped[1:-1].split("|")]


def _following_rows(nodes: list[Node], at: int) -> list[Node]:
    header = nodes[at]
    rows: list[Node] = []
    line = header.span.start
    for n in nodes[at + 1 :]:
        if not n.owns_lines:
            continue
        if n.span.start != line + 1 or _columns(n.text) is None:
            break
        rows.append(n)
        line = n.span.start
    return rows


def _titled_stories(nodes: list[Node], titles: set[int], skip: set[int]) -> list[Story]:
    """Unlabelled stories: a node on one of the ``titles`` lines whose text names a
    behavioural theme, and the lines under it."""
    out: list[Story] = []
    for node in nodes:
        line = node.span.start
        if line not in titles or line in skip or not node.owns_lines:
            continue
        body = _body(node)
        if body and is_behavioural(node.text):
            out.append(Story(_line(node), tuple(_line(n) for n in body)))
    return out
