"""Sentence ranking: which evidence sentences answer the question, scored by a fitted model.

Every sentence of the evidence set gets a feature vector (below) and a score, a logistic
model whose weights live in the settings tree (`rank.*`), fitted by `scripts/fit_ranker.py`
on the development questions (grouped cross-validation; the README gives the figures). The
top sentences feed the prompt, the extractive answer and the gate. Features, each in [-1, 1]:
- cosine: the question's cosine to the sentence (stored vectors: no encoding here), and its
  gap to the best sentence of the set;
- terms: the share of question terms in the sentence, each weighted by its rarity in the
  corpus (BM25 idf), and the same with the sentence before it and the passage header; for a
  "who" question a doer noun holds its verb ("director" for "Who directed ...?");
- phrases: the share of the question's word pairs the sentence has side by side;
- answer type: +1 when the sentence holds what the question asks for (a time, an amount, a
  name not in the question for who/where, someone named with the title "Who is the R?" asks
  about), -1 when it does not, 0 when the question asks for none of these;
- speaker: the speaker of "what did X say" speaking in the sentence (named by the phrase's
  head, "Howard's wife" by "wife", outside any quote, with a quote or a reporting verb: "Cairn
  made the discovery" is not Cairn's boss speaking), or a quote or "he said" that continues a
  sentence naming them; a role the article's lead gives them names them too ("London mayor
  Ken Livingstone" in the lead, "The mayor said ..." later: rag.text.roles);
- lead: the sentence opens its article (headline or first sentence);
- passage: what retrieval found of the passage the sentence is in (rag.answer.retriever): its
  best sentence's cosine to the question, and the share of question words it holds as a share
  of the best passage's (a sentence of the passage that holds the question is likelier gold).
Features tried and dropped, each no better in cross-validation: the passage's retrieval
rank, the question's names and focus words, novelty (words the question lacks), headline.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import fields

import numpy as np

from rag.answer.evidence import Evidence, EvidenceSet
from rag.answer.query import Query
from rag.answer.relevance import names_title_holder, states_answer_type, states_result, terms_held
from rag.answer.subjects import others_named
from rag.settings import RankSettings
from rag.text import speech
from rag.text.forms import with_acronyms
from rag.text.lexicon import DEMONYMS, content_words, name_words
from rag.text.roles import referred
from rag.text.segment import outside_quotes, quote_open_after

_NO_ROLES: dict[str, frozenset[str]] = {}
FEATURES = (
    "cosine",
    "cosine_gap",
    "terms",
    "terms_context",
    "phrases",
    "answer_type",
    "speaker",
    "lead",
    "passage_dense",
    "passage_lexical",
)
# Speech: a quote mark, or a reporting verb ("said", "warned", "criticised", "advises").
_SPEECH = re.compile(speech.SPEECH, re.I)


# A sentence that continues the previous speaker: a quote, or "He ...", "However, she ...".
_CONTINUES = re.compile(r"^\s*(?i:(?:however|but|and|also|meanwhile|still|yet),?\s+)?(?:[\"“‘']|(?i:he|she|they)\b)")


def features(query: Query, evidence: EvidenceSet, idf: Callable[[str], float]) -> np.ndarray:
    """One row of FEATURES per evidence sentence."""
    sentences = evidence.sentences
    out = np.zeros((len(sentences), len(FEATURES)), np.float32)
    if not sentences:
        return out
    cosines = evidence.cosines(query)
    weights = {w: idf(w) for w in query.terms}
    total = sum(weights.values()) or 1.0
    pairs = set(zip(query.words, query.words[1:], strict=False))
    # The passage's retrieval evidence: its best cosine, and its word coverage against the best.
    top_lexical = max((e.passage.lexical for e in sentences), default=0.0) or 1.0
    for i, e in enumerate(sentences):
        before = evidence.before(i)
        context = e.words | with_acronyms(before) | e.header_words
        out[i] = (
            cosines[i],
            cosines[i] - cosines.max(),
            sum(weights[w] for w in terms_held(query, e.words)) / total,
            sum(weights[w] for w in terms_held(query, context)) / total,
            _phrases(pairs, content_words(e.text)),
            _answer_type(query, e),
            _speaker(query, e, before, evidence.roles(i)),
            float(evidence.position(i) <= 1),
            e.passage.dense,
            e.passage.lexical / top_lexical,
        )
    return out


def scores(query: Query, evidence: EvidenceSet, idf: Callable[[str], float], settings: RankSettings) -> np.ndarray:
    """The fitted model's score per evidence sentence (a logit: higher answers better)."""
    x = features(query, evidence, idf)
    w = np.array([getattr(settings, f"w_{name}") for name in FEATURES], np.float32)
    return x @ w + settings.bias


def weight_names() -> list[str]:
    return [f.name for f in fields(RankSettings)]


# BM25's smoothing constant in its idf formula (Robertson and Zaragoza), not a tuned value.
IDF_SMOOTHING = 0.5


def corpus_idf(num_docs: int, df: Callable[[str], int]) -> Callable[[str], float]:
    """BM25's idf over the passages: a word in few passages says more than one in many."""
    k = IDF_SMOOTHING
    return lambda w: math.log(1 + (num_docs - df(w) + k) / (df(w) + k))


def _phrases(pairs: set[tuple[str, str]], words: list[str]) -> float:
    """The share of the question's word pairs ("interest rates") that the sentence has side by side."""
    if not pairs:
        return 0.0
    return len(pairs & set(itertools.pairwise(words))) / len(pairs)


def _answer_type(query: Query, e: Evidence) -> float:
    if query.answer_type:
        stated = states_answer_type(query.answer_type, e.text, query.given) and states_result(query, e.text)
        return 1.0 if stated else -1.0
    if query.title:  # "Who is the Royal Mail spokeswoman?": someone named with that title
        return 1.0 if names_title_holder(query, e.text) else -1.0
    if query.wh in ("who", "where"):
        return 1.0 if name_words(e.text) - query.terms - DEMONYMS else -1.0
    return 0.0


def reports_speech(text: str) -> bool:
    """Does `text` quote or report speech? "Connors is a straight-talker" names him but says
    nothing he said; "Mr Danton advises everyone to shop around" does."""
    return bool(_SPEECH.search(text))


def speaks(query: Query, evidence: EvidenceSet, i: int) -> bool:
    """Is sentence i the question's speaker talking (named in it, or in the sentence it continues,
    or, for a quote or "he said" in a run of them, in the sentence that run goes back to)? Always
    speech (reports_speech): a sentence that only names the speaker may describe them."""
    e = evidence.sentences[i]
    if _speaker(query, e, evidence.before(i), evidence.roles(i)) > 0:
        return True
    # 'He said: "One household in three ..." "We are already more overcrowded than India."'
    return bool(query.speaker) and _continues(query, e, evidence.chain_text(i))


def _speaker(query: Query, e: Evidence, before: str, found: Mapping[str, frozenset[str]] = _NO_ROLES) -> float:
    """+1 when sentence e is the speaker talking, -1 when not; `found`: the roles its article's
    lead introduces names with, so "The mayor said" is London mayor Ken Livingstone speaking."""
    if not query.speaker:
        return 0.0
    named = (query.speaker_forms & (e.words | referred(e.text, found))) - others_named(query, e.text)
    if query.speaker_head and not named & query.speaker_head:
        named = set()  # "Mr Howard said" is not Howard's wife speaking
    if named:
        # Named only inside a quotation (the sentence's own, or one the sentence before left open),
        # or in a sentence an "I" writes, the speaker is spoken of by someone else: '"Jack Straw
        # is wrong," said Mr Howard' is Howard speaking; 'Ancram said: "We fought a positive
        # campaign.' then 'I think he will look at what Jack Straw said."' is Ancram; "I agree
        # wholeheartedly with Mr Forsyth" (a reader's letter) is not Forsyth. A quotation the
        # speaker opened before ('Jack Straw said: "...') is the speaker's own, running on.
        open_before = quote_open_after(before)
        outside = outside_quotes(e.text, open_before)
        spoken_of = not named & (set(content_words(outside)) | referred(outside, found)) or bool(
            _FIRST_PERSON.search(outside)
        )
        own = open_before and query.speaker_forms & set(content_words(outside_quotes(before)))
        if (not spoken_of or own) and reports_speech(e.text):
            return 1.0
    # "He added: ..." or a quote continuing the previous sentence, where the speaker is named.
    return 1.0 if _continues(query, e, before) else -1.0


_FIRST_PERSON = re.compile(r"\bI\b")


def _continues(query: Query, e: Evidence, earlier: str) -> bool:
    """Does sentence e carry on speech ("He added: ...", a quote) from `earlier`, which names the speaker?"""
    named = (query.speaker_forms & set(content_words(earlier))) - others_named(query, earlier)
    return bool(_CONTINUES.match(e.text) and reports_speech(e.text) and named)
