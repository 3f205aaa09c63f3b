"""Benchmark: index build rate and incremental re-indexing.

- build: `Assistant.build_index` on a synthetic corpus (passages/s), against a bare
  sentence-transformers `encode` of exactly the same passage texts in the same run, with the
  model already loaded for both; reports torch's thread count (both cores used?).
- re-index: a 10,000-article synthetic corpus, built once; then an unchanged re-index, and one
  article added, changed and removed, each timed end to end (corpus scan, hashing, plan,
  write) with the number of sentences and new words embedded, and a check that the removed
  article never comes back in search results.
Usage: .venv/bin/python bench/index_build.py [--build-articles 1000] [--reindex-articles 10000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synth import article, write_corpus  # noqa: E402

from rag.assistant import Assistant  # noqa: E402
from rag.models.embedder import SentenceTransformerEmbedder, resolve_embedder_path  # noqa: E402
from rag.settings import Settings  # noqa: E402


class Counting(SentenceTransformerEmbedder):
    embedded = 0

    def encode(self, texts):
        Counting.embedded += len(texts)
        return super().encode(texts)


def assistant(corpus: Path, index: Path, emb: Counting) -> Assistant:
    return Assistant(
        settings=Settings().with_(corpus=corpus, index=index, **{"runtime.show_progress": False}), index_embedder=emb
    )


def build_rate(tmp: Path, n: int, emb: Counting) -> dict:
    corpus = write_corpus(tmp / "build", n)
    emb.encode(["warm up"])  # load torch + model outside both timings
    a = assistant(corpus, tmp / "build-index", emb)
    t = time.perf_counter()
    a.build_index(force=True)
    ours = time.perf_counter() - t
    texts = [c.indexed_text for c in a.index().chunks]
    model = emb._load()
    t = time.perf_counter()
    model.encode(texts, batch_size=emb.batch_size, normalize_embeddings=True, convert_to_numpy=True)
    bare = time.perf_counter() - t
    import torch

    return {
        "articles": n,
        "passages": len(texts),
        "rag_passages_per_s": round(len(texts) / ours, 1),
        "bare_encode_passages_per_s": round(len(texts) / bare, 1),
        "ratio_vs_bare": round(bare / ours, 3),
        "torch_threads": torch.get_num_threads(),
    }


def step(a: Assistant, label: str) -> dict:
    before = Counting.embedded
    t = time.perf_counter()
    plan = a.build_index()
    return {
        "step": label,
        "seconds": round(time.perf_counter() - t, 3),
        "sentences_embedded": plan.embedded,
        # New words the step's articles brought, encoded for the stored word vectors (rag.index.words).
        "words_embedded": Counting.embedded - before - plan.embedded,
        "plan": plan.summary(),
    }


def reindex(tmp: Path, n: int, emb: Counting) -> dict:
    corpus = write_corpus(tmp / "big", n)
    a = assistant(corpus, tmp / "big-index", emb)
    t = time.perf_counter()
    a.build_index()
    first = time.perf_counter() - t
    steps = [step(a, "unchanged")]
    (corpus / "new-article.txt").write_text(article(10**7), encoding="utf-8")
    steps.append(step(a, "one added"))
    (corpus / "a000007.txt").write_text(article(7, version=1), encoding="utf-8")
    steps.append(step(a, "one changed"))
    removed = corpus / "a000042.txt"
    removed_text = removed.read_text(encoding="utf-8")
    removed.unlink()
    steps.append(step(a, "one removed"))
    lead = removed_text.split("\n", 1)[0].split(" ", 3)[3]
    hits = Assistant(settings=a.settings, index_embedder=emb).retrieve(lead)
    return {
        "articles": n,
        "passages": len(a.index().chunks),
        "first_build_s": round(first, 1),
        "steps": steps,
        "removed_article_in_results": any(p.article_id == "a000042" for p in hits),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-articles", type=int, default=1000)
    ap.add_argument("--reindex-articles", type=int, default=10_000)
    args = ap.parse_args()
    emb = Counting(resolve_embedder_path(None), Settings().embedder_name)
    tmp = Path(tempfile.mkdtemp(prefix="rag-bench-"))
    try:
        result = {"build": build_rate(tmp, args.build_articles, emb)}
        print(result["build"], file=sys.stderr, flush=True)
        result["reindex"] = reindex(tmp, args.reindex_articles, emb)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
