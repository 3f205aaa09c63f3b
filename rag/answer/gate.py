"""Gate stage: refuse before calling the model when the evidence cannot answer the question.

A small logistic model, fitted with grouped cross-validation on the development questions
(answerable vs not: absent topics, false premises, "looks answerable" questions whose
asked-for figure or attribute is nowhere), reads signals the ranker already has:
- best: the best sentence's ranker score (a logit);
- cosine: its cosine to the question;
- terms: the rarity-weighted share of question terms in the best sentences and their context;
- missing: the rarest question term none of the top sentences, their context or passages
  holds, as a share of the rarest term's weight (the asked-for thing that is absent);
- names: the share of the question's names the top passages hold;
- needs: whether any top sentence meets the question's needs (time, amount, speaker...);
- gap: how far the best sentence's score leads the second's (a clear winner answers);
- unmatched: the rarity (idf, as a share of the idf of a word no passage holds, so that it
  means the same in any size of corpus) of the most telling question term that the best
  sentence and what it stands for lack, even as a near-synonym ("resign", "recovered",
  "compensation": the asked-for thing that is not there). Near-synonyms are judged with the encoder's
  context-free word vectors (a lookup, no forward pass); credit rises from 0 at cosine
  `soft_floor` to full at `soft_floor + soft_span`.
The answer is refused when the fitted probability is under `threshold`, chosen on the
cross-validated scores to keep false refusals near `gate.max_false_refusals`
(README 'Measured quality'). The weights live in the settings tree like every other knob.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from rag.answer.evidence import EvidenceSet
from rag.answer.query import Query
from rag.answer.relevance import holds_name, meets_needs
from rag.settings import GateSettings
from rag.text.lexicon import content_words

FEATURES = ("best", "cosine", "terms", "missing", "names", "needs", "gap", "unmatched")
_SURFACE = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
WordVectors = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class GateVerdict:
    probability: float
    passed: bool
    signals: tuple[float, ...] = ()

    def scores(self) -> dict[str, float]:
        return {"answerable": self.probability, **dict(zip(FEATURES, self.signals, strict=False))}


def signals(
    query: Query,
    evidence: EvidenceSet,
    scores: np.ndarray,
    idf: Callable[[str], float],
    s: GateSettings,
    words: WordVectors | None = None,
) -> tuple[float, ...]:
    if not evidence or not query.terms:
        return (0.0,) * len(FEATURES)
    order = [int(i) for i in np.argsort(-scores)[: s.top]]
    weights = {w: idf(w) for w in query.terms}
    total = sum(weights.values()) or 1.0
    near: set[str] = set()
    for i in order:
        near |= evidence.around(i)
    around = near | {w for i in order for w in evidence.sentences[i].passage_words}
    missing = [weights[w] for w in query.terms if w not in around]
    names = [holds_name(n, around) for n in query.names]
    best = order[0]
    return (
        float(scores[best]),
        float(evidence.cosines(query)[best]),
        sum(weights[w] for w in query.terms & near) / total,
        max(missing, default=0.0) / max(weights.values()),
        sum(names) / len(names) if names else 1.0,
        float(
            any(
                meets_needs(query, evidence.sentences[i].text, evidence.sentences[i].words, evidence.around(i))
                for i in order
            )
        ),
        float(scores[best] - scores[order[1]]) if len(order) > 1 else 0.0,
        unmatched(query, evidence, best, idf, s, words),
    )


def unmatched(
    query: Query, evidence: EvidenceSet, i: int, idf: Callable[[str], float], s: GateSettings, words: WordVectors | None
) -> float:
    """The idf of the most telling question term sentence i and its context lack, each term
    discounted by how close its nearest word there is (0 discount without word vectors), as a
    share of the largest idf the corpus has."""
    lacking = [w for w in query.terms if w not in evidence.around(i)]
    if not lacking:
        return 0.0
    credit = dict.fromkeys(lacking, 0.0)
    if words is not None:
        asked: dict[str, str] = {}  # question stem -> the form the question wrote
        for w in _SURFACE.findall(query.text.lower()):
            stem = content_words(w)
            if stem:
                asked.setdefault(stem[0], w)
        text = f"{evidence.sentences[i].text} {evidence.context(i)}".lower()
        there = sorted({w for w in _SURFACE.findall(text) if content_words(w)})
        if there:
            vectors = words([asked.get(w, w) for w in lacking] + there)
            near = (vectors[: len(lacking)] @ vectors[len(lacking) :].T).max(1)
            for w, cosine in zip(lacking, near, strict=True):
                credit[w] = min(1.0, max(0.0, (float(cosine) - s.soft_floor) / s.soft_span))
    largest = getattr(idf, "absent", None) or max(idf(w) for w in lacking) or 1.0
    return max(idf(w) * (1.0 - credit[w]) for w in lacking) / largest


def judge(
    query: Query,
    evidence: EvidenceSet,
    scores: np.ndarray,
    idf: Callable[[str], float],
    s: GateSettings,
    words: WordVectors | None = None,
) -> GateVerdict:
    x = signals(query, evidence, scores, idf, s, words)
    if not evidence:
        return GateVerdict(0.0, False, x)
    w = tuple(getattr(s, f"w_{name}") for name in FEATURES)
    logit = s.bias + sum(a * b for a, b in zip(w, x, strict=True))
    probability = 1.0 / (1.0 + math.exp(-logit))
    return GateVerdict(probability, probability >= s.threshold, x)
