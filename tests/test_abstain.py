"""Abstention rules as pure functions on real passages: answer types, other countries, nothing close."""

from __future__ import annotations

from lanzarote_qa.abstain import answer_type, judge
from lanzarote_qa.types import Hit
from lanzarote_qa.vocabulary import Vocabulary


def _hits(passages, *snippets):
    return [Hit(next(p for p in passages if s in p.text), 1.0) for s in snippets]


def _judge(question, hits, similarity=0.6, common=frozenset()):
    return judge(question, hits, "Denmark", common, similarity, 3, 0.4)


def test_a_count_no_passage_holds_is_declined(passages):
    hits = _hits(passages, "remove the requirement that prosecution")
    verdict = _judge("How many cases of sexual extortion did Danish police investigate?", hits)
    assert verdict.abstain and "count" in verdict.reason


def test_a_figure_a_passage_holds_is_answered(passages):
    hits = _hits(passages, "not exceeding two years")
    common = Vocabulary.from_passages(passages).common
    question = "What's the punishment in Denmark for threatening to leak someone's intimate photos?"
    assert not _judge(question, hits, common=common).abstain
    assert _judge("What's the punishment in Denmark for possessing drawings?", hits, common=common).abstain


def test_another_country_is_declined_unless_a_passage_discusses_it(passages):
    hits = _hits(passages, "remove the requirement that prosecution")
    verdict = _judge("What must Sweden change on jurisdiction?", hits)
    assert verdict.abstain and "Sweden" in verdict.reason


def test_nothing_similar_is_declined_whatever_the_words(passages):
    hits = _hits(passages, "remove the requirement that prosecution")
    assert _judge("jurisdiction", hits, similarity=0.1).abstain
    assert not _judge("jurisdiction", hits, similarity=0.5).abstain


def test_answer_types():
    assert answer_type("how many officers are there?") == "count"
    assert answer_type("what is the maximum prison sentence?") == "penalty"
    assert answer_type("what does the Committee recommend on training?") is None
