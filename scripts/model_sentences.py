#!/usr/bin/env python3
"""List the sentences an answer shows in the model's own words, with what they cite, for judging by hand.

    scripts/model_sentences.py RUN.json [RUN.json ...]

Reads `rag eval --json` output. A shown sentence is the model's wording when no sentence it
cites holds it as written (quotes and copied sentences are not printed). The issue's target
(a shown sentence stating a name, number, title or relation its citation does not: <= 2%) is
judged on what this prints; the counts at the end say how many sentences that is out of.
"""

from __future__ import annotations

import json
import re
import sys


def _plain(text: str) -> str:
    """Lower case, quote marks and final stop dropped, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"[\"“”‘’']", "", text.lower())).strip(" .")


def main(paths: list[str]) -> int:
    shown = worded = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            questions = json.load(f)["questions"]
        for q in questions:
            for s in q.get("shown", []):
                shown += 1
                if any(_plain(s["text"]) in _plain(c) for c in s["cited"]):
                    continue
                worded += 1
                print(f"--- {q['id']} ({path})\n  shown: {s['text']}")
                for c in s["cited"]:
                    print(f"  cited: {c}")
    print(f"{worded} of {shown} shown sentences are not their citation's words")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
