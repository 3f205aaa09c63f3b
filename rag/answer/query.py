"""Query stage: a question becomes one `Query` record, parsed once, which flows forward.

Parsing: validate (empty, too long) -> drop instruction clauses ("ignore the articles: ...")
-> resolve chat follow-ups ("he", "it") -> correct misspelt names and long words against the
index vocabulary -> analyse what the question asks for, its names, figures and periods, and
its parts. The patterns that read the wording live in rag.answer.wording. The cues:
- Answer type: "when/what (or which) year/what date" wants a time, "how many/how much/what percentage",
  "how big/old/far ...", "what price/height/time/age ..." and "what was the score" a number
  ("what price" a sum of money), "how long" a duration (a figure or a span: "a few weeks"); a
  sentence without one does not answer the question, however well supported.
  "How much" with a word of paying, costing or worth wants a sum of money (`money`): "three
  days" or "23 people" is no answer to "How much is the LTA paying Connors?". Any "how
  much" wants a quantity (`quantity`: a sum, a share or a measure, "965,000 tonnes"), never a
  count of things ("23 people"). "How many"
  wants a count (`count`): a sum, a share, a year or a model number ("Commodore 64") is none.
- Score and total: "What was the score ...?", "By what margin ...?" want a result ("45-6",
  not "nine Wallabies"); "in total", "altogether" want a total, not one period's figure.
- Premise: what "Why did X ...?" takes as given, "X ...": a sentence stating it the other way
  round ("Why did AT&T buy SBC?" against "SBC agreed to buy AT&T") or by its opposite ("Why
  did Chelsea lose?" against "Chelsea's win") makes it false.
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

from rag.answer import wording
from rag.answer.followup import Turn, resolve
from rag.answer.spelling import Vocabulary, correct_spelling
from rag.errors import QuestionError
from rag.settings import QuerySettings
from rag.text.amounts import figures, numbers, periods
from rag.text.forms import acronyms, term_aliases
from rag.text.guard import clean_text, strip_instructions
from rag.text.lexicon import content_words, name_groups, one_edit

# Names this long are matched at one edit too: reporters misspell them ("Pang", "Pango").
_MISSPELT_FROM = 4
# A letter swapped for another only in names this long: in a shorter one it makes another
# word as often as a misspelling ("Mike" -> "make", "Owen" -> "open", "boss" -> "loss").
_SWAPPED_FROM = 6


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
    title: str = ""  # "Who is the Royal Mail spokeswoman?": the title whose holder is asked (stemmed)
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
_TWO_WH = re.compile(rf"^\s*({wording.WH_WORDS})\s+and\s+({wording.WH_WORDS})\b(.*)$", re.I | re.S)
# "How many were created, and how many were lost?": a second question after "and", perhaps
# behind a preposition ("Who beat Greene, and in what time?", "... and with what share?").
_PREPOSITIONS = "in|with|at|by|for|from|to|on|of"
_AND_WH = re.compile(
    rf"^(.*?\w.*?)(?:,\s*|\s+)and\s+(?:(?:{_PREPOSITIONS})\s+)?((?:{wording.WH_WORDS})\b.*)$", re.I | re.S
)


def split_parts(text: str) -> tuple[str, ...]:
    """The two questions of a two-part question, or () for a question that asks one thing."""
    two = _TWO_WH.match(text)
    if two:
        first, second, rest = two.groups()
        return (f"{first}{rest}", f"{second}{rest}")
    joined = _AND_WH.match(text)
    opens = joined.group(1).strip().split(maxsplit=1)[0].lower() if joined else ""
    if joined and opens in wording.WH_WORDS.split("|") and content_words(joined.group(2)):
        return (joined.group(1).strip(), joined.group(2).strip())
    return ()


# "By how much ...?", "On what date ...?", "With how many ...?", "From which company ...?": the
# question word behind a preposition asks what it asks without one.
_LEADING_PREPOSITION = re.compile(
    rf"^\s*(?:by|in|at|for|from|to|on|of|with|since|during)\s+(?=(?:{wording.WH_WORDS})\b)", re.I
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
    about = wording.ABOUT.search(text)
    speaker = wording.SPEAKER.search(text)
    said = content_words(speaker.group(1)) if speaker else []
    said_by = frozenset(said)
    # The speaker's head word, the last before any "of ...": "Howard's wife" is the wife, "the
    # Deportivo coach" the coach, "Dave Prentis of Unison" Prentis.
    head = content_words(wording.OF_PHRASE.split(speaker.group(1), maxsplit=1)[0])[-1:] if speaker else []
    spellings = {w: {w, *misspellings(w)} for w in said_by}
    forms = set().union(*spellings.values())
    counted = wording.COUNTED.search(form)
    counted_as_typed = tuple(w.lower() for w in counted.group(1).split() if content_words(w)) if counted else ()
    return Query(
        asked=text if asked is None else asked,
        text=text,
        words=tuple(found),
        terms=frozenset(found),
        answer_type=wording.answer_type(form),
        # "By how much ...?" asks for a change (a share will do), not a sum paid: read unshifted.
        money=wording.asks_money(text, found) or bool(wording.WHAT_PRICE.search(form)),
        count=bool(wording.HOW_MANY_COUNT.search(form)),
        counted=counted_as_typed,
        counted_forms=frozenset(content_words(" ".join(counted_as_typed))),
        quantity=bool(wording.HOW_MUCH.search(form)),
        score=bool(wording.SCORE.search(form)),
        total=bool(wording.TOTAL.search(text)),
        premise=text[m.end() :].strip(" ?") if (m := wording.WHY.match(text)) else "",
        listed=wording.COUNT_WORDS[m.group(1).lower()] if (m := wording.LISTED.match(form)) else 0,
        many=bool((kind := wording.WHICH_KIND.match(form)) and kind.group(1).lower() in wording.NAMED_KINDS),
        wh=wording.WH.get(first) or ("yesno" if wording.YES_NO.search(form) else None),
        title=wording.asked_title(form),
        focus=frozenset(content_words(about.group(1))) if about else frozenset(),
        speaker=said_by,
        speaker_name=tuple(said),
        speaker_forms=frozenset(forms),
        speaker_head=frozenset(f for w in head for f in spellings.get(w, ())),
        subject=frozenset(found) - forms - wording.SAYING_WORDS if said_by else frozenset(),
        form_words=wording.form_words(form),
        measure=frozenset(found) & wording.MEASURES
        if wording.answer_type(form) or wording.WHAT_FIRST.match(form)
        else frozenset(),
        names=name_groups(text),
        numbers=frozenset(figures(text)),
        given=frozenset(numbers(text)),
        periods=periods(text),
        parts=_parts(text),
        aliases=term_aliases(found, text, who=wording.WH.get(first) == "who"),
        initials=tuple(sorted(acronyms(text).items())),
    )


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
