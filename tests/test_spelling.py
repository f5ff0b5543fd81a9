"""Spelling and acronyms learned from the factsheet: what is corrected, what never is."""

from __future__ import annotations

import pytest

from lanzarote_qa.query import read
from lanzarote_qa.spelling import SPELLING_PAIRS, british_form, is_english, misspelt_english
from lanzarote_qa.vocabulary import Vocabulary


@pytest.fixture(scope="module")
def vocab(passages):
    return Vocabulary.from_passages(passages, "Denmark")


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("jurisdction", "jurisdiction"),
        ("recomendations", "recommendations"),
        ("curriculm", "curriculum"),
        ("extorsion", "extortion"),
        ("sextorsion", "sextortion"),  # a lay word the thesaurus knows is a target too
        ("wich", "which"),  # a letter left out beats a letter changed ("with")
        ("evry", "every"),  # a word of asking is a target too, though the factsheet never writes it
        ("everythng", "everything"),
    ],
)
def test_misspellings_are_corrected_to_the_factsheets_words(vocab, typed, meant):
    assert vocab.correct(f"what about {typed}?")[0] == f"what about {meant}?"


@pytest.mark.parametrize(
    "kept",
    [
        "jurisdiction",  # the factsheet's own word
        "weather",  # an English word, not a misspelling, however close to "whether"
        "IV-5",  # an id
        "CSGSIV",  # an acronym
        "Folkeskole",  # a name the factsheet uses
        "sexting",  # a lay word the thesaurus bridges
        "xi",  # a chapter number
    ],
)
def test_words_the_factsheet_or_english_holds_ids_and_acronyms_are_never_corrected(vocab, kept):
    assert vocab.correct(f"and {kept}?") == (f"and {kept}?", ())


@pytest.mark.parametrize(
    ("american", "british"),
    [
        ("organization", "organisation"),
        ("specialized", "specialised"),
        ("behavior", "behaviour"),
        ("center", "centre"),
        ("criminalize", "criminalise"),
    ],
)
def test_american_spellings_become_the_factsheets_british_ones(vocab, american, british):
    text, corrections = vocab.correct(f"the {american}")
    assert text == f"the {british}" and corrections[0].why == "british spelling"


def test_a_spelling_pair_applies_only_when_the_factsheet_has_the_other_form():
    assert british_form("harmonize", frozenset({"harmonis"})) == "harmonise"
    assert british_form("color", frozenset({"harmonis"})) is None
    assert all(a != b for a, b in SPELLING_PAIRS)


def test_acronyms_are_read_from_the_text_both_ways(vocab):
    assert vocab.acronyms["csgsiv"] == "child self-generated sexual images and/or videos"
    assert vocab.acronyms["csam"] == "child sexual abuse material"
    assert vocab.acronyms["vidtf"] == "Victim Identification Taskforce"  # no initials to match: the capitalised run
    assert dict(vocab.spelled_out("is CSAM a crime?"))["csam"] == "child sexual abuse material"
    assert "csam" in dict(vocab.spelled_out("is child sexual abuse material a crime?"))


def test_corrections_and_acronyms_are_explained_and_searched(vocab):
    r = read("what must Denmark do on jurisdction and the VIDTF?", vocab)
    assert "jurisdiction" in r.terms.text and "jurisdction" in r.question  # shown as asked, read as meant
    assert "Victim Identification Taskforce" in r.terms.lexical and "Victim Identification Taskforce" in r.terms.dense
    rules = {x.rule for x in r.reasons}
    assert {"spelling:spelling", "acronym"} <= rules
    assert r.topic.chapters == ("IV",)  # the corrected word routes


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("analyzing", True),
        ("organization", True),
        ("colors", True),
        ("themself", True),  # a reflexive pronoun the frequency dictionary lacks
        ("deepfake", False),
        ("straffeloven", False),
        ("phoneself", False),
    ],
)
def test_a_word_is_english_in_either_spelling(word, english):
    assert is_english(word) is english


@pytest.mark.parametrize(("word", "typo"), [("basicaly", True), ("sayng", True), ("porn", False), ("deepfake", False)])
def test_a_misspelt_english_word_is_one_edit_from_english_and_not_english_itself(word, typo):
    assert misspelt_english(word) is typo
