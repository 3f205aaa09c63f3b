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

from rag.index import words as stored
from rag.index.milvus_schema import FILTER_VALUES, INSERT_ROWS, WORD_CHARS, Names


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
    dim: int,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Encode and insert the words of `texts` the collection lacks; how many were new."""
    wanted = sorted(w for w in stored.vocabulary(texts) if len(w.encode()) <= WORD_CHARS)
    have: set[str] = set()
    for at in range(0, len(wanted), FILTER_VALUES):
        have.update(r["id"] for r in client.get(names.words, ids=wanted[at : at + FILTER_VALUES], output_fields=["id"]))
    new = [w for w in wanted if w not in have]
    vectors = stored.encode(new, embed, dim, progress)
    # Rows built a batch at a time: a vector as a Python list is ~8x its float32 size.
    for at in range(0, len(new), INSERT_ROWS):
        rows = zip(new[at : at + INSERT_ROWS], vectors[at : at + INSERT_ROWS], strict=True)
        client.insert(names.words, [{"id": w, "vector": v.tolist()} for w, v in rows])
    if new:
        client.flush(names.words)
    return len(new)


def lookup(client: Any, names: Names, words: list[str]) -> dict[str, np.ndarray]:
    """The stored vectors of those lower-cased `words` the collection holds, normalised."""
    asked = sorted({w for w in words if len(w.encode()) <= WORD_CHARS})
    rows = [
        row
        for at in range(0, len(asked), FILTER_VALUES)
        for row in client.get(names.words, ids=asked[at : at + FILTER_VALUES], output_fields=["vector"])
    ]
    if not rows:
        return {}
    return dict(zip([r["id"] for r in rows], stored.normalised(np.array([r["vector"] for r in rows])), strict=True))
