"""The answerability gate's signals, one per feature, read from the ranker's top sentences."""

from pathlib import Path

import numpy as np

from rag.answer import gate, ranking
from rag.answer.evidence import EvidenceSet
from rag.models.embedder import WordSimilarity
from rag.settings import GateSettings
from tests.conftest import make_assistant

ARTICLE = (
    "Salary scandal in Cameroon\n\n"
    "Cameroon says corruption in its finance ministry has cost it 1bn CFA francs a month. "
    "About 500 officials are accused of claiming salaries for workers who do not exist.\n"
)


def _signals(tmp_path: Path, question: str) -> dict[str, float]:
    corpus = tmp_path / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "cameroon.txt").write_text(ARTICLE, encoding="utf-8")
    a = make_assistant(corpus, tmp_path / "idx")
    query = a.query(question)
    evidence = EvidenceSet(a.retrieve(query), a.query_embedder, a.index())
    idf = ranking.corpus_idf(a.index().passage_count, a.index().df)
    scores = np.arange(len(evidence), dtype=np.float32)
    x = gate.signals(query, evidence, scores, idf, GateSettings())
    assert len(x) == len(gate.FEATURES)
    return dict(zip(gate.FEATURES, x, strict=True))


def test_a_name_in_another_form_counts_as_held(tmp_path: Path):
    # "Cameroonian" is the name "Cameroon" in another form: the evidence holds it.
    assert _signals(tmp_path, "How many Cameroonian officials are accused?")["names"] == 1.0


def test_a_name_the_evidence_lacks_counts_as_missing(tmp_path: Path):
    assert _signals(tmp_path, "How many Nigerian officials are accused?")["names"] == 0.0


def test_how_many_of_a_thing_the_evidence_never_names_is_uncounted(tmp_path: Path):
    # "How many N": the officials are there, the judges are not, nor a word like "judges".
    signal = {
        q: _signals(tmp_path / str(k), q)["uncounted"]
        for k, q in enumerate(
            (
                "How many officials are accused in Cameroon?",
                "How many judges were sacked in Cameroon?",
                "What has corruption cost Cameroon?",  # not a "how many" question: nothing is counted
            )
        )
    }
    assert list(signal.values()) == [0.0, 1.0, 0.0]


def test_a_synonym_in_the_top_sentence_names_what_is_counted():
    from types import SimpleNamespace

    from rag.answer.query import analyse

    class Words:  # "kids" and "children" one sense; "grandchildren" another; the other words a third
        def encode(self, texts: list[str]) -> np.ndarray:
            axis = {"kids": 0, "children": 0, "grandchildren": 2}
            out = np.zeros((len(texts), 3), np.float32)
            for i, t in enumerate(texts):
                out[i, axis.get(t.lower(), 1)] = 1.0
            return out

    sentence = SimpleNamespace(text="The couple now have four children together.")
    evidence = SimpleNamespace(sentences=[sentence], similar=WordSimilarity(Words()))
    near = {"coupl", "four", "children", "togeth"}
    assert not gate.uncounted(analyse("How many kids do they have?"), evidence, [0], near, 0.65)
    assert gate.uncounted(analyse("How many grandchildren do they have?"), evidence, [0], near, 0.65)


def test_the_answerer_adds_the_evidences_synonyms_of_what_is_counted():
    from types import SimpleNamespace

    from rag.answer.counted import relate_counted
    from rag.answer.query import analyse

    class Words:  # "civil servants" and "officials" one sense; every other word or phrase its own
        def encode(self, texts: list[str]) -> np.ndarray:
            senses = ["civil servants", "civil", "servants", "days"]
            out = np.zeros((len(texts), len(senses)), np.float32)
            for i, t in enumerate(texts):
                out[i, 0 if t == "officials" else senses.index(t)] = 1.0
            return out

    sentences = [SimpleNamespace(text="About 500 officials are accused."), SimpleNamespace(text="It took 15 days.")]
    evidence = SimpleNamespace(sentences=sentences, similar=WordSimilarity(Words()))
    query = relate_counted(analyse("How many civil servants are accused?"), evidence, 0.42)
    assert query.counted_forms == {"civil", "servant", "official"}  # not "day": the phrase is one thing
    # Only "how many" questions are read.
    plain = analyse("Who is accused?")
    assert relate_counted(plain, SimpleNamespace(sentences=sentences, similar=None), 0.42) is plain


def test_the_counted_words_are_encoded_once_for_the_answerer_and_the_gate():
    from types import SimpleNamespace

    from rag.answer.counted import relate_counted
    from rag.answer.query import analyse

    class Words:  # records every text it encodes
        def __init__(self) -> None:
            self.seen: list[str] = []

        def encode(self, texts: list[str]) -> np.ndarray:
            self.seen += texts
            return np.ones((len(texts), 2), np.float32) / np.sqrt(2)

    words = Words()
    sentence = SimpleNamespace(text="The couple have four children together.")
    evidence = SimpleNamespace(sentences=[sentence], similar=WordSimilarity(words))
    query = relate_counted(analyse("How many kids do they have?"), evidence, 0.65)
    gate.uncounted(query, evidence, [0], {"coupl", "four", "togeth"}, 0.65)
    assert words.seen.count("kids") == 1


def test_a_name_no_passage_holds_is_named_in_the_refusal(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "cameroon.txt").write_text(ARTICLE, encoding="utf-8")
    a = make_assistant(corpus, tmp_path / "idx")
    df = a.index().df
    # "Cameroon Athletics" holds a word the articles have, and a head none has; a first name
    # alone may be missing.
    assert gate.unknown_names(a.query("How many medals did Cameroon Athletics win?"), df) == ("Cameroon Athletics",)
    assert gate.unknown_names(a.query("How many Cameroon officials are accused?"), df) == ()
    assert gate.unknown_names(a.query("What did Paul Cameroon say?"), df) == ()
    # Initials, a country's other names and its people's adjective may be written otherwise.
    assert gate.unknown_names(a.query("How much did the CFA lose in America or France?"), df) == ()
    answer = a.ask("How many medals did Cameroon Athletics win?")
    assert answer.refused and answer.text == "Not in the articles: no indexed article mentions “Cameroon Athletics”."
