"""A real build killed (SIGKILL, as kill -9) at every stage boundary, on a first build and on
an update: the next question is answered and the next build ends with what a clean build
makes. The build runs in a child process with the fake embedder; a test hook replaces one
function with one that kills the process at that point."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, make_assistant

CHILD = r"""
import os, signal, sys, json
sys.path.insert(0, {root!r})
from pathlib import Path
from tests.conftest import make_assistant
stage, corpus, index = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def after(target, name, calls=1):
    original = getattr(target, name)
    count = [0]
    def hook(*a, **k):
        out = original(*a, **k)
        count[0] += 1
        if count[0] >= calls:
            die()
        return out
    setattr(target, name, hook)

def before(target, name, calls=1):
    original = getattr(target, name)
    count = [0]
    def hook(*a, **k):
        count[0] += 1
        if count[0] >= calls:
            die()
        return original(*a, **k)
    setattr(target, name, hook)

import numpy, shutil
from rag.index import checkpoint, generations, keeper, store
a = make_assistant(corpus, index, **{{"store.checkpoint_batch": 2}})
points = {{
    "chunk": lambda: after(keeper, "chunk_article", 2),
    "embed": lambda: before(a.index_embedder, "encode", 2),
    "checkpoint": lambda: after(checkpoint.Checkpoint, "add", 1),
    "write": lambda: after(store.np, "save", 1),
    "rename": lambda: before(generations.os, "replace", 1),
    "pointer": lambda: before(generations.os, "replace", 2),
    "cleanup": lambda: before(generations.shutil, "rmtree", 1),
}}
points[stage]()
a.build_index()
print("finished without being killed")
"""

STAGES = ["chunk", "embed", "checkpoint", "write", "rename", "pointer", "cleanup"]


def write_corpus(folder: Path, n: int, extra: str = "") -> None:
    folder.mkdir(exist_ok=True)
    for i in range(n):
        (folder / f"a{i}.txt").write_text(
            f"Carrier{i} signed deal{i} with Nokia in city{i}. Talks{i} lasted weeks{i}.\n{extra}", encoding="utf-8"
        )


def passages(index: Path) -> list:
    from rag.index.store import Store

    loaded = Store(index).load()
    return sorted((c.article_id, c.start, c.end, c.text) for c in loaded.chunks)


@pytest.mark.parametrize("update", [False, True], ids=["first-build", "update"])
@pytest.mark.parametrize("stage", STAGES)
def test_killed_build_leaves_a_working_index(stage: str, update: bool, tmp_path: Path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, 4)
    if update:
        make_assistant(corpus, index).build_index()
        write_corpus(corpus, 6, extra="Revised text.")  # four changed, two added
    child = subprocess.run(
        [sys.executable, "-c", CHILD.format(root=str(ROOT)), stage, str(corpus), str(index)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert child.returncode == -9, (stage, child.stdout, child.stderr[-2000:])

    # The next question is answered (from the previous generation, or after a build).
    answer = make_assistant(corpus, index, "Carrier1 signed deal1 with Nokia [1].").ask("Who signed deal1?")
    assert answer.text
    # The next build finishes with exactly what a clean build makes.
    make_assistant(corpus, index).build_index()
    clean = tmp_path / "clean"
    make_assistant(corpus, clean).build_index()
    assert passages(index) == passages(clean)
    assert not list(index.glob(".tmp-*"))
    assert (index / (index / "CURRENT").read_text().strip() / "manifest.json").is_file()  # CURRENT is whole
