"""Statements: for "what did X say (about Y)", X's other statements on the question.

After the first quote, `statements` gathers the speaker's other statements on the question's
focus (on its other words when no "about Y" says), best-ranked first, each speech: a quote or
a reporting verb ("Connors is a straight-talker" names him but is not his). A quote carrying on
the speaker's words ("He added ...", a run of quotes) may leave Y to what it continues; one that
says Y in its own words comes first. Only stories naming the speaker in full are read (another
"Jain" in another story is someone else), and a statement another story already reported is
not shown twice (rag.answer.repeats). At most `AnswerSettings.statements` are added. Limits:
word rules say who is speaking (rag.answer.ranking.speaks).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from rag.answer.evidence import Evidence, EvidenceSet
from rag.answer.query import Query
from rag.answer.ranking import speaks
from rag.answer.relevance import sentence_meets_needs
from rag.answer.repeats import repeats
from rag.settings import AnswerSettings
from rag.text.lexicon import content_words, holds_run


def statements(
    query: Query, evidence: EvidenceSet, scores: np.ndarray, cited: set[tuple[str, int]], settings: AnswerSettings
) -> list[Evidence]:
    """The speaker's other statements on the question's focus, best-ranked first, not yet cited."""
    found: list[Evidence] = []
    # What is shown already, by its words: two stories may report one quote ("... and got its
    # interests at heart," Rio Ferdinand told BBC Radio Five Live / "... and have got ...," said Ferdinand).
    said = [e for e in evidence.sentences if e.key in cited]
    texts = {e.text for e in said}
    # Only stories that name the speaker in full, spelt right (a misspelling is trusted only beside
    # the name it misspells): another "Jain" or "Nigel" in another story is someone else. Where no
    # story writes the speaker's words as one run ("the spammers' lawyer"), a story holding them all.
    named: set[str] = set()
    holding: dict[str, set[str]] = {}
    for e in evidence.sentences:
        words = content_words(e.text)
        holding.setdefault(e.passage.chunk.article_id, set()).update(words)
        if holds_run(words, query.speaker_name):
            named.add(e.passage.chunk.article_id)
    naming = named or {a for a, words in holding.items() if query.speaker <= words}
    # A statement that says Y in its own words comes before one that leaves Y to what it
    # continues ("Pango also highlighted ... a single-transfer" before "He added that negotiations
    # had started"): those fill only the places the first kind leaves, read from the speaker's
    # sentences the first pass found (the filters are read once).
    speaking: list[int] = []
    for i in (int(i) for i in np.argsort(-scores, kind="stable")):
        if len(found) >= settings.statements:
            break
        e = evidence.sentences[i]
        if e.key in cited or e.text in texts or evidence.is_headline(i):
            continue
        if e.passage.chunk.article_id not in naming:
            continue
        # Without "about Y", a statement shares a word of the question's subject: one naming the
        # speaker in its own words, a quote or "He added" also in what it continues ('lays the
        # blame on one issue' -> '"... the war in Iraq."').
        reach = e.words if query.speaker_forms & e.words else evidence.around(i)
        if not query.focus and query.subject and not query.subject & reach:
            continue
        # speaks: the speaker speaking, in a quote or with a reporting verb, not just named.
        if not speaks(query, evidence, i):
            continue
        speaking.append(i)
        if repeats(e, said, settings.repeat_share):
            continue
        if _states(query, evidence, i, continued=False):
            found.append(e)
            texts.add(e.text)
            said.append(e)
    for i in speaking:
        e = evidence.sentences[i]
        if len(found) >= settings.statements:
            break
        if (
            e.text not in texts
            and not repeats(e, said, settings.repeat_share)
            and _states(query, evidence, i, continued=True)
        ):
            found.append(e)
            texts.add(e.text)
            said.append(e)
    return sorted(found, key=lambda e: (e.passage.n, e.start))


def _states(query: Query, evidence: EvidenceSet, i: int, continued: bool) -> bool:
    """Does the speaker's sentence i meet the question's needs? With `continued`: as a quote or
    "He added" carrying on the speaker's words, which may leave "about Y" to what it continues, as
    the subject rule above does:
    '"No one knows what this guy will be bringing to the table."' after '"...," said Ferdinand'
    in a story on Glazer is Ferdinand on Glazer. Without it, the sentence or the one before it
    names Y: one leaving Y to the story's lead (which the needs allow a first quote) comes after
    those that say it ("Pango also highlighted ... a single-transfer" before "He added that
    negotiations had started")."""
    e = evidence.sentences[i]
    if not continued:
        said_here = query.speaker_forms & e.words and query.focus & evidence.around(i)
        named = not query.focus or query.focus & e.words or said_here
        return bool(named) and sentence_meets_needs(query, evidence, i)
    if not query.focus or query.speaker_forms & e.words or not query.focus & evidence.around(i):
        return False
    return sentence_meets_needs(replace(query, focus=frozenset()), evidence, i)
