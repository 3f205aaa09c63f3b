"""Asked words: does a sentence address each rare word the question asks about, or a paraphrase of it?

A sentence holding no "resign" may still answer "Why did Gordon Brown resign as chancellor?"
by saying "stood down"; one about his ninth budget answers nothing. Word overlap cannot tell
the two apart, and no paraphrase or entailment model is at hand, so the sentence embedder
judges by ablation: the question is encoded again without the word. A sentence that
paraphrases the word is nearer the whole question than the question without it (the word
pulls the question towards it); one that says nothing of it is as near or nearer (the word
pulls the question away). Read only for words rare enough to name what is asked (`min_idf`;
a why question's event word from `why_min_idf`, as "close" or "quit" are common),
that some passage holds (a word no article has is the gate's `missing` signal), and that are
not names or the speaker (the name checks cover those); a word the sentence, its context or
its article's lead holds is addressed as written. One batch of encodings per question.
On for why and who questions (settings.asked.question_words): "Why did X resign?" and "Who
was arrested?" presume the event their word names, and on the dev sets checking them refused 7
more unanswerable questions for one right answer. For every question only in strict mode
(settings.asked.enabled): on the dev sets it refuses more of the unanswerable questions (0.58
-> 0.69) for a little accuracy (0.801 -> 0.789), but on the test splits it lost 6 right
answers for 4 refusals; per kind on the dev sets, "how" questions gave 4 refusals for 3
answers. Limits: the embedder's own sense of paraphrase, a margin fitted on the dev questions,
and `min_idf` read as BM25 idf, which a corpus of a few dozen passages never reaches (there it
never fires). "What is unusual about the DS's displays?"
is refused though "two screens, one touch sensitive" answers it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from rag.answer.query import AskedWord, Query
from rag.answer.relevance import terms_held
from rag.models.embedder import Embedder
from rag.settings import AskedSettings
from rag.text.lexicon import content_words

if TYPE_CHECKING:
    from rag.answer.evidence import EvidenceSet


def without(text: str, term: str) -> str:
    """`text` with every word whose content word is `term` left out."""
    return " ".join(t for t in text.split() if term not in content_words(t))


def asked_terms(query: Query, idf: Callable[[str], float], df: Callable[[str], int], min_idf: float) -> list[str]:
    """The question's rare words that ask what is asked: not names, not the speaker, in some passage."""
    named = frozenset().union(*query.names) | query.speaker_forms
    return sorted(w for w in query.terms - named if idf(w) >= min_idf and df(w) > 0)


def ablate(
    query: Query, embedder: Embedder, idf: Callable[[str], float], df: Callable[[str], int], s: AskedSettings
) -> Query:
    """The query with its asked words, each with the question's vector without it (strict mode,
    or a question of a kind always checked)."""
    on = s.enabled or query.wh in s.question_words
    # A why question's event word ("close", "quit", "fail") is often common: read rarer ones only
    # for the other kinds, whose words a sentence more often says another way ("built" ~ "creator").
    min_idf = s.why_min_idf if query.wh == "why" else s.min_idf
    terms = asked_terms(query, idf, df, min_idf) if on and query.vector is not None else []
    if not terms:
        return query
    vectors = embedder.encode([without(query.text, w) for w in terms])
    found = tuple(AskedWord(w, v.astype(np.float32), s.margin) for w, v in zip(terms, vectors, strict=True))
    return replace(query, asked_words=found)


def addresses(query: Query, evidence: EvidenceSet, i: int) -> bool:
    """Does evidence sentence i address every asked word of the question, as written or paraphrased?"""
    if not query.asked_words or query.vector is None:
        return True
    # As written, or as the relevance checks read it: "Who runs GM?" by "GM chairman ...".
    held = terms_held(query, evidence.around(i) | evidence.topic(i), [a.term for a in query.asked_words])
    left = [a for a in query.asked_words if a.term not in held]
    if not left:
        return True
    sentence = evidence.vectors([i])[0]
    near = float(sentence @ query.vector)
    return all(near - float(sentence @ a.vector) > -a.margin for a in left)
