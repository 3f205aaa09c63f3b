"""Stance checks: does a claim state its evidence as the evidence states it?

The words may all be the evidence's and still say something else. Each check names what it
finds (None: no objection):
- modality: a hedge the evidence makes dropped ("it seems the problem started" is not "the
  problem started", "terrorist suspects" are not "terrorists", "some Labour MPs" are not
  "Labour MPs"), a future the evidence
  does not state ("will be" for "was"), or one it states given as done ("spent" for "would
  spend");
- cut short: the claim ends on words the evidence makes the subject of what it says next ("a
  second version with a larger hard drive" where the evidence goes on "will also be sold":
  the Mac mini does not come without it);
- pronoun: "she" or "her" where the evidence says only "he" or "his" (or the other way round),
  which hands a statement to another person ("the director said she was disappointed");
- attribution: words the evidence puts in someone's mouth ('"The allowances are extremely
  generous," said Mr Ingram') or gives as their view ("Ingram argued that the allowances were
  generous") stated as plain fact, with no quote marks and no one saying them;
Limits: English news prose, no parser; each check looks at words near each other, so a
hedge or a pronoun far from what it governs is not seen. A refused true sentence costs
little: the answerer quotes the evidence instead.
"""

from __future__ import annotations

import re

from rag.answer.meaning import Token
from rag.text import speech
from rag.text.lexicon import LEMMA, STOPWORDS, content_words, holds_run
from rag.text.segment import QUOTATION

# Words that make a statement less than a fact: dropped, a guess becomes a fact.
_HEDGES = frozenset(
    "seem seems seemed appear appears appeared apparently reportedly allegedly may might could possibly probably "
    "likely unlikely believed suspected rumoured expected alleged".split()
)
# Nouns that make the word before them less than a fact: "terrorist suspects" are not
# "terrorists", "the fraud allegations" are no fraud.
_QUALIFIERS = frozenset("suspect suspects allegation allegations".split())
# Words that make a group less than all of it: "some Labour MPs" are not "Labour MPs".
_SOME = frozenset("some several many few most".split())
# How far after a hedge the words it governs start: "seems that the problem started".
_HEDGE_SCOPE = 4
# Words that state a future or a condition; "will" or "would" in a claim needs one in its evidence.
_FUTURE = frozenset("will would shall set expected expects expect plans plan planned due going intends aims".split())


def _named(toks: list[Token], i: int) -> bool:
    """Is word i capitalised inside a clause, so a name and no hedge ("In May, ...", "Mrs May")?"""
    return i > 0 and toks[i].text[0].isupper() and toks[i - 1].kind == "word"


def modality(claim: list[Token], evidence: list[Token]) -> str | None:
    """A hedged statement given as fact, or a fact given as a prediction. A hedge counts when
    a word the claim uses follows it closely ("could rise", "it seems that the problem
    started"): "this could be the tip of the iceberg, thinks Tim Danton, editor of PC Pro" does
    not hedge that Danton is the editor."""
    said = {t.text.lower() for t in claim if t.kind == "word"}
    kept = {t.norm for t in claim if t.kind == "word" and t.text.lower() not in STOPWORDS}
    stated = {e.text.lower() for e in evidence if e.kind == "word"}
    hedge = next(
        (
            e.text
            for i, e in enumerate(evidence)
            if e.kind == "word"
            and e.text.lower() in _HEDGES
            and not _named(evidence, i)
            and any(f.norm in kept for f in evidence[i + 1 : i + 1 + _HEDGE_SCOPE] if f.kind == "word")
        ),
        None,
    )
    if hedge and not said & _HEDGES:
        return f"the evidence hedges ('{hedge}'), the claim does not"
    qualified = next(
        (
            e.text
            for i, e in enumerate(evidence)
            if i and e.text.lower() in _QUALIFIERS and evidence[i - 1].kind == "word" and evidence[i - 1].norm in kept
        ),
        None,
    )
    if qualified and not said & (_QUALIFIERS | _HEDGES):
        return f"the evidence says '{qualified}', the claim does not"
    some = next(
        (
            f"{e.text} {evidence[i + 1].text}"
            for i, e in enumerate(evidence[:-1])
            if e.text.lower() in _SOME
            and evidence[i + 1].kind == "word"
            and evidence[i + 1].text.lower() not in STOPWORDS
            and evidence[i + 1].norm in kept
        ),
        None,
    )
    if some and not said & _SOME:
        return f"the evidence says '{some}', the claim says all"
    if said & {"will", "would"} and not stated & (_FUTURE | _HEDGES):
        return f"'{sorted(said & {'will', 'would'})[0]}': the evidence states no future"
    done = {t.norm for i, t in enumerate(claim) if t.kind == "word" and _past(claim, i)}
    planned = _planned(evidence, done)
    if planned and not said & (_FUTURE | _HEDGES) - {"plan"}:  # "the plan" is a noun here
        return f"the evidence states a future ('{planned}'), the claim states it as done"
    return None


# "has risen", "was sold": a past however the verb is written.
_PERFECT = frozenset("has have had was were been".split())
# "the will of the people", "free will": the noun.
_NOUN_BEFORE = frozenset("the a his her their its free good".split())


def _past(toks: list[Token], i: int) -> bool:
    """Is word i a past form ("spent", "approved", "has risen")? The present may state a plan
    ("goes on sale on 22 January"); the past states it done."""
    word = toks[i].text.lower()
    before = toks[i - 1].text.lower() if i and toks[i - 1].kind == "word" else ""
    # LEMMA maps past forms to their base, and one present form, "goes".
    return (word in LEMMA and word != "goes") or word.endswith("ed") or before in _PERFECT


def _planned(evidence: list[Token], done: set[str]) -> str | None:
    """A word the claim states as done that the evidence puts after "will" or "would" ("would
    spend 120 billion yuan"), within two words ("would be sold"): a plan or a prediction."""
    for i, e in enumerate(evidence):
        if e.kind != "word" or e.text.lower() not in ("will", "would"):
            continue
        if i and evidence[i - 1].text.lower() in _NOUN_BEFORE:
            continue
        after = [f for f in evidence[i + 1 : i + 3] if f.kind == "word"]
        for f in after:
            if f.norm in done and f.text.lower() not in STOPWORDS:
                return f"{e.text} {' '.join(g.text for g in after[: after.index(f) + 1])}"
    return None


# An auxiliary straight after the claim's last words makes them the subject of what follows.
_AUXILIARIES = frozenset("will would shall is are was were has have had can could may might should must".split())
_TAIL = 3


def cut_short(claim: list[Token], evidence: list[Token]) -> str | None:
    """The claim ends on a run of the evidence's words that is the subject of what the evidence
    says next: "... and a second version with a larger hard drive" where the evidence goes on
    "will also be sold for $599". A dropped time or place ("... on Saturday") is no objection,
    nor is a claim that is one unbroken run of the evidence's words: the answerer shows such a
    piece as its whole sentence (rag.answer.composer.fragment_of)."""
    said = [t.norm for t in claim if t.kind != "mark"]
    at = [i for i, e in enumerate(evidence) if e.kind != "mark"]  # token index of each evidence word
    norms = [evidence[i].norm for i in at]
    if len(said) < _TAIL + 2 or holds_run(norms, said):
        return None
    tail = said[-_TAIL:]
    for k in range(len(norms) - _TAIL + 1):
        if norms[k : k + _TAIL] != tail:
            continue
        last = at[k + _TAIL - 1]
        after = evidence[last + 1] if last + 1 < len(evidence) else None
        if after is not None and after.text.lower() in _AUXILIARIES:
            return f"stops where the evidence goes on ('{' '.join(t.text for t in evidence[last + 1 : last + 4])}')"
    return None


# Gendered pronouns: the one thing a pronoun states that the words around it may not.
_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}


def pronouns(claim: list[Token], evidence: list[Token]) -> str | None:
    """A gendered pronoun of the claim that the evidence sentence, which uses gendered pronouns,
    never uses: 'The director said she was disappointed' from '... Chelsom said he was
    disappointed'. An evidence sentence with none (a name, "the singer") tells nothing: no objection."""
    stated = {e.text.lower() for e in evidence if e.kind == "word" and e.text.lower() in _GENDER}
    genders = {_GENDER[w] for w in stated}
    for t in claim:
        gender = _GENDER.get(t.text.lower()) if t.kind == "word" else None
        if gender and genders and gender not in genders:
            return f"'{t.text}' where the evidence says '{sorted(stated)[0]}'"
    return None


# Words that report speech or a view: a claim holding one says someone said it.
_SAYING = re.compile(speech.SAYING, re.I)
# The share of a claim's content words from inside the evidence's quotation that makes the
# claim a restatement of it.
_QUOTED_SHARE = 0.6


# What follows one of these is someone's view (rag.text.speech.VIEWS).
_VIEW = speech.VIEWS
# "X argued (that) VIEW" and "VIEW, X argued.": the view.
_VIEW_AFTER = re.compile(rf"\b{_VIEW}\s+(?:that\s+)?(.+)$", re.I)
_VIEW_IN = re.compile(rf"\b{_VIEW}\b", re.I)  # a claim that keeps the verb keeps the view's owner
# A view ends where another clause begins: "Analysts warned that sales could fall, but profits
# rose 9%" gives the rise as fact.
_VIEW_END = re.compile(r",\s*(?:but|while|although|though|whereas|yet)\b|;")
_VIEW_BEFORE = re.compile(rf"^(.+?),\s+(?:[\w'’.-]+\s+){{1,5}}{_VIEW}\b[^,]*$", re.I)


def attribution(claim: str, evidence: str) -> str | None:
    """Words the evidence quotes someone saying, or gives as someone's view ("he argued
    that ..."), stated by the claim as plain fact."""
    if _SAYING.search(claim) or _VIEW_IN.search(claim):
        return None
    said = content_words(claim)
    quoted = {w for m in QUOTATION.finditer(evidence) for w in content_words(m.group(1))}
    views = [_VIEW_END.split(m.group(1))[0] for m in (_VIEW_AFTER.search(evidence), _VIEW_BEFORE.search(evidence)) if m]
    viewed = {w for view in views for w in content_words(view)}
    for inside, whose in ((quoted, "quotes someone saying it"), (viewed, "gives it as someone's view")):
        if len(inside) >= 3 and said and sum(1 for w in said if w in inside) / len(said) >= _QUOTED_SHARE:
            return f"the evidence {whose}; the claim states it as fact"
    return None
