"""Question (+ earlier questions) -> Query: search text, direct look-ups, filters and routing."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from .citations import normalise_rec_id
from .lexicon import expand
from .retrieval import lexical_tokens
from .types import LEVELS, Filters, Level, Passage, Section

LEVEL_ORDER = LEVELS  # strongest first

_REC_STRICT_RE = re.compile(r"\b([IVX]{1,4})\s*[-–]\s*(\d{1,2})\b")
_REC_LOOSE_RE = re.compile(r"\brec(?:ommendation)?s?\.?\s*(?:no\.?\s*)?([ivx]{1,4})[\s\-–.]*(\d{1,2})\b", re.I)
_PARA_RE = re.compile(
    r"\b(?:para(?:graph)?s?\.?|§)\s*(\d{1,4})(?:\s*(?:-|–|to|and|,)\s*(\d{1,4}))?"
    r"(?!\s*of the (?:explanatory|convention))",
    re.I,
)
_DENMARK_SCOPE_RE = r"\b{c}[- ]specific|specific(?:ally)? (?:to|for) {c}|to {c} specifically|addressed to {c}\b"
_GENERIC_SCOPE_RE = re.compile(
    r"\b(generic|general ones|all (?:the )?(?:parties|countries|states)|every (?:country|party|state)|generally"
    r"|in general|other parties)\b",
    re.I,
)
_PRACTICE_RE = re.compile(r"\b(good|best|promising) practices?\b|\bexamples? from\b", re.I)


@dataclass(frozen=True)
class Query:
    """What the assistant understood of a question."""

    question: str
    text: str  # search text: question, context, expansions
    rec_ids: tuple[str, ...] = ()
    paragraphs: tuple[int, ...] = ()
    chapters: tuple[str, ...] = ()  # routed, best first
    levels: tuple[Level, ...] = ()
    sections: tuple[Section, ...] = ()
    exhaustive: bool = False
    filters: Filters = field(default_factory=Filters)  # explicit: chapter / section / level from the user
    dense_text: str = ""  # what the embedding model sees: the words of the question and its context
    context: str = ""  # the earlier question a follow-up leans on
    wants_recommendations: bool = False
    wants_definitions: bool = False


@dataclass(frozen=True)
class Router:
    """Distinctive words of each chapter title, weighted by how much of their use is in that chapter."""

    weights: dict[str, dict[str, float]]
    country: str
    titles: dict[str, frozenset[str]] = field(default_factory=dict)  # chapter -> stems of its title

    @classmethod
    def from_passages(cls, passages: Sequence[Passage]) -> Router:
        """Learn routing words from the chapter titles, keeping those specific to their chapter."""
        df: Counter = Counter()
        per_chapter: dict[str, Counter] = defaultdict(Counter)
        titles: dict[str, set[str]] = defaultdict(set)
        for p in passages:
            stems = set(lexical_tokens(f"{p.text} {p.heading}"))
            df.update(stems)
            per_chapter[p.chapter].update(stems)
            if p.chapter != "I":
                titles[p.chapter].update(lexical_tokens(p.chapter_title))
        n = max(len(passages), 1)
        in_titles = Counter(s for stems in titles.values() for s in stems)
        weights: dict[str, dict[str, float]] = defaultdict(dict)
        for chapter, stems in titles.items():
            for s in stems:
                # a word used all over the document, or in many titles, routes nowhere
                if df[s] / n > 0.25 or in_titles[s] > 2:
                    continue
                weights[s][chapter] = max(per_chapter[chapter][s] / df[s], 0.5) if df[s] else 0.5
        country = next((p.document for p in passages), "")
        return cls(dict(weights), country, {c: frozenset(t) for c, t in titles.items()})

    def route(self, text: str) -> tuple[str, ...]:
        """Chapters the text points to, best first; a chapter named by its whole title is the answer alone."""
        stems = set(lexical_tokens(text))
        named = [c for c, title in self.titles.items() if len(title) > 1 and title <= stems]
        if named:
            return tuple(sorted(named, key=lambda c: -len(self.titles[c])))[:1]
        score: dict[str, float] = defaultdict(float)
        for s in stems:
            for chapter, w in self.weights.get(s, {}).items():
                score[chapter] += w
        return tuple(c for c in sorted(score, key=lambda c: -score[c]) if score[c] >= 0.5)


_LEVEL_WORDS = (
    (
        Level.REQUIRE,
        re.compile(
            r"\b(requir\w*|must|obliged?|obligations?|obligatory|have to|has to|binding|formally"
            r"|(?:compulsory|mandatory)(?=\s*(?:$|[?,.;]|and\b|or\b)))",
            re.I,
        ),
    ),
    (Level.REQUEST, re.compile(r"\brequest(?:s|ed)?\b", re.I)),
    (Level.INVITE, re.compile(r"\b(invit\w*|encourag\w*|optional|suggestions?|merely)\b", re.I)),
)
_NOT_INVITE_RE = re.compile(r"as opposed to merely|rather than (?:an? )?invit|not (?:just|only|merely) invit", re.I)
_YES_NO_RE = re.compile(r"^\s*(?:does|do|did|is|are|was|can|could|should|has|have|will|would|may)\b", re.I)
_LIST_CUE_RE = re.compile(
    r"(?:^|[:;,]\s*)(?:and\s+)?(?:what|which|list|give|show|everything|tell me)\b|\ball\b|\bevery|\bany\b", re.I
)
_RECOMMEND_RE = re.compile(r"\brecommend\w*|\bwhat (?:must|should|is|are) \w+ (?:asked|told|supposed)", re.I)
_DEFINITION_RE = re.compile(r"\b(mean|meaning|definitions?|defined|differen\w+)\b", re.I)
_EXPLICIT_RE = re.compile(r"\blevels?\b|['‘“\"](?:requir|request|invit)|\bonly (?:an? )?(?:request|invit)", re.I)


def _levels(q: str) -> tuple[tuple[Level, ...], bool]:
    """Levels a question asks about, and whether it named the document's own level words."""
    explicit = bool(_EXPLICIT_RE.search(q))
    found: set[Level] = set()
    for level, rx in _LEVEL_WORDS:
        for m in rx.finditer(q):
            if level is Level.REQUIRE and not (explicit and m.group(0).lower().startswith("requir")):
                found |= {Level.REQUIRE, Level.REQUEST}  # "must", "required", "obliged": both obligation levels
            else:
                found.add(level)
    if _NOT_INVITE_RE.search(q):
        found.discard(Level.INVITE)
    if re.search(r"\bstrongest\b", q, re.I):
        found = {Level.REQUIRE}
    return tuple(lv for lv in LEVEL_ORDER if lv in found), explicit


def _rec_ids(q: str) -> tuple[str, ...]:
    ids = [normalise_rec_id(m.group(1), m.group(2)) for m in _REC_STRICT_RE.finditer(q)]
    ids += [normalise_rec_id(m.group(1), m.group(2)) for m in _REC_LOOSE_RE.finditer(q)]
    return tuple(dict.fromkeys(ids))


def _paragraphs(q: str) -> tuple[int, ...]:
    out: list[int] = []
    for m in _PARA_RE.finditer(q):
        a = int(m.group(1))
        b = int(m.group(2)) if m.group(2) else a
        out.extend(range(a, b + 1) if 0 <= b - a <= 10 else (a, b))
    return tuple(dict.fromkeys(out))


def understand(question: str, router: Router, filters: Filters | None = None) -> Query:
    """Read one standalone question."""
    q = question.strip()
    levels, explicit_level = _levels(q)
    sections: list[Section] = []
    country = router.country
    if country and re.search(_DENMARK_SCOPE_RE.format(c=re.escape(country)), q, re.I):
        sections.append(Section.COUNTRY)
    if _GENERIC_SCOPE_RE.search(q):
        sections.append(Section.GENERIC)
    if _PRACTICE_RE.search(q):
        sections.append(Section.PRACTICE)
    expanded = expand(q)
    chapters = router.route(expanded)
    rec_ids, paras = _rec_ids(q), _paragraphs(q)
    # A level with a chapter or an explicit scope asks for a set: answer it whole, not top-k.
    # A level with a list cue ("what must", "which ... are") asks for a set: answer it whole, not top-k.
    exhaustive = (
        bool(levels)
        and not rec_ids
        and not paras
        and Section.PRACTICE not in sections
        and (explicit_level or bool(_LIST_CUE_RE.search(q)))
        and (explicit_level or not _YES_NO_RE.search(q))
        and not _DEFINITION_RE.search(q)
    )
    return Query(
        question=q,
        text=expanded,
        rec_ids=rec_ids,
        paragraphs=paras,
        chapters=chapters,
        levels=levels,
        sections=tuple(sections),
        exhaustive=exhaustive,
        filters=filters or Filters(),
        dense_text=q,
        wants_recommendations=bool(_RECOMMEND_RE.search(q)),
        wants_definitions=bool(_DEFINITION_RE.search(q)),
    )
