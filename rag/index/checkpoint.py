"""Embedding checkpoint: an interrupted build resumes, not restarts.

A build embeds its new passages in batches and saves each batch here, under
`<index>/.resume/`, one `.npz` shard per batch, written to a temporary name and renamed, so a
shard is whole or absent. The next build looks every passage it must embed up by key
(sha256 of embedder name and indexed text) and embeds only the misses. A build that completes
deletes the folder. Shards from another embedder or dimension are discarded.
Limits: the batch being embedded when the process died is lost (at most one batch,
`store.checkpoint_batch` passages);
the folder is never the live index, only a cache of vectors.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np


def key(embedder: str, text: str) -> bytes:
    return hashlib.sha256(f"{embedder}\0{text}".encode()).digest()


class Checkpoint:
    def __init__(self, folder: Path, embedder: str, dim: int) -> None:
        self.folder, self.embedder, self.dim = folder, embedder, dim

    def _meta(self) -> dict[str, object]:
        return {"embedder": self.embedder, "dim": self.dim}

    def load(self) -> dict[bytes, np.ndarray]:
        """Vectors saved by earlier, interrupted builds with this embedder."""
        meta = self.folder / "meta.json"
        try:
            if json.loads(meta.read_text()) != self._meta():
                self.clear()
                return {}
        except (OSError, ValueError):
            self.clear()
            return {}
        found: dict[bytes, np.ndarray] = {}
        for shard in sorted(self.folder.glob("part-*.npz")):
            try:
                with np.load(shard) as data:
                    keys, vecs = data["keys"], data["vectors"]
            except (OSError, ValueError, KeyError):
                continue  # a damaged shard only costs its re-embedding
            if vecs.shape != (len(keys), self.dim) or keys.shape[1:] != (32,):
                continue
            for k, v in zip(keys, vecs, strict=True):
                found[k.tobytes()] = v
        return found

    def add(self, keys: list[bytes], vectors: np.ndarray) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        meta = self.folder / "meta.json"
        if not meta.is_file():
            meta.write_text(json.dumps(self._meta()))
        n = len(list(self.folder.glob("part-*.npz")))
        tmp = self.folder / f".part-{n:06d}.tmp.npz"
        # Raw uint8 rows, not a bytes dtype: numpy's "S32" drops trailing zero bytes of a digest.
        raw = np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(len(keys), 32)
        np.savez(tmp, keys=raw, vectors=np.asarray(vectors, dtype=np.float32))
        os.replace(tmp, self.folder / f"part-{n:06d}.npz")

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def embed_resumably(
    texts: list[str],
    checkpoint: Checkpoint,
    embed: Callable[[list[str]], np.ndarray],
    batch: int,
    progress: Callable[[int, int], None] | None = None,
    step: int = 128,
) -> tuple[np.ndarray, int]:
    """Each saved batch is embedded `step` texts at a time, reporting progress after each."""
    """Vectors for `texts`, reusing checkpointed ones; returns them and how many were reused."""
    saved = checkpoint.load()
    keys = [key(checkpoint.embedder, t) for t in texts]
    out = np.zeros((len(texts), checkpoint.dim), dtype=np.float32)
    todo = []
    for i, k in enumerate(keys):
        v = saved.get(k)
        if v is None:
            todo.append(i)
        else:
            out[i] = v
    reused = len(texts) - len(todo)
    # Similar lengths in each batch, as one encode call over everything would sort them:
    # less padding, and the build keeps pace with a bare encode.
    todo.sort(key=lambda i: len(texts[i]))
    if progress:
        progress(reused, len(texts))
    for start in range(0, len(todo), batch):
        rows = todo[start : start + batch]
        for at in range(0, len(rows), step):
            part = rows[at : at + step]
            out[part] = embed([texts[i] for i in part])
            if progress:
                progress(reused + start + at + len(part), len(texts))
        checkpoint.add([keys[i] for i in rows], out[rows])
    return out, reused
