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
from rag.index.corpus import load_corpus
from rag.index.loaded import LoadedIndex
from rag.index.manifest import IndexConfig, IndexPlan
from rag.index.progress import Bar
from rag.index.store import Store
from rag.models.loader import Models
from rag.settings import Settings


class IndexKeeper:
    def __init__(self, settings: Settings, models: Models, notify: Callable[[str], None]) -> None:
        self.settings, self.models, self.notify = settings, models, notify
        self.store = Store(settings.index, settings.store)
        self._loaded: LoadedIndex | None = None
        self._checked = False

    def config(self) -> IndexConfig:
        s, embedder = self.settings, self.models.query_embedder
        return IndexConfig(embedder.name, embedder.dim, s.chunk.to_dict(), s.chunk.headers, s.store.index_type)

    def articles(self) -> list[Article]:
        return load_corpus(self.settings.corpus)

    def plan(self) -> IndexPlan:
        return self.store.plan(self.articles(), self.config())

    def build(self, force: bool = False, progress: bool | None = None) -> IndexPlan:
        s = self.settings
        show = s.runtime.show_progress if progress is None else progress
        plan = self.store.update(
            self.articles(),
            self.config(),
            lambda a: chunk_article(a, s.chunk),
            self.models.index_embedder.encode,
            force=force,
            progress=Bar() if show else None,
        )
        self._loaded = None
        self._checked = True
        return plan

    def loaded(self) -> LoadedIndex:
        """The loaded index, rebuilt first if it is missing or out of date with the corpus.

        While another process is updating the index, questions are answered from the live
        generation (with a notice); only when there is none yet does the caller wait for it.
        """
        if not self._checked:
            plan = self.plan()
            if plan.changed:
                what = "missing" if plan.reason == "no index yet" else "out of date"
                self.notify(f"the index in {self.settings.index}/ is {what} ({plan.summary()}); building it now")
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
