"""Follow-on sentences: what must be shown with a chosen quote for it to be read rightly.

- `continuation`: the rest of a quotation the quote leaves open ('Mr Straw said: "He is
  clever, but he is not wise.' is followed by the quotation's next sentence);
- `list_follows`: for "Which three prizes ...?", the sentence after a quote that restates the
  count without naming as many things, where news gives the list;
- `named_before`: for a "who" question, the sentence before a quote opening with "He", "She"
  or "They", where the person is named.
Each gives only sentences the evidence set holds, never a headline.
"""

from __future__ import annotations

import re

from rag.answer.evidence import EvidenceSet
from rag.answer.query import Query
from rag.answer.wording import COUNT_WORD
from rag.text.lexicon import DEMONYMS, name_groups
from rag.text.segment import quote_open_after


def continuation(evidence: EvidenceSet, i: int, limit: int) -> list[int]:
    """The sentences after sentence i that finish a quotation it leaves open, up to `limit`
    ('Mr Straw said: "He is clever, but he is not wise.' -> '"He lacks strategy ..."'): a quote
    cut off mid-way leaves out the rest of what was said. Only sentences the evidence holds."""
    found: list[int] = []
    still_open = quote_open_after(evidence.sentences[i].text)
    while still_open and len(found) < limit:
        nxt = evidence.following(found[-1] if found else i)
        if nxt is None or evidence.is_headline(nxt):
            break
        found.append(nxt)
        still_open = quote_open_after(evidence.sentences[nxt].text, open_before=True)
    return found


def list_follows(query: Query, evidence: EvidenceSet, i: int) -> int | None:
    """The sentence after sentence i when i restates the count a list question asks for without
    naming as many things ("... capped a year of award glory with three prizes" for "Which three
    prizes did OutKast win?"): news writes the list next ("They won best group, best video and
    best song"). None otherwise, or when the evidence lacks that sentence."""
    text = evidence.sentences[i].text
    if not query.listed or not re.search(rf"\b{COUNT_WORD[query.listed]}\b", text, re.I):
        return None
    named = [g for g in name_groups(text) if g - query.terms - DEMONYMS]
    if len(named) >= query.listed:
        return None
    j = evidence.following(i)
    return j if j is not None and not evidence.is_headline(j) else None


_PRONOUN_SUBJECT = re.compile(r"^\s*(?:He|She|They)\b")


def named_before(query: Query, evidence: EvidenceSet, i: int) -> int | None:
    """For a "who" question, the sentence before a first quote that opens with "He", "She" or
    "They" ("She is now favourite after beating Hollinghurst's The Line of Beauty" for "Whose
    novel beat The Line of Beauty?"): that is where the person is named. None otherwise."""
    if query.wh != "who" or not _PRONOUN_SUBJECT.match(evidence.sentences[i].text):
        return None
    j = evidence.preceding(i)
    return j if j is not None and not evidence.is_headline(j) else None
