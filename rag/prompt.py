"""Prompt stage: render the chat messages from the templates in prompts/.

Templates use `{name}` fields (str.format syntax). A field the template uses but the caller
does not provide is a PromptError, never a silent blank. Passage text is data, not
instructions: chat-control tokens are removed and `[n]` markers inside passages are rewritten
to `(n)` so a document can neither open a new chat turn nor forge a citation.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

from rag.data import Passage
from rag.errors import PromptError

TEMPLATES = ("system", "user", "passage")
_CONTROL = re.compile(r"<\|[^|>]{1,40}\|>|</?s>|\[/?INST\]|<<\/?SYS>>", re.IGNORECASE)
_MARKER = re.compile(r"\[(\d{1,3})\]")


def sanitize(text: str) -> str:
    return _MARKER.sub(r"(\1)", _CONTROL.sub(" ", text))


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
