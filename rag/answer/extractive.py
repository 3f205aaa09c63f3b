"""Extractive fallback: when no draft sentence survives, quote the best evidence sentences.

Each evidence sentence is scored by a blend of its cosine to the question and the share of
question terms it holds; only sentences from passages holding most of the question's terms
(the gate's coverage) that meet the question's needs qualify. The best one is quoted, and a
second one if it scores within `extract_margin`; if none qualifies, the answer is a refusal.
Quotes are the article's own words, so a quoted answer is supported by construction.
"""

from __future__ import annotations

from rag.answer.evidence import Evidence, EvidenceSet
from rag.answer.query import Query
from rag.answer.relevance import meets_needs
from rag.settings import AnswerSettings, GateSettings


def best_quotes(
    query: Query, evidence: EvidenceSet, settings: AnswerSettings, gate: GateSettings
) -> tuple[list[Evidence], float]:
    """The sentences to quote, in article order, and the best one's score; none if nothing qualifies."""
    terms = query.terms
    cosines = evidence.all_vectors() @ evidence.embedder.encode([query.text])[0]
    w = settings.extract_dense_weight
    scored = []
    for i, e in enumerate(evidence.sentences):
        share = len(terms & e.words) / max(len(terms), 1)
        scored.append((w * float(cosines[i]) + (1 - w) * share, i))
    scored = [
        (score, i)
        for score, i in scored
        if evidence.sentences[i].passage.lexical >= gate.min_question_coverage
        and meets_needs(
            query, evidence.sentences[i].text, evidence.sentences[i].words, evidence.sentences[i].passage_words
        )
    ]
    if not scored:
        return [], 0.0
    scored.sort(reverse=True)
    top = scored[0][0]
    best: dict[tuple[str, int], Evidence] = {}
    for score, i in scored[: settings.extract_quotes]:
        # Overlapping passages share a sentence: quote it once.
        if score >= top - settings.extract_margin:
            best.setdefault(evidence.sentences[i].key, evidence.sentences[i])
    return sorted(best.values(), key=lambda e: (e.passage.n, e.start)), top
