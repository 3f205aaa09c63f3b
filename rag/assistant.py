"""The product: one Assistant object that the CLI, the chat REPL and notebooks all call.

A thin façade that wires the packages: `rag.models` (built once, on first use),
`rag.index` (the index kept in step with the corpus: an `ask` on a missing or stale index
builds it first and says so through `notify`) and `rag.answer` (question -> Query ->
passages -> Answerer). Fakes for the embedders and the generator can be injected for tests.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from rag.answer.answerer import Answerer
from rag.answer.check import check_claim
from rag.answer.evidence import EvidenceSet
from rag.answer.followup import Turn
from rag.answer.prompt import PromptBuilder
from rag.answer.query import Query, parse_query
from rag.answer.retriever import Retriever
from rag.answer.verify import Verifier
from rag.data import Answer, Article, Check, Passage
from rag.index.keeper import IndexKeeper
from rag.index.manifest import IndexConfig, IndexPlan
from rag.index.reader import IndexReader
from rag.models.embedder import Embedder
from rag.models.generator import Generator
from rag.models.loader import Models
from rag.settings import Settings


def _quiet(_: str) -> None:
    pass


class Assistant:
    def __init__(
        self,
        corpus: str | Path | None = None,
        index: str | Path | None = None,
        *,
        model: str | Path | None = None,
        store: str | None = None,
        settings: Settings | None = None,
        index_embedder: Embedder | None = None,
        query_embedder: Embedder | None = None,
        generator: Generator | None = None,
        models: Models | None = None,
        notify: Callable[[str], None] = _quiet,
    ) -> None:
        changes = {"corpus": corpus, "index": index, "model_path": model}
        self.settings = (settings or Settings()).with_(**{k: Path(v) for k, v in changes.items() if v is not None})
        if store is not None:  # "milvus:index.db", "milvus://host:19530"; "" = the index folder
            self.settings = self.settings.with_(**{"store.uri": store})
        if models is not None:
            self.models = models.with_settings(self.settings)
            self.models.notify = lambda m: self.notify(m)
        else:
            self.models = Models(self.settings, index_embedder, query_embedder, generator, lambda m: self.notify(m))
        self.keeper = IndexKeeper(self.settings, self.models, notify)
        self.prompts = PromptBuilder(self.settings.prompts_dir)

    @property
    def notify(self) -> Callable[[str], None]:
        """Where notices go (an index being built before an answer, ...)."""
        return self.keeper.notify

    @notify.setter
    def notify(self, value: Callable[[str], None]) -> None:
        self.keeper.notify = value

    # ---- models ------------------------------------------------------------------------------
    @property
    def query_embedder(self) -> Embedder:
        return self.models.query_embedder

    @property
    def index_embedder(self) -> Embedder:
        return self.models.index_embedder

    @property
    def generator(self) -> Generator:
        return self.models.generator

    def check_model(self) -> None:
        """Fail early on a bad --model path, before any indexing work."""
        _ = self.models.generator

    # ---- the index ---------------------------------------------------------------------------
    def config(self) -> IndexConfig:
        return self.keeper.config()

    def articles(self) -> list[Article]:
        return self.keeper.articles()

    def plan(self) -> IndexPlan:
        return self.keeper.plan()

    def build_index(self, force: bool = False, progress: bool | None = None) -> IndexPlan:
        """Bring the index in line with the corpus, embedding only added and changed articles."""
        return self.keeper.build(force, progress)

    def index(self) -> IndexReader:
        """The loaded index, rebuilt first if it is missing or out of date with the corpus."""
        return self.keeper.loaded()

    # ---- answering ---------------------------------------------------------------------------
    def query(self, question: str, history: Sequence[Answer] = ()) -> Query:
        """The question parsed once: validated, rewritten (instructions, follow-ups, spelling), analysed."""
        turns = [Turn(a.question, a.text) for a in history]
        return parse_query(question, turns, self.index, self.settings.query)

    def retrieve(self, query: str | Query) -> list[Passage]:
        """The top-k passages for a question, as the answerer will see them."""
        parsed = self.query(query) if isinstance(query, str) else query
        return self._retriever().search(parsed)

    def _retriever(self) -> Retriever:
        return Retriever(self.index(), self.query_embedder, self.settings.retrieval)

    def stream(self, question: str, history: Sequence[Answer] = ()) -> Iterator[str | Answer]:
        """Yield the verified answer text piece by piece, then the final Answer."""
        started = time.perf_counter()
        query = self.query(question, history)  # loads (or rebuilds) the index once the question is valid
        timings = {"load": time.perf_counter() - started}
        searching = time.perf_counter()
        retriever = self._retriever()
        query = retriever.embed(query)
        passages = retriever.search(query)
        timings["retrieve"] = time.perf_counter() - searching
        answerer = Answerer(self.prompts, self.generator, self.query_embedder, self.settings)
        for item in answerer.run(query, passages, timings, self.index()):
            if isinstance(item, Answer):
                item = replace(item, timings={**item.timings, "total": time.perf_counter() - started})
            yield item

    def ask(self, question: str, history: Sequence[Answer] = ()) -> Answer:
        for item in self.stream(question, history):
            if isinstance(item, Answer):
                return item
        raise AssertionError("stream ended without an Answer")

    def check(self, claim: str) -> Check:
        """Is `claim` stated by the articles? The supporting sentence, or the closest and why not."""
        query = self.query(claim)
        retriever = self._retriever()
        query = retriever.embed(query)
        evidence = EvidenceSet(
            retriever.search(query), self.query_embedder, self.index(), self.settings.answer.context_chain
        )
        verifier = Verifier(self.settings.verify)
        return check_claim(query.asked, evidence, verifier, self.settings.answer.extract_quotes)
