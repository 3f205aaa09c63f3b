"""What a change did to one question set: two `rag eval --json` runs of it, side by side.

    .venv/bin/rag eval eval/bbc_test5.jsonl --index /tmp/rag-eval-idx --json > before.json
    (make the change)
    .venv/bin/rag eval eval/bbc_test5.jsonl --index /tmp/rag-eval-idx --json > after.json
    .venv/bin/python scripts/compare_runs.py before.json after.json

Prints the summary figures of both runs, every question whose outcome changed (right or
wrong, refused or not; for an unanswerable question, refused or not) and how many answers'
text changed at all. A tidy that must change nothing is checked by the last figure being 0.
The questions are matched by id (and, for an id two sets of a pooled file share, by which of
them it is), so the two runs need not list them in the same order.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

FIGURES = ("answer_accuracy", "grounded", "citation_on_gold", "refusal_accuracy", "false_refusals", "recall_at_k")


def outcome(row: dict) -> str:
    """A question's outcome in one word: right, wrong, refused (answerable) or refused/answered (not)."""
    if row.get("answerable", True):
        return "refused" if row["refused"] else ("right" if row.get("accurate") else "wrong")
    return "refused" if row["refused"] else "answered"


def _keys(rows: list[dict]) -> list[tuple[str, int]]:
    """Each row's id and how many rows before it share that id: a pooled file may hold two sets
    that both use an id ("x07"), and the two questions must not be compared with each other."""
    seen: dict[str, int] = {}
    out = []
    for row in rows:
        out.append((row["id"], seen.get(row["id"], 0)))
        seen[row["id"]] = out[-1][1] + 1
    return out


def compare(before: dict, after: dict) -> list[str]:
    """The report's lines."""
    lines = []
    for name in FIGURES:
        a, b = before["summary"].get(name), after["summary"].get(name)
        if a is not None or b is not None:
            mark = "" if a == b else "  *"
            lines.append(f"{name:18} {a!s:>8} -> {b!s:<8}{mark}")
    old = dict(zip(_keys(before["questions"]), before["questions"], strict=True))
    changed_text = 0
    for key, row in zip(_keys(after["questions"]), after["questions"], strict=True):
        was = old.get(key)
        if was is None:
            lines.append(f"{row['id']}: new question ({outcome(row)})")
            continue
        changed_text += was["answer"] != row["answer"]
        if outcome(was) != outcome(row):
            lines.append(f"{row['id']}: {outcome(was)} -> {outcome(row)}")
    lines.append(f"answers whose text changed: {changed_text} of {len(after['questions'])}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args()
    before, after = (json.loads(p.read_text(encoding="utf-8")) for p in (args.before, args.after))
    print("\n".join(compare(before, after)))


if __name__ == "__main__":
    main()
