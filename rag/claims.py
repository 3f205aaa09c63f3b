"""The verifier benchmark behind `rag eval` on a claims file: labelled (claim, article) pairs.

Each line: id, corpus (folder of articles, relative to the file), claim, supported (true for
a faithful paraphrase, false for a corrupted one), kind (paraphrase, copy, swap_roles,
wrong_title, stitched_name, wrong_number, wrong_period, negation, added_attribute,
garbled, ...), split (dev or test). Every claim runs through `Assistant.check`, retrieval
included, as a user's would. Reported: the share of corrupted claims rejected and of
correct ones accepted, overall, by split and by kind.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rag.assistant import Assistant
from rag.errors import EvalError


def is_claims_file(path: Path) -> bool:
    try:
        first = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        return "claim" in json.loads(first)
    except (OSError, StopIteration, ValueError):
        return False


def run_claims(
    base: Assistant, path: Path, progress: Callable[[str], None] | None = None, index_root: Path | None = None
) -> dict[str, Any]:
    from rag.evaluate import assistant_for

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not rows or any("claim" not in r or "supported" not in r or "corpus" not in r for r in rows):
        raise EvalError(f"{path}: every line needs claim, supported and corpus; see rag/claims.py")
    results = []
    with assistant_for(base, index_root) as make:
        for r in rows:
            found = make((path.parent / r["corpus"]).resolve()).check(r["claim"])
            ok = found.supported == r["supported"]
            results.append({**r, "verdict": found.supported, "correct": ok, "why_not": list(found.reasons[:1])})
            if progress:
                progress(f"{r['id']:>6} {'ok ' if ok else 'BAD'} {r['kind']:<16} {r['claim'][:70]}")
    return {"summary": summarize(results), "claims": results}


def summarize(results: list[dict[str, Any]]) -> dict[str, Any]:
    def rates(rows: list[dict[str, Any]]) -> dict[str, Any]:
        bad = [r for r in rows if not r["supported"]]
        good = [r for r in rows if r["supported"]]
        return {
            "rejected_corrupted": round(sum(not r["verdict"] for r in bad) / len(bad), 4) if bad else None,
            "accepted_correct": round(sum(r["verdict"] for r in good) / len(good), 4) if good else None,
            "n": len(rows),
        }

    kinds = sorted({r["kind"] for r in results})
    return {
        **rates(results),
        "by_split": {s: rates([r for r in results if r.get("split") == s]) for s in ("dev", "test")},
        "by_kind": {
            k: round(sum(r["correct"] for r in results if r["kind"] == k) / sum(r["kind"] == k for r in results), 4)
            for k in kinds
        },
    }
