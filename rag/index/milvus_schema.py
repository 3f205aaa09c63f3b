"""Milvus collections for rag: where they live (the URI), their schema and version, reading
the article records, the writer lease (see rag.index.milvus for the layout and guarantees;
rag.index.milvus_writer writes the rows).

pymilvus is imported here, lazily (a default `rag ask` never imports it). Every call into
Milvus runs inside `errors(uri)`, which turns an unreachable server or a foreign collection
into one StoreError line.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.errors import IndexBusyError, StoreError
from rag.index.manifest import IndexConfig

FORMAT = "rag-milvus"
VERSION = 1
SCHEMA_KEY, LOCK_KEY = "__schema__", "__lock__"
MAX_CHARS = 60_000  # Milvus VARCHAR fields hold at most 65,535 bytes
KEY_CHARS = 2048  # article ids are relative paths
WORD_CHARS = 256
PLACEHOLDER = [0.0, 1.0]  # Milvus wants a vector in every collection; these hold none
# Rows per insert call: Milvus takes up to 64 MB a call, ~1,600 bytes per sentence row.
INSERT_ROWS = 2000
# Values per `in` filter: Milvus parses the filter expression, keep it small.
FILTER_VALUES = 1000
# Articles per removal query: their passages (~10 each) must page within Milvus's 16,384 window.
REMOVE_ARTICLES = 100
# bm25s's "lucene" defaults, which the folder store's BM25 uses: the same scores.
BM25_K1 = 1.5
BM25_B = 0.75


_NOT_WORD = re.compile(r"\W")


def milvus_word(word: str) -> str:
    """A content word as one token for Milvus's standard tokenizer ("one-tim" -> "one_tim"):
    its BM25 then counts exactly the words the folder store's BM25 counts."""
    return _NOT_WORD.sub("_", word)


def parse_uri(uri: str) -> tuple[str, bool]:
    """`milvus:PATH.db` -> (absolute PATH.db, lite); `milvus://HOST:PORT` or http(s) -> (URL, server)."""
    if uri.startswith("milvus://"):
        return "http://" + uri[len("milvus://") :], False
    if uri.startswith(("http://", "https://")):
        return uri, False
    if uri.startswith("milvus:"):
        path = Path(uri[len("milvus:") :]).expanduser()
        if path.suffix != ".db":
            raise StoreError(f"--store {uri}: a Milvus Lite store is a file ending in .db, e.g. milvus:index.db")
        return str(path.resolve()), True
    raise StoreError(f"--store {uri!r} is not a store: use milvus:PATH.db, milvus://HOST:PORT or https://...")


def connect(target: str, lite: bool, settings: Any, uri: str) -> Any:
    # pymilvus logs every failed call with a traceback before raising; rag reports each
    # failure once, as one line (errors() below), so its own log stays quiet.
    for name in ("pymilvus", "grpc._server"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    with errors(uri):
        from pymilvus import MilvusClient

        if lite:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            return MilvusClient(target)
        return MilvusClient(uri=target, token=settings.milvus_token, timeout=settings.milvus_timeout_s)


@contextlib.contextmanager
def errors(uri: str) -> Iterator[None]:
    try:
        yield
    except ImportError:
        raise StoreError("the Milvus store needs pymilvus: pip install 'rag[milvus]'") from None
    except Exception as exc:  # pymilvus raises MilvusException and plain gRPC/IO errors
        if isinstance(exc, StoreError | IndexBusyError) or type(exc).__module__.split(".")[0] not in (
            "pymilvus",
            "grpc",
            "milvus_lite",
        ):
            raise
        message = " ".join(str(getattr(exc, "message", "") or exc).split())[:200]
        raise StoreError(f"Milvus at {uri} failed: {message}; check that it runs and --store is right") from None


@dataclass(frozen=True)
class Names:
    prefix: str

    @property
    def sentences(self) -> str:
        return f"{self.prefix}_sentences"

    @property
    def passages(self) -> str:
        return f"{self.prefix}_passages"

    @property
    def articles(self) -> str:
        return f"{self.prefix}_articles"

    @property
    def terms(self) -> str:
        return f"{self.prefix}_terms"

    @property
    def words(self) -> str:
        # Not in `all`: an index from before word vectors were stored lacks it and still loads.
        return f"{self.prefix}_words"

    def all(self) -> tuple[str, ...]:
        return (self.sentences, self.passages, self.articles, self.terms)


def read_schema(client: Any, names: Names, uri: str) -> dict[str, Any] | None:
    if not client.has_collection(names.articles):
        return None
    client.load_collection(names.articles)
    rows = client.get(names.articles, ids=[SCHEMA_KEY], output_fields=["record"])
    if not rows:
        return None
    found = rows[0]["record"]
    if found.get("format") != FORMAT:
        raise StoreError(f"{uri}: collection {names.articles} is not a rag index; choose another --store")
    if found.get("version") != VERSION:
        raise StoreError(
            f"{uri} holds rag Milvus schema v{found.get('version')}, this rag reads v{VERSION}; "
            f"run `rag index --rebuild --store {uri}`"
        )
    missing = [n for n in names.all() if not client.has_collection(n)]
    if missing:
        raise StoreError(f"{uri} lacks {', '.join(missing)}; run `rag index --rebuild --store {uri}`")
    return found


def load(client: Any, names: Names) -> None:
    """Load the collections into memory (a fresh process finds them released)."""
    for name in names.all():
        client.load_collection(name)
    if client.has_collection(names.words):
        client.load_collection(names.words)


def read_articles(client: Any, names: Names) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for batch in _iterate(client, names.articles, "", ["id", "record"]):
        for row in batch:
            if row["id"] not in (SCHEMA_KEY, LOCK_KEY):
                out[row["id"]] = row["record"]
    return out


def _iterate(client: Any, collection: str, filter: str, fields: list[str]) -> Iterator[list[dict[str, Any]]]:
    with _quiet_iterator():
        it = client.query_iterator(collection, batch_size=1000, filter=filter, output_fields=fields)
    try:
        while True:
            with _quiet_iterator():
                batch = it.next()
            if not batch:
                return
            yield batch
    finally:
        it.close()


@contextlib.contextmanager
def _quiet_iterator() -> Iterator[None]:
    """Milvus Lite lacks the timestamp call pymilvus's iterator tries first; pymilvus then falls
    back to a client-side timestamp (correct), but logs the miss as an error: not for users."""
    loggers = [logging.getLogger(n) for n in ("grpc._server", "pymilvus", "pymilvus.client.iterator.query_iterator")]
    levels = [log.level for log in loggers]
    for log in loggers:
        log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for log, level in zip(loggers, levels, strict=True):
            log.setLevel(level)


def in_filter(field: str, values: list[str]) -> str:
    """A filter `field in [...]` with each value a quoted, escaped string literal."""
    return f"{field} in [{', '.join(json.dumps(v, ensure_ascii=False) for v in values)}]"


def recreate(client: Any, names: Names, config: IndexConfig, lite: bool) -> None:
    """Drop and create the four collections, empty, for `config`."""
    from pymilvus import DataType, Function, FunctionType

    for name in (*names.all(), names.words):
        if client.has_collection(name):
            client.drop_collection(name)
    kind = "FLAT" if lite else "AUTOINDEX"

    def create(name: str, fields: list[tuple[str, Any, dict[str, Any]]], indexes: list[dict[str, Any]], fn=None):
        s = client.create_schema(auto_id=False, enable_dynamic_field=False)
        for field, dtype, kw in fields:
            s.add_field(field, dtype, **kw)
        if fn is not None:
            s.add_function(fn)
        params = client.prepare_index_params()
        for index in indexes:
            params.add_index(**index)
        client.create_collection(name, schema=s, index_params=params)

    vector = {"field_name": "vector", "index_type": kind, "metric_type": "IP"}
    placeholder = [("vector", DataType.FLOAT_VECTOR, {"dim": 2})]
    create(
        names.sentences,
        [
            ("id", DataType.INT64, {"is_primary": True}),
            ("article", DataType.VARCHAR, {"max_length": KEY_CHARS}),
            ("passages", DataType.ARRAY, {"element_type": DataType.INT64, "max_capacity": 2}),
            ("start", DataType.INT64, {}),
            ("end", DataType.INT64, {}),
            ("text", DataType.VARCHAR, {"max_length": 65535}),
            ("vector", DataType.FLOAT_VECTOR, {"dim": config.dim}),
        ],
        [vector, {"field_name": "article", "index_type": "INVERTED"}],
    )
    words = {"max_length": 65535, "enable_analyzer": True, "analyzer_params": {"tokenizer": "standard"}}
    create(
        names.passages,
        [
            ("id", DataType.INT64, {"is_primary": True}),
            ("article", DataType.VARCHAR, {"max_length": KEY_CHARS}),
            ("record", DataType.JSON, {}),
            ("words", DataType.VARCHAR, words),
            ("sparse", DataType.SPARSE_FLOAT_VECTOR, {}),
        ],
        [
            {
                "field_name": "sparse",
                "index_type": "SPARSE_INVERTED_INDEX",
                "metric_type": "BM25",
                "params": {"bm25_k1": BM25_K1, "bm25_b": BM25_B},
            },
            {"field_name": "article", "index_type": "INVERTED"},
        ],
        Function(
            name="bm25", function_type=FunctionType.BM25, input_field_names=["words"], output_field_names=["sparse"]
        ),
    )
    flat = {"field_name": "vector", "index_type": "FLAT", "metric_type": "L2"}
    key = [("id", DataType.VARCHAR, {"is_primary": True, "max_length": KEY_CHARS})]
    create(names.articles, [*key, ("record", DataType.JSON, {}), *placeholder], [flat])
    create(names.terms, [*key, ("df", DataType.INT64, {}), *placeholder], [flat])
    record = {
        "format": FORMAT,
        "version": VERSION,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        **config.to_dict(),
        "embedder": {"name": config.embedder, "dim": config.dim, "normalized": True},
        "index": {"type": "milvus", "vector_index": kind, "lexical": "milvus-bm25"},
        "next": {"sentence": 0, "passage": 0},
    }
    client.upsert(names.articles, [{"id": SCHEMA_KEY, "record": record, "vector": PLACEHOLDER}])


def refresh_copies(client: Any, names: Names, records: dict[str, dict[str, Any]], copies: dict[str, list[str]]) -> None:
    """Rewrite those article `records` whose list of copies changed."""
    changed = [
        {"id": aid, "record": {**record, "copies": copies.get(aid, [])}, "vector": PLACEHOLDER}
        for aid, record in records.items()
        if record.get("copies", []) != copies.get(aid, [])
    ]
    if changed:
        client.upsert(names.articles, changed)


@contextlib.contextmanager
def lease(client: Any, names: Names, seconds: float, uri: str) -> Iterator[None]:
    """An advisory writer lease on a server: refused while another's is younger than `seconds`."""
    if client.has_collection(names.articles):
        rows = client.get(names.articles, ids=[LOCK_KEY], output_fields=["record"])
        if rows and time.time() - rows[0]["record"].get("since", 0) < seconds:
            holder = rows[0]["record"].get("holder", "?")
            raise IndexBusyError(f"another `rag index` ({holder}) is updating {uri}; wait for it and retry")
    me = {"holder": f"pid {os.getpid()} on {socket.gethostname()}", "since": time.time()}
    taken = False
    try:
        if client.has_collection(names.articles):
            client.upsert(names.articles, [{"id": LOCK_KEY, "record": me, "vector": PLACEHOLDER}])
            taken = True
        yield
    finally:
        if taken or client.has_collection(names.articles):
            with contextlib.suppress(Exception):
                client.delete(names.articles, ids=[LOCK_KEY])
