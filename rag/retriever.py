"""Retriever stage: top-k passages for a question, dense (FAISS) and lexical (BM25) fused.

Each retriever proposes `candidates` passages; reciprocal rank fusion (k=60) orders them,
so neither score scale dominates. Every returned Passage also carries its exact cosine to
the question (`dense`) and the share of question content words it contains (`lexical`):
those two, not the fused rank score, are the evidence the refusal check reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from rag.data import Passage
from rag.embedder import Embedder
from rag.store import LoadedIndex
from rag.text import content_words, evidence_text, one_edit

RRF_K = 60


@dataclass(frozen=True)
class RetrievalSettings:
    k: int = 3
    candidates: int = 20
    hybrid: bool = True


def lexical_coverage(query_words: list[str], text: str) -> float:
    """Share of the query's content words in `text`; injected instructions do not count."""
    if not query_words:
        return 0.0
    have = set(content_words(evidence_text(text)))
    return sum(1 for w in set(query_words) if w in have) / len(set(query_words))


_RAW_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


class Retriever:
    def __init__(self, index: LoadedIndex, embedder: Embedder, settings: RetrievalSettings) -> None:
        self.index, self.embedder, self.settings = index, embedder, settings

    def correct_spelling(self, query: str) -> str:
        """Replace a misspelt name or long word with the one corpus word one edit away.

        Only names (capitalised, not first, 3+ letters) and words of 7+ letters are touched.
        A name is only replaced by a corpus word that is itself a name somewhere in the
        corpus ("Ros" -> "Ross", not "rose"), written as the corpus writes it. The replacement
        must be the clear choice: the only candidate, or in more passages than any other.
        Short common words ("charge") are left alone: they have real neighbours ("change")
        that a guess would confuse.
        """
        lex = self.index.bm25()
        vocab, df = lex.vocab, lex.df
        out = query
        for i, m in enumerate(_RAW_WORD.finditer(query)):
            raw = m.group(0)
            stems = content_words(raw)
            if len(stems) != 1 or stems[0] in vocab or len(stems[0]) < 3:
                continue
            name = raw[0].isupper() and i > 0
            if not (name or len(raw) >= 7):
                continue
            near = [w for w in one_edit(stems[0]) if w in vocab and len(w) >= (3 if name else 4)]
            spelt = {w: self._as_name(w) for w in near} if name else {w: w for w in near}
            near = sorted((w for w in near if spelt[w]), key=df, reverse=True)
            # One neighbour, or one clearly more common than the rest (a name vs. a typo of it).
            if len(near) == 1 or (len(near) > 1 and df(near[0]) > df(near[1])):
                out = out.replace(raw, spelt[near[0]], 1)
        return out

    def _as_name(self, word: str, look: int = 5) -> str | None:
        """`word` as the corpus capitalises it mid-sentence ("ross" -> "Ross"), if it ever does."""
        pattern = re.compile(rf"(?<![.!?“\"]\s)(?<=\s){re.escape(word[0].upper() + word[1:])}\w*")
        for row in self.index.bm25().rows(word)[:look]:
            found = pattern.search(self.index.chunks[int(row)].text)
            if found:
                return found.group(0)
        return None

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
        return self.index.bm25().top(qwords, n)
