"""The lexicon: content words, names and spelling (figures and times: rag.text.amounts).

- Content words: lower-cased, lightly stemmed, stopwords dropped; the unit of lexical
  evidence for BM25, coverage and verification. A change here changes the BM25 index, so
  `LEXICAL_VERSION` is recorded in the index manifest.
- Names (`names`): runs of capitalised tokens past a sentence's first word ("Vincent Pang",
  "ZTE", "Entity List", "Huawei’s"). The question analysis, the verifier, the follow-up
  resolver and the spelling corrector all read names through it.
- Spelling (`one_edit`): every string one edit away, for misspelt names ("Pang", "Pango").
English news prose only; rules, not a model.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

_STOPWORDS = (
    "a an the and or but if of to in on at by for with from as is are was were be been being it its this that "
    "these those he she they them his her their there here we you i me my our your do does did done has have "
    "had having not no so than then too very can could would should will shall may might must about into over "
    "under after before also just what which who whom whose when where why how said says say according "
    # Words about the corpus itself, not about what it reports.
    "article articles passage passages many much reported reportedly"
)
STOPWORDS = frozenset(_STOPWORDS.split())
# Recorded in the index manifest: a change to content_words changes the BM25 index.
# 4: irregular verb forms to their base ("bought" -> "buy"); a final "e" dropped ("agree" = "agreed").
# 5: four-letter plurals to their three-letter noun ("caps" = "cap", "jobs" = "job").
# 6: the plural of a two-letter acronym to the acronym ("PCs" = "PC", "MPs" = "MP"); a
#    hyphenated word is read joined ("under-estimated" = "underestimated").
# 7: a name joined by "&" is one word ("AT&T", "M&S", "P&O"): split, its letters were stopwords
#    or too short, and "Why did SBC and AT&T merge?" lost AT&T.
LEXICAL_VERSION = 7
_IRREGULAR = (
    "rise:rose,risen fall:fell,fallen buy:bought sell:sold win:won lose:lost make:made take:took,taken "
    "give:gave,given go:went,gone,goes say:said tell:told pay:paid begin:began,begun beat:beaten "
    "choose:chose,chosen hold:held bring:brought think:thought run:ran grow:grew,grown spend:spent lead:led "
    "meet:met keep:kept build:built send:sent write:wrote,written speak:spoke,spoken break:broke,broken "
    "see:seen come:came become:became know:knew,known show:shown feel:felt stand:stood fight:fought "
    "seek:sought teach:taught catch:caught drive:drove,driven fly:flew,flown draw:drew,drawn throw:threw,thrown "
    "steal:stole,stolen sing:sang,sung drink:drank shrink:shrank strike:struck get:got,gotten swear:swore,sworn "
    "sue:sued quit:quit shut:shut hit:hit cut:cut set:set put:put bear:bore,born mean:meant lend:lent"
)
# Each verb form -> its base form. Forms that are also common other words ("found", "left",
# "saw") are left out.
LEMMA = {form: base for entry in _IRREGULAR.split() for base, forms in [entry.split(":")] for form in forms.split(",")}

_WORD = re.compile(r"[a-z0-9]+(?:[-'&][a-z0-9]+)*")
# A word as the verifier reads it, case kept: letters, with "&", "-" and inner apostrophes
# ("AT&T", "Huawei's"). The index stores a vector for each (rag.index.words).
WORD_TOKEN = r"[A-Za-z](?:[A-Za-z&-]|['’](?=[A-Za-z]))*"
# "PCs", "MPs", "TVs": too short for the stemmer, which must leave "gas", "bus" and "yes"
# alone; the capitals say it is a plural. Longer ones ("DVDs", "CEOs") it already makes singular.
_ACRONYM_PLURAL = re.compile(r"\b([A-Z]{2})s\b")
_ACRONYM_HINT = re.compile(r"[A-Z][A-Z]s")  # a cheap first look: most sentences have none


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    # Cached: news vocabulary is small next to the words indexed, and every index write
    # re-tokenises all passages for BM25.
    if word.endswith("'s"):
        word = word[:-2]
    # A four-letter plural meets its three-letter noun ("caps" and "92-cap", "jobs" and "job"),
    # but "news" is not "new", and "plus", "this", "boss" are no plurals.
    if len(word) == 4 and word[-1] == "s" and word[-2:] not in ("ss", "us", "is") and word != "news":
        return word[:-1]
    for suffix in ("ies", "ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            root = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            # shipped -> shipp -> ship, so that "ship" and "shipped" meet.
            if suffix in ("ing", "ed") and len(root) > 3 and root[-1] == root[-2] and root[-1] not in "ls":
                root = root[:-1]
            return root
    # agree -> agre, as agreed -> agre: a final "e" goes, so the two forms meet.
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def holds_run(whole: Sequence[str], part: Sequence[str]) -> bool:
    """Does `whole` hold `part` as one run, in order ("economic crisis" in a sentence's words)?"""
    n = len(part)
    return any(list(whole[k : k + n]) == list(part) for k in range(len(whole) - n + 1))


def content_words(text: str) -> list[str]:
    """Lower-cased, lightly stemmed words without stopwords: the unit of lexical evidence.

    A hyphenated word is read joined, so "under-estimated" meets "underestimated", and also
    yields its parts, so "one-time" meets "one time".
    """
    out = []
    if _ACRONYM_HINT.search(text):
        text = _ACRONYM_PLURAL.sub(r"\1", text)
    for w in words(text):
        if w in STOPWORDS or len(w) < 2:
            continue
        if "-" not in w:
            out.append(stem(LEMMA.get(w, w)))
            continue
        # A hyphenated word is kept joined ("under-estimated" meets "underestimated"), figures
        # with their hyphen ("45-6" is no 456).
        joined = w.replace("-", "")
        out.append(stem(joined if joined.isalpha() else w))
        out.extend(stem(p) for p in w.split("-") if p not in STOPWORDS and len(p) > 1)
    return out


# ---- names -------------------------------------------------------------------------------
class Name(NamedTuple):
    start: int
    end: int
    text: str


_NAME_TOKEN = r"[A-Z][\w'’.&-]*"
# Not at the start of the text, right after a sentence end or opening a quote: those words
# are capitalised anyway. A quote or bracket opening the text is skipped first.
# Forms of address: one list for the name parser here and for the speaker checks (relevance).
ADDRESS_FORMS = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Sir", "Lord", "Lady", "Dame", "Prof", "Professor", "Rev")
# A form of address opens a new name: "the Foreign Policy Centre Mr Straw" is two names, the
# body's and the man's, not one name holding "Straw" and words he lacks.
_NEXT_TOKEN = rf"\s+(?!(?:{'|'.join(ADDRESS_FORMS)})\b){_NAME_TOKEN}"
# Never from inside a word joined by "&": "AT&T" opening a sentence holds no name "T".
_NAME_RUN = re.compile(rf"(?<!^)(?<![.!?]\s)(?<![\"“‘(&])\b{_NAME_TOKEN}(?:{_NEXT_TOKEN})*")
_NAME_RUN_ANYWHERE = re.compile(rf"(?<!&)\b{_NAME_TOKEN}(?:{_NEXT_TOKEN})*")
_OPENERS = "\"“'‘( \t\n"


def names(text: str, initial: bool = False) -> list[Name]:
    """Runs of capitalised tokens, with their spans in `text`.

    `initial=True` also returns runs that open a sentence ("Ren Zhengfei first announced"),
    where a capital says nothing: the caller must then judge the words (the follow-up
    resolver keeps only runs of two or more title-case words).
    """
    if initial:
        return [Name(m.start(), m.end(), m.group(0)) for m in _NAME_RUN_ANYWHERE.finditer(text)]
    skip = len(text) - len(text.lstrip(_OPENERS))
    return [Name(skip + m.start(), skip + m.end(), m.group(0)) for m in _NAME_RUN.finditer(text[skip:])]


def name_groups(text: str) -> tuple[frozenset[str], ...]:
    """The content words of each name in `text`: ({"vincent", "pang"}, {"zte"})."""
    return tuple(frozenset(ws) for n in names(text) if (ws := content_words(n.text)))


def name_words(text: str) -> set[str]:
    """The content words of all names in `text`."""
    return {w for n in names(text) for w in content_words(n.text)}


# Nationality words are capitalised but name no one and no place: "former champion Maurice
# Greene ... fellow American" does not say who beat him, "the French" is not where.
DEMONYMS = frozenset(
    content_words(
        "american british english scottish welsh irish french german italian spanish portuguese dutch belgian "
        "swiss austrian swedish norwegian danish finnish polish czech russian ukrainian greek turkish "
        "hungarian romanian bulgarian serbian croatian chinese japanese korean indian pakistani afghan iranian "
        "iraqi israeli palestinian saudi egyptian syrian lebanese african nigerian kenyan ghanaian "
        "zimbabwean australian canadian mexican brazilian argentine argentinian chilean colombian cuban "
        "european asian arab western eastern"
    )
)


# ---- spelling ----------------------------------------------------------------------------
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_edit(word: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return {
        *(a + b[1:] for a, b in splits if b),
        *(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1),
        *(a + c + b[1:] for a, b in splits if b for c in _LETTERS),
        *(a + c + b for a, b in splits for c in _LETTERS),
    }
