"""Claim checking (`rag check`, `Assistant.check`): is a claim stated by the articles?

The verifier that guards every shown answer sentence, offered to users (a fact-checker's
tool): the claim is parsed and retrieved like a question, each sentence of the evidence set
is checked against it (rag.answer.verify), and the answer is the supporting sentence, or
the closest sentences and what each lacks. The verifier benchmark (eval/verifier/) runs
through this.
"""

from __future__ import annotations

from rag.answer.evidence import EvidenceSet
from rag.answer.verify import Verifier
from rag.data import Check


def check_claim(claim: str, evidence: EvidenceSet, verifier: Verifier, closest: int) -> Check:
    scores = verifier.support(claim, evidence)
    if scores.size and scores.max() > 0:
        best = int(scores.argmax())
        return Check(claim, True, (evidence.sentences[best].citation(1, float(scores[best])),))
    if not evidence:
        return Check(claim, False)
    # The closest: most cosine to the claim, and what the meaning checks found wrong.
    cosines = evidence.all_vectors() @ evidence.embedder.encode([claim])[0]
    near = [int(i) for i in cosines.argsort()[::-1][:closest]]
    reasons = tuple("; ".join(verifier.problems(claim, evidence, i)) or "too few of its words" for i in near)
    cites = tuple(evidence.sentences[i].citation(n, float(cosines[i])) for n, i in enumerate(near, 1))
    return Check(claim, False, (), cites, reasons)
