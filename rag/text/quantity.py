"""Quantities: the answer to "how much" is a sum, a share or a measure, not a count of things.

"How much is the supermarket giant handing over?" is answered by "$14.5m", "How much did the
shares fall?" by "15%", "How much food aid was needed?" by "965,000 tonnes", "How much notice
did he give?" by "one day's notice"; never by "23 people" or "36 guns", which answer "how
many"; a score ("28-17") measures a margin ("By how much did Italy lose?"). Built on the
number detectors (rag.text.amounts). English units only.

`counted_words` reads what a count counts, the words just after it ("15 days", "five million
times faster", "20 million BT customers"), so that "How many concert tickets did Sizzla
sell?" is not answered by "15 days in prison" (rag.answer.counted).
"""

from __future__ import annotations

import re

from rag.text.amounts import COUNTABLE, ONE_UNIT, PERCENT_AFTER, YEAR, count_ends, has_money
from rag.text.lexicon import STOPWORDS, content_words

# Units of measure: a figure before one is a measure, not a count of things ("965,000 tonnes",
# "70.72 teraflops", "one day's notice", "rose 23 points").
UNITS = frozenset(
    "tonne tonnes ton tons kg kilo kilos kilogram kilograms gram grams lb lbs ounce ounces metre metres meter "
    "meters km kilometre kilometres kilometer kilometers mile miles feet foot ft inch inches yard yards litre "
    "litres liter liters gallon gallons barrel barrels acre acres hectare hectares degree degrees point points "
    "times fold mph kph teraflops gigaflops kb mb gb tb megabyte megabytes gigabyte gigabytes terabyte terabytes "
    "bit bits byte bytes calories watt watts kw mw gw volt volts decibel decibels second seconds sec secs minute "
    "minutes min mins hour hours hr hrs day days week weeks month months year years decade decades century "
    "centuries".split()
)
# A scale word may come between: "1.2m barrels".
_UNIT_AFTER = re.compile(
    r"(?:\s*(?:m|bn|k|million|billion|trillion|thousand|hundred)\b)?\s*-?\s*(?:"
    + "|".join(sorted(UNITS, key=lambda u: (-len(u), u)))
    + r")\b",
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


# Between a count and what it counts: a scale ("2.8 million DS consoles"), another number word
# ("Fifty-five statues") or "of" ("68 of its affiliates", "thousands of supporters").
_SCALE = frozenset(
    "m bn k million millions billion billions thousand thousands hundred hundreds trillion dozen dozens of "
    "two three four five six seven eight nine ten".split()
)
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]")
_COUNTED_WORDS = 3  # "1,000 premium rate numbers"


def counted_words(text: str) -> list[tuple[str, ...]]:
    """For each count of things in `text`, the words that say what it counts, as written and
    lower-cased: ("commercial", "5g", "contracts") for "signed 35 commercial 5G contracts",
    ("date",) for "five-date UK tour", () for a count with none ("52 were recovered", "reach 159 million.")."""
    lower = text.lower().replace("’", "'")
    found = []
    for end in count_ends(text):
        tokens = _TOKEN.findall(lower[end:])
        k = 0
        while k < len(tokens) and tokens[k] in _SCALE:
            k += 1
        # "five-date UK tour" counts dates, "two-goal striker" goals: the word the count is joined to.
        joined = k < len(tokens) - 1 and tokens[k] == "-"
        phrase: list[str] = []
        for token in tokens[k + 1 : k + 2] if joined else tokens[k : k + _COUNTED_WORDS]:
            if not token[0].isalnum() or token in STOPWORDS:
                break
            phrase.append(token)
        found.append(tuple(phrase))
    return found


def counts_asked(text: str, forms: frozenset[str], unit: bool = False) -> bool:
    """Does `text` count what the question counts: a count that names nothing after it, or
    names one of `forms` (content words: the question's, and synonyms the answerer found)?
    A count of a `unit` ("How many tonnes ...?") must name it: a bare "15 million" counts
    things, and a measure is written with its unit ("171 hours", "18 points")."""
    return any(
        (not phrase and not unit) or set(content_words(" ".join(phrase))) & forms for phrase in counted_words(text)
    )
