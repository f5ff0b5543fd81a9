"""The loaded assistant: index, embedder and searchers, created once and shared by CLI, app and eval.

`ask` only wires the stages: conversation (plan) -> search (execute) -> abstain (judge) -> answer (compose).
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from .abstain import judge
from .answer import Answer, compose
from .conversation import Conversation
from .embedding import Embedder
from .index import LoadedIndex, ensure_index, load_index
from .retrieval import DenseRetriever, HybridRetriever, LexicalRetriever
from .search import Searcher, SearchResult
from .settings import Settings
from .types import Filters, FollowUp, ListPlan, Lookup, Passage, Plan, Search
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class Evidence:
    """A search result and what abstention judges it on."""

    result: SearchResult
    judged: bool  # look-ups are not judged
    by_similarity: bool  # searches are judged on similarity too; sets defined by structure only on what they hold
    similarity: float  # best dense similarity of any passage to the question
    context: str  # the earlier question a follow-up leans on


@dataclass
class Engine:
    """Everything needed to answer, loaded once."""

    settings: Settings
    index: LoadedIndex
    embedder: Embedder
    searchers: dict[str, Searcher]  # "hybrid" answers; "dense" and "lexical" serve the evaluation's ablations
    vocab: Vocabulary

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
        searchers = {r.name: Searcher(passages, r, settings.top_k) for r in (dense, lexical)}
        searchers["hybrid"] = Searcher(passages, hybrid, settings.top_k, settings.relevance_gap, dense)
        vocab = Vocabulary.from_passages(passages, index.documents[0].country)
        return cls(settings, index, embedder, searchers, vocab)

    @property
    def country(self) -> str:
        """The factsheet's country."""
        return self.index.documents[0].country

    def new_conversation(self) -> Conversation:
        """An empty chat session."""
        return Conversation(self.vocab)

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
        plan, reading = conv.plan(question, filters)
        vector = self.embedder.encode([plan.terms.dense])[0]
        t1 = time.perf_counter()
        evidence = self.evidence(plan, vector, conv, k)
        answer = self._compose(evidence)
        conv.add(question, reading, plan, answer)
        t2 = time.perf_counter()
        timings = {"embed": _ms(t1 - t0), "search": _ms(t2 - t1), "total": _ms(t2 - t0)}
        return answer, timings

    def evidence(self, plan: Plan, vector: np.ndarray, conv: Conversation, k: int | None = None) -> Evidence:
        """Execute a plan in a conversation; with what abstention is judged on (when it applies)."""
        searcher = self.searchers["hybrid"] if k is None else replace(self.searchers["hybrid"], k=k)
        last = conv.turns[-1].answer if conv.turns else None
        result = searcher.execute(plan, vector, [h.passage for h in last.hits] if last else [])
        if isinstance(_inner(result.plan), Lookup):
            return Evidence(result, False, False, 0.0, "")
        by_similarity = _searched(result)
        similarity = self.similarity(result.plan, vector) if by_similarity else 0.0
        return Evidence(result, True, by_similarity, similarity, _context(result.plan))

    def verdict(self, evidence: Evidence, min_similarity: float, min_overlap: int) -> str:
        """Why to decline (empty: answer), for thresholds given."""
        if not evidence.judged:
            return ""
        # the best few hits hold the evidence: a long list must not answer by holding a number somewhere
        plan, hits = evidence.result.plan, evidence.result.hits[: self.settings.top_k]
        v = judge(
            plan.question, hits, self.country, self.vocab.common, evidence.similarity,
            min_overlap, min_similarity, evidence.context, evidence.by_similarity,
        )  # fmt: skip
        return v.reason if v.abstain else ""

    def _compose(self, evidence: Evidence) -> Answer:
        result = evidence.result
        provenance = {
            "edition": f"last update {self.index.documents[0].edition}",
            "documents": [f"{d.country}, last update {d.edition}" for d in self.index.documents],
            "index": self.index.fingerprint,
            "model": self.settings.model,
        }
        if result.missing and not result.hits:
            nearest = [n for m in result.missing for n in nearest_ids(m, self.index.passages)]
            return compose(result, self.country, provenance, nearest=nearest)
        reason = self.verdict(evidence, self.settings.min_similarity, self.settings.min_overlap)
        answer = compose(result, self.country, provenance, abstain_reason=reason)
        return replace(answer, similarity=round(evidence.similarity, 4))

    def similarity(self, plan: Plan, vector: np.ndarray | None = None) -> float:
        """Best similarity of any passage to the question, or to its expansion in the document's words.

        A terse lay question (a word of slang) is closest to the factsheet in the factsheet's own words.
        """
        dense = self.searchers["dense"].retriever
        assert isinstance(dense, DenseRetriever)
        vector = self.embedder.encode([plan.terms.dense])[0] if vector is None else vector
        best = dense.search_vector(vector, 1)[0].score if dense.passages else 0.0
        if best < self.settings.min_similarity and plan.terms.lexical != plan.terms.dense:
            best = max(best, dense.search_vector(self.embedder.encode([plan.terms.lexical])[0], 1)[0].score)
        return float(best)


def _inner(plan: Plan) -> Plan:
    """The plan a follow-up that searches again runs; any other plan itself."""
    return plan.then if isinstance(plan, FollowUp) and plan.then is not None else plan


def _searched(result: SearchResult) -> bool:
    """Was this found by similarity (a search, a topic list), rather than by structure or citation?"""
    inner = _inner(result.plan)
    if any(n.rule == "list:empty" for n in result.notes):
        return True
    return isinstance(inner, Search) or (isinstance(inner, ListPlan) and bool(inner.topic))


def _context(plan: Plan) -> str:
    """The earlier question a follow-up leans on: its words belong to the subject too."""
    inner = _inner(plan)
    return inner.terms.dense[: -len(plan.question)].strip() if inner is not plan else ""


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def nearest_ids(missing: str, passages: Sequence[Passage]) -> list[str]:
    """Recommendation ids (or paragraphs) of the factsheet nearest to one it does not have."""
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
