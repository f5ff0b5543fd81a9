"""A chat session: earlier questions and answers give follow-ups their topic, scope and referents."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .answer import Answer
from .query import Query, Router, understand
from .types import LEVELS, Filters, Section

_FOLLOW_UP_RE = re.compile(
    r"^\s*(?:and|so|but|also|then|ok(?:ay)?|what about|how about|and what about|what if|same for)\b"
    r"|\b(?:those|these|that one|that|this|it|they|them|there|the same|above)\b(?!\s+(?:is|are)\s+(?:a|an|the)\b)",
    re.I,
)
# Pronouns that point at the passages of the previous answer, not at its topic.
_REFERS_TO_ANSWER_RE = re.compile(
    r"\b(?:those|these|that one|them|of them|is it|are they)\b|\bthat\b(?=\s*(?:[?.!,]|$|one\b|an?\b))", re.I
)
_WORD_RE = re.compile(r"[A-Za-z]{3,}")


@dataclass(frozen=True)
class Turn:
    """One question and what came of it."""

    question: str
    query: Query
    answer: Answer | None


@dataclass
class Conversation:
    """Turns so far; `read` turns a new question into a Query in their light."""

    router: Router
    turns: list[Turn] = field(default_factory=list)

    def read(self, question: str, filters: Filters | None = None) -> tuple[Query, tuple[str, ...]]:
        """The query for a question, and the ids of earlier passages it refers to (if any)."""
        own = understand(question, self.router, filters)
        prev = self.turns[-1] if self.turns else None
        if prev is None or not is_follow_up(question, own):
            return own, ()
        base = prev.query
        refers: tuple[str, ...] = ()
        if prev.answer is not None and prev.answer.hits and _REFERS_TO_ANSWER_RE.search(question):
            refers = tuple(h.passage.id for h in prev.answer.hits)
        # keep the earlier topic; what the follow-up says about level and scope replaces the earlier one
        chapters = own.chapters or base.chapters or _chapters_of(prev.answer)
        sections = own.sections or tuple(s for s in base.sections if s is not Section.PRACTICE)
        levels = own.levels if own.levels else (base.levels if not own.sections else ())
        merged = replace(
            own,
            text=f"{own.text} {base.text}",
            dense_text=f"{base.question} {own.question}",
            chapters=chapters,
            sections=sections,
            levels=levels,
            exhaustive=bool(levels) and (own.exhaustive or base.exhaustive or bool(own.sections and base.levels)),
            context=base.question,
        )
        if own.sections and not own.levels and base.exhaustive:
            # a follow-up naming only a scope after a list: the same list in that scope, every level
            merged = replace(merged, levels=LEVELS, exhaustive=True)
        return merged, refers

    def add(self, question: str, query: Query, answer: Answer | None) -> None:
        """Remember a turn."""
        self.turns.append(Turn(question, query, answer))

    def reset(self) -> None:
        """Start a new conversation."""
        self.turns.clear()


def _chapters_of(answer: Answer | None) -> tuple[str, ...]:
    """The chapter of an earlier answer's first passage (for a follow-up to a look-up)."""
    return (answer.hits[0].passage.chapter,) if answer is not None and answer.hits else ()


def is_follow_up(question: str, own: Query) -> bool:
    """A question that needs the earlier ones: a follow-up cue, or too short to carry its own topic."""
    if own.rec_ids or own.paragraphs:
        return False
    words = _WORD_RE.findall(question)
    if _FOLLOW_UP_RE.search(question):
        return len(words) <= 14 or not own.chapters
    return len(words) <= 4 and not own.chapters
