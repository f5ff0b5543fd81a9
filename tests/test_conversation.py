"""Conversation plumbing on the fake engine: follow-ups narrow or keep the earlier topic, a new topic starts afresh."""

from __future__ import annotations

from lanzarote_qa.types import Level, Section

JURISDICTION = "what must Denmark change on jurisdiction?"


def test_which_of_those_narrows_the_earlier_set(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask(JURISDICTION, conv)
    answer, _ = fake_engine.ask("and which of those are only requests?", conv)
    assert sorted(h.passage.recommendations for h in answer.hits) == [("IV-1",), ("IV-9",)]
    assert all(h.passage.level is Level.REQUEST for h in answer.hits)


def test_a_scope_follow_up_keeps_the_chapter(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask(JURISDICTION, conv)
    answer, _ = fake_engine.ask("and the Denmark-specific ones only?", conv)
    assert answer.hits and {h.passage.chapter for h in answer.hits} == {"IV"}
    assert all(h.passage.section is Section.COUNTRY for h in answer.hits)


def test_a_question_with_its_own_topic_starts_afresh(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask(JURISDICTION, conv)
    query, refers = conv.read("What does the Committee recommend about research on children's sexual images?")
    assert refers == () and "IV" not in query.chapters and query.context == ""


def test_replay_rebuilds_the_same_conversation(fake_engine):
    conv = fake_engine.replay([JURISDICTION])
    assert [t.question for t in conv.turns] == [JURISDICTION]
    again, _ = fake_engine.ask("and which of those are only requests?", conv)
    live = fake_engine.new_conversation()
    fake_engine.ask(JURISDICTION, live)
    first, _ = fake_engine.ask("and which of those are only requests?", live)
    assert [h.passage.id for h in again.hits] == [h.passage.id for h in first.hits]
