"""Retriever stage: top-k passages for a question, dense (FAISS) and lexical (BM25) fused.

Each retriever proposes `candidates` passages; reciprocal rank fusion (k=60) orders them,
so neither score scale dominates. Every returned Passage also carries its exact cosine to
the question (`dense`) and the share of question content words it contains (`lexical`):
those two, not the fused rank score, are the evidence the refusal check reads.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rag.data import Passage
from rag.embedder import Embedder
from rag.store import LoadedIndex
from rag.text import content_words

RRF_K = 60


@dataclass(frozen=True)
class RetrievalSettings:
    k: int = 4
    candidates: int = 20
    hybrid: bool = True


def lexical_coverage(query_words: list[str], text: str) -> float:
    if not query_words:
        return 0.0
    have = set(content_words(text))
    return sum(1 for w in set(query_words) if w in have) / len(set(query_words))


class Retriever:
    def __init__(self, index: LoadedIndex, embedder: Embedder, settings: RetrievalSettings) -> None:
        self.index, self.embedder, self.settings = index, embedder, settings

    def search(self, query: str) -> list[Passage]:
        chunks = self.index.chunks
        if not chunks:
            return []
        s = self.settings
        qvec = self.embedder.encode([query])[0].astype(np.float32)
        n_cand = min(max(s.candidates, s.k), len(chunks))
        _, ids = self.index.faiss().search(qvec[None, :], n_cand)
        ranked_lists = [[int(i) for i in ids[0] if i >= 0]]
        qwords = content_words(query)
        if s.hybrid and qwords:
            ranked_lists.append(self._bm25(qwords, n_cand))
        fused: dict[int, float] = {}
        for ranked in ranked_lists:
            for rank, row in enumerate(ranked):
                fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank + 1)
        top = sorted(fused, key=lambda r: (-fused[r], r))[: s.k]
        dense = np.asarray(self.index.vectors[top]) @ qvec if top else np.zeros(0)
        return [
            Passage(
                n=i + 1,
                chunk=chunks[row],
                score=fused[row],
                dense=float(dense[i]),
                lexical=lexical_coverage(qwords, chunks[row].indexed_text),
            )
            for i, row in enumerate(top)
        ]

    def _bm25(self, qwords: list[str], n: int) -> list[int]:
        bm = self.index.bm25()
        vocab = bm.vocab_dict
        known = [w for w in qwords if w in vocab]
        if not known:
            return []
        docs, scores = bm.retrieve([known], k=n, show_progress=False, n_threads=1)
        return [int(d) for d, sc in zip(docs[0], scores[0], strict=True) if sc > 0]
