"""Likely typos: a rare string close to a much more common word.

The word counts are pyspellchecker's English list (word frequencies from film and TV subtitles,
1.6 billion words, with misspellings taken out). A word of the notes is a likely typo when:

- the list does not have it, in American or British spelling (:func:`american_forms`), with
  or without accents (``cafe``), and
- a word one edit away — a letter left out, added, changed, two letters swapped, an apostrophe
  or a space left out — is common (:data:`COMMON`): ``firecasting`` → ``forecasting``,
  ``dont`` → ``don't``, ``horsefor`` → ``horse for``; for a short word, one slip of a finger
  away (:func:`slips`: ``dows`` → ``does``, not ``wifi`` → ``wife``) and far more common
  (:data:`COMMON_SHORT`); or, for a word of seven letters or more, a word two edits away
  (:data:`FAR`, :data:`LONG`): ``independetaly`` → ``independently``, ``seqeeze`` →
  ``squeeze``; or, for a word of three letters, one key from one of the commonest words of all
  (:data:`COMMON_TINY`: ``tou`` → ``you``).

A known word is a typo only when it lacks an apostrophe (:data:`APOSTROPHE`: ``whats``).

An unknown word with no common word that close is let through: names, jargon, abbreviations,
words of other languages (``kubectl``, ``rheology``, ``okr``), a known word with a regular
ending (``podcasts``; not ``occured`` beside the list's ``occurred``). A word written the same
way on several lines of the notes (:data:`REPEATED`) needs a more common neighbour
(:data:`COMMON_IF_REPEATED`), a known word behind a prefix (:data:`PREFIXES`: ``rebase``,
``refactor``) a far more common one (:data:`COMMON_IF_PREFIXED`). Never corrected, only
reported, with the common words as a hint. Names and jargon are also let through by a built-in
list (:data:`JARGON`), the companies' names, and the user's own ``extra.handbook.allow_words``
in mkdocs.yml.

What the list says about a word (:class:`Facts`) depends only on the word, so it is worked out
once per word: kept for the life of the process (``mkdocs serve`` checks only the words a save
adds) and in the cache folder (a build whose words were all seen before loads no list). The
thresholds are measured on real notes by ``bench/typos.py`` (see DEVELOPMENT.md, "The typo check").
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import json
import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

JARGON = frozenset(
    """
    api apis app apps async backend backlog bottlenecked b2b b2c cofounder cofounders copilot
    crm datacenter datacenters dashboard dashboards devops ecommerce email emails fintech
    frontend gpu gpus gtm kpi kpis learnings llm llms ml onboard onboarded onboarding
    outbound outbounds okr okrs pm pms pmf productize productized productizing roadmap
    roadmaps saas scalable sku skus smb smbs startup startups supercomputer supercomputers
    supercomputing tech uptime upskill upskilling usecase workflow workflows onsite onsites offsite
    intro intros mins hrs yrs convo convos prep recs specs stats docs info approx misc todo todos
    openid bot bots chatbot chatbots arr mrr skillset skillsets checkin checkins grokking
    github gitlab bitbucket js ts jsx tsx npm yarn pnpm nodejs nextjs vuejs react angular svelte
    typescript javascript graphql grpc kubernetes docker aws gcp azure sql nosql postgres
    postgresql mysql sqlite mongodb redis kafka css scss html http https json yaml api cli
    linux golang kotlin ios android figma jira confluence slack zoom linkedin leetcode neetcode
    hackerrank webpack vite tailwind django flask fastapi pytorch tensorflow numpy jupyter dbt
    airflow hadoop terraform ansible grafana datadog oauth jwt sso saml dns dhcp tcp udp vpn
    cdn ssr seo spa pwa ux ui qa sre mvp ci cd microservice microservices serverless repo repos
    frontend backend fullstack devs dev webhook webhooks
    """.split()
)
"""Words of the trade that a general English word list may not have, and short forms notes use
(intro, mins, todo, convo: a common word one key away, ``into``, ``mind``, would flag them)."""

# --- The thresholds, chosen on the 37 "fit" notes of bench/realnotes (bench/typos.py prints
# recall and precision; DEVELOPMENT.md "The typo check"): each figure below is from those notes. ---

COMMON = 200
"""A word one edit away counts as common from this many uses in the list (of 1.6 billion
words): ``forecasting`` has 247, ``synopsis`` 270 — work words are rare in subtitles. 150 and
200 flag the same words; 400 misses synopsis and sqlite (a trade word, counted as this bar),
100 adds a false alarm."""
SHORT = 5
"""Words this short have many neighbours by chance (``auth``, ``cron``, ``sudo``): they need a
far more common one (:data:`COMMON_SHORT`), one slip of a finger away (:func:`slips`). 4 adds
four false alarms (gmail, babak, pramp, comms) and a typo (linuz); 6 misses six typos."""
COMMON_SHORT = 100_000
"""The bar for words of :data:`SHORT` letters or fewer (``seach`` → ``each``, 660,124;
``cron`` → ``crown``, 20,556, is no typo). 50,000 to 300,000 flag the same words; 30,000 adds
a false alarm (``gmail`` → ``mail``, 31,142), 1,000,000 misses a typo (seach)."""
TINY = 3
"""Words this short are checked for swapped letters and a missing apostrophe only (``teh``,
``im``): an abbreviation of three letters (``kpi``, ``sla``, ``fyi``) has dozens of words
one letter away."""
COMMON_TINY = 1_000_000
"""The bar for a word of :data:`TINY` letters one key from a word (:func:`key_slips`): only the
commonest words of all (``you``, ``the``, ``and``, ``was``, ``not``, ``are``, ``for``), so that
an abbreviation of three letters is not taken for a slip (kpi, sla, fyi, sys, org are a key from
no word that common)."""
FAR = 7
"""Words this long are also compared with the words two edits away that begin and end with
the same letters (``independetaly`` → ``independently``, ``seqeeze`` → ``squeeze``); shorter
words have too many such neighbours by chance. 6 flags the same words, 8 misses seqeeze."""
LONG = 8
"""From this length a word two edits away counts from :data:`COMMON_FAR` uses; a word of
:data:`FAR` letters needs :data:`COMMON_FAR_SHORTER`. 9 flags the same words, 10 misses a
typo (seqeeze), 7 adds two false alarms (``cutover`` → ``cutter``, ``subnets`` →
``sunsets``)."""
COMMON_FAR = 500
"""The bar for a word two edits from a word of :data:`LONG` letters or more (``sporiladic`` →
``sporadic``, 629); 250 adds a false alarm, 1,000 misses two typos."""
COMMON_FAR_SHORTER = 10_000
"""The bar for a word two edits from a word of :data:`FAR` letters: ``seqeeze`` → ``squeeze``
has 24,604 uses; ``cutover`` → ``cutter``, 2,019, and ``subnets`` → ``sunsets``, 849, are no
typos. 2,020 to 24,604 flag the same words."""
REPEATED = 2
"""Lines of the notes a word is written on before it counts as probably meant."""
COMMON_IF_REPEATED = 1_000
"""The bar for a neighbour one edit from a word written on :data:`REPEATED` lines or more
(``securtiy``, twice: ``security`` 175,207): a repeat is evidence the word is meant, not proof
(a habitual misspelling repeats: ``continously``, three times, ``continuously`` 2,835;
``negociation``, twice, ``negotiation`` 2,873). On the fit notes 341 to 25,000 flag the same
words: 340 adds a false alarm (``skillset``, twice: ``skillet`` 340), 30,000 misses a typo
(``skilsl``, twice: ``skills`` 25,431); 1,000 within that, below the two habitual misspellings
of the held-out and fresh notes (341 to 2,835 flag them)."""
COMMON_IF_PREFIXED = 10_000
"""The bar for a neighbour of a known word behind a prefix (:data:`PREFIXES`: ``refactor``,
``reactor`` has 7,380; ``rebase``, ``debase`` 323; ``reframing``, ``reforming`` 571, two edits
away): 7,400 to 25,000 flag the same words, 7,000 adds a false alarm (refactor)."""
PREFIXES = (
    *("anti", "auto", "co", "de", "dis", "inter", "micro", "mis", "multi", "non", "out"),
    *("over", "post", "pre", "re", "semi", "sub", "super", "un", "under", "up"),
)
"""Prefixes English puts before any word, the result often missing from a word list: a known
word of :data:`STEM` letters or more behind one is evidence the whole is meant (``rebase``,
``refactor``, ``debounce``), as a repeat is — not proof (``untill``: ``until`` is common
enough). Without them, two false alarms (refactor, rebase). Not ``ex``, ``in``, ``en``: no
longer added to new words, and behind them typos read as words (``excell``: ``ex`` +
``cell``)."""
APOSTROPHE = 100
"""A known word is a missing apostrophe when its form with one is this many times as common:
``whats`` (281 times), ``cant`` (394), ``wont`` (181), ``hows`` (164); not ``lets`` (22),
``its`` (11), ``id`` (16), ``ill`` (17), ``wed`` (48)."""
STEM = 4
"""A known word of this many letters with a regular ending is a word (``podcasts``,
``pathing``, ``remoting``); a shorter stem is as often a fragment of another word (``buring``:
``bur``, ``dows``: ``dow``, ``heling``: ``hel``, ``mins``: ``min``)."""
KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
"""The keys' rows (QWERTY), the second set off by a quarter key, the third by three quarters:
a short word's slips are keys next to each other (:func:`near_keys`). Any letter for any: two
false alarms (``wifi`` → ``wife``, ``comms`` → ``comes``)."""
HINTS = 3
"""Common words shown as the hint ("maybe forecasting?")."""
KEPT = 8
"""Neighbours kept per word in :class:`Facts` (the closest and most common first)."""
FLOOR = 100
"""Neighbours rarer than this are not kept: below every bar above."""
JARGON_USES = COMMON
"""What a word of :data:`JARGON` counts as, as a neighbour (``sqllite`` → ``sqlite``)."""

JOINED = frozenset(
    "a an the of for to and or as at is be by with from this that it my your our their they we you"
    " he she are was were not have has had will can but if no on".split()
)
"""Words that run into their neighbour without being a compound (``horsefor``, ``alot``,
``mymain``, ``basedon``): articles, pronouns, prepositions, auxiliaries. ``on`` is one
(``onframe``; ``onsite`` is a word of :data:`JARGON`), the particles up, in, out are not:
``signup``, ``plugin`` and ``rollout`` are words. Two words of their own run together are a
compound more often than a slip (``codebase``, ``runtime``, ``lifecycle``): not looked for."""
CONTRACTION_TAILS = {"ve": ("’ve",), "ll": ("’ll",)}
"""What is left of ``I've`` and ``you'll`` written with a space for the apostrophe."""

_BRITISH = tuple(
    (re.compile(pattern), american)
    for pattern, american in (
        # colour, behaviour, favourite, neighbourhood (not "youre")
        (r"(?<=[^aeouy])our(?=(?:s|ed|ing|ful|ites?|abl[ey]|ers?|al|hood|less|ist|y)?$)", "or"),
        (r"(?<=[bcdgtv])re(?=s?$)", "er"),  # centre, fibre, metres
        (r"(?<=[bct])red$", "ered"),  # centred
        (r"(?<=[^aeiou])is(?=[aei])", "iz"),  # organise, prioritising, realisation
        (r"ys(?=[aei])", "yz"),  # analyse, paralysed
        (r"(?<=[aeiou])ll(?=(?:ed|ing|er|ers|or|ors|ous|ery)$)", "l"),  # travelled, counsellor
        (r"^(fulfil|enrol|instil|distil|skil|wil)(?=(?:ment|ments|s|ful|fully)?$)", r"\1l"),
        (r"ence(?=s?$)", "ense"),  # licence, defence, offence
        (r"mme(?=s?$)", "m"),  # programme
        (r"(?<![aeiou])ae", "e"),  # paediatric, anaesthetic
        (r"(?<![aeiou])oe(?!s?$)", "e"),  # oestrogen, manoeuvre
    )
)
_WHOLE_WORDS = {
    "cheque": "check",
    "mould": "mold",
    "aluminium": "aluminum",
    "sceptic": "skeptic",
    "kerb": "curb",
    "pyjamas": "pajamas",
    "draught": "draft",
    "dreamt": "dreamed",
    "jewellery": "jewelry",
}

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_SKIP = re.compile(
    r"https?://\S+|`[^`]*`|\[\[[^\]]*\]\]|\]\([^)\s]*\)|(?:(?<=\s)|^)#[\w/-]+|\S+@\S+"
)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
CACHE_NAME = "spelling.json"
FACTS_VERSION = "6"
"""Bumped when what :func:`facts` works out changes, so old cache files are not read."""


@functools.lru_cache(maxsize=65536)
def checkable_words(text: str) -> tuple[str, ...]:
    """The words of a line worth looking up: no links, code, tags, e-mail addresses,
    acronyms or capitalised names (a capital on the line's first word is fine), and no word
    joined to another by a dot, a hyphen or a digit (``next.js``, ``pre-empted``, ``ec2``, the
    parts of an id): names and compounds more often than words."""
    out: list[str] = []
    kept = _skipped(text)
    if "*" in kept:
        kept = kept.replace("*", "")  # **S**ituation, a bold first letter, is one word
    for i, found in enumerate(_WORD.finditer(kept)):
        word = found.group().replace("’", "'").strip("'")
        if len(word) < 2 or word.isupper() or _joined(kept, found.start(), found.end()):
            continue
        if len(word) <= 4 and word.lower() == word[0].lower() * len(word):
            continue  # xx, yyy: a placeholder to fill in later
        rest = word[1:]
        if rest != rest.lower() or (i and word[0].isupper()):
            continue  # a name (Traba, Mike) or camelCase (OpenAI)
        out.append(word.lower())
    return tuple(out)


def looked_up(word: str) -> str:
    """What is looked up for a word of the notes: a possessive by its word (``managemnet's`` →
    ``managemnet``, ``traba's`` → ``traba``). Other words with an apostrophe are not looked up:
    the list's contractions are too uneven to judge them by (``could've`` has no uses, ``you're``
    50, ``would've`` 144,403)."""
    return word[:-2] if word.endswith("'s") else word


def _skipped(text: str) -> str:
    """The line with links, code, tags and addresses blanked out (``_SKIP``); a line with none
    of the characters they need is left as it is, unscanned (most lines)."""
    if "://" in text or "`" in text or "[[" in text or "](" in text or "#" in text or "@" in text:
        return _SKIP.sub(" ", text)
    return text


def _joined(text: str, start: int, end: int) -> bool:
    """The word at text[start:end] is joined to a letter or digit by a dot or a hyphen, or
    touches a digit."""
    after = text[end : end + 2]
    before = text[max(start - 2, 0) : start]
    return (
        (after[:1].isdigit() or (len(after) == 2 and after[0] in ".-" and after[1].isalnum()))
        or (before[-1:].isdigit())
        or (len(before) == 2 and before[1] in ".-" and before[0].isalnum())
    )


# --- What the word list says about a word. ---


@dataclass(frozen=True, slots=True)
class Facts:
    uses: int
    """Uses of the word in the list, as written or in its American spelling (0: unknown)."""
    near: tuple[tuple[str, int, int], ...] = ()
    """Words close to it: (word, uses in the list, edits away), the closest and most common
    first; for a known word, only its forms with an apostrophe (``whats`` → ``what's``)."""
    stem: int = 0
    """Uses of its stem, when the word is a known word with a regular ending (``podcasts``)."""
    prefixed: int = 0
    """Uses of what follows a prefix of :data:`PREFIXES`, when that is a known word
    (``rebase``: ``base``)."""


def american_forms(word: str) -> set[str]:
    """The word's American spellings, if it is British: ``colour`` → ``color``, ``organised``
    → ``organized``, ``travelled`` → ``traveled`` (each rule alone, and all of them at once)."""
    forms = {pattern.sub(american, word) for pattern, american in _BRITISH}
    together = word
    for pattern, american in _BRITISH:
        together = pattern.sub(american, together)
    forms.add(together)
    if word in _WHOLE_WORDS:
        forms.add(_WHOLE_WORDS[word])
    forms.discard(word)
    return forms


def apostrophes(word: str) -> set[str]:
    """``word`` with an apostrophe put between two of its letters (``whats`` → ``what's``)."""
    return {word[:i] + "'" + word[i:] for i in range(1, len(word))}


def swaps(word: str) -> set[str]:
    """``word`` with two neighbouring letters swapped."""
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)} - {word}


def _key_neighbours() -> dict[str, str]:
    """Each key's neighbours: beside it on its row, or touching it on the row above or below."""
    place = {
        key: (row, column + offset)
        for row, (keys, offset) in enumerate(zip(KEYBOARD, (0, 0.25, 0.75), strict=True))
        for column, key in enumerate(keys)
    }

    def touching(a: str, b: str) -> bool:
        (row_a, x_a), (row_b, x_b) = place[a], place[b]
        return a != b and abs(row_a - row_b) <= 1 and abs(x_a - x_b) <= 1

    return {a: "".join(b for b in place if touching(a, b)) for a in place}


_NEAR_KEYS = _key_neighbours()


def near_keys(letter: str) -> str:
    """The keys next to ``letter``'s on the keyboard (:data:`KEYBOARD`): ``s`` → ``weadzx``."""
    return _NEAR_KEYS.get(letter, "")


def key_slips(word: str) -> set[str]:
    """``word`` with one letter changed to a key beside it (``tou`` → ``you``, ``tiu``)."""
    return {word[:i] + k + word[i + 1 :] for i, c in enumerate(word) for k in near_keys(c)}


def one_edit(word: str) -> set[str]:
    """Every string one edit from ``word``: a letter deleted, swapped with the next, changed or
    added, or an apostrophe added. Words of :data:`TINY` letters or fewer: swaps and
    apostrophes only. Words of :data:`SHORT` letters or fewer: only the slips of a finger
    (:func:`slips`)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    if len(word) <= TINY:
        return swaps(word) | apostrophes(word)
    if len(word) <= SHORT:
        return slips(word)
    deletes = {a + b[1:] for a, b in splits if b}
    changes = {a + c + b[1:] for a, b in splits if b for c in _LETTERS if c != b[0]}
    inserts = {a + c + b for a, b in splits for c in _LETTERS}
    return (deletes | swaps(word) | changes | inserts | apostrophes(word)) - {word}


def slips(word: str) -> set[str]:
    """The strings ``word`` is one slip of a finger from: a key next to the right one pressed
    instead of it (``wofe`` → ``wife``), or as well as a key beside it or at either end (``intro``
    → ``into``, ``somee`` → ``some``, ``sfor`` → ``for``), a letter left out, two swapped, an
    apostrophe left out. A short word is familiar: its misspellings are slips, and any letter
    changed would reach too many words by chance (``comms`` → ``comes``, ``wifi`` → ``wife``)."""
    extra = {
        word[:i] + word[i + 1 :]
        for i, c in enumerate(word)
        if i in (0, len(word) - 1) or {word[i - 1], word[i + 1]} & {c, *near_keys(c)}
    }
    changes = {word[:i] + k + word[i + 1 :] for i, c in enumerate(word) for k in near_keys(c)}
    left_out = {word[:i] + c + word[i:] for i in range(len(word) + 1) for c in _LETTERS}
    return (extra | changes | left_out | swaps(word) | apostrophes(word)) - {word}


def deletions(word: str, times: int) -> set[str]:
    """``word`` with up to ``times`` letters deleted (itself included)."""
    out = {word}
    for _ in range(times):
        out |= {w[:i] + w[i + 1 :] for w in out for i in range(len(w))}
    return out


def edits_apart(a: str, b: str) -> int:
    """Edits from ``a`` to ``b``: letters deleted, added, changed, or two neighbours swapped
    (optimal string alignment distance)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def joined(word: str, counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Two words run together, one of them from :data:`JOINED` (``horsefor`` → ``horse for``,
    counted as the rarer of the two); each of two letters or more, or ``a``."""
    out = []
    for i in range(1, len(word)):
        left, right = word[:i], word[i:]
        if not (left in JOINED or right in JOINED) or "'" in word:
            continue
        if all((len(part) > 1 or part == "a") and part in counts for part in (left, right)):
            out.append((f"{left} {right}", min(counts[left], counts[right])))
    return out


_ENDINGS = (
    ("s", ""),
    ("es", ""),
    ("ies", "y"),
    ("ed", ""),
    ("ed", "e"),
    ("ied", "y"),
    ("ing", ""),
    ("ing", "e"),
    ("er", ""),
    ("er", "e"),
    ("ers", ""),
    ("ers", "e"),
    ("ly", ""),
)


def stem_uses(word: str, counts: Mapping[str, int], near: Iterable[str] = ()) -> int:
    """Uses of the word's stem when it is a known word with a regular ending (``podcasts``,
    ``chunking``, ``remoting``, ``stopped``), else 0. Not when a word of ``near`` is the same
    form with its last consonant doubled or not (``occured``: occurred; ``skiping``: skipping;
    the list's own spelling of that form), nor for an ``s`` after an ``s`` (``challengess``)."""
    stems = set()
    for ending, restore in _ENDINGS:
        if word.endswith(ending):
            stem = word[: -len(ending)]
            if ending == "s" and stem.endswith("s"):
                continue  # no plural adds s to an s (bus → buses)
            if any(
                _doubling(stem, other[: -len(ending)]) for other in near if other.endswith(ending)
            ):
                return 0
            stems.add(stem + restore)
            if ending[0] in "ie" and len(stem) > 2 and stem[-1] == stem[-2] and not restore:
                stems.add(stem[:-1])  # stopped, running
    return max((counts.get(s, 0) for s in stems if len(s) >= STEM), default=0)


def _doubling(a: str, b: str) -> bool:
    """``a`` and ``b`` differ only in a last letter written once or twice (occur, occurr)."""
    short, long = sorted((a, b), key=len)
    return len(long) == len(short) + 1 and long[:-1] == short and long[-1] == short[-1:]


def unaccented(word: str) -> str:
    """``word`` without its accents: ``café`` → ``cafe``, ``naïve`` → ``naive``."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


class Lexicon:
    """The word list with its words also written without accents (``cafe``, ``cliche``, as
    English often writes them) and :data:`JARGON` added, and an index for words two edits
    away."""

    def __init__(self, counts: Mapping[str, int]) -> None:
        self.counts = dict(counts)
        for word, n in counts.items():
            if not word.isascii():
                plain = unaccented(word)
                self.counts[plain] = max(self.counts.get(plain, 0), n)
        for word in JARGON:
            self.counts[word] = max(self.counts.get(word, 0), JARGON_USES)
        self._index: dict[str, list[str]] | None = None
        self._indexing = threading.Lock()

    def far_index(self) -> dict[str, list[str]]:
        """Each word of :data:`COMMON_FAR` uses or more of :data:`LONG` - 2 letters or more
        (two letters left out of a word of :data:`FAR` letters leave a common word by chance:
        ``cutover`` → ``cover``), under itself less up to one letter (built once, ~0.2 s;
        thread-safe)."""
        with self._indexing:
            if self._index is None:
                index: dict[str, list[str]] = {}
                for w, n in self.counts.items():
                    if n >= COMMON_FAR and len(w) >= LONG - 2:
                        for key in deletions(w, 1):
                            index.setdefault(key, []).append(w)
                self._index = index
            return self._index

    def far(self, word: str) -> list[tuple[str, int]]:
        """Words of :data:`COMMON_FAR` uses or more two edits from ``word``: ``word`` less up
        to two letters, or with two letters swapped and less up to one, looked up in
        :meth:`far_index` — every pair of edits but two changed letters, or two left out."""
        index = self.far_index()
        keys = deletions(word, 2).union(*(deletions(s, 1) for s in swaps(word)))
        found = {c for key in keys for c in index.get(key, ())}
        return [(c, self.counts[c]) for c in found if edits_apart(word, c) == 2]


def facts(word: str, lex: Lexicon) -> Facts:
    """What the list says about ``word`` (lower case)."""
    counts = lex.counts
    uses = max([counts.get(word, 0), *(counts.get(f, 0) for f in american_forms(word))])
    if uses:
        near = [(w, counts[w], 1) for w in apostrophes(word) if counts.get(w, 0) >= FLOOR]
        return Facts(uses, tuple(sorted(near, key=lambda wne: (-wne[1], wne[0]))))
    near = [(w, counts[w], 1) for w in one_edit(word) if counts.get(w, 0) >= FLOOR]
    if len(word) == TINY:  # tou → you, ypu → you: a key beside the right one (not bw → be)
        near += [(w, counts[w], 1) for w in key_slips(word) if counts.get(w, 0) >= COMMON_TINY]
    near += [(w, n, 1) for w, n in joined(word, counts) if n >= FLOOR]
    if len(word) >= FAR and not any(n >= COMMON for _w, n, _e in near):
        near += [(w, n, 2) for w, n in lex.far(word) if w[0] == word[0] and w[-1] == word[-1]]
    near.sort(key=lambda wne: (wne[2], -wne[1], wne[0]))
    close = [w for w, _n, edits in near if edits == 1]
    return Facts(0, tuple(near[:KEPT]), stem_uses(word, counts, close), prefixed(word, counts))


def prefixed(word: str, counts: Mapping[str, int]) -> int:
    """Uses of the known word of :data:`STEM` letters or more that follows a prefix of
    :data:`PREFIXES` in ``word`` (``refactor``: ``factor``; ``debounced``: ``bounced``), else 0."""
    return max(
        (
            counts.get(word[len(p) :], 0)
            for p in PREFIXES
            if word.startswith(p) and len(word) - len(p) >= STEM
        ),
        default=0,
    )


def hint(word: str, found: Facts, lines: int) -> tuple[str, ...] | None:
    """The common words ``word`` is likely a slip of, when it is a likely typo (else None).
    ``lines``: how many lines of the notes write it."""
    if found.uses:  # a known word: only a missing apostrophe (whats, cant)
        common = tuple(w for w, n, _e in found.near if n >= APOSTROPHE * found.uses)
        return common or None
    if word in CONTRACTION_TAILS:
        return CONTRACTION_TAILS[word]
    if found.stem:
        return None  # podcasts, remoting: a known word with a regular ending
    bar = COMMON_SHORT if len(word) <= SHORT else COMMON
    far = COMMON_FAR if len(word) >= LONG else COMMON_FAR_SHORTER
    if found.prefixed:  # one edit away or two
        bar, far = max(bar, COMMON_IF_PREFIXED), max(far, COMMON_IF_PREFIXED)
    if lines >= REPEATED:  # one edit away only
        bar = max(bar, COMMON_IF_REPEATED)
    if not any(n >= (bar if edits == 1 else far) for _w, n, edits in found.near):
        return None
    return tuple(w for w, n, edits in found.near if n >= (COMMON if edits == 1 else far))


# --- The word list, loaded once per process. ---


@functools.cache
def _version() -> str:
    """pyspellchecker's version, when its English list is there to read ("" when not: no
    typo check, the build goes on)."""
    try:
        version = importlib.metadata.version("pyspellchecker")
        return version if _word_list().is_file() else ""
    except (importlib.metadata.PackageNotFoundError, ModuleNotFoundError):
        return ""


def _word_list() -> Path:
    """pyspellchecker's English list, found without importing pyspellchecker: a build whose
    words are all in the cache file reads neither its code nor its list."""
    spec = importlib.util.find_spec("spellchecker")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("No module named 'spellchecker'", name="spellchecker")
    return Path(spec.submodule_search_locations[0], "resources", "en.json.gz")


_LOADING = threading.Lock()


@functools.cache
def _lexicon_unlocked() -> Lexicon:
    import gzip  # only when the word list is loaded (a build of known words never does)

    counts: dict[str, int] = json.loads(gzip.decompress(_word_list().read_bytes()))  # ~0.2 s
    return Lexicon(counts)


def lexicon() -> Lexicon:
    """pyspellchecker's English word counts with :data:`JARGON` (loaded once per process,
    ~0.2 s; thread-safe, so ``mkdocs serve`` may load it ahead of the first save)."""
    with _LOADING:
        return _lexicon_unlocked()


def warm_up() -> None:
    """Load the word list and its index now (``mkdocs serve`` does, in the background, after
    its first build), so that the first save adding a word does not wait for them."""
    lexicon().far_index()


_FACTS: dict[str, Facts] = {}
"""Every word this process has worked out or read from a cache file. A word's facts depend
only on the word (and the list's version, fixed for a process): under ``mkdocs serve`` a save
looks up only the words it adds."""


class Speller:
    """Finds the likely typos among the words of the notes, remembering what the list says
    about each word in ``cache_dir`` between builds."""

    def __init__(self, allowed: Iterable[str], cache_dir: Path | None) -> None:
        self.allowed = JARGON | {w for words in allowed for w in words.lower().split()}
        self.cache_file = cache_dir / CACHE_NAME if cache_dir is not None else None
        self.available = bool(_version())

    def typos(self, lines: Mapping[str, int]) -> dict[str, tuple[str, ...]]:
        """Each likely typo among ``lines`` (word → the number of lines of the notes that
        write it), with the common words it is likely a slip of (a hint)."""
        looked = {w: looked_up(w) for w in lines}
        wanted = sorted(w for w in lines if looked[w] not in self.allowed and "'" not in looked[w])
        if not self.available or not wanted:
            return {}
        known = self.facts(sorted({looked[w] for w in wanted}))
        found = {w: hint(looked[w], known[looked[w]], lines[w]) for w in wanted}
        # the words the notes use elsewhere first: "firecasting" beside "forecasting"
        return {
            w: tuple(sorted(h, key=lambda c: c not in lines)[:HINTS]) for w, h in found.items() if h
        }

    def facts(self, words: list[str]) -> dict[str, Facts]:
        """The facts of each word: from memory, else the cache file, else the word list."""
        missing = [w for w in words if w not in _FACTS]
        if missing:
            _FACTS.update(self._read())
            new = [w for w in missing if w not in _FACTS]
            if new:
                words_list = lexicon()
                _FACTS.update((w, facts(w, words_list)) for w in new)
                self._write({w: _FACTS[w] for w in words})
        return {w: _FACTS[w] for w in words}

    def _key(self) -> str:
        return f"{FACTS_VERSION}:{_version()}"

    def _read(self) -> dict[str, Facts]:
        if self.cache_file is None:
            return {}
        try:
            data = json.loads(self.cache_file.read_text("utf-8"))
            if not isinstance(data, dict) or data.get("key") != self._key():
                return {}
            return {
                w: Facts(
                    int(uses), tuple((c, int(n), int(e)) for c, n, e in near), int(stem), int(pre)
                )
                for w, (uses, near, stem, pre) in data["words"].items()
            }
        except (OSError, ValueError, TypeError, KeyError):
            return {}

    def _write(self, found: Mapping[str, Facts]) -> None:
        if self.cache_file is None:
            return
        words = {
            w: [f.uses, [list(n) for n in f.near], f.stem, f.prefixed]
            for w, f in sorted(found.items())
        }
        try:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            payload = {"key": self._key(), "words": words}
            self.cache_file.write_text(json.dumps(payload, ensure_ascii=False), "utf-8")
        except OSError:
            pass  # a read-only checkout still builds
