"""Plain-text rendering of answers for the terminal shells (CLI and REPL); no logic."""

from __future__ import annotations

import textwrap
from typing import TextIO

from rag.data import Answer, Check


def sources(answer: Answer, width: int = 100) -> str:
    if not answer.citations:
        return ""
    lines = ["", "Sources:"]
    for c in answer.citations:
        head = f"  [{c.n}] {c.source()}, chars {c.start}-{c.end}"
        quote = textwrap.fill(_quoted(c.text), width=width, initial_indent="      ", subsequent_indent="      ")
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


def check_report(check: Check, width: int = 100) -> str:
    if check.supported:
        lines = ["Supported by the articles:"]
        cited = [(c, "") for c in check.citations]
    else:
        lines = ["Not supported by the articles." + (" Closest sentences:" if check.closest else "")]
        cited = list(zip(check.closest, check.reasons, strict=True))
    for c, why in cited:
        lines.append(f"  {c.source()}, chars {c.start}-{c.end}")
        lines.append(textwrap.fill(_quoted(c.text), width=width, initial_indent="      ", subsequent_indent="      "))
        if why:
            note = f"why not: {why}"
            lines.append(textwrap.fill(note, width=width, initial_indent="      ", subsequent_indent="      "))
    return "\n".join(lines)


class Wrapper:
    """Writes streamed text wrapped at `width` columns (0: as it comes), breaking between words.

    A word is held until the space after it arrives (or `close`), so it is never split.
    """

    def __init__(self, out: TextIO, width: int) -> None:
        self.out, self.width, self.column = out, width, 0
        self.word, self.space = "", False

    def write(self, piece: str) -> None:
        if self.width <= 0:
            self.out.write(piece)
        else:
            for ch in piece:
                if not ch.isspace():
                    self.word += ch
                    continue
                self._put_word()
                if ch == "\n":
                    self.out.write("\n")
                    self.column, self.space = 0, False
                else:
                    self.space = self.column > 0
        self.out.flush()

    def close(self) -> None:
        self._put_word()
        self.out.flush()

    def _put_word(self) -> None:
        if not self.word:
            return
        if self.column and self.column + int(self.space) + len(self.word) > self.width:
            self.out.write("\n")
            self.column, self.space = 0, False
        if self.space:
            self.out.write(" ")
            self.column += 1
        self.out.write(self.word)
        self.column += len(self.word)
        self.word, self.space = "", False


def _quoted(text: str) -> str:
    """The cited span in “ ”, unless it holds quote marks of its own: then it is shown exactly
    as the article has it (“They have shown interest,” Pang said. needs no more marks)."""
    return text if any(ch in '"“”' for ch in text) else f"“{text}”"
