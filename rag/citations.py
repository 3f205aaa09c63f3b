"""Citations stage: check every sentence of a draft against the retrieved passages.

Method (measured with `rag eval`, see README): an answer sentence is supported by a passage
sentence when
  - every number in the answer sentence appears in the passage sentence, every name in it
    (a capitalised word past the first) appears in the passage, and
  - its content words are covered lexically (share >= `lexical`), or it is semantically close
    (MiniLM cosine >= `cosine`) with some lexical overlap (share >= `min_overlap`).
Lexical evidence alone misses paraphrase; cosine alone accepts on-topic sentences that state
something else (same entity, other claim). Requiring both signals for paraphrase keeps
precision high. A citation names the single best supporting sentence: its exact span in the
article and its text. `[n]` markers that point at nothing retrieved are ignored; a sentence
with no support is dropped. Passage sentences that read like instructions to the model
("ignore previous instructions") are never evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from rag.data import Citation, Passage
from rag.embedder import Embedder
from rag.text import content_words, instruction_like, numbers, proper_names, sentence_spans

_MARKERS = re.compile(r"\s*\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]")
_LABEL = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•]|(?:the\s+)?(?:answer|response)(?:\s+is)?\s*:)\s*", re.IGNORECASE)
# Fewer content words than this is a fragment ("South Korea."), not a claim one can check.
MIN_CLAIM_WORDS = 3
_STRAY = re.compile(r"\[[^\]]{0,20}\]|\((?:passage|source)s?\s*\d+\)", re.IGNORECASE)


@dataclass(frozen=True)
class SupportSettings:
    cosine: float = 0.66
    lexical: float = 0.6
    min_overlap: float = 0.4
    max_uncovered: int = 3


@dataclass(frozen=True)
class Evidence:
    """One sentence of a retrieved passage, located in its article."""

    passage: Passage
    start: int
    end: int
    text: str
    words: frozenset[str]
    passage_words: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Draft:
    text: str
    markers: tuple[int, ...]


def split_draft(draft: str, seen: set[str] | None = None) -> list[Draft]:
    """Sentences of a model draft with the `[n]` markers each carries, markers removed.

    List numbering and "Answer:" labels are stripped; a sentence already in `seen` (lower-cased)
    is skipped, so a model that repeats itself is shown once.
    """
    out: list[Draft] = []
    seen = set() if seen is None else seen
    for a, b in sentence_spans(draft):
        raw = _LABEL.sub("", draft[a:b])
        marks = tuple(int(n) for m in _MARKERS.finditer(raw) for n in re.split(r"[,;]\s*", m.group(1)))
        text = _STRAY.sub("", _MARKERS.sub("", raw)).strip()
        text = re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s{2,}", " ", text))
        key = text.lower()
        if len(set(content_words(text))) < MIN_CLAIM_WORDS or key in seen:
            continue
        seen.add(key)
        out.append(Draft(text, marks))
    return out


def passage_evidence(passages: list[Passage]) -> list[Evidence]:
    ev = []
    for p in passages:
        c = p.chunk
        in_passage = frozenset(content_words(c.indexed_text))
        for a, b in sentence_spans(c.text):
            text = c.text[a:b]
            if instruction_like(text):
                continue
            ev.append(Evidence(p, c.start + a, c.start + b, text, frozenset(content_words(text)), in_passage))
    return ev


class SentenceVectors:
    """Embeddings of the evidence sentences, computed when first needed and then kept.

    Encoding every sentence of the retrieved passages costs ~0.15 s on two cores; done lazily,
    only sentences that pass the cheap checks for some draft sentence are ever encoded, and
    none before the model has started answering.
    """

    def __init__(self, embedder: Embedder, texts: list[str]) -> None:
        self.embedder, self.texts = embedder, texts
        self._done: dict[int, np.ndarray] = {}

    def rows(self, rows: list[int]) -> np.ndarray:
        missing = [i for i in rows if i not in self._done]
        if missing:
            for i, v in zip(missing, self.embedder.encode([self.texts[i] for i in missing]), strict=True):
                self._done[i] = v
        if not rows:
            return np.zeros((0, self.embedder.dim), np.float32)
        return np.stack([self._done[i] for i in rows])

    def all(self) -> np.ndarray:
        return self.rows(list(range(len(self.texts))))


class Verifier:
    def __init__(self, embedder: Embedder, settings: SupportSettings) -> None:
        self.embedder, self.settings = embedder, settings

    def prepare(self, passages: list[Passage]) -> tuple[list[Evidence], SentenceVectors]:
        ev = passage_evidence(passages)
        return ev, SentenceVectors(self.embedder, [e.text for e in ev])

    def support(self, sentence: str, ev: list[Evidence], vecs: SentenceVectors) -> np.ndarray:
        """Support score per evidence sentence, 0 where the rules reject it."""
        scores = np.zeros(len(ev))
        if not ev:
            return scores
        # Unique words: a name repeated in a sentence is one piece of evidence, not two.
        words = set(content_words(sentence))
        nums = numbers(sentence)
        s = self.settings
        names = proper_names(sentence)
        lexical: dict[int, tuple[float, bool]] = {}
        for i, e in enumerate(ev):
            if nums and not nums <= numbers(e.text):
                continue
            # A name the passage never mentions ("... in Europe", "... on Sunday") is invented.
            if names and not names <= e.passage_words:
                continue
            hits = sum(1 for w in words if w in e.words)
            lex = hits / max(len(words), 1)
            # Word coverage alone must leave little unexplained: a true sentence with an
            # invented clause attached still covers 60% of its words.
            if lex >= min(s.min_overlap, s.lexical):
                lexical[i] = (lex, lex >= s.lexical and len(words) - hits <= s.max_uncovered)
        if not lexical:
            return scores
        rows = list(lexical)
        cos = vecs.rows(rows) @ self.embedder.encode([sentence])[0]
        for i, c in zip(rows, cos, strict=True):
            lex, lexical_ok = lexical[i]
            if lexical_ok or c >= s.cosine:
                scores[i] = 0.5 * lex + 0.5 * float(c)
        return scores

    def cite(self, draft: Draft, ev: list[Evidence], vecs: SentenceVectors) -> tuple[Evidence, float] | None:
        """The best supporting sentence, preferring the passages the draft itself cited."""
        scores = self.support(draft.text, ev, vecs)
        if not scores.size or scores.max() <= 0:
            return None
        cited = [i for i, e in enumerate(ev) if e.passage.n in draft.markers and scores[i] > 0]
        best = max(cited, key=lambda i: scores[i]) if cited else int(scores.argmax())
        # A cited passage that supports only weakly loses to one that clearly supports.
        if cited and scores[best] + 0.1 < scores.max():
            best = int(scores.argmax())
        return ev[best], float(scores[best])


def to_citation(n: int, e: Evidence, support: float) -> Citation:
    c = e.passage.chunk
    return Citation(n, c.article_id, c.date, e.start, e.end, e.text, support)
