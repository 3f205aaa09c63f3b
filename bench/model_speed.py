"""Benchmark: how fast llama.cpp reads a prompt and writes tokens, bundled Q4_1 against rag's Q8_0 copy.

Why rag converts the bundled model (rag/models/generator.py): Q4_1 has no repacked CPU kernels.
Both models are timed in the same run, interleaved, on the same 300-token prompt; the result
is the ratio Q8_0 / Q4_1 for prompt reading (prefill) and for generation.
Usage: .venv/bin/python bench/model_speed.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--prompt-tokens", type=int, default=300)
    ap.add_argument("--gen-tokens", type=int, default=64)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from llama_cpp import Llama

    from rag.models.generator import bundled_model_path, q8_copy

    source = bundled_model_path()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        q8 = q8_copy(source, Path(tmp))
        convert_s = time.perf_counter() - t0
        assert q8 is not None, "conversion failed"
        models = {"q4_1": Llama(model_path=str(source), n_ctx=2048, n_threads=2, seed=0, verbose=False)}
        models["q8_0"] = Llama(model_path=str(q8), n_ctx=2048, n_threads=2, seed=0, verbose=False)
        text = (ROOT / "seeds").glob("*.txt").__next__().read_text(encoding="utf-8") * 3
        prefill: dict[str, list[float]] = {k: [] for k in models}
        gen: dict[str, list[float]] = {k: [] for k in models}
        for _ in range(args.rounds):
            for name, llm in models.items():
                toks = llm.tokenize(text.encode())[: args.prompt_tokens]
                llm.reset()
                t = time.perf_counter()
                llm.eval(toks)
                prefill[name].append(len(toks) / (time.perf_counter() - t))
                t = time.perf_counter()
                n = 0
                for _tok in llm.generate(toks, temp=0, reset=False):
                    n += 1
                    if n == args.gen_tokens:
                        break
                gen[name].append(n / (time.perf_counter() - t))
    med = {
        k: {"prefill_tok_s": round(statistics.median(prefill[k])), "gen_tok_s": round(statistics.median(gen[k]))}
        for k in models
    }
    result = {
        "models": med,
        "prefill_ratio_q8_vs_q4_1": round(med["q8_0"]["prefill_tok_s"] / med["q4_1"]["prefill_tok_s"], 2),
        "gen_ratio_q8_vs_q4_1": round(med["q8_0"]["gen_tok_s"] / med["q4_1"]["gen_tok_s"], 2),
        "convert_s": round(convert_s, 2),
        "rounds": args.rounds,
    }
    print(json.dumps(result, indent=1))
    print(med, file=sys.stderr)


if __name__ == "__main__":
    main()
