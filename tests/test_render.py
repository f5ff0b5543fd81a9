"""What people read: chat Markdown, in-place view, Browse, exports and terminal text (fake engine, real passages)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from lanzarote_qa.answer import citation, compose, explain, group_title, ranges, render_markdown, to_json
from lanzarote_qa.render import (
    BOLD_NOTE,
    PASSAGE_LINK,
    answer_markdown,
    browse,
    export_markdown,
    in_place_html,
    literal,
    plain_text,
)
from lanzarote_qa.search import SearchResult
from lanzarote_qa.types import Hit, Kind, Search, SearchTerms, Section

JURISDICTION = "what must Denmark change on jurisdiction?"


@pytest.fixture(scope="module")
def positions(fake_engine):
    return {p.id: i for i, p in enumerate(fake_engine.index.passages)}


@pytest.fixture(scope="module")
def jurisdiction(fake_engine):
    return fake_engine.ask(JURISDICTION, fake_engine.new_conversation())[0]


def _no_internal_id(text: str, passages) -> bool:
    return not any(re.search(rf"(?<![\w-]){re.escape(p.id)}(?![\w-])", text) for p in passages)


def test_citations_are_sorted_with_paragraph_ranges_and_never_ids(passages):
    assert ranges([223, 224, 227, 228]) == "223–224, 227–228" and ranges([98, 100]) == "98, 100"
    by_recs = {p.recommendations: p for p in passages}
    assert citation(by_recs[("III-16", "III-18")]) == "Recommendations III-16, III-18"
    observation = next(p for p in passages if p.paragraphs == (223, 224, 227, 228))
    assert citation(observation) == "Report paras 223–224, 227–228"
    uncited = next(p for p in passages if not p.footnotes and p.kind is Kind.OBSERVATION)
    assert citation(uncited) == f"Chapter {uncited.chapter} observation"


def test_answer_markdown_groups_a_list_and_links_every_citation(jurisdiction, positions, passages):
    md = answer_markdown(jurisdiction, positions)
    assert md.startswith(jurisdiction.lead)
    assert md.index("**Requires** (1)") < md.index("**Requests** (2)")
    for h in jurisdiction.hits:
        assert f"[{citation(h.passage)}]({PASSAGE_LINK}{positions[h.passage.id]})" in md
    assert "Requests · [" not in md  # a grouped item does not repeat its group's level
    assert "<span" not in md and _no_internal_id(md, passages)


def test_a_search_answer_labels_each_passage_with_its_level_in_rank_order(fake_engine, positions):
    answer, _ = fake_engine.ask("What does the Committee require about sexual extortion?")
    md = answer_markdown(answer, positions)
    links = [int(n) for n in re.findall(rf"\]\({re.escape(PASSAGE_LINK)}(\d+)\)", md)]
    assert links == [positions[h.passage.id] for h in answer.hits]
    for h in answer.hits:  # the level (or kind) is a label on each passage, not a heading
        assert f"{group_title(h.passage)} · [{citation(h.passage)}]" in md
    assert not answer.groups and "**Requires**" not in md
    if any(answer.highlights.values()):
        assert BOLD_NOTE in md  # the bold sentence is explained


def test_answer_markdown_of_an_abstention_says_so(jurisdiction, positions):
    result = SearchResult(jurisdiction.hits, jurisdiction.plan)
    answer = compose(result, "Denmark", {}, abstain_reason="no count given")
    md = answer_markdown(answer, positions)
    assert md.startswith("The factsheet does not address this.")
    assert "Only related" in md and citation(jurisdiction.hits[0].passage) in md


def test_in_place_view_shows_the_section_with_the_passage_highlighted_and_its_footnotes(fake_engine, passages):
    documents = fake_engine.index.documents
    cited = next(p for p in passages if "IV-9" in p.recommendations)
    page = in_place_html(cited.id, passages, documents)
    assert page.count("<mark>") == 1
    assert page.split("<mark>")[1].startswith(cited.text[:60])
    for n in cited.footnotes:
        assert documents[0].footnotes[n].text in page
    same = sorted((p for p in passages if p.chapter == "IV" and p.section is cited.section), key=lambda p: p.line_start)
    positions = [page.index(p.text[:40]) for p in same]
    assert positions == sorted(positions)  # document order
    assert "Chapter IV – Jurisdiction rules" in page and _no_internal_id(page, passages)


def test_in_place_view_and_answer_escape_text_and_fall_back_to_a_hint(fake_engine, passages):
    assert "Choose a citation" in in_place_html("no-such-id", passages, fake_engine.index.documents)
    # no passage of the factsheet holds markup, so a crafted one does
    crafted = replace(passages[0], id="crafted-1", text="Fines <script>alert(1)</script> & <b>bold</b> claims")
    page = in_place_html(crafted.id, [crafted], fake_engine.index.documents)
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in page
    plan = Search(question="q", terms=SearchTerms("q", "q"))
    md = answer_markdown(compose(SearchResult((Hit(crafted, 1.0),), plan), "Denmark", {}), {crafted.id: 0})
    assert "<script>" not in md and "&lt;script&gt;" in md


def test_user_text_cannot_form_images_links_or_html():
    shown = literal("see ![x](http://host/a.png) and [here](http://x) <img src=x>")
    assert "![" not in shown and "](" not in shown and "<img" not in shown
    assert "http://" not in shown and "://" not in literal("www.example.org or ftp://x")  # no bare autolink
    assert "@" not in literal("mail a@b.org").replace("\\@", "")
    assert shown.replace("\\", "") == "see ![x](http://host/a.png) and [here](http://x) &lt;img src=x&gt;"


def test_export_has_date_edition_index_model_and_footnote_texts(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask(JURISDICTION, conv)
    fake_engine.ask("and which are only requested?", conv)
    turns = [(t.question, t.answer) for t in conv.turns]
    prov = turns[0][1].provenance
    md = export_markdown(turns, fake_engine.index.documents, prov, "2026-11-29 10:00 UTC")
    assert "- Exported: 2026-11-29 10:00 UTC" in md and "last update 25.05.2023" in md
    assert f"- Index: {prov['index']}" in md and f"- Model: {prov['model']}" in md
    assert f"## 1. {literal(JURISDICTION)}" in md and "## 2. and which are only requested?" in md
    for rec in ("Recommendation IV-1", "Recommendation IV-5", "Recommendation IV-9"):
        assert rec in md
    assert "Footnote 58: Recommendation IV-5." in md


def test_browse_lists_every_passage_citation_first_and_says_when_nothing_matches(passages):
    view = browse(passages)
    assert len(view.rows) == len(passages) == len(view.ids)
    assert all(len(r) == 5 for r in view.rows)
    by_id = dict(zip(view.ids, view.rows, strict=True))
    assert by_id[next(p.id for p in passages if p.recommendations == ("IV-5",))][0] == "Recommendation IV-5"
    assert any(r[0].startswith("Report para") for r in view.rows)  # report paragraphs are filled
    assert {r[2] for r in browse(passages, section="practice").rows} == {"promising practice"}
    assert len(browse(passages, section="intro").rows) == sum(p.section is Section.INTRO for p in passages)
    # search reaches every passage's text, not only recommendations'
    assert browse(passages, "Folkeskole").rows and browse(passages, "iv-5").rows
    empty = browse(passages, "no such words anywhere")
    assert empty.rows == [] and empty.status == "Nothing matches these words and filters."
    assert _no_internal_id(" ".join(" ".join(r) for r in view.rows), passages)


def test_plain_text_for_a_terminal_has_no_markdown(jurisdiction):
    text = plain_text(jurisdiction)
    assert "**" not in text and "[Recommendation IV-5 · Chapter IV" in text
    assert "**" in render_markdown(jurisdiction)  # --format markdown keeps it


@pytest.mark.parametrize(
    "question",
    [
        "what must Denmark change on jurisdiction?",  # a list: grouped by level
        "What does the Committee require about sexual extortion?",  # a search: rank order
        "X-4 and X-5",  # a look-up
    ],
)
def test_json_cli_text_and_chat_show_the_same_order(fake_engine, positions, question):
    answer, _ = fake_engine.ask(question)
    ids = [p["id"] for p in to_json(answer)["passages"]]
    assert ids == [h.passage.id for h in answer.hits]
    texts = {h.passage.id: h.passage.text for h in answer.hits}
    for rendered in (render_markdown(answer), answer_markdown(answer, positions), plain_text(answer)):
        spots = [rendered.replace("**", "").index(texts[i][:60].replace("&", "&amp;")) for i in ids]
        assert spots == sorted(spots), question


def test_explain_names_the_plan_and_every_rule_that_fired(fake_engine):
    answer, _ = fake_engine.ask("Which research recommendations are invitations rather than requests?")
    text = explain(answer)
    assert text.startswith("plan: list")
    assert "'invitations' → invitation level [level:invite]" in text
    assert "excludes request level" in text and "[routing]" in text
    assert to_json(answer)["plan"]["kind"] == "list"


def test_a_long_list_is_shown_whole_in_folded_groups(fake_engine, positions):
    answer, _ = fake_engine.ask("Everything Denmark must do")
    assert len(answer.hits) > 10
    md = answer_markdown(answer, positions)
    assert md.count("<details") == len(answer.groups) and md.count("<details open>") == 1
    assert all(h.passage.text[:50].replace("&", "&amp;") in md for h in answer.hits)
