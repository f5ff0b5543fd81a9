"""Several factsheets loaded: which of their countries a question names, and one answer grouped by country.

With one factsheet loaded none of this runs. With several, each question is answered from the
factsheets of the countries it names; one naming none keeps the country of the conversation, and
at the start of one is answered from every factsheet, grouped by country. A country with no
factsheet loaded is declined by each factsheet's own abstention, as with one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .answer import Answer
from .conversation import MAX_TURNS, Conversation
from .lexicon import country_words
from .types import Document


def _pattern(country: str) -> re.Pattern[str]:
    names = "|".join(re.escape(w) for w in sorted(country_words(country), key=len, reverse=True))
    return re.compile(rf"(?i)\b(?:{names})(?:['’]s)?\b")


def without_country(text: str, country: str) -> str:
    """The text without the country's name or adjective (and their possessives)."""
    return " ".join(_pattern(country).sub(" ", text).split())


def named_documents(question: str, documents: Sequence[Document]) -> tuple[str, ...]:
    """The loaded factsheets whose country the question names (by name or adjective), in corpus order."""
    return tuple(d.slug for d in documents if _pattern(d.country).search(question))


def for_document(question: str, documents: Sequence[Document], slug: str) -> str:
    """The question as put to one factsheet: the other loaded countries' names taken out (each factsheet
    declines questions about a country other than its own), or, when it named only another, that one's
    name changed for this one's ("and Norway?" after a question on Denmark)."""
    own = next(d for d in documents if d.slug == slug)
    named_others = [d for d in documents if d.slug != slug and _pattern(d.country).search(question)]
    if len(named_others) == 1 and not _pattern(own.country).search(question):
        return _pattern(named_others[0].country).sub(own.country, question)
    for d in named_others:
        question = without_country(question, d.country)
    return question


@dataclass
class Across:
    """A conversation over several factsheets: one conversation per factsheet, and the countries in scope."""

    parts: dict[str, Conversation]
    scope: tuple[str, ...] = ()  # the factsheets the last question was answered from
    recent: list[str] = field(default_factory=list)  # the latest questions, oldest first

    def add(self, question: str, scope: tuple[str, ...]) -> None:
        """Remember a question and where it was answered from."""
        self.scope = scope
        self.recent = [*self.recent, question][-MAX_TURNS:]

    def reset(self) -> None:
        """Start a new conversation."""
        for conv in self.parts.values():
            conv.reset()
        self.scope, self.recent = (), []


def combine(question: str, answers: Sequence[tuple[Document, Answer]], provenance: dict) -> Answer:
    """Answers from several factsheets as one, grouped by country in corpus order."""
    first = answers[0][1]
    notes = tuple(n for _, a in answers for n in a.notes)
    answered = [(d, a) for d, a in answers if not a.abstained]
    if not answered:
        reasons = "; ".join(f"{d.country}: {a.reason}" for d, a in answers)
        related = tuple(h for _, a in answers for h in a.hits[:1])
        lead = f"None of the factsheets loaded addresses this. ({reasons}.)"
        return Answer(question, lead, related, (), True, reasons, {}, provenance, first.plan, notes)
    groups: list[tuple[str, tuple]] = []
    for d, a in answered:
        if a.groups:
            groups += [(f"{d.country} · {title}", members) for title, members in a.groups]
        elif a.hits:
            groups.append((d.country, a.hits))
    lead = "From each factsheet, grouped by country. " + " ".join(f"{d.country}: {a.lead}" for d, a in answers)
    hits = tuple(h for _, members in groups for h in members)
    highlights = {k: v for _, a in answered for k, v in a.highlights.items()}
    similarity = max(a.similarity for _, a in answers)
    return Answer(question, lead, hits, tuple(groups), False, "", highlights, provenance, first.plan, notes, similarity)
