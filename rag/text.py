"""Small text helpers shared by several stages: sentence spans, paragraphs, word tokens.

Sentence splitting is rule-based (period/question/exclamation followed by a capital or a quote)
with an abbreviation guard for forms like "U.S." and "Mr."; it is tuned for English news prose,
not for lists, tables or code. Everything returns character spans into the text it was given.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])|[.!?]+[\"”’')\]]*$")
_ABBREV = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sr",
    "jr",
    "st",
    "inc",
    "ltd",
    "corp",
    "co",
    "vs",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "gen",
    "gov",
    "sen",
    "rep",
    "no",
    "e.g",
    "i.e",
    "approx",
    "est",
}
_INITIALS = re.compile(r"(?:\b[A-Za-z]\.)+$")
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "them",
        "his",
        "her",
        "their",
        "there",
        "here",
        "we",
        "you",
        "i",
        "me",
        "my",
        "our",
        "your",
        "do",
        "does",
        "did",
        "done",
        "has",
        "have",
        "had",
        "having",
        "not",
        "no",
        "so",
        "than",
        "then",
        "too",
        "very",
        "can",
        "could",
        "would",
        "should",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "about",
        "into",
        "over",
        "under",
        "after",
        "before",
        "also",
        "just",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "said",
        "says",
        "say",
        "according",
        "many",
        "much",
        "reported",
        "reportedly",
    ]
)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the sentences in text[start:end], whitespace trimmed, in order."""
    end = len(text) if end is None else end
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


def _stem(word: str) -> str:
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in ("ies", "ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            stem = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            # shipped -> shipp -> ship, so that "ship" and "shipped" meet.
            if suffix in ("ing", "ed") and len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "ls":
                stem = stem[:-1]
            return stem
    return word


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def content_words(text: str) -> list[str]:
    """Lower-cased, lightly stemmed words without stopwords: the unit of lexical evidence."""
    return [_stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1]


def numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:[.,]\d+)*", text))
