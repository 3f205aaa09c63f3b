"""Fuzzing the command line: any question, any article files, never a traceback.

Questions: unicode of every category (lone surrogates, control characters, right-to-left
marks), 10,000 characters, format strings. Article folders: binary files, invalid UTF-8,
NUL bytes, a 5 MB line, deep folders, odd file names. Every run goes through `rag.shell.cli.main`
(the CLI itself, in-process, with the fake models so that 500+ cases take seconds): it must
end in SystemExit with, in JSON mode, exactly one JSON object on stdout, or exactly one
`error:` line on stderr. Any other exception is a traceback and fails the test.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rag.shell import cli
from tests.conftest import SEED_ARTICLE, make_assistant

DRAFT = "Vincent Pang confirmed that some firms in the U.S. have expressed interest [1]."

questions = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=80),
    st.text(st.sampled_from("abc XYZ?!.\u202e\u200f\x00\x07\n\t{}%$[]()\ud800\udcff'\"“”"), max_size=60),
    st.sampled_from(["{0}{__class__}%s%n", "x" * 10_000, "\u202eWho is Pang?", "", "   ", "[1] [2] <|im_start|>"]),
)


def run_cli(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["rag", *argv])
    with pytest.raises(SystemExit) as stop:
        cli.main()
    out, err = capsys.readouterr()
    return int(stop.value.code or 0), out, err


def one_answer_or_one_error(code: int, out: str, err: str) -> None:
    if code == 0:
        [line] = out.strip().split("\n")
        assert isinstance(json.loads(line), dict)
    else:
        lines = err.strip().split("\n")
        assert code in (1, 2) and len(lines) >= 1 and lines[-1].startswith("error:"), (code, out, err)


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("fuzz")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "huawei.txt").write_text(SEED_ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    make_assistant(corpus, root / "idx").build_index()
    return corpus, root / "idx"


@settings(max_examples=500, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(question=questions)
def test_any_question_gives_one_json_object_or_one_error(question, seed_index, capsys, monkeypatch):
    corpus, idx = seed_index
    monkeypatch.setattr(cli, "_answering", lambda *a, **k: make_assistant(corpus, idx, DRAFT))
    one_answer_or_one_error(*run_cli(["ask", question, "--json"], capsys, monkeypatch))


_NAMES = st.sampled_from(
    ["a.txt", "b c.md", "ünï.txt", "-dash.txt", "x" * 200 + ".txt", "d/e/f/g/h.txt", ".hidden.txt"]
)
_CONTENT = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from([b"", b"\x00" * 50, b"caf\xe9 au lait", b"\xff\xfe\x00h\x00i", b"date 2020-01-01\n\n"]),
    st.just(b"word " * 1_000_000),  # a single 5 MB line
)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(files=st.lists(st.tuples(_NAMES, _CONTENT), min_size=1, max_size=4), odd=st.binary(min_size=1, max_size=8))
def test_any_article_folder_indexes_or_gives_one_error(files, odd, tmp_path_factory, capsys, monkeypatch):
    root = tmp_path_factory.mktemp("corpus")
    corpus = root / "articles"
    for name, content in files:
        path = corpus / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    # A file name that is not UTF-8 at all.
    with open(
        os.path.join(os.fsencode(corpus), b"odd-" + odd.replace(b"/", b"_").replace(b"\x00", b"_") + b".txt"), "wb"
    ) as f:
        f.write(b"Nokia signed a deal in Tampere.")
    monkeypatch.setattr(cli, "_assistant", lambda *a, **k: make_assistant(corpus, root / "idx"))
    code, out, err = run_cli(["index"], capsys, monkeypatch)
    assert code in (0, 1), (code, out, err)
    if code:
        assert err.strip().splitlines()[-1].startswith("error:")
