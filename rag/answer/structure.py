"""Who did what, and to whom: the meaning checks that look at structure (see rag.answer.meaning).

- role: a title attached to another person ("finance director Alison Trent" when she is the
  chief executive);
- order: who did what to whom swapped (a triple of shared words in reverse order, unless
  one side turns it with a passive "by": "bought by Kestrel"); reporting clauses ("X said")
  are set aside first;
- coordination: names listed together in a claim that the evidence keeps apart ("Cisco and
  Dell" when one is a rival and the other an alternative);
- repetition: a name the claim says more often than the evidence, tied to something more
  ("... vote against plans made by the Tories" when the Tories only vote against them);
- joints: two names the claim joins with "and", "of", "the" ("Echo and Bunnymen") are joined
  by the same words in the evidence ("Echo and the Bunnymen");
- quotation: words a claim puts in quote marks must be the evidence's own, in a sentence that
  quotes someone ("Britain has the right attitude" for "Britain has a different attitude").
Limits: no parser; word order and punctuation stand in for syntax.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from rag.answer.meaning import _DETERMINERS, _ROLES, _TOKEN, _TURNERS, Token, tokens
from rag.text import speech
from rag.text.lexicon import STOPWORDS, holds_run, names
from rag.text.lexicon import words as plain_words
from rag.text.relations import normal
from rag.text.segment import QUOTATION, QUOTE_MARK


def role_phrases(text: str) -> dict[str, set[str]]:
    """The titles a text gives each name: "chief executive Alison Trent", "its director, Hannah
    Cole", "Alison Trent, the chief executive", "head of design, Kenji Sato", "Labour's
    candidate, Femi Bakare" -> {"trent": {"chief", "executive"}, ...}."""
    toks = list(_TOKEN.finditer(text))
    cores = [_core(run.start, run.text) for run in names(text, initial=True)]
    out: dict[str, set[str]] = {}
    i = 0
    while i < len(toks):
        if toks[i].group(0).lower() not in _ROLES:
            i += 1
            continue
        j = i
        while j < len(toks) and toks[j].group(0).lower() in _ROLES:
            j += 1
        phrase = {normal(t.group(0)) for t in toks[i:j]}
        start, end = toks[i].start(), toks[j - 1].end()
        # A party or firm right before the title belongs to it ("Labour's candidate").
        if i and toks[i - 1].group(0)[0].isupper() and toks[i - 1].group(0).lower() not in _DETERMINERS:
            phrase.add(normal(toks[i - 1].group(0)))
        closed = re.match(r"\s*(?:,|$|\.|;|\s(?:of|at|for)\b)", text[end:])
        for core_start, core_end, last in cores:
            gap, back = text[end:core_start], text[core_end:start]
            # "R Name", "R, Name", "R of X, Name" (a short "of/at" phrase then a comma), and as a
            # model writes it, "the R of X is Name".
            after = core_start >= end and re.fullmatch(_AFTER, gap)
            # "Name, the R," / "Name, X's R of Y" / "Name is the R of Y".
            before = core_end <= start and closed and re.fullmatch(_BEFORE, back)
            if after or before:
                out.setdefault(last, set()).update(phrase)
        i = j
    return out


_AFTER = r"\s*,?\s*|\s+(?:of|at)\s+[^,.;]{1,40}(?:,|\s(?:is|was|has been))\s*"
_BEFORE = r"(?:,|\s+(?:is|was|has been|became))\s*(?:the |a |an |its |his |her |[\w’']+['’]s )?"


def _core(start: int, run: str) -> tuple[int, int, str]:
    """A name run without the titles it opens with ("Director Omar Faris" -> "Omar Faris")."""
    words = run.split()
    skip = 0
    while skip < len(words) - 1 and words[skip].lower() in _ROLES:
        skip += 1
    offset = len(" ".join(words[:skip])) + (1 if skip else 0)
    return start + offset, start + len(run), normal(words[-1].rstrip(".,"))


def roles(claim: str, evidence: str) -> str | None:
    """A title the claim gives someone must be among those the evidence gives them; where the
    evidence's wording gives the title to no one by the patterns above, the person named
    nearest to it holds it ("Menzies Campbell, the Liberal Democrats' foreign affairs
    spokesman, said ... Mr Mubanga's transfer": the spokesman is Campbell)."""
    have = role_phrases(evidence)
    for name, phrase in role_phrases(claim).items():
        if name in have and not phrase <= have[name]:
            extra = ", ".join(sorted(phrase - have[name]))
            return f"the evidence does not call {name.title()} '{extra}'"
        if name not in have and (owned := _owned(evidence, name, phrase)):
            # "Deutsche Boerse bosses held talks" speaks of the firm's bosses: the firm is not one.
            owner = owned[0] + ("'" if owned[0].endswith("s") else "'s")
            return f"the evidence speaks of {owner} {owned[1]}, not of {owned[0]} as one"
        if name not in have:
            holder = _nearest_holder(evidence, phrase)
            if holder and holder != name and name in {c[2] for c in _people(evidence)}:
                title = ", ".join(sorted(phrase & _ROLE_NORMS))
                return f"the evidence gives '{title}' to {holder.title()}, not {name.title()}"
    return None


_ROLE_NORMS = frozenset(normal(w) for w in _ROLES)
# A name right after one of these is where or what a title is held ("director at Huawei").
_HELD_AT = re.compile(r"(?:\b(?:of|at|for|in|from|with|by|to)\s+(?:the\s+)?)$", re.I)


def _owned(text: str, name: str, phrase: set[str]) -> tuple[str, str] | None:
    """The name run ending in `name` and the title of `phrase` that `text` writes right after it
    ("Deutsche Boerse bosses", "Labour candidates"): the name owns that title, it does not hold it."""
    for run in names(text, initial=True):
        end = run.start + len(run.text)
        after = _TOKEN.match(text, end + 1) if text[end : end + 1] == " " else None
        if _core(run.start, run.text)[2] == name and after and normal(after.group(0)) in phrase & _ROLE_NORMS:
            return run.text, after.group(0)
    return None


def _people(text: str) -> list[tuple[int, int, str]]:
    """Name runs that can hold a title: not the place or body after "of/at/for", not a
    possessive owner of one ("the Liberal Democrats' spokesman")."""
    out = []
    for run in names(text, initial=True):
        start, end, last = _core(run.start, run.text)
        if _HELD_AT.search(text[:start]) or re.match(r"['’]s?\s", text[end : end + 3]) or run.text[-1] in "'’":
            continue
        # A title word, or an abbreviation ("SVP", "MP"): a title, not its holder.
        if last in _ROLE_NORMS or last in STOPWORDS or (run.text.isupper() and len(run.text) <= 4):
            continue
        out.append((start, end, last))
    return out


def _nearest_holder(text: str, phrase: set[str]) -> str | None:
    """The last word of the name nearest to the first title word of `phrase` in `text`."""
    at = [t.start() for t in _TOKEN.finditer(text) if normal(t.group(0)) in phrase & _ROLE_NORMS]
    people = _people(text)
    if not at or not people:
        return None
    where = at[0]
    return min(people, key=lambda p: min(abs(where - p[1]), abs(where - p[0])))[2]


_SAYS = speech.REPORTING_CLAUSE
# "..., Pang confirmed." / "Pang confirmed (that) ...": who reports a fact is not part of its order.
_REPORTING = re.compile(
    rf",\s*(?:[A-Z][\w'’.-]*\s+){{1,4}}{_SAYS}\b[^,]*$|^\s*(?:[A-Z][\w'’.-]*\s+){{1,4}}{_SAYS}\s+(?:that\s+)?"
)


def order(claim_text: str, evidence_text: str) -> str | None:
    """Three shared words in reverse order: who did what to whom was swapped."""
    claim, evidence = tokens(_REPORTING.sub(" ", claim_text)), tokens(_REPORTING.sub(" ", evidence_text))

    def anchors(toks: list[Token], once: bool) -> dict[str, int]:
        seen: dict[str, list[int]] = {}
        for i, t in enumerate(toks):
            if t.kind == "number" or (t.kind == "word" and t.text.lower() not in STOPWORDS):
                seen.setdefault(t.norm, []).append(i)
        return {w: p[0] for w, p in seen.items() if len(p) == 1 or not once}

    # Words the claim holds once; in the evidence, where each first appears.
    ca, ea = anchors(claim, True), anchors(evidence, False)
    shared = sorted((w for w in ca if w in ea), key=lambda w: ca[w])
    for a, b, c in itertools.combinations(shared, 3):
        if ea[c] < ea[b] < ea[a]:
            turned_c = _turned(claim, ca[a], ca[c])
            turned_e = _turned(evidence, ea[c], ea[a])
            if turned_c == turned_e:
                return f"'{claim[ca[a]].text} … {claim[ca[c]].text}' are the other way round in the evidence"
    return None


_JOINED = re.compile(r"\s*(?:,|,?\s*and|,?\s*or)\s*")
_SPLIT = re.compile(r",\s*(?:and|but|while|whereas)\b|;|\b(?:is|are|was|were|has|have|had)\b")


def coordination(claim: str, evidence: str) -> str | None:
    """Names the claim lists together ("Nokia and Samsung are its main rivals") must be listed
    together in the evidence, not in two groups ("Nokia and Ericsson, and Samsung and ZTE are
    other alternatives")."""
    runs = names(claim, initial=True)
    for a, b in itertools.pairwise(runs):
        if not _JOINED.fullmatch(claim[a.end : b.start]):
            continue
        x, y = evidence.find(a.text.rstrip(".,")), evidence.find(b.text.rstrip(".,"))
        if x < 0 or y < 0:
            continue
        lo, hi = sorted((x, y))
        if _SPLIT.search(evidence[lo:hi]):
            return f"the evidence does not put '{a.text}' and '{b.text}' together"
    return None


# Two names with only joining words between them ("Echo and the Bunnymen", "Bank of England",
# "Procter & Gamble"): one name, or a pair, whose joining words the claim must keep. Not a
# verb or a title: "Ellery had inflated Talon's" joins no name.
_JOINERS = "and|&|of|the|de|du|da|des|la|le|van|von|der|den|di|del|y|for|on|upon"
_NAME_GAP = re.compile(rf"\s+((?:(?:{_JOINERS})\s+){{1,3}})")


def joined_names(claim: str, evidence: str) -> str | None:
    """Two names the claim joins with a few joining words ("and", "of the"), which the
    evidence joins with others: "Echo and Bunnymen" for "Echo and the Bunnymen" is a name the
    article does not write. Each name's words are checked on their own elsewhere; their joint
    is not."""
    written: dict[tuple[str, str], list[tuple[list[str], str]]] = {}
    for key, gap, text in _joints(evidence):
        written.setdefault(key, []).append((gap, text))
    for key, gap, text in _joints(claim):
        found = written.get(key, [])
        if found and gap not in [g for g, _ in found]:
            return f"the evidence names '{found[0][1]}', not '{text}'"
    return None


def _joints(text: str) -> list[tuple[tuple[str, str], list[str], str]]:
    """Names joined by one to three joining words: (the first's last word and the second's
    first, normalised), the joining words, and the joined text ("Echo and the Bunnymen")."""
    out = []
    for a, b in itertools.pairwise(names(text, initial=True)):
        gap = _NAME_GAP.fullmatch(text[a.end : b.start])
        if gap and a.text[-1].isalnum():
            key = (normal(a.text.split()[-1]), normal(b.text.split()[0].rstrip(".,;:")))
            joining = ["and" if w == "&" else w for w in gap.group(1).split()]  # "&" is read "and"
            out.append((key, joining, text[a.start : b.end].rstrip(".,;:")))
    return out


def repeated(claim: str, evidence: str) -> str | None:
    """A name the claim says twice or more must be said as often by the evidence: a small model
    restating a name ties it to a second thing the evidence never relates it to. So must a run
    of three words."""
    said: dict[str, list[str]] = {}
    for run in names(claim, initial=True):
        # Its last word as a token, so counted as the evidence's tokens are ("U.S." ends on "S").
        words = [t for t in tokens(run.text) if t.kind == "word"]
        if words:
            said.setdefault(words[-1].norm, []).append(run.text)
    stated = [t.norm for t in tokens(evidence) if t.kind == "word"]
    for last, runs in said.items():
        if len(runs) > 1 and len(runs) > stated.count(last):
            return f"the claim names {runs[0]} {len(runs)} times, the evidence {stated.count(last)}"
    # A run of words said again: "... on the part of the technology industry on the part of the
    # industry" is a small model looping, not the evidence.
    claimed = [t.norm for t in tokens(claim) if t.kind == "word"]
    runs_claimed = Counter(zip(claimed, claimed[1:], claimed[2:], strict=False))
    runs_stated = Counter(zip(stated, stated[1:], stated[2:], strict=False))
    for run, n in runs_claimed.items():
        if n > 1 and n > runs_stated[run]:
            return f"the claim says '{' '.join(run)}' {n} times, the evidence {runs_stated[run]}"
    return None


def _turned(toks: list[Token], i: int, j: int) -> bool:
    """A passive "by", a genitive "of" or a "with" between two words (or just after them)."""
    return any(t.text.lower() in _TURNERS for t in toks[min(i, j) : max(i, j) + 3])


def _plain(text: str) -> list[str]:
    """The text's words, a hyphenated one as its parts ("one-time" quoted as "one time")."""
    return [part for w in plain_words(text) for part in w.split("-")]


def quotation(claim: str, evidence: str) -> str | None:
    """Words in quote marks (three or more) are a run of the evidence's words, and the evidence
    quotes someone: a quote is never the model's paraphrase."""
    stated = _plain(evidence)
    for m in QUOTATION.finditer(claim):
        said = _plain(m.group(1))
        if len(said) < 3:
            continue
        if not QUOTE_MARK.search(evidence) or not holds_run(stated, said):
            return f"the evidence does not say, in these words, '{m.group(1).strip()[:60]}'"
    return None
