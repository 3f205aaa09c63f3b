"""End-to-end tests with the real bundled models (all-MiniLM-L6-v2, SmolLM2-135M) and FAISS."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rag.assistant import Assistant
from rag.models.embedder import FastQueryEmbedder, SentenceTransformerEmbedder, bundled_embedder_path
from rag.settings import Settings
from tests.conftest import ROOT, SEED_ARTICLE, SEEDS

pytestmark = pytest.mark.e2e


def quiet(**changes: object) -> Settings:
    return Settings().with_(**changes, **{"runtime.show_progress": False})


Q = "What did Vincent Pang say about one-time transfers?"


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    idx = tmp_path_factory.mktemp("e2e") / "index"
    plan = Assistant(settings=quiet(corpus=SEEDS, index=idx)).build_index()
    assert plan.added == ["000_f90f437b07126a50"]
    return idx


@pytest.fixture(scope="module")
def assistant(index_dir: Path) -> Assistant:
    return Assistant(settings=quiet(corpus=SEEDS, index=index_dir))


def run_cli(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "rag", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=ROOT,
        timeout=600,
    )


def test_fast_query_embedder_matches_sentence_transformers():
    path = bundled_embedder_path()
    texts = [Q, "Huawei", "A longer sentence about 5G licensing talks with U.S. telecom firms in 2019."]
    ref = SentenceTransformerEmbedder(path, "m").encode(texts)
    fast = FastQueryEmbedder(path, "m").encode(texts)
    assert fast.shape == ref.shape == (3, 384)
    assert np.min(np.sum(fast * ref, axis=1)) >= 0.9999


def test_stored_word_vectors_match_the_question_time_encoder_and_old_indexes_get_them(
    assistant: Assistant, index_dir: Path, tmp_path: Path
):
    index = assistant.index()
    words = ["transfer", "huawei", "license", "platform", "costly"]
    stored = index.word_vectors(words)
    assert sorted(stored) == sorted(words) and len(index.words) > 200
    fast = assistant.query_embedder.encode(words)
    # float16 on disk, from the indexing model: the same vector as encoding the word when asked.
    assert min(float(stored[w] @ v) for w, v in zip(words, fast, strict=True)) >= 0.9999
    # An index built before word vectors were stored loads and gives the same answer.
    old = tmp_path / "old"
    shutil.copytree(index_dir, old)
    gen = old / (old / "CURRENT").read_text().strip()
    manifest = json.loads((gen / "manifest.json").read_text())
    del manifest["words"], manifest["files"]["words.json"], manifest["files"]["words.npy"]
    (gen / "manifest.json").write_text(json.dumps(manifest))
    (gen / "words.json").unlink()
    (gen / "words.npy").unlink()
    from rag.index.store import Store

    assert Store(old).load().words is None and Store(old).load().word_vectors(words) == {}
    # Its next use stores them, keeping every sentence's vector: no sentence is embedded again.
    upgraded = Assistant(settings=quiet(corpus=SEEDS, index=old))
    plan = upgraded.build_index()
    assert plan.reason == "word vectors not stored yet" and plan.embedded == 0
    assert sorted(upgraded.index().word_vectors(words)) == sorted(words)
    assert upgraded.ask(Q).text == assistant.ask(Q).text


def test_example_question_retrieves_pang_and_cites_it(assistant: Assistant):
    ans = assistant.ask(Q)
    assert not ans.refused
    assert "Vincent Pang" in ans.passages[0].chunk.text and "one-time transfer" in ans.passages[0].chunk.text
    assert ans.citations, ans.draft
    article = SEED_ARTICLE.read_text(encoding="utf-8")
    retrieved = [(p.chunk.start, p.chunk.end) for p in ans.passages]
    for c in ans.citations:
        assert article[c.start : c.end] == c.text
        assert any(s <= c.start and c.end <= e for s, e in retrieved)
        assert f"[{c.n}]" in ans.text
    assert any("one-time transfer" in c.text for c in ans.citations)


def test_bundled_model_is_read_as_a_q8_copy_made_once(tmp_path: Path):
    from rag.models.generator import LlamaGenerator, bundled_model_path
    from rag.settings import GenerationSettings, RuntimeSettings

    gen = LlamaGenerator(None, GenerationSettings(n_ctx=512), RuntimeSettings(threads=2), cache=tmp_path)
    gen.load()
    copy = gen.loaded_path
    assert copy.parent == tmp_path and copy.name.endswith(".Q8_0.gguf") and copy.read_bytes()[:4] == b"GGUF"
    made = copy.stat().st_mtime_ns
    assert "".join(gen.stream([{"role": "user", "content": "Say hello."}], 8)).strip()
    again = LlamaGenerator(None, GenerationSettings(n_ctx=512), RuntimeSettings(threads=2), cache=tmp_path)
    again.load()
    assert again.loaded_path == copy and copy.stat().st_mtime_ns == made  # reused, not redone
    # A model the user names is used exactly as given.
    own = LlamaGenerator(
        bundled_model_path(), GenerationSettings(n_ctx=512), RuntimeSettings(threads=2), cache=tmp_path
    )
    own.load()
    assert own.loaded_path == bundled_model_path()


def test_attention_is_read_fused_unless_turned_off(tmp_path: Path):
    import llama_cpp

    from rag.models.generator import LlamaGenerator
    from rag.settings import GenerationSettings, RuntimeSettings

    for on, kind in (
        (True, llama_cpp.LLAMA_FLASH_ATTN_TYPE_ENABLED),
        (False, llama_cpp.LLAMA_FLASH_ATTN_TYPE_DISABLED),
    ):
        gen = LlamaGenerator(
            None, GenerationSettings(n_ctx=512, flash_attn=on), RuntimeSettings(threads=2), cache=tmp_path
        )
        assert gen.load().context_params.flash_attn_type == kind
        assert "".join(gen.stream([{"role": "user", "content": "Say hello."}], 8)).strip()
    assert GenerationSettings().flash_attn


def test_a_model_whose_attention_cannot_be_fused_is_read_the_plain_way(tmp_path: Path, monkeypatch):
    import llama_cpp

    from rag.errors import ModelError
    from rag.models.generator import LlamaGenerator
    from rag.settings import GenerationSettings, RuntimeSettings

    tried = []

    class Picky:  # a llama.cpp that cannot fuse this model's attention
        def __init__(self, flash_attn: bool, **kwargs: object) -> None:
            tried.append(flash_attn)
            if flash_attn:
                raise ValueError("Failed to create llama_context")

    model = tmp_path / "own.gguf"
    model.write_bytes(b"GGUF" + bytes(60))
    monkeypatch.setattr(llama_cpp, "Llama", Picky)
    gen = LlamaGenerator(model, GenerationSettings(), RuntimeSettings(threads=2))
    assert isinstance(gen.load(), Picky) and tried == [True, False]

    class Broken(Picky):  # nor load it at all: one clear error, not a traceback
        def __init__(self, flash_attn: bool, **kwargs: object) -> None:
            tried.append(flash_attn)
            raise ValueError("Failed to load model from file")

    tried.clear()
    monkeypatch.setattr(llama_cpp, "Llama", Broken)
    with pytest.raises(ModelError, match=r"could not load .*pass another GGUF"):
        LlamaGenerator(model, GenerationSettings(), RuntimeSettings(threads=2)).load()
    assert tried == [True, False]


def test_unanswerable_question_is_refused(assistant: Assistant):
    ans = assistant.ask("What is the recipe for a good lasagna?")
    assert ans.refused and not ans.citations


def test_json_contract(index_dir: Path):
    r = run_cli("ask", Q, "--json", "--index", str(index_dir), "--corpus", str(SEEDS))
    assert r.returncode == 0, r.stderr
    [line] = r.stdout.strip().splitlines()
    d = json.loads(line)
    assert set(d) >= {"question", "answer", "refused", "citations", "passages", "timings"}
    assert d["question"] == Q and d["refused"] is False and d["citations"]
    assert set(d["citations"][0]) >= {"n", "article", "date", "start", "end", "text"}
    assert set(d["passages"][0]) >= {"article", "start", "end", "score", "text"}
    assert d["citations"][0]["date"] == "2019-10-22"


def test_text_output_lists_sources(index_dir: Path):
    r = run_cli("ask", Q, "--index", str(index_dir), "--corpus", str(SEEDS))
    assert r.returncode == 0, r.stderr
    assert "Sources:" in r.stdout and "000_f90f437b07126a50, 2019-10-22" in r.stdout


def test_repl_with_piped_input(index_dir: Path):
    r = run_cli(
        "chat", "--index", str(index_dir), "--corpus", str(SEEDS), stdin=f"/help\n{Q}\n/sources\n\n/quit\nnever asked\n"
    )
    assert r.returncode == 0, r.stderr
    assert "/sources" in r.stdout and "Sources:" in r.stdout
    assert "score" in r.stdout and "cosine" in r.stdout  # the /sources listing
    assert "never asked" not in r.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", ""], "question is empty"),
        (["ask", Q, "--model", "/nonexistent/model.gguf"], "does not exist"),
        (["ask", Q, "--model", str(SEED_ARTICLE)], "not a GGUF"),
        (["ask", Q, "--corpus", "/nonexistent/corpus"], "does not exist"),
    ],
)
def test_bad_input_gives_one_line_error(args: list[str], message: str, tmp_path: Path):
    r = run_cli(*args, "--index", str(tmp_path / "idx")) if "--index" not in args else run_cli(*args)
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0], r.stderr
    assert "Traceback" not in r.stderr


def test_bad_corpus_files_and_corrupt_index(tmp_path: Path, index_dir: Path):
    empty = tmp_path / "empty"
    empty.mkdir()
    binary = tmp_path / "binary"
    binary.mkdir()
    (binary / "x.txt").write_bytes(bytes(range(256)) * 8)
    blank = tmp_path / "blank"
    blank.mkdir()
    (blank / "a.txt").write_text("\n\n")
    for folder, message in ((empty, "no readable articles"), (binary, "binary"), (blank, "no article text")):
        r = run_cli("index", "--corpus", str(folder), "--index", str(tmp_path / "i"))
        assert r.returncode == 1 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    (corrupt / "CURRENT").write_text("gen-000001\n")
    (corrupt / "gen-000001").mkdir()
    (corrupt / "gen-000001" / "manifest.json").write_text("garbage")
    r = run_cli("ask", Q, "--corpus", str(SEEDS), "--index", str(corrupt))
    assert r.returncode == 1 and "corrupt" in r.stderr and "Traceback" not in r.stderr


def test_question_path_never_imports_torch_transformers_or_scipy(index_dir: Path):
    """A one-shot question must not pay for torch (5-11 s) or scipy: checked on a real process."""
    r = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "rag",
            "ask",
            Q,
            "--json",
            "--index",
            str(index_dir),
            "--corpus",
            str(SEEDS),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    modules = {line.rsplit("|", 1)[-1].strip() for line in r.stderr.splitlines() if line.startswith("import time:")}
    top = {m.split(".")[0] for m in modules}
    assert "llama_cpp" in top and "numpy" in top  # the guard does see the imports
    # An exact (small) index is searched with NumPy: no faiss import (0.44 s).
    assert not top & {
        "torch",
        "transformers",
        "sentence_transformers",
        "scipy",
        "bm25s",
        "pymilvus",
        "ray",
        "milvus_lite",
    }, top


# The dev set's figures when these floors were set (2026-11-25, after the sentence ranker,
# answerability gate and meaning checks: accuracy 0.85, citation precision 1.00, refusal
# 0.91, false refusals 0.10, recall 1.00). Answers are deterministic (greedy decoding, fixed
# seed), so the floors are the figures themselves: a change of threshold or rule that costs
# one answer fails CI. Reset 2026-12-03 for the gate threshold 0.72 -> 0.58 (accuracy 0.90 -> 0.95,
# false refusals 0.075 -> 0, refusal 0.91 -> 0.82: one unanswerable question now quoted).
DEV_FLOORS = {"answer_accuracy": 0.95, "citation_precision": 1.0, "refusal_accuracy": 0.818, "recall_at_k": 1.0}
DEV_CEILINGS = {"false_refusals": 0.0}


def test_dev_set_stays_above_its_floors():
    from rag.evaluate import run_eval

    report = run_eval(Assistant(settings=quiet()), ROOT / "eval" / "dev.jsonl")
    summary = report["summary"]
    low = {k: summary[k] for k, floor in DEV_FLOORS.items() if summary[k] is None or summary[k] < floor}
    high = {k: summary[k] for k, ceiling in DEV_CEILINGS.items() if summary[k] > ceiling}
    assert not low and not high, summary


def test_verifier_benchmark_meets_its_targets():
    """180 labelled claims over 18 articles: half faithful, half corrupted (swapped roles, wrong
    titles, stitched names, wrong figures or periods, negations, added attributes, garbled),
    each checked through Assistant.check, retrieval included (issue 9's targets)."""
    from rag.claims import run_claims
    from rag.models.embedder import FastQueryEmbedder, bundled_embedder_path

    # The NumPy encoder builds this small index too: same vectors, no torch import.
    encoder = FastQueryEmbedder(bundled_embedder_path(), Settings().embedder_name)
    base = Assistant(settings=quiet(), index_embedder=encoder, query_embedder=encoder)
    summary = run_claims(base, ROOT / "eval" / "verifier" / "claims.jsonl")["summary"]
    assert summary["rejected_corrupted"] >= 0.97 and summary["accepted_correct"] >= 0.85, summary


def test_chat_in_a_real_terminal_wraps_and_leaves_cleanly(index_dir: Path):
    """`rag chat` on a pseudo-terminal 50 columns wide: answers wrap between words at the edge,
    and Ctrl-D leaves the shell's prompt on a fresh line."""
    import fcntl
    import pty
    import select
    import struct
    import termios
    import time

    pid, fd = pty.fork()
    if pid == 0:  # the child: rag chat on the terminal
        # The terminal says how wide it is: no COLUMNS/LINES (pytest sets them).
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        env.update({"HF_HUB_OFFLINE": "1", "RAG_HISTORY": os.devnull})
        argv = [sys.executable, "-m", "rag", "chat", "--index", str(index_dir), "--corpus", str(SEEDS)]
        os.execve(sys.executable, argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 50, 0, 0))
    seen = b""

    def read_until(token: bytes, timeout: float = 120) -> None:
        """Read until `token` appears in what arrives from now on (a prompt seen before does not count)."""
        nonlocal seen
        end, start = time.time() + timeout, len(seen)
        while token not in seen[start:] and time.time() < end:
            if select.select([fd], [], [], 0.5)[0]:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    return

    read_until("» ".encode())
    os.write(fd, (Q + "\n").encode())
    read_until(b"Sources:")
    if "» ".encode() not in seen.split(b"Sources:", 1)[1]:
        read_until("» ".encode())
    os.write(fd, b"\x04")  # Ctrl-D
    read_until(b"\x00", timeout=10)
    assert os.waitpid(pid, 0)[1] == 0
    text = seen.decode("utf-8", "replace").replace("\r\n", "\n")
    answer = text.split(Q, 1)[1].split("\n» ", 1)[0]  # the answer and its sources
    # Source headers ("  [1] article, date, chars") are not wrapped: the rest is.
    lines = [line for line in answer.splitlines() if line.strip() and not line.startswith("  [")]
    assert lines and all(len(line) <= 50 for line in lines), lines
    assert text.rstrip(" ").endswith("» \n") or text.endswith("\n"), repr(text[-40:])


def test_milvus_store_gives_the_same_cited_answer(index_dir: Path, tmp_path: Path):
    """`rag index --store milvus:FILE.db` then `rag ask --store ...`: the default store's answer."""
    pytest.importorskip("pymilvus")
    store = f"milvus:{tmp_path / 'x.db'}"
    r = run_cli("index", "--corpus", str(SEEDS), "--store", store)
    assert r.returncode == 0 and "added" in r.stdout, r.stderr
    remote = run_cli("ask", Q, "--json", "--corpus", str(SEEDS), "--store", store)
    local = run_cli("ask", Q, "--json", "--corpus", str(SEEDS), "--index", str(index_dir))
    assert remote.returncode == 0 == local.returncode, remote.stderr
    got, want = json.loads(remote.stdout), json.loads(local.stdout)
    assert got["answer"] == want["answer"] and got["citations"] == want["citations"]
    assert got["citations"] and not got["refused"]


def test_ray_ingestion_gives_the_plain_build(tmp_path: Path):
    """`--workers ray`: Ray Data actors chunk and embed; the index holds the same passages and
    vectors as a plain build."""
    pytest.importorskip("ray")
    plain = Assistant(settings=quiet(corpus=SEEDS, index=tmp_path / "plain"))
    plain.build_index()
    ray_built = Assistant(settings=quiet(corpus=SEEDS, index=tmp_path / "ray", **{"store.workers": "ray"}))
    plan = ray_built.build_index()
    assert plan.added == ["000_f90f437b07126a50"] and plan.embedded == plain.index().sentence_count
    a, b = plain.index(), ray_built.index()
    assert a.chunks == b.chunks
    assert np.allclose(np.asarray(a.vectors), np.asarray(b.vectors), atol=1e-5)
