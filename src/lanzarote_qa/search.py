"""Plan -> ranked hits: look-ups, whole sets, narrowed follow-ups, or fused search with light boosts.

Relevance comes first: a list is the whole set ranked by the question, a search is the fused
ranking with at most light boosts from what understanding found, cut at a relevance floor so
no weak passage is shown as filler.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

import numpy as np

from .lexicon import concepts
from .query import term_words
from .retrieval import DenseRetriever, Retriever, SearchText, lexical_tokens
from .types import (
    Action,
    Decline,
    FollowUp,
    Hit,
    Kind,
    ListPlan,
    Lookup,
    Passage,
    Plan,
    Reason,
    Search,
    Section,
    Structure,
)
from .vocabulary import introductions, opening_chapters

# Added to a fused score (rank-1 RRF is 1/61 ≈ 0.016) when a passage fits what the question asked.
CHAPTER_BOOST = 0.004
LEVEL_BOOST = 0.002
# Added, in proportion to the share it holds, to a passage holding the words a search focuses on
# (what a follow-up newly asks about).
FOCUS_BOOST = 0.006
# Added to a passage of the earlier answer when a follow-up's pronoun points back at it ("who funded it?").
CONTINUITY_BOOST = 0.002
# A set question on a topic no passage holds whole is listed from the chapter most of its best matches share.
ROUTE_BY_SEARCH_TOP = 5
# A chapter's set is cut to the part its topic words pick out only when it has this many passages or more, and only
# by a word the best NARROW_TOP of them all hold; not by the chapter's own word: two thirds of its uses sit in the
# chapter and it runs through the chapter (OWN_WORD_SPREAD of its passages or more). A rare word all of whose few uses
# sit there ("delays": two of its 28 passages) names a part of it, not the chapter.
NARROW_MIN = 6
NARROW_TOP = 3
# The relevance floor spares the passages the question's own words match best: a long passage that holds the words
# asked about ("which monitoring round …?") can sit far below the best one in meaning and still answer.
FLOOR_SPARES_LEXICAL = 2
OWN_WORD_SHARE = 2 / 3
OWN_WORD_SPREAD = 0.15


@dataclass(frozen=True)
class SearchResult:
    """Hits in rank order, the plan that produced them, and what a look-up could not find."""

    hits: tuple[Hit, ...]
    plan: Plan
    missing: tuple[str, ...] = ()  # looked-up ids or paragraphs the factsheet does not have
    notes: tuple[Reason, ...] = ()  # what execution decided beyond the plan (a fallback, a text match)
    earlier: tuple[Passage, ...] = ()  # for a follow-up: the passages of the earlier answer
    matching: tuple[str, ...] = field(default_factory=tuple)  # yes/no follow-up: ids that fit the question


@dataclass(frozen=True)
class Searcher:
    """Executes plans over the passages with one retriever."""

    passages: tuple[Passage, ...]
    retriever: Retriever
    k: int = 5
    gap: float = 0.0  # a search shows no hit whose similarity is this far below the best one's (0: no floor)
    dense: DenseRetriever | None = None  # measures that similarity
    lexical: Retriever | None = None  # picks the best word matches, which the floor spares

    def rank(self, plan: Plan, vector: np.ndarray | None = None) -> list[Hit]:
        """Every passage the retriever scores for the plan's words, best first."""
        text = SearchText(plan.terms.dense, plan.terms.lexical, vector)
        return self.retriever.search(text, len(self.passages))

    def execute(self, plan: Plan, vector: np.ndarray | None = None, earlier: Sequence[Passage] = ()) -> SearchResult:
        """Run a plan; `vector` is its dense text already embedded, `earlier` the previous answer's passages."""
        allowed = [p for p in self.passages if plan.filters.admits(p)]
        match plan:
            case Lookup():
                return self._lookup(plan, allowed)
            case ListPlan():
                return self._list(plan, allowed, vector)
            case FollowUp():
                return self._follow_up(plan, allowed, vector, earlier)
            case Search():
                return self._search(plan, allowed, vector)
            case Decline():
                return SearchResult((), plan)

    def _lookup(self, plan: Lookup, allowed: list[Passage]) -> SearchResult:
        found: list[Passage] = []
        missing: list[str] = []
        notes: list[Reason] = []

        def named(hits: list[Passage], what: str) -> None:
            found.extend(hits)
            if not hits:
                missing.append(what)

        for rec in plan.ids:
            named([p for p in allowed if rec in p.recommendations], f"Recommendation {rec}")
        for para in plan.paragraphs:
            hits = [p for p in allowed if para in p.paragraphs]
            if not hits:  # not cited by any footnote: the text may still mention it
                hits = [p for p in allowed if _mentions(p.text, para)]
                if hits:
                    notes.append(Reason("lookup:text", f"para {para}", "no footnote cites it; the text mentions it"))
            named(hits, f"Para. {para}")
        for note in plan.footnotes:
            named([p for p in allowed if note in p.footnotes], f"Footnote {note}")
        for mention in plan.mentions:
            number = int(re.search(r"\d+", mention).group(0))  # type: ignore[union-attr]
            named([p for p in allowed if _mentions(p.text, number)], mention)
        unique = list(dict.fromkeys(found))
        return SearchResult(tuple(Hit(p, 1.0) for p in unique), plan, tuple(missing), tuple(notes))

    def _list(self, plan: ListPlan, allowed: list[Passage], vector: np.ndarray | None) -> SearchResult:
        result = self._whole_set(plan, allowed, vector)
        if plan.widen and len(result.hits) <= 1:
            # "what is Denmark invited to do on research?" where one invitation names it: the invitations to all
            # Parties are its too
            both = replace(plan, structure=replace(plan.structure, sections=()), widen=False)
            note = Reason("list:widened", "", "one passage or none addressed to the country: all Parties' too")
            wider = self._whole_set(both, allowed, vector)
            # the one addressed to the country by name answers what it is asked most directly: it leads (not one of
            # another level shown because none was of the level asked)
            own = [h for h in result.hits if plan.structure.admits(h.passage)]
            addressed = {h.passage.id for h in own}
            led = (*own, *(h for h in wider.hits if h.passage.id not in addressed))
            result = replace(wider, hits=led, plan=plan, notes=(*wider.notes, note))
        hits = [h for h in result.hits if h.passage.chapter not in plan.without_chapters]
        # a thing left out by name is a part of the set: the few passages holding its words, not most of the set
        # ("apart from the unit" after the unit's chapter, most of whose practices name a unit, leaves all in)
        named = [h for h in hits if plan.without and _holds_most(self._topic_stems[h.passage.id], plan.without)]
        if len(named) <= len(hits) / 2:
            hits = [h for h in hits if h not in named]
        if not hits or len(hits) == len(result.hits):
            return result
        note = Reason("list:left-out", "", f"{len(result.hits) - len(hits)} passages left out as asked")
        return replace(result, hits=tuple(hits), notes=(*result.notes, note))

    def _whole_set(self, plan: ListPlan, allowed: list[Passage], vector: np.ndarray | None) -> SearchResult:
        scores = self._scores(plan, vector)
        structure = plan.structure
        notes: tuple[Reason, ...] = ()
        loose = replace(structure, chapters=())  # the level, scope and kind asked for, in any chapter
        if plan.heading:  # the passages under the heading named, if the rest of the set asked for holds any
            # a heading names its own chapter (not one a follow-up inherited) and its set, which the topic ranks
            # and narrows as a chapter's ("list the key findings" beside an unrelated word keeps them all)
            headed = [p for p in allowed if p.heading == plan.heading]
            # the heading's own words may read as a kind or scope ("the key findings as to all Parties" as findings,
            # generic) its passages are not: then the heading's passages are the set
            under = [p for p in headed if loose.admits(p)] or ([] if loose.levels else headed)
            if under:
                kept, notes = self._narrowed(_ordered(under, scores, self.passages), plan.topic)
                return SearchResult(tuple(kept), plan, notes=notes)
        if plan.about:  # a topic phrase's passages; if none holds it, the set is read as if it named none
            allowed = [p for p in allowed if _holds_most(self._topic_stems[p.id], plan.about)] or allowed
        if structure.chapters:  # the topic's chapters: the whole set in them, ranked by the question
            inside = _ordered([p for p in allowed if structure.admits(p)], scores, self.passages)
            if inside:
                kept, notes = self._narrowed(inside, plan.topic)
                # "which organisations run projects …?" where the topic words cut nothing of the chapters it routes
                # to: the things asked about are in a few of their passages, which a search finds, not all of them
                if not (plan.some and len(kept) == len(inside) > self.k):
                    return SearchResult(tuple(kept), plan, notes=notes)
                things = Reason("list:things", "", "things asked about, not the chapters' whole set: searched instead")
                return self._searched_instead(plan, allowed, vector, replace(structure, chapters=()), things)
            # the set is empty: say so, with what is there instead (at the other levels, or in the other part)
            for dropped in ("sections", "levels") if plan.part_carried else ("levels", "sections"):
                if not getattr(structure, dropped):
                    continue
                others = replace(structure, **{dropped: ()})
                there = _ordered([p for p in allowed if others.admits(p) and p.level], scores, self.passages)
                if there:
                    note = Reason("list:none", dropped, f"no passage of the {dropped} asked; the others shown instead")
                    kept, narrowed = self._narrowed(there, plan.topic)
                    return SearchResult(tuple(kept), plan, notes=(note, *narrowed))
        fits = _ordered([p for p in allowed if structure.admits(p)], scores, self.passages)
        pool = fits
        if plan.topic and not structure.chapters:
            pool = [h for h in fits if _holds_most(self._topic_stems[h.passage.id], plan.topic)]
            # (one word, a name, is the set's however the rest of the question ranks: "the practices naming INTERPOL")
            if pool and pool[0] != fits[0] and len(plan.topic) > 1:
                pool = []  # the passages holding the topic words miss the best match: not the set asked for
            if len(pool) == 1 and len(plan.topic) > 2:
                pool = []  # one passage holding most of several words: a set is asked for, not the passage
            if not pool:  # the chapter most of the best matches share
                chapter = _chapter_of_best(fits, self._opening)
                if chapter:
                    pool, narrowed = self._narrowed([h for h in fits if h.passage.chapter == chapter], plan.topic)
                    routed = Reason("list:routed-by-search", chapter, f"the best matches sit in chapter {chapter}")
                    notes = (routed, *narrowed)
        if pool:
            return SearchResult(tuple(pool), plan, notes=notes)
        empty = Reason("list:empty", "", "no passage fits the whole set: searched instead")
        return self._searched_instead(plan, allowed, vector, loose, empty)

    def _searched_instead(
        self, plan: ListPlan, allowed: list[Passage], vector: np.ndarray | None, loose: Structure, note: Reason
    ) -> SearchResult:
        """A set question answered by a search boosted by the set's structure (`loose`: what it is searched among)."""
        fallback = Search(
            question=plan.question, terms=plan.terms, reasons=plan.reasons, filters=plan.filters,
            boosts=plan.structure,
        )  # fmt: skip
        # searched among the passages of the kind, level and scope asked for ("the findings, not the recommendations",
        # "the generic ones"), if any
        admitted = [p for p in allowed if loose.admits(p)] if loose else []
        result = self._search(fallback, admitted, vector) if admitted else SearchResult((), plan)
        if not result.hits:
            result = self._search(fallback, allowed, vector)
        return replace(result, notes=(*result.notes, note))

    def _recommendations_after(self, observations: Sequence[str]) -> tuple[str, ...]:
        """The recommendation each observation leads to: the next one after it in its chapter's same section
        ("… must report the crime abroad." → "Therefore, the Committee requires Denmark to ensure …")."""
        found = (self._nearest(pid, Kind.RECOMMENDATION, forward=True) for pid in observations)
        return tuple(dict.fromkeys(pid for pid in found if pid is not None))

    def _findings_before(self, recommendations: Sequence[str]) -> tuple[str, ...]:
        """The finding each recommendation was made on, then the recommendation: the observation just before it in its
        chapter's same section, the mirror of `_recommendations_after`."""
        out: list[str] = []
        for pid in recommendations:
            if pid in self._positions:
                finding = self._nearest(pid, Kind.OBSERVATION, forward=False)
                out += [finding, pid] if finding is not None else [pid]
        return tuple(dict.fromkeys(out))

    def _nearest(self, pid: str, kind: Kind, forward: bool) -> str | None:
        """The nearest passage of `kind` after (or before) `pid` in its chapter's same section, with no other
        recommendation between them."""
        at = self._positions.get(pid)
        if at is None:
            return None
        here = self.passages[at]
        for p in self.passages[at + 1 :] if forward else reversed(self.passages[:at]):
            if (p.chapter, p.section) != (here.chapter, here.section):
                return None
            if p.kind is kind:
                return p.id
            if p.kind is Kind.RECOMMENDATION:
                return None
        return None

    def _narrowed(self, pool: list[Hit], topic: tuple[tuple[str, ...], ...]) -> tuple[list[Hit], tuple[Reason, ...]]:
        """A chapter's set (best first) cut to the part the topic's own words pick out, with why; whole if none does.

        "How does Denmark prosecute sextortion? all the scenarios" routes to chapter II's observations, of which
        three hold the topic word: those are the set asked for, not all seven. A word picks out a part when a
        minority of the set (two or more) holds it, the best-ranked passages all hold it (relevance and the word
        agree), and the word is not the chapter's own (two thirds of its uses there: "police" in the chapter on
        investigation names the chapter, not a part of it). Words alongside one that picks out a part join it
        when one of the best-ranked passages holds them ("parents and the general public").
        """
        if len(pool) < NARROW_MIN or not topic:
            return pool, ()
        best = pool[:NARROW_TOP]
        chapters = {h.passage.chapter for h in pool}
        picking, joining, single = [], [], []
        titles = set().union(*(self._title_stems[c] for c in chapters))  # words naming the chapters
        for term in topic:
            holds = [h for h in pool if self._topic_stems[h.passage.id] & set(term)]
            if len(holds) == 1 and not set(term) & titles:
                single.append((term, holds[0]))
            if not 2 <= len(holds) <= len(pool) / 2 or self._chapters_own(term, chapters):
                continue
            if all(h in holds for h in best[: len(holds)]):
                picking.append(term)
            elif any(h in holds for h in best):
                joining.append(term)
        # words each held by one passage (three audiences named, one recommendation on each) pick out the part they hold
        # together, when that is the best-ranked part; not the words of the chapter's title, which name all of it
        held = list(dict.fromkeys(h for _, h in single))
        if 2 <= len(held) <= len(pool) / 2 and set(held) == set(pool[: len(held)]):
            picking += [term for term, _ in single]
        if not picking:
            return pool, ()
        words = {s for term in (*picking, *joining) for s in term}
        kept = [h for h in pool if self._topic_stems[h.passage.id] & words]
        note = Reason("list:narrowed", term_words((*picking, *joining)), "the part of the set holding these words")
        return kept, (note,)

    def _chapters_own(self, term: tuple[str, ...], chapters: set[str]) -> bool:
        """Do the chapters hold two thirds or more of the passages using the word (or a synonym), and is it used across
        them?"""
        users = [p for p in self.passages if self._topic_stems[p.id] & set(term)]
        inside = sum(p.chapter in chapters for p in users)
        size = sum(p.chapter in chapters for p in self.passages)
        return bool(users) and inside >= OWN_WORD_SHARE * len(users) and inside >= OWN_WORD_SPREAD * size

    def _fits(self, plan: FollowUp, p: Passage) -> bool:
        """Is the passage one a follow-up picks: of its level, scope, kind and chapter, holding its words?"""
        return plan.structure.admits(p) and _holds_most(self._stems(p), plan.topic)

    def _stems(self, p: Passage) -> frozenset[str]:
        """A passage's topic stems: cached for this searcher's passages (an earlier answer's may be another's)."""
        return self._topic_stems.get(p.id) or _topic_stems_of(p)

    @cached_property
    def _topic_stems(self) -> dict[str, frozenset[str]]:
        """Each passage's topic stems, by id."""
        return {p.id: _topic_stems_of(p) for p in self.passages}

    @cached_property
    def _title_stems(self) -> dict[str, frozenset[str]]:
        """Each chapter's title stems, by chapter: stemmed once, not on every list narrowed."""
        return {p.chapter: frozenset(lexical_tokens(p.chapter_title)) for p in self.passages}

    @cached_property
    def _concepts(self) -> dict[str, frozenset[str]]:
        """The stems of the factsheet's concepts each passage names, by id."""
        return {p.id: frozenset(stem for _, _, stem in concepts(f"{p.heading} {p.text}")) for p in self.passages}

    @cached_property
    def _text_stems(self) -> dict[str, frozenset[str]]:
        """Each passage's stems, by id: stemmed once, not on every follow-up that names a thing."""
        return {p.id: frozenset(lexical_tokens(p.text)) for p in self.passages}

    @cached_property
    def _positions(self) -> dict[str, int]:
        """Each passage's place in the document, by id."""
        return {p.id: i for i, p in enumerate(self.passages)}

    @cached_property
    def _introductions(self) -> dict[str, tuple[str, ...]]:
        """Each chapter's introduction passages, by chapter (none for the factsheet's own opening chapter)."""
        return introductions(self.passages)

    @cached_property
    def _opening(self) -> frozenset[str]:
        """The factsheet's opening chapters (all introduction), which no topic routes to."""
        return opening_chapters(self.passages)

    def _holding(self, referent: Sequence[str], boosts: Structure) -> tuple[str, ...]:
        """The passage (or two) of the topic's chapters naming the thing a follow-up points back at; none if
        more do (the word then names no one thing)."""
        if not referent:
            return ()
        within = [p for p in self.passages if not boosts.chapters or p.chapter in boosts.chapters]
        held = [p.id for p in within if set(referent) <= self._text_stems[p.id]]
        return tuple(held) if len(held) <= 2 else ()

    def _scores(self, plan: Plan, vector: np.ndarray | None) -> dict[str, float]:
        return {h.passage.id: h.score for h in self.rank(plan, vector)}

    def _search(self, plan: Search, allowed: list[Passage], vector: np.ndarray | None) -> SearchResult:
        by_id = {p.id: p for p in allowed}
        ranked = [h for h in self.rank(plan, vector) if h.passage.id in by_id]
        boosted = _boosted(plan.boosts, plan.focus, ranked, plan.continues, self._topic_stems)
        # the few passages naming a concept the question names are shown ("where did the country give no
        # information?"), in rank order and whatever the floor: a boost alone may leave them below passages sharing
        # only the question's words
        naming = [h for h in boosted if self._concepts[h.passage.id] & set(plan.concepts)]
        shown = naming if len(naming) <= self.k else []
        if shown:
            room = max(self.k - len(shown) - len(plan.leads), 0)
            best_others = [h for h in boosted if h not in shown][:room]
            window = [h for h in boosted if h in shown or h in best_others]
            boosted = window + [h for h in boosted if h not in window]
        following = (
            *self._findings_before(plan.grounds),
            *self._recommendations_after(plan.after),
            *self._holding(plan.referent, plan.boosts),
        )
        # the chapter's introduction a why-question asks for leads, unless the best match is an introduction itself
        # (the factsheet's own opening may say why better than the chapter's)
        intro_leads = not (boosted and boosted[0].passage.kind is Kind.INTRO)
        rationale = plan.rationale if intro_leads else ()
        if plan.why and not plan.rationale and intro_leads and boosted:
            # a why-question whose words route to no chapter ("why focus on people who work with kids?"): the
            # introduction of the chapter its best match sits in (not the factsheet's own, which speaks of all)
            rationale = self._introductions.get(boosted[0].passage.chapter, ())[:1]
        first = tuple(dict.fromkeys((*following, *plan.leads, *rationale)))  # a passage found twice leads once
        # a passage to lead is shown first even if the retriever did not score it (it shares no word)
        scored = {h.passage.id: h for h in boosted}
        leads = [scored.get(pid) or Hit(by_id[pid], 0.0) for pid in first if pid in by_id]
        hits = (leads + [h for h in boosted if h.passage.id not in first])[: self.k]
        if hits and self.gap > 0 and self.dense is not None:
            text = SearchText(plan.terms.dense, plan.terms.lexical, vector)
            similarity = {h.passage.id: h.score for h in self.dense.search(text, len(self.passages))}
            # with filters on, the floor is set by the best passage of the whole factsheet: a filter that
            # leaves out everything relevant shows nothing, not the least unrelated passage it lets through
            best = max(similarity.values()) if plan.filters else max(similarity.get(h.passage.id, 0.0) for h in hits)
            below = {h.passage.id for h in hits if similarity.get(h.passage.id, 0.0) < best - self.gap}
            spared = {h.passage.id for h in (*leads, *shown)}
            if below - spared and self.lexical is not None:  # (the word ranking is asked for only when it may spare)
                spared |= {h.passage.id for h in self.lexical.search(text, FLOOR_SPARES_LEXICAL)}
            hits = [h for h in hits if h.passage.id not in below or h.passage.id in spared]
            if not hits:
                nothing = Reason("filters:nothing", "", "nothing close within the filters")
                return SearchResult((), plan, notes=(nothing,))
        # structure narrows, it never reorders: kinds are kept only when the best match is of one
        if plan.only and hits and hits[0].passage.kind in plan.only:
            hits = [h for h in hits if h.passage.kind in plan.only]
        return SearchResult(tuple(hits), plan)

    def _follow_up(
        self, plan: FollowUp, allowed: list[Passage], vector: np.ndarray | None, earlier: Sequence[Passage]
    ) -> SearchResult:
        if plan.action is Action.RESEARCH and plan.then is not None:
            inner = self.execute(plan.then, vector, earlier)
            if plan.topic or plan.structure:  # "which of those …" after a search: those of its set that fit
                kept = tuple(h for h in inner.hits if self._fits(plan, h.passage))
                if kept:
                    note = Reason("follow-up:kept", plan.about, "of the earlier topic's set, those that fit")
                    inner = replace(inner, hits=kept, notes=(*inner.notes, note))
            return replace(inner, plan=plan)
        ids = {p.id for p in allowed}
        shown = [p for p in earlier if p.id in ids]
        if plan.action is Action.YES_NO and plan.then is not None:  # the earlier topic's whole set
            shown = [h.passage for h in self.execute(plan.then, vector, earlier).hits]
        fitting = [p for p in shown if self._fits(plan, p)]
        if plan.action is Action.NARROW and not fitting and plan.then is not None:
            inner = self.execute(plan.then, vector, earlier)
            note = Reason("follow-up:none-fit", plan.about, "none of the earlier passages fits: searched again")
            return replace(inner, plan=plan.then, notes=(*inner.notes, note))
        if plan.action is Action.YES_NO:
            rest = [p for p in shown if p not in fitting]
            hits = tuple(Hit(p, 1.0) for p in [*fitting, *rest])
            return SearchResult(hits, plan, earlier=tuple(shown), matching=tuple(p.id for p in fitting))
        return SearchResult(tuple(Hit(p, 1.0) for p in fitting), plan, earlier=tuple(shown))


def _topic_stems_of(p: Passage) -> frozenset[str]:
    """A passage's stems with its heading's, and the concepts it names, as topic words are matched."""
    text = f"{p.heading} {p.text}"
    return frozenset(lexical_tokens(text)) | {stem for _, _, stem in concepts(text)}


def _ordered(pool: Sequence[Passage], scores: dict[str, float], passages: Sequence[Passage]) -> list[Hit]:
    """The pool in relevance order (passages the retriever does not score keep document order, last)."""
    order = {p.id: i for i, p in enumerate(passages)}
    ranked = sorted(pool, key=lambda p: (-scores.get(p.id, 0.0), order[p.id]))
    return [Hit(p, scores.get(p.id, 0.0)) for p in ranked]


def _chapter_of_best(ranked: Sequence[Hit], opening: frozenset[str]) -> str | None:
    """The chapter most of the best-ranked hits sit in, the best one included and not an opening chapter; None if
    there is none such."""
    best = ranked[:ROUTE_BY_SEARCH_TOP]
    chapters = Counter(h.passage.chapter for h in best)
    chapter, n = chapters.most_common(1)[0] if chapters else ("", 0)
    # the best match must be in it too: a list never leaves out the passage that answers best
    return chapter if n > len(best) // 2 and chapter not in opening and best[0].passage.chapter == chapter else None


def _mentions(text: str, number: int) -> bool:
    """Does the text name paragraph `number` (alone, in a list, or in a range) of any document?"""
    for m in re.finditer(r"\b(?:para(?:graph)?s?\.?|§§?)\s*(\d+)((?:\s*(?:-|–|to|and|,)\s*\d+)*)", text, re.I):
        numbers = [int(m.group(1)), *(int(n) for n in re.findall(r"\d+", m.group(2)))]
        if number in numbers or (len(numbers) == 2 and numbers[0] <= number <= numbers[1]):
            return True
    return False


def _holds_most(stems: frozenset[str], topic: tuple[tuple[str, ...], ...]) -> bool:
    """Does a passage (its stems) speak of the topic: of both its words (if one or two), else of half of them?"""
    if not topic:
        return True
    need = len(topic) if len(topic) <= 2 else -(-len(topic) // 2)
    return _share_held(stems, topic) * len(topic) >= need


def _share_held(stems: frozenset[str], terms: tuple[tuple[str, ...], ...]) -> float:
    """The share of the terms a passage (its stems) speaks of (by the word itself or a synonym of its own)."""
    return sum(1 for own in _own_stems(terms) if stems & own) / len(terms)


@lru_cache(maxsize=256)  # bounded: a long-running chat meets new topics without end
def _own_stems(terms: tuple[tuple[str, ...], ...]) -> tuple[frozenset[str], ...]:
    """Each term's word and the synonyms no other term has: worked out once per topic, not once per passage."""
    # a synonym two of the words share cannot say which of them a passage speaks of: "teaching" and "online" both
    # expand to "information", which alone would count as both ("schools teaching children about online risks")
    shared = Counter(s for term in {frozenset(t) for t in terms} for s in term)
    return tuple(frozenset({term[0], *(s for s in term if shared[s] == 1)}) for term in terms)


def _boosted(
    boosts: Structure,
    focus: tuple[tuple[str, ...], ...],
    hits: list[Hit],
    continues: tuple[str, ...],
    stems: Mapping[str, frozenset[str]],
) -> list[Hit]:
    """Light boosts for passages in the routed chapters, at the asked level, of the asked kind or scope,
    holding what the search focuses on (`stems`: each passage's, by id), and of the earlier answer a pronoun
    points at."""
    if not boosts and not focus and not continues:
        return hits
    chapter_weight = {c: 1.0 / (i + 1) for i, c in enumerate(boosts.chapters)}
    scoped = set(boosts.sections)
    out = []
    for h in hits:
        p = h.passage
        score = h.score + CHAPTER_BOOST * chapter_weight.get(p.chapter, 0.0)
        if p.level and p.level in boosts.levels:
            score += LEVEL_BOOST
        if p.kind in boosts.kinds:
            score += LEVEL_BOOST
        # observations are the country's own part of a chapter: a question asking for them asks about the country,
        # not about what all Parties are invited to do
        if Kind.OBSERVATION in boosts.kinds and not scoped and p.section is Section.GENERIC:
            score -= LEVEL_BOOST / 2
        # a scope word demotes the other scope's recommendations, not the background around them
        if scoped and p.section not in scoped and p.section in (Section.GENERIC, Section.COUNTRY):
            score -= 2 * CHAPTER_BOOST
        if focus:
            score += FOCUS_BOOST * _share_held(stems[p.id], focus)
        if p.id in continues:
            score += CONTINUITY_BOOST
        out.append(Hit(p, score))
    return sorted(out, key=lambda h: -h.score)
