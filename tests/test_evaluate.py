"""The `rag eval` harness: scoring rules and the metrics they add up to, with the fakes."""

import importlib.util
import json
from pathlib import Path

import pytest

from rag.errors import EvalError
from rag.evaluate import format_report, load_questions, run_eval
from tests.conftest import make_assistant

_SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "model_sentences.py"
_SPEC = importlib.util.spec_from_file_location("model_sentences", _SCRIPT)
assert _SPEC is not None and _SPEC.loader is not None
model_sentences = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(model_sentences)

PANG = (
    "Vincent Pang confirmed that some firms in the U.S. have expressed interest in either a "
    "long-term agreement or a one-time transfer [1]."
)


def write_set(folder: Path, corpus: Path, rows: list[dict]) -> Path:
    path = folder / "set.jsonl"
    lines = [json.dumps({"corpus": str(corpus), "facts": [], "gold": [], **r}) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_metrics_count_facts_citations_and_refusals(corpus: Path, tmp_path: Path, capsys):
    qset = write_set(
        tmp_path,
        corpus,
        [
            {
                "id": "a1",
                "question": "What did Vincent Pang say about one-time transfers?",
                "answerable": True,
                "facts": [["long-term agreement"], ["one-time transfer"]],
                "gold": [{"article": "huawei", "quote": "expressed interest in either a long-term agreement"}],
            },
            {
                "id": "a2",
                "question": "What did Vincent Pang say about one-time transfers?",
                "answerable": True,
                "facts": [["90 percent"]],  # not in the answer: inaccurate
            },
            {"id": "u1", "question": "What is the boiling point of mercury?", "answerable": False},
        ],
    )
    report = run_eval(make_assistant(corpus, tmp_path / "idx", PANG), qset)
    by_id = {r["id"]: r for r in report["questions"]}
    # The model's sentence and Pang's other statements (quoted): every citation correct.
    a1 = by_id["a1"]
    assert a1["accurate"] and a1["recall"] and a1["citations"] >= 2 and a1["citations_correct"] == a1["citations"]
    assert by_id["a1"]["cite_hit"]
    # Citations in the gold article: all of a1's; a2 names no gold article, so none of its.
    assert a1["citations_on_gold"] == a1["citations_all"] and by_id["a2"]["citations_on_gold"] == 0
    assert not by_id["a2"]["accurate"]
    assert by_id["u1"]["refused"]
    s = report["summary"]
    assert s["answer_accuracy"] == 0.5 and s["refusal_accuracy"] == 1.0 and s["false_refusals"] == 0.0
    assert s["citation_precision"] == 1.0 and s["citation_recall"] == 1.0
    assert 0 < s["citation_on_gold"] < 1
    assert "answer_accuracy" in format_report(report)
    # Each shown sentence carries the sentences it cites, so the model's own wording (Pang's
    # title dropped) is listed for judging by hand and the quotes are not.
    assert a1["shown"] and all(s["cited"] for s in a1["shown"])
    run = tmp_path / "run.json"
    run.write_text(json.dumps(report), encoding="utf-8")
    model_sentences.main([str(run)])
    printed = capsys.readouterr().out
    assert "shown: Vincent Pang confirmed that some firms" in printed and "SVP and board director" in printed
    assert printed.count("shown:") == 2  # a1 and a2 ask the same question
    assert printed.strip().endswith("shown sentences are not their citation's words")


def test_percent_sign_and_word_match_alike(corpus: Path, tmp_path: Path):
    draft = "Nokia signed a 5G deal with a Finnish operator covering 45% of radio equipment [2]."
    qset = write_set(
        tmp_path,
        corpus,
        [{"id": "p", "question": "What deal did Nokia sign?", "answerable": True, "facts": [["Finnish operator"]]}],
    )
    report = run_eval(make_assistant(corpus, tmp_path / "idx", draft), qset)
    assert report["questions"][0]["accurate"]
    from rag.evaluate import _norm

    assert _norm("fell 23%") == _norm("fell 23 percent") == _norm("fell 23 per cent")


def test_bad_question_files_are_named(tmp_path: Path):
    with pytest.raises(EvalError, match="does not exist"):
        load_questions(tmp_path / "none.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(EvalError, match="lacks corpus, question, answerable"):
        load_questions(bad)


def test_citation_judged_by_its_words_even_at_the_gold_sentence():
    from rag.data import Citation
    from rag.evaluate import citation_correct

    text = "At present, Huawei's main rival companies are Finnish firm Nokia and Swedish vendor Ericsson."
    gold = [{"article": "a", "quote": "Finnish firm Nokia"}]
    c = Citation(1, "a", None, 0, len(text), text, 1.0)
    texts = {"a": text}
    assert citation_correct("Huawei's main rivals are Nokia and Ericsson.", c, gold, texts)
    invented = "Finnish company Huawei is one of the top Finnish companies in the market."
    assert not citation_correct(invented, c, gold, texts)
    assert not citation_correct("Nokia and Ericsson are 2 rivals of Huawei.", c, gold, texts)  # 2 is not in it
