"""Prompt stage: choose what the model reads, and render the chat messages from prompts/.

Selection (`select`): the passage sentences that share the most question words, weighted by
how rare each word is among these sentences, up to `prompt.chars` characters, the passage
holding the best one first. The prompt is the main cost of a question (llama.cpp reads it at
~620 tokens/s on two cores), a small model answers better from fewer, more relevant
sentences and leans on whatever comes first. Words choose them, not embeddings: encoding the
sentences first would delay the model. Ties go to the better-ranked passage.

Rendering: templates use `{name}` fields (str.format syntax); a field the template uses but
rag does not provide is a PromptError, never a silent blank. Passage text and the question
are sanitised (rag.text.guard): a document can neither open a chat turn nor forge a citation.
"""

from __future__ import annotations

import math
import string
from pathlib import Path

from rag.answer.evidence import EvidenceSet
from rag.answer.query import Query
from rag.data import Passage
from rag.errors import PromptError
from rag.settings import PromptSettings
from rag.text.guard import sanitize

TEMPLATES = ("system", "user", "passage")


def select(query: Query, evidence: EvidenceSet, settings: PromptSettings) -> list[tuple[Passage, str]]:
    """What the prompt shows: (passage, the text of it to show) pairs, in prompt order."""
    passages = evidence.passages
    sentences = evidence.sentences
    if not (settings.sentences or settings.chars) or not sentences:
        return [(p, p.chunk.text) for p in passages]
    terms = query.terms
    # A question word found in few of these sentences says more than one found in all.
    idf = {w: math.log(1 + len(sentences) / (1 + sum(w in e.words for e in sentences))) for w in terms}
    total = sum(idf.values()) or 1.0
    weight = [sum(idf[w] for w in terms & e.words) / total for e in sentences]
    chosen: list[int] = []
    if settings.chars:
        size = 0
        for i in sorted(range(len(sentences)), key=lambda i: -weight[i]):
            if size and size + len(sentences[i].text) > settings.chars:
                continue
            chosen.append(i)
            size += len(sentences[i].text)
    else:
        by_passage: dict[int, list[int]] = {}
        for i, e in enumerate(sentences):
            by_passage.setdefault(e.passage.n, []).append(i)
        for rows in by_passage.values():
            chosen += sorted(rows, key=lambda i: -weight[i])[: settings.sentences]
    rows_of: dict[int, list[int]] = {}
    for i in sorted(chosen):
        rows_of.setdefault(sentences[i].passage.n, []).append(i)
    best = {n: max(weight[i] for i in rows) for n, rows in rows_of.items()}
    shown = sorted((p for p in passages if p.n in rows_of), key=lambda p: (-best[p.n], p.n))
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
                date=p.chunk.date or "undated",
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
