"""Lexical (BM25), dense (FAISS) and fused (reciprocal rank fusion) search behind one protocol."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np

from .types import Hit, Passage

_WORD_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# English stop words plus the words every passage of a factsheet shares, which only add noise.
_STOP = frozenset(
    """a an the of to in on for with and or by from at as is are be been was were it its this that
    these those their there they them he she his her which who whom what when where how why do does
    did can could should would may might must will shall not no any all some such other than into
    also about under over within without between so if then very more most only own same just
    including i me my we our you your themselves itself himself herself ourselves yourself yourselves""".split()
)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def stop_stems() -> frozenset[str]:
    """The stop words' stems: a word written without its apostrophe ("whats") stems to one and says nothing."""
    return frozenset(_stemmer().stemWords(sorted(_STOP)))


# Sentence (and list-item) boundaries inside a passage, for highlighting and for evidence.
_SENTENCE_RE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z“\"(])")


def sentences(text: str) -> list[str]:
    """A passage's sentences; list items separated by ';' count as sentences too."""
    return _SENTENCE_RE.split(text)


def lexical_tokens(text: str) -> list[str]:
    """Lower-cased, stemmed content words; hyphenated words also give their parts."""
    words: list[str] = []
    for w in _WORD_RE.findall(text.lower()):
        if w in _STOP:
            continue
        words.append(w)
        if "-" in w:
            words.extend(part for part in w.split("-") if part not in _STOP)
    return _stemmer().stemWords(words)


@dataclass(frozen=True, eq=False)
class SearchText:
    """What a retriever ranks for: the words the dense model sees, the words BM25 sees, and the dense vector
    when it is already computed (each retriever takes what it needs)."""

    dense: str
    lexical: str
    vector: np.ndarray | None = None

    @classmethod
    def plain(cls, text: str) -> SearchText:
        """The same words for both sides."""
        return cls(text, text)


class Retriever(Protocol):
    """What every retriever does: rank passages for a query."""

    name: str

    def search(self, query: SearchText, k: int) -> list[Hit]: ...


class LexicalRetriever:
    """BM25 over stemmed content words (bm25s)."""

    name = "lexical"

    def __init__(self, passages: Sequence[Passage], model: object) -> None:
        self.passages = list(passages)
        self.model = model

    @classmethod
    def build(cls, passages: Sequence[Passage], texts: Sequence[str]) -> LexicalRetriever:
        """Index the given texts (one per passage)."""
        import bm25s

        model = bm25s.BM25()
        model.index([lexical_tokens(t) for t in texts], show_progress=False)
        return cls(passages, model)

    @classmethod
    def load(cls, passages: Sequence[Passage], folder: str) -> LexicalRetriever:
        """Load a saved bm25s index."""
        import bm25s

        return cls(passages, bm25s.BM25.load(folder, show_progress=False))

    def search(self, query: SearchText, k: int) -> list[Hit]:
        """Top-k passages by BM25; passages sharing no word score 0 and are left out."""
        tokens = lexical_tokens(query.lexical)
        if not tokens:
            return []
        k = min(k, len(self.passages))
        docs, scores = self.model.retrieve([tokens], k=k, show_progress=False)  # type: ignore[attr-defined]
        return [Hit(self.passages[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]


class DenseRetriever:
    """Inner product on normalised sentence embeddings (FAISS)."""

    name = "dense"

    def __init__(self, passages: Sequence[Passage], index: object, encode: Callable[[Sequence[str]], np.ndarray]):
        self.passages = list(passages)
        self.index = index
        self.encode = encode

    def search(self, query: SearchText, k: int) -> list[Hit]:
        """Top-k passages by cosine similarity."""
        vector = query.vector if query.vector is not None else self.encode([query.dense])[0]
        return self.search_vector(vector, k)

    def search_vector(self, vector: np.ndarray, k: int) -> list[Hit]:
        """Top-k passages for an already embedded query."""
        k = min(k, len(self.passages))
        scores, ids = self.index.search(vector.reshape(1, -1).astype(np.float32), k)  # type: ignore[attr-defined]
        return [Hit(self.passages[int(i)], float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]


def rrf(
    rankings: Sequence[Sequence[Hit]], k: int, rrf_k: int = 60, weights: Sequence[float] | None = None
) -> list[Hit]:
    """Reciprocal rank fusion: score = sum over rankings of weight / (rrf_k + rank)."""
    weights = weights or [1.0] * len(rankings)
    scores: dict[str, float] = {}
    by_id: dict[str, Passage] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, hit in enumerate(ranking, start=1):
            scores[hit.passage.id] = scores.get(hit.passage.id, 0.0) + weight / (rrf_k + rank)
            by_id[hit.passage.id] = hit.passage
    order = sorted(scores, key=lambda pid: (-scores[pid], pid))
    return [Hit(by_id[pid], scores[pid]) for pid in order[:k]]


class HybridRetriever:
    """Dense and lexical rankings fused by reciprocal rank; a decisive lexical match leads.

    A rare phrase of the factsheet that one passage alone holds ("non-visual" for "written sexting") is
    found by BM25 far ahead of any other passage but can sit low in the dense ranking, where the fusion
    left it. When the lexical best scores `decisive` times the next, it leads the fused ranking.
    """

    name = "hybrid"

    def __init__(
        self,
        dense: DenseRetriever,
        lexical: LexicalRetriever,
        depth: int = 30,
        rrf_k: int = 60,
        lexical_weight: float = 1.0,
        decisive: float = 0.0,
    ):
        self.dense = dense
        self.lexical = lexical
        self.depth = depth
        self.rrf_k = rrf_k
        self.lexical_weight = lexical_weight
        self.decisive = decisive  # 0: no lexical match leads by itself

    def search(self, query: SearchText, k: int) -> list[Hit]:
        """Fuse the top `depth` of the dense and the lexical ranking."""
        dense, lexical = self.dense.search(query, self.depth), self.lexical.search(query, self.depth)
        fused = rrf([dense, lexical], k, self.rrf_k, (1.0, self.lexical_weight))
        if self.decisive and fused and len(lexical) > 1 and lexical[0].score >= self.decisive * lexical[1].score > 0:
            lead = lexical[0].passage.id
            top = fused[0].score
            # just above the best fused score: it leads the fusion, and the light boosts a search adds later
            # (chapter, level, kind) still weigh on it as on any passage
            fused = [Hit(h.passage, top + 1e-6) if h.passage.id == lead else h for h in fused]
            fused.sort(key=lambda h: -h.score)
        return fused
