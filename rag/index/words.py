"""Word vectors: one MiniLM vector per word of the corpus, made at index time.

The verifier asks whether a claim's word is a synonym of one of its evidence's words ("cap" ~
"limit"), and the gate whether a word near the top sentences names what "how many" counts;
both compare single words by their MiniLM cosine (rag.models.embedder.WordSimilarity). A word
costs ~7-12 ms to encode on two cores, and a question's evidence brings ~20 new ones (0.26 s
of the example question's cold answer). Every evidence word is a corpus word, so the index
encodes the corpus vocabulary once, in one batch after the sentences, and stores it:
    gen-<n>/words.json   the words, lower-cased, sorted
    gen-<n>/words.npy    float16 [W, dim] their normalised vectors (float16: half the disk;
                         against encoding the words when asked, a word-to-word cosine moves
                         by 7.6e-5 at most over 79,800 pairs of BBC words)
An update encodes only the words its new articles bring; words of removed articles stay (a
superset costs a little disk, never a wrong answer). A claim's own words that no article has
are still encoded when asked. The Milvus store keeps them in a collection of its own
(rag.index.milvus_words). Limits: stopwords are left out, as the checks never compare them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from rag.text.lexicon import STOPWORDS, WORD_TOKEN

_WORD = re.compile(WORD_TOKEN)
WORDS_FILE, VECTORS_FILE = "words.json", "words.npy"
# Words encoded per call, so a progress bar moves about once a second (~1,300 words/s on two cores).
_STEP = 1024


def vocabulary(texts: Iterable[str]) -> set[str]:
    """The words of `texts` the checks may compare, lower-cased: every word but stopwords."""
    out: set[str] = set()
    for text in texts:
        out.update(w.lower() for w in _WORD.findall(text))
    return out - STOPWORDS


class WordVectors:
    """A generation's stored word vectors, read on first use (most answers need a few dozen)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._rows: dict[str, int] | None = None
        self._vectors: np.ndarray | None = None

    def _open(self) -> tuple[dict[str, int], np.ndarray]:
        if self._rows is None or self._vectors is None:
            words = json.loads((self.folder / WORDS_FILE).read_text(encoding="utf-8"))
            self._rows = {w: i for i, w in enumerate(words)}
            self._vectors = np.load(self.folder / VECTORS_FILE, mmap_mode="r")
        return self._rows, self._vectors

    @property
    def words(self) -> list[str]:
        return list(self._open()[0])

    @property
    def vectors(self) -> np.ndarray:
        return self._open()[1]

    def __len__(self) -> int:
        return len(self._open()[0])

    def lookup(self, words: Iterable[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those `words` the corpus has, as float32, normalised again."""
        rows, vectors = self._open()
        found = sorted({w for w in words if w in rows})
        if not found:
            return {}
        return dict(zip(found, normalised(vectors[[rows[w] for w in found]]), strict=True))


def normalised(vectors: np.ndarray) -> np.ndarray:
    """Rows as float32 of length 1 again (stored float16 or float32 rows drift from it)."""
    block = np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1)
    return block / np.linalg.norm(block, axis=1, keepdims=True).clip(min=np.finfo(np.float32).tiny)


def encode(
    words: list[str],
    embed: Callable[[list[str]], np.ndarray],
    dim: int,
    progress: Callable[[int, int], None] | None = None,
) -> np.ndarray:
    """float32 vectors of `words`, encoded `_STEP` at a time, reporting `progress` after each."""
    parts = [np.zeros((0, dim), np.float32)]
    for start in range(0, len(words), _STEP):
        parts.append(np.asarray(embed(words[start : start + _STEP]), np.float32))
        if progress is not None:
            progress(min(start + _STEP, len(words)), len(words))
    return np.concatenate(parts)


def extend(
    old: WordVectors | None,
    texts: Iterable[str],
    embed: Callable[[list[str]], np.ndarray],
    dim: int,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[str], np.ndarray]:
    """The words and float16 vectors of a new generation: the old generation's, and the new
    words of `texts` (the articles embedded now), encoded `_STEP` at a time with `progress`."""
    have = old.words if old is not None else []
    new = sorted(vocabulary(texts) - set(have))
    fresh = encode(new, embed, dim, progress)
    kept = np.asarray(old.vectors) if old is not None and have else np.zeros((0, dim), np.float16)
    words = have + new
    vectors = np.concatenate([kept.astype(np.float16), fresh.astype(np.float16)])
    order = sorted(range(len(words)), key=words.__getitem__)
    return [words[i] for i in order], vectors[order]


def write(folder: Path, words: list[str], vectors: np.ndarray) -> None:
    (folder / WORDS_FILE).write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
    np.save(folder / VECTORS_FILE, vectors)
