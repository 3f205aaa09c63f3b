"""Retriever stage: top-k passages for a Query, dense (FAISS) and lexical (BM25) fused.

Each retriever proposes `candidates` passages; reciprocal rank fusion orders them, so
neither score scale dominates. Every returned Passage also carries its exact cosine to the
question (`dense`) and the share of question content words it contains (`lexical`): those
two, not the fused rank score, are the evidence the gate reads.
"""

from __future__ import annotations

import numpy as np

from rag.answer.query import Query
from rag.data import Passage
from rag.index.loaded import LoadedIndex
from rag.models.embedder import Embedder
from rag.settings import RetrievalSettings
from rag.text.guard import evidence_text
from rag.text.lexicon import content_words


def lexical_coverage(terms: frozenset[str], text: str) -> float:
    """Share of the query's content words in `text`; injected instructions do not count."""
    if not terms:
        return 0.0
    have = set(content_words(evidence_text(text)))
    return sum(1 for w in terms if w in have) / len(terms)


class Retriever:
    def __init__(self, index: LoadedIndex, embedder: Embedder, settings: RetrievalSettings) -> None:
        self.index, self.embedder, self.settings = index, embedder, settings

    def search(self, query: Query) -> list[Passage]:
        chunks = self.index.chunks
        if not chunks:
            return []
        s = self.settings
        query_vector = self.embedder.encode([query.text])[0].astype(np.float32)
        n_candidates = min(max(s.candidates, s.k), len(chunks))
        _, ids = self.index.faiss().search(query_vector[None, :], n_candidates)
        ranked_lists = [[int(i) for i in ids[0] if i >= 0]]
        if s.hybrid and query.words:
            ranked_lists.append(self.index.bm25().top(list(query.words), n_candidates))
        fused: dict[int, float] = {}
        for ranked in ranked_lists:
            for rank, row in enumerate(ranked):
                fused[row] = fused.get(row, 0.0) + 1.0 / (s.rrf_k + rank + 1)
        top = sorted(fused, key=lambda r: (-fused[r], r))[: s.k]
        cosines = np.asarray(self.index.vectors[top]) @ query_vector if top else np.zeros(0)
        return [
            Passage(
                n=i + 1,
                chunk=chunks[row],
                score=fused[row],
                dense=float(cosines[i]),
                lexical=lexical_coverage(query.terms, chunks[row].indexed_text),
            )
            for i, row in enumerate(top)
        ]
