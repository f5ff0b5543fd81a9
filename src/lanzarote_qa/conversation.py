"""A chat session: each new question is read alone first, then decided per turn against the last one.

Three things a follow-up can do with the earlier turn: narrow the passages it showed ("which of
those are requests?", or yes/no about them), search again with its topic ("and what of the judges then?",
a pronoun), or nothing at all: a question with its own topic and no pointer starts afresh and
inherits neither topic nor scope.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .answer import Answer
from .lexicon import expand
from .query import Reading, blank, plan, read
from .retrieval import lexical_tokens, stop_stems
from .rules import (
    ASIDE_RULES,
    CITATION_RULES,
    CLAUSE_RULES,
    FOLLOW_UP_RULES,
    GROUP_RULES,
    HERE_RULES,
    NAMED_ONE_RULES,
    NARROW_RULES,
    REFERENT_RULES,
    SAME_LEVEL_RULES,
    WHY_RULES,
    first,
    matches,
)
from .types import (
    Action,
    Filters,
    FollowUp,
    Kind,
    ListPlan,
    Mode,
    Passage,
    Plan,
    Reason,
    Search,
    SearchTerms,
    Structure,
)
from .vocabulary import Vocabulary

_POINTER, _ELLIPTIC, _PRONOUN = FOLLOW_UP_RULES
# A question this short (content words) cannot carry a topic of its own.
_SHORT = 2
# A follow-up's search words take the earlier question's, but no more than this many characters of it.
MAX_CONTEXT_CHARS = 500
# A follow-up reads the last turn only; a few are kept, so a long session stays as small as a short one.
MAX_TURNS = 4
# Kinds of passage in neither part of a chapter (the country's or the generic).
_PARTLESS = (Kind.PRACTICE, Kind.INTRO)
# Topic words carried along a chain of follow-ups: the latest this many.
MAX_CARRIED_TERMS = 16


@dataclass(frozen=True)
class Turn:
    """One question and what came of it."""

    question: str
    reading: Reading
    plan: Plan
    answer: Answer | None


@dataclass
class Conversation:
    """Turns so far; `plan` turns a new question into a plan in their light."""

    vocab: Vocabulary
    turns: list[Turn] = field(default_factory=list)

    def plan(self, question: str, filters: Filters | None = None) -> tuple[Plan, Reading]:
        """The plan for a question in this conversation, and what the conversation carries on from it
        (the question read alone when it starts afresh; read with the earlier ones when it follows up)."""
        own = read(question, self.vocab)
        prev = self.turns[-1] if self.turns else None
        decided = decide(own, prev, filters)
        if prev is not None and isinstance(decided, FollowUp):
            carried = merge(own, prev.reading)
        else:  # "… in that chapter": what follows it is in that chapter too, when the plan was placed there
            placed = _placed(own, prev) if prev is not None else None
            carried = placed[0] if placed is not None and placed[1] in decided.reasons else own
        return decided, carried

    def add(self, question: str, reading: Reading, plan_: Plan, answer: Answer | None) -> None:
        """Remember a turn."""
        self.turns.append(Turn(question, reading, plan_, answer))
        del self.turns[:-MAX_TURNS]

    def reset(self) -> None:
        """Start a new conversation."""
        self.turns.clear()


def _placed(own: Reading, prev: Turn) -> tuple[Reading, Reason] | None:
    """ "and the generic ones there?": the question as asked, in the earlier answer's chapter (and why)."""
    here = first(HERE_RULES, own.question)
    shown = prev.answer.hits if prev.answer is not None and not prev.answer.abstained else ()
    if here is None or not shown or own.topic.chapters:
        return None
    chapter = shown[0].passage.chapter
    why = Reason(here.rule.name, here.words, f"chapter {chapter}, where the earlier answer sits")
    return replace(own, topic=replace(own.topic, chapters=(chapter,), covered=True)), why


def decide(own: Reading, prev: Turn | None, filters: Filters | None = None) -> Plan:
    """Per turn: narrow or ask yes/no about the earlier passages, search again with the earlier topic, or afresh."""
    q = own.question
    if prev is None or own.lookups.ids or own.lookups.paragraphs or own.lookups.mentions or own.lookups.footnotes:
        return plan(own, filters)
    if any(m.rule.name == "aside:new-subject" for m in matches(ASIDE_RULES, q)):
        return plan(own, filters)  # "different question - …": whatever it says next stands alone
    prev = _grounded(prev, own.is_set)
    pointer, elliptic, pronoun = (first((r,), q) for r in (_POINTER, _ELLIPTIC, _PRONOUN))
    shown = prev.answer.hits if prev.answer is not None and not prev.answer.abstained else ()
    structure = Structure(own.words.levels, (), own.words.sections, own.words.kinds)
    of_kind = replace(structure, levels=())  # the part and kind asked for, whatever the level
    earlier = tuple(h.passage.id for h in shown)
    new_topic = _new_terms(own, prev.reading)
    picks = first(NARROW_RULES, q)
    chapters = own.topic.chapters if _names_chapter(own) else ()
    topic = () if chapters else tuple(t for t in own.topic.terms if t[0] in new_topic)  # words of the factsheet
    if picks is not None and shown and (topic or chapters):
        # "which of them concern parents?": of the earlier set, the passages holding the new words (or in the
        # chapter it names). A list showed its whole set: narrow what it showed. A search showed its best few:
        # search again with the earlier topic and keep those. When none fits, the search again stands.
        why = Reason(picks.rule.name, picks.words, "narrows the passages of the previous answer")
        if own.cues["yes_no"] is not None:
            action = Action.YES_NO
        else:
            action = Action.NARROW if _showed_whole_set(prev.plan) else Action.RESEARCH
        merged = merge(own, prev.reading)
        return _follow(
            own, filters, action, (why,), earlier=earlier, structure=replace(structure, chapters=chapters),
            topic=topic, about=_surface(q, topic), then=plan(merged, filters, (why,), topic),
        )  # fmt: skip
    placed = _placed(own, prev)
    if placed:
        return plan(placed[0], filters, (placed[1],))
    cites = first(CITATION_RULES, q)
    if cites is not None and shown:  # "which paragraph does that cite?": the earlier passages, each with its citation
        why = Reason(cites.rule.name, cites.words, cites.rule.effect)
        leading = shown[0].passage
        asks_finding = own.words.kinds == (Kind.OBSERVATION,) and leading.kind is Kind.RECOMMENDATION
        if asks_finding:
            # "which paragraph is that finding based on?" after an answer a recommendation led, which cites none: the
            # finding it was made on, then it
            found = Reason(cites.rule.name, leading.id, f"the finding {leading.id} was made on, with its citation")
            return _on_findings(own, prev, filters, leading.id, found)
        return _follow(own, filters, Action.NARROW, (why,), earlier=earlier)
    asks_why = first(WHY_RULES, q)
    if asks_why is not None and shown and shown[0].passage.kind is Kind.RECOMMENDATION and len(new_topic) <= _SHORT:
        # "why was that asked for?": the findings the recommendation the earlier answer led with was made on
        lead = shown[0].passage.id
        reason = Reason(asks_why.rule.name, asks_why.words, f"the findings {lead} was made on, then {lead}")
        return _on_findings(own, prev, filters, lead, reason)
    back = pointer or pronoun
    known_new = [t for t in own.topic.terms if t[0] in new_topic]
    # "which bodies does it name?" after one passage looked up that names bodies: "it" is that passage
    of_it = (
        len(shown) == 1
        and pronoun is not None
        and pronoun.words.lower() in ("it", "its")
        and _holds_all(shown[0].passage, known_new)
    )
    if back is not None and shown and prev.plan.mode is Mode.LOOKUP and (not known_new or of_it) and not structure:
        # "could you explain it?", "who is that aimed at?" after a look-up: the passage looked up, again
        why = Reason("follow-up:looked-up", back.words, "about the passage looked up: shown again")
        return _follow(own, filters, Action.NARROW, (why,), earlier=earlier)
    if pointer is not None and shown and not new_topic:
        why = Reason(pointer.rule.name, pointer.words, "about the passages of the previous answer")
        if own.cues["yes_no"] is not None:
            # "is any of it a requirement?" after a search on a chapter's topic, which showed its best few: the
            # answer is in the chapter's whole set
            whole = _chapter_set(own, prev.plan, filters) if not _showed_whole_set(prev.plan) else None
            # "is there any recommendation about them for all Parties?" after a search that showed none of that part
            # or kind: asked of the topic, searched again below, not of the few passages shown (a level the passages
            # shown lack answers no: "is any of that binding?")
            elsewhere = bool(of_kind) and whole is None and not any(of_kind.admits(h.passage) for h in shown)
            if not elsewhere:
                return _follow(own, filters, Action.YES_NO, (why,), earlier=earlier, structure=structure, then=whole)
        # none of what was shown fits ("which of those are invitations?" after the topic's obligations): it asks
        # for the topic's set at that level, as after a search
        fits = any(structure.admits(h.passage) for h in shown)
        if structure and prev.plan.mode is not Mode.SEARCH and fits:
            return _follow(own, filters, Action.NARROW, (why,), earlier=earlier, structure=structure)
        # after a search, "which of these are invitations?" asks for the topic's set at that level, not for
        # the few passages the search showed: search again with the earlier topic
    # "and the one on data retention?" after an answer that holds no passage on it: the recommendation on that topic,
    # asked afresh (a pointer or pronoun still points back: "is the one on that binding?")
    named_one = first(NAMED_ONE_RULES, q)
    if (
        named_one is not None
        and pointer is None
        and pronoun is None
        and known_new
        and not any(_holds_all(h.passage, known_new) for h in shown)
    ):
        why = Reason(named_one.rule.name, named_one.words, named_one.rule.effect)
        return plan(own, filters, (why,))
    leans = elliptic or pointer or pronoun
    if leans is None and len(own.topic.terms) > _SHORT:
        return plan(own, filters)  # its own topic and nothing pointing back: afresh
    if leans is None and own.topic.terms and own.topic.chapters and own.topic.chapters != prev.reading.topic.chapters:
        return plan(own, filters)
    # "now tell me about research" after a search on police training: another chapter's whole topic is a new
    # question (after a list it may keep the list's level or scope: "and on jurisdiction?")
    other_chapter = own.topic.covered and own.topic.chapters != prev.reading.topic.chapters
    if elliptic is not None and pointer is None and pronoun is None and other_chapter and prev.plan.mode is Mode.SEARCH:
        return plan(own, filters)
    # "ok, and what about teacher training - list the practices": a set of a new topic of its own, not the
    # earlier topic's with new words added (a word is new unless the earlier topic had it itself, not a synonym)
    said = {t[0] for t in prev.reading.topic.terms}
    fresh = [t for t in own.topic.terms if t[0] not in said]
    if elliptic is not None and own.is_set and len(fresh) >= _SHORT:
        return plan(own, filters)
    # "them"/"they" stand for something said before ("training the people who staff them"); "these crimes"
    # names its own referent, so with enough new words it is a whole new question
    pronoun_only = pointer is not None and re.fullmatch(r"(?:of )?(?:them|they)", pointer.words, re.I) is not None
    # "and for sharing pictures of other children?": a fragment, with no question or verb of its own, however many
    # words it has, is the earlier question asked again of them
    fragment = elliptic is not None and first(CLAUSE_RULES, q) is None
    if leans is not None and not pronoun_only and not fragment and len(new_topic) > _SHORT:
        return plan(own, filters)  # a pointer word, but a whole new question
    rule, words = (leans.rule.name, leans.words) if leans else ("follow-up:short", q)
    why = Reason(rule, words, "reads with the earlier question")
    earlier_reading, swapped = _swap_group(own, prev.reading, new_topic)
    merged = merge(own, earlier_reading)
    if swapped:
        why = replace(why, effect=f"reads with the earlier question, for {swapped} in place of its group")
    # "and which of them are invitations?" after a set that all sat in one part (what the country itself must
    # change): the set at the new level is of that part too, not every invitation on the topic
    parts = {h.passage.section for h in shown if h.passage.level}
    same_part = pointer is not None and _showed_whole_set(prev.plan) and not new_topic and len(parts) == 1
    if same_part and not merged.words.sections:
        merged = replace(merged, words=replace(merged.words, sections=tuple(parts)))
        part = next(iter(parts))
        why = replace(why, effect=f"{why.effect}, in the {part.value} part the earlier set sat in")
    # what the follow-up newly asks about ("and what of the judges then?") is what its answer should hold
    focus = tuple(t for t in own.topic.terms if t[0] in new_topic)
    reasons = (why, *_after_lookup(prev.plan))
    # "who funded it?": the pronoun points at what the earlier answer showed
    continues = earlier if leans is pronoun and pronoun is not None else ()
    # "any good practice for that?", "and for all the Parties?": the earlier passages of another kind or part are not
    # what it asks
    continues = tuple(h.passage.id for h in shown if h.passage.id in continues and of_kind.admits(h.passage))
    # "is the recommendation on that a requirement?" after an answer led by a finding: the recommendation the
    # Committee made on that finding
    after = earlier[:1] if _asks_its_recommendation(own, leans, shown) else ()
    if after:
        reasons = (*reasons, Reason("follow-up:its-recommendation", after[0], "the recommendation following it leads"))
    referent = _referent(q, shown)
    if referent:
        reasons = (*reasons, Reason("follow-up:referent", " ".join(referent), "not in the earlier answer: found by it"))
    then = plan(merged, filters, (why,), focus, continues, after, referent)
    # "and the invitations among them?" after the country's part: the level is what is newly asked, the part was
    # carried (whether any of them is binding is asked of the part: its other levels answer no)
    carried = merged.words.sections and not own.words.sections and own.words.levels and own.cues["yes_no"] is None
    if isinstance(then, ListPlan) and carried:
        then = replace(then, part_carried=True)
    return _follow(merged, filters, Action.RESEARCH, reasons, then=then)


def _referent(question: str, shown: tuple) -> tuple[str, ...]:
    """The stems of the thing a demonstrative points back at ("that study"), when no passage the earlier answer
    showed names it: the referent was in the earlier question or its topic, not in what was shown."""
    ref = first(REFERENT_RULES, question)
    if ref is None or not shown:
        return ()
    stems = tuple(s for s in lexical_tokens(ref.words.split()[-1]) if s not in stop_stems())
    held = any(set(stems) <= set(lexical_tokens(h.passage.text)) for h in shown)
    return () if not stems or held else stems


def _asks_its_recommendation(own: Reading, leans: object, shown: tuple) -> bool:
    """A follow-up pointing back that asks for the recommendation, after an answer a finding led."""
    return (
        leans is not None
        and own.words.kinds == (Kind.RECOMMENDATION,)
        and bool(shown)
        and shown[0].passage.kind is Kind.OBSERVATION
        # "what do they recommend to all countries on it?": the finding's own recommendation is of its part, not
        # of the part asked for
        and (not own.words.sections or shown[0].passage.section in own.words.sections)
    )


def _grounded(prev: Turn, listing: bool = False) -> Turn:
    """The earlier turn with its topic in the chapter its search answer sat in, when that is not the chapter its
    words routed to: a follow-up goes on from what was shown. `listing`: the follow-up asks for a set ("what would
    it have the country fix there?"), which a search its words routed nowhere also gives the chapter its answer
    sat in. The introduction, which speaks of every chapter's topic, is no such chapter. A turn answered from a
    passage looked up has no topic words: its topic is that passage's chapter."""
    researched = isinstance(prev.plan, FollowUp) and prev.plan.action is Action.RESEARCH
    searched = prev.plan.mode is Mode.SEARCH or researched
    if prev.answer is None or prev.answer.abstained:
        return prev
    looked_up = prev.plan.mode is Mode.LOOKUP or any(r.rule in _ON_LOOKUP for r in prev.plan.reasons)
    chapters = {h.passage.chapter for h in prev.answer.hits}
    if looked_up and not prev.reading.topic.chapters and len(chapters) == 1:
        # a passage looked up has no topic words: its chapter is the topic a follow-up goes on from
        topic = replace(prev.reading.topic, chapters=tuple(chapters))
        return replace(prev, reading=replace(prev.reading, topic=topic))
    if not searched or not (prev.reading.topic.chapters or listing):
        return prev
    top = Counter(h.passage.chapter for h in prev.answer.hits[:5])
    chapter, n = top.most_common(1)[0] if top else ("", 0)
    if n * 2 <= sum(top.values()) or chapter in prev.reading.topic.chapters or chapter in prev.reading.opening:
        return prev
    topic = replace(prev.reading.topic, chapters=(chapter,))
    return replace(prev, reading=replace(prev.reading, topic=topic))


AFTER_LOOKUP = "follow-up:after-lookup"
_ON_LOOKUP = (AFTER_LOOKUP, "follow-up:looked-up")  # a turn answered from a passage looked up


def _on_findings(own: Reading, prev: Turn, filters: Filters | None, lead: str, reason: Reason) -> FollowUp:
    """The findings the recommendation `lead` was made on, then it, searched with the earlier topic: a search,
    whatever the earlier question was (a list's set cue or level does not carry over to a why)."""
    merged = merge(own, prev.reading)
    grounded = Search(
        question=own.question, terms=merged.terms, filters=filters or Filters(), reasons=(reason, *own.reasons),
        grounds=(lead,),
    )  # fmt: skip
    return _follow(merged, filters, Action.RESEARCH, (reason, *_after_lookup(prev.plan)), then=grounded)


def _after_lookup(earlier: Plan) -> tuple[Reason, ...]:
    """A follow-up leaning on a looked-up recommendation (or on a follow-up to one) is about that passage."""
    if earlier.mode is Mode.LOOKUP or any(r.rule == AFTER_LOOKUP for r in earlier.reasons):
        return (Reason(AFTER_LOOKUP, "", "leans on a looked-up passage: on topic however it is worded"),)
    return ()


def _follow(own: Reading, filters: Filters | None, action: Action, reasons: tuple[Reason, ...], **fields) -> FollowUp:
    """A follow-up plan; its search words are those of the reading given (for RESEARCH, the merged one)."""
    return FollowUp(
        question=own.question,
        terms=own.terms,
        reasons=(*reasons, *own.reasons),
        filters=filters or Filters(),
        action=action,
        **fields,
    )


def _chapter_set(own: Reading, earlier: Plan, filters: Filters | None) -> ListPlan | None:
    """Every passage of the chapters an earlier search was routed to, ranked by that search's words."""
    if not isinstance(earlier, Search) or not earlier.boosts.chapters:
        return None
    why = Reason("follow-up:whole-set", ", ".join(earlier.boosts.chapters), "answered from the chapters' whole set")
    return ListPlan(
        question=own.question, terms=earlier.terms, filters=filters or Filters(), reasons=(why,),
        structure=Structure(chapters=earlier.boosts.chapters),
    )  # fmt: skip


def _showed_whole_set(earlier: Plan) -> bool:
    """Did the earlier answer show a whole set (a list, a look-up, a set narrowed), not a search's best few?"""
    if isinstance(earlier, FollowUp):
        return earlier.action is not Action.RESEARCH or (earlier.then is not None and _showed_whole_set(earlier.then))
    return earlier.mode is not Mode.SEARCH


def _names_chapter(own: Reading) -> bool:
    """Does the question name a chapter, by number or as "the … chapter"?"""
    return bool(own.topic.chapters) and re.search(r"\bchapters?\b", own.question, re.I) is not None


def _holds_all(passage: Passage, terms: Sequence[tuple[str, ...]]) -> bool:
    """Does the passage hold each of the terms (by the word itself or a synonym)?"""
    stems = set(lexical_tokens(passage.text))
    return all(stems & set(t) for t in terms)


def _swap_group(own: Reading, earlier: Reading, new_topic: list[str]) -> tuple[Reading, str]:
    """The earlier question without its group of people, when the follow-up names only another group ("what
    training do prosecutors get?", "and what of judges?"); with the group named (empty if nothing was swapped)."""
    q = own.question
    groups = [(m.start, m.end) for m in matches(GROUP_RULES, q)]
    old = list(matches(GROUP_RULES, earlier.terms.text))
    rest = blank(q, groups)
    if not groups or not old or any(_surface(rest, (t,)) for t in own.topic.terms if t[0] in new_topic):
        return earlier, ""
    gone = {s for m in old for s in lexical_tokens(m.words)}
    text = blank(earlier.terms.text, [(m.start, m.end) for m in old])
    text = " ".join(text.split())
    terms = replace(earlier.terms, text=text, dense=text, lexical=expand(text))
    topic = replace(earlier.topic, terms=tuple(t for t in earlier.topic.terms if not set(t) & gone))
    return replace(earlier, terms=terms, topic=topic), " ".join(q[a:b] for a, b in groups)


def _surface(question: str, terms: tuple[tuple[str, ...], ...]) -> str:
    """The question's own words for these terms ("parents" for the stem "parent")."""
    stems = {t[0] for t in terms}
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z\-]+", question) if set(lexical_tokens(w)) & stems]
    return " ".join(dict.fromkeys(words))


def _new_terms(own: Reading, earlier: Reading) -> list[str]:
    """Content words of the question that the earlier one did not have."""
    before = {s for t in earlier.topic.terms for s in t} | set(earlier.topic.unknown)
    return [t[0] for t in own.topic.terms if not set(t) & before] + [u for u in own.topic.unknown if u not in before]


def merge(own: Reading, earlier: Reading) -> Reading:
    """The question read with the earlier one: its topic joined to the earlier topic; its own structure words win."""
    ow, ew = own.words, earlier.words
    # asking how things are in the country ("what does it already do in schools?") is not asking for the earlier
    # turn's levels or kinds of recommendation; a level word of its own still asks for recommendations
    if own.cues["state"] is not None and not ow.levels:
        ew = replace(ew, levels=(), kinds=())
    # a level names recommendations: after the practices, "what does it invite Denmark to do?" asks for invitations
    if ow.levels:
        ew = replace(ew, kinds=tuple(k for k in ew.kinds if k is Kind.RECOMMENDATION))
    # "that level" keeps the earlier level even beside a kind named anew ("which recommendations are at that level?")
    same_level = first(SAME_LEVEL_RULES, own.question) is not None
    words = replace(
        ow,
        # a part named anew keeps the earlier level (the generic part asked for after the requests to the country)
        levels=ow.levels or (ew.levels if not ow.kinds or same_level else ()),
        # practices and the introduction sit in neither the country's part nor the generic one: a kind named anew
        # leaves the earlier part behind (promising practices asked for after the generic ones), a part named anew
        # those kinds (the generic ones asked for after the practices)
        sections=ow.sections or (ew.sections if not ow.kinds else ()),
        kinds=ow.kinds or (tuple(k for k in ew.kinds if k not in _PARTLESS) if ow.sections else ew.kinds),
    )
    # a set asked of the whole factsheet ("so list every requirement in the factsheet") keeps no earlier topic
    whole = own.cues["whole"] is not None
    carried = () if whole else earlier.topic.terms
    topic = replace(
        own.topic,
        terms=tuple(dict.fromkeys([*carried, *own.topic.terms]))[-MAX_CARRIED_TERMS:],
        chapters=own.topic.chapters or (() if whole else earlier.topic.chapters),
        covered=own.topic.covered if own.topic.chapters else earlier.topic.covered and not own.topic.terms,
        # a concept named anew is what the follow-up is about ("and if it is favours instead?" after money)
        concepts=own.topic.concepts or earlier.topic.concepts,
    )
    cues = dict(own.cues)
    if cues["set"] is None and earlier.is_set and not own.topic.terms:
        cues["set"] = earlier.cues["set"]  # a scope or level alone after a list asks for the same list
    # "what if it is money instead?" after "how does Denmark prosecute …?" still asks how things are
    asks_own = ow.levels or ow.sections or ow.kinds or cues["recommend"] is not None or cues["set"] is not None
    if cues["state"] is None and not asks_own:
        cues["state"] = earlier.cues["state"]
    # a bare level word after one on what a level means asks what it means; a set ("which recommendations are at the
    # strongest level?") asks for its members
    members = own.cues["set"] is not None and own.cues["set"].rule.name != "set:level-named"
    if cues["definition"] is None and earlier.cues["definition"] is not None and not own.topic.terms and not members:
        cues["definition"] = earlier.cues["definition"]
    # a chain no chapter anchors keeps its first question's words too: "and if it is money?" then "what is
    # recommended on this?" is still about what the first asked
    chain = earlier.terms.text if earlier.topic.chapters else f"{earlier.terms.context} {earlier.terms.text}".strip()
    context = chain[-MAX_CONTEXT_CHARS:]
    lexical = f"{earlier.terms.lexical[-MAX_CONTEXT_CHARS:]} {own.terms.lexical}"
    terms = SearchTerms(f"{context} {own.terms.dense}", lexical, own.terms.text, context, own.terms.topic)
    return replace(own, terms=terms, words=words, topic=topic, cues=cues)
