"""Benchmark: one very large article. Chunking must grow linearly with its size, and a big
article must index at the rate of the embedder alone (its bare `encode` of the same
sentences, measured in the same run).

Prints one JSON object: chunking seconds and passages/s at 0.25, 1, 5 and 20 MB (a rate
that stays flat = linear), and for a 0.25 MB article the whole `rag index` against a bare
encode of its sentences.
Usage: .venv/bin/python bench/big_article.py
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag.assistant import Assistant  # noqa: E402
from rag.index.chunker import chunk_article  # noqa: E402
from rag.index.corpus import parse_article  # noqa: E402
from rag.settings import ChunkSettings, Settings  # noqa: E402

PARAGRAPH = (
    "Shares in Cairn Energy rose 3.8% to 1,088 pence on Tuesday after the U.S. firm announced a fresh gas "
    "find. Mr. Gammell said more work was needed. The firm, which last year made a number of finds, said the "
    "discovery could be large.\n\n"
)


def article_text(megabytes: float) -> str:
    return "A very long article\n\n" + PARAGRAPH * int(megabytes * 1e6 / len(PARAGRAPH))


def main() -> None:
    chunking = []
    for mb in (0.25, 1, 5, 20):
        article = parse_article("big", "big.txt", article_text(mb))
        t = time.perf_counter()
        chunked = chunk_article(article, ChunkSettings())
        seconds = time.perf_counter() - t
        chunking.append(
            {
                "mb": mb,
                "seconds": round(seconds, 2),
                "passages": len(chunked.chunks),
                "passages_per_s": round(len(chunked.chunks) / seconds),
            }
        )
    tmp = Path(tempfile.mkdtemp(prefix="rag-big-"))
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        (corpus / "big.txt").write_text(article_text(0.25), encoding="utf-8")
        a = Assistant(settings=Settings().with_(corpus=corpus, index=tmp / "idx", **{"runtime.show_progress": False}))
        a.index_embedder.encode(["warm up"])  # load torch and the model outside both timings
        t = time.perf_counter()
        plan = a.build_index()
        build = time.perf_counter() - t
        sentences = [a.articles()[0].text[s:e] for s, e in chunk_article(a.articles()[0], ChunkSettings()).sentences]
        t = time.perf_counter()
        a.index_embedder.encode(sorted(sentences, key=len))
        bare = time.perf_counter() - t
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        json.dumps(
            {
                "chunking": chunking,
                "index_0.25mb": {
                    "sentences": plan.embedded,
                    "build_s": round(build, 1),
                    "bare_encode_s": round(bare, 1),
                    "build_vs_bare": round(bare / build, 2),
                },
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
