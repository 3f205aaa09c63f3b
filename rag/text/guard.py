"""The guard against instructions hidden in questions and documents.

Documents are data: a passage sentence that talks to the model ("ignore previous
instructions") is never evidence and never counts as a match; chat-control tokens and `[n]`
markers inside passages are neutralised before the model sees them, so a document can
neither open a new chat turn nor forge a citation. A question's own instruction clauses
("ignore the articles: ...") are dropped before retrieval. Rule-based, English-only.
"""

from __future__ import annotations

import re

from rag.text.segment import sentence_spans

_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instruction|prompt|passage|rule|previous|above|article|document"
    r"|context|source)s?\b|\byou are now\b|\b(pretend|imagine) (you|that you)\b|\bact as\b"
    r"|\b(system|assistant)\s*:|<\|im_start\|>|\bnew instructions?\b",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"<\|[^|>]{1,40}\|>|</?s>|\[/?INST\]|<<\/?SYS>>", re.IGNORECASE)
_MARKER = re.compile(r"\[(\d{1,3})\]")


def instruction_like(sentence: str) -> bool:
    """A sentence that talks to the model ("ignore previous instructions"): never evidence."""
    return bool(_INSTRUCTION.search(sentence))


def evidence_text(text: str) -> str:
    """`text` without its instruction-like sentences."""
    return " ".join(text[a:b] for a, b in sentence_spans(text) if not instruction_like(text[a:b]))


def strip_instructions(question: str) -> str:
    """The question without clauses that instruct the model ("ignore the articles: ...")."""
    parts = re.split(r"(?<=[:;.!?])\s+|,\s+(?=(?:and |then )?(?:what|who|when|where|which|how|why)\b)", question)
    if not any(instruction_like(p) for p in parts):
        return question
    return " ".join(p for p in parts if not instruction_like(p)).strip()


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text that is valid Unicode: bytes that were not UTF-8 (handed over by the shell as lone
    surrogates) are decoded if they form UTF-8, else become U+FFFD."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)


def sanitize(text: str) -> str:
    """Text for the prompt: chat-control tokens removed, `[n]` markers rewritten to `(n)`."""
    return _MARKER.sub(r"(\1)", _CONTROL.sub(" ", text))
