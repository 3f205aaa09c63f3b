"""Quoting: the evidence sentences that answer the question, in the article's own words.

When no sentence of the model's draft survives verification, the answer quotes the
best-ranked evidence sentence that meets the question's needs (rag.answer.relevance: the
time or amount asked for, the speaker, the names), and a second one when it ranks within
`extract_margin` of the first and meets them too (two facts asked for, or a speaker's two
statements). If no sentence meets the needs, the question is refused: a related sentence is
not an answer. Quotes are the article's own words, so they are supported by construction.
"""

from __future__ import annotations

import numpy as np

from rag.answer.evidence import Evidence, EvidenceSet
from rag.answer.query import Query
from rag.answer.relevance import meets_needs
from rag.settings import AnswerSettings


def statements(
    query: Query, evidence: EvidenceSet, scores: np.ndarray, cited: set[tuple[str, int]], settings: AnswerSettings
) -> list[Evidence]:
    """The speaker's other statements on the question's focus, best-ranked first, not yet cited."""
    from rag.answer.ranking import speaks

    found: list[Evidence] = []
    texts = {evidence.sentences[i].text for i in range(len(evidence)) if evidence.sentences[i].key in cited}
    for i in np.argsort(-scores, kind="stable"):
        e = evidence.sentences[int(i)]
        if len(found) >= settings.statements or e.key in cited or e.text in texts:
            continue
        if speaks(query, evidence, int(i)) and meets_needs(query, e.text, e.words, evidence.around(int(i))):
            found.append(e)
            texts.add(e.text)
    return sorted(found, key=lambda e: (e.passage.n, e.start))


def quotes(query: Query, evidence: EvidenceSet, scores: np.ndarray, settings: AnswerSettings) -> list[Evidence]:
    """The sentences to quote, in article order (empty: nothing answers the question)."""
    chosen: list[Evidence] = []
    texts: set[str] = set()  # the same story filed twice is quoted once
    top = None
    for i in np.argsort(-scores, kind="stable"):
        e = evidence.sentences[int(i)]
        if top is not None and (len(chosen) >= settings.extract_quotes or scores[i] < top - settings.extract_margin):
            break
        if e.text in texts or not meets_needs(query, e.text, e.words, evidence.around(int(i))):
            continue
        texts.add(e.text)
        if top is None:
            top = float(scores[i])
        chosen.append(e)
    return sorted(chosen, key=lambda e: (e.passage.n, e.start))
