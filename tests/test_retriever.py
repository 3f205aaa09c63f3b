"""Fusion of the dense and lexical lists: reciprocal rank fusion, each list's first passages kept."""

import numpy as np

from rag.answer.query import analyse
from rag.answer.retriever import Retriever
from rag.data import Chunk
from rag.settings import RetrievalSettings


class _Index:
    """Twelve passages; dense search ranks 0..11, BM25 puts passage 11 first, then 0..10."""

    passage_count = sentence_count = 12

    def dense_search(self, vector: np.ndarray, n: int) -> list[int]:
        return list(range(12))[:n]

    def lexical_search(self, words: list[str], n: int) -> list[int]:
        return [11, *range(11)][:n]

    def chunks_at(self, rows: list[int]) -> list[Chunk]:
        return [Chunk(f"a{r}", 0, 1, f"passage {r}") for r in rows]

    def sentences_in(self, row: int) -> list[tuple[int, int, int]]:
        return []


class _Embedder:
    def encode(self, texts: list[str]) -> np.ndarray:
        return np.ones((len(texts), 4), np.float32)


def _rows(reserve: int) -> list[int]:
    settings = RetrievalSettings(k=4, candidates=12, reserve=reserve, speaker_next=False)
    return [p.row for p in Retriever(_Index(), _Embedder(), settings).search(analyse("Who heads the bank?"))]


def test_a_passage_one_list_puts_first_is_kept_in_fused_order():
    # Fused, BM25's first (dense's last) loses to passages both lists rank near the top.
    assert _rows(0) == [0, 1, 2, 3]
    # Kept, it takes the last place by its fused score; the rest keep their order.
    assert _rows(1) == [0, 1, 2, 11]
