"""The Milvus store on a real Milvus Lite file: the same passages, retrieval and answers as the
folder store, incremental updates, the lock, the schema check and one-line errors.

The embedder is the bag-of-words fake (the store is under test, not the model); the e2e
suite asks the real models through `--store milvus:...` (tests/test_e2e.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rag.errors import IndexBusyError, StoreError
from rag.index.milvus import MilvusStore
from rag.settings import Settings
from rag.text.lexicon import content_words
from tests.conftest import ROOT, SEEDS, make_assistant

pytest.importorskip("pymilvus")
pytest.importorskip("milvus_lite")


def milvus(tmp_path: Path, name: str = "m.db") -> str:
    return f"milvus:{tmp_path / name}"


def dev_questions() -> list[str]:
    rows = [json.loads(line) for line in (ROOT / "eval" / "dev.jsonl").open(encoding="utf-8")]
    return [r["question"] for r in rows]


def test_same_passages_retrieval_and_answers_as_the_folder_store(tmp_path: Path):
    folder = make_assistant(SEEDS, tmp_path / "idx")
    remote = make_assistant(SEEDS, tmp_path / "unused", **{"store.uri": milvus(tmp_path)})
    assert folder.build_index().added == remote.build_index().added
    local, other = folder.index(), remote.index()
    assert other.passage_count == local.passage_count and other.sentence_count == local.sentence_count
    rows = list(range(local.passage_count))
    assert other.chunks_at(rows) == local.chunks_at(rows)
    assert [t for _, *t in other.sentences_in(0)] == [t for _, *t in local.sentences_in(0)]
    hits = same = 0
    for q in dev_questions():
        want = {(p.article_id, p.chunk.start) for p in folder.retrieve(q)}
        got = {(p.article_id, p.chunk.start) for p in remote.retrieve(q)}
        hits, same = hits + len(want), same + len(want & got)
        # The answer path above retrieval sees the same evidence: the same verified answer.
        assert remote.ask(q).text == folder.ask(q).text, q
    assert same / hits >= 0.99, (same, hits)


def test_incremental_add_change_remove(corpus: Path, tmp_path: Path):
    a = make_assistant(corpus, tmp_path / "unused", **{"store.uri": milvus(tmp_path)})
    assert sorted(a.build_index().added) == ["huawei", "nokia"]
    emb = a.index_embedder
    first = sum(emb.calls)
    assert a.build_index().changed is False and sum(emb.calls) == first

    (corpus / "nokia.txt").write_text("Nokia changed its plans for Tampere entirely.\n", encoding="utf-8")
    (corpus / "zte.txt").write_text("ZTE reported higher 5G revenue in Shenzhen.\n", encoding="utf-8")
    plan = a.build_index()
    assert plan.updated == ["nokia"] and plan.added == ["zte"] and plan.kept == ["huawei"]
    # One sentence each for the changed and the new article, then the words no article had.
    new_words = {"changed", "plans", "tampere", "entirely", "zte", "higher", "revenue", "shenzhen"}
    assert emb.calls[-2] == 2 and 0 < emb.calls[-1] <= len(new_words)
    assert [p.article_id for p in a.retrieve("ZTE revenue Shenzhen")][:1] == ["zte"]
    assert not any("Finnish operator" in p.chunk.text for p in a.retrieve("Nokia Finnish operator 5G deal"))

    (corpus / "zte.txt").unlink()
    assert a.build_index().removed == ["zte"]
    fresh = make_assistant(corpus, tmp_path / "unused", **{"store.uri": milvus(tmp_path)})
    assert all(p.article_id != "zte" for p in fresh.retrieve("ZTE revenue Shenzhen"))
    # Word counts follow every change: the same as a folder index of the final corpus.
    folder = make_assistant(corpus, tmp_path / "folder")
    words = sorted(
        {w for p in folder.retrieve("Nokia Tampere Huawei ZTE Shenzhen") for w in content_words(p.chunk.indexed_text)}
    )
    assert fresh.index().dfs([*words, "shenzhen"]) == folder.index().dfs([*words, "shenzhen"])
    # Word vectors too: the folder store's (float16 there, float32 here).
    want, got = (
        folder.index().word_vectors(["tampere", "huawei", "unheard"]),
        fresh.index().word_vectors(["tampere", "huawei", "unheard"]),
    )
    assert sorted(got) == sorted(want) == ["huawei", "tampere"]
    assert all(float(got[w] @ want[w]) > 0.999 for w in got)


def test_an_index_without_word_vectors_gets_them_from_rag_index(corpus: Path, tmp_path: Path):
    a = make_assistant(corpus, tmp_path / "unused", **{"store.uri": milvus(tmp_path)})
    a.build_index()
    store = MilvusStore(milvus(tmp_path), Settings().store)
    store.client.drop_collection(store.names.words)  # as an index from before word vectors
    old = make_assistant(corpus, tmp_path / "unused", **{"store.uri": milvus(tmp_path)})
    assert old.index().word_vectors(["huawei"]) == {}  # it loads; words are encoded when asked
    before = list(old.index_embedder.calls)
    assert old.build_index().changed is False
    assert len(old.index_embedder.calls) == len(before) + 1  # the words alone, no sentence
    assert list(
        make_assistant(corpus, tmp_path / "unused", **{"store.uri": milvus(tmp_path)}).index().word_vectors(["huawei"])
    ) == ["huawei"]


def test_interrupted_write_is_redone_without_strays(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from rag.index import milvus_writer

    uri = milvus(tmp_path)
    a = make_assistant(corpus, tmp_path / "unused", **{"store.uri": uri})
    a.build_index()
    (corpus / "zte.txt").write_text("ZTE reported higher 5G revenue in Shenzhen.\n", encoding="utf-8")
    real = milvus_writer.Writer._write_terms

    def crash(self):  # rows written, the article's record not yet
        real(self)
        if self.articles:
            raise KeyboardInterrupt

    monkeypatch.setattr(milvus_writer.Writer, "_write_terms", crash)
    with pytest.raises(KeyboardInterrupt):
        a.build_index()
    monkeypatch.setattr(milvus_writer.Writer, "_write_terms", real)
    again = make_assistant(corpus, tmp_path / "unused", **{"store.uri": uri})
    assert again.build_index().added == ["zte"]
    index = again.index()
    ids = [p.article_id for p in again.retrieve("ZTE revenue Shenzhen")]
    assert ids.count("zte") == 1 and index.dfs(["shenzhen"]) == {"shenzhen": 1}


def test_second_writer_and_foreign_or_old_collections(corpus: Path, tmp_path: Path):
    uri = milvus(tmp_path)
    a = make_assistant(corpus, tmp_path / "unused", **{"store.uri": uri})
    a.build_index()
    store = MilvusStore(uri, Settings().store)
    with store.lock(), pytest.raises(IndexBusyError, match="another `rag index`"):
        a.build_index()
    client = store.client
    record = client.get("rag_articles", ids=["__schema__"], output_fields=["record"])[0]["record"]
    client.upsert("rag_articles", [{"id": "__schema__", "record": {**record, "version": 99}, "vector": [0.0, 1.0]}])
    with pytest.raises(StoreError, match="--rebuild"):
        make_assistant(corpus, tmp_path / "unused", **{"store.uri": uri}).index()
    client.upsert("rag_articles", [{"id": "__schema__", "record": {"format": "other"}, "vector": [0.0, 1.0]}])
    with pytest.raises(StoreError, match="not a rag index"):
        make_assistant(corpus, tmp_path / "unused", **{"store.uri": uri}).index()


def test_another_embedder_rebuilds(corpus: Path, tmp_path: Path):
    uri = milvus(tmp_path)
    make_assistant(corpus, tmp_path / "unused", **{"store.uri": uri}).build_index()
    b = make_assistant(corpus, tmp_path / "unused", **{"store.uri": uri, "chunk.max_chars": 300})
    assert b.plan().reason.startswith("settings changed")
    assert b.build_index().reason.startswith("settings changed")
    assert not b.plan().changed


def test_new_tokenizer_rebuilds_every_article(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import rag.index.manifest as manifest

    uri = milvus(tmp_path)
    make_assistant(corpus, tmp_path / "unused", **{"store.uri": uri}).build_index()
    monkeypatch.setattr(manifest, "LEXICAL_VERSION", manifest.LEXICAL_VERSION + 1)
    b = make_assistant(corpus, tmp_path / "unused", **{"store.uri": uri})
    plan = b.build_index()
    assert "lexical tokenizer" in plan.reason and sorted(plan.added) == ["huawei", "nokia"]
    assert {c.article_id for c in b.index().chunks_at(range(b.index().passage_count))} == {"huawei", "nokia"}
    assert not b.plan().changed


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("milvus:/tmp/no-suffix", "ending in .db"),
        ("mongodb://x", "not a store"),
        ("milvus://127.0.0.1:9", "Milvus at milvus://127.0.0.1:9"),
    ],
)
def test_bad_or_unreachable_store_is_one_line(corpus: Path, tmp_path: Path, uri: str, message: str):
    with pytest.raises(StoreError, match=message) as info:
        make_assistant(corpus, tmp_path / "unused", **{"store.uri": uri, "store.milvus_timeout_s": 2.0}).build_index()
    assert "\n" not in str(info.value)
