"""Every thesaurus entry with a lay question that it bridges and one that it must not touch."""

from __future__ import annotations

import re

import pytest

from lanzarote_qa.lexicon import (
    CONCEPTS,
    LAY_TERMS,
    THESAURUS,
    concepts,
    country_codes,
    expand,
    synonyms,
    with_country_named,
)
from lanzarote_qa.retrieval import lexical_tokens

# the document's words an entry adds -> (a question it must expand, a question it must leave alone)
EXAMPLES: dict[str, tuple[str, str]] = {
    "sexual extortion coercion threats": ("what about sextortion?", "what about extortion law?"),
    "self-generated sexual images videos CSGSIV": ("kids sending nudes", "what about sextortion?"),
    "grooming solicitation of children for sexual purposes": ("online grooming", "room for improvement"),
    "child sexual abuse material child pornography": ("is CSAM defined?", "child protection"),
    "law enforcement police units": ("training for cops", "training for judges"),
    "education schools teachers": ("what do teachers learn?", "what do parents learn?"),
    "sexuality education courses schools": ("is there sex ed?", "is there sexual extortion?"),
    "children child": ("teenagers at risk", "adults at risk"),
    "in line with": ("where is Denmark already compliant?", "where is Denmark already complete?"),
    "incrimination": ("should it be criminalised?", "is it a crime abroad?"),
    "judges courts": ("training for judges", "training for police"),
    "persons who have regular contact with children": (
        "training for professionals who work with kids",
        "training for professionals in the justice system",
    ),
    "prosecutors prosecution": ("prosecutors and evidence", "police and evidence"),
    "covert operations": ("undercover work", "cover letters"),
    "helplines": ("is there a hotline?", "is there a line?"),
    "civil society NGOs": ("role of NGOs", "role of the state"),
    "ICT facilitated information and communication technologies": ("online abuse", "abuse at home"),
    "transnational outside territory jurisdiction": ("crimes abroad", "crimes at home"),
    "parents parental": ("what should parents do?", "what should teachers do?"),
    "disabilities": ("children with disabilities", "children with abilities"),
    "data collection research": ("any statistics?", "any state?"),
    "disclosing distribution transmission sharing": ("if the photos leaked", "if the photos were taken"),
    "coercion coerces threats extortion": ("pressured into sending", "asked for sending"),
    "imprisonment fine sentenced": ("what is the punishment?", "what is the purpose?"),
    "financed resources financial": ("is it funded?", "is it found?"),
    "priority without unjustified delay": ("handled quickly?", "handled properly?"),
    "technology sector media": ("social media companies", "social workers"),
    "promising practice": ("any good practice?", "any practical help?"),
    "assistance programmes for development third States": ("development aid", "child development"),
    "electronic evidence data computer": ("seized phones", "witness statements"),
    # volunteers are not sport: a volunteer's passage writes "on a voluntary basis", not sport and leisure
    "voluntary basis": ("volunteers at a youth club", "a mandatory course"),
    "sport culture leisure": ("football coaches", "school trips"),
    "health social protection sectors": ("nurses and doctors", "nurseries"),
    "legal age for sexual activities": ("the age of consent", "the age of criminal responsibility"),
    "offences": ("these crimes", "these cries"),
    "States Parties": ("how many countries took part?", "how many counts took part?"),
    "did not provide submit information lacking": (
        "where did the country fail to give details? any information gaps?",
        "what information do children get?",
    ),
    "recommendations": ("jurisdiction recs", "jurisdiction rules"),
    "legal framework legislative": ("Danish laws", "Danish lawyers"),
    "education information": ("what is taught?", "what is thought?"),
    "training": ("are they trained?", "are they strained?"),
    "identify": ("detect victims", "protect victims"),
    "report complaint": ("where can a victim report it to the police?", "what does the implementation report say?"),
    "terms definition": ("what does it mean?", "what does it say?"),
    "non-visual material": ("audio recordings", "video recordings"),
    "standing ongoing sustainable": ("a permanent body", "a temporary body"),
    "resource": ("a national hub", "a national plan"),
    "competitions": ("art contests", "art classes"),
    "offenders perpetrators": ("online predators", "online friends"),
    "evolving current practices emerging": ("the latest apps", "new laws on abuse"),
    "key findings concerns challenges": ("main problems", "main topics"),
}


def test_every_entry_has_examples_and_every_example_an_entry():
    assert set(EXAMPLES) == {words for _, words in THESAURUS}


@pytest.mark.parametrize("words", sorted(EXAMPLES))
def test_entry_expands_its_lay_question_and_not_the_other(words):
    positive, negative = EXAMPLES[words]
    assert expand(positive).endswith(words) or f" {words} " in f" {expand(positive)} ", positive
    assert words not in expand(negative)[len(negative) :], negative


# each concept's term -> (phrases that name it, phrases that must not)
CONCEPT_EXAMPLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "minority-of-Parties": (
        (
            "where is Denmark one of a minority of Parties?",
            "one of very few countries doing this",
            "Denmark is among the minority of Parties that have specific training",
            "Denmark is one of the very few Parties where there are helplines",
            "unlike most other states",
            "where does Denmark stand out from other countries?",
        ),
        ("a minority of children", "in a few cases", "few Parties replied", "other Parties", "most countries"),
    ),
    "information-gap": (
        (
            "Where did Denmark fail to provide information?",
            "what did the country not submit any data on",
            "points where info is missing",
            "Denmark didn't give the Committee information",
            "gaps in the information",
            "It appears that Denmark did not provide information on its laws",
            "information is lacking to determine which body",
            "where did Denmark not give, or lacked, information?",
            "topics on which the country lacks data",
        ),
        (
            "provide information to children",
            "the information given to parents",
            "not only information but training",
            "data protection rules",
            "did it share the images?",
        ),
    ),
    "non-Parties": (
        (
            "states that are not Parties to it",
            "countries that aren't party to the treaty",
            "a non-party state",
            "working with non-members states",
            "nations that haven't joined yet",
            "states that have not ratified",
            "countries outside the Lanzarote Convention",
            "aid to third countries",
            "third States",
        ),
        ("not particularly urgent", "a third party", "offences outside Denmark", "other Parties", "not part of it"),
    ),
    "passive personality": (
        (
            "if the victim is Danish",
            "victims who are nationals",
            "when the victim was a Swedish citizen",
            "an offence committed against one of its nationals",
            "crimes targeting Danish nationals",
            "the passive personality principle",
            "offences abroad against their own citizens",
            "a Danish child abused online by a foreigner",
        ),
        (
            "committed by one of their nationals",
            "a Danish child who is a victim abroad",
            "Danish victims abroad",
            "the victim is a child",
            "abused by a foreigner: where can she report it?",
        ),
    ),
    "child-participation": (
        (
            "should kids be consulted?",
            "the participation of children in policy",
            "involving young people in designing campaigns",
            "getting children themselves involved",
            "do children have a say?",
            "children taking part in designing programmes",
            "peer-led awareness raising",
            "awareness raising led first and foremost by their peers",
        ),
        (
            "the participation of a child in pornographic performances",
            "offences involving children",
            "children in danger",
            "peer pressure",
            "kids take part in competitions",
            "a study of young people's views",
        ),
    ),
    "complaint-abroad": (
        (
            "a teen abused abroad: where does she report it?",
            "can they complain in the other country?",
            "must they report the crime in another country?",
            "may make a complaint before the competent authorities of the State of their residence",
        ),
        (
            "does prosecuting abuse abroad need a report from the victim?",
            "where can a child report abuse?",
            "abroad, children are protected too",
        ),
    ),
    "education-first": (
        (
            "education rather than criminal law",
            "education before prosecution",
            "should education come first?",
            "promote as a priority educational and other measures",
        ),
        ("education of judges", "education in schools before the age of 12", "criminal law first"),
    ),
    "committed-by-children": (
        (
            "offences committed by children",
            "when the offender is a child",
            "if the offenders are kids themselves",
            "juvenile offenders",
            "crimes by teenagers",
            "sexual offences committed online by children",
        ),
        (
            "abuse faced by children",
            "offences against children",
            "a child victim",
            "offences committed by adults",
            "offences committed against children by adults",
        ),
    ),
    "children-prosecuted": (
        (
            "can kids be prosecuted for sexting?",
            "prosecuting children for their own pictures",
            "teens' criminal liability",
            "a child will not be prosecuted when he/she possesses",
            "is prosecuted as a last resort",
        ),
        (
            "prosecution of child sexual abuse",
            "prosecuting offences against children",
            "the offender is prosecuted",
            "children are protected",
            "how the extortion of children should be criminalised",
            "crimes against children must be punished",
        ),
    ),
    "challenges-of-successful-prosecution": (
        (
            "what makes these prosecutions hard?",
            "obstacles to getting convictions",
            "is prosecuting such cases difficult?",
            "one of the challenges of successful prosecution",
        ),
        ("how hard are the penalties?", "does prosecution need a complaint?", "challenges for victims"),
    ),
    "CSAM-definition": (
        (
            "should CSAM be defined in Danish law?",
            "a legal definition of child sexual abuse material",
            "is the CSAM definition mandatory?",
            "Denmark has no legislative definition of CSAM",
        ),
        ("what does CSAM mean?", "sharing child sexual abuse material", "a legal definition of grooming"),
    ),
    "most-involved-counterparts": (
        ("who are the main actors?", "key stakeholders in prevention", "the most active organisations"),
        ("the key findings", "the main recommendations", "international partners"),
    ),
    "financial-gain": (
        (
            "the blackmailer wants money",
            "extorting cash from a teen",
            "a financial motive",
            "ransom instead",
            "whether it is sexual images or money",  # listed after another aim
        ),
        ("is there money for helplines?", "funding of NGOs", "financial resources", "staff, money and resources"),
    ),
    "additional-images": (
        ("the blackmailer wants more pics", "to squeeze more pictures out of a kid", "additional sexual images"),
        (
            "more information on images",
            "sexual images",
            "further training",
            "he asks for favours rather than more pictures",
        ),
    ),
    "terminology": (
        (
            "the term CSAM",
            "why use the term 'child pornography'?",
            "why is 'child pornography' a problem as a term?",
            "everything on terminology",
            "which word to use to describe CSAM",
        ),
        ("in plain terms", "in general terms", "long-term cooperation", "the term “private details” covers images"),
    ),
    "since-adoption": (
        (
            "does it cover what Denmark did since the report was adopted?",
            "anything after the report came out?",
            "are there any new developments?",
            "measures implemented since the adoption of the report",
            "does it include updated information?",
        ),
        (
            "the report adopted by the Committee",
            "a date of adoption",
            "the latest report on Norway",
            "since 2015",
            "units kept up to date with technology",
        ),
    ),
    "sexual-favours": (
        ("other sexual favours", "if he wants sexual acts", "favours of a sexual nature"),
        ("sexual images", "sexual abuse", "a favour to ask"),
    ),
}


def test_every_concept_has_examples():
    assert set(CONCEPT_EXAMPLES) == {term for _, term, _ in CONCEPTS}


@pytest.mark.parametrize("term", sorted(CONCEPT_EXAMPLES))
def test_a_concept_is_read_in_the_phrases_naming_it_and_not_in_others(term):
    stem = lexical_tokens(term)[0]
    named, other = CONCEPT_EXAMPLES[term]
    for phrase in named:
        assert [c[2] for c in concepts(phrase)] == [stem], phrase
    for phrase in other:
        assert not concepts(phrase), phrase


def test_every_lay_term_a_misspelling_may_mean_is_one_the_thesaurus_bridges():
    bridged = [t for t in LAY_TERMS if synonyms(t)]
    assert bridged == list(LAY_TERMS)
    assert all(re.fullmatch(r"[a-z]+", t) for t in LAY_TERMS)


@pytest.mark.parametrize(
    ("text", "read_as"),
    [
        ("are there helplines in DK?", "are there helplines in Denmark?"),
        ("all DK-specific recommendations", "all Denmark-specific recommendations"),
        ("dk's rules on sexting", "Denmark's rules on sexting"),
        ("what does DNK do", "what does Denmark do"),
        ("the budget in DKK", "the budget in DKK"),  # a currency, not the country
        ("a desk officer", "a desk officer"),
    ],
)
def test_the_country_code_is_read_as_its_name(text, read_as):
    assert with_country_named(text, "Denmark")[0] == read_as


def test_a_country_code_that_is_an_english_word_names_nothing():
    # Italy's "IT" and Norway's "NO" are everyday words: "is it binding?" must not name Italy
    assert "IT" not in country_codes("Italy") and "NO" not in country_codes("Norway")
    assert with_country_named("is it binding? no", "Italy")[0] == "is it binding? no"
    assert country_codes("Nowhere") == ()
