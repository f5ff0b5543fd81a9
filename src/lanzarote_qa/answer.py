"""Search result -> Answer: the best passage first, grouped by level only for a list; or an abstention.

What is shown first is what is judged, so a search answer keeps rank order and shows the level
as a label; only a list plan (a whole set) is grouped, and the lead line says what is shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from .lexicon import expand
from .retrieval import lexical_tokens, sentences
from .search import SearchResult
from .types import LEVELS, Action, FollowUp, Hit, Kind, Level, ListPlan, Lookup, Mode, Passage, Plan, Reason, Section

LEVEL_TITLES = {Level.REQUIRE: "Requires", Level.REQUEST: "Requests", Level.INVITE: "Invites"}
KIND_TITLES = {
    Kind.RECOMMENDATION: "Recommendations",
    Kind.OBSERVATION: "Observations",
    Kind.PRACTICE: "Promising practices",
    Kind.INTRO: "Background",
}
_VERB = {Level.REQUIRE: "required", Level.REQUEST: "requested", Level.INVITE: "invited"}
_SCOPE_ASKED = {Section.GENERIC: "addressed to all Parties", Section.COUNTRY: "addressed to {country} alone"}
_KIND_NOUN = {
    Kind.RECOMMENDATION: ("recommendation", "recommendations"),
    Kind.OBSERVATION: ("observation", "observations"),
    Kind.PRACTICE: ("promising practice", "promising practices"),
    Kind.INTRO: ("introduction passage", "introduction passages"),
}
NOT_ADDRESSED = "The factsheet does not address this."


@dataclass(frozen=True)
class Answer:
    """What is shown for one question, in the order shown."""

    question: str
    lead: str
    hits: tuple[Hit, ...]  # in display order
    groups: tuple[tuple[str, tuple[Hit, ...]], ...] = ()  # a list's titled groups, in display order
    abstained: bool = False
    reason: str = ""
    highlights: dict = field(default_factory=dict)  # passage id -> best-matching sentences
    provenance: dict = field(default_factory=dict)
    plan: Plan | None = None
    notes: tuple[Reason, ...] = ()
    similarity: float = 0.0  # best dense similarity of any passage to the question

    @property
    def mode(self) -> Mode:
        """How the answer was found."""
        return self.plan.mode if self.plan is not None else Mode.SEARCH


def group_title(p: Passage) -> str:
    """The group a passage is listed under: its level, or its kind."""
    return LEVEL_TITLES[p.level] if p.level else KIND_TITLES[p.kind]


KIND_WORDS = {
    Kind.RECOMMENDATION: "recommendation",
    Kind.OBSERVATION: "observation",
    Kind.PRACTICE: "promising practice",
    Kind.INTRO: "introduction",
}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def citation(p: Passage) -> str:
    """What the passage's own footnotes cite, sorted, paragraphs as ranges: 'Recommendation IV-5 · Report paras
    223–224, 227–228'. A passage that cites nothing reads its chapter and kind: 'Chapter IV observation'.
    With several factsheets loaded, the country comes first: 'Denmark · Recommendation IV-5'."""
    parts = []
    if p.recommendations:
        recs = sorted(p.recommendations, key=_rec_order)
        parts.append(f"{'Recommendation' if len(recs) == 1 else 'Recommendations'} {', '.join(recs)}")
    if p.paragraphs:
        paras = sorted(set(p.paragraphs))
        parts.append(f"{'Report para' if len(paras) == 1 else 'Report paras'} {ranges(paras)}")
    cited = " · ".join(parts) or f"Chapter {p.chapter} {KIND_WORDS[p.kind]}"
    return f"{p.country} · {cited}" if p.qualified else cited  # whose, when several factsheets are loaded


def ranges(numbers: Sequence[int]) -> str:
    """Sorted numbers with runs joined: [98, 100, 101, 102] -> '98, 100–102'."""
    out: list[str] = []
    for n in numbers:
        if out and n == int(out[-1].split("–")[-1]) + 1:
            out[-1] = f"{out[-1].split('–')[0]}–{n}"
        else:
            out.append(str(n))
    return ", ".join(out)


def _rec_order(rec: str) -> tuple[int, int]:
    chapter, _, number = rec.partition("-")
    values = [_ROMAN.get(c, 0) for c in chapter]
    roman = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return roman, int(number) if number.isdigit() else 0


def place(p: Passage) -> str:
    """Where the passage sits: chapter, title and section."""
    section = {
        Section.GENERIC: "generic, to all Parties",
        Section.PRACTICE: "promising practice",
        Section.INTRO: "introduction",
    }.get(p.section, f"specific to {p.country}")
    whose = f"; {p.country}'s factsheet" if p.qualified and p.section is not Section.COUNTRY else ""
    return f"Chapter {p.chapter} – {p.chapter_title} ({section}{whose})"


def best_sentences(question: str, p: Passage, limit: int = 1) -> tuple[str, ...]:
    """The sentence(s) of a passage sharing most content words with the question."""
    wanted = set(lexical_tokens(expand(question)))
    parts = sentences(p.text)
    if len(parts) < 2 or not wanted:
        return ()
    scored = sorted(((len(wanted & set(lexical_tokens(s))), i) for i, s in enumerate(parts)), reverse=True)
    return tuple(parts[i] for score, i in sorted(scored[:limit], key=lambda t: t[1]) if score > 0)


def dedupe(hits: Sequence[Hit]) -> list[Hit]:
    """Drop a passage whose text adds nothing to one already kept (the same text, or contained in it)."""
    kept: list[Hit] = []
    for h in hits:
        if any(h.passage.text in k.passage.text for k in kept):
            continue
        kept.append(h)
    return kept


def group(hits: Sequence[Hit], by_level: bool) -> tuple[tuple[str, tuple[Hit, ...]], ...]:
    """Titled groups: by level (strongest first) when the list asked for levels, else ordered by their best hit."""
    titles = list(dict.fromkeys(group_title(h.passage) for h in hits))
    if by_level:
        order = [LEVEL_TITLES[lv] for lv in LEVELS] + list(KIND_TITLES.values())
        titles.sort(key=order.index)
    return tuple((t, tuple(h for h in hits if group_title(h.passage) == t)) for t in titles)


def _counts(passages: Sequence[Passage]) -> str:
    """'1 required, 2 requested' for recommendations; '2 recommendations, 1 observation' for a mix."""
    kinds = Counter(p.kind for p in passages)
    levels = Counter(p.level for p in passages if p.level)
    if set(kinds) == {Kind.RECOMMENDATION} and levels:
        return ", ".join(f"{levels[lv]} {_VERB[lv]}" for lv in LEVELS if levels[lv])
    parts = []
    for kind in Kind:
        if kinds[kind]:
            one, many = _KIND_NOUN[kind]
            detail = ""
            if kind is Kind.RECOMMENDATION and levels:
                detail = " (" + ", ".join(f"{levels[lv]} {_VERB[lv]}" for lv in LEVELS if levels[lv]) + ")"
            parts.append(f"{kinds[kind]} {one if kinds[kind] == 1 else many}{detail}")
    return ", ".join(parts)


def _noun(passages: Sequence[Passage], scope: str) -> str:
    kinds = {p.kind for p in passages}
    one, many = _KIND_NOUN[next(iter(kinds))] if len(kinds) == 1 else ("passage", "passages")
    return f"{scope}{one if len(passages) == 1 else many}"


def _scope(passages: Sequence[Passage], country: str) -> str:
    scopes = {p.section for p in passages}
    if scopes == {Section.COUNTRY}:
        return f"{country}-specific "
    return "generic " if scopes == {Section.GENERIC} else ""


def _topic(passages: Sequence[Passage]) -> str:
    chapters = {p.chapter_title for p in passages}
    return f" on {next(iter(chapters)).lower()}" if len(chapters) == 1 else ""


def lead_line(plan: Plan | None, hits: Sequence[Hit], country: str, result: SearchResult | None = None) -> str:
    """One line saying truthfully what is shown."""
    ps = [h.passage for h in hits]
    if isinstance(plan, FollowUp) and plan.action is not Action.RESEARCH and result is not None:
        return _follow_up_lead(plan, result, country)
    if not ps:
        if result is not None and (plan is not None and plan.filters):
            return "Nothing within these filters answers this. Clear the filters to search the whole factsheet."
        return "Nothing in the factsheet matches this."
    counts = _counts(ps)
    none = next((n for n in result.notes if n.rule == "list:none"), None) if result is not None else None
    if isinstance(plan, ListPlan) and none is not None:
        if none.words == "sections":
            asked = " or ".join(_SCOPE_ASKED[sec].format(country=country) for sec in plan.structure.sections)
            return f"None of the {len(ps)} {_noun(ps, '')}{_topic(ps)} is {asked}: {counts}."
        asked = " or ".join(_VERB[lv] for lv in plan.structure.levels)
        return f"None of the {len(ps)} {_noun(ps, _scope(ps, country))}{_topic(ps)} is {asked}: {counts}."
    if isinstance(plan, ListPlan):
        head = f"{len(ps)} {_noun(ps, _scope(ps, country))}{_topic(ps)}"
        one_kind = len({p.kind for p in ps}) == 1 and not any(p.level for p in ps)
        return f"{head}." if one_kind else f"{head}: {counts}."
    if isinstance(plan, Lookup):
        return f"{len(ps)} {_noun(ps, '')} found by {'their' if len(ps) > 1 else 'its'} citation: {counts}."
    head = f"{len(ps)} {'passage' if len(ps) == 1 else 'passages'} of the factsheet{_topic(ps)}"
    return f"{head}, the most relevant first: {counts}." if len(ps) > 1 else f"{head}: {counts}."


def _describe(plan: FollowUp, country: str) -> str:
    s = plan.structure
    parts = []
    if s.levels:
        parts.append(" or ".join(_VERB[lv] for lv in s.levels))
    if s.sections:
        parts.append(" or ".join(f"{country}-specific" if x is Section.COUNTRY else "generic" for x in s.sections))
    if s.kinds:
        parts.append(" or ".join(_KIND_NOUN[k][0] + "s" for k in s.kinds))
    if s.chapters:
        parts.append(f"in chapter{'s' if len(s.chapters) > 1 else ''} {' and '.join(s.chapters)}")
    if plan.about:
        parts.append(f"about {plan.about}")
    return " and ".join(parts) or "relevant"


def _follow_up_lead(plan: FollowUp, result: SearchResult, country: str) -> str:
    n, what = len(result.earlier), _describe(plan, country)
    if plan.action is Action.YES_NO:
        k = len(result.matching)
        # after a search that showed its best few, the whole set of its chapters was asked
        of = " of the previous answer" if plan.then is None else (_topic(result.earlier) or " of its chapters")
        if k:
            return f"Yes: {k} of the {n} passages{of} {'is' if k == 1 else 'are'} {what}."
        return f"No: none of the {n} passages{of} is {what}; they are {_counts(result.earlier)}."
    k, counts = len(result.hits), _counts([h.passage for h in result.hits])
    if any(r.rule == "follow-up:citation" for r in plan.reasons):
        if k == 1:
            return f"The passage of the previous answer, with its citation: {counts}."
        return f"The {k} passages of the previous answer, each with its citation: {counts}."
    if not k:
        return f"None of the {n} passages of the previous answer is {what}."
    return f"{k} of the {n} passages of the previous answer {'is' if k == 1 else 'are'} {what}: {counts}."


def within_budget(answer: Answer, budget: int, count: Callable[[str], int]) -> tuple[Answer, int]:
    """The answer cut to the passages that fit `budget` tokens in display order (at least one); tokens used."""
    kept: list[Hit] = []
    used = 0
    for h in answer.hits:
        cost = count(h.passage.text)
        if kept and used + cost > budget:
            break
        kept.append(h)
        used += cost
    ids = {h.passage.id for h in kept}
    groups = tuple((t, tuple(h for h in g if h.passage.id in ids)) for t, g in answer.groups)
    lead = answer.lead
    if len(kept) < len(answer.hits):
        lead += f" The first {len(kept)} fit the budget of {budget:,} tokens."
    trimmed = replace(answer, lead=lead, hits=tuple(kept), groups=tuple((t, g) for t, g in groups if g))
    return trimmed, used


def not_in_factsheet(missing: Sequence[str]) -> str:
    """'Recommendation II-8 is not in this factsheet'."""
    return f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not in this factsheet"


def compose(
    result: SearchResult,
    country: str,
    provenance: dict,
    abstain_reason: str = "",
    nearest: Sequence[str] = (),
) -> Answer:
    """Build the answer, or the abstention with at most two passages marked as only related."""
    plan = result.plan
    question = plan.question
    hits = list(result.hits)
    if abstain_reason or (result.missing and not hits):
        reason = abstain_reason or not_in_factsheet(result.missing)
        lead = NOT_ADDRESSED + f" ({reason}.)"
        if nearest:
            lead += f" Nearest in this factsheet: {', '.join(nearest)}."
        return Answer(question, lead, tuple(hits[:2]), (), True, reason, {}, provenance, plan, result.notes)
    shown = dedupe(hits)
    groups: tuple[tuple[str, tuple[Hit, ...]], ...] = ()
    if isinstance(plan, ListPlan):
        # levels in their own order when the question asked for levels; else the group of the best hit first
        groups = group(shown, by_level=bool(plan.structure.levels))
        shown = [h for _, members in groups for h in members]
    lead = lead_line(plan, shown, country, result)
    if result.missing:
        lead = f"{not_in_factsheet(result.missing)}. " + lead
    if any(n.rule == "lookup:text" for n in result.notes):
        lead += " No footnote cites that paragraph; the text mentions it here."
    highlights = {h.passage.id: best_sentences(question, h.passage) for h in shown}
    return Answer(question, lead, tuple(shown), groups, False, "", highlights, provenance, plan, result.notes)


def _bullet(answer: Answer, h: Hit, labelled: bool) -> list[str]:
    text = h.passage.text
    for s in answer.highlights.get(h.passage.id, ()):
        text = text.replace(s, f"**{s}**", 1)
    label = f"{group_title(h.passage)} · " if labelled else ""
    return [f"- {text}", f"  — {label}{citation(h.passage)}; {place(h.passage)}"]


def render_markdown(answer: Answer) -> str:
    """The answer as Markdown: lead, then the passages in display order (titled groups for a list)."""
    lines = [answer.lead, ""]
    if answer.abstained:
        if answer.hits:
            lines.append("Only related (they do not answer the question):")
            for h in answer.hits:
                lines += [f"- {h.passage.text}", f"  — {citation(h.passage)}; {place(h.passage)}"]
        return "\n".join(lines).strip()
    if answer.groups:
        for title, members in answer.groups:
            lines.append(f"**{title}**")
            for h in members:
                lines += _bullet(answer, h, labelled=False)
            lines.append("")
    else:
        for h in answer.hits:
            lines += _bullet(answer, h, labelled=True)
    return "\n".join(lines).strip()


def to_json(answer: Answer) -> dict:
    """The `ask --json` object of DESIGN.md, plus the plan that produced it."""
    return {
        "question": answer.question,
        "answer": render_markdown(answer),
        "abstained": answer.abstained,
        "passages": [
            {
                "id": h.passage.id,
                "text": h.passage.text,
                "chapter": h.passage.chapter,
                "section": h.passage.section_label,
                "level": h.passage.level.value if h.passage.level else None,
                "recommendations": list(h.passage.recommendations),
                "paragraphs": list(h.passage.paragraphs),
                "footnotes": list(h.passage.footnotes),
                "score": round(float(h.score), 6),
                **({"document": h.passage.document} if h.passage.qualified else {}),
            }
            for h in answer.hits
        ],
        "plan": answer.plan.to_json() if answer.plan is not None else None,
        "provenance": answer.provenance,
    }


def explain(answer: Answer) -> str:
    """The plan and every reason behind it, one per line, for `ask --explain`."""
    if answer.plan is None:
        return "plan: none"
    data = answer.plan.to_json()
    lines = [f"plan: {data.pop('kind')}"]
    reasons = data.pop("reasons")
    lines += [f"  {k}: {v}" for k, v in data.items() if v not in ([], {}, None, "")]
    lines += ["reasons:", *(f"  - {r}" for r in reasons)]
    lines += [f"  - {n}" for n in answer.notes]
    if answer.abstained:
        lines.append(f"  - declined: {answer.reason}")
    return "\n".join(lines)
