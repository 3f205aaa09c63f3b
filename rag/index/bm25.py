"""Lexical index: BM25 written by bm25s, read back with NumPy.

bm25s ("lucene" scoring) saves a sparse passage x word matrix of precomputed BM25 scores in
CSC form (`data`, `indices`, `indptr` .npy files) plus `vocab.index.json`; a query's score
for each passage is the sum of its words' columns. Reading those arrays directly spares a
one-shot question the scipy import that `import bm25s` costs (~0.12 s of a ~1.5 s answer).
A test checks the rankings against bm25s's own `retrieve`. Limits: only the scoring methods
without a non-occurrence term (lucene, robertson, atire), which is what `write` produces.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from rag.errors import StoreError
from rag.index.vectors import top_rows

METHODS = ("lucene", "robertson", "atire")


def write(folder: Path, docs: list[list[str]]) -> None:
    """Index `docs` (lists of content words) with bm25s into `folder`."""
    import bm25s

    bm = bm25s.BM25(method="lucene")
    bm.index([d or ["_empty_"] for d in docs], show_progress=False)
    bm.save(str(folder))


class Lexical:
    def __init__(self, folder: Path) -> None:
        try:
            params = json.loads((folder / "params.index.json").read_text())
            self.vocab: dict[str, int] = json.loads((folder / "vocab.index.json").read_text())
            self.data = np.load(folder / "data.csc.index.npy", mmap_mode="r")
            self.indices = np.load(folder / "indices.csc.index.npy", mmap_mode="r")
            self.indptr = np.load(folder / "indptr.csc.index.npy", mmap_mode="r")
        except (OSError, ValueError) as exc:
            raise StoreError(f"{folder} is unreadable ({exc}); run `rag index --rebuild`") from None
        if params.get("method") not in METHODS:
            raise StoreError(f"{folder} uses BM25 method {params.get('method')!r}; run `rag index --rebuild`")
        self.num_docs = int(params["num_docs"])

    def _span(self, word: str) -> tuple[int, int]:
        """Where `word`'s column lies in `indices`/`data` (empty for an unknown word)."""
        t = self.vocab.get(word)
        return (0, 0) if t is None else (int(self.indptr[t]), int(self.indptr[t + 1]))

    def df(self, word: str) -> int:
        """Passages containing `word`."""
        a, b = self._span(word)
        return b - a

    def rows(self, word: str) -> np.ndarray:
        """Rows of the passages containing `word`."""
        a, b = self._span(word)
        return np.asarray(self.indices[a:b])

    def scores(self, words: list[str]) -> np.ndarray:
        out = np.zeros(self.num_docs, dtype=np.float32)
        for w in words:
            a, b = self._span(w)
            np.add.at(out, self.indices[a:b], self.data[a:b])
        return out

    def top(self, words: list[str], k: int) -> list[int]:
        """Rows of the k best-scoring passages with a positive score, best first."""
        scores = self.scores(words)
        return [int(r) for r in top_rows(scores, k) if scores[r] > 0]
