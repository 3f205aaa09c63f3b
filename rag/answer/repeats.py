"""Does a sentence say again what one already shown says? Read when quotes are chosen
(rag.answer.extractive): the same story filed twice, a lead restated later, one quote reported
by two stories each take a quote's place and say nothing new.

Limits: read by content words (rag.text.lexicon), so a paraphrase with other words is not a
repeat, and two sentences alike but for one name or figure are two facts, not one.
"""

from __future__ import annotations

from rag.answer.evidence import Evidence
from rag.text.lexicon import DEMONYMS, name_words


def repeats(e: Evidence, others: list[Evidence], share: float) -> bool:
    """Does sentence e say again what one already chosen says (the same story filed twice, a
    lead restated later, one quote reported by two stories)? `share` of the two's content words
    in common, or `share` of e's own words in the other and what e adds names no one (a
    nationality describes: "American sprinter Marion Jones") and gives no figure:
    '"Current PC architecture is nearing its limits."' repeats '"Current PC architecture is
    nearing its limits," he added.', but "Spain's only other title came in 2000, when they
    beat Australia in Barcelona" does not repeat "... came two years ago in Valencia, when they
    beat Australia", nor does a longer sentence repeat a shorter one it holds."""
    for o in others:
        common = e.words & o.words
        if len(common) >= share * max(1, len(e.words | o.words)):
            return True
        if len(common) >= share * max(1, len(e.words)) and not _adds_fact(e, e.words - common):
            return True
    return False


def _adds_fact(e: Evidence, added: frozenset[str]) -> bool:
    """Do the words e adds give a figure (digits: spelled ordinals are words like any other
    here) or name someone?"""
    return any(ch.isdigit() for w in added for ch in w) or bool(added & (name_words(e.text) - DEMONYMS))
