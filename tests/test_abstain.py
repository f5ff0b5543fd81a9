"""Abstention rules as pure functions on real passages: support, answer types, other countries, similarity."""

from __future__ import annotations

import pytest

from lanzarote_qa.abstain import (
    answer_type,
    asked_only,
    judge,
    support,
    unknown_names,
    unwritten,
    unwritten_phrases,
    without_asides,
)
from lanzarote_qa.types import Hit
from lanzarote_qa.vocabulary import Vocabulary


@pytest.fixture(scope="module")
def vocab(passages):
    return Vocabulary.from_passages(passages, "Denmark")


def _hits(passages, *snippets):
    return [Hit(next(p for p in passages if s in p.text), 1.0) for s in snippets]


def _judge(vocab, question, hits, similarity=0.6):
    return judge(question, hits, vocab, similarity, 3, 0.4)


@pytest.fixture(scope="module")
def jurisdiction(passages):
    return _hits(passages, "remove the requirement that prosecution")


def test_a_count_no_passage_holds_is_declined(vocab, jurisdiction):
    verdict = _judge(vocab, "How many cases of sexual extortion did Danish police investigate?", jurisdiction)
    assert verdict.abstain and "count" in verdict.reason


def test_how_often_or_how_long_is_answered_by_a_number_in_words_or_a_frequency(vocab, passages):
    course = _hits(passages, "The Director of Public Prosecutions offers a yearly")
    assert answer_type("how often does the prosecutors' course run?") == "frequency"
    assert not _judge(
        vocab, "How often does the prosecutors' course of the Director of Public Prosecutions run?", course
    ).abstain
    # a count of people is not answered by the length of their course
    assert _judge(vocab, "How many prosecutors attended the Director of Public Prosecutions' course?", course).abstain


def test_a_name_asked_for_needs_a_passage_naming_something_the_question_does_not(vocab, passages):
    helplines = _hits(passages, "helplines for victims of online sexual abuse that include counselling")
    verdict = _judge(vocab, "what is the name of the Danish helpline counselling young victims?", helplines)
    assert verdict.abstain and "name" in verdict.reason
    course = _hits(passages, "one provider of the teacher training program")
    assert not _judge(vocab, "What is the name of the teacher training course on digital empowerment?", course).abstain
    inhope = _hits(passages, "conduct cooperation projects to prevent")
    # the only names there are the question's own (INHOPE) or about something else
    assert _judge(vocab, "what's the name of the Danish hotline that is a member of INHOPE?", inhope).abstain


def test_a_word_the_factsheet_never_writes_is_not_asked_of_the_sentence_holding_the_figure(vocab, passages):
    course = _hits(passages, "offers a mandatory course (10")
    assert not _judge(vocab, "how many ECTS is the course worth?", course).abstain  # "worth": no word of it
    assert _judge(vocab, "how many officers does the police unit have?", course).abstain


def test_a_figure_a_passage_holds_is_answered(vocab, passages):
    hits = _hits(passages, "not exceeding two years")
    question = "What's the punishment in Denmark for threatening to leak someone's intimate photos?"
    assert not _judge(vocab, question, hits).abstain
    assert _judge(vocab, "What's the punishment in Denmark for possessing drawings?", hits).abstain


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("By what date does Denmark have to report back on implementing it?", "date"),
        ("When does the next monitoring round start?", "date"),
        ("Best time of year to visit Lanzarote?", "date"),
    ],
)
def test_a_date_or_deadline_no_passage_holds_is_declined(vocab, jurisdiction, question, says):
    verdict = _judge(vocab, question, jurisdiction)
    assert verdict.abstain and says in verdict.reason


def test_another_country_is_declined_unless_a_passage_discusses_it(vocab, jurisdiction):
    verdict = _judge(vocab, "What must Sweden change on jurisdiction?", jurisdiction)
    assert verdict.abstain and "Sweden" in verdict.reason


@pytest.mark.parametrize(
    "question",
    [
        "What documents do I need to renew a Danish passport?",
        "What are Denmark's tax rules for expats?",
        "What's the weather like in copenhagen?",  # capitalised, a name it never writes: declined as that
    ],
)
def test_a_question_in_words_the_factsheet_does_not_use_is_declined_when_nothing_is_close(
    vocab, jurisdiction, question
):
    # the similarity the engine gives is that of the question without its country's name (here low)
    verdict = _judge(vocab, question, jurisdiction, similarity=0.3)
    assert verdict.abstain and "nothing in the factsheet is close" in verdict.reason


@pytest.mark.parametrize(
    "question",
    [
        "helpline recs for all Parties?",  # terse, yet every specific word is the factsheet's
        "Must football trainers learn about CSGSIV?",  # lay words and an acronym
        "What paragraph of the report is cited for the helplines?",  # asking for a citation is not its topic
        "What does the Committee want from tech companies?",  # everyday words, a lay phrase the thesaurus bridges
        "Show all passages that mention INHOPE",  # asking for passages: the topic is the name
        "Where does the Committee say Denmark didn't provide information?",  # "didn" is a negation's piece
    ],
)
def test_a_question_in_the_factsheets_words_is_not_declined_for_low_similarity(vocab, jurisdiction, question):
    assert not _judge(vocab, question, jurisdiction, similarity=0.1).abstain


def test_a_question_with_known_and_unknown_specific_words_is_decided_by_similarity(vocab, jurisdiction):
    assert _judge(vocab, "sextortion via webcams?", jurisdiction, similarity=0.1).abstain
    assert not _judge(vocab, "sextortion via webcams?", jurisdiction, similarity=0.5).abstain
    # a name it never writes, or a word neither English nor its own, is declined at any similarity, with the related
    # passages shown
    assert _judge(vocab, "sextortion on Snapchat?", jurisdiction, similarity=0.5).abstain
    assert _judge(vocab, "sextortion via livestreaming?", jurisdiction, similarity=0.5).abstain


def test_one_unwritten_word_among_many_written_lowers_the_similarity_bar_a_little(vocab, jurisdiction):
    one = "Should the training of prosecutors and judges on sexual extortion be outsourced?"
    assert support(one, vocab).mostly_known
    assert not _judge(vocab, one, jurisdiction, similarity=0.37).abstain
    assert _judge(vocab, one, jurisdiction, similarity=0.3).abstain  # nearly as close, not anything
    # the unwritten words outweigh the written ones: the full bar
    several = "are drones banned near danish schools?"
    assert not support(several, vocab).mostly_known
    assert _judge(vocab, several, jurisdiction, similarity=0.37).abstain


def test_low_similarity_declines_a_question_with_no_specific_word(vocab, jurisdiction):
    assert _judge(vocab, "what about it then?", jurisdiction, similarity=0.1).abstain
    assert not _judge(vocab, "what about it then?", jurisdiction, similarity=0.5).abstain


def test_support_weighs_rare_words_more_and_knows_synonyms_and_acronyms(vocab):
    found = support("How do Danish police handle sextortion, CRS and citizenship?", vocab)
    assert found.missing == ("citizenship",) and not found.all_known and found.known > found.unknown
    assert support("helplines for teenagers", vocab).all_known
    assert support("renew a passport", vocab).unknown > support("renew a passport", vocab).known


def test_an_answer_type_declines_only_a_question_that_asks_for_nothing_else():
    assert asked_only("When was the report adopted?") == "date"
    assert asked_only("What does it say on helplines? Since when do they exist?") is None
    assert asked_only("Tell me about the police unit. How big is it?") is None
    assert asked_only("How many officers work there? And since when?") == "count"  # every part a figure
    # a clause asking what something is, or whether, is answered by the passages whatever its neighbour asks
    assert asked_only("What is the taskforce and when was it set up?") is None
    assert asked_only("When was the report adopted and does it cover later measures?") is None
    # a clause asking another fact is asked alike
    assert asked_only("How many units are there and where are they?") == "count"


def test_answer_types():
    assert answer_type("how many officers are there?") == "count"
    assert answer_type("what is the maximum prison sentence?") == "penalty"
    assert answer_type("by when must Denmark implement it?") == "date"
    assert answer_type("what's the conviction rate for these cases?") == "share"
    assert answer_type("how much does Denmark spend on the unit?") == "money"  # not a count: money
    assert answer_type("what's the prevalence of sexting among teenagers?") == "share"
    assert answer_type("how much annual funding does the unit receive?") == "amount"
    assert answer_type("how much money in grants do NGOs get a year?") == "amount"
    assert answer_type("what is the unit's budget?") == "money"
    assert answer_type("what is the name of the Danish helpline?") == "name"
    assert answer_type("who now heads the Committee?") == "person"  # an adverb before the office
    assert answer_type("who chaired the Committee in 2022?") == "person"
    assert answer_type("who currently runs the helpline?") is None  # an organisation answers who acts
    assert answer_type("what's the phone number of the helpline?") == "count"
    assert answer_type("what's the number of the one on helplines?") is None  # its id
    assert answer_type("what's that course called?") == "name"
    assert answer_type("what does the factsheet call a 'generic' recommendation?") is None
    assert answer_type("which recommendation puts education before punishment?") is None  # named, not asked for
    assert answer_type("what does the Committee recommend on training?") is None
    assert answer_type("When does Denmark assume jurisdiction over offences abroad?") is None
    assert answer_type("who chairs the committee?") == "person"
    assert answer_type("Who is the current head of the police unit?") == "person"
    assert answer_type("which Danish minister answers for it?") == "person"
    assert answer_type("which ministry is the centre under?") is None  # an office, which a passage may name
    assert answer_type("who runs the helpline?") is None  # an organisation answers who acts
    assert answer_type("who should lead awareness raising?") is None
    assert answer_type("what did the young people who were consulted think about it?") == "views"
    assert answer_type("what are the views of the participating children on helplines?") == "views"
    assert answer_type("what did the Committee say about children's views?") is None
    assert answer_type("what should children be told about sexting?") is None
    assert answer_type("Which section of the Danish Criminal Code covers coercion?") == "provision"
    assert answer_type("which article of the Convention covers grooming?") is None  # the factsheet cites those


def test_what_the_consulted_children_said_is_declined_when_no_passage_gives_their_words(vocab, passages):
    hits = _hits(passages, "information received from 306")  # that they took part, not what they said
    verdict = _judge(vocab, "What did the children who took part tell the Committee about helplines?", hits)
    assert verdict.abstain and "what the children said" in verdict.reason


def test_a_question_for_an_office_holder_is_declined_when_no_passage_names_a_person(vocab, passages):
    hits = _hits(passages, "Director of Public Prosecutions")  # an office, but no person holding it
    verdict = _judge(vocab, "Who is the director of public prosecutions?", hits, similarity=0.9)
    assert verdict.abstain and "person" in verdict.reason
    assert not _judge(vocab, "Which prosecutors attend the course?", hits, similarity=0.9).abstain


def test_a_question_on_a_chapters_topic_in_everyday_factsheet_words_is_not_declined_for_low_similarity(
    vocab, jurisdiction
):
    # everyday words only, every one of them the factsheet's: on topic, routed to a chapter or not
    question = "What is recommended on research and data?"
    assert not _judge(vocab, question, jurisdiction, similarity=0.1).abstain
    assert not judge(question, jurisdiction, vocab, 0.1, 3, 0.4, anchored=True).abstain
    # an everyday word it happens not to use ("goes") does not unmoor it; a specific one does
    assert not judge(
        "Which recommendation goes with research?", jurisdiction, vocab, 0.1, 3, 0.4, anchored=True
    ).abstain
    # a routed question with a word the factsheet never uses is still decided by similarity
    assert judge(
        "What is recommended on research into pensions?", jurisdiction, vocab, 0.1, 3, 0.4, anchored=True
    ).abstain


@pytest.mark.parametrize("verb", ["talk about", "discuss", "speak of", "mention"])
def test_words_of_asking_where_the_factsheet_discusses_something_are_not_its_topic(vocab, verb):
    assert support(f"Where does the factsheet {verb} parents?", vocab).missing == ()
    assert support(f"Where does the factsheet {verb} pensions?", vocab).missing == ("pensions",)


def test_a_recommendation_ids_chapter_numeral_is_not_a_word_the_factsheet_lacks(vocab):
    assert support("Does Denmark already apply Recommendation IV-9 and rec xi 4?", vocab).missing == ()


def test_a_count_a_passage_holds_about_the_subject_is_answered_however_dissimilar(vocab, passages):
    hits = _hits(passages, "States that were Party to the Convention")
    question = "How many States took part in the monitoring round?"
    assert not _judge(vocab, question, hits, similarity=0.1).abstain
    assert _judge(vocab, "How many prisons took part in the survey?", hits, similarity=0.1).abstain


@pytest.fixture(scope="module")
def written(doc, passages):
    """The vocabulary with what the factsheet writes in its footnotes too."""
    return Vocabulary.from_passages(passages, "Denmark", [f.text for f in doc.footnotes.values()])


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("What does the EU Digital Services Act require platforms to do?", "EU Digital Services Act"),
        ("Has Denmark ratified the Istanbul Convention?", "Istanbul Convention"),
        ("What does the GDPR say about children's data?", "GDPR"),
        ("Does Save the Children Denmark run a hotline for kids?", "Save the Children Denmark"),
        ("What does the Council of Europe's Cybercrime Convention require?", "Cybercrime Convention"),  # two names
        ("Does the Committee say anything about Roblox?", "Roblox"),  # one word, neither the factsheet's nor English
        ("What did the court rule in the Lighthouse case?", "Lighthouse"),  # English, capitalised as a name
    ],
)
def test_a_name_the_factsheet_never_writes_is_declined_however_close(written, jurisdiction, question, named):
    assert unknown_names(question, written) == (named,)
    verdict = judge(question, jurisdiction, written, 0.9, 3, 0.4)
    assert verdict.abstain and named in verdict.reason


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("Does the factsheet cover deepfakes of children?", "deepfakes"),  # lower case: neither English nor its own
        ("Does the Danish police use PhotoDNA?", "PhotoDNA"),  # a name in mixed case
        ("what does the straffeloven say on possession?", "straffeloven"),
    ],
)
def test_a_term_neither_english_nor_the_factsheets_is_unknown_in_any_case(written, jurisdiction, question, named):
    assert unknown_names(question, written) == (named,)
    assert judge(question, jurisdiction, written, 0.9, 3, 0.4).abstain


@pytest.mark.parametrize(
    "question",
    [
        "pls list the recs on training, smth short",  # chat shorthand is too short to be a term
        "What about analyzing seized computer data?",  # an American spelling of an English word
        "Why shouldn't we say child pornography?",  # part of a contraction
        "Is sextortion covered?",  # the factsheet's own word
        "Are there rules on sexting?",  # a word the thesaurus knows
        "Which recomendations concern jurisdicton?",  # misspellings of its words (corrected before judging too)
        "Does the factsheet basicaly cover grooming?",  # a misspelling of an English word it does not use
        "Could a teen be charged for pictures of themself?",  # a reflexive pronoun the word list lacks
    ],
)
def test_shorthand_american_spellings_and_known_words_are_not_unknown_terms(written, question):
    assert unknown_names(question, written) == ()


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("What is the statute of limitations for fraud?", "statute of limitations"),  # 'of' inside the phrase
        ("Does the factsheet discuss porn websites?", "porn websites"),
        ("What about children in foster care or orphanages?", "foster care"),
        ("Which rules apply (revenge porn between adults)?", "revenge porn"),  # after a bracket
        ("What would the EU's new rule ('chat control') require?", "chat control"),  # quoted after a word it uses
        ("Does it cover client-side scanning?", "client-side scanning"),  # a hyphenated word of function words' parts
    ],
)
def test_a_noun_phrase_of_words_the_factsheet_never_uses_is_declined(written, jurisdiction, question, phrase):
    assert phrase in unwritten_phrases(question, written)
    verdict = judge(question, jurisdiction, written, 0.9, 3, 0.4)
    assert verdict.abstain and phrase in verdict.reason


@pytest.mark.parametrize(
    "question",
    [
        "What if a teen got sent some pictures?",  # a verb and its object
        "At what age should kids start learning about sexting?",  # no opener before the words
        "I'm a lawyer mapping obligations: what is required on training?",
        "Why do they want us to quit sayng it?",  # an infinitive, misspelt
        "Does Denmark train police on sextortion?",  # one word the factsheet lacks is no phrase
        "ok pls the generic recs on research",  # shorthand
        "Do cases brought by Danes depend on the other country's law?",  # the country's people, then a verb
    ],
)
def test_verbs_shorthand_and_single_words_are_no_unwritten_phrase(written, question):
    assert unwritten_phrases(question, written) == ()


def test_what_happened_after_the_latest_year_the_factsheet_writes_is_declined_even_for_a_look_up(written, passages):
    hits = _hits(passages, "reservation appears to extend")
    question = "Has Denmark implemented Recommendation II-5 since 2024?"
    verdict = judge(question, hits, written, 0.0, 3, 0.4, by_similarity=False)
    assert verdict.abstain and "since 2024" in verdict.reason
    # up to its latest year it can answer: it says it holds nothing adopted after the report
    assert not judge("Does it cover anything done after 2022?", hits, written, 0.9, 3, 0.4).abstain


@pytest.mark.parametrize(
    ("question", "declined"),
    [
        ("Did Denmark ratify anything new since the report was adopted?", True),
        ("Have the Danes changed the criminal code since this factsheet came out?", True),
        ("Does the report cover what Denmark did since the factsheet was published?", False),  # on the document
        ("How does Denmark tell the Committee about measures since the report?", False),  # what it says of them
    ],
)
def test_whether_the_country_did_something_since_the_factsheet_is_declined(written, passages, question, declined):
    hits = _hits(passages, "reservation appears to extend")
    verdict = judge(question, hits, written, 0.9, 3, 0.4, by_similarity=False)
    assert verdict.abstain is declined


def test_an_unwritten_phrase_does_not_decline_a_set_defined_by_structure(written, jurisdiction):
    question = "List the requests - the middle tier - on jurisdiction"
    assert unwritten_phrases(question, written) == ("middle tier",)
    assert not judge(question, jurisdiction, written, 0.9, 3, 0.4, by_similarity=False).abstain


def test_a_date_a_passage_holds_about_the_questions_specific_word_is_answered(written, passages):
    hits = _hits(passages, "engaged in a Victim Identification Taskforce")
    assert not judge("When was the VIDTF set up and which countries were in it?", hits, written, 0.8, 3, 0.4).abstain


@pytest.mark.parametrize(
    "question",
    [
        "Does Denmark contribute to INTERPOL's ICSE database?",  # names it writes, possessive and all
        "What has Denmark done with the OECD DAC on PSEAH?",  # most of the name's words are its own
        "How long is the DPP's course for prosecutors?",  # the initials of a name it writes
        "Does the Committee follow the Luxembourg Guidelines?",  # written in a footnote
        "Which CSAM and NGOs recommendations exist for the Lanzarote Committee's second monitoring round?",
        "What Does The Committee Require From Denmark On Training?",  # title case says nothing by its capitals
        "WHAT MUST DENMARK DO ABOUT ECTS COURSES?",
        "Chapter X: what are ALL the Denmark-specific recommendations?",  # a word in capitals for emphasis
        "Is the mandatory 10 ECTS course for teachers in Recommendation X-4?",
        "Can Danes be prosecuted at home for offences abroad?",  # the country's people
        "Does Denmark work with the OECD DAC?",  # a name a footnote cites only in a web address (oecd.org/dac)
    ],
)
def test_names_the_factsheet_writes_or_ways_of_writing_are_not_unknown(written, question):
    assert unknown_names(question, written) == ()


def test_a_year_or_an_ordinal_the_factsheet_never_writes_is_unwritten(written, jurisdiction):
    assert unwritten("Did the Danish parliament pass a new law in 2031?", written) == ("2031",)
    assert unwritten("What did the third monitoring round find?", written) == ("third monitoring round",)
    # a name between the ordinal and its noun
    assert unwritten("What did the first Lanzarote monitoring round find?", written) == (
        "first Lanzarote monitoring round",
    )
    assert unwritten("How many States took part in the second monitoring round?", written) == ()
    assert unwritten("Which countries took part in the 2014 Victim Identification Taskforce?", written) == ()
    assert unwritten("Who won the third prize?", written) == ()  # the factsheet writes no ordinal of a prize
    assert unwritten("What does section 235 of the Criminal Code say?", written) == ("section 235",)
    assert unwritten("What does Article 20(3) allow, and Art. 25(2)?", written) == ()
    verdict = judge("What are the findings of the third monitoring round?", jurisdiction, written, 0.9, 3, 0.4)
    assert verdict.abstain and "third monitoring round" in verdict.reason


def test_everyday_words_the_factsheet_does_not_use_are_still_declined_when_nothing_is_close(vocab, jurisdiction):
    assert _judge(vocab, "What are the income tax rates in Denmark?", jurisdiction, similarity=0.2).abstain


def test_a_number_counting_the_very_thing_asked_about_answers_a_count(vocab, passages):
    # "306 children in 10 Parties": the question's other words ("nations", "heard") need not be the sentence's
    hits = _hits(passages, "information received from 306")
    assert not _judge(vocab, "how many children were heard for the report, from how many nations?", hits).abstain
    assert _judge(vocab, "how many judges were heard for the report?", hits).abstain
    assert not _judge(vocab, "how many kids were heard for the report?", hits).abstain  # a synonym counts too
    unit = _hits(passages, "The unit consists of approximately")
    assert not _judge(vocab, "and how many officers?", unit).abstain
    assert _judge(vocab, "and how many prosecutors?", unit).abstain


def test_an_aside_on_who_asks_or_what_for_is_not_what_the_question_is_about(written, jurisdiction):
    question = "For a radio segment: can Denmark prosecute its nationals for offences abroad?"
    assert unwritten_phrases(question, written) == ("radio segment",)
    assert unwritten_phrases(without_asides(question), written) == ()
    assert not judge(question, jurisdiction, written, 0.9, 3, 0.4).abstain


def test_a_date_asked_of_a_thing_the_question_names_is_sought_by_its_own_words_not_the_earlier_turns(written, passages):
    hits = _hits(passages, "engaged in a Victim Identification Taskforce")
    question, earlier = "When was the tenth edition of the taskforce?", "and who trained the officers?"
    assert not judge(question, hits, written, 0.8, 3, 0.4, context=earlier).abstain


def test_how_much_money_is_answered_by_a_sum_not_by_saying_that_grants_exist():
    from lanzarote_qa.abstain import ANSWER_TYPES

    amount, money = ANSWER_TYPES["amount"][1], ANSWER_TYPES["money"][1]
    said = "Its support for prevention by civil society takes the form of financial support and grants."
    assert money.search(said) and not amount.search(said)
    assert amount.search("The unit received DKK 2 million in 2021.")
