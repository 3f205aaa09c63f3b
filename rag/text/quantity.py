"""Quantities: the answer to "how much" is a sum, a share or a measure, not a count of things.

"How much is the supermarket giant handing over?" is answered by "$14.5m", "How much did the
shares fall?" by "15%", "How much food aid was needed?" by "965,000 tonnes", "How much notice
did he give?" by "one day's notice"; never by "23 people" or "36 guns", which answer "how
many"; a score ("28-17") measures a margin ("By how much did Italy lose?"). Built on the
lexicon's number detectors (rag.text.lexicon). English units only.
"""

from __future__ import annotations

import re

from rag.text.lexicon import COUNTABLE, ONE_UNIT, PERCENT_AFTER, YEAR, has_money

# A unit after a figure makes it a measure, not a count of things: "965,000 tonnes", "70.72
# teraflops", "one day's notice", "rose 23 points" (a scale word may come between: "1.2m barrels").
_UNIT_AFTER = re.compile(
    r"(?:\s*(?:m|bn|k|million|billion|trillion|thousand|hundred)\b)?\s*-?\s*"
    r"(?:tonnes?|tons?|kg|kilo(?:gram)?s?|grams?|lbs?|ounces?|metres?|meters?|km|kilometres?|kilometers?|miles?"
    r"|feet|foot|ft|inch(?:es)?|yards?|litres?|liters?|gallons?|barrels?|acres?|hectares?|degrees?|points?|times"
    r"|fold|mph|kph|teraflops|gigaflops|[kmgt]b|megabytes?|gigabytes?|terabytes?|bits?|bytes?|calories|watts?"
    r"|kw|mw|gw|volts?|decibels?|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|decades?"
    r"|centuries|century)\b",
    re.I,
)


# A score or result ("28-17", "4-0") measures a margin: "By how much did Italy lose?"
_SCORE = re.compile(r"\b\d{1,3}-\d{1,3}\b")


def has_quantity(text: str) -> bool:
    """Does `text` state how much of something, the answer to "how much": a sum of money, a
    share ("15%"), a measure ("965,000 tonnes", "one day's notice") or a score ("28-17")? A
    count of things ("23 people", "36 guns") answers "how many", never "how much" (no "how
    much" question of the 35 answerable ones in the dev sets has a count for its answer)."""
    if has_money(text) or ONE_UNIT.search(text) or _SCORE.search(text):
        return True
    for m in COUNTABLE.finditer(text):
        if YEAR.fullmatch(m.group(0)):
            continue
        if PERCENT_AFTER.match(text, m.end()) or _UNIT_AFTER.match(text, m.end()):
            return True
    return False
