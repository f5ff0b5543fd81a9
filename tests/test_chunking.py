"""Passages on the real factsheet: self-contained, cited exactly by their own footnotes."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from lanzarote_qa.chunking import build_corpus_passages, build_passages, dense_texts, embed_text
from lanzarote_qa.citations import SUPERSCRIPTS
from lanzarote_qa.corpus import parse_document
from lanzarote_qa.spelling import acronyms


def _with(passages, snippet):
    found = [p for p in passages if snippet in p.text]
    assert found, snippet
    return found


def test_every_named_recommendation_is_on_a_passage(doc, passages):
    named = {r for fn in doc.footnotes.values() for r in fn.recommendations}
    placed = {r for p in passages for r in p.recommendations}
    assert named and named <= placed


def test_a_passage_cites_only_its_own_footnotes(doc, passages):
    for p in passages:
        recs = {r for n in p.footnotes for r in doc.footnotes[n].recommendations}
        paras = {x for n in p.footnotes for x in doc.footnotes[n].paragraphs}
        assert set(p.recommendations) == recs, p.id
        assert set(p.paragraphs) == paras, p.id


def test_sentence_broken_by_footnote_block_reads_whole(passages):
    lead = "To improve the effective implementation of the Convention, the Committee requests Denmark to "
    judges = _with(passages, lead + "ensure that training on ICT facilitated sexual offences")[0]
    covert = _with(passages, lead + "take the necessary legislative or other measures, in conformity")[0]
    assert judges.recommendations == ("III-16", "III-18")
    assert covert.recommendations == ("III-28",)
    for p in (judges, covert):
        assert (p.level, p.section_label, p.chapter) == ("request", "denmark", "III")


def test_one_footnote_closing_a_list_makes_one_passage(passages):
    (p,) = [p for p in passages if p.recommendations == ("II-5",)]
    assert p.level == "require" and p.section_label == "denmark"
    assert p.text.startswith("Therefore, the Committee requires Denmark to ensure that the child depicted")
    for condition in ("has given his/her consent", "of similar ages and maturity", "did not involve any abuse"):
        assert condition in p.text


def test_each_bullet_with_its_own_footnote_is_its_own_passage(passages):
    generic_ii = [p for p in passages if p.chapter == "II" and p.section == "generic"]
    assert [p.recommendations for p in generic_ii] == [
        ("II-1",),
        ("II-4",),
        ("II-7",),
        ("II-10",),
        ("II-11",),
        ("II-12",),
    ]
    assert all(p.text.startswith("The Committee invites all Parties, including Denmark") for p in generic_ii)
    assert "either creating a specific incrimination" in generic_ii[4].text


def test_levels_sections_and_kinds(passages):
    jurisdiction = {p.recommendations: p.level for p in passages if p.chapter == "IV" and p.recommendations}
    assert jurisdiction == {("IV-1",): "request", ("IV-5",): "require", ("IV-9",): "request"}
    assert {p.section_label for p in passages} == {"denmark", "generic", "practice", "intro"}
    assert all(p.level is None for p in passages if p.section in ("intro", "practice"))
    assert all(p.kind == "recommendation" for p in passages if p.level)
    assert {p.chapter for p in passages if p.section == "practice"} >= {"III", "V", "VII", "IX", "X", "XI"}


def test_a_recommendation_without_footnote_keeps_its_own_level(passages):
    (p,) = [p for p in passages if p.text.startswith("The Committee also requests Denmark to ensure that the persons")]
    assert p.level == "request" and p.recommendations == ()


def test_text_is_clean(doc, passages):
    long_notes = [fn.text for fn in doc.footnotes.values() if len(fn.text) > 30]
    for p in passages:
        assert not any(c in p.text for c in SUPERSCRIPTS), p.id
        for bad in ("**", "^{", "](", "\t", "  "):
            assert bad not in p.text, (p.id, bad)
        assert not any(note in p.text for note in long_notes), p.id
    assert _with(passages, "post-qualification courses are open to all prosecutors")


def test_ids_are_unique_and_readable(passages):
    ids = [p.id for p in passages]
    assert len(ids) == len(set(ids))
    assert "IV-denmark-2" in ids


def test_every_passage_fits_the_model(passages, count):
    assert max(count(t) for t in dense_texts(passages)) <= 256


def short_only(passages):
    """(passage, acronym, long form) for each passage that writes a defined acronym but never its long form."""
    glossary = acronyms([t for p in passages for t in (p.text, p.heading, p.chapter_title)])
    return [
        (p, acr, long)
        for p in passages
        for acr, long in glossary.items()
        if re.search(rf"(?<!\(){acr}s?\b", p.text, re.I) and long.lower() not in p.text.lower()
    ]


def test_dense_texts_spell_out_an_acronym_once_where_a_passage_writes_only_it(passages):
    found = short_only(passages)
    assert len({acr for _, acr, _ in found}) >= 2  # CSGSIV, ICTs, ... on this factsheet
    texts = dict(zip((p.id for p in passages), dense_texts(passages), strict=True))
    for p, acr, long in found:
        assert texts[p.id].count(f" ({long})") == 1, (p.id, acr)
        assert texts[p.id].startswith(embed_text(p).split(": ")[0]), p.id  # the context header stays first


def test_dense_texts_leave_the_defining_place_and_lowercase_words_alone(passages):
    defining = [p for p in passages if re.search(r"\([A-Z]{3,}s?\)", p.text)]
    assert defining
    for p, text in zip(defining, dense_texts(defining), strict=True):
        assert not re.search(r"\([A-Z]{3,}s? \(", text), p.id  # never "(CSGSIV (child ...))"
    (one,) = [p for p, acr, _ in short_only(passages) if acr == "csgsiv"][:1]
    lower = replace(one, text=one.text.replace("CSGSIV", "csgsiv"))
    assert dense_texts([lower, *passages])[0] == embed_text(lower)  # lower case: not the acronym


def test_long_units_split_at_sentences_keeping_lead_and_citations(doc):
    words = build_passages(doc, lambda t: len(t.split()), 40)
    parts = [p for p in words if p.id.startswith("III-denmark-5.")]
    assert len(parts) > 1
    assert all(p.paragraphs == parts[0].paragraphs and p.paragraphs for p in parts)
    lead = "The Committee observes that Denmark's investigation and prosecution services"
    assert all(p.text.startswith(lead) for p in parts)


MINI = """FACTSHEET – NORWAY

Last update: 01.02.2024

Table of Content

I.\tIntroduction\t3
II.\tLegal frameworks\t5

I. Introduction

Intro text about the monitoring round.

II. Legal frameworks

Observations and recommendations of the Committee on the legal framework specific to Norway

The Committee observes that Norway has a law.¹

Therefore, the Committee **requires** Norway:

- to change its law.²

Generic recommendations of the Committee on the legal framework

The Committee **invites** all Parties, including Norway:

- to do better.³

¹ Para. 12.

² Recommendation II-2.

³ Recommendations II-3 and II-4.
"""


def test_another_factsheet_of_the_series_parses_and_ids_stay_unique(doc, count):
    other = parse_document(MINI, source="norway.txt")
    assert (other.country, other.edition) == ("Norway", "01.02.2024")
    ps = build_corpus_passages([doc, other], count)
    ids = [p.id for p in ps]
    assert len(ids) == len(set(ids))
    norway = [p for p in ps if p.document == "norway"]
    assert [(p.section_label, p.level, p.recommendations) for p in norway if p.kind == "recommendation"] == [
        ("norway", "require", ("II-2",)),
        ("generic", "invite", ("II-3", "II-4")),
    ]
    assert norway[-1].text == "The Committee invites all Parties, including Norway to do better."


@pytest.mark.parametrize("broken", ["FACTSHEET\n\nno edition", "Last update: 1.1.2020\n"])
def test_not_a_factsheet_is_a_clear_error(broken):
    from lanzarote_qa.corpus import CorpusError

    with pytest.raises(CorpusError):
        parse_document(broken)
