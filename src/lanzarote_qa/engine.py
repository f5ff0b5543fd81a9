"""The loaded assistant: index, model and retrievers, created once and shared by CLI, app and eval."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .abstain import common_stems, judge
from .answer import Answer, compose, not_in_factsheet
from .conversation import Conversation
from .embedding import Embedder
from .index import LoadedIndex, ensure_index, load_index
from .query import Query, Router, understand
from .retrieval import DenseRetriever, HybridRetriever, LexicalRetriever, Retriever
from .search import SearchResult, search
from .settings import Settings
from .types import Filters, Hit, Mode


@dataclass
class Engine:
    """Everything needed to answer, loaded once."""

    settings: Settings
    index: LoadedIndex
    embedder: Embedder
    retrievers: dict[str, Retriever]
    router: Router
    _common: frozenset[str] | None = None

    @classmethod
    def load(cls, settings: Settings, embedder: Embedder, build: bool = False, progress: bool = False) -> Engine:
        """Load the index (building it first when allowed and needed) around an already loaded embedder."""
        import faiss

        # one query at a time: a second thread only adds wake-up latency (measured in bench/faiss_scaling.py)
        faiss.omp_set_num_threads(1)
        index = ensure_index(settings, embedder, progress=progress) if build else load_index(settings)
        passages = index.passages
        dense = DenseRetriever(passages, index.vectors, embedder.encode)
        lexical = LexicalRetriever.load(passages, str(index.lexical_dir))
        hybrid = HybridRetriever(dense, lexical, settings.candidates, settings.rrf_k, settings.lexical_weight)
        retrievers: dict[str, Retriever] = {"dense": dense, "lexical": lexical, "hybrid": hybrid}
        return cls(settings, index, embedder, retrievers, Router.from_passages(passages))

    def understand(self, question: str, filters: Filters | None = None) -> Query:
        """Read a standalone question."""
        return understand(question, self.router, filters)

    def search(
        self, query: Query, k: int | None = None, mode: str = "hybrid", use_query: bool = True, vector=None
    ) -> SearchResult:
        """Ranked passages for an understood query (`vector`: its dense text, already embedded)."""
        retriever = self.retrievers[mode]
        return search(
            query, retriever, self.index.passages, k or self.settings.top_k, self.settings.candidates, use_query, vector
        )

    def new_conversation(self) -> Conversation:
        """An empty chat session."""
        return Conversation(self.router)

    def replay(self, history: Sequence[str], filters: Filters | None = None) -> Conversation:
        """A conversation rebuilt from earlier user questions (oldest first)."""
        conv = self.new_conversation()
        for q in history:
            self.ask(q, conv, filters)
        return conv

    def ask(
        self,
        question: str,
        conversation: Conversation | None = None,
        filters: Filters | None = None,
        k: int | None = None,
    ) -> tuple[Answer, dict]:
        """Answer one question in a conversation; returns the answer and timings in ms."""
        t0 = time.perf_counter()
        conv = conversation if conversation is not None else self.new_conversation()
        query, refers = conv.read(question, filters)
        vector = self.embedder.encode([query.dense_text])[0]
        best_dense = self._best(vector)
        if best_dense < self.settings.min_similarity:
            best_dense = self.similarity(query, vector)  # only then is the expanded text worth embedding
        t1 = time.perf_counter()
        result = self._search_with_referents(query, refers, k, vector)
        answer = self._compose(query, result, best_dense)
        conv.add(question, query, answer)
        t2 = time.perf_counter()
        timings = {"embed": _ms(t1 - t0), "search": _ms(t2 - t1), "total": _ms(t2 - t0)}
        return answer, timings

    def _best(self, vector) -> float:
        dense: DenseRetriever = self.retrievers["dense"]  # type: ignore[assignment]
        return dense.search_vector(vector, 1)[0].score if dense.passages else 0.0

    def similarity(self, query: Query, vector=None) -> float:
        """Best similarity of any passage to the question or to its expansion in the document's words.

        A terse lay question (a word of slang) is closest to the factsheet in the factsheet's own words.
        """
        vector = self.embedder.encode([query.dense_text])[0] if vector is None else vector
        best = self._best(vector)
        if query.text != query.dense_text:
            best = max(best, self._best(self.embedder.encode([query.text])[0]))
        return best

    def _search_with_referents(self, query: Query, refers: tuple[str, ...], k: int | None, vector) -> SearchResult:
        if refers:
            by_id = {p.id: p for p in self.index.passages}
            earlier = [by_id[i] for i in refers if i in by_id]
            chosen = [p for p in earlier if p.level in query.levels] if query.levels else earlier
            if chosen:
                return SearchResult(tuple(Hit(p, 1.0) for p in chosen), Mode.FOLLOWUP)
        return self.search(query, k, vector=vector)

    def _compose(self, query: Query, result: SearchResult, best_dense: float) -> Answer:
        doc = self.index.documents[0]
        provenance = {
            "edition": f"last update {doc.edition}",
            "documents": [f"{d.country}, last update {d.edition}" for d in self.index.documents],
            "index": self.index.fingerprint,
            "model": self.settings.model,
        }
        hits = list(result.hits)
        if result.mode is Mode.LOOKUP and result.missing and not result.found:
            nearest = [n for m in result.missing for n in _nearest_ids(m, self.index.passages)]
            reason = not_in_factsheet(result.missing)
            return compose(query.question, hits, result.mode, doc.country, provenance, result.missing, reason, nearest)
        reason = ""
        if result.mode is Mode.SEARCH:
            verdict = judge(
                query.question,
                hits,
                doc.country,
                self.common,
                best_dense,
                self.settings.min_overlap,
                self.settings.min_similarity,
                query.context,
            )
            reason = verdict.reason if verdict.abstain else ""
        answer = compose(query.question, hits, result.mode, doc.country, provenance, result.missing, reason)
        return replace(answer, similarity=round(float(best_dense), 4))

    @property
    def common(self) -> frozenset[str]:
        """Stems too frequent in the factsheet to say what a question is about."""
        if self._common is None:
            self._common = common_stems([p.text for p in self.index.passages])
        return self._common


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _nearest_ids(missing: str, passages) -> list[str]:
    """Recommendation ids (or paragraphs) of the factsheet nearest to one it does not have."""
    import re

    m = re.match(r"Recommendation ([IVXL]+)-(\d+)", missing)
    if m:
        chapter, n = m.group(1), int(m.group(2))
        ids = {r for p in passages for r in p.recommendations if r.split("-")[0] == chapter}
        return sorted(ids, key=lambda r: (abs(int(r.split("-")[1]) - n), int(r.split("-")[1])))[:2]
    m = re.match(r"Para\. (\d+)", missing)
    if m:
        n = int(m.group(1))
        paras = {x for p in passages for x in p.paragraphs}
        return [f"Para. {x}" for x in sorted(paras, key=lambda x: (abs(x - n), x))[:2]]
    return []
