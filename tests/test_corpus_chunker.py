import itertools
from pathlib import Path

import pytest

from rag.errors import CorpusError
from rag.index.chunker import chunk_article
from rag.index.corpus import load_corpus, parse_article
from rag.settings import ChunkSettings
from tests.conftest import SEED_ARTICLE, SEEDS


def test_seed_date_header_is_metadata_not_text():
    [article] = load_corpus(SEEDS).articles
    assert article.id == "000_f90f437b07126a50"
    assert article.date == "2019-10-22"
    assert article.body.startswith("Chinese vendor Huawei")
    assert article.text == SEED_ARTICLE.read_text(encoding="utf-8")
    assert len(article.sha256) == 64


def test_chunks_are_exact_slices_within_limits():
    [article] = load_corpus(SEEDS).articles
    settings = ChunkSettings(max_chars=300, min_chars=100, overlap_sentences=1)
    chunked = chunk_article(article, settings)
    chunks = chunked.chunks
    assert len(chunks) > 5
    for c in chunks:
        assert article.text[c.start : c.end] == c.text
        assert "date 2019" not in c.text
        assert c.date == "2019-10-22"
        # Only a single over-long sentence may exceed the limit.
        assert len(c.text) <= 300 or "." not in c.text[:-1].rstrip("”")
    covered = "".join(article.text[c.start : c.end] for c in chunks)
    assert "Vincent Pang" in covered and "private company owned by its workers" in covered


def test_overlap_repeats_a_sentence_when_a_paragraph_is_split():
    text = " ".join(f"Sentence number {i} talks about topic {i} in some detail." for i in range(12))
    article = parse_article("a", "a.txt", text)
    chunks = chunk_article(article, ChunkSettings(max_chars=200, min_chars=50, overlap_sentences=1)).chunks
    assert len(chunks) >= 3
    for prev, nxt in itertools.pairwise(chunks):
        assert nxt.start < prev.end  # overlapping spans


def test_missing_and_empty_corpus_folders(tmp_path: Path):
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nope")
    with pytest.raises(CorpusError, match="no readable articles"):
        load_corpus(tmp_path)


def test_a_folder_of_nothing_readable_names_every_file_and_why(tmp_path: Path):
    (tmp_path / "empty.txt").write_text(" date 2020-01-01   \n\n", encoding="utf-8")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(
        CorpusError,
        match=r"no readable articles \(2 files skipped: binary file.*blob\.txt.*no article text.*empty\.txt",
    ):
        load_corpus(tmp_path)
