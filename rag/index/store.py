"""Store: the on-disk index (FAISS vectors + BM25 + passage records + manifest).

Layout (format version 2), all under the index folder:
    CURRENT                 name of the live generation, replaced atomically (os.replace)
    gen-<n>/manifest.json   format, version, embedder, dim, chunk settings, index type, hashes
    gen-<n>/passages.jsonl  one chunk per line (article, start, end, date, header, text)
    gen-<n>/sentences.npy   int64 [S, 3] every article sentence once: passage row, start, end
    gen-<n>/ranges.npy      int64 [P, 2] the sentences each passage holds
    gen-<n>/vectors.npy     float32 [S, dim] normalised sentence embeddings, reused by updates
    gen-<n>/faiss.index     FAISS index over the sentence vectors (HNSW or IVF); an exact
                            ("flat") index has none: vectors.npy is searched directly
    gen-<n>/bm25/           bm25s index over the passages (read by rag.index.bm25)
    gen-<n>/words.json|npy  a vector per corpus word, for word similarity (rag.index.words)
    .lock                   held (flock) by the one process building
    .resume/                vectors embedded by a build in progress (rag.index.checkpoint)
A build writes a fresh generation and only then flips CURRENT (rag.index.generations), so
an interrupted or failed build leaves the previous index untouched; the previous generation
is kept one round so a reader that opened it keeps working. An interrupted build resumes:
the next one reuses the vectors it checkpointed and embeds only the rest. A full disk ends
a build with one line naming the folder and the space it needs, and what it wrote is
removed. Limits: records load fully into memory.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from rag.data import Article, ChunkedArticle
from rag.errors import IndexBusyError, IndexVersionError, StoreError
from rag.index import bm25, generations, manifest, words
from rag.index.checkpoint import Checkpoint, embed_resumably
from rag.index.chunker import Prepare
from rag.index.loaded import IndexContent, LoadedIndex, assemble
from rag.index.manifest import IndexConfig, IndexPlan, chunk_from_dict, chunk_to_dict
from rag.index.progress import Bar
from rag.index.vectors import build_faiss, choose_index_type
from rag.settings import StoreSettings
from rag.text.lexicon import content_words


class Store:
    # What `update` reports progress in (rag.index.progress.Bar): sentences embedded.
    progress_label = ("embedding", "sentence")

    def __init__(self, root: Path, settings: StoreSettings | None = None) -> None:
        self.root = root
        self.settings = settings or StoreSettings()

    # ---- reading -------------------------------------------------------------------------
    def current(self) -> Path | None:
        return generations.live(self.root)

    def manifest(self) -> dict[str, Any] | None:
        gen = self.current()
        if gen is None:
            # Dot files are ours (lock, checkpoint, a build in progress); README.md is the repo's.
            if self.root.is_dir() and not all(
                p.name.startswith((".", "gen-")) or p.name in ("README.md", "CURRENT") for p in self.root.iterdir()
            ):
                raise StoreError(
                    f"{self.root} is not a rag index (no CURRENT file); move it away or run `rag index --rebuild`"
                )
            return None
        try:
            found = json.loads((gen / "manifest.json").read_text())
        except (OSError, ValueError):
            raise StoreError(f"{self.root} is corrupt (manifest.json unreadable); run `rag index --rebuild`") from None
        return manifest.check(self.root, found)

    def load(self) -> LoadedIndex:
        found = self.manifest()
        gen = self.current()
        if found is None or gen is None:
            raise StoreError(f"no index in {self.root}; run `rag index`")
        try:
            chunks = [chunk_from_dict(json.loads(line)) for line in (gen / "passages.jsonl").open(encoding="utf-8")]
            sentences = np.load(gen / "sentences.npy", mmap_mode="r")
            ranges = np.load(gen / "ranges.npy", mmap_mode="r")
            vectors = np.load(gen / "vectors.npy", mmap_mode="r")
        except (OSError, ValueError, KeyError) as exc:
            raise StoreError(f"{self.root} is corrupt ({exc.__class__.__name__}); run `rag index --rebuild`") from None
        n = found.get("sentences")
        if (
            len(chunks) != found["passages"]
            or ranges.shape != (len(chunks), 2)
            or sentences.shape != (n, 3)
            or vectors.shape != (n, found["embedder"]["dim"])
        ):
            raise StoreError(f"{self.root} is corrupt (record counts differ); run `rag index --rebuild`")
        problem = generations.damaged(gen, found)
        needs_faiss = found["index"]["type"] != "flat"
        if problem or (needs_faiss and not (gen / "faiss.index").is_file()) or not (gen / "bm25").is_dir():
            raise StoreError(f"{self.root} is corrupt ({problem or 'search files missing'}); run `rag index --rebuild`")
        # An index built before word vectors were stored has none: words are encoded when asked.
        stored = words.WordVectors(gen) if "words" in found else None
        return LoadedIndex(gen, found, chunks, sentences, ranges, vectors, words=stored)

    def plan(self, articles: list[Article], config: IndexConfig) -> IndexPlan:
        everything = [a.id for a in articles]
        try:
            found = self.manifest()
        except IndexVersionError as exc:
            # An index from another rag version is rebuilt, not refused: nothing in it is lost.
            return IndexPlan(added=everything, reason=f"index format v{exc.found} -> v{manifest.VERSION}")
        gen = self.current()
        problem = generations.damaged(gen, found) if found is not None and gen is not None else ""
        if problem:
            return IndexPlan(added=everything, reason=f"index files damaged: {problem}")
        plan = manifest.plan(found, articles, config)
        if found is not None and "words" not in found and not plan.reason:
            # An index from before word vectors were stored gets them on its next use; its
            # sentences keep their vectors (rag.index.words).
            plan.reason, plan.relexed = "word vectors not stored yet", True
        return plan

    # ---- writing -------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        generations.check_root(self.root)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.root / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(
                f"cannot write to the index folder {self.root} ({exc.strerror}); "
                "make it writable or point --index (or RAG_INDEX) elsewhere"
            ) from None
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

    def update(self, *args: Any, **kwargs: Any) -> IndexPlan:
        """Bring the index in line with `articles`, embedding only new and changed ones."""
        try:
            return self._update(*args, **kwargs)
        except OSError as exc:
            if exc.errno not in generations.OUT_OF_SPACE:
                raise
            # Free what this build wrote (its checkpoint too: a full disk is worse than a redo).
            Checkpoint(self.root / ".resume", "", 0).clear()
            for tmp in self.root.glob(f".tmp-gen-*-{os.getpid()}"):
                shutil.rmtree(tmp, ignore_errors=True)
            need = _estimate(self.current(), kwargs.get("articles") or (args[0] if args else []))
            raise StoreError(
                f"no space left on the disk holding {self.root} (about {need // 1_000_000} MB needed); "
                "free some space and run `rag index` again"
            ) from None

    def _update(
        self,
        articles: list[Article],
        config: IndexConfig,
        chunker: Callable[[Article], ChunkedArticle],
        embed: Callable[[list[str]], np.ndarray],
        force: bool = False,
        progress: Callable[[int, int], None] | None = None,
        copies: dict[str, list[str]] | None = None,
        prepare: Prepare | None = None,
    ) -> IndexPlan:
        with self.lock():
            checkpoint = Checkpoint(self.root / ".resume", config.embedder, config.dim)
            if force:
                checkpoint.clear()
            plan = (
                self.plan(articles, config)
                if not force
                else IndexPlan(added=[a.id for a in articles], reason="full rebuild requested")
            )
            live = self.current()
            if not plan.changed and live is not None:
                checkpoint.clear()  # what an abandoned build saved is of no use now
                generations.adopt(self.root, live)
                return plan
            reuse = set(plan.kept) if plan.relexed or not plan.reason else set()
            old = self.load() if reuse else None
            parts: list[tuple[ChunkedArticle, np.ndarray] | None] = []
            fresh: dict[str, int] = {}  # article id -> part number: chunked and embedded now
            for a in articles:
                kept = old.article(a.id) if old is not None and a.id in reuse else None
                if kept is None:
                    fresh[a.id] = len(parts)
                parts.append(kept)
            todo = [articles[part] for part in fresh.values()]
            if prepare is None:  # here, resumably; else elsewhere (rag.index.ray_ingest)
                prepare = self._chunk_and_embed(chunker, embed, checkpoint, config.dim, progress, plan)
            for article, chunked, vectors in prepare(todo) if todo else ():
                parts[fresh[article.id]] = (chunked, vectors)
                plan.embedded += len(chunked.sentences)
            plan.embedded -= plan.resumed
            done = [p for p in parts if p is not None]
            assert len(done) == len(parts), "every article is kept or made"
            # Word vectors: the old generation's, and the words the articles embedded now bring
            # (all articles' words when the old one stored none).
            stored = old.words if old is not None else None
            texts = [a.text for a in (todo if stored else articles)]
            bar = Bar("embedding", "word") if progress is not None else None
            vocab = words.extend(stored, texts, embed, config.dim, bar)
            self._write(articles, assemble(done, config.dim), config, copies or {}, vocab)
            checkpoint.clear()
            return plan

    def _chunk_and_embed(
        self,
        chunker: Callable[[Article], ChunkedArticle],
        embed: Callable[[list[str]], np.ndarray],
        checkpoint: Checkpoint,
        dim: int,
        progress: Callable[[int, int], None] | None,
        plan: IndexPlan,
    ) -> Prepare:
        """Chunk articles and embed their sentences in this process, checkpointing as it goes
        (sentences an interrupted build embedded are counted in `plan.resumed`)."""

        def run(articles: list[Article]) -> Iterator[tuple[Article, ChunkedArticle, np.ndarray]]:
            chunked = [chunker(a) for a in articles]
            texts = [a.text[s:e] for a, c in zip(articles, chunked, strict=True) for s, e in c.sentences]
            vectors = np.zeros((0, dim), np.float32)
            if texts:
                vectors, plan.resumed = embed_resumably(
                    texts, checkpoint, embed, self.settings.checkpoint_batch, progress, self.settings.progress_step
                )
            at = 0
            for a, c in zip(articles, chunked, strict=True):
                yield a, c, vectors[at : at + len(c.sentences)]
                at += len(c.sentences)

        return run

    def _write(
        self,
        articles: list[Article],
        content: IndexContent,
        config: IndexConfig,
        copies: dict[str, list[str]],
        vocab: tuple[list[str], np.ndarray],
    ) -> None:
        final = self.root / generations.next_name(self.root)
        tmp = self.root / f".tmp-{final.name}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        try:
            with (tmp / "passages.jsonl").open("w", encoding="utf-8") as f:
                for c in content.chunks:
                    f.write(json.dumps(chunk_to_dict(c), ensure_ascii=False) + "\n")
            np.save(tmp / "sentences.npy", content.sentences)
            np.save(tmp / "ranges.npy", content.ranges)
            np.save(tmp / "vectors.npy", content.vectors)
            words.write(tmp, *vocab)
            kind = choose_index_type(config.index_type, len(content.vectors), self.settings)
            if kind == "flat":  # exact search reads vectors.npy: a second copy would double the index
                meta: dict[str, Any] = {"type": "flat"}
            else:
                import faiss

                index, meta = build_faiss(content.vectors, kind, self.settings)
                faiss.write_index(index, str(tmp / "faiss.index"))
            bm25.write(tmp / "bm25", [content_words(c.indexed_text) for c in content.chunks])
            written = manifest.build(articles, content.chunks, config, meta, len(content.sentences), copies)
            written["words"] = len(vocab[0])
            written["files"] = generations.file_sizes(tmp)
            (tmp / "manifest.json").write_text(json.dumps(written, indent=1, ensure_ascii=False))
            generations.switch(self.root, tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


# Mean characters per sentence over the 2,225 BBC articles (113.8): sentences per byte of text.
SENTENCE_CHARS = 114


def _estimate(live: Path | None, articles: list[Article]) -> int:
    """Bytes one more generation needs: the live one's size, else the articles' text twice
    (records, BM25), a vector per sentence and a float16 one per word."""
    if live is not None:
        return sum(generations.file_sizes(live).values())
    text = sum(len(a.text.encode()) for a in articles)
    return 2 * text + text // SENTENCE_CHARS * 384 * 4 + len(words.vocabulary(a.text for a in articles)) * 384 * 2
