"""Gate stage: refuse before calling the model when the passages cannot answer the question.

Two signals from retrieval: evidence (the best passage's blend of cosine and question-term
coverage) and coverage (the most question terms any passage holds). A related passage is
not an answer: when no passage holds most of the question's own terms ("What did Pang say
about Nokia?" over passages on Pang or on Nokia), the question is refused. Calibrated on the
dev set (README, "Measured quality").
"""

from __future__ import annotations

from dataclasses import dataclass

from rag.data import Passage
from rag.settings import GateSettings


@dataclass(frozen=True)
class GateVerdict:
    evidence: float
    coverage: float
    passed: bool

    def scores(self) -> dict[str, float]:
        return {"evidence": self.evidence, "coverage": self.coverage}


def judge(passages: list[Passage], settings: GateSettings) -> GateVerdict:
    w = settings.dense_weight
    evidence = max((w * p.dense + (1 - w) * p.lexical for p in passages), default=0.0)
    coverage = max((p.lexical for p in passages), default=0.0)
    passed = evidence >= settings.refusal_threshold and coverage >= settings.min_question_coverage
    return GateVerdict(evidence, coverage, passed)
