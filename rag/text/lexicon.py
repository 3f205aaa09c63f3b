"""The lexicon: content words, and the ONE detector each for names, numbers and times.

- Content words: lower-cased, lightly stemmed, stopwords dropped; the unit of lexical
  evidence for BM25, coverage and verification. A change here changes the BM25 index, so
  `LEXICAL_VERSION` is recorded in the index manifest.
- Names (`names`): runs of capitalised tokens past a sentence's first word ("Vincent Pang",
  "ZTE", "Entity List", "Huawei’s"). The question analysis, the verifier, the follow-up
  resolver and the spelling corrector all read names through it.
- Numbers (`numbers`): digit groups ("1.2", "2019", the 5 of "5G"), what a claim must share
  with its evidence; `has_amount` asks whether a text states a quantity ("35 deals",
  "1.2bn", "three"), where "5G" or "A380" are names, not amounts.
- Times (`has_time`): months, years, weekdays and relative times ("last week").
English news prose only; rules, not a model.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

_STOPWORDS = (
    "a an the and or but if of to in on at by for with from as is are was were be been being it its this that "
    "these those he she they them his her their there here we you i me my our your do does did done has have "
    "had having not no so than then too very can could would should will shall may might must about into over "
    "under after before also just what which who whom whose when where why how said says say according "
    # Words about the corpus itself, not about what it reports.
    "article articles passage passages many much reported reportedly"
)
STOPWORDS = frozenset(_STOPWORDS.split())
# Recorded in the index manifest: a change to content_words changes the BM25 index.
# 4: irregular verb forms to their base ("bought" -> "buy"); a final "e" dropped ("agree" = "agreed").
LEXICAL_VERSION = 4
_IRREGULAR = (
    "rise:rose,risen fall:fell,fallen buy:bought sell:sold win:won lose:lost make:made take:took,taken "
    "give:gave,given go:went,gone say:said tell:told pay:paid begin:began,begun beat:beaten "
    "choose:chose,chosen hold:held bring:brought think:thought run:ran grow:grew,grown spend:spent lead:led "
    "meet:met keep:kept build:built send:sent write:wrote,written speak:spoke,spoken break:broke,broken "
    "see:seen come:came become:became know:knew,known show:shown feel:felt stand:stood fight:fought "
    "seek:sought teach:taught catch:caught drive:drove,driven fly:flew,flown draw:drew,drawn throw:threw,thrown "
    "steal:stole,stolen sing:sang,sung drink:drank shrink:shrank strike:struck get:got,gotten swear:swore,sworn "
    "sue:sued quit:quit shut:shut hit:hit cut:cut set:set put:put bear:bore,born mean:meant lend:lent"
)
# Each verb form -> its base form. Forms that are also common other words ("found", "left",
# "saw") are left out.
LEMMA = {form: base for entry in _IRREGULAR.split() for base, forms in [entry.split(":")] for form in forms.split(",")}

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    # Cached: news vocabulary is small next to the words indexed, and every index write
    # re-tokenises all passages for BM25.
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in ("ies", "ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            root = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            # shipped -> shipp -> ship, so that "ship" and "shipped" meet.
            if suffix in ("ing", "ed") and len(root) > 3 and root[-1] == root[-2] and root[-1] not in "ls":
                root = root[:-1]
            return root
    # agree -> agre, as agreed -> agre: a final "e" goes, so the two forms meet.
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def holds_run(whole: Sequence[str], part: Sequence[str]) -> bool:
    """Does `whole` hold `part` as one run, in order ("economic crisis" in a sentence's words)?"""
    n = len(part)
    return any(list(whole[k : k + n]) == list(part) for k in range(len(whole) - n + 1))


def content_words(text: str) -> list[str]:
    """Lower-cased, lightly stemmed words without stopwords: the unit of lexical evidence.

    A hyphenated word also yields its parts, so "one-time" meets "one time".
    """
    out = []
    for w in words(text):
        if w in STOPWORDS or len(w) < 2:
            continue
        out.append(stem(LEMMA.get(w, w)))
        if "-" in w:
            out.extend(stem(p) for p in w.split("-") if p not in STOPWORDS and len(p) > 1)
    return out


# ---- names -------------------------------------------------------------------------------
class Name(NamedTuple):
    start: int
    end: int
    text: str


_NAME_TOKEN = r"[A-Z][\w'’.&-]*"
# Not at the start of the text, right after a sentence end or opening a quote: those words
# are capitalised anyway. A quote or bracket opening the text is skipped first.
# Forms of address: one list for the name parser here and for the speaker checks (relevance).
ADDRESS_FORMS = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Lord", "Lady", "Dame", "Prof", "Professor", "Rev")
# A form of address opens a new name: "the Foreign Policy Centre Mr Straw" is two names, the
# body's and the man's, not one name holding "Straw" and words he lacks.
_NEXT_TOKEN = rf"\s+(?!(?:{'|'.join(ADDRESS_FORMS)})\b){_NAME_TOKEN}"
_NAME_RUN = re.compile(rf"(?<!^)(?<![.!?]\s)(?<![\"“‘(])\b{_NAME_TOKEN}(?:{_NEXT_TOKEN})*")
_NAME_RUN_ANYWHERE = re.compile(rf"\b{_NAME_TOKEN}(?:{_NEXT_TOKEN})*")
_OPENERS = "\"“'‘( \t\n"


def names(text: str, initial: bool = False) -> list[Name]:
    """Runs of capitalised tokens, with their spans in `text`.

    `initial=True` also returns runs that open a sentence ("Ren Zhengfei first announced"),
    where a capital says nothing: the caller must then judge the words (the follow-up
    resolver keeps only runs of two or more title-case words).
    """
    if initial:
        return [Name(m.start(), m.end(), m.group(0)) for m in _NAME_RUN_ANYWHERE.finditer(text)]
    skip = len(text) - len(text.lstrip(_OPENERS))
    return [Name(skip + m.start(), skip + m.end(), m.group(0)) for m in _NAME_RUN.finditer(text[skip:])]


def name_groups(text: str) -> tuple[frozenset[str], ...]:
    """The content words of each name in `text`: ({"vincent", "pang"}, {"zte"})."""
    return tuple(frozenset(ws) for n in names(text) if (ws := content_words(n.text)))


def name_words(text: str) -> set[str]:
    """The content words of all names in `text`."""
    return {w for n in names(text) for w in content_words(n.text)}


# Nationality words are capitalised but name no one and no place: "former champion Maurice
# Greene ... fellow American" does not say who beat him, "the French" is not where.
DEMONYMS = frozenset(
    content_words(
        "american british english scottish welsh irish french german italian spanish portuguese dutch belgian "
        "swiss austrian swedish norwegian danish finnish polish czech russian ukrainian greek turkish "
        "hungarian romanian bulgarian serbian croatian chinese japanese korean indian pakistani afghan iranian "
        "iraqi israeli palestinian saudi egyptian syrian lebanese african nigerian kenyan ghanaian "
        "zimbabwean australian canadian mexican brazilian argentine argentinian chilean colombian cuban "
        "european asian arab western eastern"
    )
)


# ---- numbers -----------------------------------------------------------------------------
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_NUMBER_WORD = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|billion|trillion)\b", re.I
)


YEAR = re.compile(r"(?:19|20)\d\d")


def numbers(text: str) -> set[str]:
    """Every digit group in `text`, those of names like "5G" included: what a claim must share with its evidence."""
    return set(_DIGITS.findall(text))


# Spelled ordinals as figures, so "the third bid" asks what "3rd" or "third" states. "First" is
# left out: questions use it for "initially" ("What was he first told?").
_ORDINALS = {w: str(n) for n, w in enumerate("second third fourth fifth sixth seventh eighth ninth tenth".split(), 2)}
_ORDINAL = re.compile(r"\b(" + "|".join(_ORDINALS) + r")\b", re.I)


def ordinals(text: str) -> set[str]:
    """The figures of the spelled ordinals in `text` ("third" -> "3"), second to tenth."""
    return {_ORDINALS[m.lower()] for m in _ORDINAL.findall(text)}


def figures(text: str) -> set[str]:
    """The figures `text` states, in digits or as a spelled ordinal ("U2", "3rd", "third")."""
    return numbers(text) | ordinals(text)


_CURRENCY = re.compile(
    # "70p": pence as British news writes them.
    r"[£$€¥]|\b\d{1,2}(?:\.\d+)?p\b"
    r"|\b(?:euros?|dollars?|pounds?|yen|yuan|francs?|rupees?|crowns?|pence|cents?|rand|roubles?|rubles?)\b",
    re.I,
)


def has_money(text: str) -> bool:
    """Does `text` state a sum of money (a currency sign or word: "$14.5m", "3.5m euros")?"""
    return bool(_CURRENCY.search(text))


_SPAN = re.compile(r"\b(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|century|centuries)\b", re.I)


def has_duration(text: str) -> bool:
    """Does `text` state how long something lasts or lasted ("33 months", "a few weeks ago")?"""
    return has_amount(text) or bool(_SPAN.search(text))


def has_amount(text: str) -> bool:
    """Does `text` state a quantity ("35 deals", "1.2bn", "three")?

    Digits glued to a capital or after a letter ("5G", "A380") are names, not amounts, and so
    is a capitalised number word inside a sentence ("BBC Four", "Formula One"); "one" is too
    often "one-time" or "one of" to count.
    """
    for m in _DIGITS.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        # A year ("in 2004") dates something; it is not the amount a "how many" asks for.
        year = YEAR.fullmatch(m.group(0)) and not text[m.end() : m.end() + 2].strip().startswith("%")
        if not (before.isalpha() or after.isupper() or year):
            return True
    return any(not _in_name(text, m.start()) for m in _NUMBER_WORD.finditer(text)) or bool(ONE_UNIT.search(text))


PERCENT_AFTER = re.compile(r"\s*(?:%|per ?cent\b)", re.I)
_CURRENCY_AFTER = re.compile(
    r"(?:\s*(?:m|bn|k|million|billion|trillion)\b)?\s*(?:[A-Z]{2,4}\s+)?(?:euros?|dollars?|pounds?|yen|yuan|francs?|rupees?|pence|cents?|rand|roubles?|rubles?)\b",
    re.I,
)


def has_count(text: str) -> bool:
    """Does `text` state a count of things, the answer to "how many" ("23 people", "three")?"""
    return bool(count_ends(text))


def count_ends(text: str) -> list[int]:
    """Where each count of things in `text` ends (rag.text.quantity reads what it counts).

    A sum of money ("$14.5m", "1bn CFA francs"), a share ("10%", "3.8 per cent"), a year and
    a number that is part of a name ("Commodore 64", "5G") count nothing.
    """
    found = []
    for m in COUNTABLE.finditer(text):
        start, end = m.span()
        before = text[:start]
        if before.rstrip()[-1:] and before.rstrip()[-1] in "£$€¥":
            continue
        if PERCENT_AFTER.match(text, end) or _CURRENCY_AFTER.match(text, end):
            continue
        if not m.group(0)[0].isdigit():
            if not _in_name(text, start):
                found.append(end)
            continue
        after = text[end] if end < len(text) else ""
        named = _NAME_BEFORE.search(before)
        if before[-1:].isalpha() or after.isupper() or YEAR.fullmatch(m.group(0)):
            continue
        if named and named.start() > 0 and before[: named.start()].rstrip()[-1:] not in _SENTENCE_OPENERS:
            continue
        found.append(end)
    return found


COUNTABLE = re.compile(r"\d+(?:[.,]\d+)*|" + _NUMBER_WORD.pattern, re.I)
# A capitalised word just before a number, which then names a thing: "Commodore 64", "Windows 95".
_NAME_BEFORE = re.compile(r"\b[A-Z][A-Za-z-]*\s$")


def _in_name(text: str, at: int) -> bool:
    """Is the capitalised word at `at` inside a sentence (not its first word), so a name?"""
    before = text[:at].rstrip()
    return text[at].isupper() and bool(before) and before[-1] not in _SENTENCE_OPENERS


# What may come just before a sentence's first word.
_SENTENCE_OPENERS = ".!?:;\"“‘'(-–—"


# "one" is an amount when a unit follows it: "one day's notice", "one year", "one million".
ONE_UNIT = re.compile(
    r"\bone\s+(?:day|week|month|year|hour|minute|season|decade|percent|per cent|point|goal|vote|seat)s?\b", re.I
)


# ---- times -------------------------------------------------------------------------------
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_TIME = re.compile(
    rf"\b({_MONTHS}|(19|20)\d\d|yesterday|today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday|ago|last (week|month|year)|next (week|month|year)|earlier this|later this|since|until)\b",
    re.I,
)


_PERIOD = re.compile(r"\b(this|last|next)\s+(year|season)\b", re.I)


def periods(text: str) -> frozenset[tuple[str, str]]:
    """The relative periods `text` names: ("last", "year") for "last year's", ("this", "season")."""
    return frozenset((a.lower(), b.lower()) for a, b in _PERIOD.findall(text))


def has_time(text: str) -> bool:
    """Does `text` state a time: a month, a year, a weekday or a relative time?"""
    return bool(_TIME.search(text))


# ---- spelling ----------------------------------------------------------------------------
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_edit(word: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return {
        *(a + b[1:] for a, b in splits if b),
        *(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1),
        *(a + c + b[1:] for a, b in splits if b for c in _LETTERS),
        *(a + c + b for a, b in splits for c in _LETTERS),
    }
