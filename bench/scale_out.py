"""Benchmark: the Milvus store beside the folder store (FAISS + BM25), and Ray ingestion
beside a plain build, on this machine, in the same run.

- store build: the same synthetic articles (bench/synth.py) written by each store, with
  their sentence vectors computed once beforehand (a cached embedder), so the rate is the
  store's own cost: chunking, writing, indexing. The embedding rate of the real model is
  reported beside it: on CPU it, not the store, bounds a build.
- search at `--search-passages` passages: the same seeded vectors (clustered, as in
  bench/search_scale.py) and word bags in FAISS flat + the BM25 reader and in Milvus Lite
  (FLAT + its BM25 function); single-query p50/p95 of the dense and the lexical search, and
  dense top-10 agreement between the two.
- Ray: `--workers ray` vs a plain build of `--ray-articles` articles with the real
  embedder, Ray start-up included and reported apart.
Usage: .venv/bin/python bench/scale_out.py [--articles 1000] [--search-passages 100000] [--parts search,ray]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_scale import centers, sample  # noqa: E402
from synth import write_corpus  # noqa: E402

from rag.assistant import Assistant  # noqa: E402
from rag.models.embedder import SentenceTransformerEmbedder, resolve_embedder_path  # noqa: E402
from rag.settings import Settings  # noqa: E402


class Cached:
    """The real model's vectors, computed once per text, then served from memory."""

    def __init__(self, real: SentenceTransformerEmbedder) -> None:
        self.real, self.name, self.dim = real, real.name, real.dim
        self.memo: dict[str, np.ndarray] = {}

    def encode(self, texts: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self.memo]
        if todo:
            for t, v in zip(todo, self.real.encode(todo), strict=True):
                self.memo[t] = v
        return np.stack([self.memo[t] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)


def settings(corpus: Path, index: Path, **extra: object) -> Settings:
    return Settings().with_(corpus=corpus, index=index, **{"runtime.show_progress": False}, **extra)


def timed_build(a: Assistant) -> float:
    t = time.perf_counter()
    a.build_index(force=True, progress=False)
    return time.perf_counter() - t


def store_build(tmp: Path, n: int, real: SentenceTransformerEmbedder) -> dict:
    corpus = write_corpus(tmp / "corpus", n)
    cached = Cached(real)
    warm = Assistant(settings=settings(corpus, tmp / "warm"), index_embedder=cached)
    t = time.perf_counter()
    warm.build_index(progress=False)  # fills the cache: the embedding cost, paid once
    embed_s = time.perf_counter() - t
    passages, sentences = warm.index().passage_count, warm.index().sentence_count
    out = {"articles": n, "passages": passages, "sentences": sentences}
    out["real_embedding_sentences_per_s"] = round(sentences / embed_s, 1)
    for label, extra in (("faiss", {}), ("milvus_lite", {"store.uri": f"milvus:{tmp / 'b.db'}"})):
        seconds = timed_build(Assistant(settings=settings(corpus, tmp / label, **extra), index_embedder=cached))
        out[f"{label}_store_passages_per_s"] = round(passages / seconds, 1)
    out["milvus_vs_faiss_store_rate"] = round(
        out["milvus_lite_store_passages_per_s"] / out["faiss_store_passages_per_s"], 3
    )
    return out


def search(tmp: Path, n: int, queries: int = 200) -> dict:
    import faiss
    from pymilvus import DataType, Function, FunctionType, MilvusClient

    from rag.index import bm25

    rng = np.random.default_rng(1)
    c = centers()
    vectors = sample(c, n, rng)
    qs = sample(c, queries, rng)
    vocab = [f"w{i}" for i in range(5000)]
    zipf = 1 / np.arange(1, len(vocab) + 1)
    zipf /= zipf.sum()
    docs = [[str(w) for w in rng.choice(vocab, size=40, p=zipf)] for _ in range(n)]
    word_queries = [[str(w) for w in rng.choice(vocab[:2000], size=4)] for _ in range(queries)]

    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    bm25.write(tmp / "bm25", docs)
    lexical = bm25.Lexical(tmp / "bm25")

    client = MilvusClient(str(tmp / "search.db"))
    s = client.create_schema(auto_id=False)
    s.add_field("id", DataType.INT64, is_primary=True)
    s.add_field("vector", DataType.FLOAT_VECTOR, dim=vectors.shape[1])
    s.add_field(
        "words", DataType.VARCHAR, max_length=65535, enable_analyzer=True, analyzer_params={"tokenizer": "standard"}
    )
    s.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    s.add_function(
        Function(
            name="bm25", function_type=FunctionType.BM25, input_field_names=["words"], output_field_names=["sparse"]
        )
    )
    p = client.prepare_index_params()
    p.add_index(field_name="vector", index_type="FLAT", metric_type="IP")
    p.add_index(
        field_name="sparse",
        index_type="SPARSE_INVERTED_INDEX",
        metric_type="BM25",
        params={"bm25_k1": 1.5, "bm25_b": 0.75},
    )
    client.create_collection("bench", schema=s, index_params=p)
    t = time.perf_counter()
    for at in range(0, n, 2000):
        client.insert(
            "bench",
            [
                {"id": i, "vector": vectors[i].tolist(), "words": " ".join(docs[i])}
                for i in range(at, min(n, at + 2000))
            ],
        )
    client.flush("bench")  # seal the segments: searches then use the built indexes
    insert_s = time.perf_counter() - t
    print(f"  milvus insert {n} rows: {insert_s:.1f} s", file=sys.stderr, flush=True)
    client.load_collection("bench")

    def clock(fn, items) -> tuple[float, float, list]:
        times, results = [], []
        for item in items:
            t0 = time.perf_counter()
            results.append(fn(item))
            times.append(time.perf_counter() - t0)
        times.sort()
        return times[len(times) // 2] * 1000, times[int(len(times) * 0.95)] * 1000, results

    f50, f95, fr = clock(lambda q: flat.search(q[None, :], 10)[1][0].tolist(), qs)
    m50, m95, mr = clock(
        lambda q: [
            h["id"]
            for h in client.search(
                "bench", data=[q.tolist()], anns_field="vector", limit=10, search_params={"metric_type": "IP"}
            )[0]
        ],
        qs,
    )
    b50, b95, _ = clock(lambda w: lexical.top(w, 10), word_queries)
    l50, l95, _ = clock(
        lambda w: client.search(
            "bench", data=[" ".join(w)], anns_field="sparse", limit=10, search_params={"metric_type": "BM25"}
        ),
        word_queries,
    )
    agree = statistics.mean(len(set(a) & set(b)) / 10 for a, b in zip(fr, mr, strict=True))
    client.close()
    return {
        "passages": n,
        "milvus_lite_insert_rows_per_s": round(n / insert_s, 1),
        "dense_p50_ms": {"faiss_flat": round(f50, 2), "milvus_lite_flat": round(m50, 2)},
        "dense_p95_ms": {"faiss_flat": round(f95, 2), "milvus_lite_flat": round(m95, 2)},
        "lexical_p50_ms": {"bm25_reader": round(b50, 2), "milvus_lite_bm25": round(l50, 2)},
        "lexical_p95_ms": {"bm25_reader": round(b95, 2), "milvus_lite_bm25": round(l95, 2)},
        "dense_top10_agreement": round(agree, 4),
    }


def ray_ingest(tmp: Path, n: int, real: SentenceTransformerEmbedder) -> dict:
    import ray

    corpus = write_corpus(tmp / "ray-corpus", n)
    plain = timed_build(Assistant(settings=settings(corpus, tmp / "plain"), index_embedder=real))
    t = time.perf_counter()
    ray.init(include_dashboard=False, log_to_driver=False, configure_logging=False)
    start = time.perf_counter() - t
    a = Assistant(settings=settings(corpus, tmp / "ray", **{"store.workers": "ray"}), index_embedder=real)
    seconds = timed_build(a)
    sentences = a.index().sentence_count
    ray.shutdown()
    return {
        "articles": n,
        "sentences": sentences,
        "plain_sentences_per_s": round(sentences / plain, 1),
        "ray_sentences_per_s": round(sentences / seconds, 1),
        "ray_vs_plain": round(plain / seconds, 3),
        "ray_start_s": round(start, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--search-passages", type=int, default=100_000)
    ap.add_argument("--ray-articles", type=int, default=300)
    ap.add_argument("--parts", default="store_build,search,ray", help="which measures, comma-separated")
    args = ap.parse_args()
    real = SentenceTransformerEmbedder(resolve_embedder_path(None), Settings().embedder_name)
    real.encode(["warm up"])
    parts = {
        "store_build": lambda tmp: store_build(tmp, args.articles, real),
        "search": lambda tmp: search(tmp, args.search_passages),
        "ray": lambda tmp: ray_ingest(tmp, args.ray_articles, real),
    }
    result = {}
    with tempfile.TemporaryDirectory(prefix="rag-scale-") as tmp:
        for name in args.parts.split(","):
            result[name] = parts[name](Path(tmp))
            print(name, result[name], file=sys.stderr, flush=True)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
