"""Store stage: the on-disk index (FAISS vectors + BM25 + passage records + manifest).

Layout (format version 1), all under the index folder:
    CURRENT                 name of the live generation, replaced atomically (os.replace)
    gen-<n>/manifest.json   format, version, embedder, dim, chunk settings, index type, hashes
    gen-<n>/passages.jsonl  one chunk per line (article, start, end, date, header, text)
    gen-<n>/vectors.npy     float32 [N, dim] normalised embeddings, reused by incremental builds
    gen-<n>/faiss.index     FAISS index over vectors (flat, HNSW or IVF; recorded in manifest)
    gen-<n>/bm25/           bm25s index over the same passages (read by rag.bm25)
    .lock                   held (flock) by the one process building
    .resume/                vectors embedded by a build in progress (rag.checkpoint)
A build writes a fresh generation and only then flips CURRENT, so an interrupted or failed
build leaves the previous index untouched; the previous generation is kept one round so a
reader that opened it keeps working. An interrupted build resumes: the next one reuses the
vectors it checkpointed and embeds only the rest. Limits: records load fully into memory.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rag import bm25
from rag.checkpoint import Checkpoint, embed_resumably
from rag.data import Article, Chunk
from rag.errors import IndexBusyError, StoreError
from rag.text import LEXICAL_VERSION, content_words

FORMAT = "rag-index"
VERSION = 1
# "auto" switches from exact search to IVF at this many passages. bench/search_scale.py:
# exact search takes 15 ms at 100k and 276 ms at 1M; IVF (nprobe 32) 0.7 ms at 1M with
# recall@10 1.0, and builds in 127 s where HNSW takes 353 s (recall 0.97); every incremental
# update rebuilds the search index, so build time counts.
APPROX_FROM = 100_000


@dataclass(frozen=True)
class IndexConfig:
    """What the manifest must agree with for the index to be usable as is."""

    embedder: str
    dim: int
    chunk: dict[str, int]
    headers: bool
    index_type: str = "auto"

    def to_dict(self) -> dict[str, Any]:
        return {
            "embedder": self.embedder,
            "dim": self.dim,
            "chunk": self.chunk,
            "headers": self.headers,
            "lexical": LEXICAL_VERSION,
        }


@dataclass
class IndexPlan:
    """What an incremental build will do, article ids by fate."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    reason: str = ""
    # Passages embedded now, and passages whose vectors an interrupted build had already made.
    embedded: int = 0
    resumed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.reason)

    def summary(self) -> str:
        s = f"added {len(self.added)}, updated {len(self.updated)}, removed {len(self.removed)}, kept {len(self.kept)}"
        if self.resumed:
            s += f"; {self.resumed} passages resumed from an interrupted build"
        return f"{s} ({self.reason})" if self.reason else s


@dataclass
class LoadedIndex:
    path: Path
    manifest: dict[str, Any]
    chunks: list[Chunk]
    vectors: np.ndarray
    _faiss: Any = None
    _bm25: bm25.Lexical | None = None

    @property
    def index_type(self) -> str:
        return str(self.manifest["index"]["type"])

    def faiss(self) -> Any:
        if self._faiss is None:
            import faiss

            self._faiss = faiss.read_index(str(self.path / "faiss.index"))
            _tune(self._faiss, self.manifest["index"])
        return self._faiss

    def bm25(self) -> bm25.Lexical:
        if self._bm25 is None:
            self._bm25 = bm25.Lexical(self.path / "bm25")
        return self._bm25


def _tune(index: Any, meta: dict[str, Any]) -> None:
    import faiss

    if meta["type"] == "hnsw":
        faiss.downcast_index(index).hnsw.efSearch = int(meta.get("ef_search", 64))
    elif meta["type"] == "ivf":
        faiss.extract_index_ivf(index).nprobe = int(meta.get("nprobe", 16))


def choose_index_type(requested: str, n: int) -> str:
    if requested != "auto":
        return requested
    return "flat" if n < APPROX_FROM else "ivf"


def build_faiss(vectors: np.ndarray, index_type: str) -> tuple[Any, dict[str, Any]]:
    """A FAISS inner-product index over normalised vectors (= cosine) and its parameters."""
    import faiss

    n, dim = vectors.shape
    if index_type == "flat":
        index, meta = faiss.IndexFlatIP(dim), {"type": "flat"}
    elif index_type == "hnsw":
        index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
        meta = {"type": "hnsw", "m": 32, "ef_construction": 80, "ef_search": 64}
    elif index_type == "ivf":
        nlist = max(1, min(int(4 * np.sqrt(max(n, 1))), max(n // 39, 1)))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        if n:
            rng = np.random.default_rng(0)
            sample = vectors[rng.choice(n, min(n, nlist * 64), replace=False)] if n > nlist * 64 else vectors
            index.train(sample)
        meta = {"type": "ivf", "nlist": nlist, "nprobe": min(nlist, 32)}
    else:
        raise StoreError(f"unknown index type {index_type!r}; use auto, flat, hnsw or ivf")
    if n:
        index.add(vectors)
    _tune(index, meta)
    return index, meta


class Store:
    def __init__(self, root: Path) -> None:
        self.root = root

    # ---- reading -------------------------------------------------------------------------
    def current(self) -> Path | None:
        pointer = self.root / "CURRENT"
        if not pointer.is_file():
            return None
        gen = self.root / pointer.read_text().strip()
        if not gen.is_dir():
            raise StoreError(f"{self.root} is corrupt (CURRENT names a missing folder); run `rag index --rebuild`")
        return gen

    def manifest(self) -> dict[str, Any] | None:
        gen = self.current()
        if gen is None:
            # Dot files are ours (lock, checkpoint, a build in progress); README.md is the repo's.
            if self.root.is_dir() and not all(
                p.name.startswith(".") or p.name == "README.md" for p in self.root.iterdir()
            ):
                raise StoreError(
                    f"{self.root} is not a rag index (no CURRENT file); move it away or run `rag index --rebuild`"
                )
            return None
        try:
            manifest = json.loads((gen / "manifest.json").read_text())
        except (OSError, ValueError):
            raise StoreError(f"{self.root} is corrupt (manifest.json unreadable); run `rag index --rebuild`") from None
        if manifest.get("format") != FORMAT or not isinstance(manifest.get("version"), int):
            raise StoreError(f"{self.root} is not a rag index (bad manifest); run `rag index --rebuild`")
        if manifest["version"] != VERSION:
            raise StoreError(
                f"{self.root} was written by index format version {manifest['version']}, this rag "
                f"reads version {VERSION}; run `rag index --rebuild`"
            )
        return manifest

    def load(self) -> LoadedIndex:
        manifest = self.manifest()
        gen = self.current()
        if manifest is None or gen is None:
            raise StoreError(f"no index in {self.root}; run `rag index`")
        try:
            chunks = [_chunk_from(json.loads(line)) for line in (gen / "passages.jsonl").open(encoding="utf-8")]
            vectors = np.load(gen / "vectors.npy", mmap_mode="r")
        except (OSError, ValueError, KeyError) as exc:
            raise StoreError(f"{self.root} is corrupt ({exc.__class__.__name__}); run `rag index --rebuild`") from None
        if vectors.shape != (len(chunks), manifest["embedder"]["dim"]) or len(chunks) != manifest["passages"]:
            raise StoreError(f"{self.root} is corrupt (vector and passage counts differ); run `rag index --rebuild`")
        if not (gen / "faiss.index").is_file() or not (gen / "bm25").is_dir():
            raise StoreError(f"{self.root} is corrupt (search files missing); run `rag index --rebuild`")
        return LoadedIndex(gen, manifest, chunks, vectors)

    def plan(self, articles: list[Article], config: IndexConfig) -> IndexPlan:
        manifest = self.manifest()
        ids = [a.id for a in articles]
        if manifest is None:
            return IndexPlan(added=ids, reason="no index yet")
        mismatch = _mismatch(manifest, config)
        if mismatch:
            return IndexPlan(added=ids, reason=f"settings changed: {mismatch}")
        old: dict[str, dict[str, Any]] = manifest["articles"]
        plan = IndexPlan()
        for a in articles:
            if a.id not in old:
                plan.added.append(a.id)
            elif old[a.id]["sha256"] != a.sha256:
                plan.updated.append(a.id)
            else:
                plan.kept.append(a.id)
        current = set(ids)
        plan.removed = sorted(i for i in old if i not in current)
        return plan

    # ---- writing -------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
                raise IndexBusyError(
                    f"another `rag index` (pid {holder}) is updating {self.root}; wait for it to finish and retry"
                ) from None
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            yield
        finally:
            os.close(fd)

    def update(
        self,
        articles: list[Article],
        config: IndexConfig,
        chunker: Callable[[Article], list[Chunk]],
        embed: Callable[[list[str]], np.ndarray],
        force: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> IndexPlan:
        """Bring the index in line with `articles`, embedding only new and changed ones."""
        with self.lock():
            checkpoint = Checkpoint(self.root / ".resume", config.embedder, config.dim)
            if force:
                checkpoint.clear()
            plan = (
                self.plan(articles, config)
                if not force
                else IndexPlan(added=[a.id for a in articles], reason="full rebuild requested")
            )
            if not plan.changed and self.current() is not None:
                return plan
            reuse = set(plan.kept)
            old = self.load() if reuse else None
            kept_rows: dict[str, list[int]] = {}
            if old is not None:
                for row, c in enumerate(old.chunks):
                    if c.article_id in reuse:
                        kept_rows.setdefault(c.article_id, []).append(row)
            chunks: list[Chunk] = []
            parts: list[np.ndarray] = []
            fresh: list[Chunk] = []
            for a in articles:
                if a.id in kept_rows and old is not None:
                    rows = kept_rows[a.id]
                    chunks.extend(old.chunks[r] for r in rows)
                    parts.append(np.asarray(old.vectors[rows]))
                else:
                    new = chunker(a)
                    chunks.extend(new)
                    fresh.extend(new)
                    parts.append(np.zeros((len(new), config.dim), dtype=np.float32))
            vectors = np.concatenate(parts) if parts else np.zeros((0, config.dim), np.float32)
            if fresh:
                fresh_vecs, plan.resumed = embed_resumably([c.indexed_text for c in fresh], checkpoint, embed, progress)
                plan.embedded = len(fresh) - plan.resumed
                fresh_ids = {id(c) for c in fresh}
                rows = [i for i, c in enumerate(chunks) if id(c) in fresh_ids]
                vectors[rows] = fresh_vecs
            self._write(articles, chunks, vectors, config)
            checkpoint.clear()
            return plan

    def _write(self, articles: list[Article], chunks: list[Chunk], vectors: np.ndarray, config: IndexConfig) -> None:
        import faiss

        gens = sorted(p for p in self.root.glob("gen-*") if p.is_dir())
        number = max((int(p.name.split("-")[1]) for p in gens if p.name.split("-")[1].isdigit()), default=0) + 1
        final = self.root / f"gen-{number:06d}"
        tmp = self.root / f".tmp-{final.name}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        try:
            with (tmp / "passages.jsonl").open("w", encoding="utf-8") as f:
                for c in chunks:
                    f.write(json.dumps(_chunk_to(c), ensure_ascii=False) + "\n")
            np.save(tmp / "vectors.npy", vectors)
            index, meta = build_faiss(vectors, choose_index_type(config.index_type, len(chunks)))
            faiss.write_index(index, str(tmp / "faiss.index"))
            bm25.write(tmp / "bm25", [content_words(c.indexed_text) for c in chunks])
            per_article = Counter(c.article_id for c in chunks)
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                **{k: v for k, v in config.to_dict().items() if k not in ("embedder", "dim")},
                "embedder": {"name": config.embedder, "dim": config.dim, "normalized": True},
                "index": meta,
                "passages": len(chunks),
                "articles": {
                    a.id: {
                        "sha256": a.sha256,
                        "path": a.path,
                        "date": a.date,
                        "passages": per_article[a.id],
                    }
                    for a in articles
                },
            }
            (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
            _fsync_tree(tmp)
            os.replace(tmp, final)
            pointer = self.root / ".CURRENT.tmp"
            pointer.write_text(final.name + "\n")
            _fsync_file(pointer)
            os.replace(pointer, self.root / "CURRENT")
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        # Keep the generation just replaced for readers that still have it open.
        for old in gens[:-1]:
            shutil.rmtree(old, ignore_errors=True)
        for stale in self.root.glob(".tmp-gen-*"):
            shutil.rmtree(stale, ignore_errors=True)


def _mismatch(manifest: dict[str, Any], config: IndexConfig) -> str:
    emb = manifest.get("embedder", {})
    if emb.get("name") != config.embedder or emb.get("dim") != config.dim:
        return f"embedder {emb.get('name')}/{emb.get('dim')} -> {config.embedder}/{config.dim}"
    if manifest.get("chunk") != config.chunk:
        return f"chunking {manifest.get('chunk')} -> {config.chunk}"
    if manifest.get("headers") != config.headers:
        return "passage headers switched"
    if manifest.get("lexical") != LEXICAL_VERSION:
        return f"lexical tokenizer v{manifest.get('lexical')} -> v{LEXICAL_VERSION}"
    wanted = config.index_type
    if wanted != "auto" and manifest.get("index", {}).get("type") != wanted:
        return f"index type {manifest.get('index', {}).get('type')} -> {wanted}"
    return ""


def _chunk_to(c: Chunk) -> dict[str, Any]:
    return {"article": c.article_id, "start": c.start, "end": c.end, "date": c.date, "header": c.header, "text": c.text}


def _chunk_from(d: dict[str, Any]) -> Chunk:
    return Chunk(d["article"], int(d["start"]), int(d["end"]), d["text"], d.get("date"), d.get("header", ""))


def _fsync_file(path: Path) -> None:
    with path.open("rb") as f:
        os.fsync(f.fileno())


def _fsync_tree(folder: Path) -> None:
    for p in folder.rglob("*"):
        if p.is_file():
            _fsync_file(p)
