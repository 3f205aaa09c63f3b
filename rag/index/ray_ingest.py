"""Ingestion through Ray Data: articles chunked and embedded by a pool of actors, each holding
the embedder, then written by the store in this process (`rag index --workers ray`).

`store.workers` = "ray" starts Ray on this machine (`ray.init`); "ray://HEAD:10001" joins a
cluster (Ray Client), whose nodes need rag and its bundled embedder installed. Articles are
read and checked here once (encodings, skips, duplicates) and shipped as records; actors run
`map_batches` over them: `chunk_article`, then `encode`, the same code as a plain build, so
the passages and vectors match it. Results come back per article, in any order. Ray is
imported only here, only when asked for (`pip install 'rag[ray]'`).
Limits: every result returns to this process before the store writes it (the store is the
single writer); on one 2-core machine Ray adds start-up and copying, no speed
(bench/scale_out.py measures it).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from rag.data import Article, ChunkedArticle
from rag.errors import RagError
from rag.index.chunker import chunk_article
from rag.models.embedder import Embedder
from rag.settings import Settings


class ChunkEmbed:
    """One Ray actor: holds the embedder (loaded once) and chunks and embeds batches of articles."""

    def __init__(self, embedder: bytes, chunk: bytes, threads: int) -> None:
        self.embedder: Embedder = pickle.loads(embedder)
        self.chunk = pickle.loads(chunk)
        self.threads = threads
        self.ready = False

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        if not self.ready:  # share the cores with the other actors, not fight over them
            self.embedder.encode(["warm up"])
            try:
                import torch

                torch.set_num_threads(self.threads)
            except ImportError:  # a NumPy embedder
                pass
            self.ready = True
        articles = [pickle.loads(x) for x in batch["article"]]
        chunked = [chunk_article(a, self.chunk) for a in articles]
        texts = [a.text[s:e] for a, c in zip(articles, chunked, strict=True) for s, e in c.sentences]
        vectors = self.embedder.encode(texts)
        out, at = [], 0
        for c in chunked:
            n = len(c.sentences)
            out.append(pickle.dumps((c, np.asarray(vectors[at : at + n], np.float32))))
            at += n
        return {"id": batch["id"], "result": np.array(out, dtype=object)}


class RayIngest:
    """`prepare` for a store's update: yields (article, chunked, vectors) for the given articles."""

    def __init__(self, settings: Settings, embedder: Embedder, notify: Callable[[str], None]) -> None:
        self.settings, self.embedder, self.notify = settings, embedder, notify

    def __call__(self, articles: list[Article]) -> Iterator[tuple[Article, ChunkedArticle, np.ndarray]]:
        if not articles:
            return
        ray = _ray(self.settings.store.workers, self.notify)
        s = self.settings.store
        by_id = {a.id: a for a in articles}
        data = ray.data.from_items([{"id": a.id, "article": pickle.dumps(a)} for a in articles])
        cores = int(ray.cluster_resources().get("CPU", os.cpu_count() or 1))
        actors = max(1, min(s.ray_actors, cores, len(articles)))
        per_actor = max(1, cores // actors)  # cores each actor reserves, and its torch threads
        results = data.map_batches(
            ChunkEmbed,
            fn_constructor_kwargs={
                "embedder": pickle.dumps(self.embedder),
                "chunk": pickle.dumps(self.settings.chunk),
                "threads": per_actor,
            },
            batch_size=s.ray_batch,
            concurrency=actors,
            num_cpus=per_actor,
            batch_format="numpy",
        )
        for row in results.iter_rows():
            chunked, vectors = pickle.loads(row["result"])
            yield by_id[str(row["id"])], chunked, vectors


def _ray(workers: str, notify: Callable[[str], None]) -> Any:
    try:
        import ray
    except ImportError:
        raise RagError("--workers ray needs Ray: pip install 'rag[ray]'") from None
    if workers not in ("ray",) and not workers.startswith("ray://"):
        raise RagError(f"--workers {workers!r}: use ray (this machine) or ray://HEAD:10001 (a cluster)")
    if not ray.is_initialized():
        notify(f"starting Ray ({'this machine' if workers == 'ray' else workers}); this takes a few seconds")
        try:
            ray.init(
                address=None if workers == "ray" else workers,
                include_dashboard=False,
                log_to_driver=False,
                configure_logging=False,
            )
        except (ConnectionError, RuntimeError, ValueError) as exc:
            raise RagError(f"cannot start or reach Ray at {workers} ({exc}); check --workers") from None
        ray.data.DataContext.get_current().enable_progress_bars = False
    return ray
