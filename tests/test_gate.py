"""The answerability gate's signals: the asked-for term the best sentence lacks, and the winner's lead."""

from pathlib import Path

import numpy as np

from rag.answer import gate, ranking
from rag.answer.evidence import EvidenceSet
from rag.settings import GateSettings
from tests.conftest import make_assistant

ARTICLE = (
    "Cyber chief quits\n\n"
    "The head of the cyber security division has resigned after a year in the job. "
    "Amit Yoran left his post at the end of last week, giving one day's notice. "
    "The division had a staff of about 60 people.\n"
)


def _setup(tmp_path: Path, question: str):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "cyber.txt").write_text(ARTICLE, encoding="utf-8")
    a = make_assistant(corpus, tmp_path / "idx")
    query = a.query(question)
    evidence = EvidenceSet(a.retrieve(query), a.query_embedder, a.index())
    idf = ranking.corpus_idf(a.index().passage_count, a.index().df)
    return query, evidence, idf


def _best(evidence: EvidenceSet, start: str) -> int:
    return next(i for i, e in enumerate(evidence.sentences) if e.text.startswith(start))


def test_a_question_term_the_best_sentence_lacks_counts_unless_a_near_synonym_is_there(tmp_path: Path):
    query, evidence, idf = _setup(tmp_path, "Who replaced Amit Yoran as head of the division?")
    i = _best(evidence, "Amit Yoran left")
    s = GateSettings()
    # Without word vectors only exact words count: "replaced" is not there.
    assert gate.unmatched(query, evidence, i, idf, s, None) > 0
    table = {"replaced": [1.0, 0.0], "succeeded": [0.8, 0.6]}  # cosine 0.8: a near-synonym

    def words(ws: list[str]) -> np.ndarray:
        return np.array([table.get(w, [0.0, 1.0]) for w in ws], np.float32)

    assert gate.unmatched(query, evidence, i, idf, s, words) == gate.unmatched(query, evidence, i, idf, s, None)
    table["left"] = [0.8, 0.6]  # now the sentence holds a near-synonym of "replaced"
    assert gate.unmatched(query, evidence, i, idf, s, words) < gate.unmatched(query, evidence, i, idf, s, None)


def test_signals_are_one_per_feature_and_read_the_winners_lead(tmp_path: Path):
    query, evidence, idf = _setup(tmp_path, "How many people worked in the cyber security division?")
    scores = np.arange(len(evidence), dtype=np.float32)
    x = gate.signals(query, evidence, scores, idf, GateSettings())
    assert len(x) == len(gate.FEATURES)
    assert dict(zip(gate.FEATURES, x, strict=True))["gap"] == 1.0
