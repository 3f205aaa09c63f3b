"""What a question's wording asks for: the patterns the query stage (rag.answer.query) reads.

Each pattern reads the question's form (a leading preposition dropped: "By how much ...?"
reads as "How much ...?"): the answer type it asks for, a sum of money, a count, a score, a
total, a list of several named things, the speaker and focus of "what did X say about Y", and
what a why question takes as given. Rule-based and English-only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rag.text.lexicon import content_words
from rag.text.lexicon import words as plain_words
from rag.text.relations import DIRECTION, normal
from rag.text.roles import TITLES

WHEN = re.compile(
    r"^\s*(when\b|until when\b|since when\b|(?:what|which) (year|date|day|month)\b|in which (year|month)\b)", re.I
)
# Only at the start: "Could Pang say how many firms ..." asks whether, not how many.
HOW_MANY = re.compile(r"^\s*(how (many|much)|what (percentage|share|number|amount))\b", re.I)
# "How big / old / far ...?" asks for a measure, and "What was the score ...?" for a result:
# both are figures ("aged 21", "£2,000", "4-0"), as "how many" is. "How long" asks for a
# duration, a figure or a span of time ("33 months", "a 10-year plan", "a few weeks ago").
_SCORE_FORM = r"what (?:(?:was|is|were|will be) the (?:final |half[- ]?time |full[- ]?time )?scores?|score|margin)\b"
HOW_MEASURE = re.compile(
    r"^\s*(how (big|large|far|old|tall|high|fast|heavy|wide|deep)\b"
    rf"|{_SCORE_FORM}"
    r"|what (price|cost|height|weight|distance|size|speed|age|time)\b)",
    re.I,
)
# "What was the score ...?", "By what margin ...?" ask for a result ("45-6", "by 8-1"), which a
# count ("nine Wallabies") does not give.
SCORE = re.compile(rf"^\s*{_SCORE_FORM}", re.I)
# "Why did AT&T decide to buy SBC?" takes "AT&T decide to buy SBC" as given.
WHY = re.compile(r"^\s*why\s+(?:(?:did|does|do|is|are|was|were|has|have|had|will|would|might|could|can)\s+)?", re.I)
# "In total", "altogether": a total is asked, which one period's figure ("$24m at the weekend")
# does not give.
TOTAL = re.compile(r"\b(in total|altogether|in all)\b", re.I)
# "What price did X pay ...?", "At what cost ...?" ask for a sum of money, as "how much ... pay" does.
WHAT_PRICE = re.compile(r"^\s*what (price|cost)\b", re.I)
HOW_LONG = re.compile(r"^\s*how long\b", re.I)
WH = {"who": "who", "whom": "who", "whose": "who", "where": "where", "why": "why", "what": "what", "which": "what"}
WH_WORDS = "how|what|which|who|whom|whose|when|where|why"
YES_NO = re.compile(r"^\s*(is|are|was|were|did|does|do|has|have|had|can|could|will|would|should)\b", re.I)
ABOUT = re.compile(r"\babout\s+(.+?)\s*[?.!]*$", re.I)
# "What did X say / warn / urge ...?", "What slogan did X say ...?": X's own words are asked for.
SAYING = (
    "say said tell told think claim announce stress add warn warned blame blamed accuse accused urge urged "
    "suggest suggested advise advised promise promised predict predicted admit admitted insist insisted argue "
    "argued describe described call called"
)
SPEAKER = re.compile(rf"\bwhat (?:[a-z]+ )?(?:did|does|do|has|have|had) (.+?) (?:{'|'.join(SAYING.split())})\b", re.I)
SAYING_WORDS = frozenset(content_words(SAYING))
OF_PHRASE = re.compile(r"\s(?:of|from|at|for|with|in|on)\s", re.I)
# Measures that news reports give side by side, so one is easily passed off as another.
# Not "margin": it is as often of votes or goals ("By what margin did the lords rule?"), and
# a profit margin is asked with "profit".
MEASURES = frozenset(
    content_words(
        "profit profits revenue revenues sales income earnings loss losses turnover dividend debt "
        "price valuation population salary budget"
    )
)
# A measure is asked for as a figure by a number question, or as "what/which ... measure?"
# ("What was Nokia's revenue in 2019?"); the check is read only then.
WHAT_FIRST = re.compile(r"^\s*(what|which)\b", re.I)

# "How much" with one of these asks for a sum of money, which a count or a duration does not
# give: "How much is the LTA paying Connors?" is not answered by "three days".
HOW_MUCH = re.compile(r"^\s*how much\b", re.I)
# "How many" asks for a count, which a sum of money, a share or a model number does not give:
# "How many customers did BT lose?" is not answered by "10% of market share".
HOW_MANY_COUNT = re.compile(r"^\s*how many\b", re.I)
# What "how many" counts: its next two words ("how many internet cafes", "how many Chinese users").
COUNTED = re.compile(r"^\s*how many\s+([\w'-]+(?:\s+[\w'-]+)?)", re.I)
# "Which three prizes ...?", "Who were the two bosses ...?", "Who are EuroDisney's two main
# shareholders?": a list of this many things is asked for.
COUNT_WORDS = {w: n for n, w in enumerate("two three four five six seven eight nine ten".split(), 2)}
COUNT_WORD = {n: w for w, n in COUNT_WORDS.items()}
LISTED = re.compile(
    rf"^\s*(?:(?:which|what)\s+|(?:who|what)\s+(?:are|were|will be)\s+(?:the\s+)?(?:[\w']+'s?\s+)?)"
    rf"({'|'.join(COUNT_WORDS)})\b",
    re.I,
)
# "Which MPs co-chair ...?", "Which two films ...?": several named things are asked for, so a
# second quote must name one the first does not (the other co-chairman, not more of the first).
WHICH_KIND = re.compile(r"^\s*(?:which|what)\s+(?:(?:two|three|four|five|other)\s+)?([a-z]+)\b", re.I)
NAMED_KINDS = frozenset(
    "companies firms clubs teams countries nations mps ministers politicians players athletes films bands artists "
    "actors actresses stars newspapers publications parties rivals banks cities states websites".split()
)
MONEY_WORDS = frozenset(
    content_words(
        "pay paid paying pays cost costs costing spend spent spending earn earned earning earns worth price "
        "money fine fines fined raise raised bid salary budget fund funding compensation damages sell sold "
        "invest invested charge charged"
    )
)


def asks_money(text: str, found: Iterable[str]) -> bool:
    """Does "how much" ask for a sum of money ("How much is the LTA paying Connors?")? Not when
    it asks how far a price or a cost moved ("How much did Altria's share price go up?"): a
    change is as often a share ("shares up 5.11%"). Money raised ("How much did Glazer
    raise?") and "money" itself still ask for a sum. `found`: the question's content words."""
    if not HOW_MUCH.search(text):
        return False
    found = set(found)
    if not found & MONEY_WORDS:
        return False
    # "raise" points up but, with "how much", is money raised: not a change.
    changes = [w for w in plain_words(text) if DIRECTION.get(normal(w)) and not set(content_words(w)) & MONEY_WORDS]
    return not changes or "money" in found


# "Who is the Royal Mail spokeswoman?", "Who's the head of Preventon?": a title's holder is
# asked; the title is the last word of the phrase before any "of/at/for ..." or clause. One
# that a "who/that" clause narrows asks for the doers of an event, who may be named without
# the title: "Who were the two Fannie Mae bosses who quit?" by "Franklin Raines ... resigned".
_WHO_IS = re.compile(
    r"^\s*who(?:'s|\s+(?:is|was|are|were|will be))\s+(?!(?:on|in|at|of|for|to|from|with|by|behind)\b)([^,?]+)", re.I
)
_PHRASE_END = re.compile(r"\s+(?:of|at|for|from|in|to|on|with|who|that|which|when|after|before|since|during)\b", re.I)
_NARROWED = re.compile(r"\s(?:who|that|which)\s", re.I)
_TITLE_STEMS = frozenset(content_words(" ".join(TITLES)))


# "Who runs General Motors?", "Who coaches Ireland?", "Who directed Shall We Dance?": a verb
# that news writes as its holder's title ("GM chief executive Rick Wagoner", "Ireland coach Eddie
# O'Sullivan", "The film's director Peter Chelsom"). Present tense for a post ("Who led Ireland
# to the 1948 clean sweep?" asks for the doer of an event, named without a title); a film's
# director and stars keep theirs. The verb's stem is the title: holds_title reads it as a prefix
# ("manag" for "manager") and the head verbs' other titles as its aliases (rag.text.forms).
_WHO_DOES = re.compile(
    r"^\s*who\s+(?:now\s+|currently\s+)?(runs|leads|heads|chairs|manages|coaches|captains|skippers|directs|directed"
    r"|stars|starred|hosts|presents)\b",
    re.I,
)


def asked_title(text: str) -> str:
    """The title (stemmed) whose holder a "Who is the ...?" or "Who runs ...?" question asks for, or ""."""
    if m := _WHO_DOES.match(text):
        return content_words(m.group(1))[0]
    m = _WHO_IS.match(text)
    if m and _NARROWED.search(m.group(1)):
        return ""
    head = content_words(_PHRASE_END.split(m.group(1), maxsplit=1)[0])[-1:] if m else []
    return head[0] if head and head[0] in _TITLE_STEMS else ""


def form_words(text: str) -> frozenset[str]:
    """The content words of the question form that asks for the answer type ("time" of "in what
    time", "larg" of "How large"): they say what kind of answer, not what it is about."""
    found = [m.group(0) for r in (WHEN, HOW_LONG, HOW_MANY, HOW_MEASURE) if (m := r.search(text))]
    return frozenset(content_words(" ".join(found)))


def answer_type(text: str) -> str | None:
    """ "time", "duration", "number" or None: what kind of answer the question form asks for."""
    if WHEN.search(text):
        return "time"
    if HOW_LONG.search(text):
        return "duration"
    return "number" if HOW_MANY.search(text) or HOW_MEASURE.search(text) else None
