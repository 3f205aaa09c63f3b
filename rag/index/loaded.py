"""`LoadedIndex`: one generation of the index, opened for reading, and `IndexContent`, what a
generation holds before it is written.

A generation holds passages (records), the article sentences they contain (spans), one
vector per sentence and two search indexes: FAISS over the sentence vectors, BM25 over the
passages. Sentence `i` is `sentences[i] = (passage row, start, end)`: the first passage
holding it and its span in the article; passage `p` holds sentences `ranges[p][0]` up to
`ranges[p][1]` (neighbouring passages share their overlap sentence). Passage records load
into memory; arrays are memory-mapped; FAISS and BM25 open on first use, so a question that
needs only one never reads the other. Limits: records load fully (about 1 KB per passage).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rag.data import Chunk, ChunkedArticle
from rag.index import bm25
from rag.index.vectors import exact_top, tune
from rag.index.words import WordVectors


@dataclass
class IndexContent:
    chunks: list[Chunk]
    sentences: np.ndarray  # int64 [S, 3]: passage row, start, end
    ranges: np.ndarray  # int64 [P, 2]: first sentence, end
    vectors: np.ndarray  # float32 [S, dim]


def assemble(parts: list[tuple[ChunkedArticle, np.ndarray]], dim: int) -> IndexContent:
    """One index's content from its articles, each with the vectors of its sentences."""
    chunks: list[Chunk] = []
    sentences: list[tuple[int, int, int]] = []
    ranges: list[tuple[int, int]] = []
    for article, _ in parts:
        first_row, first_sentence = len(chunks), len(sentences)
        owner = [-1] * len(article.sentences)
        for row, (a, b) in enumerate(article.ranges):
            ranges.append((first_sentence + a, first_sentence + b))
            for i in range(a, b):
                if owner[i] < 0:
                    owner[i] = first_row + row
        chunks.extend(article.chunks)
        sentences.extend((owner[i], s, e) for i, (s, e) in enumerate(article.sentences))
    vectors = [v for _, v in parts if len(v)]
    return IndexContent(
        chunks,
        np.asarray(sentences, dtype=np.int64).reshape(-1, 3),
        np.asarray(ranges, dtype=np.int64).reshape(-1, 2),
        np.concatenate(vectors).astype(np.float32) if vectors else np.zeros((0, dim), np.float32),
    )


@dataclass
class LoadedIndex:
    path: Path
    manifest: dict[str, Any]
    chunks: list[Chunk]
    sentences: np.ndarray
    ranges: np.ndarray
    vectors: np.ndarray
    words: WordVectors | None = None  # None: an index from before word vectors were stored
    _faiss: Any = None
    _bm25: bm25.Lexical | None = None
    _article_rows: dict[str, list[int]] | None = None

    @property
    def index_type(self) -> str:
        return str(self.manifest["index"]["type"])

    def faiss(self) -> Any:
        if self._faiss is None:
            import faiss

            self._faiss = faiss.read_index(str(self.path / "faiss.index"))
            tune(self._faiss, self.manifest["index"])
        return self._faiss

    def bm25(self) -> bm25.Lexical:
        if self._bm25 is None:
            self._bm25 = bm25.Lexical(self.path / "bm25")
        return self._bm25

    # ---- what the answer path reads (rag.index.reader.IndexReader) --------------------------
    @property
    def passage_count(self) -> int:
        return len(self.chunks)

    @property
    def sentence_count(self) -> int:
        return len(self.sentences)

    def chunks_at(self, rows: list[int]) -> list[Chunk]:
        return [self.chunks[r] for r in rows]

    def sentences_in(self, passage: int) -> list[tuple[int, int, int]]:
        return [(r, int(self.sentences[r][1]), int(self.sentences[r][2])) for r in self.sentence_rows(passage)]

    def sentence_vectors(self, rows: list[int]) -> np.ndarray:
        return np.asarray(self.vectors[rows], dtype=np.float32).reshape(len(rows), -1)

    def dense_search(self, vector: np.ndarray, sentences: int) -> list[int]:
        n = min(sentences, self.sentence_count)
        if self.index_type == "flat":
            ids = exact_top(np.asarray(self.vectors), vector.astype(np.float32), n)
        else:
            ids = self.faiss().search(vector[None, :].astype(np.float32), n)[1][0]
        return self.passages_for(ids)

    def passages_for(self, sentence_rows: Iterable[int]) -> list[int]:
        """The passages holding these sentences, in their order, each once (FAISS pads with -1)."""
        ranked: list[int] = []
        for row in sentence_rows:
            for passage in self.passages_of(int(row)) if row >= 0 else []:
                if passage not in ranked:
                    ranked.append(passage)
        return ranked

    def lexical_search(self, words: list[str], k: int) -> list[int]:
        return self.bm25().top(words, k)

    def df(self, word: str) -> int:
        return self.bm25().df(word)

    def dfs(self, words: list[str]) -> dict[str, int]:
        return {w: self.bm25().df(w) for w in words}

    def rows_with(self, word: str, limit: int) -> list[int]:
        return [int(r) for r in self.bm25().rows(word)[:limit]]

    def sentence_rows(self, passage: int) -> range:
        first, end = self.ranges[passage]
        return range(int(first), int(end))

    def word_vectors(self, words: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those lower-cased `words` the corpus has (rag.index.words)."""
        return self.words.lookup(words) if self.words is not None else {}

    def sentence_text(self, row: int) -> str:
        passage, start, end = (int(x) for x in self.sentences[row])
        chunk = self.chunks[passage]
        return chunk.text[start - chunk.start : end - chunk.start]

    def passages_of(self, row: int) -> list[int]:
        """The passages holding sentence `row`: its first, and the next one if they overlap there."""
        first = int(self.sentences[row][0])
        nxt = first + 1
        if nxt < len(self.chunks) and self.ranges[nxt][0] <= row < self.ranges[nxt][1]:
            return [first, nxt]
        return [first]

    def copies(self, article_id: str) -> tuple[str, ...]:
        """Other files holding the same article (symlinks, the same story filed twice)."""
        return tuple(self.manifest["articles"].get(article_id, {}).get("copies", ()))

    def first_sentence(self, article_id: str) -> int:
        """The row of an article's first sentence (its headline or lead)."""
        rows = self._rows_of(article_id)
        return int(self.ranges[rows[0]][0]) if rows else 0

    def _rows_of(self, article_id: str) -> list[int]:
        if self._article_rows is None:
            self._article_rows = {}
            for row, c in enumerate(self.chunks):
                self._article_rows.setdefault(c.article_id, []).append(row)
        return self._article_rows.get(article_id, [])

    def article(self, article_id: str) -> tuple[ChunkedArticle, np.ndarray] | None:
        """An article as the chunker made it, with its sentence vectors (for reuse by an update)."""
        rows = self._rows_of(article_id)
        if not rows:
            return None
        first, end = int(self.ranges[rows[0]][0]), int(self.ranges[rows[-1]][1])
        spans = tuple((int(s), int(e)) for _, s, e in self.sentences[first:end])
        ranges = tuple((int(a) - first, int(b) - first) for a, b in self.ranges[rows])
        chunked = ChunkedArticle(tuple(self.chunks[r] for r in rows), spans, ranges)
        return chunked, np.asarray(self.vectors[first:end])
