"""Frozen dataclasses passed between the stages of the data flow."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar


class Level(StrEnum):
    """A recommendation's obligation level, from the bold verb of its lead-in; strongest first."""

    REQUIRE = "require"
    REQUEST = "request"
    INVITE = "invite"


LEVELS = tuple(Level)


class Section(StrEnum):
    """Where a passage sits in its chapter.

    `COUNTRY` is the part addressed to the factsheet's own country; in JSON it is written as the
    country's slug ("denmark"), as the design's contract says.
    """

    COUNTRY = "country"
    GENERIC = "generic"
    PRACTICE = "practice"
    INTRO = "intro"

    def label(self, document: str) -> str:
        """The JSON value: the country's slug for COUNTRY, the value otherwise."""
        return document if self is Section.COUNTRY else self.value

    @classmethod
    def parse(cls, value: str, documents: tuple[str, ...] = ()) -> Section:
        """'denmark' (a document's slug), 'country' or a fixed name -> Section; ValueError otherwise."""
        v = value.strip().lower()
        if v in documents or v in ("country", "specific", "country-specific"):
            return cls.COUNTRY
        return cls(v)


class Kind(StrEnum):
    """What a passage is."""

    RECOMMENDATION = "recommendation"
    OBSERVATION = "observation"
    PRACTICE = "practice"
    INTRO = "intro"


class Mode(StrEnum):
    """How an answer was found."""

    LOOKUP = "lookup"
    LIST = "list"
    FOLLOWUP = "followup"
    SEARCH = "search"
    DECLINE = "decline"


@dataclass(frozen=True)
class Footnote:
    """One footnote definition and what it cites."""

    number: int
    text: str
    recommendations: tuple[str, ...] = ()
    paragraphs: tuple[int, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Block:
    """A body unit after page repair: heading, paragraph, bullet or sub-bullet."""

    kind: str  # "heading" | "para" | "bullet" | "subbullet"
    text: str  # clean text, markers removed, bold kept as **verb**
    footnotes: tuple[int, ...]
    line_start: int
    line_end: int
    indent: int = 0


@dataclass(frozen=True)
class Chapter:
    """A numbered chapter of the factsheet."""

    number: str  # Roman numeral
    title: str
    line: int


@dataclass(frozen=True)
class Document:
    """A parsed factsheet."""

    source: str
    sha256: str
    country: str
    edition: str
    title: str
    chapters: tuple[Chapter, ...]
    blocks: tuple[tuple[str, Section, str, Block], ...]  # (chapter, section, heading, block)
    footnotes: dict[int, Footnote] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        """Lower-case country name, used in section names and ids."""
        return self.country.lower().replace(" ", "-")


@dataclass(frozen=True)
class Passage:
    """The unit that is embedded, retrieved, shown and cited."""

    id: str
    document: str
    edition: str
    chapter: str
    chapter_title: str
    section: Section
    heading: str
    level: Level | None
    kind: Kind
    text: str
    recommendations: tuple[str, ...]
    paragraphs: tuple[int, ...]
    footnotes: tuple[int, ...]
    line_start: int
    line_end: int
    part: int = 0  # >0 when a long unit was split at sentence boundaries

    @property
    def section_label(self) -> str:
        """The section as written in JSON and filters: the country's slug, or generic/practice/intro."""
        return self.section.label(self.document)

    @property
    def country(self) -> str:
        """Its factsheet's country as a reader writes it: 'denmark' -> 'Denmark'."""
        return self.document.replace("-", " ").title()

    @property
    def qualified(self) -> bool:
        """Is its id qualified by its document? It is when several factsheets are loaded (and only then)."""
        return self.id.startswith(f"{self.document}:")

    def to_json(self) -> dict:
        """The JSON shape of DESIGN.md plus location fields."""
        return {
            "id": self.id,
            "document": self.document,
            "edition": self.edition,
            "chapter": self.chapter,
            "chapter_title": self.chapter_title,
            "section": self.section_label,
            "heading": self.heading,
            "level": self.level.value if self.level else None,
            "kind": self.kind.value,
            "text": self.text,
            "recommendations": list(self.recommendations),
            "paragraphs": list(self.paragraphs),
            "footnotes": list(self.footnotes),
            "lines": [self.line_start, self.line_end],
            "part": self.part,
        }

    @classmethod
    def from_json(cls, d: dict) -> Passage:
        """Inverse of :meth:`to_json`."""
        return cls(
            id=d["id"],
            document=d["document"],
            edition=d["edition"],
            chapter=d["chapter"],
            chapter_title=d["chapter_title"],
            section=Section.parse(d["section"], (d["document"],)),
            heading=d["heading"],
            level=Level(d["level"]) if d["level"] else None,
            kind=Kind(d["kind"]),
            text=d["text"],
            recommendations=tuple(d["recommendations"]),
            paragraphs=tuple(d["paragraphs"]),
            footnotes=tuple(d["footnotes"]),
            line_start=d["lines"][0],
            line_end=d["lines"][1],
            part=d.get("part", 0),
        )


@dataclass(frozen=True)
class Hit:
    """A passage with its retrieval score."""

    passage: Passage
    score: float


@dataclass(frozen=True)
class Filters:
    """Hard filters the user set (CLI flags or the app's dropdowns); empty means any."""

    chapter: str | None = None
    section: Section | None = None
    level: Level | None = None
    document: str | None = None  # one factsheet's passages only (its slug), when several are loaded

    @classmethod
    def of(
        cls,
        chapter: str | None = None,
        section: str | None = None,
        level: str | None = None,
        documents: tuple[str, ...] = (),
    ) -> Filters:
        """Filters from user-given strings (`documents`: the slugs naming a country section); ValueError if bad."""
        sec = None
        if section:
            try:
                sec = Section.parse(section, documents)
            except ValueError:
                raise ValueError(f"unknown section {section!r}: give the country, generic, practice or intro") from None
        lev = None
        if level:
            try:
                lev = Level(level.strip().lower())
            except ValueError:
                raise ValueError(f"unknown level {level!r}: give require, request or invite") from None
        # a country's own section names the country too, when there are several to choose from
        named = section.strip().lower() if section else ""
        doc = named if len(documents) > 1 and named in documents else None
        return cls(chapter.strip().upper() if chapter and chapter.strip() else None, sec, lev, doc)

    def __bool__(self) -> bool:
        return bool(self.chapter or self.section or self.level or self.document)

    def admits(self, p: Passage) -> bool:
        """Does the passage pass every filter that is set?"""
        return (
            (self.chapter is None or p.chapter == self.chapter)
            and (self.section is None or p.section is self.section)
            and (self.level is None or p.level is self.level)
            and (self.document is None or p.document == self.document)
        )


# --- the query plan: what understanding decided, executed by search.py ------------------------------


@dataclass(frozen=True)
class Reason:
    """Why the plan is what it is: which words triggered which rule, with what effect."""

    rule: str
    words: str
    effect: str

    def __str__(self) -> str:
        return f"{self.words!r} → {self.effect} [{self.rule}]" if self.words else f"{self.effect} [{self.rule}]"


@dataclass(frozen=True)
class Structure:
    """A set of passages by their place in the document; an empty field means any."""

    levels: tuple[Level, ...] = ()
    chapters: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    kinds: tuple[Kind, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.levels or self.chapters or self.sections or self.kinds)

    def admits(self, p: Passage) -> bool:
        """Does the passage belong to the set?"""
        return (
            (not self.levels or p.level in self.levels)
            and (not self.chapters or p.chapter in self.chapters)
            and (not self.sections or p.section in self.sections)
            and (not self.kinds or p.kind in self.kinds)
        )

    def to_json(self) -> dict:
        """Plain JSON values."""
        return {
            "levels": [v.value for v in self.levels],
            "chapters": list(self.chapters),
            "sections": [v.value for v in self.sections],
            "kinds": [v.value for v in self.kinds],
        }


@dataclass(frozen=True)
class SearchTerms:
    """The words a plan ranks passages by: the user's own (for the dense model) and their expansion (BM25)."""

    dense: str
    lexical: str
    text: str = ""  # the question as understood: spelling corrected, nothing added
    context: str = ""  # the earlier question a follow-up leans on
    topic: str = ""  # the question's words outside its structure words, cues and look-ups: what it is about


@dataclass(frozen=True, kw_only=True)
class _Plan:
    question: str
    terms: SearchTerms
    reasons: tuple[Reason, ...] = ()
    filters: Filters = field(default_factory=Filters)
    mode: ClassVar[Mode]  # each kind of plan names its answer mode

    def to_json(self) -> dict:
        """The plan as `ask --json` shows it."""
        out: dict = {"kind": self.mode.value}
        for name, value in vars(self).items():
            if name in ("question", "terms", "reasons", "filters"):
                continue
            out[name] = _plain(value)
        out["reasons"] = [str(r) for r in self.reasons]
        return out


def _plain(value: object) -> object:
    if isinstance(value, Structure):
        return value.to_json()
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, _Plan):
        return value.to_json()
    return value


@dataclass(frozen=True, kw_only=True)
class Lookup(_Plan):
    """Passages named by recommendation id, report paragraph or footnote; `mentions` are found by their text."""

    mode: ClassVar[Mode] = Mode.LOOKUP
    ids: tuple[str, ...] = ()
    paragraphs: tuple[int, ...] = ()
    mentions: tuple[str, ...] = ()  # e.g. "para 129 of the Explanatory Report": not a report paragraph
    footnotes: tuple[int, ...] = ()  # the factsheet's own footnotes, by number


@dataclass(frozen=True, kw_only=True)
class ListPlan(_Plan):
    """The whole set a structure defines (levels, chapters, sections, kinds), ranked by the topic, grouped."""

    mode: ClassVar[Mode] = Mode.LIST
    structure: Structure
    topic: tuple[tuple[str, ...], ...] = ()  # the topic's words; without chapters, a passage must hold most of them
    about: tuple[tuple[str, ...], ...] = ()  # a topic phrase's words: in the chapters, a passage must hold most of them
    heading: str = ""  # a heading the question names: the set is the passages under it
    # what the question leaves out ("except the ones about investigations"): the chapters its words are the topic of,
    # else the passages holding most of its words
    without: tuple[tuple[str, ...], ...] = ()
    without_chapters: tuple[str, ...] = ()
    widen: bool = False  # the scope was read, not named: both parts are listed if it leaves one passage or none
    # the part was carried from the earlier question, the level newly asked: when no passage of both fits, the
    # level's passages in the other part are shown before the part's at the other levels
    part_carried: bool = False
    # "which …?" naming no level, scope, kind or chapter: some things asked about, not a routed chapter's whole set
    some: bool = False


class Action(StrEnum):
    """What a follow-up does with the earlier answer."""

    NARROW = "narrow"  # keep those of the earlier passages that fit ("which of those are requests?")
    YES_NO = "yes-no"  # answer yes or no from the earlier passages ("is any of that binding?")
    RESEARCH = "research"  # search again with the earlier topic ("and what of the judges then?")


@dataclass(frozen=True, kw_only=True)
class FollowUp(_Plan):
    """A question read with the earlier turn: narrow its passages, answer yes/no about them, or search again."""

    mode: ClassVar[Mode] = Mode.FOLLOWUP
    action: Action
    earlier: tuple[str, ...] = ()  # ids of the passages the earlier answer showed
    structure: Structure = field(default_factory=Structure)
    # RESEARCH: the plan run with the earlier topic; NARROW: run when no earlier passage fits; YES_NO: the
    # chapter's whole set, when the earlier answer showed only a search's best few
    then: Plan | None = None
    topic: tuple[tuple[str, ...], ...] = ()  # words a picked passage must hold ("which of them are about …")
    about: str = ""  # those words as asked, for the lead


@dataclass(frozen=True, kw_only=True)
class Search(_Plan):
    """Ranked retrieval; what understanding found of structure only boosts, it never filters or regroups."""

    mode: ClassVar[Mode] = Mode.SEARCH
    boosts: Structure = field(default_factory=Structure)
    focus: tuple[tuple[str, ...], ...] = ()  # stems a passage holding one of each is boosted (a follow-up's new words)
    leads: tuple[str, ...] = ()  # ids of passages shown first: those spelling out the term a definition asks about
    continues: tuple[str, ...] = ()  # ids of the earlier answer's passages, which a pronoun points at: boosted lightly
    after: tuple[str, ...] = ()  # ids of observations whose recommendation is asked for: the one following each leads
    referent: tuple[str, ...] = ()  # stems of a thing pointed back at that the earlier answer did not hold
    grounds: tuple[str, ...] = ()  # ids of recommendations asked why: the findings before each lead, then it
    rationale: tuple[str, ...] = ()  # ids of the introductions a why-question asks for: they lead, unless one does
    why: bool = False  # asks why a topic matters: with no rationale routed, the best match's chapter introduction leads
    concepts: tuple[str, ...] = ()  # stems of the concepts the question itself names: their few passages are shown
    only: tuple[Kind, ...] = ()  # the kinds shown when the best match is one ("which bodies run … in the country?")


@dataclass(frozen=True, kw_only=True)
class Decline(_Plan):
    """The question is outside what the factsheet covers; nothing is searched."""

    mode: ClassVar[Mode] = Mode.DECLINE
    reason: str


Plan = Lookup | ListPlan | FollowUp | Search | Decline
