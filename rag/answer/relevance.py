"""Does a supported sentence answer the question, not just its topic? (part of verification)

`meets_needs` applies the Query's needs (see rag.answer.query): the time or amount asked
for in the sentence itself, the focus of "what did X say about Y" in the sentence or its
evidence, the speaker, every name of the question and the measure asked for in the passage.
`relevant` asks that the sentence and its evidence hold enough of the question's terms:
true but beside the point ("asked when, says what") is not an answer.
"""

from __future__ import annotations

from collections.abc import Set

from rag.answer.query import Query
from rag.text.lexicon import has_amount, has_time


def meets_needs(query: Query, text: str, words: Set[str], passage_words: Set[str]) -> bool:
    """`text` is the sentence shown (it must itself carry the time or number asked for),
    `words` its content words with its evidence sentence's (the focus must be there), and
    `passage_words` those of its whole passage (the speaker must be there: "He added ..."
    in a passage about Pang is Pang speaking)."""
    if query.answer_type == "time" and not has_time(text):
        return False
    if query.answer_type == "number" and not has_amount(text):
        return False
    if query.speaker and not query.speaker & passage_words:
        return False
    if not query.measure <= words or not all(name & passage_words for name in query.names):
        return False
    if not query.focus or query.focus & words:
        return True
    # The speaker's own sentence may say "the move" for the focus its passage names.
    return bool(query.speaker & words and query.focus & passage_words)


def relevant(query: Query, words: Set[str], min_share: float) -> bool:
    """Do a sentence and its evidence (`words`) hold `min_share` of the question's terms?"""
    return not query.terms or len(query.terms & words) / len(query.terms) >= min_share
