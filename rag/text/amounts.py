"""Figures and times in text: the ONE detector each for numbers, sums, counts and times.

- Numbers (`numbers`): digit groups ("1.2", "2019", the 5 of "5G"), what a claim must share
  with its evidence; `figures` adds spelled ordinals ("the third bid" states a 3).
- Amounts (`has_amount`): does a text state a quantity ("35 deals", "1.2bn", "three"), where
  "5G" or "A380" are names, not amounts; `has_money` a sum of money, `has_count` a count of
  things (no sum, share, year or model number), `has_duration` a span of time.
- Times (`has_time`): months, years, decades, centuries, weekdays and relative times ("last
  week"); `periods` the relative periods a text names ("last year's", "this season").
Split from rag.text.lexicon, whose words and names these do not read. English news prose
only; rules, not a model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
# Number words, the teens and tens too ("Eighty large net service firms"); a tens word joined
# to an ordinal ("twenty-first") is a point, not an amount.
_NUMBER_WORD = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|dozen|hundred|thousand|million|"
    r"billion|trillion)\b(?!-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b)",
    re.I,
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


def without_figures(text: str, given: Iterable[str]) -> str:
    """`text` without the question's own figures (digit groups, and what sticks to them)."""
    for figure in given:
        text = re.sub(rf"(?<![\d.,]){re.escape(figure)}(?![\d])[\w%]*", " ", text)
    return text


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


# A length, for "how long is the bridge?": a figure with its unit, or the unit named.
# A figure is `_DIGITS`, so a list's comma ("top 10, second-placed") is not part of it.
_LENGTH = re.compile(
    rf"\b{_DIGITS.pattern}\s*(?:m|km|cm|mm)\b|"
    r"\b(?:metres?|meters?|kilometres?|miles?|feet|foot|inches|yards?|laps?)\b",
    re.I,
)


# How many of a span: a figure, a number word, "a few", "the past".
_HOW_MANY = (
    _DIGITS.pattern + r"|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
    r"|forty|fifty|hundred|few|several|past|half|dozen"
)
# A span with how many of it: "33 months", "almost three years", "a few weeks", "an 11-day run",
# "two-and-a-half years"; not "months of tension", "its twenty-first year" (a point, not a
# span) or "the 31-year-old" (an age).
_COUNTED_SPAN = re.compile(
    rf"\b(?:{_HOW_MANY})(?:[\s-]+(?:{_HOW_MANY}|and|more|than|almost|nearly|about|over|under|just|full))*[\s-]+"
    r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|century|centuries)\b(?![\s-]old\b)",
    re.I,
)


def has_duration(text: str) -> bool:
    """Does `text` state how long something lasts or lasted ("33 months", "a few weeks ago") or
    a length ("1.5km")? A bare figure does not: "one of UKIP's two London Assembly members"
    says nothing of how long; nor does a span without how many of it ("after months of
    tension"), nor an ordinal's year ("now in its twenty-first year"). (All 17 answerable "how
    long" questions of the dev sets have a span of time in their gold sentence.)"""
    return bool(_COUNTED_SPAN.search(text) or _LENGTH.search(text))


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


# A result: "45-6", "7-6 6-4", "by 55 votes to 40".
_SCORE = re.compile(r"(?<![\d.,])\d{1,3}\s*-\s*\d{1,3}(?![\d.,%])|\b\d+ (?:\w+ )?to \d+\b")


def has_score(text: str) -> bool:
    """Does `text` state a result or a margin ("45-6", "by 55 votes to 40")?"""
    return bool(_SCORE.search(text))


# A total, or a figure counted from a start to now: "a total of $42.9m", "£10m since 1999".
_TOTAL = re.compile(
    r"\b(total\w*|overall|altogether|in all|combined|cumulative\w*|aggregate|tally|since|to date|so far|all-time)\b",
    re.I,
)


def states_total(text: str) -> bool:
    """Does `text` give a figure as a total ("making a total of $204.3m", "since 1999")?"""
    return bool(_TOTAL.search(text))


def has_count(text: str) -> bool:
    """Does `text` state a count of things, the answer to "how many" ("23 people", "three")?"""
    return bool(count_ends(text))


def count_ends(text: str) -> list[int]:
    """Where each count of things in `text` ends (rag.text.quantity reads what it counts).

    A sum of money ("$14.5m", "1bn CFA francs"), a share ("10%", "3.8 per cent"), a year and
    a number that is part of a name ("Commodore 64", "5G") count nothing.
    """
    found = []
    named_to = -1  # where the last number that is part of a name ends
    for m in COUNTABLE.finditer(text):
        start, end = m.span()
        before = text[:start]
        # "Windows 95, 98, 2000, NT and XP": the list goes on naming versions, while a number
        # a word follows counts it ("the Commodore 64 and 20 other machines").
        if named_to >= 0 and _LIST_GAP.fullmatch(text, named_to, start) and not _WORD_AFTER.match(text, end):
            named_to = end
            continue
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
            named_to = end
            continue
        found.append(end)
    return found


COUNTABLE = re.compile(r"\d+(?:[.,]\d+)*|" + _NUMBER_WORD.pattern, re.I)
# A capitalised word just before a number, which then names a thing: "Commodore 64", "Windows 95".
_NAME_BEFORE = re.compile(r"\b[A-Z][A-Za-z-]*\s$")
# What separates the items of a list: ", ", " and ", " or ", ", and ".
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s+)")
_WORD_AFTER = re.compile(r"\s+[a-z]")


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
    r"|sunday|ago|last (week|month|year)|next (week|month|year)|earlier this|later this|since|until"
    # A decade ("the 1990s") or a century; an older year after a preposition ("set up
    # in 1337", "since 1066"): a bare 1500 is as often a count.
    r"|(1[0-9]|20)\d0s|\d{1,2}(st|nd|rd|th) century|(in|since|from|until|by|before|after) 1[0-8]\d\d"
    # A season as a time ("in the summer", "next spring"), the year's feasts, and this week's.
    r"|(in|this|next|last|by|until|over|during|from|early|late|before|after) (the )?(spring|summer|autumn|winter)"
    r"|new year|christmas|easter|this (week|month|year|weekend|morning|afternoon|evening)|(last|next) weekend"
    r"|tonight|(coming|next few|past few) (days|weeks|months|years))\b",
    re.I,
)


_PERIOD = re.compile(r"\b(this|last|next)\s+(year|season)\b", re.I)


def periods(text: str) -> frozenset[tuple[str, str]]:
    """The relative periods `text` names: ("last", "year") for "last year's", ("this", "season")."""
    return frozenset((a.lower(), b.lower()) for a, b in _PERIOD.findall(text))


def has_time(text: str) -> bool:
    """Does `text` state a time: a month, a year, a weekday, a season or feast, or a relative time?"""
    return bool(_TIME.search(text))
