"""Does a supported sentence answer the question, not just its topic? (part of verification)

`meets_needs` applies the Query's needs (see rag.answer.query): the time or amount asked
for in the sentence itself (a sum of money when "how much" asks what was paid or cost, for
any other "how much" a sum, a share or a measure, a count of things for "how many"); the
focus of "what did X say about Y" in the sentence or its evidence; the speaker, every name
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

import re
from collections.abc import Iterable, Set
from typing import TYPE_CHECKING

from rag.answer.query import Query
from rag.answer.structure import order
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
from rag.text.forms import country_aliases, held_terms, people_of
from rag.text.lexicon import ADDRESS_FORMS, DEMONYMS, content_words, names
from rag.text.quantity import counts_asked, has_quantity
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
    stated = _own_clauses(query, text) if query.answer_type and query.names else text
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
        if not (counts_asked(rest, query.counted_forms) if query.counted_forms else has_count(rest)):
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
    if query.wh in ("who", "where") and not query.answer_type and not _new_names(query, text):
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
    named = own if own is not None and figure and query.names and _opens_with_another(query, text) else around
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
    # The speaker's own sentence may say "the move" for the focus its passage names.
    return bool(query.speaker_forms & words and query.focus & around)


# A name this near the start of a sentence is its subject ("Martin Scorsese's biopic ...",
# "The Aviator took ..."), counted in words.
_SUBJECT_WORDS = 3
# A sentence reporting what someone said: the figure is what they said, not theirs.
_REPORTS = re.compile(r"\b(said|says|told|tells|added|according to|claimed|warned|estimated)\b")


def names_title_holder(query: Query, text: str) -> bool:
    """Does `text` name someone with the title "Who is the R?" asks, or one standing for it?"""
    return holds_title(text, query.title, query.terms, query.aliases.get(query.title, frozenset()))


def _opens_with_another(query: Query, text: str) -> bool:
    """Does `text` open with a name the question does not hold, its subject? "But the manner of
    New Zealand's 45-6 win has coach Bernard Laporte bemoaning ..." is about New Zealand, and
    "Tory spokesman Simon Burns said more than 80,000 care places ..." reports a figure that is
    not Burns's."""
    return not _REPORTS.search(text) and _opens_with_unheld(query, text, _SUBJECT_WORDS)


# A clause of its own: after ", while", "whereas" or a semicolon.
_CLAUSE = re.compile(r",?\s+(?:while|whereas)\s+|;\s+")
# Fewer words than this before a clause's first name: "police action movie Assault On Precinct
# 13", a subject with its descriptors.
_CLAUSE_SUBJECT_WORDS = 5


def _own_clauses(query: Query, text: str) -> str:
    """`text` without its later clauses that open with a name the question does not hold."""
    first, *rest = _CLAUSE.split(text)
    kept = [c for c in rest if not _opens_with_unheld(query, c, _CLAUSE_SUBJECT_WORDS, initial=True)]
    return " ".join([first, *kept])


def _opens_with_unheld(query: Query, text: str, within: int, initial: bool = False) -> bool:
    """Is the first name of `text` (`names`, with `initial` as there) fewer than `within` words
    in, and does it hold words the question does not: the text's own subject?"""
    found = names(text, initial=initial)
    return bool(found) and len(text[: found[0].start].split()) < within and bool(_unheld(query, found[0].text))


def _new_names(query: Query, text: str) -> set[str]:
    """The words of the names in `text` the question does not hold. A month or a weekday is
    capitalised, but it is neither a person nor a place."""
    return {w for n in names(text, initial=True) if not has_time(n.text) for w in _unheld(query, n.text)}


def _unheld(query: Query, run: str) -> set[str]:
    """The words of a name run the question does not hold; a nationality names no one."""
    return set(content_words(_proper(run))) - DEMONYMS - query.terms


# "Oscar-nominated", "US-based": a name made an adjective describes; it names no one.
_NAME_ADJECTIVE = re.compile(r"^[A-Z][\w'’]*-[a-z][\w-]*$")


def _proper(run: str) -> str:
    """A name run without the adjectives made of names in it ("Oscar-nominated Hotel Rwanda")."""
    return " ".join(w for w in run.split() if not _NAME_ADJECTIVE.match(w))


# Two forms of a name with a common start this long (of the shorter) are one name:
# "Cameroon" and "Cameroonian", "Palestine" and "Palestinian", "Brazil" and "Brazilian".
_NAME_ROOT_SHARE = 0.8
_NAME_ROOT_MIN = 5
_PLURAL_ACRONYM = 5  # "meps", "ceos", "dvds": longer words the stemmer already makes singular


def holds_name(name: Set[str], around: Set[str], initials: Iterable[tuple[str, Set[str]]] = ()) -> bool:
    """Is a question's name (its words) among `around`, as written or in another form of it,
    its initials among them (`initials`: the question's, Query.initials) included?"""
    if name & around:
        return True
    if any(a in around and name & words for a, words in initials):
        return True
    # Another name of the same country: "America" is held by "the US".
    if any(other <= around for other in country_aliases(frozenset(name))):
        return True
    # A country by the adjective of its people: "trademark French inconsistency" is France's.
    if people_of(frozenset(name)) & around:
        return True
    # The plural of a short name, an acronym's ("MPs", "CEOs"), is held by the name itself: the
    # stemmer leaves words this short alone.
    if any(len(a) <= _PLURAL_ACRONYM and a.endswith("s") and a[:-1] in around for a in name):
        return True
    # And the other way round: "PC" is held by "PCs".
    if any(len(b) <= _PLURAL_ACRONYM and b.endswith("s") and b[:-1] in name for b in around):
        return True
    for a in name:
        if len(a) < _NAME_ROOT_MIN:
            continue
        for b in around:
            if len(b) >= _NAME_ROOT_MIN and b[0] == a[0]:
                common = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
                if common >= _NAME_ROOT_MIN and common >= _NAME_ROOT_SHARE * min(len(a), len(b)):
                    return True
    return False


def terms_held(query: Query, words: Set[str], terms: Iterable[str] | None = None) -> set[str]:
    """The question's terms (or those of them in `terms`) `words` hold; for "who", which asks
    for the doer, a doer noun holds its verb ("director" for "Who directed ...?"). The ranker,
    the gate, `relevant` and the asked-words check all read terms through this, so they agree
    on what a sentence holds."""
    return held_terms(query.terms if terms is None else terms, words, doers=query.wh == "who", aliases=query.aliases)


def relevant(query: Query, words: Set[str], min_share: float) -> bool:
    """Do a sentence and its evidence (`words`) hold `min_share` of the question's terms?"""
    return not query.terms or len(terms_held(query, words)) / len(query.terms) >= min_share


# Words before a name that say how to address someone, not who they are.
_ADDRESS = frozenset(content_words(" ".join(ADDRESS_FORMS)))


def others_named(query: Query, text: str) -> frozenset[str]:
    """The speaker's words that `text` holds only inside someone else's name: "Green" in
    "Wood Green" for Sir Andrew Green, "Nigel" in "Nigel Gillingham" for Nigel Roberts, "Jain"
    in "Anand Jain" for Shailendra Jain: a name holding part of the speaker's name and a word
    it lacks. A speaker asked for by one word ("Blair") may be anyone who bears it."""
    full = query.speaker - _ADDRESS
    if len(full) < 2:
        return frozenset()
    clean, inside = set(), set()
    for run in names(text, initial=True):
        words = set(content_words(run.text)) - _ADDRESS
        held = words & query.speaker_forms
        if not held:
            continue
        foreign = words - query.speaker_forms
        (inside if foreign and not full <= words else clean).update(held)
    return frozenset(inside - clean)
