"""Retrieval and query understanding on the real factsheet: structure on the fake engine, ranking on the real one."""

from __future__ import annotations

import pytest

from lanzarote_qa.query import understand
from lanzarote_qa.retrieval import SearchText, rrf
from lanzarote_qa.types import Filters, Hit, Kind, Level, Passage, Section


def test_jurisdiction_question_lists_exactly_the_denmark_specific_chapter_iv_recommendations(fake_engine):
    answer, _ = fake_engine.ask("what must Denmark change on jurisdiction?")
    recs = [h.passage.recommendations for h in answer.hits]
    assert sorted(recs) == [("IV-1",), ("IV-5",), ("IV-9",)]
    assert all(h.passage.section is Section.COUNTRY and h.passage.chapter == "IV" for h in answer.hits)
    assert answer.lead.startswith("3 Denmark-specific recommendations on jurisdiction rules: 1 required, 2 requested")


@pytest.mark.parametrize(
    ("question", "rec", "para"),
    [
        ("What does recommendation V-18 say?", "V-18", None),
        ("rec. iv 5", "IV-5", None),
        ("what is report paragraph 203 about?", None, 203),
        ("paragraph 228 of the report", None, 228),
    ],
)
def test_direct_lookups_come_first(fake_engine, question, rec, para):
    answer, _ = fake_engine.ask(question)
    first = answer.hits[0].passage
    assert (rec in first.recommendations) if rec else (para in first.paragraphs)
    assert not answer.abstained


def test_an_id_the_factsheet_lacks_is_said_so_with_the_nearest(fake_engine):
    answer, _ = fake_engine.ask("What does recommendation II-8 say?")
    assert answer.abstained
    assert "not in this factsheet" in answer.lead and "II-7" in answer.lead and "II-9" in answer.lead


@pytest.mark.parametrize("mode", ["dense", "lexical", "hybrid"])
def test_every_retriever_ranks_distinct_passages_by_score(engine, mode):
    query = SearchText.plain("specialised training for judges and prosecutors")
    hits = engine.retrievers[mode].search(query, 8)
    assert 0 < len(hits) <= 8
    assert len({h.passage.id for h in hits}) == len(hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert any("judges" in h.passage.text for h in hits[:3])
    again = engine.retrievers[mode].search(query, 8)
    assert [h.passage.id for h in again] == [h.passage.id for h in hits]


def _p(pid: str) -> Passage:
    return Passage(pid, "x", "e", "I", "t", Section.INTRO, "", None, Kind.INTRO, pid, (), (), (), 1, 1)


def test_reciprocal_rank_fusion_rewards_agreement():
    a, b, c = _p("a"), _p("b"), _p("c")
    fused = rrf([[Hit(a, 9), Hit(b, 8)], [Hit(b, 1), Hit(c, 0.5)]], k=3, rrf_k=60)
    assert [h.passage.id for h in fused] == ["b", "a", "c"]
    assert fused[0].score == pytest.approx(1 / 62 + 1 / 61)


@pytest.mark.parametrize(
    ("question", "levels", "chapter", "exhaustive"),
    [
        ("what must Denmark change on jurisdiction?", (Level.REQUIRE, Level.REQUEST), "IV", True),
        ("Which jurisdiction recommendations are at the 'requires' level?", (Level.REQUIRE,), "IV", True),
        ("what is Denmark only invited to do on research?", (Level.INVITE,), "XI", True),
        ("Does Denmark have to define CSAM in law?", (Level.REQUIRE, Level.REQUEST), None, False),
        ("what do 'require' and 'invite' mean?", (Level.REQUIRE, Level.INVITE), None, False),
    ],
)
def test_query_understanding_levels_and_routing(fake_engine, question, levels, chapter, exhaustive):
    q = understand(question, fake_engine.router)
    assert q.levels == levels
    assert (chapter in q.chapters) if chapter else True
    assert q.exhaustive is exhaustive


def test_routing_uses_distinctive_title_words_not_common_ones(fake_engine):
    assert understand("sexual abuse of children", fake_engine.router).chapters == ()
    assert understand("jurisdiction rules", fake_engine.router).chapters[0] == "IV"


def test_scope_words(fake_engine):
    router = fake_engine.router
    assert Section.GENERIC in understand("what is recommended to all Parties on research?", router).sections
    assert Section.COUNTRY in understand("Denmark-specific recommendations on training", router).sections


def test_filters_apply(fake_engine):
    answer, _ = fake_engine.ask("training", filters=Filters.of("x", level="invite"))
    assert answer.hits and all(h.passage.chapter == "X" and h.passage.level is Level.INVITE for h in answer.hits)


def test_filters_read_user_strings_and_refuse_unknown_values():
    f = Filters.of(" iv ", "denmark", "REQUEST", documents=("denmark",))
    assert (f.chapter, f.section, f.level) == ("IV", Section.COUNTRY, Level.REQUEST) and f
    assert not Filters.of("", "", "")
    with pytest.raises(ValueError, match="unknown section"):
        Filters.of(section="norway", documents=("denmark",))
    with pytest.raises(ValueError, match="unknown level"):
        Filters.of(level="must")
