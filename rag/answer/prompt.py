"""Prompt stage: choose what the model reads, and render the chat messages from prompts/.

Selection (`select`): the sentences the ranker (rag.answer.ranking) puts first, up to
`prompt.chars` characters, the passage holding the best one first. The prompt is the main
cost of a question (llama.cpp reads it at ~620 tokens/s on two cores), and a small model
answers better from fewer, more relevant sentences and leans on whatever comes first.

Rendering: templates use `{name}` fields (str.format syntax); a field the template uses but
rag does not provide is a PromptError, never a silent blank. Passage text and the question
are sanitised (rag.text.guard): a document can neither open a chat turn nor forge a citation.
"""

from __future__ import annotations

import string
from pathlib import Path

import numpy as np

from rag.answer.evidence import EvidenceSet
from rag.data import Passage
from rag.errors import PromptError
from rag.settings import PromptSettings
from rag.text.guard import sanitize

TEMPLATES = ("system", "user", "passage")


def select(evidence: EvidenceSet, scores: np.ndarray, settings: PromptSettings) -> list[tuple[Passage, str]]:
    """What the prompt shows: (passage, the text of it to show) pairs, best passage first.

    The best-ranked sentences (rag.answer.ranking) up to `chars` characters, in article order
    within each passage, the passage holding the best one first.
    """
    sentences = evidence.sentences
    if not settings.chars or not sentences:
        return [(p, p.chunk.text) for p in evidence.passages]
    chosen: list[int] = []
    size = 0
    for i in np.argsort(-scores, kind="stable"):
        if size and size + len(sentences[i].text) > settings.chars:
            continue
        chosen.append(int(i))
        size += len(sentences[i].text)
    rows_of: dict[int, list[int]] = {}
    for i in sorted(chosen, key=lambda i: (sentences[i].passage.n, sentences[i].start)):
        rows_of.setdefault(sentences[i].passage.n, []).append(i)
    best = {n: max(scores[i] for i in rows) for n, rows in rows_of.items()}
    shown = sorted((p for p in evidence.passages if p.n in rows_of), key=lambda p: (-best[p.n], p.n))
    return [(p, " ".join(sentences[i].text for i in rows_of[p.n])) for p in shown]


def fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def render(template: str, name: str, **values: object) -> str:
    missing = fields(template) - values.keys()
    if missing:
        raise PromptError(
            f"prompt template {name!r} uses {{{sorted(missing)[0]}}}, which rag does not provide; "
            f"use only {{{'}, {'.join(sorted(values))}}}"
        )
    try:
        return template.format(**values)
    except (IndexError, ValueError) as exc:
        raise PromptError(
            f"prompt template {name!r} is malformed ({exc}); double literal braces as {{{{ }}}}"
        ) from None


class PromptBuilder:
    def __init__(self, folder: Path) -> None:
        self.templates: dict[str, str] = {}
        for name in TEMPLATES:
            path = folder / f"{name}.txt"
            try:
                self.templates[name] = path.read_text(encoding="utf-8").strip()
            except OSError:
                raise PromptError(f"prompt template {path} is missing; restore it from the repository") from None

    def passages(self, shown: list[tuple[Passage, str]]) -> str:
        """The passages as the model sees them, numbered 1, 2, ... in the order given."""
        return "\n\n".join(
            render(
                self.templates["passage"],
                "passage",
                n=n,
                article=p.chunk.article_id,
                # No placeholder for a missing date: a small model copies whatever it reads.
                date=f"({p.chunk.date}) " if p.chunk.date else "",
                text=sanitize(text),
            )
            for n, (p, text) in enumerate(shown, 1)
        )

    def messages(self, question: str, shown: list[tuple[Passage, str]]) -> list[dict[str, str]]:
        """Chat messages for `question` over `shown`: (passage, the text of it to show) pairs."""
        return [
            {"role": "system", "content": render(self.templates["system"], "system")},
            {
                "role": "user",
                "content": render(
                    self.templates["user"],
                    "user",
                    passages=self.passages(shown),
                    question=sanitize(question),
                ),
            },
        ]
