"""Evidence stage: the retrieved passages as one set of citable sentences, built once.

Each `Evidence` is one sentence of a retrieved passage, located in its article (exact
character span), with its content words and those of its whole passage (header included).
Sentences that read like instructions to the model are left out: they are never evidence.
The set is handed to prompt selection, verification and the extractive fallback alike.
Sentence vectors are computed when first needed and then kept: encoding every sentence
costs ~0.15 s on two cores, and done lazily only sentences that pass the cheap word checks
for some draft sentence are encoded, none before the model has started answering.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rag.data import Citation, Passage
from rag.models.embedder import Embedder
from rag.text.guard import instruction_like
from rag.text.lexicon import content_words
from rag.text.segment import sentence_spans


@dataclass(frozen=True)
class Evidence:
    """One sentence of a retrieved passage, located in its article."""

    passage: Passage
    start: int
    end: int
    text: str
    words: frozenset[str]
    passage_words: frozenset[str] = frozenset()

    @property
    def key(self) -> tuple[str, int]:
        return self.passage.chunk.article_id, self.start

    def citation(self, n: int, support: float) -> Citation:
        c = self.passage.chunk
        return Citation(n, c.article_id, c.date, self.start, self.end, self.text, support)


class EvidenceSet:
    def __init__(self, passages: list[Passage], embedder: Embedder) -> None:
        self.passages = passages
        self.embedder = embedder
        self.sentences: list[Evidence] = []
        for p in passages:
            c = p.chunk
            in_passage = frozenset(content_words(c.indexed_text))
            for a, b in sentence_spans(c.text):
                text = c.text[a:b]
                if not instruction_like(text):
                    self.sentences.append(
                        Evidence(p, c.start + a, c.start + b, text, frozenset(content_words(text)), in_passage)
                    )
        self._vectors: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.sentences)

    def __bool__(self) -> bool:
        return bool(self.sentences)

    def vectors(self, rows: list[int]) -> np.ndarray:
        """Embeddings of the sentences at `rows`, encoding only those not yet encoded."""
        missing = [i for i in rows if i not in self._vectors]
        if missing:
            encoded = self.embedder.encode([self.sentences[i].text for i in missing])
            for i, v in zip(missing, encoded, strict=True):
                self._vectors[i] = v
        if not rows:
            return np.zeros((0, self.embedder.dim), np.float32)
        return np.stack([self._vectors[i] for i in rows])

    def all_vectors(self) -> np.ndarray:
        return self.vectors(list(range(len(self.sentences))))
