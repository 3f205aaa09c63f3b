"""`LoadedIndex`: one generation of the index, opened for reading.

Passage records load into memory; vectors are memory-mapped; the FAISS and BM25 indexes
open on first use, so a question that needs only one of them never reads the other.
Limits: records load fully into memory (about 1 KB per passage).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rag.data import Chunk
from rag.index import bm25


@dataclass
class LoadedIndex:
    path: Path
    manifest: dict[str, Any]
    chunks: list[Chunk]
    vectors: np.ndarray
    _faiss: Any = None
    _bm25: bm25.Lexical | None = None

    @property
    def index_type(self) -> str:
        return str(self.manifest["index"]["type"])

    def faiss(self) -> Any:
        if self._faiss is None:
            import faiss

            from rag.index.vectors import tune

            self._faiss = faiss.read_index(str(self.path / "faiss.index"))
            tune(self._faiss, self.manifest["index"])
        return self._faiss

    def bm25(self) -> bm25.Lexical:
        if self._bm25 is None:
            self._bm25 = bm25.Lexical(self.path / "bm25")
        return self._bm25
