"""Every hand rule of query understanding with positive and negative example questions.

The examples live here, not beside the rules, so that removing a rule breaks this test: each rule
must have examples, and every example must name a rule that exists.
"""

from __future__ import annotations

import pytest

from lanzarote_qa.rules import ALL_RULES, first

# rule name -> (questions it must match, questions it must not match)
EXAMPLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "follow-up:names-its-one": (
        ("and the one on data retention?", "what about the recommendation about helpline staff?"),
        ("is the one on that binding?", "which one applies?", "the ones about courts"),
    ),
    "follow-up:own-clause": (
        ("and how does Denmark train judges?", "and is that binding?", "and tell me about helplines"),
        ("and for sharing pictures of other children?", "and the generic ones on research?", "also for judges?"),
    ),
    "level:not-binding": (
        (
            "Which of these are not binding?",
            "what is optional for Denmark on research?",
            "is it voluntary?",
            "which ones aren't binding?",
        ),
        ("Which of these are binding?", "what must Denmark do?", "which ones are not optional?", "it isn't optional"),
    ),
    "level:above-invite": (
        ("which are stronger than a mere invitation?", "anything more binding than an invite?"),
        ("which are invitations?", "is a request stronger than a requirement?"),
    ),
    "level:above-request": (
        ("anything stronger than a request?", "which ones are higher than the requests?"),
        ("which are requests?", "anything stronger than an invitation?"),
    ),
    "level:below-require": (
        ("which are weaker than a requirement?", "what is less binding than required?"),
        ("which are required?", "weaker than a request?"),
    ),
    "level:below-request": (
        ("which are weaker than a request?", "anything softer than the requests?"),
        ("which are requests?", "weaker than a requirement?"),
    ),
    "level:require-named": (
        (
            "Which recommendations are at the 'require' level?",
            "what are the strongest recommendations?",
            "what does the Committee REQUIRE of Denmark?",
            "list the requires addressed to Denmark",
            "every require-level recommendation",
            "which hard requirements apply to Denmark?",
            "only the hard obligations, please",
            "Which Denmark recs are at the top level then?",
        ),
        (
            "what is Denmark required to do?",
            "what does the Committee request?",
            "what the committee requires",
            "why are these cases hard to prosecute?",
            "what are Denmark's obligations?",
            "what is at the second highest level?",
        ),
    ),
    "level:committee-requires": (
        (
            "what the committee requires",
            "What does the Committee require of Denmark on training?",
            "does the committee actually require Denmark to act?",
            "everything the Lanzarote Committee required",
        ),
        ("what is Denmark required to do?", "is the committee's requirement binding?", "what is required by law?"),
    ),
    "level:someone-else": (
        ("where do they have to report it?", "must the victim go to the police first?", "do parents need to consent?"),
        ("what must Denmark change?", "does Denmark have to act?", "do teachers have to be trained?"),
    ),
    "level:obligation": (
        (
            "what must Denmark change on jurisdiction?",
            "Is Denmark obliged to train staff?",
            "the mandatory ones",
            "which ones are not optional?",
            "so that training isn’t optional?",
        ),
        ("what is Denmark invited to do?", "which mandatory courses exist for teachers?"),
    ),
    "level:require-word": (
        ("what is Denmark required to do?", "which are requirements?", "Is training required?"),
        ("what must Denmark change on jurisdiction?", "which are at the 'request' level?"),
    ),
    "level:request": (
        (
            "which are only requests?",
            "what is Denmark requested to do on training?",
            "and the middle level?",
            "now the middle-level ones",
        ),
        ("what is Denmark required to do?", "who can make a report?", "in the middle of the chapter"),
    ),
    "level:invite": (
        (
            "what is Denmark merely invited to do?",
            "which measures are encouraged?",
            "just suggestions?",
            "which are at the weakest level?",
            "is that binding or something softer?",
            "and the bottom level?",
        ),
        (
            "what must Denmark do?",
            "which recommendations are requests?",
            "which children are the most vulnerable?",
            "is a request softer than a requirement?",
        ),
    ),
    "negation": (
        (
            "only the invitations, not the requests",
            "requests rather than invitations",
            "anything except practices",
            "to all countries, leaving aside the Denmark-specific ones",
            "setting aside the requests",
            "outside the Denmark-specific boxes, which are requests?",
            "which requests don't name Denmark?",
            "the recommendations that aren’t requirements",
        ),
        (
            "which are invitations?",
            "what does the Committee note about helplines?",
            "Isn't Denmark required to train judges?",
        ),
    ),
    "scope:addressed": (
        (
            "what is Denmark merely invited to do on courts?",
            "Everything the Committee asks Denmark to do on investigations",
            "which things does the Committee request Denmark to change?",
            "what is denmark only *invited* to do",
        ),
        ("what is Denmark required to do?", "what are Parties invited to do on Denmark's courts?"),
    ),
    "contrast": (
        (
            "and if he is after money rather than more pictures?",
            "what if the goal is sexual acts instead of images?",
            "prosecution as opposed to education?",
        ),
        ("what else does it recommend?", "is that rather strict?", "and the opposite case?"),
    ),
    "leave-out": (
        (
            "all promising practices except the ones about investigations",
            "which practices concern the police - leave out the international taskforce",
            "every recommendation apart from those on schools",
            "the generic ones, excluding research",
            "everything on training but not the judges",
            "all the requirements outside the jurisdiction chapter",
            "which invitations sit outside of chapters III and V?",
            "which practices are there outside the Danish boxes?",
            "which generic recommendations are not about sextortion?",
            "the practices that don't involve the police",
        ),
        (
            "only the invitations, not the requests",
            "which practices are left in chapter III?",
            "what about offences committed outside Denmark?",
            "acts outside the territory of the country",
            "is that not clear about children?",
        ),
    ),
    "negation:prefix": (
        ("the non-Denmark-specific ones", "the general (non Denmark-specific) ones"),
        ("nonprofits and helplines", "what does the Committee note about helplines?"),
    ),
    "scope:both": (
        (
            "every 'requires' in the factsheet, generic ones included",
            "list all requests, including the generic ones",
            "all recommendations on research, including the one for Denmark",
            "every recommendation on jurisdiction, including the ones only for Denmark",
            "the recommendations on data collection for Denmark and for everyone else",
            "every request, including the one addressed to all Parties",
            "every 'require' item, including ones aimed at all Parties",
            "the recommendations on data that apply to Denmark, specific or generic",
            "every recommendation of the research chapter, Denmark and generic",
            "the generic ones and Denmark's, all of them",
            "List all invitations in the education for children chapter, Danish and generic.",
            "every place the Committee says 'requires', whether it is aimed at Denmark or all Parties",
        ),
        (
            "which Danish professionals get general training?",
            "and the generic ones?",
            "the Denmark-specific ones only",
            "what must Denmark and everyone working with children do?",
            "only the ones for Denmark",
            "is that specific to Denmark?",
            "what does Denmark generally do about it?",
        ),
    ),
    "scope:country": (
        (
            "the Denmark-specific recommendations",
            "the Denmark-only ones",
            "what is addressed to Denmark only?",
            "what does the Committee address to Denmark on helplines?",
            "just Denmark please",
            "which is solely for Denmark?",
            "what is required of Denmark or all Parties?",
            "every request, whether for Denmark or for all Parties",
            "every invitation, whether aimed at Denmark or at Parties in general",
            "the requests meant for Denmark or at all Parties",
            "Everything the Committee asks Denmark itself to do",
            "both the one for Denmark and the generic ones",
            "and specifically Denmark?",
            "what about Denmark in particular?",
            "only what is in the Denmark box",
            "the Danish part of the chapter",
            "the section for Denmark on training",
            "only the invitations to Denmark in that chapter",
            "jurisdiction recommendations made to Denmark",
            "what are the recommendations for Denmark on jurisdiction?",
            "What does the Committee invite Denmark to do on courts?",
            "all the requests, whether to Denmark or to Parties in general",
            "the research recommendations, both for Denmark and in general",
            "what is recommended for Denmark and for everyone on data?",
            "what did the committee push Denmark on?",
            "what does the committee want denmark to change?",
            "which requirements name Denmark directly?",
            "the recommendations mentioning Denmark",
        ),
        (
            "what is recommended to all Parties?",
            "does the factsheet mention Danish helplines?",
            "does Denmark have helplines?",
            "does Denmark or Norway do more?",
            "what did Denmark itself report?",
            "is that specific to children in Denmark?",
            "which part of Denmark's law covers consent?",
            "which are obligations for Denmark and which are only encouraged?",
            "is that a requirement for Denmark?",
            "what does the Committee ask all Parties to do?",
            "what does Denmark do in general to train teachers?",
        ),
    ),
    "scope:generic": (
        (
            "and the generic ones?",
            "what is recommended to all Parties?",
            "what should every country do?",
            "recommendations on education, Denmark-specific and general",
            "the all-Parties invitations on research",
        ),
        ("what must Denmark change?", "the Denmark-specific ones", "what about the general public?"),
    ),
    "kind:practice": (
        ("list all promising practices", "any good practice from Denmark?", "give me examples", "good practises?"),
        (
            "what must Denmark practise?",
            "what did the Committee observe?",
            "do investigators keep up with perpetrator practices?",
            "how do offenders' practices change?",
            "are current practices reviewed?",
        ),
    ),
    "kind:in-line": (
        (
            "where is Denmark already in line with the Committee's recommendations?",
            "has Denmark already implemented any of the recommendations?",
            "Where does Denmark already comply with what the Committee recommends?",
            "is Danish training consistent with what the Convention requires?",
            "which units does the Committee credit Denmark with?",
            "what does the Committee say Denmark already has in place?",
            "which units does the committee find Denmark already has?",
            "what capacities does Denmark have that match its recommendations?",
        ),
        (
            "which recommendations match the Convention?",
            "which recommendations are in line with the Convention?",
            "what are the recommendations?",
            "what does the Committee say Denmark should do?",
            "what does Denmark already have in place?",
        ),
    ),
    "kind:observation": (
        (
            "what are the Committee's observations on research?",
            "what did the Committee find about Denmark?",
            "findings and recommendations on sextortion",
            "on research, what did they note?",
            "the problems the Committee found",
            "which concerns were raised?",
        ),
        (
            "what must Denmark do?",
            "list all promising practices",
            "should they note it in the register?",
            "who raised the alarm?",
        ),
    ),
    "kind:intro": (
        (
            "what are the key findings?",
            "what does the introduction say?",
            "what were the report's findings across all the States Parties?",
            "the findings for all countries",
            "the findings of the implementation report as to all the Parties",
        ),
        (
            "what did the Committee observe in Denmark?",
            "what must Denmark do?",
            "which findings led to recommendations for all Parties?",
        ),
    ),
    "kind:rationale": (
        (
            "Why is data collection so important?",
            "why does training matter according to the Committee?",
            "why is helpline training such a big deal?",
            "why does the factsheet focus on teachers?",
            "why bother with data collection?",
            "why does the Committee focus so heavily on informing children?",
            "why should judges be trained on this at all?",
        ),
        ("why did the Committee require this?", "is research important?", "what matters most?", "why focus?"),
    ),
    "kind:legal-basis": (
        (
            "Which articles of the Convention underpin data collection?",
            "what articles set out the duty to train professionals?",
            "On what legal basis does the Committee ask for helplines?",
        ),
        (
            "Which article of the Convention allows the reservation?",
            "what does Article 25 say?",
            "is there a legal basis for prosecuting abroad in Danish law?",
        ),
    ),
    "kind:recommendation": (
        (
            "which recommendations concern research?",
            "what is Denmark asked to do?",
            "what should Denmark change?",
            "what is the Committee asking Denmark to do on data?",
            "what does the Committee want changed there?",
            "what did the Committee push Denmark on in that chapter?",
            "what do they want done about helplines?",
        ),
        (
            "what did the Committee observe?",
            "list all promising practices",
            "is there anything on asking the Council of Europe for projects?",
            "what has changed in Denmark since the report?",
            "did the press in Denmark cover it?",
        ),
    ),
    "state": (
        (
            "How does Denmark deal with sextortion?",
            "Are there helplines in Denmark?",
            "what did Denmark report?",
            "Do Danish schools teach about sexting?",
            "do Danish kids actually get taught about nudes?",
            "what research has Denmark done on sexting?",
            "how would Denmark handle a case of grooming?",
            "Who are the main actors in prevention?",
            "how is sex education organised in Danish schools?",
            "what does the Committee say Denmark already has in place?",
            "how are these cases handled by the Danish police?",
            "and who runs the helpline?",
            "which NGOs provide helplines in Denmark?",
            "what bodies carry out awareness campaigns in Denmark?",
            "which international bodies, networks and charities run awareness projects in Denmark?",
        ),
        (
            "what does Denmark have to fix on jurisdiction?",
            "everything on child victims who are abused abroad",
            "how are Parties invited to cooperate?",
            "what must Denmark change on jurisdiction?",
            "what should every country do about helplines?",
            "Should Danish schools teach about sexting?",
            "Are Danish police allowed to go undercover?",
            "what has Denmark been asked to do on research?",
            "does Denmark have to change its law on helplines?",
            "do Danish schools have to teach about sexting?",
            "Denmark has to do what on jurisdiction?",
            "what is Denmark actually required to do?",
            "what is Denmark asked to do on helplines?",
            "which organisations should run helplines in Denmark?",
            "what are Denmark's country-specific requirements?",
            "which recommendations ask Parties to fund research?",
        ),
    ),
    "set:cue": (
        (
            "list all promising practices",
            "everything on helplines",
            "every requirement for Denmark",
            "Which passages mention INTERPOL?",
            "which parts are about helplines?",
            "Where does the factsheet refer to the Convention's Article 25?",
        ),
        (
            "where does Denmark refer victims to?",
            "which recommendations concern research?",
            "what is recommended to all Parties?",
            "which sectors does it list?",
            "is Denmark asked to do anything at all?",
        ),
    ),
    "topic:about": (
        (
            "Everything the factsheet says about sextortion",
            "list every recommendation that deals with helplines",
            "all passages on data collection, please",
            "where does the factsheet refer to the Explanatory Report? all of them",
            "every passage that mentions helplines",
        ),
        ("what does the Committee recommend?", "is Denmark required to act on this?", "which report is cited?"),
    ),
    "topic:everything": (
        ("everything on helplines - findings and practices", "anything and everything about training"),
        ("every recommendation on helplines", "all the observations on training"),
    ),
    "set:which": (
        (
            "which recommendations concern research?",
            "which of them are requests?",
            "what are the key findings?",
            "what were the main points of the introduction?",
            "which generic victim-assistance helpline recommendations exist?",
            "What research and data collection recommendations does the factsheet make?",
            "which request-level recommendations concern courts?",
        ),
        (
            "which report paragraph is cited for helplines?",
            "which recommendation says States should act?",
            "what does the Committee recommend about research?",
            "what does the Committee say about recommendations on research?",
        ),
    ),
    "set:the-ones": (
        (
            "the things Denmark is asked to do on research",
            "and the Denmark-specific ones?",
            "the ones that are at least requests in chapter IV",
        ),
        ("the ones you listed, are they binding?", "is that one binding?", "which are the ones?"),
    ),
    "follow-up:why": (
        (
            "why was that recommended?",
            "and why?",
            "on what grounds did they ask that?",
            "what was it based on?",
            "which finding is that based on?",
            "what did they find that led to these?",
            "what is the situation in Denmark that it responds to?",
            "what prompted that?",
        ),
        (
            "what must Denmark do?",
            "which recommendation says why children are at risk?",
            "which changes led to the new law?",
            "what is the Convention based on?",
            "how does Denmark respond to sextortion?",
            "what prompted Denmark's reservation?",
        ),
    ),
    "set:what-must": (
        (
            "what must Denmark change on jurisdiction?",
            "what is Denmark formally requested to do on training?",
            "what is the committee asking Denmark to do about data?",
            "what does the committee want countries to do about it?",
            "what does Denmark have to fix on jurisdiction?",
            "and what does it ask Denmark to do?",
            "what exactly is Denmark expected to change on courts?",
            "what precisely does the Committee want Denmark to do?",
        ),
        (
            "what must parents know?",
            "what exactly does Denmark say about helplines?",
            "what does Denmark say about helplines?",
            "what has Denmark put in place?",
            "what does it say about helplines?",
        ),
    ),
    "set:what-done": (
        ("What has Denmark put in place to support victims?", "what did Denmark do to improve training?"),
        ("what must Denmark change?", "what has Denmark reported?"),
    ),
    "set:contrast": (
        ("what is compulsory and what is only an invitation in the education chapter?", "split them by level"),
        ("what is compulsory in the education chapter?", "which recommendations concern research?"),
    ),
    "set:noun-phrase": (
        ("research recs for Denmark", "Generic recommendations on research", "promising practices in chapter X?"),
        ("what are the jurisdiction recs?", "does Denmark follow the recommendations?"),
    ),
    "set:level-named": (
        ("which are at the 'request' level?", "what is at invite level in chapter V?"),
        ("what is requested of Denmark?", "what does the report say about levels of abuse?"),
    ),
    "set:recommend-on": (
        (
            "What does the Committee recommend on research?",
            "recommendations on international cooperation",
            "what does the victim assistance chapter propose?",
            "What does the committee tell Denmark about jurisdiction?",
            "What does the Committee require from Denmark on research?",
            "what does the Committee ask of Denmark on helplines?",
            "and what do they request?",
            "what else does the Committee invite?",
            "what do they recommend to Denmark on helplines?",
            "and what does it only invite?",
            "what's required?",
            "what is merely requested of Denmark there?",
            "what's invited rather than requested in that chapter?",
        ),
        (
            "What does the Committee require about extortion?",
            "what is required for a conviction?",
            "what's requested by the victim?",
            "what does it request of teachers?",
            "Is recommendation V-18 binding?",
            "what does a chapter say?",
            "what do they want from the offender?",
        ),
    ),
    "set:any": (
        (
            "Are any recommendations addressed to all Parties at the 'require' level?",
            "are there any practices?",
            "any promising examples on helplines?",
            "Is anything on jurisdiction required of Denmark?",
            "and is there anything only requested?",
        ),
        ("Does Denmark have to define CSAM?", "is that binding?", "Is anyone in Denmark prosecuted for it?"),
    ),
    "whole:document": (
        ("every requirement in the factsheet", "all the invitations across chapters", "how many in total?"),
        ("the requirements on jurisdiction", "which recommendations concern research?"),
    ),
    "yes-no": (
        (
            "Does Denmark have to define CSAM in law?",
            "is that binding?",
            "and are they all invitations?",
            "Can Denmark prosecute a child?",
        ),
        (
            "what must Denmark do?",
            "which recommendations concern research?",
            "Can you list every request?",
            "could you please give me all the practices?",
            "could u explain it more simply",
        ),
    ),
    "definition:binding": (
        (
            "what's a 'request' in committee speak? is it binding?",
            "When the Committee 'requests' something, is that a legal obligation?",
            "Is a 'requires' recommendation legally binding?",
            "Is a 'request' from the Committee legally binding?",
            "Is a 'request' a legal obligation for Denmark?",
        ),
        (
            "Which 'requires' recommendations are binding on Denmark?",
            "Is Denmark obliged to allow undercover operations?",
            "is it binding?",
        ),
    ),
    "definition:level-basis": (
        (
            "define 'require' in these recommendations",
            "when it 'requests' something, what is that based on?",
            "is a 'require' legally grounded in the Convention?",
            "Which of the Rules of Procedure does the 'invite' level rest on?",
        ),
        (
            "does Denmark define child sexual abuse material in its law?",
            "what is the request on helplines based on?",
            "which 'requests' concern jurisdiction?",
            "which rules of procedure does the Committee follow?",
        ),
    ),
    "definition": (
        (
            "what do require, request and invite mean?",
            "what is CSGSIV?",
            "what is the difference between them?",
            "what's CSAM short for?",
            "which acronym does it use for the images?",
            "spell out the abbreviation ICSE",
            "What is EU Kids Online?",
            "EU Kids Online — what is it?",
            "what does 'invite' signify?",
            "what does a 'request' signal?",
            "can you explain require vs request vs invite?",
            "'request' versus 'invite'?",
            "what is the purpose of the Convention?",
            "what's the goal of the VIDTF?",
            "objectives of the Lanzarote Committee",
            "what are the different levels of urgency?",
            "what are the 3 levels the Committee uses?",
            "explain the three levels",
        ),
        (
            "what must Denmark do?",
            "what is Denmark asked to do on csam?",
            "is the training course short?",
            "was there a significant rise in cases?",
            "What is the Lanzarote Committee's view on helplines?",
            "What is Denmark required to do?",
            "split what Denmark is required vs invited to do",
            "what do the findings indicate about schools?",
            "what are the goals of awareness raising?",
            "what is the purpose of the training for judges in Denmark?",
            "what is the level of training required of judges?",
        ),
    ),
    "aside:new-subject": (
        (
            "different question - what does the Committee say on research?",
            "ok switching topic completely: what about helplines?",
            "ok different topic - anything on training?",
        ),
        ("is that a different topic?", "which topic is chapter X about?"),
    ),
    "aside:asker": (
        (
            "As a lawyer: list all the requirements",
            "for my essay, what is the Convention for?",
            "hi, quick one",
            "I'm an NGO doing parent outreach. Which passages talk about parents?",
            "As a U.S. lawyer: list all the requirements",
            "Journalist here - where does it say Denmark failed to give information?",
            "NGO researcher here: which practices concern schools?",
            "I'm an NGO researcher compiling a long dossier on online abuse. Which practices exist?",
        ),
        (
            "what must Denmark change?",
            "as opposed to invitations, which are requests?",
            "what is the difference between the levels?",
            "which topic is chapter X about?",
            "I'm a bit unsure what the Committee wants",
            "I'm a parent worried about sexting at my daughter's school and the videos her friends share online?",
            "what is said here about judges?",
        ),
    ),
    "aside:purpose": (
        (
            "I need every request, for a briefing note.",
            "for my article: what must Denmark change?",
            "which are requests? it is for our newsletter",
        ),
        ("what does the factsheet say about notes children send?", "is there a course for judges?"),
    ),
    "aside:issuing": (
        (
            "Which recommendations did the Committee make on schools?",
            "the recommendations that the Committee made to all Parties",
            "what requests has it issued?",
        ),
        ("does it ask Parties to make sure cases are investigated?", "what makes these cases hard?"),
    ),
    "aside:unrestricted": (
        (
            "every recommendation calling for training, for any group",
            "which recommendations deal with awareness of any kind?",
            "all the requests, to anyone",
            "is training required in any chapter?",
        ),
        (
            "is there any training for police?",
            "does any recommendation concern helplines?",
            "what if any child is a victim?",
            "for anything else?",
        ),
    ),
    "aside:gloss": (
        (
            "Which ones are at the 'require' level, i.e. actual obligations under the Convention?",
            "all the requests (that is, obligations clarified by the Committee)",
            "the generic recommendations, in other words those to every Party",
        ),
        ("what is the meaning of 'invite'?", "is that a recommendation?", "what does ie stand for?"),
    ),
    "follow-up:same-level": (
        (
            "which Denmark-specific recommendations are at that level?",
            "and the generic ones of the same level?",
            "anything at this urgency level on courts?",
        ),
        ("which levels are there?", "at the level of the courts", "what does that mean?"),
    ),
    "follow-up:same-chapter": (
        (
            "which other recommendations are in that chapter?",
            "and the ones there for Denmark alone?",
            "anything else in the same section?",
        ),
        ("which chapter is about research?", "is there a helpline?", "what does it say there about parents?"),
    ),
    "follow-up:referent": (
        ("who runs that centre?", "how long is this course?", "what did those surveys find?", "who did the study?"),
        (
            "is that one binding?",
            "what about that chapter?",
            "is that a requirement?",
            "who funds it?",
            "what's the number of the helpline one?",
        ),
    ),
    "follow-up:citation": (
        (
            "which paragraph does that cite?",
            "and what's the recommendation number for it?",
            "what are the sources for those?",
            "where does that come from?",
            "where does the Committee say that?",
            "which paragraph of the report is the finding from?",
        ),
        (
            "which paragraph is cited for helplines?",
            "what number of recommendations is there on this?",
            "where does the Committee say that Denmark must act?",
        ),
    ),
    "follow-up:new-group": (
        (
            "and for judges?",
            "what about parents?",
            "and front-desk police officers?",
            "same for kids with disabilities?",
        ),
        ("and for victims of sextortion?", "what about data collection?"),
    ),
    "follow-up:some-of-those": (
        (
            "which of them are about parents?",
            "Which of these are in the training chapter?",
            "just those ones",
            "which one is about the victim's complaint?",
        ),
        (
            "is that binding?",
            "what about prosecutors?",
            "which recommendations concern them?",
            "which one of the recommendations covers judges?",
        ),
    ),
    "follow-up:pointer": (
        (
            "which of them are only invitations?",
            "is that binding?",
            "are any of them about training?",
            "just the ones from chapter III",
            "which one is addressed to Denmark alone?",
        ),
        ("what must Denmark change on jurisdiction?", "what about prosecutors?"),
    ),
    "follow-up:elliptic": (
        ("and the generic ones?", "what about prosecutors?", "what if the goal is money instead?", "for teachers too?"),
        ("what does the Committee recommend about research?", "which recommendations concern judges?"),
    ),
    "follow-up:pronoun": (
        ("does it also cover teachers?", "what does the Committee recommend about it?"),
        ("what does the Committee recommend about research?", "which recommendations concern judges?"),
    ),
}
_BY_NAME = {r.name: r for r in ALL_RULES}


def test_every_rule_has_examples_and_every_example_a_rule():
    assert set(EXAMPLES) == set(_BY_NAME)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_rule_matches_its_positive_examples_and_not_its_negative_ones(name):
    rule = _BY_NAME[name]
    positives, negatives = EXAMPLES[name]
    assert positives and negatives
    for q in positives:
        assert first((rule,), q, "Denmark", "Danish") is not None, (name, q)
    for q in negatives:
        assert first((rule,), q, "Denmark", "Danish") is None, (name, q)
