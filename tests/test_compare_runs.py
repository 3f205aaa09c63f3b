"""scripts/compare_runs.py: what a change did to one question set, read off two eval runs."""

import importlib.util
from pathlib import Path

_PATH = Path(__file__).resolve().parent.parent / "scripts" / "compare_runs.py"
_SPEC = importlib.util.spec_from_file_location("compare_runs", _PATH)
assert _SPEC is not None and _SPEC.loader is not None
compare_runs = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(compare_runs)


def _run(accuracy: float, rows: list[tuple[str, bool, bool, bool, str]]) -> dict:
    questions = [
        {"id": i, "answerable": answerable, "refused": refused, "accurate": accurate, "answer": answer}
        for i, answerable, refused, accurate, answer in rows
    ]
    return {"summary": {"answer_accuracy": accuracy}, "questions": questions}


def test_outcome_changes_and_changed_text_are_reported_by_id():
    before = _run(0.5, [("a", True, False, False, "x"), ("b", False, False, False, "y"), ("c", True, False, True, "z")])
    # Another order; one answer now right in the same words, an unanswerable one now refused,
    # a right one reworded: two texts changed.
    after = _run(1.0, [("c", True, False, True, "z2"), ("b", False, True, False, "no"), ("a", True, False, True, "x")])
    lines = compare_runs.compare(before, after)
    assert "a: wrong -> right" in lines and "b: answered -> refused" in lines
    assert not any(line.startswith("c:") for line in lines)
    assert lines[-1] == "answers whose text changed: 2 of 3"
    assert any(line.startswith("answer_accuracy") and line.endswith("*") for line in lines)
    assert compare_runs.compare(before, before)[-1] == "answers whose text changed: 0 of 3"


def test_questions_sharing_an_id_are_each_compared_with_their_own_run():
    # Two sets pooled in one file both use "x07": the first is refused, the second answered, in both runs.
    run = _run(0.5, [("x07", False, True, False, "Not in the articles."), ("x07", False, False, False, "Maybe.")])
    assert compare_runs.compare(run, run)[-1] == "answers whose text changed: 0 of 2"
    assert not any(line.startswith("x07") for line in compare_runs.compare(run, run))
