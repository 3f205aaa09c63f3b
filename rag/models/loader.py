"""`Models`: builds each model once, on first use, from the settings; fakes can be injected.

Building is cheap (paths are resolved, nothing heavy is imported); the first `encode` or
`stream` loads the weights. A one-shot question therefore never pays for the indexing
embedder (torch), and indexing never loads the generator.
"""

from __future__ import annotations

from collections.abc import Callable

from rag.models.embedder import Embedder, FastQueryEmbedder, SentenceTransformerEmbedder, resolve_embedder_path
from rag.models.generator import Generator, LlamaGenerator
from rag.settings import Settings


class Models:
    def __init__(
        self,
        settings: Settings,
        index_embedder: Embedder | None = None,
        query_embedder: Embedder | None = None,
        generator: Generator | None = None,
        notify: Callable[[str], None] | None = None,
    ) -> None:
        self.settings = settings
        self.notify = notify or (lambda _: None)
        self._index_embedder = index_embedder
        self._query_embedder = query_embedder
        self._generator = generator

    @property
    def query_embedder(self) -> Embedder:
        """Questions and answer sentences: NumPy forward pass, no torch import."""
        if self._query_embedder is None:
            s = self.settings
            self._query_embedder = FastQueryEmbedder(
                resolve_embedder_path(s.embedder_path), s.embedder_name, s.runtime.blas_threads
            )
        return self._query_embedder

    @property
    def index_embedder(self) -> Embedder:
        """Passages at index time: sentence-transformers, batched, on all threads."""
        if self._index_embedder is None:
            s = self.settings
            self._index_embedder = SentenceTransformerEmbedder(
                resolve_embedder_path(s.embedder_path), s.embedder_name, s.store.embed_batch, s.runtime
            )
        return self._index_embedder

    @property
    def generator(self) -> Generator:
        if self._generator is None:
            s = self.settings
            self._generator = LlamaGenerator(s.model_path, s.generation, s.runtime, s.cache_dir, self.notify)
        return self._generator

    def with_settings(self, settings: Settings) -> Models:
        """The same loaded models under other settings (another corpus or index folder)."""
        return Models(settings, self._index_embedder, self.query_embedder, self.generator, self.notify)
