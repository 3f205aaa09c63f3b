"""Plain-text rendering of answers for the terminal shells (CLI and REPL); no logic."""

from __future__ import annotations

import textwrap

from rag.data import Answer


def sources(answer: Answer, width: int = 100) -> str:
    if not answer.citations:
        return ""
    lines = ["", "Sources:"]
    for c in answer.citations:
        date = f", {c.date}" if c.date else ""
        head = f"  [{c.n}] {c.article}{date}, chars {c.start}-{c.end}"
        quote = textwrap.fill(f"“{c.text}”", width=width, initial_indent="      ", subsequent_indent="      ")
        lines += [head, quote]
    return "\n".join(lines)


def passages(answer: Answer, width: int = 100) -> str:
    if not answer.passages:
        return "No passages were retrieved."
    lines = []
    for p in answer.passages:
        c = p.chunk
        date = f", {c.date}" if c.date else ""
        lines.append(
            f"  ({p.n}) {c.article_id}{date}, chars {c.start}-{c.end}, score {p.score:.3f}, cosine {p.dense:.3f}"
        )
        lines.append(textwrap.fill(c.text, width=width, initial_indent="      ", subsequent_indent="      "))
    return "\n".join(lines)
