"""rag: offline question answering over news articles with verified citations.

    from rag import Assistant
    assistant = Assistant(corpus="seeds", index="index")
    answer = assistant.ask("What did Vincent Pang say about one-time transfers?")

Heavy libraries load lazily, so importing rag is cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rag.data import Answer, Citation, Passage
from rag.errors import RagError
from rag.settings import Settings

if TYPE_CHECKING:
    from rag.assistant import Assistant

__all__ = ["Answer", "Assistant", "Citation", "Passage", "RagError", "Settings"]


def __getattr__(name: str) -> Any:
    if name == "Assistant":
        from rag.assistant import Assistant

        return Assistant
    raise AttributeError(name)
