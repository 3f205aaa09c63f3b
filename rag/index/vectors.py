"""The search index over the sentence vectors: exact (NumPy), HNSW or IVF (FAISS), chosen by size.

Vectors are L2-normalised, so inner product = cosine. "auto" means exact search below
`store.approx_from` passages and IVF above it (bench/search_scale.py: IVF builds faster than
HNSW at equal or better recall, and every incremental update rebuilds the search index, so
build time counts). The parameters chosen are recorded in the manifest and re-applied on load.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from rag.errors import StoreError
from rag.settings import StoreSettings


def top_rows(scores: np.ndarray, k: int) -> np.ndarray:
    """Rows of the k highest scores, best first (ties: lower row first, as FAISS orders them)."""
    k = min(k, len(scores))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    best = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    return best[np.lexsort((best, -scores[best]))]


def exact_top(vectors: np.ndarray, vector: np.ndarray, n: int) -> np.ndarray:
    """Rows of the n highest inner products, best first, as FAISS's flat index gives them,
    without importing faiss (0.44 s of a cold question)."""
    return top_rows(vectors @ vector, n) if len(vectors) else np.zeros(0, dtype=np.int64)


def choose_index_type(requested: str, n: int, settings: StoreSettings) -> str:
    if requested != "auto":
        return requested
    return "flat" if n < settings.approx_from else "ivf"


def tune(index: Any, meta: dict[str, Any]) -> None:
    """Apply the search-time parameters recorded in `meta` to a loaded index."""
    import faiss

    if meta["type"] == "hnsw":
        faiss.downcast_index(index).hnsw.efSearch = int(meta["ef_search"])
    elif meta["type"] == "ivf":
        faiss.extract_index_ivf(index).nprobe = int(meta["nprobe"])


def build_faiss(vectors: np.ndarray, index_type: str, settings: StoreSettings) -> tuple[Any, dict[str, Any]]:
    """A FAISS inner-product index over normalised vectors (= cosine) and its parameters."""
    import faiss

    n, dim = vectors.shape
    s = settings
    if index_type == "flat":
        index, meta = faiss.IndexFlatIP(dim), {"type": "flat"}
    elif index_type == "hnsw":
        index = faiss.IndexHNSWFlat(dim, s.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = s.hnsw_ef_construction
        meta = {"type": "hnsw", "m": s.hnsw_m, "ef_construction": s.hnsw_ef_construction, "ef_search": s.hnsw_ef_search}
    elif index_type == "ivf":
        nlist = max(1, min(int(s.ivf_lists_per_sqrt * np.sqrt(max(n, 1))), max(n // s.ivf_min_list, 1)))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        if n:
            rng = np.random.default_rng(0)
            sample_size = nlist * s.ivf_train_per_list
            sample = vectors[rng.choice(n, min(n, sample_size), replace=False)] if n > sample_size else vectors
            index.train(sample)
        meta = {"type": "ivf", "nlist": nlist, "nprobe": min(nlist, s.ivf_nprobe)}
    else:
        raise StoreError(f"unknown index type {index_type!r}; use auto, flat, hnsw or ivf")
    if n:
        index.add(vectors)
    tune(index, meta)
    return index, meta
