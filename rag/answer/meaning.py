"""Meaning checks: does an evidence sentence state what a claim says, with the same attachments?

Word overlap is not meaning: "Voltra bought Kestrel" shares every word with "Kestrel bought
Voltra". Each check below looks at one way a sentence recombined from its evidence's words
goes wrong, and names it when it finds it (an empty list means no check objects):
- garbled: a fragment no sentence has ("the city of in", "the the");
- number: a figure, ordinal or count the evidence lacks, one attached to another unit ("three
  weeks" for "three days") or to words the evidence puts beside another figure;
- name: a name the evidence sentence lacks (its previous sentence counts when the evidence
  speaks through a pronoun or a quote), or a name stitched from two ("Raj Trent");
- role, order, coordination (who did what to whom): rag.answer.structure;
- polarity: a negation the other side lacks, or a word opposed to one in the evidence
  ("for"/"against", "rose"/"fell");
- unsupported: words the evidence does not state, even as a synonym (an added attribute);
- how it is stated (hedges, futures, pronouns, a claim cut short): rag.answer.stance.
Limits: English news prose; no parser, so a relation stated far from its words, or a
paraphrase built from rarer synonyms, can be missed or refused. A refused true sentence
costs little: the answerer quotes the evidence instead.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from rag.text.lexicon import DEMONYMS, STOPWORDS, WORD_TOKEN, content_words, names
from rag.text.relations import NEGATIONS, normal, opposed, same_direction
from rag.text.roles import TITLES

__all__ = ["names", "normal", "refers_back", "tokens"]

_TOKEN = re.compile(rf"\d+(?:[.,]\d+)*|{WORD_TOKEN}|[^\sA-Za-z\d]")
_PREPOSITIONS = frozenset("of in on at to for from by with into onto".split())
_STOPS = frozenset(".,;:!?")
# Words that turn a relation round without changing it: "bought by X", "secretary of X", "signed with X".
_TURNERS = frozenset("by of with".split())
# Verbs that carry little meaning of their own: "made a profit" says what "reported a profit" does.
_LIGHT = frozenset(normal(w) for w in "make made have has had take took get got give gave put do did".split())
_PERIOD = re.compile(
    r"\b(this|next|last|previous|past|coming) (year|month|week|season|quarter|decade|summer|winter)s?\b", re.I
)
_DETERMINERS = frozenset("the a an".split())
_UNITS = frozenset(
    "% percent per cent m bn million billion trillion thousand hundred p pence pound pounds euro euros dollar dollars "
    "year years month months week weeks day days hour hours minute minutes second seconds km metres miles times "
    "goals votes seats points people workers jobs stores homes".split()
)
_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred thousand "
    "first second third fourth fifth sixth seventh eighth ninth tenth half quarter double triple dozen".split()
)
# Titles, and the words that qualify one or that a result gives ("former", "deputy", "winner").
_ROLES = TITLES | frozenset(
    "vice candidate investor seed champion winner favourite deputy finance former general managing non-executive "
    "top second third lead".split()
)
# After an opening "But" or "And" as well: "But the 42-year-old won her claim".
_OPENER = r"^\s*(?:(?:But|And|Yet|However|Meanwhile|So),?\s+)?"
_REFERS_BACK = re.compile(
    _OPENER + r"(?:[\"“‘']|(?i:he|she|they|it|its|his|her|their|this|these|those|the)\b(?! [A-Z]))"
)


@dataclass(frozen=True)
class Token:
    text: str
    norm: str
    kind: str  # "number", "word" or "mark"


def tokens(text: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        t = m.group(0)
        kind = "number" if t[0].isdigit() else "word" if t[0].isalpha() else "mark"
        out.append(Token(t, t.replace(",", "") if kind == "number" else normal(t), kind))
    return out


_TEMPLATE = re.compile(r"\bundated\b|\bpassages?\s*\(?\d|\bquestion\s*:|\bthe sentence is\b", re.I)


def garbled(claim: str) -> str | None:
    """A fragment no sentence has, or the prompt's own words copied into the answer."""
    leak = _TEMPLATE.search(claim)
    if leak:
        return f"'{leak.group(0)}' comes from the prompt, not the articles"
    words = [t.text.lower() for t in tokens(claim)]
    for a, b in itertools.pairwise(words):
        if a == b and a.isalpha():
            return f"'{a} {b}'"
        if a in _DETERMINERS and (b in _PREPOSITIONS or b in _DETERMINERS or b in _STOPS):
            return f"'{a} {b}'"
        if a in _PREPOSITIONS and b in _PREPOSITIONS and (a, b) not in {("out", "of"), ("from", "under")}:
            return f"'{a} {b}'"
    if words and words[-1] in _PREPOSITIONS | _DETERMINERS:
        return f"ends with '{words[-1]}'"
    return None


def _counts(toks: list[Token]) -> list[tuple[int, str]]:
    """(token index, key) of every figure, count word and ordinal, hyphen parts included."""
    out = []
    for i, t in enumerate(toks):
        if t.kind == "number":
            out.append((i, t.norm))
        elif t.kind == "word":
            low = t.text.lower()
            parts = low.split("-")
            out += [(i, p) for p in parts if p in _NUMBER_WORDS]
            if low == "one" and i and toks[i - 1].text.lower() in ("number", "no"):
                out.append((i, "one"))
    return out


def numbers(claim: list[Token], evidence: list[Token]) -> str | None:
    have = {key for _, key in _counts(evidence)}
    for i, key in _counts(claim):
        t = claim[i]
        if key not in have:
            return f"'{t.text}' is not in the evidence"
        unit = _unit_after(claim, i)
        if unit and unit not in {_unit_after(evidence, j) for j, k in _counts(evidence) if k == key}:
            return f"'{t.text} {unit}' is not what the evidence says"
        if t.kind == "number" and _misattached(claim, i, evidence, key):
            return f"'{t.text}' belongs to other words in the evidence"
    return None


def _unit_after(toks: list[Token], i: int) -> str | None:
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is None:
        return None
    word = nxt.text.lower()
    if word in _UNITS:
        return normal(word) if word not in ("%", "percent", "per") else "%"
    return None


def periods(claim: str, evidence: str) -> str | None:
    """ "this year" is not "next year"."""
    have = {m.group(0).lower().rstrip("s") for m in _PERIOD.finditer(evidence)}
    for m in _PERIOD.finditer(claim):
        if m.group(0).lower().rstrip("s") not in have:
            return f"'{m.group(0)}' is not the period the evidence gives"
    return None


def _misattached(claim: list[Token], i: int, evidence: list[Token], key: str) -> bool:
    """A word beside a figure in the claim that the evidence puts beside another figure instead."""
    words = [j for j, t in enumerate(evidence) if t.kind != "mark"]
    place = {j: n for n, j in enumerate(words)}
    near = [t.norm for t in claim[max(0, i - 2) : i + 3] if t.kind == "word" and t.text.lower() not in STOPWORDS]
    spots = [place[j] for j, e in enumerate(evidence) if e.norm == key]
    others = [place[j] for j, e in enumerate(evidence) if e.kind == "number" and e.norm != key]
    for word in near:
        where = [place[j] for j, e in enumerate(evidence) if e.norm == word]
        if not where or any(abs(w - s) <= 5 for w in where for s in spots):
            continue
        if any(abs(w - o) <= 3 for w in where for o in others):
            return True
    return False


# "The Indian firm", "The US company": a nationality before a common noun names no one new.
_THE_NATIONAL = re.compile(_OPENER + r"(?i:the)\s+([A-Z][A-Za-z]+)\s+[a-z]")
_COUNTRY_INITIALS = frozenset("US UK EU".split())


def refers_back(sentence: str) -> bool:
    """Does the sentence name its subject through what came before ("She said", "The firm", a quote)?"""
    if _REFERS_BACK.match(sentence):
        return True
    national = _THE_NATIONAL.match(sentence)
    return bool(
        national and (national.group(1) in _COUNTRY_INITIALS or set(content_words(national.group(1))) <= DEMONYMS)
    )


def name_problems(claim: str, sentence: str, context: str, passage: str) -> str | None:
    """Names must be in the evidence sentence (or its context when it refers back: "She said",
    "The union", a quote), and a name of several words must appear whole in the passage."""
    return unnamed([n.text for n in names(claim)], sentence, context, passage)


def unnamed(claimed: list[str], sentence: str, context: str, passage: str) -> str | None:
    """The first of the names `claimed` that the evidence sentence lacks (see name_problems)."""
    sentence_words = {t.norm for t in tokens(sentence)}
    allowed = sentence_words | ({t.norm for t in tokens(context)} if refers_back(sentence) else set())
    whole = " ".join(t.norm for t in tokens(f"{passage} {context}") if t.kind == "word")
    for name in claimed:
        parts = [t.norm for t in tokens(name) if t.kind == "word"]
        missing = [p for p in parts if p not in allowed and p not in STOPWORDS]
        if missing:
            return f"'{name}' is not in the evidence sentence"
        if len(parts) > 1 and f" {' '.join(parts)} " not in f" {whole} ":
            return f"'{name}' is not a name the evidence uses"
    return None


def polarity(claim: list[Token], evidence: list[Token]) -> str | None:
    if _negated(claim, evidence) != _negated(evidence, claim):
        return "one says not, the other does not"
    have = {t.norm for t in evidence if t.kind == "word"}
    # "The money will be paid to Fiat, not GM": a "not" before words the evidence does not
    # have denies what the evidence never mentions.
    if denied := _denied_elsewhere(claim, evidence, have):
        return f"'not {denied}': the evidence says nothing of it"
    for t in claim:
        if t.kind == "word" and t.norm not in have:
            against = next((e.text for e in evidence if e.kind == "word" and opposed(t.text, e.text)), None)
            if against:
                return f"'{t.text}' where the evidence says '{against}'"
    return None


def _same_root(a: str, b: str, share: float) -> bool:
    """ "closur(es)" and "close": they begin alike for at least `share` of the shorter (and 4 letters)."""
    short, long_ = sorted((a, b), key=len)
    common = 0
    while common < len(short) and short[common] == long_[common]:
        common += 1
    return common >= 4 and common >= share * len(short)


def _denied_elsewhere(claim: list[Token], evidence: list[Token], have: set[str]) -> str | None:
    """The word a negation of the claim denies, when the evidence (its words `have`) negates
    nothing and does not have that word."""
    if any(_is_negation(t) for t in evidence):
        return None
    for i, t in enumerate(claim):
        if _is_negation(t):
            after = [n for n in claim[i + 1 : i + 4] if n.kind == "word" and n.text.lower() not in STOPWORDS]
            if after and not any(n.norm in have for n in after):
                return after[0].text
    return None


def _is_negation(t: Token) -> bool:
    return t.text.lower() in NEGATIONS or t.text.lower().endswith("n't")


def _negated(toks: list[Token], other: list[Token]) -> bool:
    """A negation within three words of a word both sides hold."""
    shared = {t.norm for t in other if t.kind == "word"}
    for i, t in enumerate(toks):
        if _is_negation(t) and any(n.norm in shared and n.text.lower() not in STOPWORDS for n in toks[i + 1 : i + 4]):
            return True
    return False


def synonym_candidates(evidence: list[Token]) -> list[Token]:
    """The evidence words a claim's word may be a synonym of: not its stopwords ("the", "of",
    "would"), which the claim's content words never mean, and which cost a word vector each."""
    return [e for e in evidence if e.kind == "word" and e.text.lower() not in STOPWORDS]


def without_synonym(
    words: list[Token], stated: list[Token], similar: Callable[[str, str], float], threshold: float
) -> list[str]:
    """Of the claim's `unmatched` words, those none of the evidence's `synonym_candidates`
    (`stated`) is a synonym of (MiniLM word cosine >= `threshold`, opposites excluded): words
    the evidence does not state at all."""
    return [
        t.text
        for t in words
        if not any(not opposed(t.text, e.text) and similar(t.text, e.text) >= threshold for e in stated)
    ]


def unmatched(
    claim: list[Token],
    evidence: list[Token],
    root_share: float,
    skip: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[Token]:
    """The claim's content words the evidence does not state as written, by their root or by a
    word of the same direction: the ones `without_synonym` must look for a synonym of (no word
    vector needed to find them; `skip`: words already vouched for, like names checked on their
    own)."""
    have = [e for e in evidence if e.kind in ("word", "number")]
    norms = {e.norm for e in have}
    out = []
    for t in claim:
        if t.kind != "word" or t.text.lower() in STOPWORDS or t.norm in norms or len(t.norm) < 2:
            continue
        if t.norm in skip or t.norm in _LIGHT or any(_same_root(t.norm, e.norm, root_share) for e in have):
            continue
        if any(same_direction(t.text, e.text) for e in have):
            continue
        out.append(t)
    return out
