"""The readable summary of parsed passages that `lanzarote-qa passages` prints."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from .chunking import dense_texts
from .types import Document, Passage


def unplaced_footnotes(doc: Document, passages: Sequence[Passage]) -> list[tuple[int, str]]:
    """Footnotes of a document that no passage carries, or that cite nothing, with why."""
    placed = {n for p in passages if p.document == doc.slug for n in p.footnotes}
    out = []
    for n, fn in sorted(doc.footnotes.items()):
        if n not in placed:
            out.append((n, "its marker is in no passage (not found in the body text)"))
        elif not fn.recommendations and not fn.paragraphs:
            kind = "a link" if fn.text.startswith(("http", "www", "See: http")) else "explanatory prose"
            out.append((n, f"cites no recommendation or report paragraph ({kind})"))
    return out


def summary(docs: Sequence[Document], passages: Sequence[Passage], count: Callable[[str], int]) -> str:
    """Counts per chapter, section and level, the largest passage and the uncited footnotes."""
    lines = []
    for doc in docs:
        own = [p for p in passages if p.document == doc.slug]
        rec_ids = {r for fn in doc.footnotes.values() for r in fn.recommendations}
        placed = {r for p in own for r in p.recommendations}
        lines.append(
            f"{doc.country} factsheet, last update {doc.edition} ({doc.source}): "
            f"{len(own)} passages, {len(doc.footnotes)} footnotes, "
            f"{len(placed & rec_ids)}/{len(rec_ids)} recommendation ids placed"
        )
        by_chapter = Counter(p.chapter for p in own)
        lines.append("  per chapter: " + ", ".join(f"{c.number} {by_chapter[c.number]}" for c in doc.chapters))
        by_section = Counter(p.section_label for p in own)
        lines.append("  per section: " + ", ".join(f"{s} {n}" for s, n in by_section.most_common()))
        by_level = Counter(p.level.value if p.level else "none" for p in own)
        levels = ("require", "request", "invite", "none")
        lines.append("  per level:   " + ", ".join(f"{lv} {by_level[lv]}" for lv in levels))
        by_kind = Counter((p.section_label, p.level.value if p.level else "-") for p in own)
        lines.append("  section x level: " + ", ".join(f"{s}/{lv} {n}" for (s, lv), n in sorted(by_kind.items())))
        if own:
            size, big = max((count(t), p.id) for p, t in zip(own, dense_texts(own), strict=True))
            lines.append(f"  largest passage: {big}, {size} word pieces")
        missing = sorted(rec_ids - placed)
        if missing:
            lines.append("  recommendation ids on no passage: " + ", ".join(missing))
        lines.append("  footnotes no passage cites a recommendation or paragraph for:")
        for n, why in unplaced_footnotes(doc, own):
            lines.append(f"    {n:>4}: {why}: {doc.footnotes[n].text[:70]}")
    return "\n".join(lines)
