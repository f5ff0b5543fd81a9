"""Several factsheets loaded: answers scoped to the country asked, grouped when several, citations that say whose.

No second real factsheet has been tried: the second one here is the Danish factsheet with its
country renamed (Norway, Norwegian), which is enough for the scoping logic: every passage exists
twice, so only the document an answer comes from tells the two apart. The fast tests run on the
fake embedder; one slow test asks the real model.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from lanzarote_qa.answer import citation, to_json
from lanzarote_qa.corpus import load_corpus
from lanzarote_qa.countries import for_document, named_documents
from lanzarote_qa.engine import Engine
from lanzarote_qa.evaluate import Outcome, score
from lanzarote_qa.render import answer_markdown, browse, in_place_html, plain_text
from lanzarote_qa.settings import Settings
from lanzarote_qa.types import Filters

from .conftest import FACTSHEET, ROOT
from .fakes import FAKE_MODEL, FakeEmbedder

JURISDICTION = "what must {} change on jurisdiction?"


def renamed_copy(text: str, country: str, adjective: str) -> str:
    """The factsheet as if it were another country's (its name and adjective changed everywhere)."""
    for old, new in (("Denmark", country), ("Danish", adjective)):
        text = text.replace(old, new).replace(old.upper(), new.upper())
    return text


@pytest.fixture(scope="module")
def two_corpus(tmp_path_factory):
    """corpus/ with the Danish factsheet and a renamed copy for Norway."""
    folder = tmp_path_factory.mktemp("two-corpus")
    text = FACTSHEET.read_text(encoding="utf-8")
    (folder / FACTSHEET.name).write_text(text, encoding="utf-8")
    (folder / "lanzarote-factsheet-norway.txt").write_text(renamed_copy(text, "Norway", "Norwegian"), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def two(two_corpus, tmp_path_factory):
    """The assistant on two factsheets (fake embedder: plumbing only)."""
    s = Settings(corpus_dir=two_corpus, index_dir=tmp_path_factory.mktemp("two-index"), model=FAKE_MODEL)
    return Engine.load(s, FakeEmbedder(), build=True)


def documents_of(answer) -> list[str]:
    return [h.passage.document for h in answer.hits]


def test_a_question_naming_one_country_is_answered_from_its_factsheet_only(two):
    for country, slug in (("Norway", "norway"), ("Denmark", "denmark"), ("Norwegian law", "norway")):
        answer, _ = two.ask(JURISDICTION.format(country))
        assert answer.hits and set(documents_of(answer)) == {slug}, country
        assert not answer.abstained


def test_a_question_naming_two_countries_is_answered_side_by_side_grouped_by_country(two):
    answer, _ = two.ask("compare Denmark and Norway on jurisdiction")
    assert [title for title, _ in answer.groups] == ["Denmark", "Norway"]
    docs = documents_of(answer)
    assert set(docs) == {"denmark", "norway"} and docs == sorted(docs)  # grouped, in corpus order
    assert answer.lead.startswith("From each factsheet, grouped by country.")


def test_a_question_naming_none_is_grouped_by_country(two):
    answer, _ = two.ask("what must be changed on jurisdiction?")
    assert {title.split(" · ")[0] for title, _ in answer.groups} == {"Denmark", "Norway"}


def test_a_country_without_a_factsheet_is_declined(two):
    answer, _ = two.ask("What is the age of consent in Sweden?")
    assert answer.abstained and "Sweden" in answer.lead


def test_follow_ups_keep_the_country_unless_they_name_another(two):
    conv = two.new_conversation()
    first, _ = two.ask(JURISDICTION.format("Norway"), conv)
    assert set(documents_of(first)) == {"norway"}
    narrowed, _ = two.ask("which of those are required?", conv)
    assert narrowed.hits and set(documents_of(narrowed)) == {"norway"}
    other, _ = two.ask("and Denmark?", conv)
    assert other.hits and set(documents_of(other)) == {"denmark"}
    assert {h.passage.chapter for h in other.hits} == {"IV"}  # the topic carried over to the other country
    again, _ = two.ask("What does recommendation V-18 say?", conv)
    assert set(documents_of(again)) == {"denmark"}
    conv.reset()
    fresh, _ = two.ask("What does recommendation V-18 say?", conv)
    assert set(documents_of(fresh)) == {"denmark", "norway"}


def test_every_citation_names_its_document_in_cli_json_chat_and_export_text(two):
    answer, _ = two.ask(JURISDICTION.format("Norway"))
    top = answer.hits[0].passage
    assert citation(top).startswith("Norway · Recommendation")
    assert all(p["document"] == "norway" for p in to_json(answer)["passages"])
    positions = {p.id: i for i, p in enumerate(two.index.passages)}
    assert "Norway · Recommendation IV-5" in answer_markdown(answer, positions)
    assert "[Norway · Recommendation IV-5" in plain_text(answer)


def test_one_factsheet_loaded_changes_nothing(fake_engine):
    answer, _ = fake_engine.ask(JURISDICTION.format("Denmark"))
    p = answer.hits[0].passage
    assert not p.qualified and not citation(p).startswith("Denmark ·")
    assert all("document" not in q for q in to_json(answer)["passages"])
    assert fake_engine.parts == {}


def test_browse_and_the_in_place_view_keep_to_one_country(two):
    view = browse(two.index.passages, "jurisdiction", document="norway")
    assert view.rows and all(row[0].startswith("Norway · ") for row in view.rows)
    assert len(browse(two.index.passages, document="denmark").ids) == len(two.index.passages) // 2
    cited = next(p for p in two.index.passages if p.document == "norway" and "IV-5" in p.recommendations)
    html = in_place_html(cited.id, two.index.passages, two.index.documents)
    assert "Norway" in html and "Denmark" not in html


def test_a_filter_on_one_countrys_part_keeps_to_that_country(two):
    filters = Filters.of(None, "norway", None, ("denmark", "norway"))
    assert filters.document == "norway"
    answer, _ = two.ask("training for judges", filters=filters)
    assert answer.hits and set(documents_of(answer)) == {"norway"}


def test_countries_are_read_from_the_loaded_factsheets(two_corpus):
    docs = load_corpus(two_corpus)
    assert named_documents("Norwegian and Danish rules", docs) == ("denmark", "norway")
    assert named_documents("rules in Sweden", docs) == ()
    assert named_documents("Denmarks", docs) == ()  # a word, not a country
    assert for_document("compare Denmark and Norway", docs, "denmark") == "compare Denmark and"
    assert for_document(JURISDICTION.format("Denmark"), docs, "norway") == JURISDICTION.format("Norway")


def test_the_evaluation_accepts_a_document_in_gold(two):
    snippet = "remove the requirement that prosecution can only be initiated"
    q = {"id": "m1", "question": JURISDICTION.format("Norway"), "answerable": True, "document": "norway", "kind": "x",
         "expected": [{"snippet": snippet, "rec": ["IV-5"], "paras": []}]}  # fmt: skip
    answer, _ = two.ask(q["question"])
    ps = [h.passage for h in answer.hits]

    def outcome(docs):  # the same texts (the copy's snippet has no country name), from one factsheet or the other
        return Outcome("m1", tuple(p.id for p in ps), tuple(p.text for p in ps),
                       tuple((p.recommendations, p.paragraphs) for p in ps), False, 1.0, tuple(docs))  # fmt: skip

    right = score([q], [outcome([p.document for p in ps])], str.split)
    wrong = score([q], [outcome(["denmark"] * len(ps))], str.split)
    assert right["recall@5"] == 1.0 and wrong["recall@5"] == 0.0


@pytest.mark.slow
def test_the_real_model_answers_norway_from_norways_factsheet_with_named_citations(two_corpus, engine, tmp_path):
    settings = Settings(corpus_dir=two_corpus, index_dir=tmp_path / "index")
    real = Engine.load(settings, engine.embedder, build=True)
    answer, _ = real.ask(JURISDICTION.format("Norway"))
    assert {r for h in answer.hits for r in h.passage.recommendations} == {"IV-1", "IV-5", "IV-9"}
    assert set(documents_of(answer)) == {"norway"}
    r = subprocess.run(
        [sys.executable, "-m", "lanzarote_qa", "ask", "--json", "--corpus", str(two_corpus), "--index",
         str(settings.index_dir), JURISDICTION.format("Denmark")],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    out = json.loads(r.stdout)
    assert {p["document"] for p in out["passages"]} == {"denmark"}
    assert "Denmark · Recommendation IV-5" in out["answer"]


@pytest.mark.slow  # builds the Gradio page (a few seconds)
def test_the_app_browses_by_country_and_names_both_factsheets(two):
    from lanzarote_qa.guard import Call
    from lanzarote_qa.ui import build_app

    blocks = build_app(two)
    app = blocks.lanzarote_app
    _, ids, status = app.browse("", "", "", "", "norway")
    assert status.startswith(f"{len(ids)} passages")
    assert ids and all(i.startswith("norway:") for i in ids)
    fn = next(i for i, f in app.fns.items() if getattr(f.fn, "__name__", "") == "browse")
    assert app.check(Call(None, fn, ["", "", "", "", "norway"], None)) is None
    assert "choices" in app.check(Call(None, fn, ["", "", "", "", "narnia"], None))
    header = blocks.config["components"]
    assert any("factsheets on Denmark and Norway" in str(c.get("props", {}).get("value", "")) for c in header)
