"""`IndexReader`: what the answer path reads of an index, whichever store holds it.

Two stores implement it: the embedded FAISS + BM25 generation folder (`rag.index.loaded`)
and Milvus (`rag.index.milvus_reader`). Rows are integers: passage rows and sentence rows.
An article's sentences have consecutive rows in its reading order, so `row - 1` is the
sentence before (within the article: check `first_sentence`). Limits: row numbers are only
meaningful for the index that produced them.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np

from rag.data import Chunk


class IndexReader(Protocol):
    manifest: dict[str, Any]

    @property
    def passage_count(self) -> int: ...

    @property
    def sentence_count(self) -> int: ...

    def chunks_at(self, rows: list[int]) -> list[Chunk]: ...

    def sentences_in(self, passage: int) -> list[tuple[int, int, int]]:
        """The sentences a passage holds: (sentence row, start, end in the article)."""
        ...

    def sentence_vectors(self, rows: list[int]) -> np.ndarray: ...

    def sentence_text(self, row: int) -> str: ...

    def word_vectors(self, words: list[str]) -> dict[str, np.ndarray]:
        """Stored vectors of the lower-cased `words` the corpus has ({} when none are stored)."""
        ...

    def first_sentence(self, article_id: str) -> int: ...

    def copies(self, article_id: str) -> tuple[str, ...]: ...

    def dense_search(self, vector: np.ndarray, sentences: int) -> list[int]:
        """Passage rows in the order of their best sentence among the `sentences` nearest."""
        ...

    def lexical_search(self, words: list[str], k: int) -> list[int]:
        """The k best BM25 passage rows with a positive score, best first."""
        ...

    def df(self, word: str) -> int:
        """Passages containing the (content) word."""
        ...

    def dfs(self, words: list[str]) -> dict[str, int]:
        """`df` of many words in one lookup."""
        ...

    def rows_with(self, word: str, limit: int) -> list[int]:
        """Up to `limit` passage rows containing the word."""
        ...
