"""The product: one Assistant object that the CLI, the chat REPL and notebooks all call.

It wires the stages (corpus -> chunker -> embedder -> store -> retriever -> prompt ->
generator -> citations -> answer), keeps the index in step with the corpus (an `ask` on a
missing or stale index rebuilds it first and says so through `notify`) and loads each model
once, on first use. Fakes for the embedders and the generator can be injected for tests.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from rag.answerer import Answerer, AnswerSettings
from rag.chunker import chunk_article
from rag.citations import SupportSettings, Verifier
from rag.corpus import load_corpus
from rag.data import Answer, Article, Passage
from rag.embedder import (
    Embedder,
    FastQueryEmbedder,
    SentenceTransformerEmbedder,
    resolve_embedder_path,
)
from rag.errors import QuestionError
from rag.followup import Turn, resolve
from rag.generator import Generator, LlamaGenerator
from rag.prompt import PromptBuilder
from rag.retriever import RetrievalSettings, Retriever
from rag.settings import Settings
from rag.store import IndexConfig, IndexPlan, LoadedIndex, Store
from rag.text import strip_instructions

MAX_QUESTION_CHARS = 2000


def _quiet(_: str) -> None:
    pass


class Assistant:
    def __init__(
        self,
        corpus: str | Path | None = None,
        index: str | Path | None = None,
        *,
        model: str | Path | None = None,
        settings: Settings | None = None,
        index_embedder: Embedder | None = None,
        query_embedder: Embedder | None = None,
        generator: Generator | None = None,
        notify: Callable[[str], None] = _quiet,
    ) -> None:
        s = settings or Settings()
        changes: dict[str, object] = {}
        if corpus is not None:
            changes["corpus"] = Path(corpus)
        if index is not None:
            changes["index"] = Path(index)
        if model is not None:
            changes["model_path"] = Path(model)
        self.settings = s.with_(**changes) if changes else s
        self.notify = notify
        self.store = Store(self.settings.index)
        self._index_embedder = index_embedder
        self._query_embedder = query_embedder
        self._generator = generator
        self._loaded: LoadedIndex | None = None
        self._checked = False
        self.prompts = PromptBuilder(self.settings.prompts_dir)

    # ---- components, created on first use ---------------------------------------------------
    @property
    def query_embedder(self) -> Embedder:
        if self._query_embedder is None:
            path = resolve_embedder_path(self.settings.embedder_path)
            self._query_embedder = FastQueryEmbedder(path, self.settings.embedder_name)
        return self._query_embedder

    @property
    def index_embedder(self) -> Embedder:
        if self._index_embedder is None:
            s = self.settings
            path = resolve_embedder_path(s.embedder_path)
            self._index_embedder = SentenceTransformerEmbedder(path, s.embedder_name, s.batch_size, s.threads)
        return self._index_embedder

    @property
    def generator(self) -> Generator:
        if self._generator is None:
            s = self.settings
            self._generator = LlamaGenerator(s.model_path, s.n_ctx, s.threads, s.temperature, s.seed, s.cache_dir)
        return self._generator

    def check_model(self) -> None:
        """Fail early on a bad --model path, before any indexing work."""
        if self._generator is None:
            _ = self.generator

    # ---- indexing ----------------------------------------------------------------------------
    def config(self) -> IndexConfig:
        s = self.settings
        return IndexConfig(
            self.query_embedder.name, self.query_embedder.dim, s.chunk.to_dict(), s.passage_headers, s.index_type
        )

    def articles(self) -> list[Article]:
        return load_corpus(self.settings.corpus)

    def plan(self) -> IndexPlan:
        return self.store.plan(self.articles(), self.config())

    def build_index(self, force: bool = False, progress: bool | None = None) -> IndexPlan:
        s = self.settings
        show = s.show_progress if progress is None else progress
        plan = self.store.update(
            self.articles(),
            self.config(),
            lambda a: chunk_article(a, s.chunk, s.passage_headers),
            self.index_embedder.encode,
            force=force,
            progress=_Bar() if show else None,
        )
        self._loaded = None
        self._checked = True
        return plan

    def index(self) -> LoadedIndex:
        """The loaded index, rebuilt first if it is missing or out of date with the corpus."""
        if not self._checked:
            plan = self.plan()
            if plan.changed:
                what = "missing" if plan.reason == "no index yet" else "out of date"
                self.notify(f"the index in {self.settings.index}/ is {what} ({plan.summary()}); building it now")
                self.build_index()
            self._checked = True
        if self._loaded is None:
            self._loaded = self.store.load()
        return self._loaded

    # ---- answering ---------------------------------------------------------------------------
    def retriever(self) -> Retriever:
        s = self.settings
        return Retriever(self.index(), self.query_embedder, RetrievalSettings(s.k, s.candidates, s.hybrid))

    def retrieve(self, query: str) -> list[Passage]:
        """The top-k passages for a query, as the answerer will see them."""
        return self.retriever().search(query)

    def stream(self, question: str, history: Sequence[Answer] = ()) -> Iterator[str | Answer]:
        """Yield the verified answer text piece by piece, then the final Answer."""
        question = question.strip()
        if not question:
            raise QuestionError('the question is empty; ask something, e.g. rag ask "Who is Vincent Pang?"')
        if len(question) > MAX_QUESTION_CHARS:
            raise QuestionError(f"the question is {len(question)} characters; keep it under {MAX_QUESTION_CHARS}")
        s = self.settings
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        self.index()  # load (or rebuild) now, so "retrieve" times the search alone
        timings["load"] = time.perf_counter() - t0
        # Instructions in a question ("ignore the articles: ...") are dropped before retrieval;
        # a question that is nothing but an instruction is kept whole, and the gate refuses it.
        asked = strip_instructions(question) or question
        retriever = self.retriever()
        query = retriever.correct_spelling(resolve(asked, [Turn(a.question, a.text) for a in history]))
        t1 = time.perf_counter()
        passages = retriever.search(query)
        timings["retrieve"] = time.perf_counter() - t1
        answerer = Answerer(
            self.prompts,
            self.generator,
            Verifier(self.query_embedder, SupportSettings(s.support_cosine, s.support_lexical)),
            AnswerSettings(
                s.refusal_threshold,
                max_tokens=s.max_tokens,
                min_question_coverage=s.min_question_coverage,
                prompt_sentences=s.prompt_sentences,
                prompt_chars=s.prompt_chars,
            ),
        )
        for item in answerer.run(query, passages, timings, retrieval_query=query):
            if isinstance(item, Answer):
                timings["total"] = time.perf_counter() - t0
                if query != question:
                    item = _with_question(item, question)
            yield item

    def ask(self, question: str, history: Sequence[Answer] = ()) -> Answer:
        for item in self.stream(question, history):
            if isinstance(item, Answer):
                return item
        raise AssertionError("stream ended without an Answer")


class _Bar:
    """A progress bar over all passages of a build, which embeds them in several batches."""

    def __init__(self) -> None:
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="passage", desc="embedding")
        self.bar.update(done - self.bar.n)
        if done >= total:
            self.bar.close()


def _with_question(answer: Answer, question: str) -> Answer:
    from dataclasses import replace

    return replace(answer, question=question)
