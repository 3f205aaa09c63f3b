"""Whose sentence is it? Names in a sentence against the names of the question.

A sentence answers for its subject: "Tory spokesman Simon Burns said more than 80,000 care
places ..." gives Burns's figure, not the question's subject's; a later clause ("..., while
Nokia ...") opening with another name is that name's. A question's name may be written in
another form (a plural, a country's other name or its people's adjective, initials), and a
speaker's name inside someone else's ("Green" in "Wood Green") is not the speaker. Read by
rag.answer.relevance (the needs), the gate and the ranker. Limits: names are runs of
capitalised words (rag.text.lexicon.names); no parser finds a subject far from the start.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Set

from rag.answer.query import Query
from rag.text import speech
from rag.text.amounts import has_time
from rag.text.forms import country_aliases, people_of
from rag.text.lexicon import ADDRESS_FORMS, DEMONYMS, content_words, names

# A name this near the start of a sentence is its subject ("Martin Scorsese's biopic ...",
# "The Aviator took ..."), counted in words.
_SUBJECT_WORDS = 3
# A sentence reporting what someone said: the figure is what they said, not theirs.
_REPORTS = re.compile(speech.REPORTS)


def opens_with_another(query: Query, text: str) -> bool:
    """Does `text` open with a name the question does not hold, its subject? "But the manner of
    New Zealand's 45-6 win has coach Bernard Laporte bemoaning ..." is about New Zealand, and
    "Tory spokesman Simon Burns said more than 80,000 care places ..." reports a figure that is
    not Burns's."""
    return not _REPORTS.search(text) and _opens_with_unheld(query, text, _SUBJECT_WORDS)


# A clause of its own: after ", while", "whereas" or a semicolon.
_CLAUSE = re.compile(r",?\s+(?:while|whereas)\s+|;\s+")
# Fewer words than this before a clause's first name: "police action movie Assault On Precinct
# 13", a subject with its descriptors.
_CLAUSE_SUBJECT_WORDS = 5


def own_clauses(query: Query, text: str) -> str:
    """`text` without its later clauses that open with a name the question does not hold."""
    first, *rest = _CLAUSE.split(text)
    kept = [c for c in rest if not _opens_with_unheld(query, c, _CLAUSE_SUBJECT_WORDS, initial=True)]
    return " ".join([first, *kept])


def _opens_with_unheld(query: Query, text: str, within: int, initial: bool = False) -> bool:
    """Is the first name of `text` (`names`, with `initial` as there) fewer than `within` words
    in, and does it hold words the question does not: the text's own subject?"""
    found = names(text, initial=initial)
    return bool(found) and len(text[: found[0].start].split()) < within and bool(_unheld(query, found[0].text))


def new_names(query: Query, text: str) -> set[str]:
    """The words of the names in `text` the question does not hold. A month or a weekday is
    capitalised, but it is neither a person nor a place."""
    return {w for n in names(text, initial=True) if not has_time(n.text) for w in _unheld(query, n.text)}


def _unheld(query: Query, run: str) -> set[str]:
    """The words of a name run the question does not hold; a nationality names no one."""
    return set(content_words(_proper(run))) - DEMONYMS - query.terms


# "Oscar-nominated", "US-based": a name made an adjective describes; it names no one.
_NAME_ADJECTIVE = re.compile(r"^[A-Z][\w'’]*-[a-z][\w-]*$")


def _proper(run: str) -> str:
    """A name run without the adjectives made of names in it ("Oscar-nominated Hotel Rwanda")."""
    return " ".join(w for w in run.split() if not _NAME_ADJECTIVE.match(w))


# Two forms of a name with a common start this long (of the shorter) are one name:
# "Cameroon" and "Cameroonian", "Palestine" and "Palestinian", "Brazil" and "Brazilian".
_NAME_ROOT_SHARE = 0.8
# The kinds of body an institution's name ends in: said alone, they may name another one.
_BODY_HEADS = frozenset(
    content_words(
        "court department party council committee commission bank office ministry agency authority board "
        "union association federation league institute university college school museum service tribunal"
    )
)
_NAME_ROOT_MIN = 5
_PLURAL_ACRONYM = 5  # "meps", "ceos", "dvds": longer words the stemmer already makes singular


def holds_name(name: Set[str], around: Set[str], initials: Iterable[tuple[str, Set[str]]] = ()) -> bool:
    """Is a question's name (its words) among `around`, as written or in another form of it,
    its initials among them (`initials`: the question's, Query.initials) included?"""
    held = name & around
    # "the court" is any court: a name whose only word held is the kind of body it names
    # ("Supreme Court", "Justice Department") needs its other words, as written or otherwise.
    if held and not (held <= _BODY_HEADS and name - _BODY_HEADS):
        return True
    if any(a in around and name & words for a, words in initials):
        return True
    # Another name of the same country: "America" is held by "the US".
    if any(other <= around for other in country_aliases(frozenset(name))):
        return True
    # A country by the adjective of its people: "trademark French inconsistency" is France's.
    if people_of(frozenset(name)) & around:
        return True
    # The plural of a short name, an acronym's ("MPs", "CEOs"), is held by the name itself: the
    # stemmer leaves words this short alone.
    if any(len(a) <= _PLURAL_ACRONYM and a.endswith("s") and a[:-1] in around for a in name):
        return True
    # And the other way round: "PC" is held by "PCs".
    if any(len(b) <= _PLURAL_ACRONYM and b.endswith("s") and b[:-1] in name for b in around):
        return True
    for a in (name - _BODY_HEADS) or name:
        if len(a) < _NAME_ROOT_MIN:
            continue
        for b in around:
            if len(b) >= _NAME_ROOT_MIN and b[0] == a[0]:
                common = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
                if common >= _NAME_ROOT_MIN and common >= _NAME_ROOT_SHARE * min(len(a), len(b)):
                    return True
    return False


# Words before a name that say how to address someone, not who they are.
_ADDRESS = frozenset(content_words(" ".join(ADDRESS_FORMS)))


def others_named(query: Query, text: str) -> frozenset[str]:
    """The speaker's words that `text` holds only inside someone else's name: "Green" in
    "Wood Green" for Sir Andrew Green, "Nigel" in "Nigel Gillingham" for Nigel Roberts, "Jain"
    in "Anand Jain" for Shailendra Jain: a name holding part of the speaker's name and a word
    it lacks. A speaker asked for by one word ("Blair") may be anyone who bears it."""
    full = query.speaker - _ADDRESS
    if len(full) < 2:
        return frozenset()
    clean, inside = set(), set()
    for run in names(text, initial=True):
        words = set(content_words(run.text)) - _ADDRESS
        held = words & query.speaker_forms
        if not held:
            continue
        foreign = words - query.speaker_forms
        (inside if foreign and not full <= words else clean).update(held)
    return frozenset(inside - clean)
