"""Word vectors in Milvus: the `<collection>_words` collection (id = word, its vector), the
Milvus store's form of the folder store's words.json / words.npy (rag.index.words).

Filled after an update's articles are written, with only the words no row holds yet; an
index from before word vectors were stored lacks the collection and gets it, filled from
every article, on its next update (its reader answers {} until then: words are encoded when
asked). Vectors are float32 here (Milvus Lite's plain vector type). Limits: words of removed
articles stay, as in the folder store; words longer than `WORD_CHARS` are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from rag.index.milvus_schema import FILTER_VALUES, INSERT_ROWS, WORD_CHARS, Names
from rag.index.words import vocabulary

# Words encoded per call (as rag.index.words: a progress step about a second long).
_STEP = 1024


def ensure(client: Any, names: Names, dim: int) -> bool:
    """Create the collection if missing; whether it was there already."""
    from pymilvus import DataType

    if client.has_collection(names.words):
        return True
    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("id", DataType.VARCHAR, is_primary=True, max_length=WORD_CHARS)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    params = client.prepare_index_params()
    params.add_index(field_name="vector", index_type="FLAT", metric_type="IP")
    client.create_collection(names.words, schema=schema, index_params=params)
    return False


def add(
    client: Any,
    names: Names,
    texts: Iterable[str],
    embed: Callable[[list[str]], np.ndarray],
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Encode and insert the words of `texts` the collection lacks; how many were new."""
    wanted = sorted(w for w in vocabulary(texts) if len(w.encode()) <= WORD_CHARS)
    have: set[str] = set()
    for at in range(0, len(wanted), FILTER_VALUES):
        have.update(r["id"] for r in client.get(names.words, ids=wanted[at : at + FILTER_VALUES], output_fields=["id"]))
    new = [w for w in wanted if w not in have]
    for at in range(0, len(new), _STEP):
        part = new[at : at + _STEP]
        rows = [{"id": w, "vector": v.tolist()} for w, v in zip(part, np.asarray(embed(part), np.float32), strict=True)]
        for start in range(0, len(rows), INSERT_ROWS):
            client.insert(names.words, rows[start : start + INSERT_ROWS])
        if progress is not None:
            progress(min(at + _STEP, len(new)), len(new))
    if new:
        client.flush(names.words)
    return len(new)


def lookup(client: Any, names: Names, words: list[str]) -> dict[str, np.ndarray]:
    """The stored vectors of those lower-cased `words` the collection holds, normalised."""
    asked = sorted({w for w in words if len(w.encode()) <= WORD_CHARS})
    out: dict[str, np.ndarray] = {}
    for at in range(0, len(asked), FILTER_VALUES):
        for row in client.get(names.words, ids=asked[at : at + FILTER_VALUES], output_fields=["vector"]):
            v = np.asarray(row["vector"], np.float32)
            out[row["id"]] = v / max(float(np.linalg.norm(v)), float(np.finfo(np.float32).tiny))
    return out
