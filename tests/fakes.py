"""A deterministic fake embedder for plumbing tests (never for a quality figure).

Like simonw/llm's `EmbedDemo`: fixed vectors, no model, no torch. Each stemmed content word adds
a fixed pseudo-random direction (seeded by the word), so texts sharing words are close, which is
all the plumbing needs. It counts tokens with the bundled model's own tokenizer (no torch either),
so the passages it indexes are exactly the real ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from lanzarote_qa.embedding import token_counter
from lanzarote_qa.retrieval import lexical_tokens

FAKE_MODEL = "test:hashed-words-384"


class FakeEmbedder:
    """Hashed bag of stemmed words, L2-normalised; same text, same vector, every run."""

    name = FAKE_MODEL
    weights_sha256 = ""
    dimension = 384
    max_seq_length = 256

    def __init__(self) -> None:
        self._count = token_counter()
        self.calls = 0

    def _direction(self, word: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:8], "little")
        return np.random.default_rng(seed).standard_normal(self.dimension).astype(np.float32)

    def encode(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        """One normalised row per text."""
        self.calls += 1
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in lexical_tokens(text):
                out[i] += self._direction(word)
            norm = float(np.linalg.norm(out[i]))
            if norm:
                out[i] /= norm
            else:  # no content word: a fixed unit vector, still a valid query
                out[i, 0] = 1.0
        return out

    def count_tokens(self, text: str) -> int:
        """Word pieces of the bundled model's tokenizer."""
        return self._count(text)
