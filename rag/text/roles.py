"""Roles: who "the mayor" is, read from how the article's lead introduces them.

News introduces a person or a body once with a role before the name ("London mayor Ken
Livingstone", "UK biotech firm GW Pharmaceuticals", "Orange Prize winner Andrea Levy") and
then calls them by the role alone: "The mayor said his comments would not affect the bid".
`roles` reads the lead's role words, each with the words of the name after it; `referred`
gives the name words that a sentence's "the <role>" stands for. Limits: the role must be
one lower-case word right before the name; a story about two mayors resolves "the mayor" to
the one its lead introduces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rag.text.lexicon import STOPWORDS, content_words, names

_ROLE_BEFORE = re.compile(r"\b([a-z][a-z-]{2,})\s+$")
# "the mayor", "The firm's" -- not "the mayor Ken Livingstone", which names its own holder.
_THE_ROLE = re.compile(r"\b[Tt]he\s+([a-z][a-z-]{2,})\b(?!\s+[A-Z])")


def roles(lead: str) -> dict[str, frozenset[str]]:
    """Each role word of `lead` (stemmed) with the content words of the name it introduces."""
    out: dict[str, frozenset[str]] = {}
    for name in names(lead):
        m = _ROLE_BEFORE.search(lead, 0, name.start)
        words = frozenset(content_words(name.text))
        if m and m.group(1) not in STOPWORDS and words:
            for role in content_words(m.group(1)):
                out.setdefault(role, words)
    return out


def referred(text: str, found: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """The name words `text`'s "the <role>" stands for, by the roles `found` in its lead."""
    if not found:
        return frozenset()
    out: set[str] = set()
    for m in _THE_ROLE.finditer(text):
        for role in content_words(m.group(1)):
            out |= found.get(role, frozenset())
    return frozenset(out)
