"""Frozen dataclasses passed between the stages of the data flow."""

from __future__ import annotations

from dataclasses import dataclass, field

LEVELS = ("require", "request", "invite")
SECTIONS_FIXED = ("generic", "practice", "intro")


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
    blocks: tuple[tuple[str, str, str, Block], ...]  # (chapter, section, heading, block)
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
    section: str
    heading: str
    level: str | None
    kind: str  # "recommendation" | "observation" | "practice" | "intro"
    text: str
    recommendations: tuple[str, ...]
    paragraphs: tuple[int, ...]
    footnotes: tuple[int, ...]
    line_start: int
    line_end: int
    part: int = 0  # >0 when a long unit was split at sentence boundaries

    def to_json(self) -> dict:
        """The JSON shape of DESIGN.md plus location fields."""
        return {
            "id": self.id,
            "document": self.document,
            "edition": self.edition,
            "chapter": self.chapter,
            "chapter_title": self.chapter_title,
            "section": self.section,
            "heading": self.heading,
            "level": self.level,
            "kind": self.kind,
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
            section=d["section"],
            heading=d["heading"],
            level=d["level"],
            kind=d["kind"],
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
