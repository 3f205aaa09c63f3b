"""Benchmark: peak resident memory of `rag chat` after ten questions (bundled models).

Runs a real `rag chat` process with ten questions piped in and reads its peak RSS from the
kernel (wait4 rusage); the baseline, in the same run, is a fresh
Python that only imports llama_cpp and loads the same GGUF.
Usage: .venv/bin/python bench/chat_memory.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "What did Vincent Pang say about one-time transfers?",
    "Who first announced the one-time fee?",
    "Where did he say it?",
    "Who are Huawei's main rivals?",
    "When did the U.S. Department of Commerce add Huawei to its Entity List?",
    "Which countries have banned Huawei from their 5G networks?",
    "What did President Trump agree to in July?",
    "Who owns Huawei, according to the company?",
    "What is the population of Finland?",
    "Which American companies have developed 5G-related technologies?",
]
BASELINE = (
    f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
    "from rag.assistant import Assistant\n"
    "from rag.settings import Settings\n"
    "Assistant(settings=Settings.from_env()).generator.load()\n"
)


def peak_rss_mb(cmd: list[str], stdin: str = "") -> tuple[float, str]:
    """Run cmd to the end and return its own peak RSS (wait4's rusage, Linux KB) and stdout."""
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
    p.stdin.write(stdin.encode())
    p.stdin.close()
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, out.decode()


def main() -> None:
    base, _ = peak_rss_mb([sys.executable, "-c", BASELINE])
    chat, out = peak_rss_mb([str(ROOT / ".venv/bin/rag"), "chat"], "\n".join(QUESTIONS) + "\n")
    result = {
        "rag_chat_peak_rss_mb": round(chat, 1),
        "baseline_llama_only_peak_rss_mb": round(base, 1),
        "ratio": round(chat / base, 2),
        "questions": len(QUESTIONS),
        "answers_with_sources": out.count("Sources:"),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
