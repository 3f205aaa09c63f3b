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

from rag.data import Chunk
from rag.settings import QuerySettings
from rag.text.lexicon import content_words, names, one_edit


class Vocabulary(Protocol):
    """What spelling correction reads of an index (rag.index.reader.IndexReader)."""

    def dfs(self, words: list[str]) -> dict[str, int]:
        """Passages containing each word (absent words: 0); one lookup for many words."""
        ...

    def rows_with(self, word: str, limit: int) -> list[int]: ...

    def chunks_at(self, rows: list[int]) -> list[Chunk]: ...


_RAW_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def correct_spelling(text: str, vocabulary: Vocabulary, settings: QuerySettings) -> str:
    raw_words = [(m, content_words(m.group(0))) for m in _RAW_WORD.finditer(text)]
    # Which of the question's words the corpus has, asked once (a remote index answers in one trip).
    found = vocabulary.dfs([stems[0] for _, stems in raw_words if len(stems) == 1])
    spans = [(n.start, n.end) for n in names(text)]
    out = text
    for m, stems in raw_words:
        raw = m.group(0)
        if len(stems) != 1 or found.get(stems[0], 0) > 0 or len(stems[0]) < settings.spell_name_min:
            continue
        is_name = any(a <= m.start() < b for a, b in spans)
        if not (is_name or len(raw) >= settings.spell_word_min):
            continue
        shortest = settings.spell_name_min if is_name else settings.spell_target_min
        df = vocabulary.dfs([w for w in one_edit(stems[0]) if len(w) >= shortest])
        near = sorted(w for w, n in df.items() if n > 0)
        spelt = (
            {w: _as_name(w, vocabulary, settings.spell_name_look) for w in near} if is_name else {w: w for w in near}
        )
        near = sorted((w for w in near if spelt[w]), key=lambda w: df[w], reverse=True)
        # One neighbour, or one clearly more common than the rest (a name vs. a typo of it).
        if len(near) == 1 or (len(near) > 1 and df[near[0]] > df[near[1]]):
            out = out.replace(raw, str(spelt[near[0]]), 1)
    return out


def _as_name(word: str, vocabulary: Vocabulary, look: int) -> str | None:
    """`word` as the corpus writes it inside a name ("ross" -> "Ross"), if it ever does."""
    for chunk in vocabulary.chunks_at(vocabulary.rows_with(word, look)):
        text = chunk.text
        for name in names(text):
            for token in name.text.split():
                letters = re.match(r"[A-Za-z]+", token)
                if letters and content_words(token)[:1] == [word]:
                    return letters.group(0)
    return None
