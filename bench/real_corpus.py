"""Benchmark: a real news corpus (default: the 2,225 BBC articles of ../shared/corpora/bbc),
indexed from scratch, then asked.

- build: `Assistant.build_index(force=True)` from an empty index folder (reading, chunking,
  embedding, writing) against a bare sentence-transformers `encode` of exactly the same
  sentence texts in the same run, the model loaded for both; passages/s and sentences/s;
  files skipped and why; the size of the index on disk; the corpus word vectors' step
  (rag.index.words) timed again alone, as a share of the rest of the build.
- cold ask: a fresh `rag ask` process on that index (corpus check included: every file is
  read and hashed), median of `--runs`.
- warm ask: one long-lived Assistant over the first `--questions` questions of a question
  set on that corpus: time to the first verified sentence and total, p50/p95.
The corpus is read where it lies; nothing is copied into the project.
Usage: .venv/bin/python bench/real_corpus.py [--corpus DIR] [--questions-file F] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag.assistant import Assistant  # noqa: E402
from rag.index import words  # noqa: E402
from rag.models.embedder import SentenceTransformerEmbedder, resolve_embedder_path  # noqa: E402
from rag.settings import Settings  # noqa: E402


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return round(s[min(len(s) - 1, int(q * len(s)))], 3)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def build(corpus: Path, index: Path) -> tuple[dict, Assistant]:
    emb = SentenceTransformerEmbedder(resolve_embedder_path(None), Settings().embedder_name)
    emb.encode(["warm up"])  # torch and the model load outside both timings
    settings = Settings().with_(corpus=corpus, index=index, **{"runtime.show_progress": False})
    a = Assistant(settings=settings, index_embedder=emb)
    t = time.perf_counter()
    plan = a.build_index(force=True, progress=False)
    ours = time.perf_counter() - t
    loaded = a.index()
    texts = [loaded.sentence_text(i) for i in range(len(loaded.sentences))]
    model = emb._load()
    t = time.perf_counter()
    model.encode(texts, batch_size=emb.batch_size, normalize_embeddings=True, convert_to_numpy=True)
    bare = time.perf_counter() - t
    # The word vectors' share, timed again on their own in this run: what storing them adds
    # to a build that stored none (the budget: +30% at most).
    t = time.perf_counter()
    vocab, _ = words.extend(None, [article.text for article in a.articles()], emb.encode, emb.dim)
    words_s = time.perf_counter() - t
    live = loaded.path
    words_bytes = sum((live / f).stat().st_size for f in (words.WORDS_FILE, words.VECTORS_FILE))
    return {
        "articles": len(loaded.manifest["articles"]),
        "skipped": plan.skipped,
        "passages": len(loaded.chunks),
        "sentences": len(texts),
        "build_s": round(ours, 1),
        "rag_passages_per_s": round(len(loaded.chunks) / ours, 1),
        "rag_sentences_per_s": round(len(texts) / ours, 1),
        "bare_encode_sentences_per_s": round(len(texts) / bare, 1),
        "ratio_vs_bare": round(bare / ours, 3),
        "words": len(vocab),
        "words_s": round(words_s, 1),
        "words_added_to_build": round(words_s / (ours - words_s), 3),
        "words_mb_on_disk": round(words_bytes / 1e6, 1),
        "index_mb_on_disk": round(folder_bytes(live) / 1e6, 1),
        "corpus_mb": round(folder_bytes(corpus) / 1e6, 1),
    }, a


def cold(corpus: Path, index: Path, question: str, runs: int) -> dict:
    cmd = [str(ROOT / ".venv/bin/rag"), "ask", question, "--corpus", str(corpus), "--index", str(index)]
    totals, firsts = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
        assert p.stdout is not None
        p.stdout.read(1)
        firsts.append(time.perf_counter() - t0)
        p.stdout.read()
        p.wait()
        totals.append(time.perf_counter() - t0)
    return {
        "question": question,
        "first_output_s_median": round(statistics.median(firsts), 3),
        "total_s_median": round(statistics.median(totals), 3),
        "runs": runs,
    }


def warm(a: Assistant, questions: list[str]) -> dict:
    a.ask(questions[0])  # models loaded outside the timings
    shown, total = [], []
    for q in questions:
        t0 = time.perf_counter()
        first = None
        for item in a.stream(q):
            if first is None and isinstance(item, str):
                first = time.perf_counter() - t0
        total.append(time.perf_counter() - t0)
        shown.append(first or total[-1])
    return {
        "questions": len(questions),
        "first_verified_text_p50": pct(shown, 0.5),
        "first_verified_text_p95": pct(shown, 0.95),
        "total_p50": pct(total, 0.5),
        "total_p95": pct(total, 0.95),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared/corpora/bbc/articles")
    ap.add_argument("--questions-file", type=Path, default=ROOT / "eval/bbc_dev.jsonl")
    ap.add_argument("--questions", type=int, default=30)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"error: no corpus at {args.corpus}; pass --corpus DIR")
    questions = [json.loads(line)["question"] for line in args.questions_file.open(encoding="utf-8")]
    questions = questions[: args.questions]
    with tempfile.TemporaryDirectory(prefix="rag-real-") as tmp:
        index = Path(tmp) / "index"
        built, a = build(args.corpus.resolve(), index)
        print("build", built, file=sys.stderr, flush=True)
        result = {
            "corpus": str(args.corpus),
            "build": built,
            "cold_ask": cold(args.corpus.resolve(), index, questions[0], args.runs),
            "warm_ask": warm(a, questions),
        }
    print(json.dumps(result, indent=1))
    for section in ("cold_ask", "warm_ask"):
        print(section, result[section], file=sys.stderr)


if __name__ == "__main__":
    main()
