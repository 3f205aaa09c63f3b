"""The index manifest: its versioned format, what it must agree with, and the update plan.

`manifest.json` (in each generation folder) records the format name and version, the
embedder, chunk settings, passage headers, the lexical tokenizer version, the search index
type and its parameters, and a sha256 per article. `check` refuses any other format or
version with a message saying what to run; `plan` compares the articles on disk with the
manifest, so an update embeds only what was added or changed (a new tokenizer re-reads the
words and embeds nothing).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.data import Article, Chunk
from rag.errors import IndexVersionError, StoreError
from rag.text.lexicon import LEXICAL_VERSION

FORMAT = "rag-index"
# 2: one vector per sentence (was: per passage); FAISS searches sentences.
VERSION = 2


@dataclass(frozen=True)
class IndexConfig:
    """What the manifest must agree with for the index to be usable as is."""

    embedder: str
    dim: int
    chunk: dict[str, int]
    headers: bool
    index_type: str = "auto"

    def to_dict(self) -> dict[str, Any]:
        return {"chunk": self.chunk, "headers": self.headers, "lexical": LEXICAL_VERSION}


@dataclass
class IndexPlan:
    """What an incremental build will do, article ids by fate."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    reason: str = ""
    # Sentences embedded now, and those whose vectors an interrupted build had already made.
    embedded: int = 0
    resumed: int = 0
    # Files not indexed, one line per reason; files read in another encoding than UTF-8.
    skipped: list[str] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)
    # The tokenizer changed, or word vectors are missing, and nothing else: kept articles keep
    # their vectors despite `reason`.
    relexed: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.reason)

    def summary(self) -> str:
        s = f"added {len(self.added)}, updated {len(self.updated)}, removed {len(self.removed)}, kept {len(self.kept)}"
        if self.resumed:
            s += f"; {self.resumed} sentences resumed from an interrupted build"
        reason = f"{self.reason}; sentence vectors kept" if self.relexed else self.reason
        return f"{s} ({reason})" if reason else s


def check(root: Path, manifest: Any) -> dict[str, Any]:
    """The manifest if it is one this rag reads, else a StoreError saying what to run."""
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(manifest.get("version"), int)
    ):
        raise StoreError(f"{root} is not a rag index (bad manifest); run `rag index --rebuild`")
    if manifest["version"] != VERSION:
        raise IndexVersionError(
            f"{root} was written by index format version {manifest['version']}, this rag "
            f"reads version {VERSION}; run `rag index --rebuild`",
            manifest["version"],
        )
    return manifest


def plan(manifest: dict[str, Any] | None, articles: list[Article], config: IndexConfig) -> IndexPlan:
    ids = [a.id for a in articles]
    if manifest is None:
        return IndexPlan(added=ids, reason="no index yet")
    mismatch = _mismatch(manifest, config)
    if mismatch:
        return IndexPlan(added=ids, reason=f"settings changed: {mismatch}")
    old: dict[str, dict[str, Any]] = manifest["articles"]
    out = IndexPlan()
    # Another tokenizer changes the words BM25 reads, not the sentences' vectors: the passages
    # are re-tokenised (every build writes BM25 anew) and no sentence is embedded again.
    if manifest.get("lexical") != LEXICAL_VERSION:
        out.reason = f"lexical tokenizer v{manifest.get('lexical')} -> v{LEXICAL_VERSION}"
        out.relexed = True
    for a in articles:
        if a.id not in old:
            out.added.append(a.id)
        elif old[a.id]["sha256"] != a.sha256:
            out.updated.append(a.id)
        else:
            out.kept.append(a.id)
    current = set(ids)
    out.removed = sorted(i for i in old if i not in current)
    return out


def build(
    articles: list[Article],
    chunks: list[Chunk],
    config: IndexConfig,
    search: dict[str, Any],
    sentences: int,
    copies: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """The manifest of a new generation."""
    per_article = Counter(c.article_id for c in chunks)
    return {
        "format": FORMAT,
        "version": VERSION,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        **config.to_dict(),
        "embedder": {"name": config.embedder, "dim": config.dim, "normalized": True},
        "index": search,
        "passages": len(chunks),
        "sentences": sentences,
        "articles": {
            a.id: {
                "sha256": a.sha256,
                "path": a.path,
                "date": a.date,
                "passages": per_article[a.id],
                **({"copies": copies[a.id]} if copies and a.id in copies else {}),
            }
            for a in articles
        },
    }


def _mismatch(manifest: dict[str, Any], config: IndexConfig) -> str:
    emb = manifest.get("embedder", {})
    if emb.get("name") != config.embedder or emb.get("dim") != config.dim:
        return f"embedder {emb.get('name')}/{emb.get('dim')} -> {config.embedder}/{config.dim}"
    if manifest.get("chunk") != config.chunk:
        return f"chunking {manifest.get('chunk')} -> {config.chunk}"
    if manifest.get("headers") != config.headers:
        return "passage headers switched"
    wanted = config.index_type
    if wanted != "auto" and manifest.get("index", {}).get("type") != wanted:
        return f"index type {manifest.get('index', {}).get('type')} -> {wanted}"
    return ""


def chunk_to_dict(c: Chunk) -> dict[str, Any]:
    out = {"article": c.article_id, "start": c.start, "end": c.end, "date": c.date, "header": c.header, "text": c.text}
    out.update({k: v for k, v in (("title", c.title), ("url", c.url)) if v})
    return out


def chunk_from_dict(d: dict[str, Any]) -> Chunk:
    return Chunk(
        d["article"],
        int(d["start"]),
        int(d["end"]),
        d["text"],
        d.get("date"),
        d.get("header", ""),
        d.get("title"),
        d.get("url"),
    )
