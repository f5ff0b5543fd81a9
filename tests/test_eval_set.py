"""The evaluation question sets themselves: well-formed, gold that the factsheet supports."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from lanzarote_qa.evaluate import load_questions

from .conftest import FACTSHEET, ROOT

KINDS = {
    "denmark-specific",
    "generic",
    "promising-practice",
    "observation",
    "lookup",
    "obligation-level",
    "followup",
    "out-of-scope",
}
KEYS = {"id", "question", "history", "answerable", "kind", "expected", "must_all", "notes"}


SETS = (
    "questions.jsonl",
    "heldout.jsonl",
    *sorted(p.name for p in (ROOT / "eval").glob("blind-*.jsonl")),
    *sorted(p.name for p in (ROOT / "eval").glob("conv-*.jsonl")),
)


def _questions(name: str = "questions.jsonl"):
    return load_questions(ROOT / "eval" / name)


@pytest.mark.parametrize("name", SETS)
def test_shape_and_ids(name):
    qs = _questions(name)
    assert len(qs) >= 40
    assert all(set(q) == KEYS for q in qs)
    assert len({q["id"] for q in qs}) == len(qs)
    kinds = Counter(q["kind"] for q in qs)
    assert set(kinds) == KINDS
    assert kinds["out-of-scope"] >= 6
    for q in qs:
        assert isinstance(q["history"], list) and (q["kind"] == "followup") == bool(q["history"])
        assert q["answerable"] == (q["kind"] != "out-of-scope")
        assert bool(q["expected"]) == q["answerable"]


@pytest.mark.parametrize("name", SETS)
def test_every_snippet_is_in_the_factsheet_and_in_one_passage(passages, name):
    raw = FACTSHEET.read_text()
    for q in _questions(name):
        for e in q["expected"]:
            assert e["snippet"] in raw, (q["id"], e["snippet"])
            assert sum(e["snippet"] in p.text for p in passages) >= 1, (q["id"], e["snippet"])


@pytest.mark.parametrize("name", SETS)
def test_gold_citations_match_the_footnotes(doc, name):
    for q in _questions(name):
        for e in q["expected"]:
            recs = {r for n in e["footnote"] for r in doc.footnotes[n].recommendations}
            paras = {x for n in e["footnote"] for x in doc.footnotes[n].paragraphs}
            assert set(e["rec"]) == recs and set(e["paras"]) == paras, (q["id"], e)


@pytest.mark.parametrize("name", SETS)
def test_gold_citations_are_those_of_the_answering_passage(passages, name):
    for q in _questions(name):
        for e in q["expected"]:
            (p,) = [p for p in passages if e["snippet"] in p.text][:1]
            assert sorted(p.footnotes) == sorted(e["footnote"]), (q["id"], p.id)


def test_every_chapter_is_asked_about(passages):
    chapters = set()
    for q in _questions():
        for e in q["expected"]:
            chapters |= {p.chapter for p in passages if e["snippet"] in p.text}
    assert {"II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI"} <= chapters


_BARE_CITATION = re.compile(r"(?:(?:Recommendation|Para\.?) )?[IVX]*-?\d+")


def test_no_gold_in_the_package():
    """Gold snippets belong to eval/, never to the code; questions only as the UI's examples."""
    modules = list((ROOT / "src" / "lanzarote_qa").glob("*.py"))
    code = "\n".join(p.read_text() for p in modules)
    answering = "\n".join(p.read_text() for p in modules if p.name != "ui.py")
    for q in (q for name in SETS for q in _questions(name)):
        # a bare citation ("Recommendation IV-5", "IV-5") is the format the answers print, not a question's text
        if not _BARE_CITATION.fullmatch(q["question"]):
            assert q["question"] not in answering, q["id"]
        for e in q["expected"]:
            assert e["snippet"] not in code, (q["id"], e["snippet"])
