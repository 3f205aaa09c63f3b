"""Putting the answer together: the draft cut into sentences, verified sentences and quotes
numbered as citations in order of appearance.

`DraftReader` cuts the model's token stream into sentences as each one is finished;
`Composer` records each shown sentence with its one citation (an exact article sentence);
`quotable` balances a quoted sentence's quote marks; `fragment_of` tells a piece cut out of
its sentence, shown whole instead. No checking happens here: rag.answer.answerer decides.
"""

from __future__ import annotations

from rag.answer.evidence import Evidence
from rag.data import Citation, Sentence
from rag.text.guard import sanitize
from rag.text.lexicon import content_words, holds_run
from rag.text.segment import sentence_spans


def fragment_of(text: str, source: str) -> bool:
    """Is `text` a run of `source`'s content words, shorter than the whole, in the same order?"""
    part, whole = content_words(text), content_words(source)
    return 0 < len(part) < len(whole) and holds_run(whole, part)


class Composer:
    """The answer being put together: shown sentences and their citations, numbered in order."""

    def __init__(self) -> None:
        self.citations: dict[tuple[str, int], Citation] = {}
        self.sentences: list[Sentence] = []
        self.shown: list[str] = []

    def cite(self, evidence: Evidence, support: float) -> int:
        if evidence.key not in self.citations:
            self.citations[evidence.key] = evidence.citation(len(self.citations) + 1, support)
        return self.citations[evidence.key].n

    def add(self, text: str, evidence: Evidence, support: float, quote: bool = False) -> str:
        """Record a verified sentence; returns the piece of answer text to show."""
        n = self.cite(evidence, support)
        self.sentences.append(Sentence(text, (n,)))
        # A quote shows the article's words, its own "[2]" made "(2)": only rag's markers cite.
        self.shown.append(f"{quotable(sanitize(text))} [{n}]" if quote else f"{text} [{n}]")
        return (" " if len(self.shown) > 1 else "") + self.shown[-1]

    def text(self) -> str:
        return " ".join(self.shown)

    def cited(self) -> set[tuple[str, int]]:
        return set(self.citations)

    def ordered_citations(self) -> tuple[Citation, ...]:
        return tuple(sorted(self.citations.values(), key=lambda c: c.n))


_MARKS = '"“”'
_OPENING = "“"


def quotable(text: str) -> str:
    """A sentence shown as a quote, its quote marks balanced: plain text gets “ ” round it; a
    sentence that already holds a quote keeps its own marks, an opening one added where it
    begins inside a quote ('They have shown interest,” Pang said.'), a stray one dropped."""
    text = text.strip()
    marks = [i for i, ch in enumerate(text) if ch in _MARKS]
    if not marks:
        return f"“{text}”"
    if len(marks) % 2:
        if text[0] in _MARKS and text[0] != "”":
            text = text[1:]  # opens a quote the next sentence closes
        elif text[marks[0]] == "”":
            text = _OPENING + text  # closes a quote the previous sentence opened
        elif text[-1] in _MARKS:
            text = text[:-1]
    if text.count(_OPENING) + text.count('"') + text.count("”") == 0:
        return f"“{text}”"
    return text


class DraftReader:
    """Cuts the model's token stream into sentences as each one is finished."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.buffer = ""

    def feed(self, piece: str) -> list[str]:
        """Add a piece; return the sentences it finished (the last one may still grow)."""
        self.parts.append(piece)
        self.buffer += piece
        spans = sentence_spans(self.buffer)
        if len(spans) <= 1:
            return []
        done, self.buffer = self.buffer[: spans[-1][0]], self.buffer[spans[-1][0] :]
        return [done[a:b] for a, b in sentence_spans(done)]

    def draft(self) -> str:
        return "".join(self.parts)
