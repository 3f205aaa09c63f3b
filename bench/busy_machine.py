"""Benchmark: answers on a busy machine vs an idle one, in the same run.

A laptop always has other work running. This starts two CPU-bound processes beside rag (one
per core here; stopped by the benchmark, and bounded in time whatever happens) and measures:
- cold: a fresh `rag ask` process, wall time to exit (median of --runs);
- warm: per-question time in one long-lived Assistant (as a notebook or `rag chat` holds
  it), median over the seed questions of eval/dev.jsonl;
idle first, then loaded, and prints one JSON object with both and their ratios (target:
loaded / idle <= 3 for both). --env KEY=VALUE runs rag with that environment and --set
KEY=VALUE with that setting, e.g. the behaviour before rag chose its threads:
`--env GOMP_SPINCOUNT=300000 --set runtime.threads=2 --set runtime.blas_threads=0`.
Usage: .venv/bin/python bench/busy_machine.py [--runs 3] [--env KEY=VALUE ...] [--set KEY=VALUE ...]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
Q = "What did Vincent Pang say about one-time transfers?"
HOG = "import time\nend = time.time() + {seconds}\nx = 0\nwhile time.time() < end:\n    x += 1\n"
WARM = r"""
import json, sys, time
from rag.assistant import Assistant
from rag.settings import Settings
from rag.settings import parse_assignment
spec = json.loads(sys.stdin.read())
questions = spec["questions"]
changes = dict(parse_assignment(a) for a in spec["set"])
a = Assistant(settings=Settings.from_env(**{"runtime.show_progress": False}, **changes))
a.ask(questions[0])  # load the models and the index outside the timings
times = []
for q in questions:
    t = time.perf_counter()
    a.ask(q)
    times.append(time.perf_counter() - t)
print(json.dumps(times))
"""


@contextlib.contextmanager
def hogs(n: int, seconds: float) -> Iterator[None]:
    """n busy processes for at most `seconds` (they stop themselves even if this one dies)."""
    procs = [subprocess.Popen([sys.executable, "-c", HOG.format(seconds=seconds)]) for _ in range(n)]
    try:
        time.sleep(0.5)
        yield
    finally:
        for p in procs:
            p.kill()
            p.wait()


def cold(env: dict[str, str], runs: int, sets: list[str]) -> list[float]:
    flags = [f for s in sets for f in ("--set", s)]
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        cmd = [str(ROOT / ".venv/bin/rag"), "ask", Q, *flags]
        subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, timeout=900)
        out.append(time.perf_counter() - t)
    return out


def warm(env: dict[str, str], questions: list[str], sets: list[str]) -> list[float]:
    r = subprocess.run(
        [sys.executable, "-c", WARM],
        input=json.dumps({"questions": questions, "set": sets}),
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if r.returncode:
        raise SystemExit(r.stderr[-2000:])
    return json.loads(r.stdout)


def measure(env: dict[str, str], runs: int, questions: list[str], sets: list[str]) -> dict[str, float]:
    c, w = cold(env, runs, sets), warm(env, questions, sets)
    return {
        "cold_median_s": round(statistics.median(c), 2),
        "cold_max_s": round(max(c), 2),
        "warm_median_s": round(statistics.median(w), 3),
        "warm_max_s": round(max(w), 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--env", action="append", default=[], help="KEY=VALUE for rag's environment")
    ap.add_argument("--set", action="append", default=[], help="KEY=VALUE setting for rag")
    ap.add_argument("--hogs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    env = {**os.environ, **dict(kv.split("=", 1) for kv in args.env)}
    seeds = [json.loads(line)["question"] for line in (ROOT / "eval/dev.jsonl").open() if '"../seeds"' in line][:10]
    subprocess.run([str(ROOT / ".venv/bin/rag"), "index"], env=env, cwd=ROOT, capture_output=True, check=True)
    idle = measure(env, args.runs, seeds, args.set)
    with hogs(args.hogs, seconds=1800):
        loaded = measure(env, args.runs, seeds, args.set)
    result = {
        "env": dict(kv.split("=", 1) for kv in args.env),
        "set": args.set,
        "hogs": args.hogs,
        "idle": idle,
        "loaded": loaded,
        "ratio_cold": round(loaded["cold_median_s"] / idle["cold_median_s"], 2),
        "ratio_warm": round(loaded["warm_median_s"] / idle["warm_median_s"], 2),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
