"""A NumPy forward pass of a BERT-style sentence-transformers encoder (all-MiniLM-L6-v2).

Why: `import sentence_transformers` costs 5-11 s (torch + transformers), more than a whole
one-shot question may take. This module maps the same `model.safetensors` (its simple
format is read here) and loads `tokenizer.json` with the light `tokenizers` package, and runs the
encoder in NumPy: same weights, same tokenizer, mean pooling, L2 normalisation. A test checks
it against sentence-transformers (cosine >= 0.9999). Limits: BERT architecture with absolute
positions and mean pooling only; meant for queries and short sentences, while indexing keeps
using sentence-transformers.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from rag.errors import ModelError


def _erf(x: np.ndarray) -> np.ndarray:
    # NumPy has no erf and scipy costs an import; this Chebyshev fit (Numerical Recipes
    # erfc) has a fractional error below 1.2e-7, under the float32 noise of the matmuls.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.5 * a)
    y = 1.0 - t * np.exp(
        -a * a
        - 1.26551223
        + t
        * (
            1.00002368
            + t
            * (
                0.37409196
                + t
                * (
                    0.09678418
                    + t
                    * (
                        -0.18628806
                        + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))
                    )
                )
            )
        )
    )
    return sign * y


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


_DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64, "I32": np.int32}


def load_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a .safetensors file as read-only views of a memory map.

    The format is an 8-byte header length, a JSON header (dtype, shape, byte offsets per
    tensor), then the raw little-endian data. Mapping instead of reading means the 47 MB
    word-embedding table is never read whole: a question touches a few dozen of its rows.
    """
    with path.open("rb") as f:
        n = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(n))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + n)
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        if meta["dtype"] not in _DTYPES:
            raise ModelError(f"{path} holds {meta['dtype']} tensors; rag reads F32, F16 or F64 BERT weights")
        start, end = meta["data_offsets"]
        out[name] = data[start:end].view(_DTYPES[meta["dtype"]]).reshape(meta["shape"])
    return out


class NumpyMiniLM:
    """Encode texts to normalised float32 vectors without torch."""

    def __init__(self, model_dir: Path) -> None:
        weights = model_dir / "model.safetensors"
        if not weights.is_file() or not (model_dir / "tokenizer.json").is_file():
            raise ModelError(
                f"{model_dir} lacks model.safetensors or tokenizer.json; set RAG_EMBEDDER to a "
                "sentence-transformers folder of a BERT model"
            )
        from tokenizers import Tokenizer

        cfg = json.loads((model_dir / "config.json").read_text())
        self.heads = int(cfg["num_attention_heads"])
        self.eps = float(cfg.get("layer_norm_eps", 1e-12))
        max_len = 256
        st_cfg = model_dir / "sentence_bert_config.json"
        if st_cfg.is_file():
            max_len = int(json.loads(st_cfg.read_text()).get("max_seq_length", max_len))
        self.tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tok.enable_truncation(max_length=max_len)
        self.tok.enable_padding(pad_id=int(cfg.get("pad_token_id", 0)))
        try:
            tensors = load_safetensors(weights)
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"cannot read {weights} ({exc}); reinstall the embedder") from None
        w = {k.removeprefix("bert."): np.asarray(v, dtype=np.float32) for k, v in tensors.items()}
        self.word = w["embeddings.word_embeddings.weight"]
        self.pos = w["embeddings.position_embeddings.weight"]
        self.type0 = w["embeddings.token_type_embeddings.weight"][0]
        self.ln0 = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(int(cfg["num_hidden_layers"])):
            p = f"encoder.layer.{i}."

            def lin(name: str, p: str = p) -> tuple[np.ndarray, np.ndarray]:
                return w[p + name + ".weight"].T, w[p + name + ".bias"]

            qkv_w = np.concatenate([lin(f"attention.self.{n}")[0] for n in ("query", "key", "value")], 1)
            qkv_b = np.concatenate([lin(f"attention.self.{n}")[1] for n in ("query", "key", "value")])
            self.layers.append(
                {
                    "qkv": (qkv_w, qkv_b),
                    "out": lin("attention.output.dense"),
                    "ln1": (w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"]),
                    "up": lin("intermediate.dense"),
                    "down": lin("output.dense"),
                    "ln2": (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
                }
            )
        self.dim = int(self.word.shape[1])

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for s in range(0, len(order), batch_size):
            idx = order[s : s + batch_size]
            out[idx] = self._encode_batch([texts[i] for i in idx])
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        enc = self.tok.encode_batch(texts)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
        b, t = ids.shape
        h, d = self.heads, self.dim // self.heads
        x = self.word[ids] + self.pos[:t] + self.type0
        x = _layer_norm(x, *self.ln0, self.eps)
        bias = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        for layer in self.layers:
            qkv = x @ layer["qkv"][0] + layer["qkv"][1]
            q, k, v = (
                qkv[..., i * self.dim : (i + 1) * self.dim].reshape(b, t, h, d).transpose(0, 2, 1, 3) for i in range(3)
            )
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(d)) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            att = scores / scores.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(b, t, self.dim)
            x = _layer_norm(ctx @ layer["out"][0] + layer["out"][1] + x, *layer["ln1"], self.eps)
            up = x @ layer["up"][0] + layer["up"][1]
            up = 0.5 * up * (1.0 + _erf(up / np.float32(np.sqrt(2.0))))
            x = _layer_norm(up @ layer["down"][0] + layer["down"][1] + x, *layer["ln2"], self.eps)
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
