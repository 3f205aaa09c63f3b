"""Chunker stage: split an article body into passages that respect sentences and paragraphs.

Sentences are packed into a passage until `max_chars`; a paragraph boundary closes the
passage once it holds `min_chars`, so short paragraphs merge and long ones split between
sentences. When a passage is closed inside a paragraph the next one starts with the last
`overlap_sentences` sentences, so a fact that straddles the cut is whole in one passage.
A single sentence longer than `max_chars` stays whole: cutting it would break citations.
Every chunk is an exact slice of the original file text. Each carries a header (date and
lead sentence, the headline where there is one) that is indexed with it but never shown.
The article's sentences come out too, each once: they are what the index embeds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from rag.data import Article, Chunk, ChunkedArticle
from rag.settings import ChunkSettings
from rag.text.segment import paragraph_spans, sentence_spans

# Chunking and embedding done elsewhere (rag.index.ray_ingest): articles in, each back (in
# any order) with its chunks and its sentence vectors. Both stores take one in `update`.
Prepare = Callable[[list[Article]], Iterator[tuple[Article, ChunkedArticle, np.ndarray]]]


def chunk_article(article: Article, settings: ChunkSettings) -> ChunkedArticle:
    text = article.text
    groups: list[list[tuple[int, int]]] = []  # sentence spans of each passage
    current: list[tuple[int, int]] = []

    def size(spans: list[tuple[int, int]]) -> int:
        return spans[-1][1] - spans[0][0] if spans else 0

    for p_start, p_end in paragraph_spans(text, article.body_start):
        if current and size(current) >= settings.min_chars:
            groups.append(current)
            current = []
        for span in sentence_spans(text, p_start, p_end):
            if current and span[1] - current[0][0] > settings.max_chars:
                groups.append(current)
                tail = current[-settings.overlap_sentences :] if settings.overlap_sentences else []
                # Carry the overlap only within the paragraph and while it leaves room.
                if tail and tail[0][0] >= p_start and span[1] - tail[0][0] <= settings.max_chars:
                    current = list(tail)
                else:
                    current = []
            current.append(span)
    if current:
        groups.append(current)

    lead_end = groups[0][0][1] if groups else 0
    # A title says what the article is about better than its first sentence.
    lead = article.title or _lead(article, settings.lead_chars)
    chunks = []
    sentences: list[tuple[int, int]] = []
    number: dict[tuple[int, int], int] = {}
    ranges = []
    for g in groups:
        # The first passage holds the lead itself: its header carries only the date.
        with_lead = bool(article.title) or g[0][0] >= lead_end
        header = _header(article.date, lead if with_lead else "") if settings.headers else ""
        span = text[g[0][0] : g[-1][1]]
        chunks.append(Chunk(article.id, g[0][0], g[-1][1], span, article.date, header, article.title, article.url))
        for span in g:
            if span not in number:
                number[span] = len(sentences)
                sentences.append(span)
        ranges.append((number[g[0]], number[g[-1]] + 1))
    return ChunkedArticle(tuple(chunks), tuple(sentences), tuple(ranges))


def _lead(article: Article, limit: int) -> str:
    """The article's first sentence, cut at a word past `limit` characters (found once per article)."""
    spans = sentence_spans(article.text, article.body_start)
    lead = article.text[spans[0][0] : spans[0][1]] if spans else ""
    return lead[:limit].rsplit(" ", 1)[0] + " …" if len(lead) > limit else lead


def _header(date: str | None, lead: str) -> str:
    """Date and lead sentence: makes a passage findable by its article's subject."""
    parts = [f"Date: {date}." if date else "", lead]
    return " ".join(p for p in parts if p)
