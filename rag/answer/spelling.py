"""Spelling correction of a question against the corpus vocabulary (part of the query stage).

A misspelt name or long word is replaced by the one corpus word one edit away ("Pangg" ->
"Pang", "tranfer" -> "transfer"). Only names (as the lexicon's name detector finds them)
and long words are touched; short common words ("charge") have real neighbours ("change")
that a guess would confuse. A name is only replaced by a word the corpus itself writes as a
name, spelt as the corpus spells it ("Ros" -> "Ross", not "rose"). The replacement must be
the clear choice: the only candidate, or in more passages than any other.
"""

from __future__ import annotations

import re
from typing import Protocol

import numpy as np

from rag.data import Chunk
from rag.settings import QuerySettings
from rag.text.lexicon import content_words, names, one_edit


class Lexicon(Protocol):
    vocab: dict[str, int]

    def df(self, word: str) -> int: ...

    def rows(self, word: str) -> np.ndarray: ...


class Vocabulary(Protocol):
    """What spelling correction reads of an index: its BM25 vocabulary and its passages."""

    chunks: list[Chunk]

    def bm25(self) -> Lexicon: ...


_RAW_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def correct_spelling(text: str, vocabulary: Vocabulary, settings: QuerySettings) -> str:
    lexicon = vocabulary.bm25()
    vocab, df = lexicon.vocab, lexicon.df
    spans = [(n.start, n.end) for n in names(text)]
    out = text
    for m in _RAW_WORD.finditer(text):
        raw = m.group(0)
        stems = content_words(raw)
        if len(stems) != 1 or stems[0] in vocab or len(stems[0]) < settings.spell_name_min:
            continue
        is_name = any(a <= m.start() < b for a, b in spans)
        if not (is_name or len(raw) >= settings.spell_word_min):
            continue
        shortest = settings.spell_name_min if is_name else settings.spell_target_min
        near = [w for w in one_edit(stems[0]) if w in vocab and len(w) >= shortest]
        spelt = (
            {w: _as_name(w, vocabulary, settings.spell_name_look) for w in near} if is_name else {w: w for w in near}
        )
        near = sorted((w for w in near if spelt[w]), key=df, reverse=True)
        # One neighbour, or one clearly more common than the rest (a name vs. a typo of it).
        if len(near) == 1 or (len(near) > 1 and df(near[0]) > df(near[1])):
            out = out.replace(raw, str(spelt[near[0]]), 1)
    return out


def _as_name(word: str, vocabulary: Vocabulary, look: int) -> str | None:
    """`word` as the corpus writes it inside a name ("ross" -> "Ross"), if it ever does."""
    for row in vocabulary.bm25().rows(word)[:look]:
        text = vocabulary.chunks[int(row)].text
        for name in names(text):
            for token in name.text.split():
                letters = re.match(r"[A-Za-z]+", token)
                if letters and content_words(token)[:1] == [word]:
                    return letters.group(0)
    return None
