"""Doer check (part of verification): a claim keeps who does what in its evidence.

"The film's director, Peter Chelsom, was disappointed that the film did not attend" has every
word of "The film's director Peter Chelsom said he was disappointed that Lopez did not attend"
but says the film stayed away: the name that does "attend" was swapped for another word of the
sentence. `swapped_doer` objects when a word the claim and the evidence each hold once comes,
in the evidence, right after a name (auxiliaries and "not" skipped: "Lopez did not attend")
and, in the claim, after another lower-case word, while the claim says that name nowhere. A
pronoun in its place is left to the pronoun check (rag.answer.stance), another name to the
name and role checks (rag.answer.structure); a name said elsewhere in the claim
("Cairn Energy's shares rose" for "Shares in Cairn Energy rose") is the same doer moved.
Limits: word order stands in for syntax; only the word right before is read, so a doer named
further back ("Lopez, who was ill, did not attend") is not checked.
"""

from __future__ import annotations

from rag.answer.meaning import Token
from rag.text.lexicon import STOPWORDS, names

# Words between a doer and its verb that say nothing of who: "Lopez did not attend".
_BETWEEN = frozenset(
    "did does do not never has have had was were is are will would could can should may might also still then "
    "already just".split()
)


def _doer_before(toks: list[Token], i: int) -> int | None:
    """The index of the word before token i, skipping auxiliaries and "not"; None at a mark."""
    k = i - 1
    while k >= 0 and toks[k].kind == "word" and toks[k].text.lower() in _BETWEEN:
        k -= 1
    return k if k >= 0 and toks[k].kind == "word" else None


def swapped_doer(claim: list[Token], evidence: list[Token], evidence_text: str) -> str | None:
    """Does the claim give a verb the evidence gives a name to another doer, the name dropped?"""
    named = {w.lower() for n in names(evidence_text, initial=True) for w in n.text.split()}
    if not named:
        return None
    said = {t.norm for t in claim if t.kind == "word"}
    once_claim = _once(claim)
    for norm, k in _once(evidence).items():
        i = once_claim.get(norm)
        if i is None:
            continue
        t = evidence[k]
        e, c = _doer_before(evidence, k), _doer_before(claim, i)
        if e is None or c is None:
            continue
        doer, other = evidence[e], claim[c]
        if doer.text.lower() not in named or not doer.text[0].isupper() or other.norm == doer.norm:
            continue
        # A pronoun or an article (stopwords, both) is no doer ("Its shares fell", "The airport
        # handled"); another name in the claim's slot is the name checks' to judge
        # (rag.answer.structure.roles).
        if {doer.text.lower(), other.text.lower()} & STOPWORDS or other.text[0].isupper():
            continue
        if doer.norm in said:
            continue
        return f"the evidence says {doer.text} {t.text}, not {other.text}"
    return None


def _once(toks: list[Token]) -> dict[str, int]:
    """Each lower-case content word said once, by its normal form, with its index."""
    seen: dict[str, list[int]] = {}
    for k, t in enumerate(toks):
        if t.kind == "word" and t.text.islower() and t.text not in STOPWORDS and t.text not in _BETWEEN:
            seen.setdefault(t.norm, []).append(k)
    return {w: p[0] for w, p in seen.items() if len(p) == 1}
