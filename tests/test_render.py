"""The app's pure rendering helpers (answer Markdown, in-place view, export, browse rows), on the fake engine."""

from __future__ import annotations

from dataclasses import replace

import pytest

from lanzarote_qa.answer import citation, compose, explain, render_markdown, to_json
from lanzarote_qa.render import answer_markdown, browse_rows, export_markdown, in_place_html
from lanzarote_qa.search import SearchResult
from lanzarote_qa.types import Hit, Search, SearchTerms

JURISDICTION = "what must Denmark change on jurisdiction?"


@pytest.fixture(scope="module")
def jurisdiction(fake_engine):
    return fake_engine.ask(JURISDICTION, fake_engine.new_conversation())[0]


def test_answer_markdown_has_badges_citations_and_ids(jurisdiction):
    md = answer_markdown(jurisdiction)
    assert md.startswith(jurisdiction.lead)
    for badge in ("lv-require'>Requires<", "lv-request'>Requests<", ">Denmark-specific<", ">Chapter IV<"):
        assert badge in md
    for h in jurisdiction.hits:
        assert citation(h.passage) in md
        assert f"`{h.passage.id}`" in md
    assert md.index("**Requires**") < md.index("**Requests**")


def test_answer_markdown_of_an_abstention_says_so(jurisdiction):
    # built with the real composer, so the test does not hang on where the abstention threshold sits today
    result = SearchResult(jurisdiction.hits, jurisdiction.plan)
    answer = compose(result, "Denmark", {}, abstain_reason="no count given")
    md = answer_markdown(answer)
    assert md.startswith("The factsheet does not address this.")
    assert "Only related" in md
    assert citation(jurisdiction.hits[0].passage) in md


def test_in_place_view_shows_the_section_with_the_passage_highlighted_and_its_footnotes(fake_engine):
    passages, documents = fake_engine.index.passages, fake_engine.index.documents
    cited = next(p for p in passages if "IV-9" in p.recommendations)
    page = in_place_html(cited.id, passages, documents)
    assert page.count("<mark>") == 1
    assert page.split("<mark>")[1].startswith(cited.text[:60])
    for n in cited.footnotes:
        assert documents[0].footnotes[n].text in page
    same = [p for p in passages if p.chapter == cited.chapter and p.section == cited.section]
    others = [p for p in passages if p.chapter != cited.chapter]
    positions = [page.index(f"data-id='{p.id}'") for p in sorted(same, key=lambda p: p.line_start)]
    assert positions == sorted(positions)  # document order
    assert not any(f"data-id='{p.id}'" in page for p in others)
    assert "Chapter IV – Jurisdiction rules" in page


def test_in_place_view_and_answer_escape_text_and_fall_back_to_a_hint(fake_engine, passages):
    assert "Choose a citation" in in_place_html("no-such-id", passages, fake_engine.index.documents)
    # no passage of the factsheet holds markup, so a crafted one does
    crafted = replace(passages[0], id="crafted-1", text="Fines <script>alert(1)</script> & <b>bold</b> claims")
    page = in_place_html(crafted.id, [crafted], fake_engine.index.documents)
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in page
    plan = Search(question="q", terms=SearchTerms("q", "q"))
    md = answer_markdown(compose(SearchResult((Hit(crafted, 1.0),), plan), "Denmark", {}))
    assert "<script>" not in md and "&lt;script&gt;" in md


def test_export_markdown_lists_every_question_with_its_citations(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask(JURISDICTION, conv)
    fake_engine.ask("and which are only requested?", conv)
    md = export_markdown([(t.question, t.answer) for t in conv.turns])
    assert md.startswith("# ")
    assert f"## 1. {JURISDICTION}" in md
    assert "## 2. and which are only requested?" in md
    for rec in ("Recommendation IV-1", "Recommendation IV-5", "Recommendation IV-9"):
        assert rec in md
    assert "last update 25.05.2023" in md


def test_browse_rows_list_every_recommendation_and_filter(fake_engine):
    passages = fake_engine.index.passages
    rows = browse_rows(passages)
    assert len(rows) == sum(1 for p in passages if p.level) > 0
    assert all(len(r) == 7 and r[2] in ("require", "request", "invite") for r in rows)
    assert [r[0] for r in browse_rows(passages, "iv-5")] == [
        p.id for p in passages if "IV-5" in p.recommendations and p.level
    ]
    assert {r[2] for r in browse_rows(passages, level="require")} == {"require"}
    assert {r[1] for r in browse_rows(passages, chapter="IV")} == {"IV"}
    assert {r[3] for r in browse_rows(passages, section="generic")} == {"generic"}
    assert browse_rows(passages, "no such words anywhere") == []


@pytest.mark.parametrize(
    "question",
    [
        "what must Denmark change on jurisdiction?",  # a list: grouped by level
        "What does the Committee require about sexual extortion?",  # a search: rank order
        "X-4 and X-5",  # a look-up
    ],
)
def test_json_cli_text_and_chat_show_the_same_order(fake_engine, question):
    answer, _ = fake_engine.ask(question)
    ids = [p["id"] for p in to_json(answer)["passages"]]
    assert ids == [h.passage.id for h in answer.hits]
    texts = {h.passage.id: h.passage.text for h in answer.hits}
    for rendered in (render_markdown(answer), answer_markdown(answer)):
        positions = [rendered.replace("**", "").index(texts[i][:60].replace("&", "&amp;")) for i in ids]
        assert positions == sorted(positions), question


def test_explain_names_the_plan_and_every_rule_that_fired(fake_engine):
    answer, _ = fake_engine.ask("Which research recommendations are invitations rather than requests?")
    text = explain(answer)
    assert text.startswith("plan: list")
    assert "'invitations' → invitation level [level:invite]" in text
    assert "excludes request level" in text and "[routing]" in text
    assert to_json(answer)["plan"]["kind"] == "list"


def test_a_long_list_is_shown_whole_in_folded_groups(fake_engine):
    answer, _ = fake_engine.ask("Everything Denmark is required to do")
    assert len(answer.hits) > 10
    md = answer_markdown(answer)
    assert md.count("<details") == len(answer.groups) and md.count("<details open>") == 1
    assert all(h.passage.text[:50].replace("&", "&amp;") in md for h in answer.hits)
