"""Answerer: gate -> prompt -> stream -> verify -> fallback, streamed sentence by sentence.

1. Gate (rag.answer.gate): refuse without calling the model when the passages are weak.
2. Prompt (rag.answer.prompt): the best question-word sentences of the evidence set.
3. Stream: the model drafts; each finished draft sentence is verified (rag.answer.verify)
   and checked to answer the question (rag.answer.relevance, rag.answer.asked) before it is shown, so
   streaming never shows an unsupported or beside-the-point sentence. Generation stops once
   enough is said or the draft wanders (several failed sentences in a row), and mid-sentence
   once the sentence being written holds a word or name no trusted sentence states: it
   could only fail (rag.answer.verify.hopeless), and the rest of it would only cost time.
4. Fallback (rag.answer.extractive): no sentence survives -> quote the best evidence
   sentences that meet the question's needs; none qualifies -> refuse. A two-part question
   answered by the model in one sentence gets a quote for the part left open (the sentence it
   cited, when that answers the part the model's words leave out); any other
   short model answer (`answer.complement_below`), the quote of its own story that adds most.
A quote that leaves a quotation open ('Mr Straw said: "He is clever, but not wise.') is
followed by the rest of it, up to `answer.quote_continuation` sentences, each cited.
Citations are numbered in order of appearance; each names one exact article sentence.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping

import numpy as np

from rag.answer import gate, ranking
from rag.answer.asked import ablate, addresses
from rag.answer.composer import Composer, DraftReader, fragment_of
from rag.answer.counted import relate_counted
from rag.answer.evidence import Evidence, EvidenceSet
from rag.answer.extractive import complement, dropped_parts, quotes
from rag.answer.follow_on import continuation
from rag.answer.prompt import PromptBuilder, select
from rag.answer.query import Query
from rag.answer.relevance import meets_needs, relevant
from rag.answer.statements import statements
from rag.answer.verify import Draft, Verifier, split_draft
from rag.data import Answer, Passage
from rag.index.reader import IndexReader
from rag.models.embedder import Embedder
from rag.models.generator import Generator
from rag.settings import Settings
from rag.text.lexicon import content_words

REFUSAL = "Not in the articles: the indexed articles do not answer this question."
QUOTED = "The articles say: "
UNKNOWN = "Not in the articles: no indexed article mentions "


class Answerer:
    def __init__(self, prompts: PromptBuilder, generator: Generator, embedder: Embedder, settings: Settings) -> None:
        self.prompts, self.generator, self.embedder, self.settings = prompts, generator, embedder, settings
        self.verifier = Verifier(settings.verify)

    def run(
        self, query: Query, passages: list[Passage], timings: Mapping[str, float], index: IndexReader | None = None
    ) -> Iterator[str | Answer]:
        s = self.settings
        started = time.perf_counter()
        times = dict(timings)
        evidence = EvidenceSet(passages, self.embedder, index, s.answer.context_chain)
        idf = ranking.corpus_idf(index.passage_count, index.df) if index is not None else (lambda w: 1.0)
        if index is not None:
            query = ablate(query, self.embedder, idf, index.df, s.asked)
        query = relate_counted(query, evidence, s.answer.counted_cosine)
        scores = ranking.scores(query, evidence, idf, s.rank)
        verdict = gate.judge(query, evidence, scores, idf, s.gate)
        unknown = gate.unknown_names(query, index.df) if index is not None else ()
        if unknown or not verdict.passed:
            # A name no article mentions is said by name: it may be a slip of typing.
            text = f"{UNKNOWN}{', '.join(f'“{n}”' for n in unknown)}." if unknown else REFUSAL
            yield text
            yield self._answer(query, passages, times, verdict, text, "refusal", Composer())
            return
        # Model sentences must rest on what the ranker found answers the question.
        trusted = {int(i) for i in np.argsort(-scores)[: s.answer.support_rank]}

        def part_scores() -> list[np.ndarray]:
            # Each part of a two-part question ranked on its own, only when a quote is chosen
            # (the extractive answer or the complement: one or the other, never both).
            return [ranking.scores(p, evidence, idf, s.rank) for p in query.parts]

        composer, reader = Composer(), DraftReader()
        seen: set[str] = set()  # draft sentences already read: a model that repeats itself is shown once
        rejected, stopped = 0, False
        generating = time.perf_counter()
        # Quotes only: no prompt is built and the model is never called (nor loaded).
        numbering: dict[int, int] = {}
        stream: Iterator[str] = iter(())
        if s.answer.model_words:
            shown = select(evidence, scores, s.prompt)
            # The prompt numbers what it shows 1, 2, ...; the draft's markers map back to passages.
            numbering = {i: p.n for i, (p, _) in enumerate(shown, 1)}
            stream = self.generator.stream(self.prompts.messages(query.text, shown), s.generation.max_tokens)
        for piece in stream:
            if not reader.parts:
                times["first_token"] = time.perf_counter() - started
            for sentence in reader.feed(piece):
                out = self._accept(sentence, query, evidence, numbering, composer, seen, trusted)
                rejected = 0 if out else rejected + 1
                if out:
                    yield out
            # A sentence already bound to fail would be the last one read: stop it mid-way.
            if (
                s.answer.stop_hopeless
                and rejected + 1 >= s.answer.max_rejected
                and self.verifier.hopeless(reader.buffer, evidence, trusted)
            ):
                rejected += 1
            # Enough said, or the model has wandered off: each further token only costs time.
            if len(composer.sentences) >= s.answer.max_sentences or rejected >= s.answer.max_rejected:
                stopped = True
                break
        if hasattr(stream, "close"):
            stream.close()
        if not stopped and reader.buffer.strip():
            out = self._accept(reader.buffer, query, evidence, numbering, composer, seen, trusted)
            if out:
                yield out
        times["generate"] = time.perf_counter() - generating
        mode = "model"
        if not composer.sentences:
            quoted = (
                quotes(query, evidence, scores, s.answer, idf, s.rank.w_terms_context, part_scores())
                if evidence
                else []
            )
            for e in quoted:
                if e.key not in composer.cited():  # not shown already as the one before's continuation
                    self._quote(composer, evidence, e, float(scores.max()))
            mode = "extractive" if quoted else "refusal"
            yield QUOTED + composer.text() if quoted else REFUSAL
        if mode == "model" and query.parts:
            # The model left out a part its cited sentence answers: that sentence, quoted.
            cited = composer.cited()
            sources = [i for i, e in enumerate(evidence.sentences) if e.key in cited]
            for i in dropped_parts(query, evidence, [x.text for x in composer.sentences], sources):
                yield self._quote(composer, evidence, evidence.sentences[i], float(scores.max()))
        short = s.answer.model_complement and len(composer.sentences) < s.answer.complement_below
        if mode == "model" and (query.parts or short):
            # A two-part question ("When and where ...?"): a quote for the part left open; a
            # short answer: the quote of its own story that adds most to it.
            cited = composer.cited()  # again: a quote above may have brought its continuation
            shown_rows = [i for i, e in enumerate(evidence.sentences) if e.key in cited]
            more = complement(
                query,
                evidence,
                scores,
                shown_rows,
                s.answer,
                idf,
                s.rank.w_terms_context,
                float(scores.max()),
                only_story=not query.parts,
                part_scores=part_scores(),
            )
            if more is not None:
                yield self._quote(composer, evidence, evidence.sentences[more], float(scores.max()))
        if mode != "refusal" and query.speaker:
            # "What did X say about Y": X's other statements on Y, in X's words.
            for e in statements(query, evidence, scores, composer.cited(), s.answer):
                if e.key not in composer.cited():  # not shown already as another's continuation
                    yield self._quote(composer, evidence, e, float(scores.max()))
        text = {"model": composer.text(), "extractive": QUOTED + composer.text(), "refusal": REFUSAL}[mode]
        yield self._answer(query, passages, times, verdict, text, mode, composer, reader.draft())

    def _accept(
        self,
        text: str,
        query: Query,
        evidence: EvidenceSet,
        numbering: dict[int, int],
        composer: Composer,
        seen: set[str],
        trusted: set[int],
    ) -> str | None:
        """The piece of answer text to show for a finished draft sentence, or None if it fails."""
        s = self.settings
        for found in split_draft(text, s.verify.min_claim_words, seen):
            draft = Draft(found.text, tuple(numbering.get(m, 0) for m in found.markers))
            restates_question = " ".join(content_words(draft.text)) == " ".join(query.words)
            if len(composer.sentences) >= s.answer.max_sentences or restates_question:
                continue
            cited = self.verifier.cite(draft, evidence)
            if cited is None or evidence.sentences.index(cited[0]) not in trusted:
                continue
            support, score = cited
            # True but beside the point ("asked when, says what") is not an answer.
            words = set(content_words(draft.text)) | support.words
            if not relevant(query, words, s.answer.min_relevance):
                continue
            at = evidence.sentences.index(support)
            if not meets_needs(query, draft.text, words, evidence.around(at), evidence.topic(at)):
                continue
            # A sentence that says nothing of what is asked ("resign") answers another question.
            if not addresses(query, evidence, at):
                continue
            if fragment_of(draft.text, support.text):
                # A piece cut out of its sentence ("The economic crisis in the West Bank.") loses
                # what the rest says of it: the whole sentence is shown, in its own words.
                if support.key in composer.cited():
                    continue
                return self._quote(composer, evidence, support, score)
            return composer.add(draft.text, support, score)
        return None

    def _quote(self, composer: Composer, evidence: EvidenceSet, e: Evidence, support: float) -> str:
        """Quote sentence e, and after it the rest of a quotation it leaves open (not yet shown);
        returns the piece of answer text to show."""
        out = composer.add(e.text, e, support, quote=True)
        for j in continuation(evidence, evidence.sentences.index(e), self.settings.answer.quote_continuation):
            nxt = evidence.sentences[j]
            if nxt.key not in composer.cited():
                out += composer.add(nxt.text, nxt, support, quote=True)
        return out

    @staticmethod
    def _answer(
        query: Query,
        passages: list[Passage],
        times: dict[str, float],
        verdict: gate.GateVerdict,
        text: str,
        mode: str,
        composer: Composer,
        draft: str = "",
    ) -> Answer:
        return Answer(
            question=query.asked,
            text=text,
            refused=mode == "refusal",
            citations=composer.ordered_citations(),
            passages=tuple(passages),
            timings=times,
            mode=mode,
            draft=draft,
            sentences=tuple(composer.sentences),
            retrieval_query=query.text,
            scores=verdict.scores(),
        )
