"""Hits -> Answer: extracted passages grouped by obligation, each with its own citation; or an abstention."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .lexicon import expand
from .retrieval import lexical_tokens, sentences
from .types import LEVELS, Hit, Level, Mode, Passage, Section

GROUPS = (
    (Level.REQUIRE, "Requires"),
    (Level.REQUEST, "Requests"),
    (Level.INVITE, "Invites"),
    ("observation", "Observations"),
    (Section.PRACTICE, "Promising practices"),
    (Section.INTRO, "Background"),
)
_VERB = {Level.REQUIRE: "required", Level.REQUEST: "requested", Level.INVITE: "invited"}
NOT_ADDRESSED = "The factsheet does not address this."


@dataclass(frozen=True)
class Answer:
    """What is shown for one question."""

    question: str
    lead: str
    hits: tuple[Hit, ...]  # shown, in rank order
    abstained: bool = False
    reason: str = ""
    highlights: dict = field(default_factory=dict)  # passage id -> best-matching sentences
    provenance: dict = field(default_factory=dict)
    mode: Mode = Mode.SEARCH
    similarity: float = 0.0  # best dense similarity of any passage to the question

    def grouped(self) -> list[tuple[str, list[Hit]]]:
        """Hits grouped by obligation level, then observations and practices; country-specific first."""
        out = []
        for key, title in GROUPS:
            members = [h for h in self.hits if group_of(h.passage) == key]
            members.sort(key=lambda h: h.passage.section is Section.GENERIC)  # stable: rank order within scope
            if members:
                out.append((title, members))
        return out


def group_of(p: Passage) -> str:
    """Which answer group a passage belongs to."""
    if p.level:
        return p.level
    if p.section in (Section.PRACTICE, Section.INTRO):
        return p.section
    return "observation"


def citation(p: Passage) -> str:
    """The citation from the passage's own footnotes: 'Recommendation IV-5 · Report paras 223, 224'."""
    parts = []
    if p.recommendations:
        word = "Recommendation" if len(p.recommendations) == 1 else "Recommendations"
        parts.append(f"{word} {', '.join(p.recommendations)}")
    if p.paragraphs:
        word = "Report para" if len(p.paragraphs) == 1 else "Report paras"
        parts.append(f"{word} {', '.join(str(n) for n in p.paragraphs)}")
    if not parts:
        parts.append("no recommendation or report paragraph cited")
    return " · ".join(parts)


def place(p: Passage) -> str:
    """Where the passage sits: chapter, title and section."""
    section = {
        Section.GENERIC: "generic, to all Parties",
        Section.PRACTICE: "promising practice",
        Section.INTRO: "introduction",
    }.get(p.section, f"specific to {p.document.title()}")
    return f"Chapter {p.chapter} – {p.chapter_title} ({section})"


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


def lead_line(hits: Sequence[Hit], mode: Mode, country: str) -> str:
    """One line saying what was found: '3 Denmark-specific recommendations on jurisdiction rules: 1 required, …'."""
    recs = [h.passage for h in hits if h.passage.level]
    others = len(hits) - len(recs)
    chapters = Counter(h.passage.chapter_title for h in hits)
    topic = chapters.most_common(1)[0][0].lower() if chapters else ""
    if recs:
        scopes = {p.section for p in recs}
        scope = {Section.COUNTRY: f"{country}-specific ", Section.GENERIC: "generic "}.get(next(iter(scopes)), "")
        scope = scope if len(scopes) == 1 else ""
        levels = Counter(p.level for p in recs)
        counts = ", ".join(f"{levels[lv]} {_VERB[lv]}" for lv in LEVELS if levels[lv])
        noun = "recommendation" if len(recs) == 1 else "recommendations"
        where = f" on {topic}" if len(chapters) == 1 else ""
        line = f"{len(recs)} {scope}{noun}{where}: {counts}"
        if others:
            line += f"; and {others} related passage{'s' if others > 1 else ''}"
        return line + "."
    noun = "passage" if len(hits) == 1 else "passages"
    where = f" on {topic}" if len(chapters) == 1 else ""
    return f"{len(hits)} {noun} of the factsheet{where}."


def not_in_factsheet(missing: Sequence[str]) -> str:
    """'Recommendation II-8 is not in this factsheet'."""
    return f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not in this factsheet"


def compose(
    question: str,
    hits: Sequence[Hit],
    mode: Mode,
    country: str,
    provenance: dict,
    missing: Sequence[str] = (),
    abstain_reason: str = "",
    nearest: Sequence[str] = (),
) -> Answer:
    """Build the answer, or the abstention with at most two passages marked as only related."""
    if abstain_reason or (missing and not hits):
        reason = abstain_reason or not_in_factsheet(missing)
        related = tuple(hits[:2])
        lead = NOT_ADDRESSED + f" ({reason}.)"
        if missing and nearest:
            lead += f" Nearest in this factsheet: {', '.join(nearest)}."
        return Answer(question, lead, related, True, reason, {}, provenance, mode)
    shown = dedupe(hits)
    lead = lead_line(shown, mode, country)
    if missing:
        lead = f"{' and '.join(missing)}: not in this factsheet. " + lead
    highlights = {h.passage.id: best_sentences(question, h.passage) for h in shown}
    return Answer(question, lead, tuple(shown), False, "", highlights, provenance, mode)


def render_markdown(answer: Answer) -> str:
    """The answer as Markdown: lead, groups, passages with highlighted sentence and citation."""
    lines = [answer.lead, ""]
    if answer.abstained:
        if answer.hits:
            lines.append("Only related (they do not answer the question):")
            for h in answer.hits:
                lines += [f"- {h.passage.text}", f"  — {citation(h.passage)}; {place(h.passage)}"]
        return "\n".join(lines).strip()
    for title, members in answer.grouped():
        lines.append(f"**{title}**")
        for h in members:
            text = h.passage.text
            for s in answer.highlights.get(h.passage.id, ()):
                text = text.replace(s, f"**{s}**", 1)
            lines += [f"- {text}", f"  — {citation(h.passage)}; {place(h.passage)}"]
        lines.append("")
    return "\n".join(lines).strip()


def to_json(answer: Answer) -> dict:
    """The `ask --json` object of DESIGN.md."""
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
            }
            for h in answer.hits
        ],
        "provenance": answer.provenance,
    }
