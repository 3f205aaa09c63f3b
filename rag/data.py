"""Typed records that flow between stages: Article -> Chunk -> Passage -> Citation -> Answer.

All are frozen dataclasses so that a stage cannot change what an earlier stage produced.
Character offsets always index the article's original file text (after UTF-8 decoding,
no newline translation): `article.text[start:end] == chunk.text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Article:
    id: str
    path: str
    text: str
    date: str | None
    body_start: int
    sha256: str
    title: str | None = None
    url: str | None = None
    encoding: str = "utf-8"

    @property
    def body(self) -> str:
        return self.text[self.body_start :]


@dataclass(frozen=True)
class Chunk:
    article_id: str
    start: int
    end: int
    text: str
    date: str | None = None
    # Short context (date, title or lead) indexed with the text, never shown.
    header: str = ""
    title: str | None = None
    url: str | None = None

    @property
    def indexed_text(self) -> str:
        return f"{self.header}\n{self.text}" if self.header else self.text


@dataclass(frozen=True)
class ChunkedArticle:
    """An article cut into passages, with its sentences, each listed once.

    `sentences` are the article's sentence spans in order; `ranges[i]` is the half-open range
    of sentence numbers that chunk i holds (neighbouring chunks may share one: the overlap).
    """

    chunks: tuple[Chunk, ...]
    sentences: tuple[tuple[int, int], ...]
    ranges: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its scores; `n` is its number in the prompt, from 1."""

    n: int
    chunk: Chunk
    score: float
    dense: float = 0.0
    lexical: float = 0.0
    # The passage's row in the index (-1: not from an index), to find its sentences there.
    row: int = -1

    @property
    def article_id(self) -> str:
        return self.chunk.article_id

    def to_dict(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "n": self.n,
            "article": c.article_id,
            "date": c.date,
            "start": c.start,
            "end": c.end,
            "score": round(self.score, 4),
            "dense": round(self.dense, 4),
            "text": c.text,
        }


@dataclass(frozen=True)
class Citation:
    """A verified citation: the exact supporting sentence inside passage `n`."""

    n: int
    article: str
    date: str | None
    start: int
    end: int
    text: str
    support: float = 0.0
    title: str | None = None
    url: str | None = None
    # Other files holding the same article (a symlink, the story filed twice).
    copies: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "n": self.n,
            "article": self.article,
            "date": self.date,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }
        out.update({k: v for k, v in (("title", self.title), ("url", self.url)) if v})
        if self.copies:
            out["copies"] = list(self.copies)
        return out

    def source(self) -> str:
        """How the article is named in a listing: title (or id), date, url."""
        parts = [f"“{self.title}” ({self.article})" if self.title else self.article]
        parts += [p for p in (self.date, self.url) if p]
        if self.copies:
            parts.append("also " + ", ".join(self.copies))
        return ", ".join(parts)


@dataclass(frozen=True)
class Sentence:
    """One sentence of the final answer and the citation numbers that support it."""

    text: str
    cites: tuple[int, ...]


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    refused: bool
    citations: tuple[Citation, ...] = ()
    passages: tuple[Passage, ...] = ()
    # Seconds per stage: load, retrieve, first_token, generate, total.
    timings: dict[str, float] = field(default_factory=dict)
    # How the text was made: "model", "extractive" (model draft unusable) or "refusal".
    mode: str = "model"
    draft: str = ""
    sentences: tuple[Sentence, ...] = ()
    retrieval_query: str = ""
    # The gate's scores: evidence (best passage) and coverage (question terms held).
    scores: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.text,
            "refused": self.refused,
            "mode": self.mode,
            "citations": [c.to_dict() for c in self.citations],
            "passages": [p.to_dict() for p in self.passages],
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
        }

    def to_markdown(self) -> str:
        lines = [self.text, ""]
        if self.citations:
            lines.append("**Sources**")
            lines.append("")
            for c in self.citations:
                lines.append(f"- [{c.n}] *{c.source()}* (chars {c.start}-{c.end}): “{c.text}”")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __str__(self) -> str:
        return self.to_markdown()

    def __repr__(self) -> str:
        # A notebook's text/plain: one readable line, not a dump of every passage.
        text = self.text if len(self.text) <= 80 else self.text[:77] + "..."
        return f"Answer({text!r}, mode={self.mode!r}, citations={len(self.citations)})"


@dataclass(frozen=True)
class Check:
    """Is a claim stated by the articles? The supporting sentence, or the closest ones and why not."""

    claim: str
    supported: bool
    citations: tuple[Citation, ...] = ()
    # When not supported: the sentences that came closest, and what each lacks.
    closest: tuple[Citation, ...] = ()
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "supported": self.supported,
            "citations": [c.to_dict() for c in self.citations],
            "closest": [{**c.to_dict(), "why_not": why} for c, why in zip(self.closest, self.reasons, strict=True)],
        }

    def to_markdown(self) -> str:
        verdict = "Supported by the articles." if self.supported else "Not supported by the articles."
        lines = [f"**{verdict}**", ""]
        for c in self.citations:
            lines.append(f"- [{c.n}] *{c.article}* (chars {c.start}-{c.end}): “{c.text}”")
        for c, why in zip(self.closest, self.reasons, strict=True):
            lines.append(f"- closest: *{c.article}* (chars {c.start}-{c.end}): “{c.text}” — {why}")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()
