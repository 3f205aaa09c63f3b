"""Answer stage: from retrieved passages to a verified, cited Answer, streamed by sentence.

1. Evidence gate: if the best passage is too weak evidence for the question (calibrated
   threshold on cosine and question-term coverage), refuse without calling the model.
2. The model drafts; each finished draft sentence is verified (rag.citations) and checked to
   address the question (term relevance, the time or number asked for, speaker and focus of
   "what did X say about Y": rag.question) before it is shown, so streaming never shows an
   unsupported or beside-the-point sentence.
3. No sentence survives: quote the passage sentences that best match the question and meet
   the same needs, from passages holding most of its terms (extractive fallback); if none
   qualifies, refuse.
Citations are numbered in order of appearance; each names one exact article sentence.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass

from rag.citations import Draft, Evidence, SentenceVectors, Verifier, split_draft, to_citation
from rag.data import Answer, Citation, Passage, Sentence
from rag.generator import Generator
from rag.prompt import PromptBuilder
from rag.question import analyse
from rag.text import content_words, sentence_spans

# A second quoted sentence is added when it scores within this margin of the best.
EXTRACT_MARGIN = 0.1
REFUSAL = "Not in the articles: the indexed articles do not answer this question."


@dataclass(frozen=True)
class AnswerSettings:
    refusal_threshold: float = 0.42
    max_tokens: int = 160
    max_sentences: int = 4
    # Stop generating after this many draft sentences in a row fail verification.
    max_rejected: int = 2
    # Sentences of each passage put in the prompt (0 = the whole passage).
    prompt_sentences: int = 3
    # If > 0: instead, the sentences closest to the question across all passages, best first,
    # until this many characters; passages with none of them are left out of the prompt.
    prompt_chars: int = 400
    min_question_coverage: float = 0.6
    # A verified sentence is shown only if it and its evidence hold this share of question terms.
    min_relevance: float = 0.5


def evidence(passages: list[Passage]) -> float:
    """How well the best passage matches the question: mean of cosine and term coverage."""
    return max((0.5 * p.dense + 0.5 * p.lexical for p in passages), default=0.0)


class Answerer:
    def __init__(
        self, prompts: PromptBuilder, generator: Generator, verifier: Verifier, settings: AnswerSettings
    ) -> None:
        self.prompts, self.generator, self.verifier, self.settings = prompts, generator, verifier, settings

    def run(
        self, question: str, passages: list[Passage], timings: dict[str, float], retrieval_query: str = ""
    ) -> Iterator[str | Answer]:
        s = self.settings
        t0 = time.perf_counter()
        gate = evidence(passages)
        timings["evidence"] = gate
        coverage = max((p.lexical for p in passages), default=0.0)
        timings["coverage"] = coverage
        # A related passage is not an answer: when no passage holds most of the question's own
        # terms ("What did Pang say about Nokia?" over passages on Pang or on Nokia), refuse.
        if gate < s.refusal_threshold or coverage < s.min_question_coverage:
            yield REFUSAL
            yield Answer(
                question, REFUSAL, True, (), tuple(passages), timings, "refusal", retrieval_query=retrieval_query
            )
            return
        ev, vecs = self.verifier.prepare(passages)
        cites: dict[tuple[str, int], Citation] = {}
        kept: list[Sentence] = []
        draft_parts: list[str] = []
        shown: list[str] = []

        seen: set[str] = set()
        qkey = " ".join(content_words(question))
        qwords = set(content_words(question))
        needs = analyse(question)

        def accept(text: str) -> str | None:
            for d in split_draft(text, seen):
                d = Draft(d.text, tuple(number.get(m, 0) for m in d.markers))
                if len(kept) >= s.max_sentences or " ".join(content_words(d.text)) == qkey:
                    continue
                found = self.verifier.cite(d, ev, vecs)
                if found is None:
                    continue
                e, score = found
                # True but beside the point ("asked when, says what") is not an answer.
                words = set(content_words(d.text)) | e.words
                if qwords and len(qwords & words) / len(qwords) < s.min_relevance:
                    continue
                if not needs.satisfied_by(d.text, words, set(content_words(e.passage.chunk.indexed_text))):
                    continue
                key = (e.passage.chunk.article_id, e.start)
                if key not in cites:
                    cites[key] = to_citation(len(cites) + 1, e, score)
                n = cites[key].n
                kept.append(Sentence(d.text, (n,)))
                shown.append(f"{d.text} [{n}]")
                return (" " if len(shown) > 1 else "") + shown[-1]
            return None

        shown_passages = self._focus(question, passages, ev)
        messages = self.prompts.messages(question, shown_passages)
        # The prompt numbers what it shows 1, 2, ...; map the draft's markers back.
        number = {i: p.n for i, (p, _) in enumerate(shown_passages, 1)}
        t_gen = time.perf_counter()
        buffer = ""
        rejected = 0
        stream = self.generator.stream(messages, s.max_tokens)
        for piece in stream:
            if not draft_parts:
                timings["first_token"] = time.perf_counter() - t0
            draft_parts.append(piece)
            buffer += piece
            spans = sentence_spans(buffer)
            if len(spans) > 1:
                done, buffer = buffer[: spans[-1][0]], buffer[spans[-1][0] :]
                for a, b in sentence_spans(done):
                    out = accept(done[a:b])
                    rejected = 0 if out else rejected + 1
                    if out:
                        yield out
            # Enough said, or the model has wandered off: each further token only costs time.
            if len(kept) >= s.max_sentences or rejected >= s.max_rejected:
                buffer = ""
                break
        if hasattr(stream, "close"):
            stream.close()
        if buffer.strip():
            out = accept(buffer)
            if out:
                yield out
        timings["generate"] = time.perf_counter() - t_gen
        draft = "".join(draft_parts)
        mode, text = "model", " ".join(shown)
        if not kept:
            if ev:
                mode, text, kept, cites = self._extractive(question, ev, vecs)
            else:
                mode, text = "refusal", REFUSAL
            yield text
        refused = mode == "refusal"
        citations = tuple(sorted(cites.values(), key=lambda c: c.n))
        yield Answer(
            question, text, refused, citations, tuple(passages), timings, mode, draft, tuple(kept), retrieval_query
        )

    def _focus(self, question: str, passages: list[Passage], ev: list[Evidence]) -> list[tuple[Passage, str]]:
        """What the prompt shows: passages with their sentences that share most words with the
        question (article order within a passage), the passage with the best sentence first.

        The prompt is the main cost of a question (llama.cpp reads it at ~620 tokens/s on two
        cores), and a small model answers better from fewer, more relevant sentences; it also
        leans on whatever comes first. Question words, weighted by how rare they are among
        these sentences, choose them, not embeddings: encoding the sentences first would delay
        the model. Ties go to the better-ranked passage.
        """
        s = self.settings
        if not (s.prompt_sentences or s.prompt_chars) or not ev:
            return [(p, p.chunk.text) for p in passages]
        qwords = set(content_words(question))
        # A question word found in few of these sentences says more than one found in all.
        idf = {w: math.log(1 + len(ev) / (1 + sum(w in e.words for e in ev))) for w in qwords}
        total = sum(idf.values()) or 1.0
        lex = [sum(idf[w] for w in qwords & e.words) / total for e in ev]
        chosen: list[int] = []
        if s.prompt_chars:
            size = 0
            for i in sorted(range(len(ev)), key=lambda i: -lex[i]):
                if size and size + len(ev[i].text) > s.prompt_chars:
                    continue
                chosen.append(i)
                size += len(ev[i].text)
        else:
            by_passage: dict[int, list[int]] = {}
            for i, e in enumerate(ev):
                by_passage.setdefault(e.passage.n, []).append(i)
            for rows in by_passage.values():
                chosen += sorted(rows, key=lambda i: -lex[i])[: s.prompt_sentences]
        rows_of: dict[int, list[int]] = {}
        for i in sorted(chosen):
            rows_of.setdefault(ev[i].passage.n, []).append(i)
        best = {n: max(lex[i] for i in rows) for n, rows in rows_of.items()}
        shown = sorted((p for p in passages if p.n in rows_of), key=lambda p: (-best[p.n], p.n))
        return [(p, " ".join(ev[i].text for i in rows_of[p.n])) for p in shown]

    def _extractive(
        self, question: str, ev: list[Evidence], vecs: SentenceVectors
    ) -> tuple[str, str, list[Sentence], dict[tuple[str, int], Citation]]:
        """Quote the passage sentences that best match the question."""
        qwords = set(content_words(question))
        cos = vecs.all() @ self.verifier.embedder.encode([question])[0]
        scored = []
        for i, e in enumerate(ev):
            lex = len(qwords & e.words) / max(len(qwords), 1)
            scored.append((0.5 * float(cos[i]) + 0.5 * lex, i))
        needs = analyse(question)
        scored = [
            (sc, i)
            for sc, i in scored
            if ev[i].passage.lexical >= self.settings.min_question_coverage
            and needs.satisfied_by(ev[i].text, set(ev[i].words), set(content_words(ev[i].passage.chunk.indexed_text)))
        ]
        if not scored:
            return "refusal", REFUSAL, [], {}
        scored.sort(reverse=True)
        best = [ev[i] for sc, i in scored[:2] if sc >= scored[0][0] - EXTRACT_MARGIN]
        cites: dict[tuple[str, int], Citation] = {}
        kept: list[Sentence] = []
        parts = []
        for e in sorted(best, key=lambda e: (e.passage.n, e.start)):
            n = len(cites) + 1
            cites[(e.passage.chunk.article_id, e.start)] = to_citation(n, e, scored[0][0])
            kept.append(Sentence(e.text, (n,)))
            parts.append(f"“{e.text}” [{n}]")
        return "extractive", "The articles say: " + " ".join(parts), kept, cites
