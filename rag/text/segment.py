"""Sentence and paragraph segmentation, as character spans into the text given.

Sentence splitting is rule-based (period/question/exclamation followed by a capital or a
quote) with an abbreviation guard for forms like "U.S." and "Mr."; it is tuned for English
news prose, not for lists, tables or code.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])|[.!?]+[\"”’')\]]*$")
_ABBREVIATIONS = (
    "mr mrs ms dr prof sr jr st inc ltd corp co vs jan feb mar apr jun jul aug sep sept oct nov dec "
    "gen gov sen rep no e.g i.e approx est"
)
_ABBREV = frozenset(_ABBREVIATIONS.split())
_INITIALS = re.compile(r"(?:\b[A-Za-z]\.)+$")
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the sentences in text[start:end], whitespace trimmed, in order.

    A blank line always ends a sentence: a headline or a heading is a sentence of its own,
    never glued to the paragraph after it.
    """
    end = len(text) if end is None else end
    if _PARAGRAPH.search(text, start, end):
        spans: list[tuple[int, int]] = []
        for a, b in paragraph_spans(text[:end], start):
            spans += _sentences(text, a, b)
        return spans
    return _sentences(text, start, end)


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end], a stretch without blank lines."""
    spans: list[tuple[int, int]] = []
    cursor = start
    segment = text[start:end]
    for m in _SENTENCE_END.finditer(segment):
        stop = start + m.end()
        before = text[cursor : start + m.start()]
        last_word = before.rsplit(None, 1)[-1].lower() if before.split() else ""
        if (
            text[start + m.start()] == "."
            and (last_word.rstrip(".") in _ABBREV or _INITIALS.search(before + "."))
            and stop < end
        ):
            continue
        spans.append((cursor, stop))
        cursor = stop
    if cursor < end:
        spans.append((cursor, end))
    return [s for s in (_trim(text, a, b) for a, b in spans) if s[1] > s[0]]


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def paragraph_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Spans of blank-line separated paragraphs of text[start:], trimmed, empty ones skipped."""
    spans = []
    cursor = start
    for m in _PARAGRAPH.finditer(text, start):
        spans.append(_trim(text, cursor, m.start()))
        cursor = m.end()
    spans.append(_trim(text, cursor, len(text)))
    return [s for s in spans if s[1] > s[0]]


_MARKS = '"“”'
QUOTE_MARK = re.compile(f"[{_MARKS}]")  # a quotation mark, straight or curly
# A quotation: the words after a quote mark, up to the next one (or the end of the text).
QUOTATION = re.compile(f"[{_MARKS}]([^{_MARKS}]+)(?:[{_MARKS}]|$)")


def quote_open_after(text: str, open_before: bool = False) -> bool:
    """Is a quotation still open where `text` ends? Its last quote mark decides: an opening one
    ('said: "He is clever, but not wise.') leaves it open, a closing one shuts it; with no mark
    the state carries on from the text before (`open_before`). A straight mark opens when it
    follows a space, a colon or a bracket (or begins the text) and a word follows it."""
    marks = list(QUOTE_MARK.finditer(text))
    if not marks:
        return open_before
    at = marks[-1].start()
    mark = text[at]
    if mark != '"':
        return mark == "“"
    before = text[at - 1] if at else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return (before.isspace() or before in ":([—-") and not after.isspace()


def outside_quotes(text: str, open_before: bool = False) -> str:
    """`text` without what its quotations enclose. A quotation runs from the start when the first
    mark closes one ('They have shown interest,” Pang said.'), or when one is still open where
    the text before ended (`open_before`: quote_open_after of that text), up to a mark that
    opens another; an unclosed one runs to the end. The one reading of quote state that says
    who is speaking (rag.answer.ranking)."""
    first = QUOTE_MARK.search(text)
    if first is None:
        return "" if open_before else text
    parts = QUOTE_MARK.split(text)
    # The first mark closes: a curly closing one, or a straight one quote_open_after does not read as opening.
    if not quote_open_after(text[: first.start() + 2]):
        return " ".join(parts[1::2])
    # It opens a quotation: one left open before ends where it starts (a new paragraph of quote
    # opens again: '"It might sound great ...," said Brian Parbutt.').
    return " ".join(parts[2::2] if open_before else parts[::2])
