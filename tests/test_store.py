import json
import shutil
from pathlib import Path

import pytest

from rag.errors import IndexBusyError, StoreError
from rag.index.store import Store
from tests.conftest import make_assistant


def test_incremental_index_embeds_only_changes(corpus: Path, tmp_path: Path):
    idx = tmp_path / "idx"
    a = make_assistant(corpus, idx)
    plan = a.build_index()
    assert sorted(plan.added) == ["huawei", "nokia"]
    emb = a.index_embedder
    first = sum(emb.calls)
    assert a.build_index().changed is False
    assert sum(emb.calls) == first  # unchanged corpus: nothing embedded
    known = set(Store(idx).load().words.words)

    (corpus / "nokia.txt").write_text("Nokia changed its plans for Tampere entirely.\n", encoding="utf-8")
    (corpus / "zte.txt").write_text("ZTE reported higher 5G revenue in Shenzhen.\n", encoding="utf-8")
    plan = a.build_index()
    assert plan.updated == ["nokia"] and plan.added == ["zte"] and plan.kept == ["huawei"]
    assert emb.calls[-2] == 2  # one sentence each for the changed and the new article
    # Then only the words no earlier article had ("reported" is a stopword: never compared).
    stored = Store(idx).load().words
    new = {"changed", "plans", "tampere", "entirely", "zte", "higher", "revenue", "shenzhen"} - known
    assert set(stored.words) == known | new and emb.calls[-1] == len(new) > 0
    assert stored.lookup(["tampere", "unheard"]).keys() == {"tampere"}

    (corpus / "zte.txt").unlink()
    plan = a.build_index()
    assert plan.removed == ["zte"]
    loaded = Store(idx).load()
    assert {c.article_id for c in loaded.chunks} == {"huawei", "nokia"}
    assert loaded.vectors.shape[0] == len(loaded.sentences)
    assert not (loaded.path / "faiss.index").exists()  # exact search reads vectors.npy
    assert loaded.ranges.shape == (len(loaded.chunks), 2)


def test_failed_build_leaves_previous_index_usable(corpus: Path, tmp_path: Path):
    idx = tmp_path / "idx"
    a = make_assistant(corpus, idx)
    a.build_index()
    before = Store(idx).load().manifest

    def boom(texts):
        raise RuntimeError("embedding crashed")

    (corpus / "new.txt").write_text("A brand new article about Ericsson.\n", encoding="utf-8")
    a.index_embedder.encode = boom
    with pytest.raises(RuntimeError):
        a.build_index()
    after = Store(idx).load()
    assert after.manifest == before
    assert not list(idx.glob(".tmp-*"))


def test_interrupted_build_resumes_without_re_embedding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import numpy as np

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(5):
        (corpus / f"a{i}.txt").write_text(f"Article {i} says carrier{i} signed deal{i} in city{i}.\n", encoding="utf-8")
    idx = tmp_path / "idx"
    a = make_assistant(corpus, idx, **{"store.checkpoint_batch": 2})
    real = a.index_embedder.encode
    calls: list[int] = []

    def dies_on_third_batch(texts):
        calls.append(len(texts))
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(texts)

    a.index_embedder.encode = dies_on_third_batch
    with pytest.raises(KeyboardInterrupt):
        a.build_index()
    assert Store(idx).current() is None  # nothing half-written is live
    assert not list(idx.glob(".tmp-*"))

    a.index_embedder.encode = real
    before = len(a.index_embedder.calls)
    plan = a.build_index()
    assert (plan.resumed, plan.embedded) == (4, 1)  # two saved batches of two, one passage left
    assert a.index_embedder.calls[before:-1] == [1]  # then one batch: the corpus words
    assert "4 sentences resumed" in plan.summary()
    assert not (idx / ".resume").exists()  # a completed build drops its checkpoint

    fresh = make_assistant(corpus, tmp_path / "fresh", **{"store.checkpoint_batch": 2})
    fresh.build_index()
    got, want = Store(idx).load(), Store(tmp_path / "fresh").load()
    assert [c.text for c in got.chunks] == [c.text for c in want.chunks]
    assert np.allclose(got.vectors, want.vectors)


def test_checkpoint_of_another_embedder_is_ignored(tmp_path: Path):
    import numpy as np

    from rag.index.checkpoint import Checkpoint, embed_resumably, key

    folder = tmp_path / ".resume"
    Checkpoint(folder, "old-model", 4).add([key("old-model", "x")], np.ones((1, 4), np.float32))
    embedded: list[list[str]] = []

    def embed(texts):
        embedded.append(texts)
        return np.zeros((len(texts), 4), np.float32)

    vecs, reused = embed_resumably(["x"], Checkpoint(folder, "new-model", 4), embed, batch=8)
    assert reused == 0 and embedded == [["x"]] and not vecs.any()


def test_checkpoint_keeps_every_byte_of_its_keys(tmp_path: Path):
    import numpy as np

    from rag.index.checkpoint import Checkpoint

    ck = Checkpoint(tmp_path / ".resume", "m", 2)
    keys = [b"\x00" * 32, b"a" * 31 + b"\x00", b"\x00" + b"b" * 31]
    ck.add(keys, np.arange(6, dtype=np.float32).reshape(3, 2))
    found = ck.load()
    assert set(found) == set(keys) and list(found[keys[1]]) == [2.0, 3.0]


def test_second_writer_gets_a_clear_message(corpus: Path, tmp_path: Path):
    store = Store(tmp_path / "idx")
    with store.lock(), pytest.raises(IndexBusyError, match="wait for it"), store.lock():
        pass


def test_corrupt_and_foreign_indexes_are_named(corpus: Path, tmp_path: Path):
    idx = tmp_path / "idx"
    make_assistant(corpus, idx).build_index()
    gen = Store(idx).current()
    manifest = json.loads((gen / "manifest.json").read_text())
    manifest["version"] = 99
    (gen / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(StoreError, match=r"version 99.*rag index --rebuild"):
        Store(idx).load()
    (gen / "manifest.json").write_text("{not json")
    with pytest.raises(StoreError, match="corrupt"):
        Store(idx).load()
    shutil.rmtree(idx)
    idx.mkdir()
    (idx / "random.bin").write_text("x")
    with pytest.raises(StoreError, match="not a rag index"):
        Store(idx).load()


def test_settings_change_rebuilds(corpus: Path, tmp_path: Path):
    idx = tmp_path / "idx"
    make_assistant(corpus, idx).build_index()
    plan = make_assistant(corpus, idx, **{"chunk.max_chars": 300}).build_index()
    assert "settings changed" in plan.reason and len(plan.added) == 2


def test_new_tokenizer_rereads_words_without_embedding(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import rag.index.manifest as manifest

    idx = tmp_path / "idx"
    a = make_assistant(corpus, idx)
    a.build_index()
    before, calls = Store(idx).load(), sum(a.index_embedder.calls)
    monkeypatch.setattr(manifest, "LEXICAL_VERSION", manifest.LEXICAL_VERSION + 1)
    plan = a.build_index()
    assert plan.relexed and "lexical tokenizer" in plan.reason and sorted(plan.kept) == ["huawei", "nokia"]
    assert sum(a.index_embedder.calls) == calls  # no sentence embedded again
    after = Store(idx).load()
    assert after.path != before.path and after.manifest["lexical"] == manifest.LEXICAL_VERSION
    assert (after.vectors == before.vectors).all()
    assert a.build_index().changed is False


def test_auto_index_type_follows_corpus_size():
    from rag.index.vectors import choose_index_type
    from rag.settings import StoreSettings

    s = StoreSettings()
    assert choose_index_type("auto", 10, s) == "flat"
    assert choose_index_type("auto", s.approx_from, s) == "ivf"
    assert choose_index_type("hnsw", 10, s) == "hnsw"


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf"])
def test_every_index_type_finds_the_exact_vector(kind: str):
    import numpy as np

    from rag.index.vectors import build_faiss
    from rag.settings import StoreSettings

    rng = np.random.default_rng(0)
    vecs = rng.standard_normal((2000, 32)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    index, meta = build_faiss(vecs, kind, StoreSettings())
    _, ids = index.search(vecs[:20], 1)
    assert meta["type"] == kind and (ids[:, 0] == np.arange(20)).mean() >= 0.95


def test_exact_search_ranks_as_faiss_flat_does():
    """Oracle: the NumPy exact search gives FAISS IndexFlatIP's rows, in its order."""
    import faiss
    import numpy as np

    from rag.index.vectors import exact_top

    rng = np.random.default_rng(1)
    vecs = rng.standard_normal((3000, 48)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    flat = faiss.IndexFlatIP(48)
    flat.add(vecs)
    for q in rng.standard_normal((20, 48)).astype(np.float32):
        for n in (1, 10, 50):
            assert exact_top(vecs, q, n).tolist() == flat.search(q[None, :], n)[1][0].tolist()
    assert exact_top(vecs[:5], vecs[0], 10).tolist()[0] == 0 and len(exact_top(vecs[:5], vecs[0], 10)) == 5


def test_bm25_reader_scores_as_bm25s_does(tmp_path: Path):
    import bm25s
    import numpy as np

    from rag.index import bm25

    rng = np.random.default_rng(0)
    words = [f"w{i}" for i in range(60)]
    docs = [[str(w) for w in rng.choice(words, size=int(rng.integers(0, 30)))] for _ in range(300)]
    bm25.write(tmp_path / "bm", docs)
    ours, theirs = bm25.Lexical(tmp_path / "bm"), bm25s.BM25.load(str(tmp_path / "bm"))
    for _ in range(20):
        query = [str(w) for w in rng.choice(words, size=3)] + ["unknown"]
        known = [w for w in query if w in theirs.vocab_dict]
        assert np.allclose(ours.scores(query), theirs.get_scores(known), atol=1e-5)
        top = ours.top(query, 10)
        want = theirs.get_scores(known)
        assert list(want[top]) == sorted(want[top], reverse=True) and len(top) == 10
        assert want[top[-1]] >= np.sort(want)[-10] - 1e-6
    assert ours.df("w1") == sum("w1" in d for d in docs)
