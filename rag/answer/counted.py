"""What "how many" counts: the evidence's words that name it in other words.

"How many civil servants are accused?" is answered by "About 500 officials are accused", and
not by "The singer must serve 15 days in prison" for "How many concert tickets ...?". The
relevance check (rag.answer.relevance) asks that a count in the sentence counts nothing named
(a bare "52 were recovered") or one of the question's `counted_forms`; this adds to those the
words the evidence counts that MiniLM puts near a word the question counts (`cosine`). One
batch of single-word encodings, for "how many" questions only. Limits: the embedder's sense of
word similarity; only the three words after a count are read ("the number sold will reach 159
million" names nothing, so it is not held against the answer).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rag.answer.query import Query
from rag.text.lexicon import content_words
from rag.text.quantity import counted_words

if TYPE_CHECKING:
    from rag.answer.evidence import EvidenceSet


def relate_counted(query: Query, evidence: EvidenceSet, cosine: float) -> Query:
    """`query` (and its parts) with `counted_forms` grown by the evidence's counted words this near
    one the question counts."""
    asking = [q for q in (query, *query.parts) if q.counted]
    if not asking:
        return query
    counted = {w for e in evidence.sentences for phrase in counted_words(e.text) for w in phrase if content_words(w)}
    similar = evidence.similar  # the gate reads the same word vectors again (gate.uncounted)

    def probes(q: Query) -> set[str]:
        # Each word the question counts, and the words together: "civil servants" is one thing.
        return {*q.counted, " ".join(q.counted)}

    similar.prepare(sorted(counted.union(*(probes(q) for q in asking))))  # one batch

    def grown(q: Query) -> Query:
        if not q.counted:
            return q
        near = [w for w in counted if any(similar(a, w) >= cosine for a in probes(q))]
        return replace(q, counted_forms=q.counted_forms | set(content_words(" ".join(near))))

    return replace(grown(query), parts=tuple(grown(p) for p in query.parts))
