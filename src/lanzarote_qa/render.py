"""Answers and passages as Markdown and HTML for the app: badges, citations, the in-place view, exports.

Pure functions of the answer and the passages; the Gradio Blocks that show them live in ui.py.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from .answer import Answer, citation, place, render_markdown
from .types import Document, Level, Passage

LEVELS = {Level.REQUIRE: "Requires", Level.REQUEST: "Requests", Level.INVITE: "Invites"}
SECTIONS = {"generic": "generic", "practice": "promising practice", "intro": "introduction"}
# A list longer than this is shown with each group folded (never cut).
COLLAPSE_OVER = 10
HINT = "<p class='ip-hint'>Choose a citation to read it in place: its section, with its footnotes.</p>"
BROWSE_HEADERS = ["id", "chapter", "level", "section", "text", "report paragraphs", "recommendations"]


def badges(p: Passage) -> str:
    """HTML badges for a passage: obligation level, section, chapter."""
    level = f"<span class='badge lv-{p.level.value}'>{LEVELS[p.level]}</span>" if p.level else ""
    if not level:
        level = "<span class='badge lv-none'>Practice</span>" if p.section == "practice" else ""
    section = SECTIONS.get(p.section, f"{p.document.title()}-specific")
    return f"{level}<span class='badge sec'>{section}</span><span class='badge ch'>Chapter {p.chapter}</span>"


def _emphasised(text: str, sentences: Sequence[str]) -> str:
    out = html.escape(text, quote=False)
    for s in sentences:
        out = out.replace(html.escape(s, quote=False), f"**{html.escape(s, quote=False)}**", 1)
    return out


def _hit_lines(p: Passage, sentences: Sequence[str] = ()) -> list[str]:
    return [
        f"- {badges(p)} {_emphasised(p.text, sentences)}",
        f"  <span class='cite'>— {html.escape(citation(p))} · `{p.id}`</span>",
    ]


def answer_markdown(answer: Answer) -> str:
    """The answer as chat Markdown: like `render_markdown`, with badges and each passage's id to open it in place."""
    lines = [html.escape(answer.lead, quote=False), ""]
    if answer.abstained:
        if answer.hits:
            lines.append("Only related (they do not answer the question):")
            for h in answer.hits:
                lines += _hit_lines(h.passage)
        return "\n".join(lines).strip()
    collapse = len(answer.hits) > COLLAPSE_OVER and len(answer.groups) > 1
    for n, (title, members) in enumerate(answer.groups or (("", answer.hits),)):
        if collapse:  # a long list stays whole: each group folds, the first open
            lines += [f"<details{' open' if n == 0 else ''}><summary><b>{title}</b> ({len(members)})</summary>", ""]
        elif title:
            lines += [f"**{title}**", ""]
        for h in members:
            lines += _hit_lines(h.passage, answer.highlights.get(h.passage.id, ()))
        lines += ["", "</details>", ""] if collapse else [""]
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
    notes = next((d.footnotes for d in documents if d.slug == cited.document), {})
    out = [f"<h4>{html.escape(place(cited))}</h4><div class='in-place'>"]
    heading = ""
    for p in section:
        if p.heading and p.heading != heading:
            heading = p.heading
            out.append(f"<h5>{html.escape(heading)}</h5>")
        text = html.escape(p.text)
        if p.id != cited.id:
            out.append(f"<div class='ip-passage' data-id='{p.id}'>{text}</div>")
            continue
        foot = (
            "".join(f"<p><sup>{n}</sup> {html.escape(notes[n].text)}</p>" for n in p.footnotes if n in notes)
            or "<p>(no footnote)</p>"
        )
        out.append(
            f"<div class='ip-passage cited' data-id='{p.id}'>{badges(p)}<br><mark>{text}</mark>"
            f"<div class='cite'>{html.escape(citation(p))} · {p.id}</div><div class='footnotes'>{foot}</div></div>"
        )
    return "".join(out) + "</div>"


def browse_rows(
    passages: Sequence[Passage], search: str = "", chapter: str = "", section: str = "", level: str = ""
) -> list[list[str]]:
    """Table rows for every recommendation passage matching the search words and filters."""
    words = search.lower().split()
    rows = []
    for p in passages:
        if not p.level or (chapter and p.chapter != chapter) or (section and p.section_label != section):
            continue
        if level and p.level != level:
            continue
        paras, recs = ", ".join(map(str, p.paragraphs)), ", ".join(p.recommendations)
        row = [p.id, p.chapter, p.level.value, p.section_label, p.text, paras, recs]
        if all(w in " ".join(row).lower() for w in words):
            rows.append(row)
    return rows


def export_markdown(turns: Sequence[tuple[str, Answer]]) -> str:
    """The conversation as a Markdown file: every question, its answer and each passage's citation."""
    out = ["# Questions to the Lanzarote Committee's factsheet", ""]
    if turns and turns[0][1].provenance:
        prov = turns[0][1].provenance
        out += [f"Factsheet: {'; '.join(prov.get('documents', []))} · index {prov.get('index')}", ""]
    for n, (question, answer) in enumerate(turns, start=1):
        out += [f"## {n}. {question}", "", render_markdown(answer), ""]
    return "\n".join(out).rstrip() + "\n"


def citation_choices(answer: Answer) -> list[tuple[str, str]]:
    """(label, passage id) for each passage of an answer, for the in-place selector."""
    return [(f"{h.passage.id} · {citation(h.passage)}", h.passage.id) for h in answer.hits]
