"""Blocks -> passages: one self-contained, cited unit per recommendation, observation or practice."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from .spelling import acronyms
from .types import Block, Document, Kind, Level, Passage, Section

LEVEL_RE = re.compile(r"\*\*(requires|requests|invites)\*\*", re.IGNORECASE)
_LEVEL_OF = {"requires": Level.REQUIRE, "requests": Level.REQUEST, "invites": Level.INVITE}
_NO_LEVEL = (Section.INTRO, Section.PRACTICE)  # their bold verbs, if any, are not recommendations
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
# An item ending like this reads on into the next one without a separator.
_READS_ON_RE = re.compile(r"(?:[,;:]|\b(?:and|or|that))$")

TokenCounter = Callable[[str], int]


@dataclass(frozen=True)
class _Unit:
    chapter: str
    section: Section
    heading: str
    lead: Block | None
    items: tuple[Block, ...]


def build_passages(doc: Document, count_tokens: TokenCounter | None = None, max_tokens: int = 256) -> list[Passage]:
    """Chunk a parsed document into passages, splitting any longer than max_tokens."""
    titles = {c.number: c.title for c in doc.chapters}
    counters: dict[tuple[str, Section], int] = {}
    passages: list[Passage] = []
    for unit in _units(doc.blocks):
        key = (unit.chapter, unit.section)
        counters[key] = counters.get(key, 0) + 1
        base = f"{unit.chapter}-{unit.section.label(doc.slug)}-{counters[key]}"
        passages.extend(_to_passages(doc, unit, base, titles[unit.chapter], count_tokens, max_tokens))
    return passages


def _units(blocks: Iterable[tuple[str, Section, str, Block]]) -> list[_Unit]:
    """Group blocks: a lead-in ending in ':' takes the bullets under it."""
    rows = list(blocks)
    units: list[_Unit] = []
    i = 0
    while i < len(rows):
        chapter, section, heading, block = rows[i]
        i += 1
        if not _is_lead_in(block):
            units.append(_Unit(chapter, section, heading, None, (block,)))
            continue
        items: list[tuple[Block, ...]] = []
        while i < len(rows) and _is_item(rows[i][3]) and rows[i][:2] == (chapter, section):
            item, i = _take_item(rows, i)
            items.append(item)
        if not items:
            units.append(_Unit(chapter, section, heading, None, (block,)))
        elif len(items) > 1 and not any(b.footnotes for item in items[:-1] for b in item):
            # one footnote closes the whole list: the list is one recommendation
            units.append(_Unit(chapter, section, heading, block, tuple(b for it in items for b in it)))
        else:
            units.extend(_Unit(chapter, section, heading, block, it) for it in items)
    return units


def _take_item(rows: list, i: int) -> tuple[tuple[Block, ...], int]:
    """One bullet, with the bullets under it when it is itself a lead-in."""
    first = rows[i][3]
    i += 1
    if not _is_lead_in(first) or i >= len(rows) or not _is_item(rows[i][3]):
        return (first,), i
    item = [first]
    if rows[i][3].indent > first.indent:  # indented sub-bullets: take them all
        while i < len(rows) and _is_item(rows[i][3]) and rows[i][3].indent > first.indent:
            item.append(rows[i][3])
            i += 1
        return tuple(item), i
    # sub-items at the same level: they run until the footnote that closes the list
    while i < len(rows) and _is_item(rows[i][3]):
        item.append(rows[i][3])
        i += 1
        if item[-1].footnotes:
            break
    return tuple(item), i


def _is_item(block: Block) -> bool:
    """A bullet under a lead-in; a bullet with its own bold verb is a lead-in of its own."""
    return block.kind in ("bullet", "subbullet") and not LEVEL_RE.search(block.text)


def _is_lead_in(block: Block) -> bool:
    return block.kind != "heading" and block.text.rstrip().endswith(":")


def _join(lead: Block | None, items: tuple[Block, ...]) -> str:
    """Lead-in and bullets as one sentence: 'requests Denmark:' + 'to ensure' -> 'requests Denmark to ensure'."""
    if lead is None:
        if len(items) == 1:
            return items[0].text
        lead, items = items[0], items[1:]
    head = lead.text.rstrip()
    first = items[0].text
    if head.endswith(":") and first[:1].islower():
        head = head[:-1].rstrip()
    parts = [f"{head} {first}"]
    for item in items[1:]:
        sep = " " if _READS_ON_RE.search(parts[-1]) else "; "
        parts.append(sep + item.text)
    return "".join(parts)


def _to_passages(
    doc: Document,
    unit: _Unit,
    base: str,
    chapter_title: str,
    count_tokens: TokenCounter | None,
    max_tokens: int,
) -> list[Passage]:
    blocks = ((unit.lead,) if unit.lead else ()) + unit.items
    raw = _join(unit.lead, unit.items)
    m = LEVEL_RE.search(raw) if unit.section not in _NO_LEVEL else None
    level = _LEVEL_OF[m.group(1).lower()] if m else None
    notes = tuple(dict.fromkeys(n for b in blocks for n in b.footnotes))
    recs = tuple(dict.fromkeys(r for n in notes if n in doc.footnotes for r in doc.footnotes[n].recommendations))
    paras = tuple(dict.fromkeys(p for n in notes if n in doc.footnotes for p in doc.footnotes[n].paragraphs))
    if unit.section in _NO_LEVEL:
        kind = Kind(unit.section.value)
    else:
        kind = Kind.RECOMMENDATION if level or recs else Kind.OBSERVATION
    text = raw.replace("**", "")
    lead_text = unit.lead.text.replace("**", "").rstrip().rstrip(":").rstrip() if unit.lead else ""
    header = context_header(chapter_title, unit.heading, unit.section, level, doc.country)
    pieces = _split(text, lead_text, count_tokens, max_tokens, header)
    return [
        Passage(
            id=base if len(pieces) == 1 else f"{base}.{k}",
            document=doc.slug,
            edition=doc.edition,
            chapter=unit.chapter,
            chapter_title=chapter_title,
            section=unit.section,
            heading=unit.heading,
            level=level,
            kind=kind,
            text=piece,
            recommendations=recs,
            paragraphs=paras,
            footnotes=notes,
            line_start=min(b.line_start for b in blocks),
            line_end=max(b.line_end for b in blocks),
            part=0 if len(pieces) == 1 else k,
        )
        for k, piece in enumerate(pieces, start=1)
    ]


_SCOPE_WORDS = {
    Section.GENERIC: "generic, to all Parties",
    Section.PRACTICE: "promising practice",
    Section.INTRO: "introduction",
}
_LEVEL_WORDS = {Level.REQUIRE: "required", Level.REQUEST: "requested", Level.INVITE: "invited"}


def context_header(chapter_title: str, heading: str, section: Section, level: Level | None, country: str) -> str:
    """'Jurisdiction rules — Jurisdiction based on … — specific to Denmark, required: ': where a passage sits.

    Both indexes see it, so a passage is found by its chapter's and section's words too.
    """
    scope = _SCOPE_WORDS.get(section, f"specific to {country}")
    if level is not None:
        scope += f", {_LEVEL_WORDS[level]}"
    return " — ".join(part for part in (chapter_title, heading, scope) if part) + ": "


def embed_text(p: Passage, glossary: Mapping[str, str] | None = None) -> str:
    """What the indexes see: the passage's context header, then its text, with the `glossary`'s acronyms
    spelled out where the passage first uses them ("CSGSIV (child self-generated sexual images and/or videos)")."""
    text = p.text
    for acr, long in (glossary or {}).items():
        if long.lower() not in text.lower():
            # in the document's capitals ("CSGSIV", "ICTs"), and not where it is defined: "... (CSGSIV)"
            uses = re.finditer(rf"(?<!\()\b{re.escape(acr)}s?\b", text, re.I)
            first = next((m for m in uses if m.group(0)[:2].isupper()), None)
            if first is not None:
                text = f"{text[: first.end()]} ({long}){text[first.end() :]}"
    return context_header(p.chapter_title, p.heading, p.section, p.level, p.country) + text


def dense_texts(passages: Sequence[Passage]) -> list[str]:
    """What the dense model sees of each passage: `embed_text` with the acronyms its document defines.

    The model cannot read "CSGSIV": a passage writing only the short form ("on risks associated with
    CSGSIV") was far from a question in words ("risks of self-generated images"). BM25 gets its bridge
    from the question's side (the acronyms and thesaurus expand the query); spelled out in its index too,
    every such passage matched twice and outranked better ones.
    """
    glossaries: dict[str, dict[str, str]] = {}
    for doc in dict.fromkeys(p.document for p in passages):
        own = [t for p in passages if p.document == doc for t in (p.text, p.heading, p.chapter_title)]
        glossaries[doc] = acronyms(own)
    return [embed_text(p, glossaries[p.document]) for p in passages]


def _split(text: str, lead: str, count: TokenCounter | None, max_tokens: int, prefix: str) -> list[str]:
    """Split at sentence boundaries so each part (with its header) fits; later parts repeat the lead-in."""
    if count is None or count(prefix + text) <= max_tokens:
        return [text]
    has_lead = bool(lead) and text.startswith(lead)
    body = text[len(lead) :].lstrip() if has_lead else text
    lead_in = f"{lead} … " if has_lead else ""
    units: list[str] = []
    for sentence in _SENTENCE_RE.split(body):
        # a sentence too long on its own is cut at its list separators
        units.extend(re.split(r"(?<=;)\s+", sentence) if count(sentence) > max_tokens // 2 else [sentence])
    parts: list[str] = []
    current = ""
    for unit in units:
        candidate = f"{current} {unit}".strip()
        if current and count(prefix + lead_in + candidate) > max_tokens:
            parts.append(current)
            candidate = unit
        current = candidate
    parts.append(current)
    if has_lead:
        return [f"{lead} {parts[0]}"] + [lead_in + p for p in parts[1:]]
    return parts


def build_corpus_passages(
    docs: Sequence[Document], count_tokens: TokenCounter | None = None, max_tokens: int = 256
) -> list[Passage]:
    """Passages of every document; with several documents, ids are qualified by the document."""
    out: list[Passage] = []
    for doc in docs:
        ps = build_passages(doc, count_tokens, max_tokens)
        if len(docs) > 1:
            ps = [replace(p, id=f"{doc.slug}:{p.id}") for p in ps]
        out.extend(ps)
    return out
