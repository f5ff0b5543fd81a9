"""Question -> plan on the real factsheet's vocabulary (no model): which plan, with which set, and why."""

from __future__ import annotations

import pytest

from lanzarote_qa.lookups import parse_lookups
from lanzarote_qa.query import plan as plan_of
from lanzarote_qa.query import read, understand
from lanzarote_qa.retrieval import lexical_tokens
from lanzarote_qa.types import LEVELS, Kind, Level, ListPlan, Lookup, Mode, Search, Section
from lanzarote_qa.vocabulary import Vocabulary, without_title_phrases

OBLIGATIONS = (Level.REQUIRE, Level.REQUEST)


@pytest.fixture(scope="module")
def vocab(passages):
    return Vocabulary.from_passages(passages, "Denmark")


def test_a_set_question_on_a_routed_topic_lists_that_chapter_at_those_levels(vocab):
    plan = understand("what must Denmark change on jurisdiction?", vocab)
    assert isinstance(plan, ListPlan)
    assert plan.structure.levels == OBLIGATIONS and plan.structure.chapters == ("IV",)
    assert any("jurisdict" in str(r) for r in plan.reasons)


@pytest.mark.parametrize(
    "question",
    [
        "What does the Committee require about sexual extortion?",  # a level word, no set question
        "what must Denmark change on jurisdction?",  # a set question whose topic is not understood
        "Does Denmark have to define CSAM in law?",  # yes/no
    ],
)
def test_a_level_word_never_lists_every_passage_of_that_level(vocab, question):
    plan = understand(question, vocab)
    if isinstance(plan, ListPlan):
        assert plan.structure.chapters or plan.topic  # the topic stays in charge of the set
    else:
        assert isinstance(plan, Search)


@pytest.mark.parametrize(
    ("question", "listed"),
    [
        ("what does the Committee request on jurisdiction (not require, not invite)?", True),
        ("what does the Committee request on jurisdiction, not require?", True),
        ("what does the Committee request on jurisdiction?", False),  # a level named, none excluded: boosted
        ("Is it a request rather than a requirement?", False),  # yes/no: about one passage
    ],
)
def test_a_level_asked_for_beside_one_excluded_is_a_set(vocab, question, listed):
    assert isinstance(understand(question, vocab), ListPlan) is listed


def test_a_level_word_without_a_set_question_only_boosts(vocab):
    plan = understand("What does the factsheet say Denmark must do about sexual extortion?", vocab)
    assert isinstance(plan, Search) and plan.boosts.levels == OBLIGATIONS
    # "required" in any sense is the require level: the word of the strongest level
    plan = understand("What does the factsheet require about sexual extortion?", vocab)
    assert isinstance(plan, Search) and plan.boosts.levels == (Level.REQUIRE,)
    # the Committee's own verb names its strongest level
    plan = understand("What does the Committee require about sexual extortion?", vocab)
    assert isinstance(plan, Search) and plan.boosts.levels == (Level.REQUIRE,)


@pytest.mark.parametrize(
    ("question", "levels"),
    [
        ("Which research recommendations to Denmark are invitations rather than requests?", (Level.INVITE,)),
        ("On research, list only the invitations, not the requests", (Level.INVITE,)),
        ("which recommendations on jurisdiction are requests as opposed to requirements?", (Level.REQUEST,)),
        ("Which jurisdiction recommendations are not invitations?", OBLIGATIONS),
        ("list what Denmark must do on jurisdiction, not just invited", OBLIGATIONS),
        ("list what Denmark is required to do on jurisdiction, not just invited", (Level.REQUIRE,)),
        ("which jurisdiction recommendations are non-binding?", (Level.INVITE,)),
        # a precise level word narrows a lay one; "required" beside another level word keeps its own level
        ("What must Denmark do? List every 'require'-level recommendation.", (Level.REQUIRE,)),
        ("what must Denmark do on jurisdiction? only the requests", (Level.REQUEST,)),
        ("list what Denmark is required or requested to do on jurisdiction", OBLIGATIONS),
        ("Is Denmark obliged to train its staff, or is that only encouraged?", LEVELS),
    ],
)
def test_negation_and_contrast_of_levels(vocab, question, levels):
    plan = understand(question, vocab)
    structure = plan.structure if isinstance(plan, ListPlan) else plan.boosts  # type: ignore[union-attr]
    assert structure.levels == levels, plan.to_json()


def test_the_country_beside_all_parties_is_both_scopes(vocab):
    plan = understand("Which recommendations does the Committee address to Denmark or all Parties?", vocab)
    assert isinstance(plan, ListPlan) and set(plan.structure.sections) == {Section.COUNTRY, Section.GENERIC}


def test_the_country_code_names_the_country_and_its_scope(vocab):
    plan = understand("which research recommendations are DK-specific?", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.sections == (Section.COUNTRY,)
    assert any(r.rule == "country-code" and r.words == "DK" for r in plan.reasons)


def test_non_negates_the_scope_it_is_joined_to(vocab):
    plan = understand("list the non-Denmark-specific recommendations on research", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.sections == (Section.GENERIC,)
    assert plan.structure.kinds == (Kind.RECOMMENDATION,)  # "non" reaches no further than its word


def test_a_level_asked_for_and_restated_in_what_is_left_out_is_kept(vocab):
    # the exclusion leaves out the generic part; its "requirement" restates the level asked for
    question = (
        "Which requirements are addressed to Denmark on its own, leaving out any requirement directed at all Parties?"
    )
    plan = understand(question, vocab)
    assert isinstance(plan, ListPlan)
    assert plan.structure.levels == (Level.REQUIRE,) and plan.structure.sections == (Section.COUNTRY,)
    # alone in what is left out, the level is excluded
    plan = understand("Which recommendations are addressed to Denmark, leaving out any requirement?", vocab)
    assert Level.REQUIRE not in plan.structure.levels


def test_what_a_set_question_leaves_out_neither_routes_nor_narrows_it(vocab):
    plan = understand("Give me all promising practices except the ones about investigations and prosecution.", vocab)
    assert isinstance(plan, ListPlan) and not plan.structure.chapters and not plan.topic
    assert plan.without_chapters == ("III",)
    # chapters named by number in what is left out are left out, not asked for
    plan = understand("List every promising practice except those in chapters III and V.", vocab)
    assert isinstance(plan, ListPlan) and not plan.structure.chapters and plan.without_chapters == ("III", "V")
    # "outside" a chapter leaves it out; the word is not a topic word of the set
    plan = understand("Which invitations lie outside the chapter on jurisdiction?", vocab)
    assert isinstance(plan, ListPlan) and plan.without_chapters == ("IV",) and not plan.topic
    # a search keeps the words: the passage naming them may answer ("who else besides …?")
    stems = {
        s for t in read("who else besides helplines is most involved in prevention?", vocab).topic.terms for s in t
    }
    assert "helplin" in stems
    stems = {s for t in read("list all practices besides helplines", vocab).topic.terms for s in t}
    assert "helplin" not in stems


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("identifying", "identification", True),  # the stemmer splits them: "identifi", "identif"
        ("pornography", "pornographic", True),
        ("programme", "program", True),
        ("police", "policy", False),  # a short stem's neighbours are other words
        ("special", "specialised", False),
    ],
)
def test_a_word_family_the_stemmer_splits_is_one_topic_word(vocab, one, other, same):
    (a,), (b,) = lexical_tokens(one), lexical_tokens(other)
    assert a != b and (b in vocab.family(a)) is same


@pytest.mark.parametrize(
    ("question", "kept", "dropped"),
    [
        # the other side of a word of asking: either will do, so it cannot say which passages are the set
        ("Everything in the factsheet about involving or informing parents", {"parent"}, {"inform"}),
        ("Everything in the factsheet about informing parents", {"parent", "inform"}, set()),
        ("Everything on Interpol or Europol", {"interpol", "europol"}, set()),
    ],
)
def test_a_word_offered_as_an_alternative_to_a_word_of_asking_does_not_narrow(vocab, question, kept, dropped):
    stems = {s for t in read(question, vocab).topic.terms for s in t}
    assert kept <= stems and not dropped & stems


def test_a_lay_word_for_the_factsheets_commonest_leaves_a_chapters_topic_whole(vocab):
    # "kids" is the factsheet's "children": it says nothing the chapter's topic does not
    plan = understand(
        "What does the committee recommend on awareness-raising campaigns about kids sharing images?", vocab
    )
    assert isinstance(plan, ListPlan) and plan.structure.chapters == ("VIII",)
    plan = understand("What does the committee recommend on awareness-raising campaigns about judges?", vocab)
    assert not isinstance(plan, ListPlan)  # a word of another topic: the best passages, searched


@pytest.mark.parametrize(
    ("words", "chapters"),
    [
        # "education" routes to both chapters whose titles hold it; "continuous" to chapter X alone, which then is the
        # topic's: chapter IX is routed to by no word chapter X is not routed to by too
        ("education", ("IX", "X")),
        ("education curricula and continuous training", ("X",)),
        ("education for children", ("IX",)),
    ],
)
def test_a_chapter_routed_to_only_by_words_a_better_one_is_routed_to_by_is_not_the_topics(vocab, words, chapters):
    assert set(vocab.route(" ".join(lexical_tokens(words))).chapters) == set(chapters)


@pytest.mark.parametrize(
    ("question", "listed"),
    [
        # some of a kind, on the factsheet's subject in its commonest words: the best of them, searched
        # (children prosecuted, once such an example, is now a concept of the factsheet: its set is listed)
        ("Which recommendations aim to stop children being sexually abused through images?", False),
        ("which recommendations are requests?", True),  # a level names the set
        ("list all the recommendations", True),  # the whole kind asked for
    ],
)
def test_some_of_a_kind_on_the_subject_in_its_commonest_words_is_searched(vocab, question, listed):
    plan = understand(question, vocab)
    assert isinstance(plan, ListPlan) is listed
    assert Kind.RECOMMENDATION in (plan.structure if listed else plan.boosts).kinds


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        # two words of one meaning side by side ("police officers") are one topic word, not two a passage must hold
        ("What does the factsheet say about training of Danish police officers? Give all relevant passages.", 2),
        ("What does the factsheet say about training of police and judges?", 3),
    ],
)
def test_words_of_one_meaning_side_by_side_are_one_topic_word(vocab, question, terms):
    topic = read(question, vocab).topic.terms
    assert len(topic) == terms and not any("relev" in t for t in topic)  # "relevant passages" asks, it is no topic


def test_negation_of_a_scope(vocab):
    plan = understand("Which research recommendations are for Denmark only, not the generic ones?", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.sections == (Section.COUNTRY,)


@pytest.mark.parametrize(
    "question",
    [
        "What do 'require', 'request' and 'invite' mean?",
        "What is the difference between a requirement and an invitation?",
        "what is CSGSIV?",
    ],
)
def test_a_question_about_meaning_searches_the_defining_passages(vocab, question):
    plan = understand(question, vocab)
    assert isinstance(plan, Search) and Kind.INTRO in plan.boosts.kinds


@pytest.mark.parametrize(
    ("question", "kinds", "sections", "chapters"),
    [
        ("List all the promising practices in the factsheet", (Kind.PRACTICE,), (), ()),
        ("Which promising practices are in chapter III?", (Kind.PRACTICE,), (), ("III",)),
        (
            "all the generic recommendations of the research chapter",
            (Kind.RECOMMENDATION,),
            (Section.GENERIC,),
            ("XI",),
        ),
        (
            "What are the Denmark-specific recommendations in chapter 9?",
            (Kind.RECOMMENDATION,),
            (Section.COUNTRY,),
            ("IX",),
        ),
    ],
)
def test_lists_by_kind_and_section(vocab, question, kinds, sections, chapters):
    plan = understand(question, vocab)
    assert isinstance(plan, ListPlan), plan.to_json()
    s = plan.structure
    assert (s.kinds, s.sections, s.chapters) == (kinds, sections, chapters)


def test_a_topic_across_chapters_is_a_list_of_the_passages_holding_it(vocab):
    plan = understand("everything the factsheet says on helplines", vocab)
    assert isinstance(plan, ListPlan) and plan.topic and not plan.structure.chapters
    assert any("helplin" in term for term in plan.topic)


@pytest.mark.parametrize(
    ("question", "levels", "sections"),
    [
        ("Give me all the 'requests' (the middle level of urgency), including the ones addressed to all Parties",
         (Level.REQUEST,), (Section.COUNTRY, Section.GENERIC)),
        ("List every 'requires' - I need the full set", (Level.REQUIRE,), ()),
    ],
)  # fmt: skip
def test_a_level_listed_with_words_about_levels_or_sets_is_that_levels_set(vocab, question, levels, sections):
    plan = understand(question, vocab)
    assert isinstance(plan, ListPlan) and plan.structure.levels == levels and plan.structure.sections == sections
    assert not plan.topic


def test_kinds_after_an_everything_phrase_describe_it_unless_they_restrict_it(vocab):
    plan = understand("Everything on jurisdiction - findings and recommendations", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.kinds == ()
    plan = understand("Everything on jurisdiction - only the findings, not the recommendations", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.kinds == (Kind.OBSERVATION,)


def test_which_recommendation_in_the_singular_asks_for_one_not_a_set(vocab):
    assert isinstance(understand("Which recommendation says States should prioritise education?", vocab), Search)


def test_a_hyphenated_compound_the_factsheet_never_writes_is_read_as_its_words(vocab):
    plan = understand("List every legal-framework recommendation for Denmark", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.chapters == ("II",)


def test_a_level_contrasted_after_a_comma_is_excluded_not_read_as_optional(vocab):
    plan = understand("List every recommendation where Denmark is requested, not required, to act", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.levels == (Level.REQUEST,) and not plan.topic


def test_where_the_country_is_already_in_line_with_the_recommendations_is_what_the_committee_observes(vocab):
    plan = understand("Where are Denmark's police and prosecution already in line with its recommendations? All", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.kinds == (Kind.OBSERVATION,)


@pytest.mark.parametrize(
    ("question", "ids", "paragraphs", "mentions"),
    [
        ("What does recommendation V-18 say?", ("V-18",), (), 0),
        ("rec iv 5", ("IV-5",), (), 0),
        ("X-4 and X-5", ("X-4", "X-5"), (), 0),
        ("what do V-4 to V-7 ask?", ("V-4", "V-5", "V-6", "V-7"), (), 0),
        ("§ 271", (), (271,), 0),
        ("paragraphs 54–55 of the report", (), (54, 55), 0),
        ("para 129 of the Explanatory Report", (), (), 1),
        ("what does para. 235 of the Explanatory Report say?", (), (), 1),
    ],
)
def test_look_ups(question, ids, paragraphs, mentions):
    found = parse_lookups(question)
    assert (found.ids, found.paragraphs, len(found.mentions)) == (ids, paragraphs, mentions)


@pytest.mark.parametrize(
    ("question", "footnotes", "paragraphs"),
    [
        ("Which recommendations does footnote 12 refer to?", (12,), ()),
        ("what do fn. 30 and 31 cite?", (30, 31), ()),
        ("footnotes 40-42", (40, 41, 42), ()),
        ("which footnote cites para 186?", (), (186,)),
        ("are the footnotes of chapter II complete?", (), ()),
    ],
)
def test_footnote_look_ups(question, footnotes, paragraphs):
    found = parse_lookups(question)
    assert (found.footnotes, found.paragraphs) == (footnotes, paragraphs)


def test_a_look_up_is_a_look_up_plan_with_its_reason(vocab):
    plan = understand("paragraph 228 of the report", vocab)
    assert isinstance(plan, Lookup) and plan.paragraphs == (228,) and plan.mode is Mode.LOOKUP
    assert plan.to_json()["kind"] == "lookup" and plan.to_json()["reasons"]


def test_what_is_recommended_on_a_chapters_whole_topic_lists_its_recommendations(vocab):
    plan = understand("What does the Committee recommend on research?", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.chapters == ("XI",)
    assert plan.structure.kinds == (Kind.RECOMMENDATION,)
    narrow = understand("What does the Committee recommend about training helpline staff?", vocab)
    assert isinstance(narrow, Search)  # a topic narrower than a chapter: searched


def test_words_the_factsheet_never_uses_do_not_narrow_a_list(vocab):
    plan = understand("List the Denmark-specific requests; I need them for a newsletter", vocab)
    assert isinstance(plan, ListPlan) and not plan.topic
    assert plan.structure.levels == (Level.REQUEST,) and plan.structure.sections == (Section.COUNTRY,)
    assert any(r.rule == "topic:unknown" for r in plan.reasons)


def test_a_chapter_named_by_its_whole_title_is_that_chapter(vocab):
    plan = understand("On education for children: which recommendations are obligations?", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.chapters == ("IX",)


def test_every_chapter_is_reached_by_a_word_of_its_title_however_long_the_chapter(vocab, passages):
    # the context header repeats the chapter title in each passage; counted there, a long chapter's
    # title words looked common to the document and that chapter could not be named by one of them
    for chapter, title in vocab.chapter_titles.items():
        if chapter == "I":
            continue
        words = [w for w in title.split() if len(w) > 3 and w.lower() not in {"and", "their", "themselves"}]
        routed = {w: vocab.route(f"the {w.lower()} chapter", by_title=True).chapters for w in words}
        assert any(r == (chapter,) for r in routed.values()), (chapter, routed)


def test_a_set_question_naming_a_long_chapter_by_its_title_lists_that_chapter(vocab):
    plan = understand("List the Denmark-specific recommendations on investigations and prosecution.", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.chapters == ("III",)
    assert plan.structure.sections == (Section.COUNTRY,)


@pytest.mark.parametrize(
    ("question", "listed"),
    [
        # every topic word is used mostly in the chapter a title word routes to: that chapter's recommendations
        ("What does the Committee recommend about collecting data for research?", True),
        # judges are spoken of elsewhere than in the training chapter: searched, not the chapter listed
        ("What does the Committee recommend on training for judges?", False),
    ],
)
def test_recommend_on_lists_a_chapter_only_when_the_whole_topic_is_that_chapters(vocab, question, listed):
    assert isinstance(understand(question, vocab), ListPlan) == listed


@pytest.mark.parametrize(
    "question",
    [
        "Which recommendations are at the 'request' level? I need all of them for a memo.",
        "List each promising practice the document covers, across chapters.",
        # a relational verb ties the set to the country, it is not a topic
        "list every 'request' level recommendation that applies to denmark",
        "Which recommendations is Denmark required to implement? all of them",
    ],
)
def test_words_about_the_asker_or_the_asking_leave_a_whole_set_whole(vocab, question):
    plan = understand(question, vocab)
    assert isinstance(plan, ListPlan) and not plan.topic and not plan.structure.chapters


@pytest.mark.parametrize(
    ("question", "chapters"),
    [
        ("Which recommendations of chapters IX and X are requests?", ("IX", "X")),
        ("List the invitations in chapters II-IV", ("II", "III", "IV")),
        ("all the observations of chapters 9, 10 or 11", ("IX", "X", "XI")),
        ("List the requests in chapter IX and I want all of them", ("IX",)),  # "I" the pronoun
    ],
)
def test_a_set_question_naming_several_chapters_lists_each_of_them(vocab, question, chapters):
    plan = understand(question, vocab)
    assert isinstance(plan, ListPlan) and plan.structure.chapters == chapters


@pytest.mark.parametrize(("joined", "terms"), [("or", 1), ("and/or", 1), ("and", 2)])
def test_topic_words_joined_by_or_are_one_term_either_of_which_will_do(vocab, joined, terms):
    plan = understand(f"List every passage about teachers {joined} parents", vocab)
    assert isinstance(plan, ListPlan) and len(plan.topic) == terms
    assert {"teacher", "parent"} <= {s for t in plan.topic for s in t}


@pytest.mark.parametrize(
    ("question", "levels", "kinds", "chapters"),
    [
        # a polite request for a list is not a yes/no question; words about the level scale are not a topic
        ("Could you list every 'request' (the middle urgency level)?", (Level.REQUEST,), (), ()),
        (
            "Which recommendations does the Committee write where it uses 'invites'? I want all of them.",
            (Level.INVITE,),
            (Kind.RECOMMENDATION,),
            (),
        ),
        # the verb's spelling, often written for the noun
        ("what good practises does the research chapter describe", (), (Kind.PRACTICE,), ("XI",)),
    ],
)
def test_set_questions_worded_loosely_still_list_their_set(vocab, question, levels, kinds, chapters):
    plan = understand(question, vocab)
    assert isinstance(plan, ListPlan), plan.reasons
    assert (plan.structure.levels, plan.structure.kinds, plan.structure.chapters) == (levels, kinds, chapters)
    assert chapters or not plan.topic  # no topic narrows the whole set


def test_a_phrasal_verbs_particle_is_not_a_topic_word(vocab):
    plan = understand("Where do helplines show up? List every passage.", vocab)
    assert isinstance(plan, ListPlan) and [t[0] for t in plan.topic] == ["helplin"]


def test_the_key_findings_are_the_introduction_and_other_findings_are_observations(vocab):
    plan = understand("list the key findings", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.kinds == (Kind.INTRO,)
    plan = understand("All findings and recommendations on sextortion, across all chapters", vocab)
    assert isinstance(plan, ListPlan) and set(plan.structure.kinds) == {Kind.OBSERVATION, Kind.RECOMMENDATION}


def test_the_terms_the_factsheet_spells_out_are_learned_with_the_passage_that_does(vocab, passages):
    by_id = {p.id: p for p in passages}
    assert set(vocab.acronyms) <= set(vocab.defined_in)
    for acr in vocab.acronyms:
        assert f"({acr.upper()}" in by_id[vocab.defined_in[acr]].text.upper()
    assert "Lanzarote Convention”)" in by_id[vocab.defined_in["lanzarote convention"]].text
    # a sentence opening 'Name is a …' says what the name is; the passage that only mentions it does not
    assert by_id[vocab.defined_in["eu kids online"]].text.startswith("EU Kids Online is a ")


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("What does CSGSIV stand for?", "csgsiv"),
        ("what's CSGSIV short for?", "csgsiv"),
        ("What is EU Kids Online?", "eu kids online"),
        ("EU Kids Online - what is it?", "eu kids online"),
        ("what does EU Kids Online find on Denmark's children?", None),  # about it, not what it is
        ("the abbreviation CSGSIV?", "csgsiv"),
        ("What is the Lanzarote Convention, in a nutshell?", "lanzarote convention"),
        ("What does the Lanzarote Committee mean by grooming?", None),  # another word: not the Committee
    ],
)
def test_a_definition_of_a_term_the_factsheet_spells_out_leads_with_that_passage(vocab, question, term):
    plan = understand(question, vocab)
    assert isinstance(plan, Search)
    assert plan.leads == ((vocab.defined_in[term],) if term else ())


def test_the_terms_the_factsheet_defines_in_a_list_are_learned_with_their_entry(vocab, passages):
    by_id = {p.id: p for p in passages}
    assert set(vocab.glossary) == {"require", "request", "invite"}  # its levels of urgency
    for term, pid in vocab.glossary.items():
        assert f"“{term.title()}”: when" in by_id[pid].text


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("What does it mean when the Lanzarote Committee says it 'requires' something?", ("require",)),
        ("what's a 'request' in committee speak? is it binding?", ("request",)),
        ("If the Committee only 'invites' Denmark to act, does that reflect a binding obligation?", ("invite",)),
        ("Is a 'requires' recommendation legally binding?", ("require",)),
        # yes/no on where a quoted level comes from: what defines it
        ("Does an 'invitation' come from the Convention's text?", ("invite",)),
        ("what is the difference between 'request' and 'invite'?", ("request", "invite")),
    ],
)
def test_what_a_level_means_or_whether_it_binds_leads_with_the_entry_defining_it(vocab, question, terms):
    plan = understand(question, vocab)
    assert isinstance(plan, Search) and plan.boosts.kinds == (Kind.INTRO,)
    assert set(plan.leads) == {vocab.glossary[t] for t in terms}


def test_the_askers_gloss_of_a_level_is_no_topic_even_with_a_pronoun_in_it(vocab):
    question = "List every recommendation at the 'require' level, i.e. obligations as clarified by its report"
    plan = understand(question, vocab)
    assert isinstance(plan, ListPlan) and plan.structure.levels == (Level.REQUIRE,) and plan.topic == ()


def test_a_name_the_factsheet_quotes_in_one_passage_is_learned_with_it(vocab, passages):
    by_id = {p.id: p for p in passages}
    assert "“My body, my rules”" in by_id[vocab.quoted["my body my rules"]].text
    assert "child pornography" not in vocab.quoted  # quoted, but held by many passages: no one referent
    assert all(len(name.split()) >= 2 for name in vocab.quoted)  # “grooming” is a word, not a name


@pytest.mark.parametrize(
    "question",
    ["what was the 'My body, my rules' thing?", "my body my rules competition in denmark - what was it"],
)
def test_a_question_naming_a_quoted_name_leads_with_its_passage_and_its_words_route_nowhere(vocab, question):
    plan = understand(question, vocab)
    assert isinstance(plan, Search) and plan.leads == (vocab.quoted["my body my rules"],)
    assert plan.boosts.chapters == ()  # "rules" of the name is not the jurisdiction rules chapter
    assert not getattr(understand("how do the jurisdiction rules work?", vocab), "leads", ())


@pytest.mark.parametrize(
    "question",
    [
        "Which 'requires' recommendations are binding on Denmark?",  # the set, not what the word means
        "list all the 'request' level recommendations",
        "Is Denmark obliged to allow undercover operations?",  # a topic's obligation, not a level's meaning
    ],
)
def test_a_level_named_in_a_set_or_an_obligation_on_a_topic_is_no_definition(vocab, question):
    plan = understand(question, vocab)
    assert not (isinstance(plan, Search) and plan.leads)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("what does the factsheet observe about research?", Kind.OBSERVATION),
        ("what good practice examples does the factsheet give for international cooperation", Kind.PRACTICE),
        # a topic narrower than the chapter's ("and the bodies Denmark joins"): still that chapter's few findings
        (
            "what did the Committee observe about international cooperation and the bodies Denmark joins?",
            Kind.OBSERVATION,
        ),
    ],
)
def test_what_the_committee_observes_on_a_chapters_topic_lists_that_kind_of_it(vocab, question, kind):
    plan = understand(question, vocab)
    assert isinstance(plan, ListPlan) and plan.structure.kinds == (kind,) and len(plan.structure.chapters) == 1


def test_findings_about_all_parties_are_the_introductions_searched_not_every_introduction_listed(vocab):
    # the generic part holds recommendations only; the introduction, addressed to no part, has the findings
    plan = understand("what were the report's findings across all the States Parties?", vocab)
    assert isinstance(plan, Search) and plan.boosts.kinds == (Kind.INTRO,) and plan.boosts.sections == ()


def test_why_a_chapters_topic_matters_is_answered_first_by_its_introduction(vocab, passages):
    plan = understand("why does research matter so much to the Committee?", vocab)
    assert isinstance(plan, Search) and plan.boosts.chapters
    intros = {p.id for p in passages if p.kind is Kind.INTRO and p.chapter in plan.boosts.chapters}
    assert intros and set(plan.rationale) == intros
    # not asked why: no introduction is put first
    assert not understand("what research has Denmark done?", vocab).rationale


def test_whether_the_committee_recommends_something_is_searched_not_listed(vocab):
    assert isinstance(understand("Should children's awareness-raising be peer-led?", vocab), Search)


def test_recommendations_on_part_of_a_chapters_topic_are_searched_not_listed(vocab):
    # a chapter has many recommendations: only its whole topic lists them
    plan = understand(
        "what does the Committee recommend on international cooperation and the bodies Denmark joins?", vocab
    )
    assert isinstance(plan, Search) and plan.boosts.kinds == (Kind.RECOMMENDATION,)


def test_how_the_committee_words_a_level_is_not_a_topic(vocab):
    plan = understand("List all the recommendations the Committee words as 'requests', generic ones included", vocab)
    assert isinstance(plan, ListPlan) and not plan.topic
    assert plan.structure.levels == (Level.REQUEST,)
    assert set(plan.structure.sections) == {Section.COUNTRY, Section.GENERIC}


def test_the_words_of_a_name_the_factsheet_defines_route_to_no_chapter(vocab):
    # the taskforce's words, read as topic words, routed to the chapter whose distinctive words they are;
    # the passage on the taskforce itself sits in another chapter
    plan = understand("Which countries took part in the 2014 Victim Identification Taskforce?", vocab)
    assert isinstance(plan, Search) and plan.boosts.chapters == ()
    assert any(r.rule == "acronym" for r in plan.reasons)


@pytest.mark.parametrize(
    ("question", "chapters"),
    [
        ("list the requests in the victim assistance and research chapters", {"VI", "XI"}),
        ("what must Denmark change in the chapters on legal frameworks and on jurisdiction rules?", {"II", "IV"}),
    ],
)
def test_chapters_named_by_title_together_are_all_listed(vocab, question, chapters):
    plan = understand(question, vocab)
    assert isinstance(plan, ListPlan) and set(plan.structure.chapters) == chapters


def test_one_chapter_named_by_title_is_that_chapter_alone(vocab):
    plan = understand("list the requests in the research chapter", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.chapters == ("XI",)


def test_speaking_of_chapters_with_one_title_routes_as_before(vocab):
    # "chapters" with the words of one title only: routed by the words, as a question without the word
    with_word = understand("which chapters have recommendations on research?", vocab)
    without = understand("which recommendations on research are there?", vocab)
    assert isinstance(with_word, ListPlan) and with_word.structure.chapters == without.structure.chapters == ("XI",)


@pytest.mark.parametrize(
    ("question", "levels"),
    [
        ("the things Denmark is invited to do in the research chapter", (Level.INVITE,)),
        ("in chapter IV, the ones that are not invitations", OBLIGATIONS),
    ],
)
def test_a_set_described_by_its_members_with_a_level_is_listed(vocab, question, levels):
    plan = understand(question, vocab)
    assert isinstance(plan, ListPlan) and plan.structure.levels == levels and plan.structure.chapters


def test_a_set_described_without_a_level_scope_or_kind_is_searched(vocab):
    assert isinstance(understand("the things parents can do about nudes", vocab), Search)


@pytest.mark.parametrize(
    "question",
    [
        "list every 'require' level recommendation in the factsheet, whether for Denmark or for all Parties",
        "Which recommendations does the Committee actually require Denmark to carry out? The ones it already names",
    ],
)
def test_function_words_are_no_topic_and_leave_a_whole_set_whole(vocab, question):
    # "whether", "already", "carry" are the factsheet's words too, but narrowed the set to the passages holding them
    plan = understand(question, vocab)
    assert isinstance(plan, ListPlan) and not plan.topic and Level.REQUIRE in plan.structure.levels


def test_a_topic_word_beside_function_words_still_narrows(vocab):
    plan = understand("list every recommendation that already mentions helplines", vocab)
    assert isinstance(plan, ListPlan) and [t[0] for t in plan.topic] == ["helplin"]


def test_the_boxes_recommendations_sit_in_are_the_layout_not_a_topic(vocab):
    # the factsheet: recommendations "can be found in boxes"; "boxes" names where, like "chapters"
    plan = understand("list the invitations in Denmark's own boxes", vocab)
    assert isinstance(plan, ListPlan) and not plan.topic and not plan.structure.chapters
    assert plan.structure.levels == (Level.INVITE,)


def test_a_chapter_named_by_a_synonym_of_its_title_is_that_chapter(vocab):
    # "laws" is the thesaurus's "legal framework": the chapter titled "Legal frameworks"
    plan = understand("which requests are in the chapter on the laws?", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.chapters == ("II",)


def test_a_chapter_named_by_a_title_word_the_whole_factsheet_uses_is_that_chapter(vocab):
    # "prosecution" is used in most chapters, so it routes nowhere by itself; only one title holds it
    plan = understand("promising practices of the law-enforcement and prosecution chapter?", vocab)
    assert plan.structure.chapters == ("III",) if isinstance(plan, ListPlan) else plan.boosts.chapters == ("III",)
    # a word two titles hold names neither; and a word that routes by itself is not overridden by a title word
    assert not understand("what does the chapter on children say?", vocab).boosts.chapters
    plan = understand("which chapter covers sexual abuse by teachers?", vocab)
    assert "VIII" not in getattr(plan, "boosts", getattr(plan, "structure", None)).chapters


def test_a_level_contrasted_with_a_recommendation_word_still_asks_for_recommendations(vocab):
    # "rather than a mere ask" contrasts levels: only recommendations have one, so none is excluded
    plan = understand("list the jurisdiction ones that are obligations rather than a gentler ask", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.levels == OBLIGATIONS
    assert Kind.RECOMMENDATION in plan.structure.kinds or not plan.structure.kinds


def test_which_things_on_a_chapters_words_without_structure_is_searched_not_the_chapters_listed(vocab):
    # "which partners run projects": things, not passages; the chapters its words route to are not the set
    plan = understand("Which bodies carry out cooperation projects with Denmark?", vocab)
    assert isinstance(plan, Search)
    # with the document's structure named, it is a set of passages again
    listed = understand("Which invitations on international cooperation concern joint projects?", vocab)
    assert isinstance(listed, ListPlan) and listed.structure.chapters == ("V",)


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        # a level word used, not named: what the country is to do, which recommendations say
        ("Does Denmark have to make training on children's rights compulsory?", (Kind.RECOMMENDATION,)),
        ("Is Denmark obliged to collect data on self-generated images?", (Kind.RECOMMENDATION,)),
        # how things are in the country, though a level word is in it
        ("Does Denmark require a complaint from the victim before prosecuting?", (Kind.OBSERVATION, Kind.PRACTICE)),
        # neither: what it does, not what it is to do
        ("What has Denmark put in place for child victims?", ()),
    ],
)
def test_what_the_country_is_to_do_asks_for_recommendations_and_how_things_are_for_observations(vocab, question, kinds):
    plan = understand(question, vocab)
    structure = plan.structure if isinstance(plan, ListPlan) else plan.boosts
    assert structure.kinds == kinds, plan.reasons


@pytest.mark.parametrize(
    "question",
    [
        "what does the Committee want Denmark to do about sextortion?",
        "what is the committee asking Denmark to do about helplines?",
    ],
)
def test_what_the_country_is_asked_to_do_on_a_topic_lists_recommendations_only(vocab, question):
    plan = understand(question, vocab)
    assert isinstance(plan, ListPlan) and plan.structure.kinds == (Kind.RECOMMENDATION,), plan.reasons


def test_a_level_named_in_quotes_is_no_request_for_recommendations(vocab):
    plan = understand("what does a 'request' of the Committee rest on?", vocab)
    assert plan.structure.kinds == ()


def test_everything_on_how_things_are_in_the_country_lists_observations_and_practices(vocab):
    plan = understand("How does Denmark support child victims in practice? List everything.", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.kinds == (Kind.OBSERVATION, Kind.PRACTICE), plan.reasons


def test_a_set_by_level_stays_one_of_recommendations_when_it_asks_how_things_are(vocab):
    plan = understand("Are there any requirements for all Parties in the investigations chapter? list them", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.kinds == () and plan.structure.levels, plan.reasons


def test_the_requires_are_the_require_level(vocab):
    plan = understand("list the requires addressed to Denmark, not the general ones", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.levels == (Level.REQUIRE,), plan.reasons


def test_why_a_chapters_topic_matters_is_what_its_introduction_says(vocab):
    plan = understand("Why is international cooperation so important according to the factsheet?", vocab)
    structure = plan.structure if isinstance(plan, ListPlan) else plan.boosts
    assert structure.kinds == (Kind.INTRO,) and "V" in structure.chapters, plan.reasons


@pytest.mark.parametrize(
    ("question", "levels"),
    [
        ("In chapter V, which recommendations are stronger than a mere invitation?", OBLIGATIONS),
        ("list the recommendations weaker than a request", (Level.INVITE,)),
    ],
)
def test_a_level_compared_with_another_names_the_levels_on_that_side(vocab, question, levels):
    plan = understand(question, vocab)
    assert isinstance(plan, ListPlan) and plan.structure.levels == levels, plan.reasons


def test_a_title_phrase_the_passages_repeat_is_not_their_own_use_of_its_words():
    title = "Promoting awareness of the risks faced by children sharing images"
    text = "It invites Parties to raise awareness of the risks faced by children sharing images, and of sharing."
    left = without_title_phrases(text, title)
    assert "faced by children" not in left and left.endswith("and of sharing.")
    # three title words in a row are the passage's own words
    assert without_title_phrases("some risks faced by adults", title) == "some risks faced by adults"


@pytest.mark.parametrize(
    ("word", "chapters"),
    [
        # the words of a long title that its chapter's passages only repeat with it route nowhere
        ("sharing", ()),
        ("faced", ()),
        # its own words still route there, as do a short title's words its passages use
        ("awareness", ("VIII",)),
        ("jurisdiction", ("IV",)),
    ],
)
def test_a_title_word_routes_where_its_chapter_uses_it_of_its_own(vocab, word, chapters):
    assert vocab.route(" ".join(lexical_tokens(word))).chapters == chapters


def test_a_set_on_a_long_titles_topic_in_its_own_words_is_its_whole_chapter(vocab):
    # the title's words in a topic phrase name the chapter's whole topic, not a part of its set
    plan = understand("list the recommendations on awareness raising about children sharing images", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.chapters == ("VIII",) and not plan.about


@pytest.mark.parametrize(
    ("question", "structure"),
    [
        ("is there a promising practice in chapter XI?", (("XI",), (), (Kind.PRACTICE,))),
        # a level beside the state cue asks for recommendations at that level, not observations at no level
        ("Is there anything Denmark is obliged to do in chapter V?", (("V",), OBLIGATIONS, (Kind.RECOMMENDATION,))),
        (
            "Is there anything Denmark is required to do in chapter V?",
            (("V",), (Level.REQUIRE,), (Kind.RECOMMENDATION,)),
        ),
    ],
)
def test_a_question_naming_only_a_chapter_and_a_kind_or_level_is_that_set(vocab, passages, question, structure):
    plan = understand(question, vocab)
    assert isinstance(plan, ListPlan), plan.reasons
    s = plan.structure
    chapters, levels, kinds = structure
    assert (s.chapters, s.levels) == (chapters, levels)
    assert {p.kind for p in passages if s.admits(p)} == set(kinds)  # (a level admits recommendations only)


def test_a_question_with_words_of_its_own_beside_a_chapter_and_a_kind_is_searched(vocab):
    plan = understand("is there an observation on helplines in chapter VII?", vocab)
    assert not isinstance(plan, ListPlan)
    # whether there is a practice is asked of the chapter's few practices, narrowed by those words
    plan = understand("is there a promising practice on helplines in chapter VII?", vocab)
    assert isinstance(plan, ListPlan) and plan.about == (("helplin",),)


@pytest.mark.parametrize(
    ("words", "chapters"),
    [
        # "cooperation" alone is both chapters' word; beside "civil society" the topic is civil society's chapter
        ("civil society cooperation", ("VII",)),
        ("cooperation", ("V", "VII")),
        # two chapters sharing a title word weigh the same: both stay
        ("education", ("IX", "X")),
    ],
)
def test_a_chapter_the_words_route_to_only_in_part_is_left_out(vocab, words, chapters):
    assert sorted(vocab.route(" ".join(lexical_tokens(words))).chapters) == sorted(chapters)


@pytest.mark.parametrize(
    ("words", "chapter"),
    [
        # a short title held whole is the chapter meant, unless the words hold more of another title
        ("education for children in schools", "IX"),
        ("higher education curricula and continuous training for people working with children", "X"),
        ("educating children about online sexual abuse", "IX"),
    ],
)
def test_the_chapter_whose_title_the_words_hold_most_of_is_meant(vocab, words, chapter):
    assert vocab.route(words).chapters[0] == chapter


def test_how_things_are_is_observed_and_practised_and_its_whole_set_is_the_observations(vocab):
    plan = understand("What does Denmark already have in place for investigations?", vocab)
    assert isinstance(plan, Search) and plan.boosts.kinds == (Kind.OBSERVATION, Kind.PRACTICE)
    plan = understand("What does Denmark already have in place for investigations? full list", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.kinds == (Kind.OBSERVATION,)


def test_an_articles_number_is_part_of_the_topic(vocab):
    plan = understand("Which passages mention Article 25 of the Convention?", vocab)
    assert isinstance(plan, ListPlan) and ("25",) in plan.topic
    # a number elsewhere is no topic word ("20 officers")
    assert all(not t[0].isdigit() for t in read("which passages say 20 officers?", vocab).topic.terms)


@pytest.mark.parametrize(
    "question", ["Where does the factsheet mention the age of 15?", "list every passage on children aged 15"]
)
def test_an_ages_number_is_part_of_the_topic(vocab, question):
    plan = understand(question, vocab)
    assert isinstance(plan, ListPlan) and ("15",) in plan.topic


def test_the_factsheets_pervasive_subject_does_not_keep_a_topic_from_being_its_chapters(vocab):
    # self-generated images and risks are in most chapters: beside "awareness campaigns" they name no other topic
    assert vocab.pervasive(("csgsiv",)) and not vocab.pervasive(("campaign",))
    plan = understand("What is recommended on campaigns raising awareness of the risks of sexting?", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.chapters == ("VIII",)
    assert plan.structure.kinds == (Kind.RECOMMENDATION,)


@pytest.mark.parametrize(("question", "ids"), [("ii-4", ("II-4",)), ("what does iv-5 say?", ("IV-5",)), ("mix-4", ())])
def test_an_id_typed_in_lower_case_is_looked_up(question, ids):
    assert parse_lookups(question).ids == ids


def test_what_a_quoted_level_rests_on_is_a_definition_of_the_factsheets_own_term(vocab):
    from lanzarote_qa.engine import _defines_own_term

    plan = understand("What is an 'invitation' based on?", vocab)
    assert any(r.rule == "definition:level-basis" for r in plan.reasons) and _defines_own_term(plan)


@pytest.mark.parametrize(
    ("question", "about"),
    [
        # named by a phrase, the concept is the set's topic, even inside a longer topic phrase
        ("Which recommendations are about working with states that have not joined the Convention?", [("non-parti",)]),
        # one of the parts a parenthesis or a list names is not
        ("Which observations on international cooperation (networks, training, victims reporting abroad)?", []),
        ("List the ways Denmark prosecutes the blackmail of a child for more images, sexual favours or cash", []),
    ],
)
def test_a_concept_names_the_sets_topic_unless_a_parenthesis_lists_it(vocab, question, about):
    plan = understand(question, vocab)
    assert isinstance(plan, ListPlan)
    assert [t for t in plan.about if t[0] in {"non-parti", "complaint-abroad", "sexual-favour"}] == about


@pytest.mark.parametrize(
    ("question", "chapters"),
    [
        ("List the country's recommendations in the chapters on schools and on training staff (IX and X)", ("IX", "X")),
        ("Which chapter talks about helplines (VI)?", ("VI",)),
        ("which requests in the chapter on the law (i.e. the strongest ones)?", ("II",)),
    ],
)
def test_chapter_numbers_in_a_parenthesis_after_the_chapters_name_them(vocab, question, chapters):
    assert read(question, vocab).topic.chapters == chapters


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Which recommendations involve parents?", (("parent",),)),
        ("Which recommendations are aimed at parents?", (("parent",),)),
    ],
)
def test_a_verb_relating_a_set_to_its_topic_is_no_topic_word(vocab, question, topic):
    plan = understand(question, vocab)
    assert isinstance(plan, ListPlan) and plan.topic == topic


def test_the_committees_findings_as_to_all_parties_are_the_passages_under_the_heading_naming_them(vocab, passages):
    plan = understand("Which problems has the Committee found in all the countries?", vocab)
    under = [p for p in passages if p.heading == plan.heading]  # type: ignore[union-attr]
    assert isinstance(plan, ListPlan) and "all Parties" in plan.heading and under
    assert all(p.kind is Kind.INTRO for p in under) and plan.structure.admits(under[0])


def test_practices_on_a_topic_are_a_set_even_when_the_topic_routes_nowhere(vocab):
    plan = understand("examples of good practice on online abuse training?", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.kinds == (Kind.PRACTICE,)
    assert not isinstance(understand("is there a good practice on helping victims?", vocab), ListPlan)


def test_a_scope_word_right_after_an_excluded_phrase_is_excluded_with_it(vocab):
    plan = understand("Which requests concern Denmark, excluding the ones addressed to all Parties generally?", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.sections == (Section.COUNTRY,)


def test_places_asked_for_are_no_topic_word(vocab):
    plan = understand("Where is INTERPOL mentioned in the factsheet? All places.", vocab)
    assert isinstance(plan, ListPlan) and plan.topic == (("interpol",),)


def test_what_a_search_contrasts_with_its_subject_is_not_its_topic(vocab):
    # "rather than more photos" is what the question is not about: its words neither route nor become the focus
    reading = read("What if the extortionist wants money rather than more photos of the victim?", vocab)
    stems = {s for term in reading.topic.terms for s in term}
    assert not stems & {"photo", "victim"}
    assert ("financial-gain",) in reading.topic.terms


def test_a_set_of_things_is_flagged_only_without_structure_named(vocab):
    assert understand("Which projects involve international cooperation?", vocab).some
    for q in ("Which recommendations concern international cooperation?", "List all projects on cooperation."):
        plan = understand(q, vocab)
        assert isinstance(plan, ListPlan) and not plan.some


def test_a_set_named_by_its_kind_leaves_out_all_it_names_without_a_set_word(vocab):
    # no "which" or "all": the kind names the set; what it leaves out runs past six words to the end of its clause
    plan = understand(
        "Good practices, leaving aside those of the investigation and international cooperation chapters?", vocab
    )
    assert isinstance(plan, ListPlan) and set(plan.without_chapters) == {"III", "V"} and not plan.structure.chapters
    plan = understand(
        "Denmark-specific invitations except the ones about specialised units or persons within the courts", vocab
    )
    assert isinstance(plan, ListPlan) and ("court", "judg") in plan.without and not plan.topic


def test_a_named_set_with_its_topic_left_out_is_the_rest_of_that_set(vocab):
    # no set word and nothing left to search by once the chapters are left out: the rest of the named set is listed
    plan = understand(
        "Tell me the generic recommendations apart from those in the jurisdiction and research chapters.", vocab
    )
    assert isinstance(plan, ListPlan) and set(plan.without_chapters) == {"IV", "XI"}
    assert plan.structure.sections == (Section.GENERIC,) and not plan.topic
    # a question with a topic of its own stays a search: "besides" sets aside what it already knows
    assert isinstance(understand("What should prosecutors learn about besides children's rights?", vocab), Search)


def test_outside_the_boxes_of_a_part_leaves_that_part_out(vocab):
    plan = understand("Outside the Denmark-specific boxes, which recommendations are invitations?", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.sections == (Section.GENERIC,)
    assert plan.structure.levels == (Level.INVITE,)


def test_the_country_or_parties_in_general_is_both_parts(vocab):
    plan = understand("List every invitation, whether it is aimed at Denmark or at Parties in general.", vocab)
    assert isinstance(plan, ListPlan) and set(plan.structure.sections) == {Section.COUNTRY, Section.GENERIC}


def test_words_saying_a_set_holds_for_anyone_are_no_topic(vocab):
    plan = understand("Give me every recommendation that calls for training of some sort, for any group.", vocab)
    assert isinstance(plan, ListPlan) and plan.topic == (("train",),)


def test_a_set_that_does_not_name_the_country_is_the_generic_part(vocab):
    plan = understand("Which invitations don't mention Denmark?", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.sections == (Section.GENERIC,)
    # a question opening with the contracted negation asks whether: nothing is excluded
    plan = understand("Isn't Denmark required to train judges?", vocab)
    assert Level.REQUIRE in plan.boosts.levels if isinstance(plan, Search) else Level.REQUIRE in plan.structure.levels


def test_a_topic_a_set_is_said_not_to_be_about_is_left_out(vocab):
    plan = understand("Which generic recommendations of the legal framework chapter are not about sextortion?", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.chapters == ("II",)
    assert any("extort" in t for t in plan.without) and not any("extort" in t for t in plan.topic)


def test_who_does_something_in_the_country_asks_how_things_are_and_stays_a_search_for_things(vocab):
    reading = read("Which bodies conduct cooperation projects in Denmark?", vocab)
    assert reading.cues["state"] is not None
    # the observations the state implies are not a kind named: some things asked about, not a chapter's whole set
    plan = understand("Which organisations conduct cooperation projects in Denmark, as the Committee reports?", vocab)
    assert isinstance(plan, ListPlan) and plan.some


def test_where_a_set_appears_is_no_topic_word(vocab):
    plan = understand("Which invitations appear in the generic parts of the factsheet?", vocab)
    assert isinstance(plan, ListPlan) and not plan.topic and plan.structure.sections == (Section.GENERIC,)


def test_what_is_recommended_to_a_part_on_a_short_topic_is_that_parts_set_on_it(vocab):
    plan = understand("What does the Committee recommend to all Parties on sextortion?", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.sections == (Section.GENERIC,)
    assert plan.structure.kinds == (Kind.RECOMMENDATION,) and plan.topic
    # no part named: the best-matching recommendations are searched, as a chapter has many
    assert isinstance(understand("What does the Committee recommend on sextortion?", vocab), Search)
    # a longer topic describes a situation: searched
    long = "What does the Committee recommend to all Parties when an offender threatens a child for money?"
    assert isinstance(understand(long, vocab), Search)


def test_whether_there_is_a_practice_on_a_chapters_topic_is_that_chapters_practices(vocab):
    plan = understand("Is there a promising practice on research?", vocab)
    assert isinstance(plan, ListPlan) and plan.structure.kinds == (Kind.PRACTICE,) and plan.structure.chapters
    # no topic routing to a chapter: the best matches are searched
    assert isinstance(understand("Is there a promising practice?", vocab), Search)


def test_a_level_word_leaves_the_questions_own_topic_in_the_lead(vocab):
    # the level boosts every requirement; the passages holding the question's topic are favoured among them
    plan = understand("Is Denmark required to do anything about its reservation on images?", vocab)
    assert isinstance(plan, Search) and Level.REQUIRE in plan.boosts.levels
    assert any("reserv" in term for term in plan.focus)
    # no level word: no topic focus beyond the concepts named
    plan = understand("What about Denmark's reservation on images?", vocab)
    assert isinstance(plan, Search) and not any("reserv" in term for term in plan.focus)
    # a follow-up gives its focus (what it newly asks): the topic it carried is not favoured
    carried = plan_of(read("Is Denmark required to do anything about its reservation on images?", vocab), focus=())
    assert isinstance(carried, Search) and not carried.focus


def test_why_a_topic_that_routes_nowhere_matters_is_flagged_for_its_best_matchs_introduction(vocab):
    plan = understand("why does the Committee focus on adults who look after kids?", vocab)
    assert isinstance(plan, Search) and plan.why
    assert not understand("what does the Committee say about adults who look after kids?", vocab).why


def test_the_conventions_articles_behind_a_chapters_topic_are_its_introduction(vocab):
    for question in (
        "Which articles of the Convention underpin awareness raising?",
        "On what legal basis does the Committee push awareness raising?",
    ):
        plan = understand(question, vocab)
        assert isinstance(plan, ListPlan) and plan.structure.kinds == (Kind.INTRO,), question
        assert len(plan.structure.chapters) == 1, question
    # with no chapter its words route to: a search the best match's chapter introduction leads
    plan = understand("On what legal basis does the Committee ask that?", vocab)
    assert isinstance(plan, Search) and plan.why and Kind.INTRO in plan.boosts.kinds


def test_the_opening_chapter_is_read_from_the_document(passages):
    """The chapter that is all introduction is the factsheet's opening, whatever it is numbered; the other chapters'
    introductions are theirs."""
    from dataclasses import replace

    from lanzarote_qa.vocabulary import introductions, opening_chapters

    assert opening_chapters(passages) == {"I"}
    assert "I" not in introductions(passages)
    renumbered = [replace(p, chapter="0") if p.chapter == "I" else p for p in passages]
    assert opening_chapters(renumbered) == {"0"}
    assert "0" not in introductions(renumbered) and introductions(renumbered) == introductions(passages)
    # a chapter's findings make it a chapter with an introduction, not an opening one
    assert all(c not in opening_chapters(passages) for c in introductions(passages))
    # what a follow-up goes on from reads it too: the vocabulary and each reading carry it
    vocab = Vocabulary.from_passages(renumbered, "Denmark")
    assert vocab.opening == {"0"} and read("what about helplines?", vocab).opening == {"0"}


@pytest.mark.parametrize(
    "question",
    ["Is anything on jurisdiction required of Denmark, not just requested?", "is there anything invited on research?"],
)
def test_whether_anything_is_at_a_level_is_the_set_that_answers_it(vocab, question):
    """ "Is anything … required?" asks whether any exist, as "are there any requirements …?" does: the set."""
    p = understand(question, vocab)
    assert isinstance(p, ListPlan) and len(p.structure.levels) == 1


@pytest.mark.parametrize(
    ("question", "only"),
    [
        ("Which bodies run cooperation projects in Denmark?", (Kind.OBSERVATION, Kind.PRACTICE)),
        ("which international bodies, networks and charities run awareness projects in Denmark?",
         (Kind.OBSERVATION, Kind.PRACTICE)),
        # what the country or the Parties are to do, whether anything is done, or a kind named: not only findings
        ("Which bodies should run cooperation projects in Denmark?", ()),
        ("Does any body run cooperation projects in Denmark?", ()),
        ("Which bodies run cooperation projects in Denmark, as the Committee requires?", ()),
        ("Which recommendations concern the bodies that run cooperation projects in Denmark?", ()),
    ],
)  # fmt: skip
def test_which_things_are_done_in_the_country_is_answered_by_its_findings_only(vocab, question, only):
    plan = understand(question, vocab)
    assert (plan.only if isinstance(plan, Search) else ()) == only


def test_who_asks_adds_no_topic_and_what_they_are_looking_at_stays_the_topic(vocab):
    question = "I'm an NGO researcher compiling a long dossier on online abuse. List every promising practice."
    plan = understand(question, vocab)
    assert isinstance(plan, ListPlan) and plan.structure.kinds == (Kind.PRACTICE,)
    assert not plan.structure.chapters  # "NGO researcher" routes to no chapter
    looking = read("I'm a lawyer looking at the reservation on Article 20 of the Convention. What is wrong?", vocab)
    assert any("reserv" in t for t in looking.topic.terms)


@pytest.mark.parametrize(
    ("question", "is_set"),
    [
        ("Does the Committee observe anything about helplines? List them all.", True),
        ("Did the Committee say something on helplines? Give me the full list", True),
        # the list cue inside the yes/no question's own sentence leaves it a yes/no question
        ("Does the factsheet list all the helplines in Denmark?", False),
        ("Is every recommendation on helplines binding?", False),
    ],
)  # fmt: skip
def test_a_list_asked_for_after_a_yes_no_question_asks_for_the_set(vocab, question, is_set):
    assert read(question, vocab).is_set is is_set
