"""Verifier stage: is a claim stated by one evidence sentence, with the same meaning?

A claim (a sentence of the model's draft, or one a user checks with `rag check`) is
supported by an evidence sentence when
  - enough of its words are there to start with (share >= `min_overlap`), and
  - every meaning check passes (rag.answer.meaning): no garbled fragment, every figure with
    its unit and its words, every name in the sentence (or, when the sentence speaks through
    "he" or a quote, the one before it) and no stitched name, every title on the right
    person, no swapped roles or doers (rag.answer.doers), no name said more often than the
    evidence says it, no flipped polarity or denial of what the evidence never mentions, no
    group given whole that the evidence gives in part, and no word the evidence does not state
    as such or as a synonym (MiniLM word similarity >= `synonym_cosine`, opposites excluded).
Among supporting sentences the best is the one with the highest blend of word share and
sentence cosine; a sentence the draft cited is preferred unless another supports clearly
better. `[n]` markers pointing at nothing retrieved are ignored. A claim nothing supports
is dropped (and the answerer quotes the evidence instead).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from rag.answer import doers, meaning, stance, structure
from rag.answer.evidence import Evidence, EvidenceSet
from rag.settings import VerifySettings
from rag.text.lexicon import STOPWORDS, Name, content_words
from rag.text.segment import sentence_spans

_MARKERS = re.compile(r"\s*\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\]")
# Labels a small model puts before its answer, the prompt's own words among them: "1.",
# "Answer:", "The passage is:", "The article says that", "The passage is about".
_LABEL = re.compile(
    r"^\s*(?:\d{1,2}[.)]|[-*•]|(?:the\s+)?(?:answer|response)(?:\s+is)?\s*:"
    r"|(?:according to\s+)?(?:the\s+)?(?:passages?|articles?|sentence|text)\b"
    r"(?:\s+(?:is|are|says?|states?|mentions?|shows?|reports?)(?:\s+(?:about|that))?)?\s*[:,]?)\s*",
    re.IGNORECASE,
)
# The words of such labels, never counted against an unfinished sentence (rag.answer.verify.hopeless).
_LABEL_WORDS = frozenset(
    meaning.normal(w)
    for w in "answer response passage passages article articles sentence text according says say states state "
    "mentions mention shows show reports report source sources question".split()
)
_STRAY = re.compile(r"\[[^\]]{0,20}\]|\((?:passage|source)s?\s*\d+\)", re.IGNORECASE)


@dataclass(frozen=True)
class Draft:
    """One sentence of the model's draft, markers removed, with the passages it cited."""

    text: str
    markers: tuple[int, ...]


def split_draft(draft: str, min_words: int, seen: set[str] | None = None) -> list[Draft]:
    """Sentences of a model draft with the `[n]` markers each carries, markers removed.

    List numbering and "Answer:" labels are stripped; fragments under `min_words` content
    words are no claims; a sentence already in `seen` (lower-cased) is skipped, so a model
    that repeats itself is shown once.
    """
    out: list[Draft] = []
    seen = set() if seen is None else seen
    for a, b in sentence_spans(draft):
        raw = _LABEL.sub("", draft[a:b])
        marks = tuple(int(n) for m in _MARKERS.finditer(raw) for n in re.split(r"[,;]\s*", m.group(1)))
        text = _STRAY.sub("", _MARKERS.sub("", raw)).strip()
        text = re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s{2,}", " ", text))
        key = text.lower()
        if len(set(content_words(text))) < min_words or key in seen:
            continue
        seen.add(key)
        out.append(Draft(text, marks))
    return out


class Verifier:
    def __init__(self, settings: VerifySettings) -> None:
        self.settings = settings

    def problems(self, claim: str, evidence: EvidenceSet, i: int) -> list[str]:
        """Why evidence sentence i does not state the claim (empty: it does)."""
        e = evidence.sentences[i]
        claimed, stated = meaning.tokens(claim), meaning.tokens(e.text)
        context = evidence.context(i)
        found = [
            meaning.garbled(claim),
            meaning.numbers(claimed, stated),
            meaning.periods(claim, e.text),
            meaning.name_problems(claim, e.text, context, e.passage.chunk.text),
            structure.roles(claim, f"{e.text} {evidence.before(i)}"),
            structure.order(claim, e.text),
            doers.swapped_doer(claimed, stated, e.text),
            structure.coordination(claim, e.text),
            structure.joined_names(claim, e.text),
            structure.repeated(claim, e.text),
            structure.quotation(claim, e.text),
            meaning.polarity(claimed, stated),
            stance.pronouns(claimed, stated),
            stance.modality(claimed, stated),
            stance.cut_short(claimed, stated),
            stance.attribution(claim, e.text),
        ]
        out = [f for f in found if f]
        if not out:
            named = {t.norm for n in meaning.names(claim) for t in meaning.tokens(n.text)}
            extra = self._added(claimed, evidence, i, named)
            if len(extra) > self.settings.max_unsupported:
                out.append("not in the evidence: " + ", ".join(f"'{w}'" for w in extra))
        return out

    def _added(self, claimed: list[meaning.Token], evidence: EvidenceSet, i: int, named: set[str]) -> list[str]:
        """The claim's words evidence sentence i states neither as such nor as a synonym."""
        e, s = evidence.sentences[i], self.settings
        stated = meaning.tokens(e.text)
        left = meaning.unmatched(claimed, stated, s.root_share, named)
        if not left:  # every word stated as written: no word vector needed
            return []
        # One batch for the words a synonym is looked for among (encoding one costs ~5 ms).
        candidates = meaning.synonym_candidates(stated)
        evidence.similar.prepare([t.text for t in left + candidates])
        extra = meaning.without_synonym(left, candidates, evidence.similar, s.synonym_cosine)
        if extra and meaning.refers_back(e.text):
            # What "The drug" or "She" stands for may be named just before.
            around = {t.norm for t in meaning.tokens(evidence.context(i))}
            extra = [w for w in extra if meaning.normal(w) not in around]
        return extra

    def hopeless(self, unfinished: str, evidence: EvidenceSet, rows: Iterable[int]) -> bool:
        """Can no ending of this unfinished draft sentence be stated by any of evidence sentences
        `rows`? True once, for each of them, it holds more added words than `max_unsupported`
        or a name the sentence lacks, so the model can be stopped mid-sentence instead of
        finishing a sentence bound to fail.

        Only words that every finished sentence keeps as claimed are counted: whole words
        (before the last space), in lower case (a capital may begin a name, checked on its own),
        outside an open bracket (a stray marker is dropped), not a label word ("The answer is:",
        "According to the passage" are stripped once complete). So a True here implies the
        finished sentence fails `problems` for each row; a False promises nothing.
        """
        text = unfinished[: unfinished.rfind(" ") + 1] if " " in unfinished else ""
        opened = max(text.rfind("["), text.rfind("("))
        if opened > max(text.rfind("]"), text.rfind(")")):
            text = text[:opened]
        text = _LABEL.sub("", _STRAY.sub("", _MARKERS.sub("", text)))
        toks = meaning.tokens(text)
        words = [t for t in toks if t.kind == "word" and t.text.islower() and t.norm not in _LABEL_WORDS]
        # A name after a word of the answer's own (a label never ends on one): the finished
        # sentence holds it, or a longer run of it, and a part missing then is still missing.
        said = next((t for t in words if t.text not in STOPWORDS), None)
        found = re.search(rf"\b{re.escape(said.text)}\b", text) if said else None
        start = found.start() if found else len(text)  # the word itself, not its letters in an earlier name
        named = [n for n in meaning.names(text) if n.start > start]
        if len(words) <= self.settings.max_unsupported and not named:
            return False
        return all(self._fails(words, named, evidence, i) for i in rows)

    def _fails(self, words: list[meaning.Token], named: list[Name], evidence: EvidenceSet, i: int) -> bool:
        """Does evidence sentence i lack one of the names or more of the words than allowed?"""
        e = evidence.sentences[i]
        if named and meaning.unnamed([n.text for n in named], e.text, evidence.context(i), e.passage.chunk.text):
            return True
        return len(self._added(words, evidence, i, set())) > self.settings.max_unsupported

    def support(self, sentence: str, evidence: EvidenceSet) -> np.ndarray:
        """Support score per evidence sentence, 0 where it does not state the claim."""
        scores = np.zeros(len(evidence))
        if not evidence:
            return scores
        s = self.settings
        # Unique words: a name repeated in a sentence is one piece of evidence, not two.
        words = set(content_words(sentence))
        shares = {}
        for i, e in enumerate(evidence.sentences):
            share = sum(1 for w in words if w in e.words) / max(len(words), 1)
            if share >= s.min_overlap:
                shares[i] = share
        if not shares:
            return scores
        rows = sorted(shares, key=lambda i: -shares[i])
        cosines = evidence.vectors(rows) @ evidence.embedder.encode([sentence])[0]
        for i, cosine in zip(rows, cosines, strict=True):
            if not self.problems(sentence, evidence, i):
                scores[i] = s.lexical_weight * shares[i] + (1 - s.lexical_weight) * float(cosine)
        return scores

    def cite(self, draft: Draft, evidence: EvidenceSet) -> tuple[Evidence, float] | None:
        """The best supporting sentence, preferring the passages the draft itself cited."""
        scores = self.support(draft.text, evidence)
        if not scores.size or scores.max() <= 0:
            return None
        cited = [i for i, e in enumerate(evidence.sentences) if e.passage.n in draft.markers and scores[i] > 0]
        best = max(cited, key=lambda i: scores[i]) if cited else int(scores.argmax())
        # A cited passage that supports only weakly loses to one that clearly supports.
        if cited and scores[best] + self.settings.cited_margin < scores.max():
            best = int(scores.argmax())
        return evidence.sentences[best], float(scores[best])
