"""Faults a user meets, each reproduced first: crash windows, a busy index, a full disk,
damaged files, wrong paths, bad flags and bad bytes. Each ends in an answer or one line."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rag.errors import StoreError
from rag.index import generations
from rag.index.store import Store
from tests.conftest import ROOT, make_assistant

Q = "Who signed the 5G deal with a Finnish operator?"


def test_a_stray_generation_goes_and_the_replaced_one_stays(corpus: Path, tmp_path: Path):
    idx = tmp_path / "idx"
    make_assistant(corpus, idx).build_index()
    live = Store(idx).current()
    stray = idx / "gen-000002"  # renamed into place by a build killed before its switch
    shutil.copytree(live, stray)
    (corpus / "new.txt").write_text("Samsung opened a 5G lab in Seoul.\n", encoding="utf-8")
    make_assistant(corpus, idx).build_index()
    names = sorted(p.name for p in idx.glob("gen-*"))
    assert names == [live.name, "gen-000003"]  # the replaced one kept for readers, the stray gone


def test_garbage_in_current_falls_back_to_the_newest_complete_generation(corpus: Path, tmp_path: Path):
    idx = tmp_path / "idx"
    make_assistant(corpus, idx).build_index()
    (idx / "CURRENT").write_bytes(b"\xff\xfe\x00garbage")
    assert make_assistant(corpus, idx, "Nokia signed a 5G deal with a Finnish operator [2].").ask(Q).text


def test_a_question_during_an_update_is_answered_from_the_live_index(corpus: Path, tmp_path: Path):
    idx = tmp_path / "idx"
    make_assistant(corpus, idx).build_index()
    (corpus / "new.txt").write_text("Samsung opened a 5G lab in Seoul.\n", encoding="utf-8")
    notes: list[str] = []
    a = make_assistant(corpus, idx, "Nokia signed a 5G deal with a Finnish operator [2].")
    a.notify = notes.append
    with Store(idx).lock():  # another `rag index` is running
        answer = a.ask(Q)
    assert answer.citations and "answering from the index as it is" in notes[-1]


def test_full_disk_is_one_line_and_leaves_nothing_behind(corpus: Path, tmp_path: Path, monkeypatch):
    idx = tmp_path / "idx"
    a = make_assistant(corpus, idx)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(np, "save", full)
    with pytest.raises(StoreError, match=r"no space left on the disk holding .*idx \(about \d+ MB needed\)"):
        a.build_index()
    assert not list(idx.glob(".tmp-*")) and not (idx / ".resume").exists()


def test_truncated_search_files_are_found_and_rebuilt(corpus: Path, tmp_path: Path):
    idx = tmp_path / "idx"
    make_assistant(corpus, idx, **{"store.index_type": "hnsw"}).build_index()
    faiss_file = Store(idx).current() / "faiss.index"
    faiss_file.write_bytes(faiss_file.read_bytes()[:10])
    with pytest.raises(StoreError, match=r"faiss\.index is 10 bytes"):
        Store(idx).load()
    plan = make_assistant(corpus, idx, **{"store.index_type": "hnsw"}).build_index()
    assert "damaged" in plan.reason and Store(idx).load().faiss().ntotal > 0
    vectors = Store(idx).current() / "vectors.npy"  # what an exact index searches
    vectors.write_bytes(vectors.read_bytes()[:100])
    plan = make_assistant(corpus, idx, **{"store.index_type": "hnsw"}).build_index()
    assert "damaged" in plan.reason and len(Store(idx).load().vectors) > 0


def test_index_path_that_is_a_file_or_unwritable(corpus: Path, tmp_path: Path, monkeypatch):
    afile = tmp_path / "index.txt"
    afile.write_text("x")
    with pytest.raises(StoreError, match="is a file, not a folder"):
        make_assistant(corpus, afile).build_index()
    real_open = os.open

    def read_only(path, *args, **kwargs):
        if str(path).endswith(".lock"):
            raise PermissionError(errno.EROFS, "Read-only file system")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(StoreError, match=r"cannot write to the index folder .*Read-only file system"):
        make_assistant(corpus, tmp_path / "ro").build_index()


def rag(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rag", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["ask", "x", "--k", "0"], 2, "Invalid value for '--k'"),
        (["ask", "x", "--k", "abc"], 2, "Invalid value for '--k'"),
        (["nope"], 2, "No such command 'nope'"),
        (["ask", "x", "--model", "/tmp"], 1, "is a folder; pass --model PATH to a .gguf file"),
        (["ask", "x", "--set", "gate.nope=1"], 1, "unknown setting"),
    ],
)
def test_usage_mistakes_are_one_error_line(args: list[str], code: int, message: str):
    r = rag(*args)
    lines = r.stderr.strip().splitlines()
    assert r.returncode == code and len(lines) == 1 and lines[0].startswith("error:") and message in lines[0], r.stderr


def test_a_question_with_bytes_that_are_not_utf8(corpus: Path, tmp_path: Path):
    question = os.fsdecode(b"\xed\xa0\xbd What did Nokia sign?")  # lone surrogates, as argv hands them over
    a = make_assistant(corpus, tmp_path / "idx", "Nokia signed a 5G deal with a Finnish operator [2].")
    assert "\ufffd" in a.ask(question).question


def test_generations_listing_ignores_what_is_not_ours(tmp_path: Path):
    (tmp_path / "gen-000001").mkdir()  # no manifest: not complete
    (tmp_path / "gen-x").mkdir()
    assert generations.complete(tmp_path) == [] and generations.live(tmp_path) is None
