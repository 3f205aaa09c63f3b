"""Does a supported sentence answer the question, not just its topic? (part of verification)

`meets_needs` applies the Query's needs (see rag.answer.query): the time or amount asked
for in the sentence itself (a sum of money when "how much" asks what was paid or cost, for
any other "how much" a sum, a share or a measure, a count of things for "how many"); the
focus of "what did X say about Y" in the sentence or its evidence (for X talking, in what it
refers back to or the article's lead); the speaker, every name
and every figure of the question ("the 78th awards", "in 2005") and the measure asked for in
the sentence or what it refers back to (the sentence before, the headline; for a name or a
figure, also the article's lead: "... at the 2005 Bafta film awards" dates a later "Jamie Foxx
won best actor"; a nationality alone, "Which French company ...?", need not be
written, and a country may go by another of its names, "America" by "the US"). A sentence
about the 77th awards does not answer a question about the 78th, however close the rest. "Who
is the R?" needs someone named with the title R (rag.text.roles.holds_title).
`relevant` asks that the sentence and its evidence hold enough of the question's terms:
true but beside the point ("asked when, says what") is not an answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import TYPE_CHECKING

from rag.answer.query import Query
from rag.answer.structure import order
from rag.answer.subjects import holds_name, new_names, opens_with_another, others_named, own_clauses
from rag.text.amounts import (
    figures,
    has_amount,
    has_count,
    has_duration,
    has_money,
    has_score,
    has_time,
    periods,
    states_total,
    without_figures,
)
from rag.text.forms import held_terms
from rag.text.lexicon import DEMONYMS
from rag.text.quantity import UNITS, counts_asked, has_quantity
from rag.text.relations import contradicts
from rag.text.roles import holds_title

if TYPE_CHECKING:
    from rag.answer.evidence import EvidenceSet


def sentence_meets_needs(query: Query, evidence: EvidenceSet, i: int) -> bool:
    """`meets_needs` for evidence sentence i itself, read with its context and its article's lead."""
    e = evidence.sentences[i]
    # "He argued growth was picking up" gives the reason for what the sentence it goes back to
    # says: after "Tucker voted for a rise" it does not answer "Why did Tucker vote for a cut?".
    if query.premise and contradicts(query.premise, evidence.referred_back(i)):
        return False
    return meets_needs(query, e.text, e.words, evidence.around(i), evidence.topic(i), evidence.own(i))


def meets_a_parts_needs(query: Query, evidence: EvidenceSet, i: int) -> bool:
    """`sentence_meets_needs` for the question, or for one part of a two-part question: "How
    many users in October, and how many subscribers in January 2003?" is rarely answered in
    one sentence, and the part left open gets a quote of its own (extractive.complement)."""
    return sentence_meets_needs(query, evidence, i) or any(sentence_meets_needs(p, evidence, i) for p in query.parts)


# What each answer type (Query.answer_type) needs the sentence itself to state.
_ANSWER_TYPES = {"time": has_time, "number": has_amount, "duration": has_duration}


def states_answer_type(answer_type: str, text: str, given: Iterable[str] = ()) -> bool:
    """Does `text` state what the answer type asks for (a time, an amount, a duration)? An
    amount or a duration must be another than the question's own figures (`given`, digit
    groups): "the men's 60m" gives no time for "Who won the 60m, and in what time?"."""
    return _ANSWER_TYPES[answer_type](text if answer_type == "time" else without_figures(text, given))


def states_result(query: Query, text: str) -> bool:
    """For "What was the score ...?", does `text` state a result ("45-6"), not the question's own
    figures? "nine Wallabies" is an amount, not a score. True for any other question."""
    return not query.score or has_score(without_figures(text, query.given))


def meets_needs(
    query: Query,
    text: str,
    words: Set[str],
    around: Set[str],
    topic: Set[str] = frozenset(),
    own: Set[str] | None = None,
) -> bool:
    """`text` is the sentence shown (it must itself carry the time or number asked for),
    `words` its content words with its evidence sentence's (the focus must be there),
    `around` those of the evidence sentence and its context (the speaker must be there:
    "He added ..." after a sentence about Pang is Pang speaking), and `topic` those of its
    article's lead, where the question's names may be instead (EvidenceSet.topic). `own`
    (EvidenceSet.own), when given, is what a sentence naming its own subject holds without the
    sentences before it: if it opens with a name the question does not hold, the figure or time
    asked for is that name's, and the question's names must be there or in the lead."""
    # A figure in a clause with a subject of its own is that subject's: "Meet the Fockers pushed
    # Closer off the top spot while ... Assault On Precinct 13 ... made £750,000".
    stated = own_clauses(query, text) if query.answer_type and query.names else text
    if query.answer_type and not states_answer_type(query.answer_type, stated, query.given):
        return False
    if query.money and not has_money(stated):
        return False
    # "How many concert tickets ...?" is not answered by "15 days in prison": a count must count
    # what is asked, or name nothing it counts ("52 were recovered").
    # The question's own figures count nothing: "Halo 2 has proved popular" for "How many
    # copies has Halo 2 sold?".
    if query.count:
        rest = without_figures(stated, query.given)
        unit = bool(UNITS.intersection(query.counted))  # "How many tonnes ...?" wants tonnes named
        if not (counts_asked(rest, query.counted_forms, unit) if query.counted_forms else has_count(rest)):
            return False
    if query.quantity and not has_quantity(stated):
        return False
    if not states_result(query, stated):
        return False
    # "Why did AT&T decide to buy SBC?" is not answered by "SBC agreed to buy AT&T": a premise
    # stated the other way round is false.
    if query.premise and (order(query.premise, text) or contradicts(query.premise, text)):
        return False
    # "How much has White Noise made in total?" is not answered by one weekend's "$24m".
    if query.total and not states_total(stated):
        return False
    # "Who ...?" and "Where ...?" want a name the question does not already hold.
    if query.wh in ("who", "where") and not query.answer_type and not new_names(query, text):
        return False
    # "Who is the Royal Mail spokeswoman?" is not answered by "A spokeswoman for Royal Mail said".
    if query.title and not names_title_holder(query, text):
        return False
    if query.speaker:
        said = query.speaker_forms & around
        # Not there, or only inside another name: "Ms Roche, MP for Wood Green" is not Sir Andrew Green.
        if not said or said <= others_named(query, text):
            return False
    if query.measure and not query.measure <= terms_held(query, words):
        return False
    # A name the question holds is there, or, for the speaker, a misspelling of it ("Pango").
    # A nationality alone ("Which French company ...?") describes and need not be written: the
    # answer names the company, and the story may say "France" or nothing of it.
    # A sentence naming another subject of its own gives its figures to that one: "The Aviator
    # came third with ... a total of $42.9m", after a sentence on White Noise, is the Aviator's.
    # Read for figures and times only: "A first Grand Slam since Karl Mullen led the team ..."
    # still names who led Ireland, which the sentence before names.
    figure = query.answer_type is not None
    named = own if own is not None and figure and query.names and opens_with_another(query, text) else around
    for name in query.names:
        if name <= DEMONYMS:
            continue
        if not (
            holds_name(name, named | topic, query.initials) or (name & query.speaker and query.speaker_forms & around)
        ):
            return False
    # Figures of the question, those inside names too ("U2" holds a 2, met by "U2" itself), and
    # spelled ordinals: "the third bid" is not met by a sentence on the second. The lead may give
    # them, as it gives names. Read only when the question has one: this runs for every sentence.
    if query.numbers and not query.numbers <= {d for w in around | topic for d in figures(w)} | figures(text):
        return False
    # A sentence about another year or season than the one asked ("Last year's awards, held in
    # Edinburgh" for "Where were the awards held this year?") answers another question.
    if query.periods and (stated := periods(text)):
        asked_units = {unit for _, unit in query.periods}
        if not stated & query.periods and {unit for _, unit in stated} & asked_units:
            return False
    if not query.focus or query.focus & words:
        return True
    # The speaker talking may say "the move" for the focus the sentence before names, or leave
    # it to the story: '"We now have absolute freedom to design our own future," said Fiat
    # chief executive Sergio Marchionne' in a story on the GM deal is about the deal.
    return bool(query.speaker_forms & around and query.focus & (around | topic))


def names_title_holder(query: Query, text: str) -> bool:
    """Does `text` name someone with the title "Who is the R?" asks, or one standing for it?"""
    return holds_title(text, query.title, query.terms, query.aliases.get(query.title, frozenset()))


def terms_held(query: Query, words: Set[str], terms: Iterable[str] | None = None) -> set[str]:
    """The question's terms (or those of them in `terms`) `words` hold; for "who", which asks
    for the doer, a doer noun holds its verb ("director" for "Who directed ...?"). The ranker,
    the gate, `relevant` and the asked-words check all read terms through this, so they agree
    on what a sentence holds."""
    return held_terms(query.terms if terms is None else terms, words, doers=query.wh == "who", aliases=query.aliases)


def relevant(query: Query, words: Set[str], min_share: float) -> bool:
    """Do a sentence and its evidence (`words`) hold `min_share` of the question's terms?"""
    return not query.terms or len(terms_held(query, words)) / len(query.terms) >= min_share
