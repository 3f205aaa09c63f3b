"""Quoting: the evidence sentences that answer the question, in the article's own words.

When no sentence of the model's draft survives verification, the answer quotes the
best-ranked evidence sentence that meets the question's needs (rag.answer.relevance: the
time or amount asked for, the speaker, the names; for "what did X say", X speaking in it:
rag.answer.ranking.speaks) and addresses its rare asked words
(rag.answer.asked, for why and who questions or in strict mode: "resign" as written or
paraphrased), and up to two more (`complement`, `extract_quotes`; the third only from a story
already quoted) chosen for what the first leaves unanswered: it meets the needs, or those of the part of a two-part
question the first leaves open, and ranks within `extract_margin` of the first once the
question terms it adds are counted. Headlines are never quoted: the lead says what they say, in full (no gold
evidence of 339 BBC questions is a headline). If no sentence meets the needs, the question is
refused: a related sentence is not an answer. Quotes are the article's own words, so they are
supported by construction. A quote that says again what one already chosen says (the same
story filed twice) is left out. `complement` also adds to a one-sentence model answer, then
from its own story only. For a two-part question, a part no quote answers in its own words
gets the sentence ranked best for that part alone (dev3's two-sentence questions 2 -> 3 of 6);
once every part is answered, nothing from another story is added. For a question asking for
several named things ("Which MPs co-chair ...?") the second quote must name another one; for one
asking for a number of them ("Which three prizes ...?"), a first quote that restates the count
without naming as many is followed by the sentence after it, where news gives the list;
a "who" quote opening with "She" by the sentence before it, which names her.
The sentences that go with a quote (the rest of an open quotation, a list after its count,
the sentence naming a "She") are rag.answer.follow_on's; the speaker's other statements for
"what did X say" are rag.answer.statements'.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from rag.answer.asked import addresses
from rag.answer.evidence import Evidence, EvidenceSet
from rag.answer.follow_on import list_follows, named_before
from rag.answer.query import Query
from rag.answer.ranking import speaks
from rag.answer.relevance import meets_a_parts_needs, meets_needs, sentence_meets_needs, terms_held
from rag.answer.repeats import repeats
from rag.settings import AnswerSettings
from rag.text.lexicon import content_words, name_words


def quotes(
    query: Query,
    evidence: EvidenceSet,
    scores: np.ndarray,
    settings: AnswerSettings,
    idf: Callable[[str], float] = lambda w: 1.0,
    novelty_weight: float = 0.0,
    part_scores: Sequence[np.ndarray] = (),
) -> list[Evidence]:
    """The sentences to quote, in article order (empty: nothing answers the question)."""
    first = None
    for i in np.argsort(-scores, kind="stable"):
        i = int(i)
        if not evidence.is_headline(i) and meets_a_parts_needs(query, evidence, i) and addresses(query, evidence, i):
            # "What did X say?" is answered by X speaking, not by a sentence near X's name
            # ("... what Jack Straw said about Michael Howard" in Ancram's quote).
            if query.speaker and not speaks(query, evidence, i):
                continue
            first = i
            break
    if first is None:
        return []
    chosen = [first]
    listed = list_follows(query, evidence, first)
    if listed is not None:
        chosen.append(listed)
    named = named_before(query, evidence, first)
    if named is not None:
        chosen.append(named)
    while len(chosen) < settings.extract_quotes:
        # Past the second quote, only the stories already quoted: the rest of an answer is told
        # in the same story, and a third story's sentence is more often beside the point.
        more = complement(
            query,
            evidence,
            scores,
            chosen,
            settings,
            idf,
            novelty_weight,
            only_story=len(chosen) >= 2,
            part_scores=part_scores,
        )
        if more is None:
            break
        chosen.append(more)
    return sorted((evidence.sentences[i] for i in chosen), key=lambda e: (e.passage.n, e.start))


def complement(
    query: Query,
    evidence: EvidenceSet,
    scores: np.ndarray,
    chosen: list[int],
    settings: AnswerSettings,
    idf: Callable[[str], float],
    novelty_weight: float,
    top: float | None = None,
    only_story: bool = False,
    part_scores: Sequence[np.ndarray] = (),
) -> int | None:
    """The sentence to add to `chosen` (evidence numbers): the best-ranked one that meets the
    question's needs, or those of a part of it the chosen ones leave open ("where" after a
    "when"), with a bonus for the question terms it holds and they lack, weighted by rarity
    (`novelty_weight`: the ranker's own weight for question terms in a sentence's context), for
    a sentence of an article already chosen; with `only_story`, only such a sentence.
    It must come within `extract_margin` of the best score (`top`, default the first chosen's);
    None when no sentence does. The same story filed twice is added once.
    A part left open is answered first, by the ranker's scores for that part (`part_scores`,
    one array per part of `query.parts`) within `extract_margin` of that part's best: the
    sentence that ranks best for the whole question is seldom the one that answers the part
    the first quote leaves open ("... and in what time?"). A part counts as answered in a
    sentence's own words only if it holds a word of that part the other part lacks (the question
    form aside): an estate's acreage is a figure, but does not say how much it made last year. A
    part naming no one is about what the chosen story names."""
    covered = frozenset().union(*(evidence.around(i) for i in chosen))
    texts = {evidence.sentences[i].text for i in chosen}
    chosen_sentences = [evidence.sentences[i] for i in chosen]
    stories = {evidence.sentences[i].passage.chunk.article_id for i in chosen}
    lacking = query.terms - covered
    named = frozenset().union(*(name_words(evidence.sentences[i].text) for i in chosen))
    total = sum(idf(w) for w in query.terms) or 1.0
    open_parts = _unmet(query, evidence, chosen, own_words=False)
    # A part a chosen sentence answers in its own words is answered; one it meets only through
    # its context (the lead names "Lievin", the sentence gives Birmingham's height) is not.
    for k in _unmet(query, evidence, chosen, own_words=True) if len(part_scores) == len(query.parts) else ():
        found = _best(query.parts[k], evidence, part_scores[k], chosen, texts, chosen_sentences, stories, settings)
        if found is not None:
            return found
    needs = [query, *(query.parts[k] for k in open_parts)]
    best, best_score = None, -np.inf
    for j in range(len(evidence)):
        e = evidence.sentences[j]
        if (
            j in chosen
            or e.text in texts
            or evidence.is_headline(j)
            or repeats(e, chosen_sentences, settings.repeat_share)
        ):
            continue
        if not any(sentence_meets_needs(q, evidence, j) for q in needs):
            continue
        # "Which MPs ...?": another quote must name another one.
        if query.many and not name_words(e.text) - query.terms - named:
            continue
        around = evidence.around(j)
        # The rest of an answer is told in the same story: a term another article adds is no bonus.
        in_story = e.passage.chunk.article_id in stories
        # Another story may answer a part left open, never add to parts already answered.
        if not in_story and (only_story or (query.parts and not open_parts)):
            continue
        novelty = sum(idf(w) for w in lacking & around) / total if in_story else 0.0
        score = float(scores[j]) + novelty_weight * novelty
        if score > best_score:
            best, best_score = j, score
    limit = (float(scores[chosen[0]]) if top is None else top) - settings.extract_margin
    return best if best is not None and best_score >= limit else None


def dropped_parts(query: Query, evidence: EvidenceSet, shown: Sequence[str], sources: Sequence[int]) -> list[int]:
    """The sources (evidence numbers) of shown model sentences that answer, in their own words,
    a part of a two-part question no shown sentence answers in its own: the model wrote "The
    average asking price in December was £189,733" from a sentence that also gives November's,
    and "... and how much was it in November?" is left open though its answer was cited."""
    found: list[int] = []
    for part in query.parts:
        if any(meets_needs(part, t, set(content_words(t)), set(content_words(t))) for t in shown):
            continue
        for i in sources:
            e = evidence.sentences[i]
            if i not in found and meets_needs(part, e.text, e.words, e.words):
                found.append(i)
                break
    return found


def _unmet(query: Query, evidence: EvidenceSet, chosen: list[int], own_words: bool) -> list[int]:
    """The parts (numbers in `query.parts`) no chosen sentence meets, read with its context, or
    with `own_words` with its own words only."""

    # A part's own words (those the other part lacks, its names and question form aside) must be
    # there too: a figure answers "how much did it make last year?" only beside "make" or "last
    # year", not as an estate's acreage.
    own = [
        part.terms
        - frozenset().union(*(p.terms for j, p in enumerate(query.parts) if j != k), *part.names, part.form_words)
        for k, part in enumerate(query.parts)
        if own_words
    ]

    def meets(k: int, part: Query, i: int) -> bool:
        e = evidence.sentences[i]
        if own_words:
            if own[k] and not terms_held(part, e.words, own[k]):
                return False
            return meets_needs(part, e.text, e.words, e.words)
        return sentence_meets_needs(part, evidence, i)

    return [k for k, part in enumerate(query.parts) if not any(meets(k, part, i) for i in chosen)]


def _best(
    part: Query,
    evidence: EvidenceSet,
    scores: np.ndarray,
    chosen: list[int],
    texts: set[str],
    chosen_sentences: list[Evidence],
    stories: set[str],
    settings: AnswerSettings,
) -> int | None:
    """The best-ranked sentence for a part, meeting its needs, within `extract_margin` of the
    part's best score, one of a chosen story first (the rest of an answer is told in the same
    story); None when that is a chosen sentence (the part is answered) or none qualifies."""
    limit = float(scores.max()) - settings.extract_margin if len(scores) else 0.0
    ranked = [int(j) for j in np.argsort(-scores, kind="stable") if scores[int(j)] >= limit]
    ranked.sort(key=lambda j: evidence.sentences[j].passage.chunk.article_id not in stories)
    # A part naming no one is about what the chosen story names: "... and how much did it make
    # last year?" is answered by "The duchy last year generated almost £12m" in the story whose
    # first quote named the Duchy of Cornwall.
    unnamed = replace(part, names=()) if part.inherits_names else part
    for j in ranked:
        e = evidence.sentences[j]
        needs = unnamed if e.passage.chunk.article_id in stories else part
        if evidence.is_headline(j) or not sentence_meets_needs(needs, evidence, j):
            continue
        if j in chosen or e.text in texts:
            return None
        if not repeats(e, chosen_sentences, settings.repeat_share):
            return j
    return None
