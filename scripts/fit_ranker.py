"""Fit the sentence ranker and the answerability gate on development question sets.

    .venv/bin/python scripts/fit_ranker.py --index /tmp/rag-eval-idx \
        eval/bbc_dev.jsonl eval/dev.jsonl eval/heldout.jsonl

For every question: parse, retrieve and rank exactly as `rag ask` does, then
- ranker: one row per evidence sentence, labelled 1 when it holds the gold evidence or every
  required fact; logistic regression (Newton steps, L2), scored by grouped 5-fold
  cross-validation (folds by article, so no article is both trained and tested on): the
  share of questions whose top sentence is a labelled one, against cosine and term baselines;
- gate: one row per question (answerable or not) with rag.answer.gate's signals under the
  fitted ranker; logistic regression with the same folds; the threshold is the highest whose
  cross-validated false refusals stay under --max-false-refusals.
Prints the cross-validated figures and the fitted settings; `--write` puts them into
rag/settings.py (the knobs' defaults, nothing else). Never run on a test split: it is the
tuning step.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import fields, replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rag.answer import gate, ranking
from rag.answer.asked import ablate
from rag.answer.evidence import EvidenceSet
from rag.assistant import Assistant
from rag.evaluate import assistant_for, load_questions
from rag.settings import Settings


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> np.ndarray:
    """Logistic regression by Newton's method; the last weight is the bias (not penalised)."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    penalty = l2 * np.diag(np.r_[np.ones(len(w) - 1), 0.0])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-xb @ w))
        grad = xb.T @ (p - y) + penalty @ w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + penalty
        w -= np.linalg.solve(hess, grad)
    return w


def collect(paths: list[Path], index_root: Path) -> list[dict]:
    base = Assistant(settings=Settings().with_(**{"runtime.show_progress": False}))
    rows = []
    with assistant_for(base, index_root) as make:
        for path in paths:
            for q in load_questions(path):
                a = make(q["corpus_dir"])
                retriever = a._retriever()
                query = retriever.embed(a.query(q["question"]))
                evidence = EvidenceSet(
                    retriever.search(query), a.query_embedder, a.index(), a.settings.answer.context_chain
                )
                bm = a.index().bm25()
                idf = ranking.corpus_idf(bm.num_docs, bm.df)
                # As the answerer does: the asked words, once the words' rarity is known.
                query = ablate(query, a.query_embedder, idf, bm.df, a.settings.asked)
                texts = {}
                labels = []
                for e in evidence.sentences:
                    labels.append(_holds_answer(q, e, texts))
                article = q["gold"][0]["article"] if q.get("gold") else q.get("near") or q["id"]
                rows.append(
                    {
                        "q": q,
                        "query": query,
                        "evidence": evidence,
                        "idf": idf,
                        "x": ranking.features(query, evidence, idf),
                        "y": np.array(labels, bool),
                        "group": f"{q['corpus_dir']}/{article}",
                    }
                )
    return rows


def _holds_answer(q: dict, e, texts: dict) -> bool:
    low = e.text.lower()
    facts = q.get("facts") or []
    if facts and all(any(a.lower() in low for a in group) for group in facts):
        return True
    for g in q.get("gold", []):
        if g["article"] != e.passage.chunk.article_id:
            continue
        path = Path(q["corpus_dir"], g["article"] + ".txt")
        text = texts.setdefault(path, path.read_text(encoding="utf-8") if path.is_file() else "")
        at = text.find(g["quote"])
        if at >= 0 and e.start < at + len(g["quote"]) and at < e.end:
            return True
    return False


def folds(rows: list[dict], k: int = 5) -> list[set[str]]:
    groups = sorted({r["group"] for r in rows})
    np.random.default_rng(0).shuffle(groups)
    return [set(groups[i::k]) for i in range(k)]


def top1(rows: list[dict], w: np.ndarray) -> float:
    hits = [r["y"][int(np.argmax(r["x"] @ w[:-1] + w[-1]))] for r in rows if r["y"].any()]
    return float(np.mean(hits))


def dump_gate(rows: list[dict], xs: np.ndarray) -> None:
    for r, x in sorted(zip(rows, xs, strict=True), key=lambda t: t[0]["q"]["answerable"]):
        print(int(r["q"]["answerable"]), np.round(x, 2), r["q"]["question"][:80])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sets", nargs="+", type=Path)
    ap.add_argument("--index", type=Path, required=True, help="folder of per-corpus indexes (as rag eval --index)")
    ap.add_argument("--max-false-refusals", type=float, default=0.05)
    ap.add_argument("--dump", action="store_true", help="print every question's gate signals")
    ap.add_argument("--write", action="store_true", help="write the fitted weights into rag/settings.py")
    args = ap.parse_args()
    rows = collect(args.sets, args.index)
    answerable = [r for r in rows if r["q"]["answerable"] and len(r["y"])]
    split = folds(rows)
    n_features = len(ranking.FEATURES)
    one_hot = {name: np.r_[np.eye(n_features)[i], 0.0] for i, name in enumerate(ranking.FEATURES)}
    print(
        f"ranker baselines, top-1: cosine {top1(answerable, one_hot['cosine']):.3f}, "
        f"terms {top1(answerable, one_hot['terms']):.3f}"
    )
    out_of_fold = []
    for test in split:
        train = [r for r in answerable if r["group"] not in test]
        w = fit(np.vstack([r["x"] for r in train]), np.concatenate([r["y"] for r in train]).astype(float))
        out_of_fold += [
            r["y"][int(np.argmax(r["x"] @ w[:-1] + w[-1]))] for r in answerable if r["group"] in test and r["y"].any()
        ]
    print(f"ranker cross-validated top-1: {np.mean(out_of_fold):.3f} over {len(out_of_fold)} questions")
    w = fit(np.vstack([r["x"] for r in answerable]), np.concatenate([r["y"] for r in answerable]).astype(float))
    rank = replace(
        Settings().rank,
        **{f"w_{n}": round(float(v), 3) for n, v in zip(ranking.FEATURES, w, strict=False)},
        bias=round(float(w[-1]), 3),
    )
    print("rank settings:", rank)

    s = Settings().gate
    xs = np.array(
        [
            gate.signals(
                r["query"],
                r["evidence"],
                ranking.scores(r["query"], r["evidence"], r["idf"], rank),
                r["idf"],
                s,
            )
            for r in rows
        ]
    )
    ys = np.array([r["q"]["answerable"] for r in rows], float)
    probs = np.zeros(len(rows))
    for test in split:
        train = np.array([r["group"] not in test for r in rows])
        g = fit(xs[train], ys[train])
        probs[~train] = 1 / (1 + np.exp(-(xs[~train] @ g[:-1] + g[-1])))
    best = 0.0
    for t in np.linspace(0.05, 0.95, 91):
        if np.mean(probs[ys == 1] < t) <= args.max_false_refusals:
            best = t
    print(
        f"gate cross-validated at threshold {best:.2f}: refusals {np.mean(probs[ys == 0] < best):.3f} "
        f"of {int((ys == 0).sum())} unanswerable, false refusals {np.mean(probs[ys == 1] < best):.3f}"
    )
    if "--dump" in sys.argv:
        dump_gate(rows, xs)
    g = fit(xs, ys)
    gate_values = {f"w_{n}": round(float(v), 3) for n, v in zip(gate.FEATURES, g, strict=False)}
    gate_values["bias"] = round(float(g[-1]), 3)
    print("gate settings:", gate_values, "threshold", round(best, 2))
    if args.write:
        rank_values = {f.name: getattr(rank, f.name) for f in fields(rank)}
        write_settings(rank_values, {**gate_values, "threshold": round(best, 2)})
        print("written to rag/settings.py")


def write_settings(rank: dict[str, float], gate_values: dict[str, float]) -> None:
    """Replace the defaults of the RankSettings and GateSettings knobs by the fitted values."""
    path = Path(__file__).resolve().parent.parent / "rag" / "settings.py"
    text = path.read_text(encoding="utf-8")
    for cls, values in (("RankSettings", rank), ("GateSettings", gate_values)):
        start = text.index(f"class {cls}")
        end = text.index("\n@dataclass", start)
        block = text[start:end]
        for name, value in values.items():
            block, n = re.subn(rf"(\b{name}: float = knob\(\s*)-?[0-9.]+", rf"\g<1>{value}", block)
            if n != 1:
                raise SystemExit(f"{cls}.{name}: no single knob to write in rag/settings.py")
        text = text[:start] + block + text[end:]
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
