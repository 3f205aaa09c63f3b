"""`MilvusIndex`: an index in Milvus, opened for reading by the answer path
(rag.index.reader.IndexReader), fetching only the rows a question needs.

Dense search runs over the sentence vectors, lexical search through Milvus's own BM25 over
the passages' content words (the words the folder store's BM25 indexes), each one call;
the two rankings are fused by the retriever with the same reciprocal-rank fusion as for
FAISS (Milvus's hybrid_search fuses fields of one collection, and our dense hits are
sentences while lexical hits are passages). Passages and sentences are fetched by row and
cached for the life of the reader. Limits: a reader sees rows as they are when fetched; an
update running at the same time may show a question half of an article being replaced.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from rag.data import Chunk
from rag.index import milvus_schema as schema
from rag.index import milvus_words
from rag.index.manifest import chunk_from_dict

SEARCH_LIMIT = 16_384  # Milvus's largest topk


class MilvusIndex:
    def __init__(self, client: Any, names: schema.Names, found: dict[str, Any], uri: str) -> None:
        self.client, self.names, self.uri = client, names, uri
        self.manifest = found
        self.path = uri
        self._chunks: dict[int, tuple[Chunk, tuple[int, int]]] = {}
        self._sentences: dict[int, dict[str, Any]] = {}
        self._articles: dict[str, dict[str, Any]] = {}
        self._df: dict[str, int] = {}
        self._has_words: bool | None = None
        with schema.errors(uri):
            self._passage_count = self._count(names.passages)
            self._sentence_count = self._count(names.sentences)

    def _count(self, collection: str) -> int:
        return int(self.client.query(collection, filter="", output_fields=["count(*)"])[0]["count(*)"])

    @property
    def index_type(self) -> str:
        return "milvus"

    @property
    def passage_count(self) -> int:
        return self._passage_count

    @property
    def sentence_count(self) -> int:
        return self._sentence_count

    # ---- rows ------------------------------------------------------------------------------
    def _fetch_passages(self, rows: list[int]) -> None:
        missing = [r for r in rows if r not in self._chunks]
        if missing:
            with schema.errors(self.uri):
                for row in self.client.get(self.names.passages, ids=missing, output_fields=["record"]):
                    record = row["record"]
                    self._chunks[int(row["id"])] = (chunk_from_dict(record), tuple(record["sentences"]))

    def _fetch_sentences(self, rows: list[int]) -> None:
        missing = [r for r in rows if r not in self._sentences]
        if missing:
            fields = ["start", "end", "text", "vector", "passages"]
            with schema.errors(self.uri):
                for row in self.client.get(self.names.sentences, ids=missing, output_fields=fields):
                    self._sentences[int(row["id"])] = row

    def chunks_at(self, rows: list[int]) -> list[Chunk]:
        self._fetch_passages(rows)
        return [self._chunks[r][0] for r in rows]

    def sentences_in(self, passage: int) -> list[tuple[int, int, int]]:
        self._fetch_passages([passage])
        first, end = self._chunks[passage][1]
        rows = list(range(first, end))
        self._fetch_sentences(rows)
        return [(r, int(self._sentences[r]["start"]), int(self._sentences[r]["end"])) for r in rows]

    def sentence_vectors(self, rows: list[int]) -> np.ndarray:
        self._fetch_sentences(rows)
        if not rows:
            return np.zeros((0, int(self.manifest["embedder"]["dim"])), np.float32)
        return np.asarray([self._sentences[r]["vector"] for r in rows], dtype=np.float32)

    def sentence_text(self, row: int) -> str:
        self._fetch_sentences([row])
        found = self._sentences.get(row)
        return str(found["text"]) if found else ""

    def _article(self, article_id: str) -> dict[str, Any]:
        if article_id not in self._articles:
            with schema.errors(self.uri):
                rows = self.client.get(self.names.articles, ids=[article_id], output_fields=["record"])
            self._articles[article_id] = rows[0]["record"] if rows else {}
        return self._articles[article_id]

    def first_sentence(self, article_id: str) -> int:
        return int(self._article(article_id).get("sentences", [0])[0])

    def word_vectors(self, words: list[str]) -> dict[str, np.ndarray]:
        # An index from before word vectors were stored has no collection: words are encoded when asked.
        if self._has_words is None:
            with schema.errors(self.uri):
                self._has_words = bool(self.client.has_collection(self.names.words))
        if not self._has_words:
            return {}
        with schema.errors(self.uri):
            return milvus_words.lookup(self.client, self.names, words)

    def copies(self, article_id: str) -> tuple[str, ...]:
        return tuple(self._article(article_id).get("copies", ()))

    # ---- search ----------------------------------------------------------------------------
    def dense_search(self, vector: np.ndarray, sentences: int) -> list[int]:
        limit = min(sentences, self._sentence_count, SEARCH_LIMIT)
        if limit <= 0:
            return []
        with schema.errors(self.uri):
            hits = self.client.search(
                self.names.sentences,
                data=[np.asarray(vector, np.float32).tolist()],
                anns_field="vector",
                limit=limit,
                output_fields=["passages"],
                search_params={"metric_type": "IP"},
            )[0]
        ranked: list[int] = []
        for hit in hits:
            for passage in hit["entity"]["passages"]:
                if passage not in ranked:
                    ranked.append(int(passage))
        return ranked

    def lexical_search(self, words: list[str], k: int) -> list[int]:
        words = [w for w in words if len(w) <= schema.WORD_CHARS]
        limit = min(k, self._passage_count, SEARCH_LIMIT)
        if not words or limit <= 0:
            return []
        with schema.errors(self.uri):
            hits = self.client.search(
                self.names.passages,
                data=[" ".join(map(schema.milvus_word, words))],
                anns_field="sparse",
                limit=limit,
                output_fields=[],
                search_params={"metric_type": "BM25"},
            )[0]
        # Milvus Lite reports a BM25 match as a negative distance (best first either way).
        return [int(hit["id"]) for hit in hits if hit["distance"] != 0]

    def dfs(self, words: list[str]) -> dict[str, int]:
        missing = sorted({w for w in words if w not in self._df and len(w) <= schema.WORD_CHARS})
        for at in range(0, len(missing), schema.FILTER_VALUES):
            part = missing[at : at + schema.FILTER_VALUES]
            with schema.errors(self.uri):
                found = self.client.get(self.names.terms, ids=part, output_fields=["df"])
            self._df.update(dict.fromkeys(part, 0))
            self._df.update({row["id"]: int(row["df"]) for row in found})
        return {w: self._df.get(w, 0) for w in words}

    def df(self, word: str) -> int:
        return self.dfs([word])[word]

    def rows_with(self, word: str, limit: int) -> list[int]:
        """Passages holding the word, best BM25 first (the folder store gives them in row order)."""
        return self.lexical_search([word], limit)
