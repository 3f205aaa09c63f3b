"""Benchmark: vector search at 100,000 and 1,000,000 passages (synthetic vectors).

For each size, the same vectors go into an exact index (the baseline, also the ground truth)
and the approximate index types rag can write (HNSW, IVF, with the parameters rag.index.vectors uses).
Reports build seconds, single-query latency p50/p95, recall@10 against exact search, and
index memory (bytes of the serialised index). Vectors are a seeded mixture of 2,000 Gaussian
clusters on the unit sphere (real embeddings are clustered by topic; uniform random vectors
would be an unrealistic worst case for IVF); queries are fresh points from the same clusters.
Usage: .venv/bin/python bench/search_scale.py [--sizes 100000 1000000] [--types hnsw ivf]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag.index.vectors import build_faiss  # noqa: E402
from rag.settings import StoreSettings  # noqa: E402

DIM = 384


def centers(seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((2000, DIM)).astype(np.float32)


def sample(c: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    out = c[rng.integers(0, len(c), n)] + 0.6 * rng.standard_normal((n, DIM)).astype(np.float32)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def synthetic(n: int, seed: int = 0) -> np.ndarray:
    c, rng = centers(seed), np.random.default_rng(seed + 1)
    return np.concatenate([sample(c, min(100_000, n - s), rng) for s in range(0, n, 100_000)])


def queries(n: int = 200, seed: int = 0) -> np.ndarray:
    """Fresh points from the same topics: near many passages, a copy of none."""
    return sample(centers(seed), n, np.random.default_rng(seed + 2))


def measure(index, qs: np.ndarray, truth: np.ndarray | None) -> dict:
    import faiss

    lat = []
    found = []
    for q in qs:
        t = time.perf_counter()
        _, ids = index.search(q[None, :], 10)
        lat.append(time.perf_counter() - t)
        found.append(ids[0])
    lat_ms = sorted(x * 1000 for x in lat)
    out = {
        "p50_ms": round(lat_ms[len(lat_ms) // 2], 3),
        "p95_ms": round(lat_ms[int(0.95 * len(lat_ms))], 3),
        "index_mb": round(faiss.serialize_index(index).nbytes / 2**20, 1),
    }
    if truth is not None:
        hits = sum(len(set(f) & set(t)) for f, t in zip(found, truth, strict=True))
        out["recall_at_10"] = round(hits / (10 * len(truth)), 4)
    return out, np.array(found)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--types", nargs="+", default=["hnsw", "ivf"])
    args = ap.parse_args()
    import faiss

    result = {"threads": faiss.omp_get_max_threads(), "sizes": {}}
    for n in args.sizes:
        data = synthetic(n)
        qs = queries()
        row = {}
        t = time.perf_counter()
        flat, _ = build_faiss(data, "flat", StoreSettings())
        row["flat"] = {"build_s": round(time.perf_counter() - t, 2)}
        stats, truth = measure(flat, qs, None)
        row["flat"].update(stats)
        del flat
        for kind in args.types:
            t = time.perf_counter()
            index, meta = build_faiss(data, kind, StoreSettings())
            row[kind] = {"build_s": round(time.perf_counter() - t, 2), "params": meta}
            stats, _ = measure(index, qs, truth)
            row[kind].update(stats)
            row[kind]["p50_vs_flat"] = round(stats["p50_ms"] / row["flat"]["p50_ms"], 3)
            del index
            print(n, kind, row[kind], file=sys.stderr, flush=True)
        result["sizes"][str(n)] = row
        del data
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
