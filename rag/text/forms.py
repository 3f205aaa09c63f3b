"""Other forms of a question's words: the doer noun of a verb, another name of a country, a
name's initials, a body's head or a report's measure by another word.

A question and its article often say the same thing with different words of one family:
"Who directed X?" against "X's director", "America" against "the US", "General Motors"
against "GM", "Who runs X?" against "X chairman Y". These helpers let the ranker, the gate
and the relevance checks read such a pair as one. Limits: English agent nouns in "-er" /
"-or" only (not "-ist", "-ant"), short, hand-made lists of countries, heads' titles and
report measures, and initials of capitalised words only ("BoE" for "Bank of England" is not
made).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Set

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


def held_terms(
    terms: Iterable[str], words: Set[str], doers: bool = False, aliases: Mapping[str, frozenset[str]] | None = None
) -> set[str]:
    """The question terms `words` hold, as written, as one of the term's `aliases` (its name's
    initials, a head's other title: `term_aliases`) or, with `doers` (a "who" question, which
    asks for the doer), as the doer of a verb term (`agent_of`). Only then: "Where was the
    final played?" is not answered by a sentence about a player."""
    out = set()
    for t in terms:
        if (
            t in words
            or (aliases and t in aliases and not aliases[t].isdisjoint(words))
            or (doers and any(agent_of(t, w) for w in words if len(w) > len(t)))
        ):
            out.add(t)
    return out


# A name of two or more capitalised words, perhaps joined by "of", "and", "for", "the" or "&".
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:(?:of|and|for|the|&)\s+)?[A-Z][\w'’-]*)+")
# Initials this long: "GM", "PTC", "MPAA"; longer runs are seldom shortened.
_INITIALS = (2, 6)


def acronyms(text: str) -> dict[str, frozenset[str]]:
    """The initials of each name of two or more capitalised words in `text`, as a word, with
    the name's content words: {"gm": {"general", "motor"}}. News names a body in full once and
    by its initials after ("the Parents Television Council ... PTC president Brent Bozell"),
    and a question may use either. A capitalised word that is no content word ("The", "In" at
    a sentence's start) is not an initial."""
    out: dict[str, frozenset[str]] = {}
    for m in _CAPITALISED_RUN.finditer(text):
        caps = [w for w in m.group(0).split() if w[0].isupper() and content_words(w)]
        if _INITIALS[0] <= len(caps) <= _INITIALS[1]:
            out["".join(w[0] for w in caps).lower()] = frozenset(content_words(" ".join(caps)))
    return out


def with_acronyms(text: str) -> frozenset[str]:
    """The content words of `text` and the initials of its names (`acronyms`): what a sentence
    holds, so that a question's "GM" is held by "General Motors"."""
    return frozenset(content_words(text)) | frozenset(acronyms(text))


# Who runs a body is its head, by whatever title: "Who runs General Motors?" is answered by "GM
# chairman and chief executive Rick Wagoner", "Who leads the studios' trade body?" by "MPAA
# chief Dan Glickman", "Cairn's boss" by "chief executive Bill Gammell", a union by its general
# secretary. The nouns hold each other in any question; the verbs only in a "who" question,
# which asks for the doer ("Which film leads the shortlist?" asks for no head).
_HEADS = frozenset(
    content_words(
        "head boss chief leader chairman chairwoman president executive supremo governor director manager commissioner"
        " secretary"
    )
)
_HEADING = frozenset(content_words("run runs lead leads manage chair chairs helm"))
# Words for one thing that hold each other: a team's captain is its skipper, its coach (in
# football) its manager; a firm's profit
# is reported as its earnings or net income, its revenue as its sales or turnover.
_SAME = tuple(
    frozenset(content_words(group))
    for group in ("captain skipper", "coach manager", "profit earnings income", "revenue sales turnover")
)


_SHARE_PRICE = re.compile(r"\b(?:share|stock)s?\s+prices?\b", re.I)
_PRICE = frozenset(content_words("price prices"))
_SHARES = frozenset(content_words("shares stock"))


def term_aliases(terms: Iterable[str], text: str, who: bool) -> dict[str, frozenset[str]]:
    """Other words that hold each question term (read by `held_terms`): the initials of the
    name it is in (`acronyms` of the question `text`), a head's other titles."""
    out: dict[str, set[str]] = {}
    terms = set(terms)
    for initials, words in acronyms(text).items():
        for w in words & terms:
            out.setdefault(w, set()).add(initials)
    for t in terms:
        if t in _HEADS or (who and t in _HEADING):
            out.setdefault(t, set()).update(_HEADS - {t})
        for same in _SAME:
            if t in same:
                out.setdefault(t, set()).update(same - {t})
    # "Altria's share price" is what news writes as "Altria shares up 5.11%".
    if _SHARE_PRICE.search(text):
        for t in _PRICE & terms:
            out.setdefault(t, set()).update(_SHARES)
    return {t: frozenset(a) for t, a in out.items()}


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


# A country and the adjective of its people: "the French side" is France's. (The name-root
# rule in rag.answer.relevance already meets "Brazil" and "Brazilian", not these.)
_PEOPLE_OF = (
    "america:american britain:british uk:british england:english scotland:scottish,scots wales:welsh "
    "ireland:irish france:french spain:spanish italy:italian portugal:portuguese netherlands:dutch "
    "holland:dutch belgium:belgian switzerland:swiss austria:austrian sweden:swedish norway:norwegian "
    "denmark:danish finland:finnish poland:polish greece:greek turkey:turkish hungary:hungarian "
    "china:chinese korea:korean india:indian pakistan:pakistani afghanistan:afghan iran:iranian iraq:iraqi "
    "israel:israeli egypt:egyptian syria:syrian lebanon:lebanese nigeria:nigerian kenya:kenyan "
    "ghana:ghanaian zimbabwe:zimbabwean australia:australian canada:canadian mexico:mexican "
    "argentina:argentine,argentinian chile:chilean colombia:colombian cuba:cuban"
)
PEOPLE_OF: dict[frozenset[str], frozenset[str]] = {
    frozenset(content_words(country)): frozenset(w for p in people.split(",") for w in content_words(p))
    for country, people in (entry.split(":") for entry in _PEOPLE_OF.split())
}


def people_of(name: frozenset[str]) -> frozenset[str]:
    """The adjective of the people of the country `name` (its content words) is, if it is one."""
    return PEOPLE_OF.get(name, frozenset())


def country_aliases(name: frozenset[str]) -> tuple[frozenset[str], ...]:
    """The other names of the country `name` (its content words) is, if it is one of them."""
    for group in COUNTRY_ALIASES:
        if name in group:
            return tuple(other for other in group if other != name)
    return ()
