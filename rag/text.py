"""Small text helpers shared by several stages: sentence spans, paragraphs, word tokens.

Sentence splitting is rule-based (period/question/exclamation followed by a capital or a quote)
with an abbreviation guard for forms like "U.S." and "Mr."; it is tuned for English news prose,
not for lists, tables or code. Everything returns character spans into the text it was given.
"""

from __future__ import annotations

import functools
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
_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instruction|prompt|passage|rule|previous|above|article|document"
    r"|context|source)s?\b|\byou are now\b|\b(pretend|imagine) (you|that you)\b|\bact as\b"
    r"|\b(system|assistant)\s*:|<\|im_start\|>|\bnew instructions?\b",
    re.IGNORECASE,
)
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
        # Words about the corpus itself, not about what it reports.
        "article",
        "articles",
        "passage",
        "passages",
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


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    # Cached: news vocabulary is small next to the words indexed, and every index write
    # re-tokenises all passages for BM25.
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


# Recorded in the index manifest: a change to content_words changes the BM25 index.
LEXICAL_VERSION = 3


def content_words(text: str) -> list[str]:
    """Lower-cased, lightly stemmed words without stopwords: the unit of lexical evidence.

    A hyphenated word also yields its parts, so "one-time" meets "one time".
    """
    out = []
    for w in words(text):
        if w in STOPWORDS or len(w) < 2:
            continue
        out.append(_stem(w))
        if "-" in w:
            out.extend(_stem(p) for p in w.split("-") if p not in STOPWORDS and len(p) > 1)
    return out


def numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:[.,]\d+)*", text))


def instruction_like(sentence: str) -> bool:
    """A sentence that talks to the model ("ignore previous instructions"): never evidence."""
    return bool(_INSTRUCTION.search(sentence))


def evidence_text(text: str) -> str:
    """`text` without its instruction-like sentences."""
    return " ".join(text[a:b] for a, b in sentence_spans(text) if not instruction_like(text[a:b]))


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_edit(word: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return {
        *(a + b[1:] for a, b in splits if b),
        *(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1),
        *(a + c + b[1:] for a, b in splits if b for c in _LETTERS),
        *(a + c + b for a, b in splits for c in _LETTERS),
    }


_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:['’]s)?\b")


def proper_names(sentence: str) -> set[str]:
    """Content words of the capitalised words of a sentence, past its first word."""
    body = sentence.strip().lstrip("\"“'‘(")
    return {w for m in _CAPITALISED.finditer(body) for w in content_words(m.group(0))}


def strip_instructions(question: str) -> str:
    """The question without clauses that instruct the model ("ignore the articles: ...")."""
    parts = re.split(r"(?<=[:;.!?])\s+|,\s+(?=(?:and |then )?(?:what|who|when|where|which|how|why)\b)", question)
    if not any(instruction_like(p) for p in parts):
        return question
    return " ".join(p for p in parts if not instruction_like(p)).strip()
