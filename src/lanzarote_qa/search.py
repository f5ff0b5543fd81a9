"""A Query -> ranked hits: direct look-ups, exhaustive structured lists, or fused search with boosts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .query import LEVEL_ORDER, Query
from .retrieval import Retriever, SearchText
from .types import Filters, Hit, Mode, Passage, Section

# Added to a fused score (rank-1 RRF is 1/61 ≈ 0.016) when a passage matches what the query understood.
CHAPTER_BOOST = 0.004
LEVEL_BOOST = 0.002


@dataclass(frozen=True)
class SearchResult:
    """Hits in rank order, and how they were found."""

    hits: tuple[Hit, ...]
    mode: Mode
    missing: tuple[str, ...] = ()  # looked-up ids or paragraphs the factsheet does not have
    found: int = 0  # how many leading hits a look-up found directly


def apply_filters(passages: Sequence[Passage], filters: Filters) -> list[Passage]:
    """Hard filters from the user (chapter, section, level)."""
    return [p for p in passages if filters.admits(p)]


def _lookup(query: Query, passages: Sequence[Passage]) -> tuple[list[Passage], list[str]]:
    found: list[Passage] = []
    missing: list[str] = []
    for rec in query.rec_ids:
        hits = [p for p in passages if rec in p.recommendations]
        found.extend(hits)
        if not hits:
            missing.append(f"Recommendation {rec}")
    for para in query.paragraphs:
        hits = [p for p in passages if para in p.paragraphs]
        found.extend(hits)
        if not hits:
            missing.append(f"Para. {para}")
    return list(dict.fromkeys(found)), missing


def _section_rank(p: Passage) -> int:
    return {Section.GENERIC: 1, Section.PRACTICE: 2, Section.INTRO: 3}.get(p.section, 0)


def structured_list(query: Query, passages: Sequence[Passage]) -> list[Passage]:
    """Every passage matching the understood levels, chapters and scope, in answer order."""
    chapter_rank = {c: i for i, c in enumerate(query.chapters)}
    pool = [p for p in passages if not query.chapters or p.chapter in chapter_rank]
    if Section.PRACTICE in query.sections:
        pool = [p for p in pool if p.section is Section.PRACTICE]
    else:
        pool = [p for p in pool if p.level in query.levels]
        scoped = [s for s in query.sections if s is not Section.PRACTICE]
        if scoped:
            pool = [p for p in pool if p.section in scoped]
    order = {p.id: i for i, p in enumerate(passages)}
    return sorted(
        pool,
        key=lambda p: (
            chapter_rank.get(p.chapter, 0),
            LEVEL_ORDER.index(p.level) if p.level in LEVEL_ORDER else 3,
            _section_rank(p),
            order[p.id],
        ),
    )


def run(retriever: Retriever, query: Query, k: int, understand: bool = True, vector=None) -> list[Hit]:
    """Plain retrieval: dense on what the user said (or its vector, if already embedded), lexical on the expansion."""
    if not understand:
        return retriever.search(SearchText.plain(query.question), k)
    return retriever.search(SearchText(query.dense_text, query.text, vector), k)


def search(
    query: Query,
    retriever: Retriever,
    passages: Sequence[Passage],
    k: int,
    depth: int = 30,
    understand: bool = True,
    vector=None,
) -> SearchResult:
    """Rank passages for a query; `understand=False` is plain retrieval (an evaluation baseline)."""
    allowed = {p.id for p in apply_filters(passages, query.filters)}
    if understand and (query.rec_ids or query.paragraphs):
        found, missing = _lookup(query, passages)
        found = [p for p in found if p.id in allowed]
        if found or missing:
            rest = [h for h in run(retriever, query, depth, understand, vector) if h.passage.id in allowed]
            hits = [Hit(p, 1.0) for p in found] + [h for h in rest if h.passage not in found]
            return SearchResult(tuple(hits[: max(k, len(found))]), Mode.LOOKUP, tuple(missing), len(found))
    if understand and (query.exhaustive or (Section.PRACTICE in query.sections and query.chapters)):
        listed = [p for p in structured_list(query, passages) if p.id in allowed]
        if listed:  # the whole set and nothing else: a list answer is exhaustive, not top-k
            return SearchResult(tuple(Hit(p, 1.0) for p in listed), Mode.LIST)
    pool_k = len(passages) if len(allowed) < len(passages) or understand else depth
    hits = [h for h in run(retriever, query, pool_k, understand, vector) if h.passage.id in allowed]
    if understand:
        hits = _rerank(query, hits)
    return SearchResult(tuple(hits[:k]), Mode.SEARCH)


def _rerank(query: Query, hits: list[Hit]) -> list[Hit]:
    """Boost passages in the routed chapters, at the asked level, of the asked kind; demote other scopes."""
    chapter_weight = {c: 1.0 / (i + 1) for i, c in enumerate(query.chapters)}
    scoped = set(query.sections)
    out = []
    for h in hits:
        p = h.passage
        score = h.score + CHAPTER_BOOST * chapter_weight.get(p.chapter, 0.0)
        if p.level and p.level in query.levels:
            score += LEVEL_BOOST
        if query.wants_recommendations and p.kind == "recommendation":
            score += LEVEL_BOOST
        if query.wants_definitions and p.section is Section.INTRO:
            score += CHAPTER_BOOST
        # a scope word demotes the other scope's recommendations, not the background around them
        if scoped and p.section not in scoped and p.section in (Section.GENERIC, Section.COUNTRY):
            score -= 2 * CHAPTER_BOOST
        out.append(Hit(p, score))
    return sorted(out, key=lambda h: -h.score)
