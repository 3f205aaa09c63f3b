"""Every gate threshold's outcome from one run per question set with the gate open.

Each set runs once with `gate.threshold=0` (nothing refused by the gate), keeping the gate's
probability per question; a threshold t then refuses exactly the questions under t (the gate
comes before everything else, and decoding is greedy, so this equals a rerun at t). Prints,
per threshold, per set accuracy / false refusals / refusals, and pooled over the sets the
questions answered or refused rightly (how the 2026-12-03 threshold was chosen).

    .venv/bin/python scripts/gate_curve.py --index /tmp/rag-eval-idx eval/dev.jsonl eval/bbc_dev4.jsonl
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from rag import evaluate
from rag.assistant import Assistant
from rag.settings import Settings


def outcomes(path: Path, index: Path | None) -> list[tuple[bool, bool, bool, float]]:
    """(answerable, accurate, refused without the gate, gate probability) per question."""
    settings = Settings().with_(**{"gate.threshold": 0.0, "runtime.show_progress": False})
    report = evaluate.run_eval(Assistant(settings=settings), path, index_root=index)
    return [(q["answerable"], bool(q.get("accurate")), q["refused"], q["gate"]) for q in report["questions"]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="+", type=Path)
    ap.add_argument("--index", type=Path, default=None, help="folder of per-corpus indexes (rag eval --index)")
    args = ap.parse_args()
    runs = {p.stem: outcomes(p, args.index) for p in args.sets}
    for t in np.arange(0.30, 0.81, 0.02):
        right, cells = 0, []
        for name, rows in runs.items():
            ans = [r for r in rows if r[0]]
            absent = [r for r in rows if not r[0]]
            acc = sum(r[3] >= t and r[1] for r in ans)
            fr = sum(r[3] < t or r[2] for r in ans)
            ref = sum(r[3] < t or r[2] for r in absent)
            right += acc + ref
            n, m = max(len(ans), 1), max(len(absent), 1)
            cells.append(f"{name} {acc / n:.3f}/{fr / n:.3f}/{ref / m:.2f}")
        print(f"{t:.2f} right {right:4d}  " + "  ".join(cells))


if __name__ == "__main__":
    main()
