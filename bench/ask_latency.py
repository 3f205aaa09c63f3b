"""Benchmark: cold `rag ask` against a llama.cpp floor, warm ask in one Assistant, and memory.

Prints one JSON object (and a short table on stderr). Every timing comes with a baseline
measured in the same run, because this machine is shared and noisy:
- cold: a fresh `rag ask` process (text mode, streaming) on a built index: wall time to the
  first answer byte and to exit; floor: a fresh Python that imports llama_cpp, loads the same
  GGUF file rag loads with rag's attention setting and generates from the very prompt rag
  sent (same tokens, same stop strings, as many tokens as rag's draft);
- warm: per-question time to the model's first token, to the first verified sentence, and
  total, in one long-lived Assistant, over the seed questions of eval/dev.jsonl; peak RSS after.
Usage: .venv/bin/python bench/ask_latency.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
Q = "What did Vincent Pang say about one-time transfers?"

FLOOR = r"""
import json, os, sys, time
t0 = time.perf_counter()
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # as rag runs llama.cpp
from llama_cpp import Llama
spec = json.loads(sys.stdin.read())
llm = Llama(model_path=spec["model"], n_ctx=2048, n_threads=spec["threads"], seed=0, verbose=False,
            flash_attn=spec["flash_attn"])
first = None
for ch in llm.create_chat_completion(messages=spec["messages"], temperature=0, max_tokens=spec["max_tokens"],
                                     stream=True, seed=0, stop=spec["stop"]):
    if first is None and ch["choices"][0]["delta"].get("content"):
        first = time.perf_counter() - t0
print(json.dumps({"first": first}))
"""


def timed(cmd: list[str], stdin: str | None = None) -> tuple[float, float, str]:
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
    if stdin is not None:
        p.stdin.write(stdin.encode())
    p.stdin.close()
    first_byte = p.stdout.read(1)
    first = time.perf_counter() - t0
    rest = p.stdout.read()
    p.wait()
    return first, time.perf_counter() - t0, (first_byte + rest).decode()


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return round(s[min(len(s) - 1, int(q * len(s)))], 3)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from rag.assistant import Assistant
    from rag.models.generator import STOP
    from rag.settings import Settings

    settings = Settings.from_env(**{"runtime.show_progress": False})
    a = Assistant(settings=settings)
    a.build_index(progress=False)
    gen = a.generator
    sent: list = []
    stream = gen.stream
    gen.stream = lambda messages, max_tokens: sent.append(messages) or stream(messages, max_tokens)  # type: ignore[method-assign]
    draft = a.ask(Q).draft
    gen.stream = stream  # type: ignore[method-assign]
    spec = {
        # The very file rag loads (for the bundled model, its Q8_0 copy: rag/models/generator.py).
        "model": str(gen.loaded_path),
        "threads": gen.threads,  # as rag chose them (rag.models.threads)
        "flash_attn": settings.generation.flash_attn,  # as rag reads attention: the floor does what rag does
        # The very prompt rag sent.
        "messages": sent[0],
        # rag stops generating early when a draft wanders; the floor makes as many tokens.
        "max_tokens": max(1, len(gen.load().tokenize(draft.encode(), add_bos=False))),
        "stop": list(STOP),
    }
    rag_cmd = [str(ROOT / ".venv/bin/rag"), "ask", Q]
    floor_cmd = [sys.executable, "-c", FLOOR]
    cold, floor = [], []
    for _ in range(args.runs):  # interleaved so both see the same machine load
        _f_first, f_total, out = timed(floor_cmd, json.dumps(spec))
        floor.append((json.loads(out)["first"] or f_total, f_total))
        r_first, r_total, _ = timed(rag_cmd)
        cold.append((r_first, r_total))
    cold_total = statistics.median(t for _, t in cold)
    floor_total = statistics.median(t for _, t in floor)

    seed_qs = [json.loads(line)["question"] for line in (ROOT / "eval/dev.jsonl").open() if '"../seeds"' in line]
    warm_first, warm_text, warm_total = [], [], []
    a.ask(Q)  # load models
    for q in seed_qs[:20]:
        t0 = time.perf_counter()
        shown = None
        for item in a.stream(q):
            if shown is None and isinstance(item, str):
                shown = time.perf_counter() - t0
            # Refusals never call the model: they have no first token to count.
            if not isinstance(item, str) and "first_token" in item.timings:
                warm_first.append(item.timings["first_token"])
        warm_total.append(time.perf_counter() - t0)
        warm_text.append(shown or warm_total[-1])
    result = {
        "cold_ask": {
            "first_output_s_median": round(statistics.median(f for f, _ in cold), 3),
            "total_s_median": round(cold_total, 3),
            "floor_first_token_s_median": round(statistics.median(f for f, _ in floor), 3),
            "floor_total_s_median": round(floor_total, 3),
            "ratio_total_vs_floor": round(cold_total / floor_total, 3),
            "runs": args.runs,
        },
        "warm_ask": {
            "questions": len(warm_total),
            "questions_that_called_the_model": len(warm_first),
            "first_token_p50": pct(warm_first, 0.5),
            "first_token_p95": pct(warm_first, 0.95),
            "first_verified_text_p50": pct(warm_text, 0.5),
            "total_p50": pct(warm_total, 0.5),
            "total_p95": pct(warm_total, 0.95),
        },
        "memory": {
            "peak_rss_mb_after_warm_questions": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        },
    }
    print(json.dumps(result, indent=1))
    for section, values in result.items():
        print(section, values, file=sys.stderr)


if __name__ == "__main__":
    main()
