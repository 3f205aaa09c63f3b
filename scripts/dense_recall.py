"""Where does the gold passage rank? Dense, BM25 and dense-with-neighbour scores, per question set.

    .venv/bin/python scripts/dense_recall.py --index /tmp/rag-eval-idx/articles-00c8b0f0 \
        --corpus ../shared/corpora/bbc/articles eval/bbc_dev4.jsonl eval/bbc_dev2.jsonl

For every answerable question: the rank of the first passage holding a gold quote (the test
of `rag eval`'s recall@k, copies of the gold article included), under
- dense: rag's own dense search, passages ordered by their best sentence's cosine;
- bm25: rag's BM25 over passages;
- pair: each sentence scored by the larger of its own cosine and the cosine to the normalised
  sum of its vector and the previous sentence's (a sentence that continues the one before:
  "They won best group ..."), computed from the stored vectors, no encoding.
Prints recall at 8, 20 and 50 per set and per scoring. A measuring tool for retrieval work
(2026-12-02: bbc_dev4 dense 0.71 / 0.83 at 8 / 20, pair 0.83 / 0.88), not part of rag.
Reads an exact (flat) folder index whole; for tuning sets only, never a test split twice.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.assistant import Assistant
from rag.evaluate import holds_gold, load_questions
from rag.index.vectors import top_rows
from rag.settings import Settings

CUTS = (8, 20, 50)


def pair_scores(vectors: np.ndarray, same_article_as_previous: np.ndarray, question: np.ndarray) -> np.ndarray:
    own = vectors @ question
    summed = vectors.copy()
    summed[1:][same_article_as_previous[1:]] += vectors[:-1][same_article_as_previous[1:]]
    summed /= np.linalg.norm(summed, axis=1, keepdims=True)
    return np.maximum(own, summed @ question)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sets", nargs="+", type=Path)
    ap.add_argument("--index", type=Path, required=True, help="one corpus's index folder")
    ap.add_argument("--corpus", type=Path, required=True)
    args = ap.parse_args()
    settings = Settings().with_(corpus=args.corpus, index=args.index, **{"runtime.show_progress": False})
    assistant = Assistant(settings=settings)
    retriever, index = assistant._retriever(), assistant.index()
    n = index.sentence_count
    vectors = index.sentence_vectors(list(range(n)))
    chunks = index.chunks_at(list(range(index.passage_count)))
    article = np.array([chunks[index.passages_of(r)[0]].article_id for r in range(n)])
    same = np.r_[False, article[1:] == article[:-1]]
    limit = max(CUTS)
    # As the retriever asks: enough sentences that `limit` distinct passages come back.
    sentences = limit * settings.retrieval.sentence_hits
    for path in args.sets:
        ranks: dict[str, list[int]] = {"dense": [], "bm25": [], "pair": []}
        for q in load_questions(path):
            if not q["answerable"]:
                continue
            query = retriever.embed(assistant.query(q["question"]))
            lists = {
                "dense": index.dense_search(query.vector, sentences),
                "bm25": index.lexical_search(list(query.words), limit),
                "pair": index.passages_for(top_rows(pair_scores(vectors, same, query.vector), sentences)),
            }
            for name, ranked in lists.items():
                hits = [k for k, p in enumerate(ranked[:limit]) if holds_gold(chunks[p].text, q["gold"])]
                ranks[name].append(hits[0] if hits else limit)
        cells = {name: " / ".join(f"{np.mean(np.array(r) < cut):.2f}" for cut in CUTS) for name, r in ranks.items()}
        print(f"{path.name} ({len(ranks['dense'])} answerable), recall at {CUTS}:", cells)


if __name__ == "__main__":
    main()
