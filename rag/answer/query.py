"""Query stage: a question becomes one `Query` record, parsed once, which flows forward.

Parsing: validate (empty, too long) -> drop instruction clauses ("ignore the articles: ...")
-> resolve chat follow-ups ("he", "it") -> correct misspelt names and long words against the
index vocabulary -> analyse what the question asks for:
- Answer type: "when/what (or which) year/what date" wants a time, "how many/how much/what percentage",
  "how big/old/far ...", "what price/height/time/age ..." and "what was the score" a number
  ("what price" a sum of money), "how long" a duration (a figure or a span: "a few weeks"); a
  sentence without one does not answer the question, however well supported.
  "How much" with a word of paying, costing or worth wants a sum of money (`money`): "three
  days" or "23 people" is no answer to "How much is the LTA paying Connors?". Any "how
  much" wants a quantity (`quantity`: a sum, a share or a measure, "965,000 tonnes"), never a
  count of things ("23 people"). "How many"
  wants a count (`count`): a sum, a share, a year or a model number ("Commodore 64") is none.
- Many: "Which MPs / two films / clubs ...?" asks for several named things (`many`), so the
  answer's second quote must name one its first does not.
- Focus: the words after "about" in "what did X say about Y" must be in the answer sentence
  or its evidence; Pang's remarks on transfers are no answer about Nokia.
- Speaker: X in "what did X say" must be in the passage the sentence comes from.
- Periods: "this year", "last season" ... asked for must not be contradicted by the sentence:
  one about "last year" only does not answer a question about this year.
- Names: every name in the question ("Vincent Pang", "ZTE") must have a word in that passage
  (Ericsson's chief executive is no answer to "who is the chief executive of ZTE?"), save a
  nationality alone ("Which French company ...?").
- Measure: "profit", "revenue" ... asked for as a figure ("How much ...", "What was X's
  profit?") must be in the sentence, as written or by a word news uses for it ("earnings"
  for profit, "sales" for revenue); reports put several side by side, and "net sales of
  54.8 billion" is no answer about profit. A measure a question only mentions ("How has the
  bank tried to tackle falling prices?") is not asked for.
- Parts: a question that asks two things ("When and where is ...?", "How many jobs were
  created, and how many were lost?", "Who beat Greene, and in what time?") is also analysed
  as its two questions, so that an answer can hold one sentence for each, each meeting its
  own part's needs; a part that names no one is about the names of the whole question.
Rule-based and English-only; a question with none of these cues passes every check.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from rag.answer.followup import Turn, resolve
from rag.answer.spelling import Vocabulary, correct_spelling
from rag.errors import QuestionError
from rag.settings import QuerySettings
from rag.text.amounts import figures, numbers, periods
from rag.text.forms import acronyms, term_aliases
from rag.text.guard import clean_text, strip_instructions
from rag.text.lexicon import content_words, name_groups, one_edit

_WHEN = re.compile(
    r"^\s*(when\b|until when\b|since when\b|(?:what|which) (year|date|day|month)\b|in which (year|month)\b)", re.I
)
# Only at the start: "Could Pang say how many firms ..." asks whether, not how many.
_HOW_MANY = re.compile(r"^\s*(how (many|much)|what (percentage|share|number|amount))\b", re.I)
# "How big / old / far ...?" asks for a measure, and "What was the score ...?" for a result:
# both are figures ("aged 21", "£2,000", "4-0"), as "how many" is. "How long" asks for a
# duration, a figure or a span of time ("33 months", "a 10-year plan", "a few weeks ago").
_HOW_MEASURE = re.compile(
    r"^\s*(how (big|large|far|old|tall|high|fast|heavy|wide|deep)\b"
    r"|what (was|is|were|will be) the (final |half[- ]?time |full[- ]?time )?scores?\b|what (score|margin)\b"
    r"|what (price|cost|height|weight|distance|size|speed|age|time)\b)",
    re.I,
)
# "What was the score ...?", "By what margin ...?" ask for a result ("45-6", "by 8-1"), which a
# count ("nine Wallabies") does not give.
_SCORE = re.compile(
    r"^\s*what ((was|is|were|will be) the (final |half[- ]?time |full[- ]?time )?scores?|score|margin)\b", re.I
)
# "Why did AT&T decide to buy SBC?" takes "AT&T decide to buy SBC" as given.
_WHY = re.compile(r"^\s*why\s+(?:(?:did|does|do|is|are|was|were|has|have|had|will|would|might|could|can)\s+)?", re.I)
# "In total", "altogether": a total is asked, which one period's figure ("$24m at the weekend")
# does not give.
_TOTAL = re.compile(r"\b(in total|altogether|in all)\b", re.I)
# "What price did X pay ...?", "At what cost ...?" ask for a sum of money, as "how much ... pay" does.
_WHAT_PRICE = re.compile(r"^\s*what (price|cost)\b", re.I)
_HOW_LONG = re.compile(r"^\s*how long\b", re.I)
_WH = {"who": "who", "whom": "who", "whose": "who", "where": "where", "why": "why", "what": "what", "which": "what"}
_WH_WORDS = "how|what|which|who|whom|whose|when|where|why"
_YES_NO = re.compile(r"^\s*(is|are|was|were|did|does|do|has|have|had|can|could|will|would|should)\b", re.I)
_ABOUT = re.compile(r"\babout\s+(.+?)\s*[?.!]*$", re.I)
# "What did X say / warn / urge ...?", "What slogan did X say ...?": X's own words are asked for.
_SAYING = (
    "say said tell told think claim announce stress add warn warned blame blamed accuse accused urge urged "
    "suggest suggested advise advised promise promised predict predicted admit admitted insist insisted argue "
    "argued describe described call called"
)
_SPEAKER = re.compile(rf"\bwhat (?:[a-z]+ )?(?:did|does|do|has|have|had) (.+?) (?:{'|'.join(_SAYING.split())})\b", re.I)
_SAYING_WORDS = frozenset(content_words(_SAYING))
_OF_PHRASE = re.compile(r"\s(?:of|from|at|for|with|in|on)\s", re.I)
# Names this long are matched at one edit too: reporters misspell them ("Pang", "Pango").
_MISSPELT_FROM = 4
# A letter swapped for another only in names this long: in a shorter one it makes another
# word as often as a misspelling ("Mike" -> "make", "Owen" -> "open", "boss" -> "loss").
_SWAPPED_FROM = 6
# Measures that news reports give side by side, so one is easily passed off as another.
# Not "margin": it is as often of votes or goals ("By what margin did the lords rule?"), and
# a profit margin is asked with "profit".
_MEASURES = frozenset(
    content_words(
        "profit profits revenue revenues sales income earnings loss losses turnover dividend debt "
        "price valuation population salary budget"
    )
)
# A measure is asked for as a figure by a number question, or as "what/which ... measure?"
# ("What was Nokia's revenue in 2019?"); the check is read only then.
_WHAT_FIRST = re.compile(r"^\s*(what|which)\b", re.I)

# "How much" with one of these asks for a sum of money, which a count or a duration does not
# give: "How much is the LTA paying Connors?" is not answered by "three days".
_HOW_MUCH = re.compile(r"^\s*how much\b", re.I)
# "How many" asks for a count, which a sum of money, a share or a model number does not give:
# "How many customers did BT lose?" is not answered by "10% of market share".
_HOW_MANY_COUNT = re.compile(r"^\s*how many\b", re.I)
# What "how many" counts: its next two words ("how many internet cafes", "how many Chinese users").
_COUNTED = re.compile(r"^\s*how many\s+([\w'-]+(?:\s+[\w'-]+)?)", re.I)
# "Which three prizes ...?", "Who were the two bosses ...?", "Who are EuroDisney's two main
# shareholders?": a list of this many things is asked for.
_COUNT_WORDS = {w: n for n, w in enumerate("two three four five six seven eight nine ten".split(), 2)}
COUNT_WORD = {n: w for w, n in _COUNT_WORDS.items()}
_LISTED = re.compile(
    rf"^\s*(?:(?:which|what)\s+|(?:who|what)\s+(?:are|were|will be)\s+(?:the\s+)?(?:[\w']+'s?\s+)?)"
    rf"({'|'.join(_COUNT_WORDS)})\b",
    re.I,
)
# "Which MPs co-chair ...?", "Which two films ...?": several named things are asked for, so a
# second quote must name one the first does not (the other co-chairman, not more of the first).
_WHICH_KIND = re.compile(r"^\s*(?:which|what)\s+(?:(?:two|three|four|five|other)\s+)?([a-z]+)\b", re.I)
_NAMED_KINDS = frozenset(
    "companies firms clubs teams countries nations mps ministers politicians players athletes films bands artists "
    "actors actresses stars newspapers publications parties rivals banks cities states websites".split()
)
_MONEY_WORDS = frozenset(
    content_words(
        "pay paid paying pays cost costs costing spend spent spending earn earned earning earns worth price "
        "money fine fines fined raise raised bid salary budget fund funding compensation damages sell sold "
        "invest invested charge charged"
    )
)


@dataclass(frozen=True)
class AskedWord:
    """A rare word the question asks about, and the question's embedding without it (rag.answer.asked)."""

    term: str
    vector: np.ndarray = field(compare=False, repr=False)
    margin: float = 0.0  # a sentence lacking the word must be this much nearer the question with it


@dataclass(frozen=True)
class Query:
    asked: str  # the question as the user typed it, trimmed
    text: str  # as rewritten for retrieval and checking
    words: tuple[str, ...]  # content words of `text` in order (BM25 counts repeats)
    terms: frozenset[str]  # the same, unique
    answer_type: str | None = None  # "time", "number", "duration" or None
    money: bool = False  # the number asked for is a sum of money ("How much did X pay?")
    count: bool = False  # the number asked for counts things ("How many ...?"): no sum, share or year
    counted: tuple[str, ...] = ()  # what "how many" counts, as typed: "internet", "cafes" (read by the gate)
    # Its content words, and the words of the evidence near one in meaning ("officials" for
    # "civil servants"), added by the answerer (rag.answer.counted): a count must count one.
    counted_forms: frozenset[str] = frozenset()
    quantity: bool = False  # "How much ...?": a sum, a share or a measure, never a count of things
    score: bool = False  # "What was the score ...?", "By what margin ...?": a result, "45-6", is asked
    total: bool = False  # "How much has X made in total?": a total, not one weekend's takings, is asked
    premise: str = ""  # what "Why did X ...?" takes as given: "X ..." (relevance: not stated the other way round)
    many: bool = False  # several named things asked for ("Which MPs ...?"): each quote names another
    listed: int = 0  # how many things a list question asks for ("Which three prizes ...?" 3)
    wh: str | None = None  # "who", "where", "why", "what", "yesno" or None
    focus: frozenset[str] = frozenset()
    speaker: frozenset[str] = frozenset()
    speaker_name: tuple[str, ...] = ()  # the same words in the question's order
    # The speaker's words and every spelling one edit away ("Pang" written "Pango").
    speaker_forms: frozenset[str] = frozenset()
    # Its head word's forms: a sentence naming only "Howard" does not name "Howard's wife".
    speaker_head: frozenset[str] = frozenset()
    # What the speaker is asked about when no "about Y" says: the question's other words
    # ("blame", "lack", "zeal" in "What did Spence blame for the lack of zeal?").
    subject: frozenset[str] = frozenset()
    measure: frozenset[str] = frozenset()
    form_words: frozenset[str] = frozenset()  # "time" of "in what time?": the kind of answer asked (_form_words)
    names: tuple[frozenset[str], ...] = ()
    numbers: frozenset[str] = frozenset()
    # The digit groups the whole question writes ("60" of "in the 60m"), for each of its parts
    # too: an amount asked for is another figure ("Who beat Greene in the 60m, and in what
    # time?" is not answered by "60m").
    given: frozenset[str] = frozenset()
    periods: frozenset[tuple[str, str]] = frozenset()  # "this year", "last season" (amounts.periods)
    parts: tuple[Query, ...] = ()  # the questions a two-part question asks, each analysed
    inherits_names: bool = False  # a part naming no one, given the names of the rest ("... and where?")
    # Other words that hold a term ("gm" for "general" and "motor" of "General Motors"; for
    # "Who runs ...?", a head's titles: rag.text.forms.term_aliases), and the initials of the
    # question's names with their words, which hold the name.
    aliases: Mapping[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    initials: tuple[tuple[str, frozenset[str]], ...] = ()
    # Its rare asked words, each with the question's vector without it, set by the answerer
    # once the index's word rarity is known (rag.answer.asked.ablate).
    asked_words: tuple[AskedWord, ...] = field(default=(), compare=False, repr=False)
    # The embedding of `text`, set once by the retriever (rag.answer.retriever.embed).
    vector: np.ndarray | None = field(default=None, compare=False, repr=False)

    @property
    def rewritten(self) -> bool:
        return self.text != self.asked


# "When and where is ...?": two question words sharing the rest of the question.
_TWO_WH = re.compile(rf"^\s*({_WH_WORDS})\s+and\s+({_WH_WORDS})\b(.*)$", re.I | re.S)
# "How many were created, and how many were lost?": a second question after "and", perhaps
# behind a preposition ("Who beat Greene, and in what time?", "... and with what share?").
_PREPOSITIONS = "in|with|at|by|for|from|to|on|of"
_AND_WH = re.compile(rf"^(.*?\w.*?)(?:,\s*|\s+)and\s+(?:(?:{_PREPOSITIONS})\s+)?((?:{_WH_WORDS})\b.*)$", re.I | re.S)


def split_parts(text: str) -> tuple[str, ...]:
    """The two questions of a two-part question, or () for a question that asks one thing."""
    two = _TWO_WH.match(text)
    if two:
        first, second, rest = two.groups()
        return (f"{first}{rest}", f"{second}{rest}")
    joined = _AND_WH.match(text)
    opens = joined.group(1).strip().split(maxsplit=1)[0].lower() if joined else ""
    if joined and opens in _WH_WORDS.split("|") and content_words(joined.group(2)):
        return (joined.group(1).strip(), joined.group(2).strip())
    return ()


# "By how much ...?", "On what date ...?", "With how many ...?", "From which company ...?": the
# question word behind a preposition asks what it asks without one.
_LEADING_PREPOSITION = re.compile(
    rf"^\s*(?:by|in|at|for|from|to|on|of|with|since|during)\s+(?=(?:{_WH_WORDS})\b)", re.I
)


def misspellings(word: str) -> set[str]:
    """The spellings of a speaker's name word a reporter may have written: one edit away, the
    first letter kept (a misspelling seldom changes it: "Howard" is not "toward"), and in a name
    shorter than `_SWAPPED_FROM` only a letter added, dropped or changed at the end ("Pang"
    written "Pango", "Pangg" for "Pango")."""
    if len(word) < _MISSPELT_FROM:
        return set()
    short = len(word) < _SWAPPED_FROM
    return {
        f for f in one_edit(word) if f[:1] == word[:1] and (not short or len(f) != len(word) or f[:-1] == word[:-1])
    }


def analyse(text: str, asked: str | None = None) -> Query:
    """The Query for `text` (already rewritten); `asked` is what the user typed."""
    found = content_words(text)
    form = _LEADING_PREPOSITION.sub("", text)  # what the question-form patterns read
    first = form.strip().split(maxsplit=1)[0].lower() if form.strip() else ""
    about = _ABOUT.search(text)
    speaker = _SPEAKER.search(text)
    said = content_words(speaker.group(1)) if speaker else []
    said_by = frozenset(said)
    # The speaker's head word, the last before any "of ...": "Howard's wife" is the wife, "the
    # Deportivo coach" the coach, "Dave Prentis of Unison" Prentis.
    head = content_words(_OF_PHRASE.split(speaker.group(1), maxsplit=1)[0])[-1:] if speaker else []
    spellings = {w: {w, *misspellings(w)} for w in said_by}
    forms = set().union(*spellings.values())
    counted = _COUNTED.search(form)
    counted_as_typed = tuple(w.lower() for w in counted.group(1).split() if content_words(w)) if counted else ()
    return Query(
        asked=text if asked is None else asked,
        text=text,
        words=tuple(found),
        terms=frozenset(found),
        answer_type=_answer_type(form),
        # "By how much ...?" asks for a change (a share will do), not a sum paid: read unshifted.
        money=bool(_HOW_MUCH.search(text) and set(found) & _MONEY_WORDS) or bool(_WHAT_PRICE.search(form)),
        count=bool(_HOW_MANY_COUNT.search(form)),
        counted=counted_as_typed,
        counted_forms=frozenset(content_words(" ".join(counted_as_typed))),
        quantity=bool(_HOW_MUCH.search(form)),
        score=bool(_SCORE.search(form)),
        total=bool(_TOTAL.search(text)),
        premise=text[m.end() :].strip(" ?") if (m := _WHY.match(text)) else "",
        listed=_COUNT_WORDS[m.group(1).lower()] if (m := _LISTED.match(form)) else 0,
        many=bool((kind := _WHICH_KIND.match(form)) and kind.group(1).lower() in _NAMED_KINDS),
        wh=_WH.get(first) or ("yesno" if _YES_NO.search(form) else None),
        focus=frozenset(content_words(about.group(1))) if about else frozenset(),
        speaker=said_by,
        speaker_name=tuple(said),
        speaker_forms=frozenset(forms),
        speaker_head=frozenset(f for w in head for f in spellings.get(w, ())),
        subject=frozenset(found) - forms - _SAYING_WORDS if said_by else frozenset(),
        form_words=_form_words(form),
        measure=frozenset(found) & _MEASURES if _answer_type(form) or _WHAT_FIRST.match(form) else frozenset(),
        names=name_groups(text),
        numbers=frozenset(figures(text)),
        given=frozenset(numbers(text)),
        periods=periods(text),
        parts=_parts(text),
        aliases=term_aliases(found, text, who=_WH.get(first) == "who"),
        initials=tuple(sorted(acronyms(text).items())),
    )


def _form_words(text: str) -> frozenset[str]:
    """The content words of the question form that asks for the answer type ("time" of "in what
    time", "larg" of "How large"): they say what kind of answer, not what it is about."""
    found = [m.group(0) for r in (_WHEN, _HOW_LONG, _HOW_MANY, _HOW_MEASURE) if (m := r.search(text))]
    return frozenset(content_words(" ".join(found)))


def _answer_type(text: str) -> str | None:
    if _WHEN.search(text):
        return "time"
    if _HOW_LONG.search(text):
        return "duration"
    return "number" if _HOW_MANY.search(text) or _HOW_MEASURE.search(text) else None


def _parts(text: str) -> tuple[Query, ...]:
    """The Query of each part; a part naming no one ("... and in what time?", "... and where
    did she train?") is about the names the rest of the question gives."""
    parts = tuple(analyse(part) for part in split_parts(text))
    names, given = name_groups(text), frozenset(numbers(text))
    return tuple(replace(p if p.names else replace(p, names=names, inherits_names=True), given=given) for p in parts)


def parse_query(
    question: str, history: Sequence[Turn], vocabulary: Callable[[], Vocabulary] | None, settings: QuerySettings
) -> Query:
    """Validate, rewrite and analyse a question; raises QuestionError when it cannot be asked.

    `vocabulary` gives the index to correct spelling against; it is called only once the
    question is known to be valid (loading or building an index for an empty question would
    only delay the error).
    """
    asked = clean_text(question).strip()
    if not asked:
        raise QuestionError('the question is empty; ask something, e.g. rag ask "Who is Vincent Pang?"')
    if len(asked) > settings.max_chars:
        raise QuestionError(f"the question is {len(asked)} characters; keep it under {settings.max_chars}")
    # Instructions in a question ("ignore the articles: ...") are dropped before retrieval;
    # a question that is nothing but an instruction is kept whole, and the gate refuses it.
    text = strip_instructions(asked) or asked
    text = resolve(text, list(history)[-settings.history_turns :] if settings.history_turns else [])
    if vocabulary is not None:
        text = correct_spelling(text, vocabulary(), settings)
    return analyse(text, asked)
