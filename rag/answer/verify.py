"""Verifier stage: check every sentence of a draft against the evidence set.

Method (measured with `rag eval`, see README): an answer sentence is supported by an
evidence sentence when
  - every number in the answer sentence appears in the evidence sentence, and every name in
    it (the lexicon's name detector: "Vincent Pang", "ZTE") appears in the evidence's passage;
  - its content words are covered lexically (share >= `lexical`, at most `max_uncovered`
    words left unexplained), or it is semantically close (MiniLM cosine >= `cosine`) with
    some lexical overlap (share >= `min_overlap`).
Lexical evidence alone misses paraphrase; cosine alone accepts on-topic sentences that state
something else (same entity, other claim). Requiring both signals for paraphrase keeps
precision high. A citation names the single best supporting sentence. `[n]` markers that
point at nothing retrieved are ignored; a sentence with no support is dropped.
Limits: word overlap is not meaning; a sentence stitched from its evidence's own words with
an invented relation can pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from rag.answer.evidence import Evidence, EvidenceSet
from rag.settings import VerifySettings
from rag.text.lexicon import content_words, name_words, numbers
from rag.text.segment import sentence_spans

_MARKERS = re.compile(r"\s*\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]")
_LABEL = re.compile(r"^\s*(?:\d{1,2}[.)]|[-*•]|(?:the\s+)?(?:answer|response)(?:\s+is)?\s*:)\s*", re.IGNORECASE)
_STRAY = re.compile(r"\[[^\]]{0,20}\]|\((?:passage|source)s?\s*\d+\)", re.IGNORECASE)


@dataclass(frozen=True)
class Draft:
    """One sentence of the model's draft, markers removed, with the passages it cited."""

    text: str
    markers: tuple[int, ...]


def split_draft(draft: str, min_words: int, seen: set[str] | None = None) -> list[Draft]:
    """Sentences of a model draft with the `[n]` markers each carries, markers removed.

    List numbering and "Answer:" labels are stripped; fragments under `min_words` content
    words are no claims; a sentence already in `seen` (lower-cased) is skipped, so a model
    that repeats itself is shown once.
    """
    out: list[Draft] = []
    seen = set() if seen is None else seen
    for a, b in sentence_spans(draft):
        raw = _LABEL.sub("", draft[a:b])
        marks = tuple(int(n) for m in _MARKERS.finditer(raw) for n in re.split(r"[,;]\s*", m.group(1)))
        text = _STRAY.sub("", _MARKERS.sub("", raw)).strip()
        text = re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s{2,}", " ", text))
        key = text.lower()
        if len(set(content_words(text))) < min_words or key in seen:
            continue
        seen.add(key)
        out.append(Draft(text, marks))
    return out


class Verifier:
    def __init__(self, settings: VerifySettings) -> None:
        self.settings = settings

    def support(self, sentence: str, evidence: EvidenceSet) -> np.ndarray:
        """Support score per evidence sentence, 0 where the rules reject it."""
        scores = np.zeros(len(evidence))
        if not evidence:
            return scores
        s = self.settings
        # Unique words: a name repeated in a sentence is one piece of evidence, not two.
        words = set(content_words(sentence))
        claimed_numbers = numbers(sentence)
        claimed_names = name_words(sentence)
        lexical: dict[int, tuple[float, bool]] = {}
        for i, e in enumerate(evidence.sentences):
            if claimed_numbers and not claimed_numbers <= numbers(e.text):
                continue
            # A name the passage never mentions ("... in Europe", "... on Sunday") is invented.
            if claimed_names and not claimed_names <= e.passage_words:
                continue
            hits = sum(1 for w in words if w in e.words)
            share = hits / max(len(words), 1)
            # Word coverage alone must leave little unexplained: a true sentence with an
            # invented clause attached still covers 60% of its words.
            if share >= min(s.min_overlap, s.lexical):
                lexical[i] = (share, share >= s.lexical and len(words) - hits <= s.max_uncovered)
        if not lexical:
            return scores
        rows = list(lexical)
        cosines = evidence.vectors(rows) @ evidence.embedder.encode([sentence])[0]
        for i, cosine in zip(rows, cosines, strict=True):
            share, lexical_ok = lexical[i]
            if lexical_ok or cosine >= s.cosine:
                scores[i] = s.lexical_weight * share + (1 - s.lexical_weight) * float(cosine)
        return scores

    def cite(self, draft: Draft, evidence: EvidenceSet) -> tuple[Evidence, float] | None:
        """The best supporting sentence, preferring the passages the draft itself cited."""
        scores = self.support(draft.text, evidence)
        if not scores.size or scores.max() <= 0:
            return None
        cited = [i for i, e in enumerate(evidence.sentences) if e.passage.n in draft.markers and scores[i] > 0]
        best = max(cited, key=lambda i: scores[i]) if cited else int(scores.argmax())
        # A cited passage that supports only weakly loses to one that clearly supports.
        if cited and scores[best] + self.settings.cited_margin < scores.max():
            best = int(scores.argmax())
        return evidence.sentences[best], float(scores[best])
