"""Writing articles into the Milvus collections (rag.index.milvus): rows, word counts, records.

An article's rows are written, then the word counts, then its record, so an interrupted
write leaves the article unrecorded (redone, its stray rows removed first, by the next run).
Word counts may drift by an interrupted article's words until the next `--rebuild`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import numpy as np

from rag.data import Article, ChunkedArticle
from rag.index.manifest import IndexConfig, chunk_to_dict
from rag.index.milvus_schema import (
    FILTER_VALUES,
    INSERT_ROWS,
    MAX_CHARS,
    PLACEHOLDER,
    REMOVE_ARTICLES,
    SCHEMA_KEY,
    WORD_CHARS,
    Names,
    in_filter,
    milvus_word,
)
from rag.text.lexicon import content_words


class Writer:
    """Adds and removes whole articles; keeps the row counters and word counts in step."""

    def __init__(self, client: Any, names: Names, config: IndexConfig) -> None:
        self.client, self.names, self.config = client, names, config
        self.record = client.get(names.articles, ids=[SCHEMA_KEY], output_fields=["record"])[0]["record"]
        self.df: Counter[str] = Counter()
        self.sentences: list[dict[str, Any]] = []
        self.passages: list[dict[str, Any]] = []
        self.articles: list[dict[str, Any]] = []

    def remove(self, article_ids: list[str]) -> None:
        """Delete these articles' rows and records, and their words from the counts."""
        for at in range(0, len(article_ids), REMOVE_ARTICLES):
            ids = article_ids[at : at + REMOVE_ARTICLES]
            where = in_filter("article", ids)
            for batch in _pages(self.client, self.names.passages, where):
                for row in batch:
                    self.df.subtract(set(row["record"]["words"]))
            self.client.delete(self.names.sentences, filter=where)
            self.client.delete(self.names.passages, filter=where)
            self.client.delete(self.names.articles, ids=ids)
        self._write_terms()

    def add(self, article: Article, chunked: ChunkedArticle, vectors: np.ndarray, copies: list[str]) -> None:
        nxt = self.record["next"]
        first_p, first_s = nxt["passage"], nxt["sentence"]
        nxt["passage"] += len(chunked.chunks)
        nxt["sentence"] += len(chunked.sentences)
        holders: list[list[int]] = [[] for _ in chunked.sentences]
        for row, (a, b) in enumerate(chunked.ranges):
            for i in range(a, b):
                holders[i].append(first_p + row)
        for i, ((start, end), vector) in enumerate(zip(chunked.sentences, vectors, strict=True)):
            self.sentences.append(
                {
                    "id": first_s + i,
                    "article": article.id,
                    "passages": holders[i][:2] or [first_p],
                    "start": start,
                    "end": end,
                    "text": article.text[start:end][:MAX_CHARS],
                    "vector": np.asarray(vector, np.float32).tolist(),
                }
            )
        for row, (chunk, (a, b)) in enumerate(zip(chunked.chunks, chunked.ranges, strict=True)):
            words = [w for w in content_words(chunk.indexed_text) if len(w) <= WORD_CHARS]
            self.df.update(set(words))
            # Its distinct words too: removing the passage later takes them out of the counts.
            record = {**chunk_to_dict(chunk), "sentences": [first_s + a, first_s + b], "words": sorted(set(words))}
            text = " ".join(map(milvus_word, words)).encode()[:MAX_CHARS].decode(errors="ignore") or "_empty_"
            self.passages.append({"id": first_p + row, "article": article.id, "record": record, "words": text})
        self.articles.append(
            {
                "id": article.id,
                "vector": PLACEHOLDER,
                "record": {
                    "sha256": article.sha256,
                    "path": article.path,
                    "date": article.date,
                    "passages": [first_p, first_p + len(chunked.chunks)],
                    "sentences": [first_s, first_s + len(chunked.sentences)],
                    "copies": copies,
                },
            }
        )
        if len(self.sentences) >= INSERT_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write what is pending: counters, then rows, then word counts, then article records."""
        if not self.articles:
            return
        self.client.upsert(self.names.articles, [{"id": SCHEMA_KEY, "record": self.record, "vector": PLACEHOLDER}])
        for rows, name in ((self.sentences, self.names.sentences), (self.passages, self.names.passages)):
            for at in range(0, len(rows), INSERT_ROWS):
                self.client.insert(name, rows[at : at + INSERT_ROWS])
        self._write_terms()
        self.client.upsert(self.names.articles, self.articles)
        self.sentences, self.passages, self.articles = [], [], []

    def _write_terms(self) -> None:
        words = [w for w, n in self.df.items() if n]
        if not words:
            return
        known: dict[str, int] = {}
        for at in range(0, len(words), FILTER_VALUES):
            for row in self.client.get(self.names.terms, ids=words[at : at + FILTER_VALUES], output_fields=["df"]):
                known[row["id"]] = int(row["df"])
        rows = [{"id": w, "df": max(0, known.get(w, 0) + self.df[w]), "vector": PLACEHOLDER} for w in words]
        gone = [r["id"] for r in rows if r["df"] == 0]
        keep = [r for r in rows if r["df"] > 0]
        for at in range(0, len(keep), INSERT_ROWS):
            self.client.upsert(self.names.terms, keep[at : at + INSERT_ROWS])
        for at in range(0, len(gone), FILTER_VALUES):
            self.client.delete(self.names.terms, ids=gone[at : at + FILTER_VALUES])
        self.df.clear()


def _pages(client: Any, collection: str, where: str) -> Iterator[list[dict]]:
    """Passage rows matching `where`, a page at a time (within Milvus's 16,384-row window)."""
    offset = 0
    while True:
        batch = client.query(collection, filter=where, output_fields=["record"], limit=1000, offset=offset)
        if not batch:
            return
        yield batch
        offset += len(batch)
