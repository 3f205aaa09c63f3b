"""Other forms of a question's words: the doer noun of a verb, another name of a country.

A question and its article often say the same thing with different words of one family:
"Who directed X?" against "X's director", "America" against "the US". These helpers let the
ranker, the gate and the relevance checks read such a pair as one. Limits: English agent
nouns in "-er" / "-or" only (not "-ist", "-ant"), and a short, hand-made list of countries.
"""

from __future__ import annotations

from collections.abc import Iterable, Set

from rag.text.lexicon import content_words

# Word stems whose "-er" / "-or" form is another word, not the one who does it: "former",
# "career", "later", "better", "Peter", "header", "offer", "enter", "center".
_NOT_AGENTS = frozenset({"form", "care", "late", "bet", "pet", "head", "off", "ent", "cent"})


def agent_of(term: str, word: str) -> bool:
    """Is `word` the doer of the verb stem `term`: "director" of "direct" (directed), "founder" of
    "found", "winner" of "win", "maker" of "make", "manager" of "manag" (managed)? A question
    asks "Who directed X?" where the article writes "X's director, Y"."""
    if len(term) < 3 or term in _NOT_AGENTS or not word.startswith(term):
        return False
    rest = word[len(term) :]
    # "direct-or", "found-er", "make-r" (a stem ending in "e"), "win-ner" (a doubled consonant).
    return rest in ("er", "or") or (rest == "r" and term.endswith("e")) or rest == term[-1] + "er"


def held_terms(terms: Iterable[str], words: Set[str], doers: bool = False) -> set[str]:
    """The question terms `words` hold, as written or, with `doers` (a "who" question, which
    asks for the doer), as the doer of a verb term (`agent_of`). Only then: "Where was the
    final played?" is not answered by a sentence about a player."""
    out = set()
    for t in terms:
        if t in words or (doers and any(agent_of(t, w) for w in words if len(w) > len(t))):
            out.add(t)
    return out


# Countries news writes by more than one name, each name as its content words: a question's
# "America" is the article's "US". A city is not its country ("London" is not "the UK").
_COUNTRY_NAMES = (
    ("america", "us", "usa", "united states"),
    ("britain", "uk", "united kingdom", "great britain"),
    ("holland", "netherlands"),
)
COUNTRY_ALIASES: tuple[tuple[frozenset[str], ...], ...] = tuple(
    tuple(frozenset(content_words(n)) for n in group) for group in _COUNTRY_NAMES
)


def country_aliases(name: frozenset[str]) -> tuple[frozenset[str], ...]:
    """The other names of the country `name` (its content words) is, if it is one of them."""
    for group in COUNTRY_ALIASES:
        if name in group:
            return tuple(other for other in group if other != name)
    return ()
