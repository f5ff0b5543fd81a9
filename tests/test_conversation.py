"""Conversation plumbing on the fake engine: follow-ups narrow or keep the earlier topic, a new topic starts afresh."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from lanzarote_qa.conversation import AFTER_LOOKUP, MAX_CONTEXT_CHARS
from lanzarote_qa.types import Action, FollowUp, Hit, Kind, Level, Mode, Search, Section

JURISDICTION = "what must Denmark change on jurisdiction?"


def test_which_of_those_narrows_the_earlier_set(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask(JURISDICTION, conv)
    answer, _ = fake_engine.ask("and which of those are only requests?", conv)
    assert sorted(h.passage.recommendations for h in answer.hits) == [("IV-1",), ("IV-9",)]
    assert all(h.passage.level is Level.REQUEST for h in answer.hits)


@pytest.mark.parametrize("follow_up", ["what's required?", "and what is required of Denmark there?"])
def test_a_level_asked_in_the_passive_after_a_chapters_findings_is_that_chapters_set_at_the_level(
    fake_engine, follow_up
):
    conv = fake_engine.new_conversation()
    fake_engine.ask("What does the Committee observe about education for children in Denmark?", conv)
    answer, _ = fake_engine.ask(follow_up, conv)
    required = {p.id for p in fake_engine.index.passages if p.level is Level.REQUIRE and p.chapter == "IX"}
    assert required and {h.passage.id for h in answer.hits} == required


def test_the_one_on_a_topic_the_earlier_answer_lacks_is_asked_afresh_else_it_follows_on(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("What do the levels of the recommendations mean?", conv)
    fake_engine.ask("which one applies to the one on data preservation?", conv)
    answer, _ = fake_engine.ask("and the one on covert operations?", conv)
    assert not isinstance(answer.plan, FollowUp)
    assert any(r.rule == "follow-up:names-its-one" for r in answer.plan.reasons)
    assert any("covert" in h.passage.text for h in answer.hits)
    conv = fake_engine.new_conversation()
    fake_engine.ask("What does the Committee recommend on international cooperation?", conv)
    answer, _ = fake_engine.ask("and the one on cooperation projects?", conv)
    assert isinstance(answer.plan, FollowUp)


def test_a_follow_up_asking_for_the_whole_factsheets_set_keeps_no_earlier_topic(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("What do the three obligation levels mean?", conv)
    answer, _ = fake_engine.ask("ok, now list all the requests in the whole factsheet", conv)
    requests = {p.id for p in fake_engine.index.passages if p.level is Level.REQUEST}
    assert {h.passage.id for h in answer.hits} == requests


def test_a_scope_follow_up_keeps_the_chapter(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask(JURISDICTION, conv)
    answer, _ = fake_engine.ask("and the Denmark-specific ones only?", conv)
    assert answer.hits and {h.passage.chapter for h in answer.hits} == {"IV"}
    assert all(h.passage.section is Section.COUNTRY for h in answer.hits)


def test_a_scope_follow_up_keeps_the_level(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("Which recommendations does the Committee request of Denmark specifically?", conv)
    answer, _ = fake_engine.ask("what about the generic ones?", conv)
    expected = {p.id for p in fake_engine.index.passages if p.level is Level.REQUEST and p.section is Section.GENERIC}
    assert expected and {h.passage.id for h in answer.hits} == expected


def test_the_chapter_a_follow_up_was_placed_in_carries_on(fake_engine):
    # "… in that chapter" puts the question in the earlier answer's chapter; the next elliptic turn stays there
    conv = fake_engine.new_conversation()
    first, _ = fake_engine.ask("what must Denmark change in its legal framework?", conv)
    chapter = first.hits[0].passage.chapter
    fake_engine.ask("any invitations for Denmark in that chapter?", conv)
    answer, _ = fake_engine.ask("what about the generic ones?", conv)
    assert answer.hits and {h.passage.chapter for h in answer.hits} == {chapter}
    assert all(h.passage.section is Section.GENERIC for h in answer.hits)


def test_a_question_with_its_own_topic_starts_afresh(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("Which generic recommendations concern research?", conv)
    plan, _ = conv.plan("What does the Committee observe about Danish police training on these crimes?")
    assert plan.mode is not Mode.FOLLOWUP
    assert Section.GENERIC not in plan.boosts.sections  # type: ignore[union-attr]  # no scope leaks in


def test_an_elliptic_follow_up_searches_again_with_the_earlier_topic(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("What training do Danish police get on these crimes?", conv)
    plan, _ = conv.plan("and prosecutors, on sextortion?")
    assert isinstance(plan, FollowUp) and plan.action is Action.RESEARCH
    assert "police" in plan.terms.dense and "prosecutors" in plan.terms.dense


def test_a_yes_no_follow_up_answers_yes_or_no_from_the_earlier_passages(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask(JURISDICTION, conv)
    answer, _ = fake_engine.ask("is any of that only an invitation?", conv)
    assert answer.lead.startswith("No: none of the 3 passages")
    answer, _ = fake_engine.ask("and are any of those requests?", conv)
    assert answer.lead.startswith("Yes: 2 of the 3 passages")
    assert [h.passage.level for h in answer.hits][:2] == [Level.REQUEST, Level.REQUEST]


def test_the_follow_up_context_is_bounded(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("training of judges " * 100, conv)
    plan, _ = conv.plan("and prosecutors?")
    assert len(plan.terms.dense) <= MAX_CONTEXT_CHARS + 50


def test_replay_rebuilds_the_same_conversation(fake_engine):
    conv = fake_engine.replay([JURISDICTION])
    assert [t.question for t in conv.turns] == [JURISDICTION]
    again, _ = fake_engine.ask("and which of those are only requests?", conv)
    live = fake_engine.new_conversation()
    fake_engine.ask(JURISDICTION, live)
    first, _ = fake_engine.ask("and which of those are only requests?", live)
    assert [h.passage.id for h in again.hits] == [h.passage.id for h in first.hits]


def test_the_ones_from_a_chapter_narrows_the_earlier_set_to_that_chapter(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("Which promising practices are described?", conv)
    answer, _ = fake_engine.ask("only the ones in the investigations and prosecution chapter", conv)
    assert answer.hits and {(h.passage.chapter, h.passage.kind.value) for h in answer.hits} == {("III", "practice")}


def test_them_with_new_words_still_means_the_earlier_topic(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("What does the factsheet say about helplines?", conv)
    plan, _ = conv.plan("Are the volunteers answering them given any specialised training?")
    assert isinstance(plan, FollowUp) and plan.action is Action.RESEARCH
    assert "helplines" in plan.terms.dense


def _follow_up(engine, first_question: str, mode: Mode, question: str, action: Action):
    """Ask a question, then a follow-up; check what each was read as; both answers."""
    conv = engine.new_conversation()
    first, _ = engine.ask(first_question, conv)
    assert first.plan.mode is mode
    answer, _ = engine.ask(question, conv)
    assert isinstance(answer.plan, FollowUp) and answer.plan.action is action
    return first, answer


def test_after_a_search_which_of_these_asks_for_the_topics_whole_set_at_that_level(fake_engine):
    _, answer = _follow_up(
        fake_engine, "What does the factsheet say about education for children?", Mode.SEARCH,
        "which of these are only invitations?", Action.RESEARCH,
    )  # fmt: skip
    assert isinstance(answer.plan, FollowUp) and answer.plan.then is not None and answer.plan.then.mode is Mode.LIST
    assert answer.hits and all(h.passage.level is Level.INVITE for h in answer.hits)


def test_which_of_them_with_a_topic_word_keeps_the_earlier_lists_passages_holding_it(fake_engine):
    first, answer = _follow_up(
        fake_engine, "What are the awareness-raising recommendations?", Mode.LIST,
        "which of them are about parents?", Action.NARROW,
    )  # fmt: skip
    earlier = {h.passage.id for h in first.hits}
    assert answer.hits and len(answer.hits) < len(first.hits)
    assert all(h.passage.id in earlier and "parent" in h.passage.text.lower() for h in answer.hits)
    assert answer.lead.startswith(f"{len(answer.hits)} of the {len(first.hits)} passages") and "parents" in answer.lead


def test_which_of_them_with_words_none_holds_searches_again(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("What are the awareness-raising recommendations?", conv)
    answer, _ = fake_engine.ask("which of them are about prosecutors?", conv)
    assert answer.hits and any(r.rule == "follow-up:none-fit" for r in answer.notes)


def test_asking_for_the_number_of_one_of_them_narrows_and_adds_no_topic(fake_engine):
    first, answer = _follow_up(
        fake_engine, "What recommendations does the research chapter contain?", Mode.LIST,
        "which one is just for Denmark, and what's its number?", Action.NARROW,
    )  # fmt: skip
    assert len(first.hits) > 1 and answer.hits and all(h.passage.section is Section.COUNTRY for h in answer.hits)
    assert {h.passage.id for h in answer.hits} < {h.passage.id for h in first.hits}


def test_a_follow_up_leaning_on_a_looked_up_recommendation_is_held_to_it(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("What does Recommendation IV-9 ask?", conv)
    plan, _ = conv.plan("Does Denmark already apply that principle?")
    assert isinstance(plan, FollowUp) and any(r.rule == AFTER_LOOKUP for r in plan.reasons)
    fresh = fake_engine.new_conversation()
    fake_engine.ask("What does the factsheet say about helplines?", fresh)
    plan, _ = fresh.plan("Does Denmark already apply that principle?")
    assert not any(r.rule == AFTER_LOOKUP for r in plan.reasons)


@pytest.mark.parametrize(
    ("follow_up", "swapped"),
    [
        ("and for judges?", True),  # names only another group: asks the earlier question of it
        ("what about parents?", True),
        ("and for judges, on sextortion?", False),  # words of its own beside the group
        ("and what about it?", False),  # no group named
    ],
)
def test_a_follow_up_naming_only_another_group_asks_the_earlier_question_of_it(fake_engine, follow_up, swapped):
    first = "What training do Danish prosecutors get?"
    _, answer = _follow_up(fake_engine, first, Mode.SEARCH, follow_up, Action.RESEARCH)
    searched = answer.plan.then.terms.dense.lower()
    assert ("prosecutors" not in searched) is swapped
    assert any("in place of its group" in r.effect for r in answer.plan.reasons) is swapped


def test_asking_what_the_earlier_answer_cites_shows_its_passages_again_with_their_citations(fake_engine):
    first, answer = _follow_up(
        fake_engine, "How does Denmark prosecute sexual extortion?", Mode.SEARCH,
        "which paragraph does that cite?", Action.NARROW,
    )  # fmt: skip
    assert [h.passage.id for h in answer.hits] == [h.passage.id for h in first.hits]
    assert "with its citation" in answer.lead


def test_a_new_subject_announced_starts_afresh(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask(JURISDICTION, conv)
    plan, _ = conv.plan("ok different topic - anything on helplines?")
    assert not isinstance(plan, FollowUp)


def test_a_pronoun_points_back_at_the_earlier_answers_passages_an_elliptic_question_does_not(fake_engine):
    first, answer = _follow_up(
        fake_engine, "What does the factsheet say about the VIVE study?", Mode.SEARCH, "who funded it?", Action.RESEARCH
    )
    assert answer.plan.then.continues == tuple(h.passage.id for h in first.hits)
    _, answer = _follow_up(
        fake_engine, "What does the factsheet say about the VIVE study?", Mode.SEARCH, "and funding?", Action.RESEARCH
    )
    assert answer.plan.then.continues == ()


def test_another_chapters_whole_topic_after_a_search_starts_afresh_after_a_list_it_keeps_the_level(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("How does Denmark train its police?", conv)
    plan, _ = conv.plan("now tell me about research")
    assert not isinstance(plan, FollowUp) and plan.boosts.chapters == ("XI",)
    conv = fake_engine.new_conversation()
    fake_engine.ask("list every 'requires' in the factsheet", conv)
    plan, _ = conv.plan("and on jurisdiction?")
    assert isinstance(plan, FollowUp) and plan.then.boosts.levels == (Level.REQUIRE,)


def _finding_then_recommendation(passages):
    """(observation, the recommendation right after it in its section) pairs of the factsheet, in order."""
    return [
        (here, nxt)
        for here, nxt in itertools.pairwise(passages)
        if here.kind is Kind.OBSERVATION
        and nxt.kind is Kind.RECOMMENDATION
        and here.paragraphs
        and (here.chapter, here.section) == (nxt.chapter, nxt.section)
    ]


def test_asking_for_the_recommendation_on_a_finding_leads_with_the_one_that_follows_it(fake_engine):
    pairs = _finding_then_recommendation(fake_engine.index.passages)
    assert len(pairs) >= 5
    checked = 0
    for finding, recommendation in pairs:
        conv = fake_engine.new_conversation()
        first, _ = fake_engine.ask(f"what does para {finding.paragraphs[0]} of the report say?", conv)
        if [h.passage.id for h in first.hits] != [finding.id]:
            continue  # a paragraph several passages cite: not one finding
        answer, _ = fake_engine.ask("is the recommendation on that a requirement or only an invitation?", conv)
        assert answer.hits[0].passage.id == recommendation.id, finding.id
        checked += 1
    assert checked >= 5
    # a follow-up asking about the finding itself, not its recommendation, is not led by the recommendation
    finding, recommendation = next((f, r) for f, r in pairs if f.paragraphs)
    conv = fake_engine.new_conversation()
    fake_engine.ask(f"what does para {finding.paragraphs[0]} of the report say?", conv)
    plan, _ = conv.plan("and who reported that?")
    assert isinstance(plan, FollowUp) and not (plan.then is not None and plan.then.after)  # type: ignore[union-attr]


def test_asking_what_all_parties_are_recommended_after_a_finding_does_not_lead_with_the_findings_own(fake_engine):
    # the recommendation after a finding about the country is the country's: a follow-up asking for the other part
    # does not lead with it, nor favour the earlier answer's passages of the country's part
    finding, _ = next((f, r) for f, r in _finding_then_recommendation(fake_engine.index.passages) if f.paragraphs)
    assert finding.section is Section.COUNTRY
    conv = fake_engine.new_conversation()
    fake_engine.ask(f"what does para {finding.paragraphs[0]} of the report say?", conv)
    plan, _ = conv.plan("and what is recommended to all Parties on it?")
    assert isinstance(plan, FollowUp) and plan.then is not None
    assert not getattr(plan.then, "after", ()) and not getattr(plan.then, "continues", ())
    plan, _ = conv.plan("and what is the recommendation to Denmark on it?")
    assert isinstance(plan, FollowUp) and plan.then is not None and plan.then.after  # type: ignore[union-attr]


@pytest.mark.parametrize("follow_up", ["could u explain it more simply", "who is that aimed at?"])
def test_a_pointer_alone_after_a_look_up_shows_the_passage_looked_up_again(fake_engine, follow_up):
    conv = fake_engine.new_conversation()
    first, _ = fake_engine.ask("rec IV 5", conv)
    answer, _ = fake_engine.ask(follow_up, conv)
    assert not answer.abstained and [h.passage.id for h in answer.hits] == [h.passage.id for h in first.hits]
    plan, _ = conv.plan("and what does it say about helplines?")  # words of its own: not the passage again
    assert not (isinstance(plan, FollowUp) and plan.action is Action.NARROW)


def test_it_after_one_passage_looked_up_is_that_passage_when_it_names_what_is_asked(fake_engine):
    conv = fake_engine.new_conversation()
    first, _ = fake_engine.ask("rec IV 5", conv)
    answer, _ = fake_engine.ask("which offences does it name?", conv)  # the passage names offences
    assert len(first.hits) == 1 and [h.passage.id for h in answer.hits] == [first.hits[0].passage.id]
    # and what follows goes on in its chapter
    plan, _ = conv.plan("is there a similar one for all Parties?")
    assert isinstance(plan, FollowUp) and plan.then is not None
    assert plan.then.boosts.chapters == (first.hits[0].passage.chapter,)  # type: ignore[union-attr]


def test_a_level_alone_after_a_definition_question_asks_what_that_level_means(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("what is meant by 'request'?", conv)
    plan, _ = conv.plan("and 'invite'?")
    assert isinstance(plan, FollowUp) and plan.then is not None
    assert plan.then.leads == (fake_engine.vocab.glossary["invite"],)  # type: ignore[union-attr]


def test_that_chapter_in_a_follow_up_is_the_chapter_of_the_earlier_answer(fake_engine):
    conv = fake_engine.new_conversation()
    first, _ = fake_engine.ask("rec II 4", conv)
    chapter = first.hits[0].passage.chapter
    answer, _ = fake_engine.ask("and the generic recs in that chapter?", conv)
    assert answer.hits and {(h.passage.chapter, h.passage.section) for h in answer.hits} == {(chapter, Section.GENERIC)}
    fresh = fake_engine.new_conversation()
    fake_engine.ask("rec II 4", fresh)
    named, _ = fake_engine.ask("and the generic recs in chapter III?", fresh)  # a chapter named: that one
    assert named.hits and {h.passage.chapter for h in named.hits} == {"III"}


def test_a_referent_the_earlier_answer_does_not_name_is_found_by_its_noun(fake_engine):
    conv = fake_engine.new_conversation()
    first, _ = fake_engine.ask("rec XI 4", conv)
    assert not any("study" in h.passage.text.lower() for h in first.hits)
    answer, _ = fake_engine.ask("who did that study?", conv)
    assert "study" in answer.hits[0].passage.text.lower()
    # a referent the earlier answer names is that answer's: nothing is looked up by it
    again = fake_engine.new_conversation()
    shown, _ = fake_engine.ask("rec XI 4", again)
    noun = next(w for w in ("mechanisms", "data", "collection") if w in shown.hits[0].passage.text)
    plan, _ = again.plan(f"who set up those {noun}?")
    assert not (isinstance(plan, FollowUp) and plan.then is not None and plan.then.referent)


def test_a_follow_up_goes_on_in_the_chapter_the_earlier_search_was_answered_from(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("are kids in Danish schools told about the risks of sharing images?", conv)
    turn = conv.turns[-1]
    # as if its words had routed to awareness raising ("sharing" once did: it is a word of that chapter's title)
    turn = replace(turn, reading=replace(turn.reading, topic=replace(turn.reading.topic, chapters=("VIII",))))
    education = [p for p in fake_engine.index.passages if p.chapter == "IX"][:4]
    shown = (Hit(next(p for p in fake_engine.index.passages if p.chapter == "VIII"), 1.0),)
    shown += tuple(Hit(p, 1.0) for p in education)  # ... but education's passages answered it
    conv.turns[-1] = replace(turn, answer=replace(turn.answer, hits=shown))
    plan, _ = conv.plan("what does the committee want denmark to change there?")
    assert isinstance(plan, FollowUp) and plan.then is not None
    assert plan.then.structure.chapters == ("IX",)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "question",
    ["why was that recommended?", "what is the situation in Denmark that it responds to?", "what prompted that?"],
)
def test_asking_why_after_a_recommendation_leads_with_the_finding_it_was_made_on(fake_engine, question):
    conv = fake_engine.new_conversation()
    fake_engine.ask("What is recommendation IV-5?", conv)
    plan, _ = conv.plan(question)
    assert isinstance(plan, FollowUp) and plan.then is not None
    assert plan.then.grounds == ("IV-denmark-5",)  # type: ignore[union-attr]
    answer, _ = fake_engine.ask(question, conv)
    # the observation just before it in its section, then the recommendation itself
    assert [h.passage.id for h in answer.hits[:2]] == ["IV-denmark-4", "IV-denmark-5"]
    assert answer.hits[0].passage.kind is Kind.OBSERVATION


def test_asking_why_after_an_answer_led_by_a_finding_is_no_why_follow_up(fake_engine):
    conv = fake_engine.new_conversation()
    first, _ = fake_engine.ask("What did the Committee observe about Danish research on self-generated images?", conv)
    assert first.hits[0].passage.kind is Kind.OBSERVATION
    plan, _ = conv.plan("why?")
    assert not any(r.rule == "follow-up:why" for r in plan.reasons)


def test_a_pronoun_asking_for_a_kind_favours_only_the_earlier_passages_of_that_kind(fake_engine):
    conv = fake_engine.new_conversation()
    first, _ = fake_engine.ask("Can kids in Denmark be prosecuted for nude selfies on their phones?", conv)
    kinds = {h.passage.id: h.passage.kind for h in first.hits}
    assert Kind.RECOMMENDATION in kinds.values() and Kind.OBSERVATION in kinds.values()
    plan, _ = conv.plan("what did the Committee observe about that?")
    assert isinstance(plan, FollowUp) and isinstance(plan.then, Search)
    assert plan.then.continues and all(kinds[pid] is Kind.OBSERVATION for pid in plan.then.continues)


def test_an_elliptic_set_question_on_a_new_topic_stands_alone(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("promising practices in the education for children chapter", conv)
    plan, _ = conv.plan("ok and what about teacher training - list the practices")
    assert plan.mode is Mode.LIST and "IX" not in plan.structure.chapters  # type: ignore[union-attr]
    assert [t[0] for t in plan.topic] == ["teacher", "train"]  # type: ignore[union-attr]
    # one new word beside the earlier topic still reads with it
    plan, _ = conv.plan("ok and what about teachers - list the practices")
    assert plan.mode is Mode.FOLLOWUP


@pytest.mark.parametrize(
    ("follow_up", "kinds"),
    [
        # the earlier question asked how things are; an elliptic turn swapping one case for another still does
        ("and when the aim is financial gain instead?", (Kind.OBSERVATION, Kind.PRACTICE)),
        # a turn asking its own way does not
        ("and what does the Committee recommend on that?", (Kind.RECOMMENDATION,)),
    ],
)
def test_an_elliptic_follow_up_keeps_asking_how_things_are(fake_engine, follow_up, kinds):
    conv = fake_engine.new_conversation()
    fake_engine.ask("How does Denmark deal with sextortion when the offender wants more images?", conv)
    plan, _ = conv.plan(follow_up)
    inner = plan.then if isinstance(plan, FollowUp) else plan
    structure = inner.boosts if isinstance(inner, Search) else inner.structure  # type: ignore[union-attr]
    assert structure.kinds == kinds, plan.reasons


@pytest.mark.parametrize(
    ("follow_up", "levels", "kinds"),
    [
        # asking how things are leaves the earlier turn's levels and kinds behind
        ("and what is Denmark already doing about it in its schools?", (), (Kind.OBSERVATION, Kind.PRACTICE)),
        # a turn naming its own level keeps asking for recommendations at that level
        ("is there one that is only an invitation?", (Level.INVITE,), ()),
        # an elliptic turn asking nothing its own way keeps them
        ("and the ones for teachers?", (Level.REQUIRE, Level.REQUEST), (Kind.RECOMMENDATION,)),
    ],
)
def test_asking_how_things_are_leaves_the_earlier_levels_behind(fake_engine, follow_up, levels, kinds):
    conv = fake_engine.new_conversation()
    fake_engine.ask("What does the Committee ask of Denmark on education for children?", conv)
    fake_engine.ask("Which of them are mandatory?", conv)
    plan, _ = conv.plan(follow_up)
    inner = plan.then if isinstance(plan, FollowUp) and plan.then is not None else plan
    structure = inner.boosts if isinstance(inner, Search) else inner.structure  # type: ignore[union-attr]
    assert (structure.levels, structure.kinds) == (levels, kinds), plan.reasons


def test_a_follow_up_asking_which_recommendation_goes_with_a_finding_is_no_list_of_its_chapter(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("what does para 82 say?", conv)
    plan, _ = conv.plan("which recommendation goes with it?")
    inner = plan.then if isinstance(plan, FollowUp) and plan.then is not None else plan
    assert inner.mode is not Mode.LIST, plan.reasons


@pytest.mark.parametrize(("chapter", "grounded"), [("IX", ("IX",)), ("I", ())])
def test_a_set_asked_after_a_search_no_chapter_routed_is_the_set_of_the_chapter_it_was_answered_from(
    fake_engine, chapter, grounded
):
    conv = fake_engine.new_conversation()
    fake_engine.ask("are kids in Danish schools told about the risks of sending images?", conv)
    turn = conv.turns[-1]
    assert not turn.reading.topic.chapters
    shown = tuple(Hit(p, 1.0) for p in fake_engine.index.passages if p.chapter == chapter)[:4]
    conv.turns[-1] = replace(turn, answer=replace(turn.answer, hits=shown, abstained=False))
    plan, _ = conv.plan("list all the recommendations on that")
    inner = plan.then if isinstance(plan, FollowUp) and plan.then is not None else plan
    # the introduction speaks of every chapter's topic: an answer from it names no chapter
    assert inner.structure.chapters == grounded  # type: ignore[union-attr]


def test_a_level_asked_after_the_practices_asks_for_recommendations_at_that_level(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("list the promising practices of chapter XI", conv)
    plan, _ = conv.plan("and what is Denmark invited to do?")
    inner = plan.then if isinstance(plan, FollowUp) and plan.then is not None else plan
    structure = inner.boosts if isinstance(inner, Search) else inner.structure  # type: ignore[union-attr]
    assert structure.levels == (Level.INVITE,) and Kind.PRACTICE not in structure.kinds, plan.reasons


def test_a_set_by_level_asked_after_what_the_levels_mean_lists_its_members(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("how do require, request and invite differ?", conv)
    fake_engine.ask("which recommendations are at the strongest level?", conv)
    plan = conv.turns[-1].plan
    inner = plan.then if isinstance(plan, FollowUp) and plan.then is not None else plan
    assert inner.mode is Mode.LIST and inner.structure.levels == (Level.REQUIRE,), plan.reasons  # type: ignore
    plan, _ = conv.plan("and the middle level?")
    inner = plan.then if isinstance(plan, FollowUp) and plan.then is not None else plan
    assert Kind.INTRO not in inner.structure.kinds and Level.REQUEST in inner.structure.levels  # type: ignore


def test_a_chain_no_chapter_anchors_keeps_its_first_questions_words(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("How would Danish prosecutors deal with sextortion for more images?", conv)
    fake_engine.ask("and if it is for money instead?", conv)
    plan, _ = conv.plan("what is recommended to all Parties on this?")
    assert isinstance(plan, FollowUp) and "sextortion" in plan.terms.dense and "money" in plan.terms.dense


def test_a_chain_a_chapter_anchors_reads_with_the_last_question_only(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("What must Denmark change on jurisdiction?", conv)
    fake_engine.ask("and for victims abroad?", conv)
    plan, _ = conv.plan("what is recommended on that?")
    assert isinstance(plan, FollowUp) and plan.action is Action.RESEARCH
    assert "victims" in plan.terms.dense and "jurisdiction" not in plan.terms.dense


def test_which_of_those_at_a_level_none_shown_has_lists_the_topics_set_at_that_level(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("what must Denmark change on investigation and prosecution?", conv)  # the obligations only
    answer, _ = fake_engine.ask("which of those are only invitations?", conv)
    assert answer.hits and all(h.passage.level is Level.INVITE for h in answer.hits)
    assert {h.passage.chapter for h in answer.hits} == {"III"}


def test_a_fragment_reads_with_the_earlier_question_however_many_words_it_has(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("What is Denmark asked to do so that children are not prosecuted for their own images?", conv)
    plan, _ = conv.plan("and for sharing pictures of other children with classmates?")
    assert isinstance(plan, FollowUp) and plan.action is Action.RESEARCH
    # with a question of its own, as many new words start afresh
    plan, _ = conv.plan("and how does Denmark train judges on sharing pictures?")
    assert not isinstance(plan, FollowUp)


def test_a_follow_up_naming_another_concept_is_about_it_not_the_earlier_one(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask("How would Denmark prosecute a blackmailer who is after money from a child?", conv)
    plan, _ = conv.plan("and when he wants favours of a sexual nature instead?")
    inner = plan.then if isinstance(plan, FollowUp) and plan.then is not None else plan
    assert isinstance(inner, Search) and ("sexual-favour",) in inner.focus
    assert ("financial-gain",) not in inner.focus


def test_which_of_those_at_another_level_keeps_the_part_the_earlier_set_sat_in(engine):
    # what the country must change sat in its own part: its invitations on that topic are asked for, not every
    # invitation to all Parties on it
    conv = engine.new_conversation()
    first, _ = engine.ask(
        "What does Denmark have to change about teaching children at school about online risks?", conv
    )
    assert first.hits and {h.passage.section for h in first.hits} == {Section.COUNTRY}
    answer, _ = engine.ask("which of those are only invitations?", conv)
    shown = [h.passage for h in answer.hits]
    assert shown and all(p.level is Level.INVITE and p.section is Section.COUNTRY for p in shown)


def test_whether_another_part_has_one_is_asked_of_the_topic_when_none_shown_is_of_it(fake_engine):
    conv = fake_engine.new_conversation()
    answer, _ = fake_engine.ask("What did the Committee observe about helplines in Denmark?", conv)
    # the earlier answer held findings only: none of them is a recommendation to all Parties
    findings = tuple(Hit(p, 1.0) for p in fake_engine.index.passages if p.kind is Kind.OBSERVATION)[:3]
    conv.turns[-1] = replace(conv.turns[-1], answer=replace(answer, hits=findings))
    plan, _ = conv.plan("Is there any recommendation about them for all Parties?")
    assert isinstance(plan, FollowUp) and plan.action is Action.RESEARCH
    # a level none of them has answers no, from the passages shown
    plan, _ = conv.plan("is any of that binding?")
    assert isinstance(plan, FollowUp) and plan.action is Action.YES_NO


def test_which_paragraph_a_finding_cites_after_a_recommendation_shows_the_finding_it_was_made_on(fake_engine):
    finding, recommendation = next(
        (f, r) for f, r in _finding_then_recommendation(fake_engine.index.passages) if r.recommendations
    )
    conv = fake_engine.new_conversation()
    first, _ = fake_engine.ask(f"what does recommendation {recommendation.recommendations[0]} say?", conv)
    assert first.hits[0].passage.id == recommendation.id
    answer, _ = fake_engine.ask("which paragraph of the report is the finding from?", conv)
    assert [h.passage.id for h in answer.hits[:2]] == [finding.id, recommendation.id]
    # asked of the recommendation itself: its own passage again, with its citation
    plan, _ = conv.plan("which paragraph does that cite?")
    assert isinstance(plan, FollowUp) and plan.action is Action.NARROW
