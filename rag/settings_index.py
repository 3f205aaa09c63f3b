"""The index side of the settings tree (rag.settings): reading the corpus, chunking, the store.

Split from rag.settings only to keep modules small; `Settings` nests these as `reading`,
`chunk` and `store`, and rag.settings re-exports them.
"""

from __future__ import annotations

from dataclasses import dataclass

from rag.knob import knob


@dataclass(frozen=True)
class CorpusSettings:
    """Field names tried in order for each part of a record of a .jsonl/.json/.csv export."""

    text_field: tuple[str, ...] = knob(("text", "body", "content", "article", "story"), "the article's text")
    title_field: tuple[str, ...] = knob(("title", "headline", "name"), "the article's title")
    date_field: tuple[str, ...] = knob(("date", "published", "published_at", "pubdate", "datetime"), "its date")
    url_field: tuple[str, ...] = knob(("url", "link", "source_url"), "where it was published")
    id_field: tuple[str, ...] = knob(("id", "guid", "uuid"), "its id within the file (else its record number)")
    strict: bool = knob(False, "rag index exits 1 when any file was skipped (--strict)")


@dataclass(frozen=True)
class ChunkSettings:
    max_chars: int = knob(600, "passage size: about 3-4 news sentences, well under MiniLM's 256-token window")
    min_chars: int = knob(200, "a paragraph boundary closes a passage only past this, so one-line paragraphs merge")
    overlap_sentences: int = knob(1, "a passage cut inside a paragraph repeats its last sentence in the next one")
    headers: bool = knob(True, "embed date and lead sentence with each passage: dev accuracy 0.95 with, 0.90 without")
    lead_chars: int = knob(
        200, "a lead sentence longer than this is cut at a word in the header: one sentence of context"
    )

    def to_dict(self) -> dict[str, int]:
        """What the index manifest records of chunking (whether headers are on is recorded on its own)."""
        return {
            "max_chars": self.max_chars,
            "min_chars": self.min_chars,
            "overlap_sentences": self.overlap_sentences,
            "lead_chars": self.lead_chars,
        }


@dataclass(frozen=True)
class StoreSettings:
    index_type: str = knob("auto", "auto = exact search below `approx_from` passages, IVF above")
    approx_from: int = knob(
        100_000, "exact search takes 15 ms at 100k and 276 ms at 1M passages; IVF 0.7 ms at 1M (bench/search_scale.py)"
    )
    hnsw_m: int = knob(32, "HNSW links per node: recall@10 0.97 at 1M passages (bench/search_scale.py)")
    hnsw_ef_construction: int = knob(80, "HNSW build effort: 1M passages build in 353 s")
    hnsw_ef_search: int = knob(64, "HNSW search effort: p50 0.27 ms at 1M passages, recall@10 0.97")
    ivf_lists_per_sqrt: float = knob(4.0, "IVF lists = this x sqrt(passages) (4,000 at 1M): faiss's usual range")
    ivf_min_list: int = knob(39, "at least this many passages per IVF list, below which faiss warns about training")
    ivf_train_per_list: int = knob(64, "training sample per IVF list: build 127 s at 1M passages")
    ivf_nprobe: int = knob(32, "IVF lists searched: recall@10 1.00, p50 0.72 ms at 1M passages")
    checkpoint_batch: int = knob(1024, "sentences per saved checkpoint batch: ~10 s of embedding on two cores")
    progress_step: int = knob(128, "sentences embedded between progress updates: under a second on two cores")
    embed_batch: int = knob(
        64, "sentence-transformers batch: build rate 0.92-1.00x a bare encode (bench/index_build.py)"
    )
    uri: str = knob(
        "",
        "where the index lives: '' = the index folder (FAISS + BM25); milvus:PATH.db = Milvus Lite; "
        "milvus://HOST:PORT or https://... = a Milvus server (RAG_STORE, --store)",
    )
    milvus_collection: str = knob("rag", "prefix of the four Milvus collections: several corpora, one server")
    milvus_token: str = knob("", "Milvus server token ('user:password' or an API key), from RAG_MILVUS_TOKEN")
    milvus_timeout_s: float = knob(10.0, "a Milvus server that has not answered by then is reported unreachable")
    milvus_lease_s: float = knob(3600.0, "a writer lease on a Milvus server older than this is stale (crashed build)")
    workers: str = knob(
        "",
        "'' = chunk and embed in this process; 'ray' = a Ray on this machine; "
        "'ray://HEAD:10001' = a Ray cluster (--workers)",
    )
    ray_actors: int = knob(2, "embedder actors in the Ray pool: one per core on this 2-core machine")
    ray_batch: int = knob(64, "articles per Ray map_batches call (~640 sentences, ~2 s of embedding)")
