"""Answers and passages for people: the chat's Markdown, the in-place view, Browse rows, exports, terminal text.

Pure functions of the answer and the passages; the Gradio Blocks that show them live in ui.py. No
internal passage id is ever shown: a citation is what the footnotes cite, and a link into the
in-place view carries only the passage's position.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .answer import KIND_WORDS, LEVEL_TITLES, Answer, citation, group_title, place
from .types import Document, Footnote, Level, Passage, Section

LEVELS = {Level.REQUIRE: "Requires", Level.REQUEST: "Requests", Level.INVITE: "Invites"}
# A list longer than this is shown with each group folded (never cut).
COLLAPSE_OVER = 10
HINT = "<p class='ip-hint'>Choose a citation in an answer to read it here, in its section, with its footnotes.</p>"
BOLD_NOTE = "*In bold: the sentence of each passage closest to your question.*"
PASSAGE_LINK = "#passage-"  # + the passage's position in the index: opens it in place
BROWSE_HEADERS = ["Citation", "Chapter", "Part", "Kind", "Text"]
BROWSE_TEXT_CHARS = 240  # the table shows the start; the whole passage opens in place


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


# ":", "/", "." and "@" too: an escaped one stops a bare address (http://…, www.…, a@b.c) becoming a link.
_MARKDOWN_SPECIALS = str.maketrans({c: f"\\{c}" for c in "\\`*_{}[]()#+!|~>:/.@"})


def literal(text: str) -> str:
    """User text as it was typed, for Markdown: no HTML, and no link, image or emphasis it could form."""
    return _esc(text).translate(_MARKDOWN_SPECIALS)


def _emphasised(text: str, sentences: Sequence[str]) -> str:
    out = _esc(text)
    for s in sentences:
        out = out.replace(_esc(s), f"**{_esc(s)}**", 1)
    return out


def where(p: Passage) -> str:
    """Where a passage sits, for a reader: 'Chapter IV – Jurisdiction rules, specific to Denmark'."""
    return place(p).replace(" (", ", ").removesuffix(")")


def _item(answer: Answer, p: Passage, position: int, labelled: bool) -> list[str]:
    label = f"{group_title(p)} · " if labelled else ""
    link = f"[{_esc(citation(p))}]({PASSAGE_LINK}{position})"
    return [f"1. {_emphasised(p.text, answer.highlights.get(p.id, ()))}", f"   {label}{link} · {_esc(where(p))}"]


def answer_markdown(answer: Answer, positions: Mapping[str, int]) -> str:
    """The answer as chat Markdown, best first: each citation a link that opens its passage in place.

    `positions`: passage id -> position in the index, which the link carries instead of the id.
    A list is grouped (folded by group when longer than COLLAPSE_OVER); a search is in rank order with
    the level as a label.
    """
    lines = [_esc(answer.lead), ""]
    if answer.abstained:
        if answer.hits:
            lines += ["Only related (they do not answer the question):", ""]
            for h in answer.hits:
                lines += _item(answer, h.passage, positions[h.passage.id], labelled=True)
        return "\n".join(lines).strip()
    if any(answer.highlights.values()):
        lines += [BOLD_NOTE, ""]
    collapse = len(answer.hits) > COLLAPSE_OVER and len(answer.groups) > 1
    for n, (title, members) in enumerate(answer.groups or (("", answer.hits),)):
        if collapse:  # a long list stays whole: each group folds, the first open
            lines += [f"<details{' open' if n == 0 else ''}><summary><b>{title}</b> ({len(members)})</summary>", ""]
        elif title:
            lines += [f"**{title}** ({len(members)})", ""]
        for h in members:
            lines += _item(answer, h.passage, positions[h.passage.id], labelled=not answer.groups)
        lines += ["", "</details>", ""] if collapse else [""]
    return "\n".join(lines).strip()


def plain_text(answer: Answer) -> str:
    """The answer for a terminal that renders nothing: no Markdown marks, citations in brackets."""
    lines = [answer.lead, ""]
    if answer.abstained and answer.hits:
        lines += ["Only related (they do not answer the question):", ""]
    for title, members in answer.groups or (("", answer.hits),):
        if title and not answer.abstained:
            lines += [f"{title} ({len(members)})", ""]
        for h in members:
            p = h.passage
            label = f"{group_title(p)} · " if not answer.groups else ""
            lines += [f"- {p.text}", f"  [{label}{citation(p)} · {where(p)}]", ""]
    return "\n".join(lines).strip()


def in_place_html(passage_id: str, passages: Sequence[Passage], documents: Sequence[Document]) -> str:
    """The passage's section in document order, the passage highlighted and its footnotes under it."""
    by_id = {p.id: p for p in passages}
    if passage_id not in by_id:
        return HINT
    cited = by_id[passage_id]
    section = sorted(
        (
            p
            for p in passages
            if p.chapter == cited.chapter and p.section == cited.section and p.document == cited.document
        ),
        key=lambda p: (p.line_start, p.part),
    )
    notes = _footnotes_of(cited, documents)
    out = [f"<h4>{_esc(where(cited))}</h4><div class='in-place'>"]
    heading = ""
    for p in section:
        if p.heading and p.heading != heading:
            heading = p.heading
            out.append(f"<h5>{_esc(heading)}</h5>")
        text = _esc(p.text)
        if p.id != cited.id:
            out.append(f"<div class='ip-passage'>{text}</div>")
            continue
        foot = "".join(f"<p><sup>{n}</sup> {_esc(fn.text)}</p>" for n, fn in notes) or "<p>(no footnote)</p>"
        label = LEVEL_TITLES[p.level] if p.level else KIND_WORDS[p.kind].capitalize()
        out.append(
            f"<div class='ip-passage cited' tabindex='-1'><div class='ip-label'>{_esc(label)}</div><mark>{text}</mark>"
            f"<div class='cite'>{_esc(citation(p))}</div><div class='footnotes'>{foot}</div></div>"
        )
    return "".join(out) + "</div>"


def _footnotes_of(p: Passage, documents: Sequence[Document]) -> list[tuple[int, Footnote]]:
    notes = next((d.footnotes for d in documents if d.slug == p.document), {})
    return [(n, notes[n]) for n in p.footnotes if n in notes]


@dataclass(frozen=True)
class BrowseView:
    """The Browse table: its rows, the passage id of each (for opening it), and what it says above."""

    rows: list[list[str]]
    ids: list[str]
    status: str


def browse(
    passages: Sequence[Passage],
    search: str = "",
    chapter: str = "",
    section: str = "",
    level: str = "",
    max_chars: int = 200,
    document: str = "",
) -> BrowseView:
    """Every passage matching the search words (anywhere in its text or citation) and the filters
    (`document`: one factsheet's, by its slug)."""
    words = search[:max_chars].lower().split()
    rows, ids = [], []
    for p in passages:
        if (chapter and p.chapter != chapter) or (section and p.section_label != section):
            continue
        if document and p.document != document:
            continue
        if level and (p.level is None or p.level.value != level):
            continue
        kind = LEVEL_TITLES[p.level] if p.level else KIND_WORDS[p.kind].capitalize()
        row = [citation(p), f"{p.chapter} – {p.chapter_title}", _part(p), kind, p.text]
        if all(w in " ".join(row).lower() for w in words):
            text = p.text if len(p.text) <= BROWSE_TEXT_CHARS else p.text[:BROWSE_TEXT_CHARS].rsplit(" ", 1)[0] + " …"
            rows.append([*row[:4], text])
            ids.append(p.id)
    if not rows:
        return BrowseView([], [], "Nothing matches these words and filters.")
    n = len(rows)
    return BrowseView(rows, ids, f"{n} passage{'s' if n > 1 else ''}. Select a row to read it in place.")


def _part(p: Passage) -> str:
    return {
        Section.GENERIC: "generic, to all Parties",
        Section.PRACTICE: "promising practice",
        Section.INTRO: "introduction",
    }.get(p.section, f"specific to {p.country}")


def export_header(documents: Sequence[Document], provenance: Mapping, when: str) -> str:
    """The top of an exported conversation: when, and from what factsheet, index and model."""
    return "\n".join(
        [
            "# Questions to the Lanzarote Committee's factsheet",
            "",
            f"- Exported: {when}",
            f"- Factsheet: {'; '.join(f'{d.country}, last update {d.edition}' for d in documents)}",
            f"- Index: {provenance.get('index', '')}",
            f"- Model: {provenance.get('model', '')}",
            "",
            "",
        ]
    )


def export_turn(n: int, question: str, answer: Answer, documents: Sequence[Document]) -> str:
    """One question and its answer for the export: each passage's citation and the text of its footnotes."""
    out = [f"## {n}. {literal(question)}", "", answer.lead, ""]
    if answer.abstained and answer.hits:
        out += ["Only related (they do not answer the question):", ""]
    for h in answer.hits:
        p = h.passage
        label = LEVEL_TITLES[p.level] if p.level else KIND_WORDS[p.kind].capitalize()
        out += [f"- {p.text}", f"  — {label} · {citation(p)} · {where(p)}"]
        out += [f"  - Footnote {k}: {fn.text}" for k, fn in _footnotes_of(p, documents)]
    return "\n".join(out) + "\n\n"


def export_markdown(
    turns: Sequence[tuple[str, Answer]], documents: Sequence[Document], provenance: Mapping, when: str
) -> str:
    """The conversation as a Markdown file: when and from what, every question and answer, each passage's
    citation and the text of its footnotes."""
    body = "".join(export_turn(n, q, a, documents) for n, (q, a) in enumerate(turns, start=1))
    return (export_header(documents, provenance, when) + body).rstrip() + "\n"
