"""Retrieval and query understanding on the real factsheet: structure on the fake engine, ranking on the real one."""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pytest

from lanzarote_qa.chunking import dense_texts, embed_text
from lanzarote_qa.lexicon import concepts
from lanzarote_qa.query import understand
from lanzarote_qa.retrieval import HybridRetriever, SearchText, lexical_tokens, rrf
from lanzarote_qa.search import NARROW_MIN, _share_held, _topic_stems_of
from lanzarote_qa.types import (
    Filters,
    Hit,
    Kind,
    Level,
    ListPlan,
    Mode,
    Passage,
    Search,
    SearchTerms,
    Section,
    Structure,
)

from .test_chunking import short_only


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


def test_a_paragraph_no_footnote_cites_is_found_where_the_text_mentions_it(fake_engine):
    for question in ("para 129 of the Explanatory Report", "what is paragraph 129 about?"):
        answer, _ = fake_engine.ask(question)
        assert not answer.abstained, question
        assert answer.hits and all("para 129" in h.passage.text for h in answer.hits)
    assert "No footnote cites" in fake_engine.ask("what is paragraph 129 about?")[0].lead


def test_look_ups_of_several_ids_show_exactly_those(fake_engine):
    answer, _ = fake_engine.ask("X-4 and X-5")
    assert [h.passage.recommendations for h in answer.hits] == [("X-4",), ("X-5", "X-6")]
    answer, _ = fake_engine.ask("§ 271")
    assert [271 in h.passage.paragraphs for h in answer.hits] == [True]


def test_a_search_answer_is_in_rank_order_with_levels_as_labels(fake_engine):
    answer, _ = fake_engine.ask("What does the Committee require about sexual extortion?")
    assert answer.mode is Mode.SEARCH and not answer.groups
    scores = [h.score for h in answer.hits]
    assert scores == sorted(scores, reverse=True)
    assert "the most relevant first" in answer.lead


@pytest.mark.parametrize(
    ("question", "admits"),
    [
        ("List all the promising practices in the factsheet", lambda p: p.section is Section.PRACTICE),
        ("all the generic recommendations of the research chapter",
         lambda p: p.chapter == "XI" and p.section is Section.GENERIC and p.kind is Kind.RECOMMENDATION),
        ("Everything Denmark must do", lambda p: p.level in (Level.REQUIRE, Level.REQUEST)),
        ("Everything Denmark is required to do", lambda p: p.level is Level.REQUIRE),
        # the chapter's own topic in a topic phrase: the whole chapter, not the passages repeating its words
        ("All the generic recommendations on international co-operation, please.",
         lambda p: p.chapter == "V" and p.section is Section.GENERIC and p.kind is Kind.RECOMMENDATION),
    ],
)  # fmt: skip
def test_a_list_is_the_whole_set_however_long(fake_engine, question, admits):
    answer, _ = fake_engine.ask(question)
    expected = {p.id for p in fake_engine.index.passages if admits(p)}
    assert answer.mode is Mode.LIST and {h.passage.id for h in answer.hits} == expected
    assert str(len(expected)) in answer.lead


def _naming(p: Passage, pattern: str) -> bool:
    return re.search(pattern, f"{p.heading} {p.text}", re.I) is not None


def test_everything_about_one_word_is_every_passage_naming_it_of_every_kind(fake_engine):
    # the kinds named after the topic phrase describe "everything"; they do not narrow it
    answer, _ = fake_engine.ask("Everything the factsheet says about sextortion - observations, recommendations, etc.")
    expected = {p.id for p in fake_engine.index.passages if _naming(p, r"extort|coerc|threat")}
    assert answer.mode is Mode.LIST and {h.passage.id for h in answer.hits} == expected
    assert {h.passage.kind for h in answer.hits} - {Kind.RECOMMENDATION, Kind.OBSERVATION}


def test_a_synonym_two_topic_words_share_does_not_make_a_passage_part_of_the_set(fake_engine):
    # "teaching" and "online" both expand to "information": a passage writing only that is neither
    answer, _ = fake_engine.ask("all passages on teaching children about online sexual abuse")
    only_shared = [
        h.passage.id
        for h in answer.hits
        if not _naming(h.passage, r"teach|educat|school|online|technolog|communicat") and _naming(h.passage, "inform")
    ]
    # (a search, which ranks by meaning, may show one among its best; the set held most of them)
    assert answer.hits and len(only_shared) <= 1, only_shared
    assert _share_held(frozenset({"inform"}), (("teach", "inform"), ("onlin", "inform"))) == 0
    assert _share_held(frozenset({"teach", "inform"}), (("teach", "inform"), ("onlin", "inform"))) == 0.5
    assert _share_held(frozenset({"court"}), (("judg", "court"), ("court", "judg"))) == 1  # one meaning, twice


def test_a_set_that_is_empty_at_the_level_asked_shows_the_other_levels_narrowed_by_its_topic(fake_engine):
    answer, _ = fake_engine.ask(
        "which generic recommendations in the legal framework chapter on extortion are requirements?"
    )
    generic = [p for p in fake_engine.index.passages if p.chapter == "II" and p.section is Section.GENERIC]
    assert any(n.rule == "list:none" for n in answer.notes)
    assert answer.hits and all(_naming(h.passage, "extort") for h in answer.hits)
    assert len(answer.hits) < len([p for p in generic if p.level])


def test_a_heading_whose_words_read_as_a_kind_or_scope_its_passages_are_not_is_still_its_set(fake_engine):
    # "findings" reads as observations and "all Parties" as the generic part; the key findings are introduction
    answer, _ = fake_engine.ask("Give me every key finding: the concerns the Committee found for all Parties.")
    heading = "Key findings of the implementation report as to all Parties"
    under = {p.id for p in fake_engine.index.passages if p.heading == heading}
    assert under and {h.passage.id for h in answer.hits} == under


def _holders_first(passages: list[Passage], stems: set[str]) -> list[Hit]:
    holding = [p for p in passages if _topic_stems_of(p) & stems]
    return [Hit(p, 1.0) for p in (*holding, *(p for p in passages if p not in holding))]


def test_words_each_held_by_one_passage_narrow_a_chapters_set_to_those_passages_together(fake_engine):
    searcher = fake_engine.searchers["hybrid"]
    chapter = [p for p in fake_engine.index.passages if p.chapter == "VIII" and p.kind is Kind.RECOMMENDATION]
    topic = (("disabl",), ("peer",))
    pool = _holders_first(chapter, {"disabl", "peer"})
    kept, notes = searcher._narrowed(pool, topic)
    assert [h.passage.id for h in kept] == [h.passage.id for h in pool[:2]] and notes
    # not when they are not the best-ranked part: relevance and the words disagree
    assert searcher._narrowed([*pool[2:], *pool[:2]], topic)[0] == [*pool[2:], *pool[:2]]
    # nor by a word of the chapter's title, which names the whole of it ("observations on the legal framework")
    observations = [p for p in fake_engine.index.passages if p.chapter == "II" and p.kind is Kind.OBSERVATION]
    pool = _holders_first(observations, {"framework", "reserv"})
    assert searcher._narrowed(pool, (("framework",), ("reserv",)))[0] == pool


_OUTSIDERS = r"non-Parties|not Parties|third States"


@pytest.mark.parametrize(
    ("question", "naming"),
    [
        (
            "List the recommendations on working together with states that have not ratified the Lanzarote Convention",
            _OUTSIDERS,
        ),
        ("which recommendations concern cooperation with non-party countries?", _OUTSIDERS),
        (
            "every recommendation on giving kids a say in the policies and programmes that concern them",
            r"participation of children|involve children|by their peers",
        ),
    ],
)
def test_a_set_naming_a_concept_by_a_phrase_is_the_passages_naming_it(engine, question, naming):
    # not every recommendation of the chapters its words route to: those on the concept, however it is named
    answer, _ = engine.ask(question)
    expected = {p.id for p in engine.index.passages if p.kind is Kind.RECOMMENDATION and _naming(p, naming)}
    assert len(expected) >= 2 and answer.mode is Mode.LIST
    assert {h.passage.id for h in answer.hits} == expected


def test_a_concept_named_by_a_phrase_leads_a_search(engine):
    # the factsheet writes "committed against one of its nationals"; the user writes of the victim
    answer, _ = engine.ask("Does Denmark have jurisdiction over an offence abroad if the victim is a Danish citizen?")
    assert re.search(r"against (?:one of its|a) nationals?|passive personality", answer.hits[0].passage.text)


@pytest.mark.parametrize(
    "question",
    [
        "Did Denmark fail to share information with the Committee anywhere?",
        "Tell me where Denmark didn't give data to the Committee",
    ],
)
def test_a_search_naming_a_concept_few_passages_name_shows_them_all(engine, question):
    # a boost alone left one of them below passages sharing only the question's words
    stems = {stem for *_, stem in concepts(question)}
    naming = {p.id for p in engine.index.passages if stems & {stem for *_, stem in concepts(p.text)}}
    answer, _ = engine.ask(question)
    assert answer.mode is Mode.SEARCH and 2 <= len(naming) <= len(answer.hits)
    assert naming <= {h.passage.id for h in answer.hits}
    scores = [h.score for h in answer.hits]
    assert scores == sorted(scores, reverse=True)  # shown in rank order, not moved to the front


def test_a_victim_abroad_asking_where_to_report_gets_the_rule_on_reporting_abroad(engine):
    answer, _ = engine.ask("My son was exploited during a school trip to another country. Where should he complain?")
    assert re.search(r"report the crime in the country|complaint before the competent", answer.hits[0].passage.text)


def test_education_before_the_criminal_law_finds_the_recommendation_that_makes_it_a_priority(engine):
    answer, _ = engine.ask("For teens exploring their sexuality, should education go first, before the criminal law?")
    assert "as a priority educational" in answer.hits[0].passage.text


def test_a_child_as_offender_finds_the_units_for_offences_committed_by_children(engine):
    answer, _ = engine.ask("Who handles the investigation when the offenders are teenagers themselves?")
    assert "committed by children" in answer.hits[0].passage.text


def test_what_makes_convicting_hard_finds_the_challenge_the_country_reported(engine):
    answer, _ = engine.ask("According to Denmark, what is the main hurdle to convicting these offenders?")
    assert "challenges of successful prosecution" in answer.hits[0].passage.text


def test_a_definition_of_csam_in_the_law_finds_the_passages_on_its_legal_definition(engine):
    answer, _ = engine.ask("Should the CSAM definition be put into Danish legislation?")
    assert re.search(r"legislative definition|definition of .child sexual abuse material. in its legal framework",
                     answer.hits[0].passage.text)  # fmt: skip


def test_the_main_players_in_prevention_are_the_most_involved_counterparts(engine):
    answer, _ = engine.ask("Which are the key stakeholders for prevention and support to victims in Denmark?")
    assert "most involved counterparts" in answer.hits[0].passage.text


def test_sextortion_for_money_leads_with_the_case_of_a_financial_gain(engine):
    answer, _ = engine.ask("A Danish girl is blackmailed with her photos and he demands cash. Which offences apply?")
    first = answer.hits[0].passage
    assert first.kind is Kind.OBSERVATION and "financial gain" in first.text


def test_chapters_named_by_number_and_title_are_their_whole_set(fake_engine):
    # the title words restate the chapters named: they do not narrow their set to the passages naming "training"
    question = "List the Denmark-specific recommendations in the chapters on schools and training (IX and X)"
    answer, _ = fake_engine.ask(question)
    expected = {
        p.id
        for p in fake_engine.index.passages
        if p.chapter in ("IX", "X") and p.section is Section.COUNTRY and p.kind is Kind.RECOMMENDATION
    }
    assert len(expected) > 3 and {h.passage.id for h in answer.hits} == expected


def test_one_word_beside_a_chapter_narrows_that_chapters_set_to_the_passages_naming_it(fake_engine):
    answer, _ = fake_engine.ask("In the legal framework chapter, list everything on sextortion and what's recommended")
    expected = {p.id for p in fake_engine.index.passages if p.chapter == "II" and _naming(p, r"extort|coerc|threat")}
    assert {h.passage.id for h in answer.hits} == expected
    assert {h.passage.kind for h in answer.hits} == {Kind.RECOMMENDATION, Kind.OBSERVATION}


def test_a_chapter_named_by_a_hyphenated_compound_of_its_title_word_is_its_whole_set(fake_engine):
    # "awareness-raising" is chapter VIII's title word "awareness": it restates the chapter, it does not narrow it
    answer, _ = fake_engine.ask("What are the generic recommendations on awareness-raising? all of them")
    expected = {
        p.id
        for p in fake_engine.index.passages
        if p.chapter == "VIII" and p.section is Section.GENERIC and p.kind is Kind.RECOMMENDATION
    }
    assert len(expected) > 5 and {h.passage.id for h in answer.hits} == expected


@pytest.mark.parametrize(
    ("question", "left_out"),
    [
        # left out by the topic of a chapter: that chapter's practices
        ("Give me all promising practices except the ones about investigations and prosecution.", r"^III-"),
        # left out by a thing named: the passages naming it
        ("Which promising practices concern the Danish police - leave out the international taskforce.", "taskforce"),
    ],
)
def test_a_list_leaves_out_what_the_question_excludes_by_its_topic(fake_engine, question, left_out):
    answer, _ = fake_engine.ask(question)
    shown = [h.passage for h in answer.hits]
    assert shown and all(p.kind is Kind.PRACTICE for p in shown)
    assert not [p.id for p in shown if re.search(left_out, p.id) or re.search(left_out, p.text, re.I)]


def test_a_topic_word_finds_the_passages_writing_another_word_of_its_family(fake_engine):
    answer, _ = fake_engine.ask("Everything about identifying child victims in the factsheet?")
    shown = [h.passage for h in answer.hits]
    assert any("identification" in p.text.lower() and "identifying" not in p.text.lower() for p in shown)
    assert any("identifying" in p.text.lower() for p in shown)


def test_a_concept_a_set_question_names_is_its_set_in_every_chapter_not_the_routed_one(fake_engine):
    # "awareness" would route to chapter VIII alone; the concept is named in other chapters too
    question = "Which recommendations want children themselves to be involved, e.g. in designing awareness programmes?"
    stems = {stem for *_, stem in concepts(question)}
    naming = {p.id for p in fake_engine.index.passages if stems & {stem for *_, stem in concepts(p.text)}}
    answer, _ = fake_engine.ask(question)
    shown = {h.passage.id for h in answer.hits}
    assert stems and len({h.passage.chapter for h in answer.hits}) > 1 and shown <= naming


def _invitations(passages, chapter, sections):
    return {p.id for p in passages if p.chapter == chapter and p.level is Level.INVITE and p.section in sections}


def test_what_the_country_is_invited_to_do_is_its_own_part_unless_that_holds_one_passage_or_none(fake_engine):
    passages = fake_engine.index.passages
    answer, _ = fake_engine.ask("In the investigations and prosecution chapter, what is Denmark merely invited to do?")
    own = _invitations(passages, "III", (Section.COUNTRY,))
    assert len(own) > 1 and {h.passage.id for h in answer.hits} == own
    # the research chapter names the country in one invitation: the invitations to all Parties are its too
    answer, _ = fake_engine.ask("In the research chapter, what is Denmark invited to do? all of it")
    assert len(_invitations(passages, "XI", (Section.COUNTRY,))) <= 1
    assert {h.passage.id for h in answer.hits} == _invitations(passages, "XI", (Section.COUNTRY, Section.GENERIC))


def test_a_thing_left_out_that_most_of_the_set_names_leaves_the_set_whole(fake_engine):
    answer, _ = fake_engine.ask("Which promising practices in chapter III are there apart from the unit?")
    assert {h.passage.id for h in answer.hits} == {
        p.id for p in fake_engine.index.passages if p.chapter == "III" and p.kind is Kind.PRACTICE
    }


@pytest.mark.parametrize(
    ("earlier", "question"),
    [
        ("", "list the key findings"),
        ("", "What are the key findings of the report?"),
        # a scope beside the introduction's heading restates it: the introduction has no generic part
        ("", "What were the key findings as to all the Parties?"),
        # the heading names its own chapter, not the one the earlier question was about
        ("what does the factsheet say about data collection on self-generated images?", "what were the key findings?"),
    ],
)
def test_a_set_named_by_a_heading_of_the_factsheet_is_the_passages_under_it(fake_engine, earlier, question):
    heading = next(p.heading for p in fake_engine.index.passages if p.heading.lower().startswith("key findings"))
    answer, _ = fake_engine.ask(question, fake_engine.replay([earlier] if earlier else []))
    assert {h.passage.id for h in answer.hits} == {p.id for p in fake_engine.index.passages if p.heading == heading}


@pytest.mark.parametrize(
    "question", ["why does research matter so much to the Committee?", "why does educating children matter?"]
)
def test_a_why_question_leads_with_an_introduction(fake_engine, question):
    # the chapter's own, unless the best match is an introduction already
    answer, _ = fake_engine.ask(question)
    assert answer.hits[0].passage.kind is Kind.INTRO


def test_a_scope_a_chapter_lacks_is_said_to_be_empty_with_what_there_is(fake_engine):
    assert not any(p.chapter == "IV" and p.section is Section.GENERIC for p in fake_engine.index.passages)
    answer, _ = fake_engine.ask("Which jurisdiction recommendations are generic?")
    assert answer.hits and all(h.passage.chapter == "IV" and h.passage.level for h in answer.hits)
    assert answer.lead.startswith("None of the") and "addressed to all Parties" in answer.lead


def test_a_mixed_list_is_grouped_by_level_strongest_first(fake_engine):
    answer, _ = fake_engine.ask("what is compulsory and what is only an invitation in the education chapter?")
    titles = [t for t, _ in answer.groups]
    assert titles == ["Requires", "Invites"]
    assert {h.passage.chapter for h in answer.hits} == {"IX"}
    assert [h.passage.id for h in answer.hits] == [h.passage.id for _, g in answer.groups for h in g]


def test_a_footnote_looked_up_is_the_passages_it_is_attached_to(fake_engine):
    passages = fake_engine.index.passages
    note = next(n for p in passages if p.recommendations for n in p.footnotes)
    answer, _ = fake_engine.ask(f"Which recommendations does footnote {note} refer to?")
    assert {h.passage.id for h in answer.hits} == {p.id for p in passages if note in p.footnotes}
    absent = max(n for p in passages for n in p.footnotes) + 100
    answer, _ = fake_engine.ask(f"what does footnote {absent} say?")
    assert not answer.hits and f"Footnote {absent} is not in this factsheet" in answer.lead


def test_an_id_the_factsheet_lacks_is_said_so_with_the_nearest(fake_engine):
    answer, _ = fake_engine.ask("What does recommendation II-8 say?")
    assert answer.abstained
    assert "not in this factsheet" in answer.lead and "II-7" in answer.lead and "II-9" in answer.lead


@pytest.mark.parametrize("mode", ["dense", "lexical", "hybrid"])
def test_every_retriever_ranks_distinct_passages_by_score(engine, mode):
    query = SearchText.plain("specialised training for judges and prosecutors")
    hits = engine.searchers[mode].retriever.search(query, 8)
    assert 0 < len(hits) <= 8
    assert len({h.passage.id for h in hits}) == len(hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert any("judges" in h.passage.text for h in hits[:3])
    again = engine.searchers[mode].retriever.search(query, 8)
    assert [h.passage.id for h in again] == [h.passage.id for h in hits]


def test_the_dense_model_finds_a_passage_that_writes_only_an_acronym_by_its_long_form(engine):
    """A user who never saw "CSGSIV" writes the words: the passage is nearer them with the acronym spelled out."""
    passages = engine.index.passages
    found = short_only(passages)
    queries = []
    for p, acr, long in found:
        sentence = next(s for s in re.split(r"(?<=\.) ", p.text) if re.search(rf"\b{acr}s?\b", s, re.I))
        before = sentence[: re.search(rf"\b{acr}s?\b", sentence, re.I).start()]
        queries.append(" ".join(before.split()[-4:]) + f" {long}")
    rows = [i for i, p in enumerate(passages) for f, _, _ in found if f.id == p.id]
    texts = dense_texts(passages)  # the acronyms are learned from the whole document
    q = engine.embedder.encode(queries)
    spelled = (q * engine.embedder.encode([texts[i] for i in rows])).sum(axis=1)
    plain = (q * engine.embedder.encode([embed_text(p) for p, _, _ in found])).sum(axis=1)
    assert (spelled > plain).sum() >= len(found) * 2 // 3
    stored = np.stack([engine.index.vectors.reconstruct(i) for i in rows])  # what the index holds is that
    assert np.allclose(stored, engine.embedder.encode([texts[i] for i in rows]), atol=1e-4)


def _p(pid: str) -> Passage:
    return Passage(pid, "x", "e", "I", "t", Section.INTRO, "", None, Kind.INTRO, pid, (), (), (), 1, 1)


class _Ranked:
    """A retriever that returns a fixed ranking."""

    def __init__(self, hits):
        self.hits = hits

    def search(self, query, k):
        return self.hits[:k]


@pytest.mark.parametrize(("second", "leads"), [(2.0, "c"), (4.0, "b")])
def test_a_decisive_lexical_match_leads_the_fused_ranking(second, leads):
    a, b, c = _p("a"), _p("b"), _p("c")
    dense = _Ranked([Hit(b, 0.9), Hit(a, 0.8), Hit(c, 0.1)])
    lexical = _Ranked([Hit(c, 5.0), Hit(b, second), Hit(a, 1.0)])
    hybrid = HybridRetriever(dense, lexical, depth=3, lexical_weight=1.0, decisive=2.0)  # type: ignore[arg-type]
    # c scores 2.5 times b in BM25: it leads although the dense ranking puts it last; at 1.25 times, fusion decides
    assert hybrid.search(SearchText("q", "q"), 3)[0].passage.id == leads


def test_a_rare_phrase_only_one_passage_holds_leads_the_answer(engine):
    answer, _ = engine.ask("Is there a recommendation on written sexual messages children write?")
    assert "non-visual" in answer.hits[0].passage.text


def test_reciprocal_rank_fusion_rewards_agreement():
    a, b, c = _p("a"), _p("b"), _p("c")
    fused = rrf([[Hit(a, 9), Hit(b, 8)], [Hit(b, 1), Hit(c, 0.5)]], k=3, rrf_k=60)
    assert [h.passage.id for h in fused] == ["b", "a", "c"]
    assert fused[0].score == pytest.approx(1 / 62 + 1 / 61)


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


def test_an_empty_set_is_said_to_be_empty_with_what_there_is(fake_engine):
    answer, _ = fake_engine.ask("Which jurisdiction recommendations are invitations rather than requests?")
    assert answer.lead.startswith("None of the 3 Denmark-specific recommendations on jurisdiction rules is invited")
    assert not answer.abstained and {h.passage.chapter for h in answer.hits} == {"IV"}


def test_a_token_budget_fills_with_passages_in_rank_order(fake_engine):
    from lanzarote_qa.embedding import context_tokens

    count = context_tokens()
    person, _ = fake_engine.ask("training for judges and prosecutors")
    api, _ = fake_engine.ask("training for judges and prosecutors", budget=600)
    texts = [h.passage.text for h in api.hits]
    assert len(api.hits) > len(person.hits)  # beyond what a person reads
    assert (sum(count(t) for t in texts) <= 600 and sum(count(t) for t in texts) + 200 > 600) or len(texts) == 1
    assert [h.passage.id for h in api.hits][: len(person.hits)] == [h.passage.id for h in person.hits]
    tiny, _ = fake_engine.ask("training for judges and prosecutors", budget=1)
    assert len(tiny.hits) == 1 and "fit the budget of 1 tokens" in tiny.lead


def test_budget_out_of_range_is_a_usage_error(capsys):
    from lanzarote_qa.cli import main

    assert main(["ask", "--json", "--budget", "0", "q"]) == 2
    assert "--budget must be between" in capsys.readouterr().err


def test_filters_that_leave_out_everything_relevant_say_so(fake_engine):
    answer, _ = fake_engine.ask("jurisdiction over offences committed abroad", filters=Filters.of("XI"))
    assert answer.hits == () and answer.lead.startswith("Nothing within these filters")
    inside, _ = fake_engine.ask("jurisdiction over offences committed abroad", filters=Filters.of("IV"))
    assert inside.hits and all(h.passage.chapter == "IV" for h in inside.hits)


def test_a_question_on_what_the_levels_of_urgency_are_is_answered_by_the_passages_defining_them(engine):
    answer, _ = engine.ask("What are the levels of urgency?")
    assert not answer.abstained and answer.hits[0].passage.kind is Kind.INTRO


def test_a_passage_led_for_two_reasons_is_shown_once(fake_engine):
    searcher = fake_engine.searchers["hybrid"]
    study = next(p for p in searcher.passages if "launched a study" in p.text)
    terms = SearchTerms("who did that study", "who did that study", "who did that study")
    plan = Search(question="who did that study", terms=terms, leads=(study.id,), referent=("studi",))
    result = searcher.execute(plan)
    ids = [h.passage.id for h in result.hits]
    assert study.id in ids[:2] and len(ids) == len(set(ids))


@pytest.mark.parametrize(
    "question",
    [
        "Must Denmark make children's rights training mandatory for people who work with kids?",
        "Is Denmark obliged to define child sexual abuse material in law?",
    ],
)
def test_whether_the_country_must_do_something_leads_with_a_recommendation(engine, question):
    answer, _ = engine.ask(question)
    assert not answer.abstained and answer.hits[0].passage.kind is Kind.RECOMMENDATION


def test_a_question_on_what_the_country_has_done_leads_with_its_own_part_not_the_invitation_to_all(engine):
    answer, _ = engine.ask("What research on self-generated sexual images has Denmark conducted?")
    first = answer.hits[0].passage
    assert first.kind is Kind.OBSERVATION and first.section is Section.COUNTRY


def test_every_mention_of_a_name_is_the_set_of_passages_naming_it(engine):
    answer, _ = engine.ask("Where does the factsheet refer to the Explanatory Report? List every mention.")
    naming = {p.id for p in engine.index.passages if "explanatory report" in p.text.lower()}
    assert len(naming) >= 2 and {h.passage.id for h in answer.hits} == naming


def _pool(engine, admits, first: str) -> list[Hit]:
    """A set of the real factsheet ranked with the passages matching `first` on top, as a search would."""
    ps = [p for p in engine.index.passages if admits(p)]
    ranked = sorted(ps, key=lambda p: not _naming(p, first))
    return [Hit(p, 1.0 / (i + 1)) for i, p in enumerate(ranked)]


def _observations(chapter: str):
    return lambda p: p.chapter == chapter and p.kind is Kind.OBSERVATION


@pytest.mark.parametrize(
    ("admits", "first", "topic", "kept"),
    [
        # a minority of the set holds the word and the best matches all do: that part is the set
        (_observations("II"), r"extort|coerc|threat", (("sextort", "extort", "coercion", "threat"), ("scenario",)),
         r"extort|coerc|threat"),
        # a word beside it that one of the best matches holds joins it ("parents and the general public")
        (lambda p: p.chapter == "VIII" and p.kind is Kind.RECOMMENDATION, r"parent|general public",
         (("parent",), ("public",)), r"parent|public"),
        # a rare word all of whose few uses sit in the chapter names a part of it, not the chapter
        (lambda p: p.chapter == "III" and p.kind is Kind.RECOMMENDATION, r"delay", (("delay",),), r"delay"),
    ],
)  # fmt: skip
def test_a_chapters_set_is_cut_to_the_part_its_topic_words_pick_out(fake_engine, admits, first, topic, kept):
    pool = _pool(fake_engine, admits, first)
    narrowed, notes = fake_engine.searchers["hybrid"]._narrowed(pool, topic)
    assert {h.passage.id for h in narrowed} == {h.passage.id for h in pool if _naming(h.passage, kept)}
    assert 2 <= len(narrowed) < len(pool) and narrowed[0] == pool[0]
    assert [n.rule for n in notes] == ["list:narrowed"]


@pytest.mark.parametrize(
    ("admits", "first", "topic"),
    [
        # the best matches do not all hold the word: relevance and the word disagree, the set stays whole
        (_observations("II"), r"^(?!.*(extort|coerc|threat))", (("sextort", "extort", "coercion", "threat"),)),
        # the chapter's own word (most of its uses are there) names the chapter, not a part of it
        (_observations("III"), r"police", (("polic",),)),
        # ... and so does a word that runs through the chapter ("units": 12 of its 28 passages, all of its uses)
        (_observations("III"), r"\bunits?\b", (("unit",),)),
        # a word only one passage holds makes no list
        (_observations("II"), r"pornographic performances", (("perform",),)),
    ],
)  # fmt: skip
def test_a_chapters_set_stays_whole_when_no_word_picks_out_a_part(fake_engine, admits, first, topic):
    pool = _pool(fake_engine, admits, first)
    assert fake_engine.searchers["hybrid"]._narrowed(pool, topic) == (pool, ())


def test_a_set_too_short_to_cut_stays_whole(fake_engine):
    ranked = _pool(fake_engine, _observations("II"), r"extort|coerc|threat")
    holding = [h for h in ranked if _naming(h.passage, r"extort|coerc|threat")]
    pool = holding[:2] + [h for h in ranked if h not in holding][: NARROW_MIN - 3]
    topic = (("sextort", "extort", "coercion", "threat"),)
    assert fake_engine.searchers["hybrid"]._narrowed(pool, topic) == (pool, ())


def test_all_the_scenarios_of_one_offence_are_its_observations_not_the_chapters(engine):
    answer, _ = engine.ask("How does Denmark prosecute sexual extortion of a child? Give me every scenario.")
    assert answer.mode is Mode.LIST and len(answer.hits) >= 3
    assert all(h.passage.chapter == "II" and _naming(h.passage, r"extort|coerc|threat") for h in answer.hits)
    chapter = [p for p in engine.index.passages if p.chapter == "II" and p.kind is Kind.OBSERVATION]
    assert len(answer.hits) < len(chapter)


def test_a_question_on_volunteers_leads_with_the_passage_on_work_on_a_voluntary_basis(engine):
    answer, _ = engine.ask("Do people who volunteer with children need training as well?")
    assert "voluntary basis" in answer.hits[0].passage.text


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("In which respects did Denmark fail to submit information?", "information-gap"),
        ("Which topics did Denmark not report on, or lacked data on?", "information-gap"),
        ("In which areas is Denmark one of a minority of Parties?", "minority-of-Parties"),
    ],
)
def test_a_set_question_naming_a_concept_lists_the_passages_naming_it(fake_engine, question, concept):
    stem = lexical_tokens(concept)[0]
    naming = {p.id for p in fake_engine.index.passages if stem in {c[2] for c in concepts(p.text)}}
    answer, _ = fake_engine.ask(question)
    assert len(naming) >= 2 and answer.mode is Mode.LIST and {h.passage.id for h in answer.hits} == naming


def test_a_set_of_one_topic_word_is_the_passages_holding_it_however_the_rest_ranks(fake_engine):
    answer, _ = fake_engine.ask("In which promising practices does INTERPOL take part? give all")
    naming = {p.id for p in fake_engine.index.passages if p.kind is Kind.PRACTICE and "INTERPOL" in p.text}
    assert naming and {h.passage.id for h in answer.hits} == naming


def test_a_set_listing_several_concepts_is_all_of_their_passages_not_the_first_ones(fake_engine):
    # "more pictures, other sexual favours, money": the first item is listed like the others, not the set's topic
    question = "List every observation on the cases: extra nude photos, sexual acts or for cash. All of them."
    stems = {stem for *_, stem in concepts(question)}
    answer, _ = fake_engine.ask(question)
    naming = {
        p.id
        for p in fake_engine.index.passages
        if p.kind is Kind.OBSERVATION and stems & {stem for *_, stem in concepts(p.text)}
    }
    assert len(stems) == 3 and len(naming) >= 3 and answer.mode is Mode.LIST
    assert naming <= {h.passage.id for h in answer.hits}


def test_which_things_a_routed_chapter_holds_is_searched_when_the_topic_cuts_none_of_its_set(engine):
    # "which projects …" names no level, scope, kind or chapter; its words route to the cooperation chapter, whose
    # 17 passages they all fit: the few passages naming the projects answer it, not the chapter's whole set
    answer, _ = engine.ask("Which projects involve international cooperation?")
    assert isinstance(answer.plan, Search) and "list:things" in {n.rule for n in answer.notes}
    assert 0 < len(answer.hits) <= engine.settings.top_k
    # a whole set asked for ("list all …") stays the chapter's
    answer, _ = engine.ask("List all passages on international cooperation.")
    assert len(answer.hits) > engine.settings.top_k


def test_everything_on_the_words_for_the_material_is_the_passages_naming_them(engine):
    # the terminology of CSAM, "child pornography" and the law's lack of a definition are one topic across the
    # chapter's parts: its set is the passages naming it, not every passage holding "material"
    answer, _ = engine.ask("List everything on the term 'child pornography' and what to call it instead.")
    naming = {p.id for p in engine.index.passages if ("terminolog",) in {(c[2],) for c in concepts(p.text)}}
    assert len(naming) >= 3 and {h.passage.id for h in answer.hits} == naming


def test_recommendations_on_children_being_charged_are_the_passages_naming_it(engine):
    # said in the factsheet's commonest words ("children", "prosecuted"), the topic is the concept of children
    # themselves prosecuted: the country's recommendations naming it, not the country's whole part
    answer, _ = engine.ask("Which recommendations to Denmark are about kids getting charged over their own photos?")
    naming = {
        p.id
        for p in engine.index.passages
        if p.kind is Kind.RECOMMENDATION
        and p.section is Section.COUNTRY
        and ("children-prosecut",) in {(c[2],) for c in concepts(p.text)}
    }
    assert len(naming) >= 2 and {h.passage.id for h in answer.hits} == naming


class _Fixed:
    """A retriever ranking passages in a given order."""

    name = "fixed"

    def __init__(self, order: list[Passage]) -> None:
        self.order = order

    def search(self, query: SearchText, k: int) -> list[Hit]:
        return [Hit(p, 1.0 / (i + 1)) for i, p in enumerate(self.order[:k])]


def test_why_a_topic_routed_nowhere_matters_is_led_by_the_best_matchs_chapter_introduction(fake_engine):
    searcher = fake_engine.searchers["hybrid"]
    best = next(p for p in searcher.passages if p.kind is Kind.RECOMMENDATION and p.chapter != "I")
    intro = next(p for p in searcher.passages if p.kind is Kind.INTRO and p.chapter == best.chapter)
    others = [p for p in searcher.passages if p not in (best, intro)]
    fixed = replace(searcher, retriever=_Fixed([best, *others, intro]), dense=None)
    terms = SearchTerms("why focus on them", "why focus on them", "why focus on them")
    asked = Search(question="why focus on them", terms=terms, why=True)
    assert [h.passage.id for h in fixed.execute(asked).hits[:2]] == [intro.id, best.id]
    # not asked why: the best match leads
    assert fixed.execute(replace(asked, why=False)).hits[0].passage.id == best.id
    # the best match in the factsheet's opening chapter: its introduction speaks of every topic, none is put first
    opening = next(p for p in searcher.passages if p.chapter == "I" and p.kind is Kind.INTRO)
    rest = [p for p in searcher.passages if p is not opening]
    fixed = replace(searcher, retriever=_Fixed([opening, *rest]), dense=None)
    assert fixed.execute(asked).hits[0].passage.id == opening.id


def test_a_widened_set_is_led_by_the_one_addressed_to_the_country(fake_engine):
    # "what is Denmark asked to do on X?" where one recommendation of the chapter names it: all Parties' are its
    # too, and the one naming it leads
    searcher = fake_engine.searchers["hybrid"]
    recs = [p for p in searcher.passages if p.kind is Kind.RECOMMENDATION]
    chapter = next(
        c
        for c in dict.fromkeys(p.chapter for p in recs)
        if sum(p.chapter == c and p.section is Section.COUNTRY for p in recs) == 1
        and sum(p.chapter == c and p.section is Section.GENERIC for p in recs) >= 2
    )
    terms = SearchTerms("what is the country asked to do", "what is the country asked to do", "")
    structure = Structure(chapters=(chapter,), sections=(Section.COUNTRY,), kinds=(Kind.RECOMMENDATION,))
    plan = ListPlan(question="what is the country asked to do", terms=terms, structure=structure, widen=True)
    result = searcher.execute(plan)
    ids = [h.passage.id for h in result.hits]
    own = next(p.id for p in recs if p.chapter == chapter and p.section is Section.COUNTRY)
    generic = {p.id for p in recs if p.chapter == chapter and p.section is Section.GENERIC}
    assert ids[0] == own and set(ids[1:]) == generic and len(ids) == len(set(ids))
    assert any(n.rule == "list:widened" for n in result.notes)


def test_which_bodies_do_something_in_the_country_shows_the_findings_naming_them_and_no_request(engine):
    answer, _ = engine.ask("Which bodies run cooperation projects in Denmark?")
    assert "INHOPE" in answer.hits[0].passage.text
    # what the Committee invites the Parties to do about cooperation is not what is done in the country
    assert all(h.passage.kind in (Kind.OBSERVATION, Kind.PRACTICE) for h in answer.hits)


def test_findings_only_leave_a_search_led_by_a_recommendation_as_ranked(fake_engine):
    plan = understand("Should Denmark request cooperation projects from the Council of Europe?", fake_engine.vocab)
    assert isinstance(plan, Search)
    searcher = fake_engine.searchers["hybrid"]
    vector, _ = fake_engine.vectors(plan)
    ranked = searcher.execute(plan, vector).hits
    kept = searcher.execute(replace(plan, only=(Kind.OBSERVATION,)), vector).hits
    assert ranked[0].passage.kind is Kind.RECOMMENDATION and kept == ranked
    led = searcher.execute(replace(plan, only=(Kind.RECOMMENDATION,)), vector).hits
    assert led and all(h.passage.kind is Kind.RECOMMENDATION for h in led)
