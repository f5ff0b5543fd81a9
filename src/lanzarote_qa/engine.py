"""The loaded assistant: index, embedder and searchers, created once and shared by CLI, app and eval.

`ask` only wires the stages: conversation (plan) -> search (execute) -> abstain (judge) -> answer (compose).
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from .abstain import Verdict, judge
from .answer import Answer, compose, within_budget
from .conversation import AFTER_LOOKUP, Conversation
from .countries import Across, combine, for_document, named_documents, without_country
from .embedding import Embedder, context_tokens
from .index import LoadedIndex, ensure_index, load_index
from .retrieval import DenseRetriever, HybridRetriever, LexicalRetriever
from .search import Searcher, SearchResult
from .settings import Settings
from .types import Document, Filters, FollowUp, ListPlan, Passage, Plan, Search
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class Evidence:
    """A search result and what abstention judges it on."""

    result: SearchResult
    judged: bool
    by_similarity: bool  # searches are judged on similarity too; look-ups and sets by structure on what they hold
    similarity: float  # best dense similarity of any passage to the question
    context: str  # the earlier question a follow-up leans on
    anchored: bool = False  # held to the factsheet's structure or terms (see `_anchored`)


Chat = Conversation | Across  # a conversation over one factsheet, or over several


@dataclass
class Engine:
    """Everything needed to answer, loaded once."""

    settings: Settings
    index: LoadedIndex
    embedder: Embedder
    searchers: dict[str, Searcher]  # "hybrid" answers; "dense" and "lexical" serve the evaluation's ablations
    vocab: Vocabulary
    parts: dict[str, Engine] = field(default_factory=dict)  # one per factsheet, when several are loaded

    @classmethod
    def load(cls, settings: Settings, embedder: Embedder, build: bool = False, progress: bool = False) -> Engine:
        """Load the index (building it first when allowed and needed) around an already loaded embedder."""
        import faiss

        # one query at a time: a second thread only adds wake-up latency (measured in bench/faiss_scaling.py)
        faiss.omp_set_num_threads(1)
        index = ensure_index(settings, embedder, progress=progress) if build else load_index(settings)
        lexical = LexicalRetriever.load(index.passages, str(index.lexical_dir))
        engine = cls._around(settings, index, embedder, lexical)
        if len(index.documents) > 1:
            engine.parts = {d.slug: engine._part(d) for d in index.documents}
        return engine

    @classmethod
    def _around(cls, settings: Settings, index: LoadedIndex, embedder: Embedder, lexical: LexicalRetriever) -> Engine:
        passages = index.passages
        dense = DenseRetriever(passages, index.vectors, embedder.encode)
        hybrid = HybridRetriever(
            dense, lexical, settings.candidates, settings.rrf_k, settings.lexical_weight, settings.decisive_margin
        )
        searchers = {r.name: Searcher(passages, r, settings.top_k) for r in (dense, lexical)}
        searchers["hybrid"] = Searcher(passages, hybrid, settings.top_k, settings.relevance_gap, dense, lexical)
        vocab = Vocabulary.from_passages(passages, index.documents[0].country, _footnotes(index))
        return cls(settings, index, embedder, searchers, vocab)

    def _part(self, doc: Document) -> Engine:
        """The engine of one factsheet: its passages' vectors and BM25 (rebuilt in memory; a few ms), its words."""
        import faiss

        from .chunking import embed_text

        rows = [i for i, p in enumerate(self.index.passages) if p.document == doc.slug]
        passages = tuple(self.index.passages[i] for i in rows)
        vectors = faiss.IndexFlatIP(self.index.vectors.d)  # type: ignore[attr-defined]
        vectors.add(np.stack([self.index.vectors.reconstruct(i) for i in rows]))  # type: ignore[attr-defined]
        lexical = LexicalRetriever.build(passages, [embed_text(p) for p in passages])
        index = replace(self.index, passages=passages, vectors=vectors, documents=(doc,))
        return Engine._around(self.settings, index, self.embedder, lexical)

    @property
    def country(self) -> str:
        """The factsheet's country (the first's, when several are loaded)."""
        return self.index.documents[0].country

    def _conversation(self) -> Conversation:
        return Conversation(self.vocab)

    def new_conversation(self) -> Chat:
        """An empty chat session (over every factsheet, when several are loaded)."""
        if self.parts:
            return Across({slug: part._conversation() for slug, part in self.parts.items()})
        return self._conversation()

    def replay(self, history: Sequence[str], filters: Filters | None = None) -> Chat:
        """A conversation rebuilt from earlier user questions (oldest first)."""
        conv = self.new_conversation()
        for q in history:
            self.ask(q, conv, filters)
        return conv

    def ask_after(
        self,
        history: Sequence[str],
        question: str,
        filters: Filters | None = None,
        k: int | None = None,
        budget: int | None = None,
    ) -> tuple[Answer, dict]:
        """Answer a question after replaying the earlier ones; the timings count the replay too."""
        t0 = time.perf_counter()
        conv = self.replay(history, filters)
        replayed = _ms(time.perf_counter() - t0)
        answer, timings = self.ask(question, conv, filters, k, budget)
        return answer, {**timings, "replay": replayed, "total": round(timings["total"] + replayed, 2)}

    def ask(
        self,
        question: str,
        conversation: Chat | None = None,
        filters: Filters | None = None,
        k: int | None = None,
        budget: int | None = None,
    ) -> tuple[Answer, dict]:
        """Answer one question in a conversation; returns the answer and timings in ms.

        `budget`: instead of the passages a person reads, as many as fit that many tokens (cl100k), in rank order.
        """
        t0 = time.perf_counter()
        conv = conversation if conversation is not None else self.new_conversation()
        if isinstance(conv, Across):
            return self._ask_across(question, conv, filters, k, budget)
        plan, reading = conv.plan(question, filters)
        vector, bare = self.vectors(plan)
        t1 = time.perf_counter()
        evidence = self.evidence(plan, vector, conv, len(self.index.passages) if budget else k, bare)
        answer = self._compose(evidence)
        if budget:
            answer, _ = within_budget(answer, budget, context_tokens())
        conv.add(question, reading, plan, answer)
        t2 = time.perf_counter()
        timings = {"embed": _ms(t1 - t0), "search": _ms(t2 - t1), "total": _ms(t2 - t0)}
        return answer, timings

    def _ask_across(
        self, question: str, conv: Across, filters: Filters | None, k: int | None, budget: int | None
    ) -> tuple[Answer, dict]:
        """With several factsheets: the countries the question names, else the conversation's, else all of
        them; each answered by its own factsheet's engine; more than one grouped by country."""
        t0 = time.perf_counter()
        docs = self.index.documents
        named = named_documents(question, docs)
        if filters is not None and filters.document:
            scope: tuple[str, ...] = (filters.document,)
        else:
            scope = named or conv.scope or tuple(d.slug for d in docs)
        for slug in scope:
            if slug not in conv.scope:
                # a country new to the conversation picks it up where it was ("and Norway?"): its own
                # conversation is given the latest questions, each as put to its factsheet
                conv.parts[slug].reset()
                for earlier in conv.recent:
                    self.parts[slug].ask(for_document(earlier, docs, slug), conv.parts[slug], filters)
        answers = []
        for slug in scope:
            asked = for_document(question, docs, slug) or question
            answer, _ = self.parts[slug].ask(asked, conv.parts[slug], filters, k, budget)
            answers.append((next(d for d in docs if d.slug == slug), answer))
        conv.add(question, scope)
        if len(answers) == 1:
            answer = replace(answers[0][1], question=question, provenance=self._provenance())
        else:
            answer = combine(question, answers, self._provenance())
        total = _ms(time.perf_counter() - t0)
        return answer, {"embed": 0.0, "search": total, "total": total}

    def vectors(self, plan: Plan) -> tuple[np.ndarray, np.ndarray | None]:
        """The plan's dense vector, and that of its words without the country's name (one batch; None if empty)."""
        dense = plan.terms.dense
        bare = without_country(dense, self.country)
        if bare == dense:
            vector = self.embedder.encode([dense])[0]
            return vector, vector
        if not bare:
            return self.embedder.encode([dense])[0], None
        both = self.embedder.encode([dense, bare])
        return both[0], both[1]

    def evidence(
        self, plan: Plan, vector: np.ndarray, conv: Conversation, k: int | None = None, bare: np.ndarray | None = None
    ) -> Evidence:
        """Execute a plan in a conversation; with what abstention is judged on (when it applies).

        `bare`: the vector of the plan's words without the country's name, for the similarity abstention uses.
        """
        searcher = self.searchers["hybrid"] if k is None else replace(self.searchers["hybrid"], k=k)
        last = conv.turns[-1].answer if conv.turns else None
        result = searcher.execute(plan, vector, [h.passage for h in last.hits] if last else [])
        inner = _inner(result.plan)
        by_similarity = _searched(result)
        similarity = self.similarity(inner, bare) if by_similarity else 0.0
        return Evidence(result, True, by_similarity, similarity, _context(result.plan), _anchored(inner, result))

    def verdict(self, evidence: Evidence, min_similarity: float, min_overlap: int) -> str:
        """Why to decline (empty: answer), for thresholds given."""
        v = self._judge(evidence, min_similarity, min_overlap)
        return v.reason if v.abstain else ""

    def _judge(self, evidence: Evidence, min_similarity: float, min_overlap: int) -> Verdict:
        if not evidence.judged:
            return Verdict(False)
        # the best few hits hold the evidence: a long list must not answer by holding a number somewhere
        plan, hits = evidence.result.plan, evidence.result.hits[: self.settings.top_k]
        return judge(
            plan.terms.text or plan.question, hits, self.vocab, evidence.similarity,
            min_overlap, min_similarity, evidence.context, evidence.by_similarity, plan.terms.topic,
            evidence.anchored,
        )  # fmt: skip

    def _compose(self, evidence: Evidence) -> Answer:
        result = evidence.result
        provenance = self._provenance()
        if result.missing and not result.hits:
            nearest = [n for m in result.missing for n in nearest_ids(m, self.index.passages)]
            return compose(result, self.country, provenance, nearest=nearest)
        v = self._judge(evidence, self.settings.min_similarity, self.settings.min_overlap)
        reason = v.reason if v.abstain else ""
        if v.holds and isinstance(result.plan, Search):
            # "how many children …?": the passage holding the count asked for answers it, so it leads
            holding = [h for h in result.hits if v.holds in h.passage.text][:1]
            result = replace(result, hits=(*holding, *(h for h in result.hits if h not in holding)))
        answer = compose(result, self.country, provenance, abstain_reason=reason)
        return replace(answer, similarity=round(evidence.similarity, 4))

    def _provenance(self) -> dict:
        return {
            "edition": f"last update {self.index.documents[0].edition}",
            "documents": [f"{d.country}, last update {d.edition}" for d in self.index.documents],
            "index": self.index.fingerprint,
            "model": self.settings.model,
        }

    def similarity(self, plan: Plan, bare: np.ndarray | None = None) -> float:
        """Best similarity of any passage to the question without its country's name, or to its expansion.

        Every passage speaks of the country, so its name makes any question look close ("Danish
        citizenship"); the rest of the question says what it is about. A terse lay question (a word of
        slang) is closest to the factsheet in the factsheet's own words.
        """
        dense = self.searchers["dense"].retriever
        assert isinstance(dense, DenseRetriever)
        if not dense.passages:
            return 0.0
        texts = [without_country(t, self.vocab.country) for t in (plan.terms.dense, plan.terms.lexical)]
        if bare is None and texts[0]:
            bare = self.embedder.encode(texts[:1])[0]
        best = dense.search_vector(bare, 1)[0].score if bare is not None else 0.0
        if best < self.settings.min_similarity and texts[1] and texts[1] != texts[0]:
            best = max(best, dense.search_vector(self.embedder.encode(texts[1:])[0], 1)[0].score)
        return float(best)


def _footnotes(index: LoadedIndex) -> list[str]:
    return [f.text for d in index.documents for f in d.footnotes.values()]


def _inner(plan: Plan) -> Plan:
    """The plan a follow-up that searches again runs; any other plan itself."""
    return plan.then if isinstance(plan, FollowUp) and plan.then is not None else plan


def _searched(result: SearchResult) -> bool:
    """Was this found by similarity (a search, a topic list), rather than by structure or citation?"""
    inner = _inner(result.plan)
    if any(n.rule in ("list:empty", "list:routed-by-search") for n in result.notes):
        return True
    return isinstance(inner, Search) or _topic_list(inner)


def _anchored(plan: Plan, result: SearchResult) -> bool:
    """Is the question held to the factsheet's own structure or terms: a search routed to a chapter (by a word
    of its title, or by number), a definition of the factsheet's own term, a topic set that found passages
    holding its words, or a follow-up leaning on a looked-up recommendation? With every word the factsheet's
    own, such a question is on topic at any similarity."""
    if any(r.rule == AFTER_LOOKUP for r in result.plan.reasons):
        return True
    if isinstance(plan, Search):
        return bool(plan.boosts.chapters) or _defines_own_term(plan)
    return _topic_list(plan) and bool(result.hits) and not any(n.rule == "list:empty" for n in result.notes)


def _topic_list(plan: Plan) -> bool:
    """A set named by its topic words alone ("which recommendations concern judges?"), not by a chapter."""
    return isinstance(plan, ListPlan) and bool(plan.topic) and not plan.structure.chapters


def _defines_own_term(plan: Plan) -> bool:
    """A definition question about an obligation level or an acronym the factsheet spells out: what it asks
    to define is the factsheet's own term, however far its wording is from the passages that define it."""
    rules = {r.rule for r in plan.reasons}
    levels = any(r.rule == "definition" and re.search(r"\blevels?\b|\burgency\b", r.words, re.I) for r in plan.reasons)
    # the cue may be one of the definition rules' own ("a 'request' is based on what?": definition:level-basis)
    defines = any(r == "definition" or r.startswith("definition:") for r in rules)
    return defines and (levels or any(r == "acronym" or r.startswith("level:") for r in rules))


def _context(plan: Plan) -> str:
    """The earlier question a follow-up leans on: its words belong to the subject too."""
    return _inner(plan).terms.context


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
