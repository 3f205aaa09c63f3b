"""Shared fixtures: small fakes for the embedder and generator seams, and tiny corpora."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from rag.assistant import Assistant
from rag.settings import Settings
from rag.text.lexicon import content_words

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "000_f90f437b07126a50.txt"


class FakeEmbedder:
    """Bag of hashed content words: similar wording -> similar vectors, deterministic, instant."""

    name = "fake-bow"
    dim = 64

    def __init__(self) -> None:
        self.calls: list[int] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(len(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for w in content_words(t):
                out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % self.dim] += 1.0
            norm = np.linalg.norm(out[i])
            out[i] = out[i] / norm if norm else out[i]
        return out


class FakeGenerator:
    """Replays a scripted draft in small pieces, recording the messages it was given."""

    name = "fake-llm"

    def __init__(self, draft: str = "") -> None:
        self.draft = draft
        self.messages: list[list[dict[str, str]]] = []
        self.served = 0  # pieces handed out: how far the answerer let the draft run

    def stream(self, messages: list[dict[str, str]], max_tokens: int) -> Iterator[str]:
        self.messages.append(messages)
        for i in range(0, len(self.draft), 7):
            self.served += 1
            yield self.draft[i : i + 7]


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "huawei.txt").write_text(SEED_ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "nokia.txt").write_text(
        " date 2020-01-15 Nokia signed a 5G deal with a Finnish operator.\n\n"
        "The contract covers radio equipment in Helsinki and Tampere, Nokia said on Wednesday.\n",
        encoding="utf-8",
    )
    return folder


def write_corpus(folder: Path, **articles: str) -> Path:
    """A corpus folder holding one `NAME.txt` per keyword argument."""
    folder.mkdir()
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def make_assistant(corpus: Path, index: Path, draft: str = "", **settings: object) -> Assistant:
    emb = FakeEmbedder()
    s = Settings().with_(corpus=corpus, index=index, **{"runtime.show_progress": False}, **settings)
    return Assistant(settings=s, index_embedder=emb, query_embedder=emb, generator=FakeGenerator(draft))
