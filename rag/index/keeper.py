"""The index lifecycle: keep the index in step with the corpus folder.

corpus -> chunker -> embedder -> store. `build` brings the index up to date, embedding only
added and changed articles; `loaded` returns the live index, building it first when it is
missing or stale (and saying so through `notify`), and checks the corpus once per keeper.
"""

from __future__ import annotations

from collections.abc import Callable

from rag.data import Article
from rag.errors import IndexBusyError
from rag.index.chunker import chunk_article
from rag.index.corpus import Corpus, load_corpus
from rag.index.manifest import IndexConfig, IndexPlan
from rag.index.milvus import MilvusStore
from rag.index.progress import Bar
from rag.index.reader import IndexReader
from rag.index.store import Store
from rag.models.loader import Models
from rag.settings import Settings


def open_store(settings: Settings) -> Store | MilvusStore:
    """The store `store.uri` names: the index folder (default) or Milvus."""
    if not settings.store.uri:
        return Store(settings.index, settings.store)
    return MilvusStore(settings.store.uri, settings.store)


class IndexKeeper:
    def __init__(self, settings: Settings, models: Models, notify: Callable[[str], None]) -> None:
        self.settings, self.models, self.notify = settings, models, notify
        self.store = open_store(settings)
        self.where = settings.store.uri or f"{settings.index}/"
        self._loaded: IndexReader | None = None
        self._checked = False
        self._told: set[str] = set()

    def config(self) -> IndexConfig:
        s, embedder = self.settings, self.models.query_embedder
        return IndexConfig(embedder.name, embedder.dim, s.chunk.to_dict(), s.chunk.headers, s.store.index_type)

    def read(self) -> Corpus:
        """The corpus folder as it is now: its articles and what was skipped, and why."""
        corpus = load_corpus(self.settings.corpus, self.settings.reading)
        for path, encoding in corpus.encodings.items():
            if path not in self._told:
                self.notify(f"{path}: not UTF-8, read as {encoding}")
                self._told.add(path)
        return corpus

    def articles(self) -> list[Article]:
        return self.read().articles

    def plan(self) -> IndexPlan:
        corpus = self.read()
        return self._report(self.store.plan(corpus.articles, self.config()), corpus)

    @staticmethod
    def _report(plan: IndexPlan, corpus: Corpus) -> IndexPlan:
        plan.skipped = corpus.skipped_summary()
        plan.encodings = corpus.encodings
        return plan

    def build(self, force: bool = False, progress: bool | None = None) -> IndexPlan:
        s = self.settings
        show = s.runtime.show_progress if progress is None else progress
        corpus = self.read()
        prepare = None
        if s.store.workers:
            from rag.index.ray_ingest import RayIngest  # only when asked: ray is an optional extra

            prepare = RayIngest(s, self.models.index_embedder, self.notify)
        plan = self.store.update(
            corpus.articles,
            self.config(),
            lambda a: chunk_article(a, s.chunk),
            self.models.index_embedder.encode,
            force=force,
            progress=Bar(*self.store.progress_label) if show else None,
            copies=corpus.copies,
            prepare=prepare,
        )
        self._report(plan, corpus)
        self._loaded = None
        self._checked = True
        return plan

    def loaded(self) -> IndexReader:
        """The loaded index, rebuilt first if it is missing or out of date with the corpus.

        While another process is updating the index, questions are answered from the live
        generation (with a notice); only when there is none yet does the caller wait for it.
        """
        if not self._checked:
            plan = self.plan()
            if plan.skipped:
                self.notify("some files in the corpus were skipped; `rag index` lists them and why")
            if plan.changed:
                what = "missing" if plan.reason == "no index yet" else "out of date"
                self.notify(f"the index in {self.where} is {what} ({plan.summary()}); building it now")
                try:
                    self.build()
                except IndexBusyError as busy:
                    if self.store.current() is None:
                        raise
                    self.notify(f"{busy}; answering from the index as it is until then")
            self._checked = True
        if self._loaded is None:
            self._loaded = self.store.load()
        return self._loaded
