"""Follow-ups (part of the query stage): rewrite a chat question that leans on the last turn.

"Who first announced the one-time fee?" -> "Ren Zhengfei ..." then "Where did he say it?"
becomes "Where did Ren Zhengfei say the one-time fee?": personal pronouns take the first
person named in the previous answer (or question), "it/that/this" takes the previous
question's main noun phrase. Rule-based and English-only: it resolves the common cases without
a model call; a question without such pronouns, or the first turn, passes through unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.text.lexicon import names

_PERSON_PRONOUN = re.compile(r"\b(he|she|him|her|his|they|them|their)\b", re.IGNORECASE)
_THING_PRONOUN = re.compile(r"\b(it|that|this)\b(?!\s+(?:is|was)\s+not)", re.IGNORECASE)
_TITLE_CASE = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)*")
_TAIL = re.compile(r"(?:['’]s)?\.?$")
_NP = re.compile(r"\b(?:the|a|an|its|his|her|their)\s+([\w’'-]+(?:\s+[\w’'-]+){0,3}?)\s*(?:[?.!]|$)", re.IGNORECASE)
_NOT_NAMES = {"The", "In", "At", "However", "According", "Not", "Chinese", "American", "Finnish", "Swedish"}


@dataclass(frozen=True)
class Turn:
    question: str
    answer: str


def _first_name(text: str) -> str | None:
    """The first person named: two or more title-case words of a name ("Ren Zhengfei"), a
    sentence's opening word included; acronyms and leading words like "The" are not part of it."""
    for name in names(text, initial=True):
        person = _person(name.text)
        if person:
            return person
    return None


def _person(run: str) -> str | None:
    words: list[str] = []
    for token in run.split():
        core = _TAIL.sub("", token)  # "Zhengfei’s" -> "Zhengfei", "Pang." -> "Pang"
        fits = bool(_TITLE_CASE.fullmatch(core)) and (bool(words) or core not in _NOT_NAMES)
        if fits:
            words.append(core)
        if not fits or core != token:  # a possessive or a full stop ends the name too
            if len(words) >= 2:
                return " ".join(words)
            words = []
    return " ".join(words) if len(words) >= 2 else None


def _noun_phrase(question: str) -> str | None:
    m = _NP.search(question)
    return m.group(0).rstrip("?.! ").strip() if m else None


def resolve(question: str, history: list[Turn]) -> str:
    if not history:
        return question
    last = history[-1]
    out = question
    if _PERSON_PRONOUN.search(out):
        name = _first_name(last.answer) or _first_name(last.question)
        if name:
            possessive = {"his": f"{name}'s", "her": f"{name}'s", "their": f"{name}'s"}
            out = _PERSON_PRONOUN.sub(lambda m: possessive.get(m.group(1).lower(), name), out)
    if _THING_PRONOUN.search(out):
        phrase = _noun_phrase(last.question)
        if phrase:
            out = _THING_PRONOUN.sub(phrase, out, count=1)
    return out
