"""The one settings tree: every knob named, explained, settable by its dotted path."""

import ast
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rag.errors import SettingsError
from rag.settings import Settings, parse_assignment
from rag.shell.cli import app

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_has_a_reason():
    rows = list(Settings().items())
    assert len(rows) > 50
    missing = [path for path, _, why in rows if not why]
    assert not missing, missing
    paths = {path for path, _, _ in rows}
    for wanted in (
        "gate.threshold",
        "verify.synonym_cosine",
        "rank.w_cosine",
        "prompt.chars",
        "retrieval.rrf_k",
        "answer.max_rejected",
        "store.approx_from",
        "store.hnsw_m",
        "query.history_turns",
        "chunk.lead_chars",
    ):
        assert wanted in paths


def test_dotted_paths_set_typed_values():
    s = Settings().with_(**dict([parse_assignment("gate.threshold=0.45"), parse_assignment("retrieval.k=5")]))
    assert s.gate.threshold == 0.45 and s.retrieval.k == 5
    assert Settings().gate.threshold != 0.45  # the default is untouched
    assert parse_assignment("chunk.headers=false") == ("chunk.headers", False)
    assert parse_assignment("model_path=none") == ("model_path", None)
    assert parse_assignment("corpus=/tmp/x") == ("corpus", Path("/tmp/x"))
    for bad, message in (
        ("gate.nope=1", "unknown setting"),
        ("retrieval.k=abc", "not a valid int"),
        ("gate=1", "is a group"),
        ("k", "KEY=VALUE"),
    ):
        with pytest.raises(SettingsError, match=message):
            parse_assignment(bad)


def test_environment_then_flags():
    s = Settings.from_env({"RAG_CORPUS": "/c", "RAG_INDEX": "/i", "XDG_CACHE_HOME": "/x"}, **{"retrieval.k": 4})
    assert (s.corpus, s.index, s.cache_dir, s.retrieval.k) == (Path("/c"), Path("/i"), Path("/x/rag"), 4)
    assert Settings.from_env({"RAG_CACHE": "/r", "XDG_CACHE_HOME": "/x"}).cache_dir == Path("/r")


def test_rag_settings_prints_the_tree_and_takes_set():
    result = CliRunner().invoke(app, ["settings", "--set", "gate.threshold=0.5"])
    assert result.exit_code == 0
    line = next(x for x in result.output.splitlines() if x.startswith("gate.threshold"))
    assert "0.5" in line and "refuse" in line


# Floats a stage may write in its code: zero and one. A formula's constant (BM25's 0.5) is a
# named module constant with its source; a threshold is a field of the settings tree.
ALLOWED = {0.0, 1.0}


def test_no_threshold_is_a_bare_float_in_stage_code():
    """Thresholds live in the settings tree; a float literal in a stage is one that escaped."""
    found = []
    for path in sorted((ROOT / "rag").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in (
            "rag/settings.py",
            "rag/settings_index.py",
            "rag/evaluate.py",
            "rag/claims.py",
            "rag/models/minilm.py",
        ):
            continue  # the tree itself; the harness's own judge; erf coefficients and epsilons
        tree = ast.parse(path.read_text())
        named = {
            id(node.value)
            for node in tree.body
            if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id.isupper() for t in node.targets)
        }
        for node in ast.walk(tree):
            literal = isinstance(node, ast.Constant) and isinstance(node.value, float)
            if literal and node.value not in ALLOWED and id(node) not in named:
                found.append(f"{rel}:{node.lineno} {node.value}")
    assert not found, found
