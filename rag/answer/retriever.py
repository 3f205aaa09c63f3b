"""Retriever stage: top-k passages for a Query, dense (FAISS) and lexical (BM25) fused.

Dense search runs over sentence vectors: a passage ranks by its best-matching sentence, so a
question meets the one sentence that answers it instead of a passage-wide average (bbc_dev
recall@3 0.79 with passage vectors, 0.85 with sentences). BM25 runs over passages (their
headers included). Each retriever proposes `candidates` passages; reciprocal rank fusion
orders them, so neither score scale dominates. Every returned Passage also carries its best
sentence's exact cosine to the question (`dense`) and the share of question content words it
contains (`lexical`): those two, not the fused rank score, are the evidence the gate reads.
For "what did X say", the passage after each one naming X is added (`speaker_next`): a run of
X's quotes goes on past a passage's end ("The goal was a bad mistake ..." three quotes after
"Deportivo coach Javier Irureta said:").
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from rag.answer.query import Query
from rag.data import Chunk, Passage
from rag.index.reader import IndexReader
from rag.models.embedder import Embedder
from rag.settings import RetrievalSettings
from rag.text.guard import evidence_text
from rag.text.lexicon import content_words, holds_run


def lexical_coverage(terms: frozenset[str], text: str) -> float:
    """Share of the query's content words in `text`; injected instructions do not count."""
    if not terms:
        return 0.0
    have = set(content_words(evidence_text(text)))
    return sum(1 for w in terms if w in have) / len(terms)


class Retriever:
    def __init__(self, index: IndexReader, embedder: Embedder, settings: RetrievalSettings) -> None:
        self.index, self.embedder, self.settings = index, embedder, settings

    def embed(self, query: Query) -> Query:
        """The query with its vector (encoded once, read by every later stage)."""
        if query.vector is not None:
            return query
        return replace(query, vector=self.embedder.encode([query.text])[0].astype(np.float32))

    def search(self, query: Query) -> list[Passage]:
        index, s = self.index, self.settings
        if not index.passage_count or not index.sentence_count:
            return []
        query = self.embed(query)
        vector = query.vector
        assert vector is not None
        n_candidates = min(max(s.candidates, s.k), index.passage_count)
        ranked_lists = [index.dense_search(vector, n_candidates * s.sentence_hits)[:n_candidates]]
        if s.hybrid and query.words:
            ranked_lists.append(index.lexical_search(list(query.words), n_candidates))
        fused: dict[int, float] = {}
        for ranked in ranked_lists:
            for rank, row in enumerate(ranked):
                fused[row] = fused.get(row, 0.0) + 1.0 / (s.rrf_k + rank + 1)
        ordered = sorted(fused, key=lambda r: (-fused[r], r))
        # Each retriever's first few passages are kept, in fused order: fusion drowns a passage
        # only one retriever finds, however sure it is.
        chosen = {row for ranked in ranked_lists for row in ranked[: s.reserve]}
        for row in ordered:
            if len(chosen) >= s.k:
                break
            chosen.add(row)
        top = [r for r in ordered if r in chosen][: s.k]
        chunks = index.chunks_at(top)
        if s.speaker_next and query.speaker_name:
            more = self._speaker_next(query, top, chunks)
            top, chunks = top + list(more), chunks + list(more.values())
        return [
            Passage(
                n=i + 1,
                chunk=chunk,
                score=fused.get(row, 0.0),  # a speaker's next passage was no candidate
                dense=self._best_cosine(row, vector),
                lexical=lexical_coverage(query.terms, chunk.indexed_text),
                row=row,
            )
            for i, (row, chunk) in enumerate(zip(top, chunks, strict=True))
        ]

    def _speaker_next(self, query: Query, top: list[int], chunks: list[Chunk]) -> dict[int, Chunk]:
        """The passages (row -> chunk) just after those naming "what did X say"'s X in full, of the
        same article, not already found: a speaker's quotes run on past a passage's end."""
        wanted: dict[int, str] = {}  # next row -> the article it must belong to
        for row, chunk in zip(top, chunks, strict=True):
            nxt = row + 1
            if nxt in top or nxt in wanted or nxt >= self.index.passage_count:
                continue
            if holds_run(content_words(chunk.text), query.speaker_name):
                wanted[nxt] = chunk.article_id
        if not wanted:
            return {}
        # One read of the index for all of them (a round trip each for the Milvus reader).
        rows = list(wanted)
        return {r: c for r, c in zip(rows, self.index.chunks_at(rows), strict=True) if c.article_id == wanted[r]}

    def _best_cosine(self, passage: int, vector: np.ndarray) -> float:
        rows = [r for r, _, _ in self.index.sentences_in(passage)]
        return float(np.max(self.index.sentence_vectors(rows) @ vector)) if rows else 0.0
