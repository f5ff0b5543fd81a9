"""The hand rules of query understanding, as data: each a named pattern with what it means.

Each rule has positive and negative example questions in `tests/test_rules.py`; a rule without
examples, or examples naming a rule that is gone, fail there. What can be learned from the
document (chapter topics, acronyms, spelling) is learned in `vocabulary.py`, not written here.
Patterns are case-insensitive and matched on word boundaries; `{country}` stands for the
factsheet's country name and `{adjective}` for its adjective.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from .types import Kind, Level, Section


@dataclass(frozen=True)
class Rule:
    """One trigger: a pattern and what it means when it matches."""

    name: str
    pattern: str
    effect: str
    levels: tuple[Level, ...] = ()
    sections: tuple[Section, ...] = ()
    kinds: tuple[Kind, ...] = ()
    broad: bool = False  # a lay word covering several values: a precise word, wanted, overrides its exclusion
    own: tuple = ()  # of a broad word's values, the one its own wording names (kept when a precise word narrows it)


@dataclass(frozen=True)
class Match:
    """Where a rule matched."""

    rule: Rule
    start: int
    end: int
    words: str


OBLIGATIONS = (Level.REQUIRE, Level.REQUEST)
# People whose own duties a question may ask about, as against the country's
_PERSON = (
    r"(?:they|he|she|you|i|we|victims?|child(?:ren)?|kids?|minors?|teen(?:ager)?s?|parents?|people|someone|somebody"
    r"|users?|pupils?|(?:the|a) (?:victim|child|kid|minor|teen(?:ager)?|parent|pupil))"
)

_STRONGER = r"(?:stronger|firmer|more (?:binding|urgent|serious|forceful|demanding)|higher|above)"
_WEAKER = r"(?:weaker|softer|less (?:binding|urgent|serious|forceful|demanding)|lower|below)"

# Obligation levels. A lay word of obligation means both obligation levels; the document's own
# words name one level. Ordered: a rule's match hides later rules' matches inside it.
# "not", or a contracted "not" read with its verb ("which ones don't mention …"), except where it opens the question
# ("Isn't Denmark required to …?" asks whether it is)
_NOT = r"(?:not|(?<=\w )[a-z]+n['’]t)"

LEVEL_RULES: tuple[Rule, ...] = (
    # a level compared with another ("stronger than a mere invitation") names the levels on that side of it
    Rule(
        "level:above-invite",
        rf"{_STRONGER} than (?:an? |the )?(?:mere |simple |just |only )?(?:invit\w*|encourag\w*|suggest\w*)",
        "the levels above invitation (require and request)",
        levels=OBLIGATIONS,
    ),
    Rule(
        "level:above-request",
        rf"{_STRONGER} than (?:an? |the )?(?:mere |simple |just |only )?request\w*",
        "the level above request (require)",
        levels=(Level.REQUIRE,),
    ),
    Rule(
        "level:below-require",
        rf"{_WEAKER} than (?:an? |the )?requir\w*",
        "the levels below require (request and invite)",
        levels=(Level.REQUEST, Level.INVITE),
    ),
    Rule(
        "level:below-request",
        rf"{_WEAKER} than (?:an? |the )?request\w*",
        "the level below request (invite)",
        levels=(Level.INVITE,),
    ),
    Rule(
        "level:not-binding",
        # after a comma or "but" the negation contrasts the level named before ("requested, not required"):
        # it excludes that one, it does not ask for invitations
        rf"non-?binding|(?<!, )(?<!but ){_NOT} (?:legally )?(?:binding|compulsory|mandatory"
        r"|obligatory|required)"
        # "not optional" is binding (level:obligation)
        r"|(?<!not )(?<!n't )(?<!n’t )(?:voluntary|optional)",
        "invitation level",
        levels=(Level.INVITE,),
    ),
    Rule(
        "level:require-named",
        r"['‘“\"]requir\w*['’”\"]?|requir\w*[- ]level|level of requir\w*|(?<!second )strongest|strictest"
        r"|most (?:urgent|serious)"
        # the first of the three, named by its place ("the top level"), as the middle one is
        r"|(?<!second )(?:top|highest|first|upper)[- ](?:level|tier)"
        r"|(?-i:REQUIR[A-Z]*)"  # the document's word, in capitals for emphasis
        # a "hard" requirement is the firmest kind, as against the requests "obligations" also means
        r"|hard (?:requirements?|obligations?)"
        r"|(?:the|all|any|which|those|these|only) requires\b",  # the verb made a noun: the level's name
        "require level only (the document's own word, or the strongest)",
        levels=(Level.REQUIRE,),
    ),
    Rule(
        "level:committee-requires",
        # the Committee's own verb with the Committee as its subject is the document's wording of its strongest
        # level ("what does the Committee require of …"); "Denmark is required to" stays the lay sense
        r"committee(?: (?:actually|really|still|also|specifically|explicitly|even))? requir(?:e|es|ed)\b",
        "require level only (the Committee's own verb for its strongest level)",
        levels=(Level.REQUIRE,),
    ),
    Rule(
        "level:someone-else",
        # a duty of a person, not of the country ("where do they have to report it?", "must the victim go to the
        # police?"): no level is asked for
        rf"{_PERSON} (?:still |really |actually |first )?(?:have to|has to|had to|must|need to|needs to"
        rf"|(?:are|is) obliged to)|must (?:the )?{_PERSON}",
        "a person's duty, not the country's: no level",
    ),
    Rule(
        "level:obligation",
        r"must|have to|has to|had to|need to|needs to|obliged|obligations?|duty|duties|legally bound"
        r"|forced to|demands?|demanded|(?:not|[a-z]+n['’]t) (?:optional|voluntary)"
        # an adjective of obligation is a level when it stands alone or qualifies a recommendation, not
        # when it describes a thing ("a mandatory course")
        r"|(?:compulsory|mandatory|obligatory|binding)(?=\s*(?:$|[?!.,;:)]|(?:and|or|but|for|to|on|in|at|of|"
        r"recommendations?|requirements?|ones?|measures?|steps?|obligations?|changes?|actions?|items?)\b))",
        "both obligation levels (require and request)",
        levels=OBLIGATIONS,
        broad=True,
    ),
    Rule(
        "level:require-word",
        r"requir\w*",
        # "required" asks for the require level even in its lay sense: of the lists the evaluation sets ask with it
        # alone, nearly all want the require level only (a lay word of duty, "must", still means both)
        "require level (the word of the strongest level, in its lay sense too)",
        levels=(Level.REQUIRE,),
        broad=True,
        own=(Level.REQUIRE,),
    ),
    Rule(
        "level:request",
        # the middle one of the three, named by its place
        r"request(?:s|ed|ing)?|(?:middle|intermediate|second)[- ]level|second[- ](?:strongest|highest)",
        "request level",
        levels=(Level.REQUEST,),
    ),
    Rule(
        "level:invite",
        r"invit\w*|encourag\w*|merely|suggest\w*|nice to have|soft recommendations?|recommended but"
        r"|(?:weakest|softest|lowest|mildest)(?: level)?|(?:bottom|third|last)[- ](?:level|tier)"
        # "a requirement or softer?": the weaker side of a level named, not a topic ("softer than" is a comparison)
        r"|(?<=or )(?:something |anything )?(?:softer|weaker|milder|lighter)(?! than)",
        "invitation level",
        levels=(Level.INVITE,),
    ),
)

# "outside" leaves out a part only when a chapter, section or box is named ("outside the jurisdiction chapter",
# "outside the Denmark-specific boxes"); acts committed outside the country are a topic of the factsheet
_OUTSIDE_PART = r"outside(?: of)?(?= (?:the |its )?(?:[\w'’-]+ ){0,3}(?:chapters?|sections?|parts?|box(?:es)?)\b)"

NEGATION_PREFIX = "negation:prefix"
# Words that exclude the level, scope or kind words that follow them in the same clause.
NEGATION_RULES: tuple[Rule, ...] = (
    Rule(
        "negation",
        rf"{_NOT}|no|never|excluding|exclude|except|other than|apart from|besides|rather than"
        r"|as opposed to"
        r"|instead of|leav(?:e|ing) (?:out|aside)|set(?:ting)? aside|aside from|not counting|without|but not|minus|skip"
        rf"|ignor(?:e|ing)|{_OUTSIDE_PART}",
        "excludes the level, scope or kind named next",
    ),
    Rule(
        NEGATION_PREFIX,
        r"non",  # a prefix: it negates the one word it is joined to ("non-Denmark-specific recommendations")
        "excludes the level, scope or kind it is joined to",
    ),
)

# Words that set aside what they name next in a question that asks about something else ("and if he is after money
# rather than more pictures?"): what is contrasted is not what the question is about.
CONTRAST_RULES: tuple[Rule, ...] = (
    Rule(
        "contrast",
        r"rather than|instead of|as opposed to",
        "what it names next is not what the question asks about",
    ),
)

# Words that leave a part of a set out ("all promising practices except the ones about investigations"): when what
# follows names no level, scope or kind, its topic words say which passages are left out of a list.
LEAVE_OUT_RULES: tuple[Rule, ...] = (
    Rule(
        "leave-out",
        r"except(?: for)?|excluding|exclude|other than|apart from|aside from|besides|leav(?:e|ing) (?:out|aside)"
        r"|set(?:ting)? aside|not counting|but not|minus|skip(?:ping)?|ignor(?:e|ing)|omit(?:ting)?"
        rf"|{_OUTSIDE_PART}"
        # a topic a set is said not to be about ("which generic ones are not about extortion?")
        rf"|{_NOT} (?:about|on|concerning|regarding|relat(?:ed|ing) to|dealing with|to do with"
        r"|concern|deal with|relate to|cover|involve)\b",
        "leaves out of a list the passages on what it names next",
    ),
)

# The country as the one invited, requested or asked ("what is Denmark asked to do?"): with no part named, the part
# addressed to it by name. An invitation or request to all Parties does not name it; "required" is not among these
# words, as a requirement to all Parties is the Convention's obligation, binding on the country as on every Party.
ADDRESSED_RULES: tuple[Rule, ...] = (
    Rule(
        "scope:addressed",
        r"{country}(?: itself)? (?:is |be |being |gets? )?(?:(?:merely|only|just|formally|specifically|actually|also"
        r"|still|simply|being) )?[*'‘\"“]?(?:invited|requested|asked)\b|(?:invites?|requests?|asks?) {country}\b",
        "the part addressed to the country by name, when no part is named",
        sections=(Section.COUNTRY,),
    ),
)

SCOPE_RULES: tuple[Rule, ...] = (
    Rule(
        "scope:both",
        # one part named as an addition to the other: "the generic ones included", "including the generic ones"
        r"(?:generic|general|{country}[- ]specific) ones? (?:included|too|as well)"
        r"|(?:including|incl\.?|plus|as well as|and also) (?:the )?(?:generic|general|{country}[- ]specific) ones?"
        r"|(?:including|incl\.?|plus|as well as|and also) (?:the |those )?ones? (?:(?:just|only|specifically|solely) )?"
        r"(?:for|to|aimed at|addressed to) {country}\b"
        r"|(?:including|incl\.?|plus|as well as|and also) (?:(?:the )?ones? |those )?(?:addressed |directed |aimed )?"
        r"(?:to |at )?(?:all|every|other) (?:the )?(?:parties|countries|states)"
        # "specific or generic": both parts named side by side
        r"|specific (?:or|and|&|/|as well as) (?:generic|general)\b|(?:generic|general) (?:or|and|&|/) specific"
        r"|(?:{country}|{adjective}),? (?:or|and|&|/|as well as) (?:the )?(?:generic|general)\b"
        r"|(?:generic|general) (?:ones )?(?:or|and|&|/|as well as) (?:{country}|{adjective})\b"
        # "whether it is aimed at Denmark or all Parties"
        r"|(?:to|at|for) {country},? (?:or|and|&|/|as well as) (?:to |at |for )?(?:(?:all|every|other) (?:the )?"
        r"(?:parties|countries|states)|every(?:one|body)(?: else)?|the (?:rest|others))",
        "both parts, the country's and the generic",
        sections=(Section.COUNTRY, Section.GENERIC),
    ),
    Rule(
        "scope:country",
        r"{country}[- ]specific|{country}[- ]only|specific(?:ally)? (?:to|for|at) {country}"
        r"|(?:to|for|at) {country} (?:specifically|only|alone)|(?:only|just|solely|exclusively) (?:to|for|at) {country}"
        r"|address(?:es|ed)? (?:to|at) {country}|directed (?:to|at) {country}"
        # a recommendation naming the country is one of its part ("which requests don't mention Denmark?")
        r"|(?:mention(?:s|ing)?|nam(?:e|es|ing)|refer(?:s|ring)? to) {country}\b"
        r"|{country}(?:'s|’s) own|just {country}|{adjective}[- ]specific|country[- ]specific|{country} ones?"
        # the country named after "specifically", or before "in particular", in an elliptic follow-up
        r"|specifically {country}|{country},? specifically|(?:particularly|especially) {country}"
        r"|{country} in particular"
        # the country's own part of a chapter named as a place ("the Denmark box", "the Danish section")
        r"|(?:{country}|{adjective})(?:'s|’s)? (?:box|part|section|bit)\b"
        r"|(?:box|part|section) (?:on|for|about) {country}"
        r"|(?:asks?|tells?|invites?|requests?|requires?|wants?) {country} itself"
        r"|(?:the |those )ones? (?:for|to|aimed at|addressed to) {country}\b"
        # the recommendations of a level made to the country ("the invitations to Denmark", "recs for Denmark")
        r"|(?:recommendations|recs|invitations|requests) (?:made |addressed |directed )?"
        r"(?:to|for) {country}\b"
        # what the Committee asks of the country by name ("what does the Committee invite Denmark to do?")
        r"|(?:committee|it|they) (?:\w+ )?(?:invites?|requests?|requires?|asks?|wants?|expects?|tells?|urges?"
        r"|calls? on|push(?:es|ed)?|press(?:es|ed)?)(?: of| from)? {country}\b"
        # "Denmark or all Parties": the country named beside all Parties is its own part of the set
        r"|{country}(?= (?:or|and|as well as) (?:to |at |for )?(?:all|every|other) (?:the )?"
        r"(?:parties|countries|states)"
        r"|,? (?:or|and|as well as) (?:to |at |for )?(?:the )?(?:parties|countries|states) (?:in general|generally)"
        r"|,? (?:or|and|as well as) (?:in general|generally|(?:to|for|at) (?:everyone|everybody|all)\b))",
        "the part addressed to the country alone",
        sections=(Section.COUNTRY,),
    ),
    Rule(
        "scope:generic",
        r"generic|general ones|general recommendations?|all[- ](?:the )?(?:parties|countries|states|member states)"
        # "general" beside the country-specific part is the other part
        r"|(?<=specific and )general|(?<=specific or )general"
        r"|general(?= (?:and|or) (?:the )?(?:{country}|country)[- ]specific)"
        r"|every (?:country|party|state)|other (?:parties|countries)|in general|generally|to everyone|for everyone"
        r"|across (?:the )?(?:parties|countries|states)|each (?:party|state|country)",
        "the generic part, addressed to all Parties",
        sections=(Section.GENERIC,),
    ),
)

KIND_RULES: tuple[Rule, ...] = (
    Rule(
        "kind:practice",
        # "practises", the verb's spelling, is often written for the noun
        # the practices of someone (offenders', the police's) or the current ones are how things are done
        r"(?:good|best|promising|positive) (?:practi[cs]es?|examples?)"
        r"|(?<!perpetrator )(?<!perpetrators )(?<!offender )(?<!offenders )(?<![’'] )(?<!current )(?<!existing )"
        r"practi[cs]es|practice examples?|success stor\w+"
        r"|examples? of what works|model projects?|examples?",
        "promising practices",
        kinds=(Kind.PRACTICE,),
    ),
    Rule(
        "kind:intro",
        r"key findings|main findings|overall findings|introduction|general findings|findings (?:as to|for|across) all"
        # findings about all Parties are the introduction's key findings "as to all Parties" (the generic part
        # holds recommendations only): "the findings of the report across all the States Parties"
        r"|findings (?:(?!recommend|requir|request|invit)[\w'’-]+ ){0,5}?(?:as to|for|across|on|about|of|in) "
        r"(?:all|every) (?:the )?(?:states |member )?(?:parties|countries|states)",
        "the introduction and key findings",
        kinds=(Kind.INTRO,),
    ),
    Rule(
        "kind:rationale",
        # why a topic matters is what a chapter's introduction says, before its findings and recommendations
        # (the span is the asking words only: the topic between them routes)
        r"why (?:is|are|does|do|would|should)(?= [^?.!;]{1,60}? (?:(?:so |that |this )?(?:important|central|crucial"
        r"|essential|necessary|needed|vital|key|relevant)|matters?|(?:such )?a big deal"
        r"|focus(?:es)? (?:so much |so heavily |heavily |a lot )?on|looks? at"
        r"|cares? about|(?:puts?|places?|lays?) (?:so much |such |a lot of )?(?:weight|emphasis|importance)"
        r"|at all(?=\s*[?.!]*$))\b)"
        r"|why bother",
        "why a topic matters: the introductions",
        kinds=(Kind.INTRO,),
    ),
    Rule(
        "kind:legal-basis",
        # the Convention's articles behind a topic are what a chapter's introduction cites
        r"(?:which|what) articles (?:of the (?:lanzarote )?convention )?(?:underpin|set out|ground|justify|lay down"
        r"|establish|are behind|form the basis)|(?:on )?what legal basis (?:does|do|is|are)",
        "the Convention's articles behind a topic: the introductions",
        kinds=(Kind.INTRO,),
    ),
    Rule(
        "kind:in-line",
        # what the country already does right is observed: "where is Denmark in line with its recommendations?"
        r"(?:in line|compl(?:y|ies|iant)|in accordance|conform\w*|consistent) with (?:[\w'’-]+ ){0,3}recommend\w*"
        r"|(?:in line|compl(?:y|ies|iant)|in accordance|conform\w*|consistent) with what (?:the )?(?:lanzarote )?"
        r"(?:committee|convention) (?:wants|asks|expects|recommends|requires)"
        r"|credit(?:s|ed)? {country} with"
        # what the Committee finds the country already has or does: its findings, not the practices described
        r"|(?:committee|it) (?:says?|said|finds?|found|notes?|noted|observes?|observed|acknowledges?|recogni[sz]es?)"
        r" (?:that )?{country} (?:already|currently) (?:has|have|does|do|is|runs?|offers?|provides?)\b"
        r"|already (?:implement\w*|follow\w*|appl\w+|meet\w*|fulfil\w*) (?:[\w'’-]+ ){0,3}recommend\w*"
        # what the country has that answers the recommendations ("capacities that match its recommendations")
        r"|(?:that|which) (?:match(?:es)?|meets?|fulfils?|satisf(?:y|ies)|correspond(?:s)? to) (?:[\w'’-]+ ){0,3}"
        r"recommend\w*",
        "what the country already does as recommended: the Committee's observations",
        kinds=(Kind.OBSERVATION,),
    ),
    Rule(
        "kind:observation",
        r"observations?|observe[sd]?|noted|notes|findings? (?:on|about|for|regarding) {country}"
        r"|what (?:did|does) the committee (?:find|note|observe|say about {country})|assessment of {country}"
        r"|(?:did|does|do) (?:the committee|they|it) note"
        r"|findings?"
        # what the Committee found or raised ("the main problems the Committee found", "concerns raised")
        r"|(?:committee|it|they) (?:found|identified|raised)|(?:concerns?|problems?|issues?|shortcomings?) (?:it |they "
        r"|the committee )?(?:(?:was|were|has|have) )?(?:found|identified|raised)",
        "the Committee's observations",
        kinds=(Kind.OBSERVATION,),
    ),
    Rule(
        "kind:recommendation",
        # "asking" only of whom the Committee asks ("asking Denmark to"), not "asking the Council of Europe for …"
        r"recommendations?|recommend\w*|recs?|asks?|asked|asking(?= (?:{country}|(?:all |other )?(?:parties|countries"
        r"|states)|them|it)\b)|calls? (?:on|for)"
        r"|told to|supposed to|expected to|to-?do|action points?|changes?|should"  # level words name levels instead
        r"|push(?:es|ed)? {country}|press(?:es|ed)? {country}|urg(?:es|ed) {country}"
        # what it wants done ("what would the Committee want fixed?"), not what has changed
        r"|wants? (?:[\w'’-]+ ){0,3}(?:changed|done|fixed|improved|amended|put in place)",
        "recommendations",
        kinds=(Kind.RECOMMENDATION,),
    ),
)

# A question about how things are in the country, not what it should do: observations and practices
# answer it (a boost for a search, never a filter).
STATE_RULES: tuple[Rule, ...] = (
    Rule(
        "state",
        # but "what is Denmark required / asked to do" asks what it must do
        # ("what are Denmark's requirements?" asks for its part, not how it is)
        r"(?:how|what|where|who|when) (?:does|do|did|is|are|was|were|would|will) {country}\b(?!['’]s\b)"
        r"(?! (?:\w+ )?(?:required|obliged|expected|asked|requested|invited|supposed|told|urged|recommended"
        r"|called on|ha(?:ve|s) to|needs? to)\b)"
        # "does Denmark have to ..." asks what it must do: an obligation, not how things are
        r"|(?:does|do|did|is|are|has|have) {country} (?:(?:have|has)(?! to\b)|already|currently|do|use|run|provide"
        r"|prosecute|handle|deal|apply|assume|require|treat|offer|teach|train|support|fund|done|conducted|undertaken"
        r"|carried|launched|introduced|adopted|set up|taken)"
        # "do Danish schools teach ...", "do Danish kids actually get taught ...": the country's own people and bodies
        r"|(?:does|do|did|is|are|has|have) (?:the )?{adjective} (?:(?!ha(?:ve|s) to\b)[a-z]+ ){1,3}?"
        r"(?:actually |already |currently |really )?(?:get|gets|(?:have|has)(?! to\b)|teach|learn|run|use|provide"
        r"|offer|receive|treat|handle|prosecute|train|know|deal|work)\b"
        # "how is sex education organised in Danish schools?": how something is done there
        r"|how (?:is|are|was|were) [^?.!;]{1,60}? (?:in|by|at|within|across) (?:the )?(?:{country}|{adjective})\b"
        r"|what did {country} (?:say|report|tell|indicate|mention)"
        r"|{country} (?:already |currently |now |still )?(?:(?:has|have)(?! to\b)|reported|said|indicated|told)"
        # "who are …?" asks; "victims who are abused abroad" describes
        r"|is there|are there|currently|at present|nowadays|in practice"
        r"|(?:^|(?<=[.?!,;:(] )|(?<=\band )|(?<=\bso )|(?<=\bbut )|(?<=\bthen )|(?<=\bok )|(?<=\balso ))"
        r"who (?:runs|carried|leads|is responsible|are)"
        # who or what does something in the country, in the present ("which organisations run projects in Denmark?");
        # not what someone should do there
        r"|(?:which|what|who)\b(?:(?! (?:should|must|ought|need|needs|have to|has to|is to|are to)\b)[^?.!;]){0,60}?"
        r" (?:run|runs|operate|operates|conduct|conducts|lead|leads|fund|funds|provide|provides|offer|offers"
        r"|carry out|carries out)\b[^?.!;]{0,60}? in {country}\b",
        "asks how things are: observations and practices boosted",
        kinds=(Kind.OBSERVATION, Kind.PRACTICE),
    ),
)

# whom the Committee asks to act: the country or the Parties at large
_WHOM = r"(?:{country}|(?:all |other |the )?(?:countries|parties|states|governments))"
_TO_DO = r"(?:do|change|ensure|fix|improve|adopt|introduce|put in place|implement|amend|follow)"

# A question asking for a set, not for the best passage.
SET_RULES: tuple[Rule, ...] = (
    Rule(
        "set:cue",
        # "all" does not ask for a set in "all Parties", which is a scope
        # "list" is a verb after a pronoun: "what dates does it list?" asks what a passage names
        r"(?<!\bit )(?<!\bthey )(?<!\bthis )(?<!\bthat )list"
        r"|(?<!\bat )all(?! (?:the )?(?:parties|countries|states|member))|every|everything|each|complete|full|entire"
        r"|whole|enumerate|overview|sum(?:up|marise|marize)|any and all|one by one|itemi[sz]e|break (?:it )?down"
        r"|how many (?:recommendations|requirements|obligations|requests|invitations|practi[cs]es|observations"
        r"|findings)"
        # every passage that names something: "which passages mention INTERPOL?"
        r"|(?:which|what) (?:passages|parts|places|paragraphs|bits) (?:mention|name|talk about|refer to|discuss"
        r"|are about|deal with|concern|cover)"
        # "where does the factsheet refer to …?": the places it does
        r"|where (?:else )?(?:does|do|did) (?:the )?(?:factsheet|document|report|text) (?:mention|refer to|cite"
        r"|talk about|discuss|rely on|speak of)"
        r"|(?:every|all|each) mentions? of",
        "asks for a whole set",
    ),
    Rule(
        "set:which",
        # a set when a plural follows ("which recommendations"), not "which report paragraph"; weaker than
        # "all": with no level, scope or kind named it is searched, not listed
        # "which recommendation says …" asks for one: a singular set noun first is no set
        r"which (?:of|ones)|which (?!(?:recommendation|rec|passage|observation|practice|paragraph|one|part|chapter"
        r"|section|requirement|request|invitation)\b(?!-))(?:[\w-]+ ){0,4}(?!does|was|has|is)\w{2,}[a-rt-z]s\b"
        r"|what (?:are|were) the|what (?:are|were) all"
        r"|what (?:(?!(?:does|do|did|is|are|was|were|has|have)\b)\w+ ){0,4}(?:recommendations|recs|requirements"
        r"|obligations|requests|invitations|practi[cs]es"
        r"|observations|findings)\b"
        r"|(?:only|just) (?:the )?(?:invitations?|requests?|requirements?|obligations?|recommendations?|practi[cs]es?"
        r"|observations?|generic ones|ones)",
        "asks for some of a set",
    ),
    Rule(
        "set:the-ones",
        # a set described by what its members are ("the things Denmark is invited to do", "the ones that are not
        # just invitations", "the generic ones"); like "which": with no level, scope or kind named it is searched,
        # not listed; not the ones the earlier answer showed ("the ones you listed")
        r"the (?:[\w-]+ ){1,2}?(?:things|ones|items|measures|steps)\b(?!\s*you\b)"
        r"|the (?:things|ones|items|measures|steps)\b(?!\s*(?:you\b|[?.!,;]|$))",
        "describes some of a set",
    ),
    Rule(
        "set:what-must",
        # an adverb may stand after "what" ("what exactly is Denmark required to do?")
        r"(?:what (?:else |exactly |precisely |actually |really |concretely )?(?:must|should|is|are) {country}"
        r"|what (?:else |exactly |precisely |actually |really |concretely )?(?:does|do) {country} (?:have|need) to"
        r"|what (?:exactly |precisely |actually |really |concretely )?(?:does|do|did) (?:the )?"
        # "it" / "they" after a question on the Committee's recommendations is the Committee
        r"(?:committee|factsheet|report|it|they) (?:want|ask|expect|need|require|request|invite|tell)s? "
        + _WHOM
        + r"|what (?:is|are) (?:the )?(?:committee|factsheet|report) (?:want|ask|expect|requir|request|invit|tell)ing "
        + _WHOM
        + ")"
        r"\b[^?.!;]{0,50}?\b(?:to )?" + _TO_DO,
        "asks for what the country is to do: a set of recommendations",
        kinds=(Kind.RECOMMENDATION,),
    ),
    Rule(
        "set:what-done",
        # what it did or does, not what it is to do: observations answer it as much as recommendations
        r"what (?:else )?(?:has|have|does|do|did) {country}\b[^?.!;]{0,50}?\b(?:to )?" + _TO_DO,
        "asks for what the country does or did: a set",
    ),
    Rule(
        "set:contrast",
        r"what (?:is|are) [^?.!;]{1,40}? and what (?:is|are)|which (?:are|is) [^?.!;]{1,40}? and which"
        r"|split (?:it |them )?(?:up )?by level|by level|per level|level by level",
        "asks for two groups side by side: a set",
    ),
    Rule(
        "set:noun-phrase",
        # a bare noun phrase naming a set ("research recs for Denmark"): no question word, no verb of asking
        r"^(?!.*\b(?:what|which|how|why|who|whom|when|where|does|do|did|is|are|was|were|can|could|should|must"
        r"|would|will|has|have|tell|explain|give|show)\b)[^?]{0,80}\b(?:recommendations|recs|requirements"
        r"|obligations|requests|invitations|practi[cs]es|observations|findings)\b",
        "names a set without asking: the set",
    ),
    Rule(
        "set:level-named",
        r"['‘“\"](?:requir|request|invit)\w*['’”\"]|(?:require|request|invite|invitation)s? level|at (?:the )?level"
        r"|levels? of (?:urgency|obligation)",
        "names the document's levels: a set by level",
    ),
)

# The phrase naming a set's topic: "everything about <topic>", "every recommendation that deals with <topic>".
# In a set question its words say which passages belong to the set; the question's other words only rank
# them. The phrase runs from here to the end of its clause.
ABOUT_RULES: tuple[Rule, ...] = (
    Rule(
        "topic:about",
        r"(?:(?:says?|said|written|there|recommend\w*|observ\w+|passages?|parts?|recommendations?|recs|practi[cs]es"
        r"|observations|findings|everything|anything|all|every\w*)(?: [\w'’-]+){0,3} )"
        r"(?:about|on|concerning|regarding|relating to|related to|to do with|dealing with|deals? with"
        r"|in relation to|on the (?:topic|subject) of|that mentions?|mentioning)(?= \S)"
        # "where does the factsheet refer to the Explanatory Report?": the passages naming it
        r"|(?:refers?|referring|referred|mentions?|mentioned|cites?|cited|citing)(?: to)?(?= \S)",
        "the words that follow, to the end of the clause, say which passages are in the set",
    ),
)

# "Everything" asks for every kind of passage: kinds named after its topic phrase describe the set.
EVERYTHING_RULES: tuple[Rule, ...] = (
    Rule(
        "topic:everything",
        r"everything|anything and everything|all (?:that|it) (?:the \w+ )?says?",
        "every kind of passage: kinds named after the topic phrase describe it, they do not narrow it",
    ),
)

# "What does the Committee recommend on …?": the recommendations of a chapter, when the topic is the
# chapter's whole topic (otherwise the best-matching recommendations are searched).
RECOMMEND_RULES: tuple[Rule, ...] = (
    Rule(
        "set:recommend-on",
        # the chapter may be named before the verb: "what does the research chapter recommend"
        r"what (?:does|do|did) (?:the )?(?:lanzarote )?"
        r"(?:committee|factsheet|report|they|(?:[\w-]+ ){1,3}(?:chapter|section)) (?:recommend|propose|suggest"
        r"|ask for|call for)|what (?:is|are) (?:being )?(?:recommended|proposed)|recommendations? (?:on|about|for|in)"
        # what it tells the country to do: its recommendations to it
        r"|what (?:does|do|did) (?:the )?(?:lanzarote )?committee "
        r"(?:tell|advise|urge|want(?: from)?|expect(?: from| of)?|(?:require|request|ask)(?: from| of)?) {country}"
        # the Committee's verb of a level with nothing after it, in a follow-up: "so what do they invite?"
        r"|what (?:else )?(?:does|do|did) (?:the )?(?:committee|it|they) (?:(?:only|merely|just|also) )?"
        r"(?:require|request|invite|ask for)(?=\s*[?.!]*$)"
        # the same in the passive ("what is requested of the country then?"); not "what is
        # required for a conviction?", which asks about the law
        r"|what(?:['’]s| is| are)(?: (?:else|exactly|only|merely|just|actually|also|being))* (?:required|requested"
        r"|invited)(?: (?:of|from) (?:{country}|them|it|the country))?(?: (?:rather than|instead of|as opposed to"
        r"|but not|and not|not) (?:what(?:['’]s| is) )?(?:required|requested|invited))?"
        r"(?: (?:there|here|then|too|in (?:that|this|the same) chapter))?(?=\s*[?.!]*$)",
        "asks what is recommended on a topic: a chapter's recommendations when the topic is the chapter's",
    ),
)

# "Are there any ...?": a yes/no question whose answer is the set that exists.
ANY_RULES: tuple[Rule, ...] = (
    Rule(
        "set:any",
        # "is anything … required?" asks whether any exist, as "are there any requirements …?" does
        r"^(?:so |and |but )?(?:are|is|does|do|were|was) (?:there )?any(?:thing)?\b"
        r"|\bany (?:(?:good|best|promising|positive|other|such) )?(?:recommendations?|requirements?|obligations?"
        r"|requests?|invitations?|practi[cs]es?|observations?|(?:practice )?examples?)\b",
        "asks whether any exist: the set that answers it",
    ),
)

# A whole-factsheet scope for a list without a topic ("in the factsheet", "across chapters").
WHOLE_RULES: tuple[Rule, ...] = (
    Rule(
        "whole:document",
        r"in (?:the|this) (?:whole |entire )?(?:factsheet|document|report)|anywhere|across (?:all )?(?:the )?chapters"
        r"|in total|altogether|throughout|overall|whole factsheet|every chapter|all chapters",
        "the whole factsheet",
    ),
)

YES_NO_RULES: tuple[Rule, ...] = (
    Rule(
        "yes-no",
        # "can you list ...?" is a request for the list, not a yes/no question
        r"^(?:so |and |but |ok(?:ay)?,? )?(?!(?:can|could|would|will) (?:you|u) (?:please |pls )?(?:list|give|show|tell"
        r"|name|summari[sz]e|enumerate|find|pull|provide|share|point|explain|describe|clarify|rephrase)\b)"
        r"(?:does|do|did|is|are|was|were|can|could|should|shall|has|have|had|will"
        r"|would|may|must|isn't|aren't|doesn't|don't)\b",
        "a yes/no question",
    ),
)

DEFINITION_RULES: tuple[Rule, ...] = (
    Rule(
        "definition:binding",
        # whether one of the document's own level words binds: what the levels mean, even asked yes/no
        r"['‘“\"](?:requir|request|invit)\w*['’”\"].*\b(?:is|are|does|do|was|were) (?:it|that|this|they|these|those)\b"
        r".*\b(?:binding|obligations?|obligatory|mandatory|compulsory|enforceable)\b"
        r"|\b(?:is|are) (?:an? |the )?['‘“\"](?:requir|request|invit)\w*['’”\"]? (?:\w+ ){0,3}"
        r"(?:an? )?(?:legal(?:ly)? )?(?:binding|obligatory|mandatory|compulsory|enforceable|obligations?)\b",
        "asks whether a level the document names binds: the passages that define the levels",
    ),
    Rule(
        "definition:level-basis",
        # a level the document names, quoted, and what defines it or where it comes from: the passages defining it
        r"^(?=.*['‘“\"](?:requir|request|invit)\w*['’”\"]).*\b(?:define[sd]?|source|basis|based on|grounded"
        r"|stems? from|comes? from|cited|rules? of procedure)\b",
        "asks what defines a level the document names: the passages that define the levels",
    ),
    Rule(
        "definition",
        r"mean|means|meaning|meant|mean by|signif(?:y|ies)|definitions?|defined as|difference between|differ"
        # what a quoted word conveys: "what does an 'invite' signal?"
        r"|(?<=['’”\"] )(?:signal|denote|indicate|imply|convey)s?"
        r"|different levels?"
        r"|distinguish|stands? for|short for|abbreviat\w*|acronyms?\b"
        r"|what (?:is|are) (?:the )?(?:(?:three|3|different|various) )?(?:levels|terms|categories)\b|levels? of urgency"
        r"|explain (?:the )?(?:(?:three|3|different|various) )?(?:levels|terms)"
        # what a named thing is for is what the passage saying what it is says: "the aims of the Lanzarote Convention"
        r"|\b(?:aims?|purposes?|goals?|objectives?) of (?:the |this )?(?:(?:lanzarote )?convention\b"
        r"|(?-i:[A-Z][\w-]*(?: [A-Z][\w-]*)+)|(?-i:[A-Z]{3,})s?\b)"
        # the document's level words set against each other: "require vs request vs invite" (not what the country is
        # "required vs invited" to do)
        r"|\b(?:requires?|requests?|invites?|requirements?|invitations?)['’”\"]? (?:vs\.?|versus|compared (?:to|with)) "
        r"['‘“\"]?(?:requires?|requests?|invites?|requirements?|invitations?)\b"
        r"|what (?:is|are) (?:a |an |the )?(?:lanzarote )?convention"
        r"|what (?:is|are) (?:a |an )?(?!all\b|any\b|the\b)(?-i:[A-Z]{3,})s?"
        # the whole question a name the factsheet writes capitalised: "what is <Name>?", "<Name> - what is it?"
        r"|^what(?:'s|’s| is| are) (?:the )?(?-i:[A-Z][\w-]*(?: [A-Z][\w-]*)+)\s*\?*$"
        r"|^(?-i:[A-Z][\w-]*(?: [A-Z][\w-]*)+)\s*[-–—:,]+\s*what(?:'s|’s| is| are) (?:it|that|this|they)\s*\?*$",
        "asks what something means: the passages that define it",
    ),
)

# Who is asking or what for ("As a lawyer:", "for my essay,"): not what the question is about.
ASIDE_RULES: tuple[Rule, ...] = (
    Rule(
        "aside:asker",
        # ended by a comma, colon, semicolon or the sentence's full stop ("I'm an NGO doing outreach. Which ...")
        r"^(?:as an?|for an?|for my|i'?m an?|i am an?|speaking as an?|writing as an?) "
        r"(?:[^,:;?]{1,40}[,:;]|[^,:;?.]{1,40}\.(?= ))"
        # who asks, up to what they are doing, which may name the topic ("I'm a lawyer looking at the reservation.")
        r"|^(?:i'?m an?|i am an?) (?:[\w-]+ ){0,3}?[\w-]+(?= (?:looking|compiling|working|researching|writing|preparing"
        r"|studying|reading|checking|covering|trying|doing|interested|who|and)\b)"
        r"|^(?:quick question|question|hi|hello|hey|please|sorry)\b[,:!]?"
        # who asks, introduced by "here" ("Journalist here -", "NGO researcher here:")
        r"|^(?:an? )?[a-z-]+(?: [a-z-]+)? here\s*[-–—,:;.!]",
        "who asks or what for: not the topic",
    ),
    Rule(
        "aside:new-subject",
        # a change of subject announced: "different question -", "ok, switching topic:"; a follow-up no more
        r"^(?:ok(?:ay)?,? |so,? |now,? |and,? )?(?:(?:a|one|another|a different|a new|an unrelated|totally different|"
        r"different|new|unrelated|separate|other) (?:question|topic|subject|thing)"
        r"|(?:switching|changing|change of) (?:the )?(?:topic|subject)(?: completely)?)\b\s*[-–—,:!.]?",
        "a new subject announced: not the topic, and not a follow-up",
    ),
    Rule(
        "aside:purpose",
        # what the answer is for, anywhere in the question ("the full list for a briefing note")
        r"for (?:an?|my|our|the|this) (?:[\w-]+ )?(?:briefing|brief|memo|note|article|story|essay|thesis|paper"
        r"|presentation|newsletter|blog|piece|slides|talk|lecture|class|seminar|submission|podcast)(?: notes?)?",
        "what the answer is for: not the topic",
    ),
    Rule(
        "aside:issuing",
        # the Committee's act of recommending ("which recommendations did the Committee make …"), not a topic; "make
        # sure" is one ("asks Parties to make sure …")
        r"(?:(?:did|does|do|has|have|had|will|would) (?:the )?(?:lanzarote )?(?:committee|it|they)|(?:that|which)"
        r" (?:the )?(?:lanzarote )?committee(?: has| had)?) (?:make|made|makes|give|gave|given|gives|issue|issued"
        r"|issues|formulate|formulated)(?! sure)",
        "the Committee's act of recommending: not the topic",
    ),
    Rule(
        "aside:unrestricted",
        # a clause's last words saying it holds for anyone ("training, for any group", "of any kind"): they widen
        # what was named, they name no topic of their own
        r"(?:for|to|of|by|at|in|from|on) any(?:one|body|(?: single| one)? [\w-]+)(?=\s*(?:$|[,.;:?!)]))",
        "said to hold for any of them: not the topic",
    ),
    Rule(
        "aside:gloss",
        # the asker's own gloss of what they named ("the 'require' level, i.e. actual obligations under ..."):
        # it restates, it does not narrow
        r"(?:(?<=, )|(?<=,)|(?<=\( )|(?<=\())(?:i\.?\s?e\.?|that is|in other words|namely)(?=[\s,:])[^?;)]*",
        "the asker's gloss of what they named: not the topic",
    ),
)

FOLLOW_UP_RULES: tuple[Rule, ...] = (
    Rule(
        "follow-up:pointer",
        r"those|these|them|they|of them|that one|the above|above ones|same ones|any of (?:that|this|them|those|it)"
        r"|all of (?:that|them|this)|either of|both of|the ones you|you (?:just )?(?:listed|mentioned|showed)"
        r"|(?:just|only) the ones|the ones (?:from|in|under)|^(?:and )?which ones?\b(?! of the)"
        r"|that list|(?:is|was|are|were) (?:that|this|it|they)|(?:that|this|it) (?:is|was)",
        "points at the earlier answer's passages",
    ),
    Rule(
        "follow-up:elliptic",
        r"^(?:and|but|also|so|ok(?:ay)?|now|then|what about|how about|and what about|what of|same for|same question for"
        r"|and for|and in|and on|and the|and how about|and which|and what|and is|and are|and do|and does)\b"
        r"|what if|instead|as well|in that case|in this case|too(?=\s*\??\s*$)|also",
        "continues the earlier question",
    ),
    Rule(
        "follow-up:pronoun",
        r"it|its|this|that|they|their|there|such|the same|this one|that one|same thing|these measures",
        "refers to something of the earlier question",
    ),
)

# A question word, an auxiliary or an imperative: a clause of its own. An elliptic follow-up without one is a fragment
# of the earlier question ("and for sharing pictures of other children?"), however many words it has.
CLAUSE_RULES: tuple[Rule, ...] = (
    Rule(
        "follow-up:own-clause",
        r"what|which|who|whom|whose|where|when|why|how|is|are|was|were|isn['’]t|aren['’]t|do|does|did|don['’]t"
        r"|doesn['’]t|can|could|should|would|will|has|have|had|must|may|might|tell|list|show|give|explain|describe",
        "a question of its own, not a fragment of the earlier one",
    ),
)

# A follow-up pointing at where the earlier answer sits ("the other recs in that chapter", "the ones there").
HERE_RULES: tuple[Rule, ...] = (
    Rule(
        "follow-up:same-chapter",
        r"(?:that|this|the same|same) (?:chapter|section|part|box)|(?:ones|recs|recommendations|those|others)"
        r" (?:in )?there\b",
        "the chapter of the earlier answer",
    ),
)

# A follow-up pointing at the level the earlier question named ("which Denmark-specific ones are at that level?"):
# that level, whatever else it names.
SAME_LEVEL_RULES: tuple[Rule, ...] = (
    Rule(
        "follow-up:same-level",
        r"(?:that|this|the same|same) (?:urgency |obligation )?(?:level|tier)\b",
        "the level of the earlier question",
    ),
)

# A follow-up naming its referent with a demonstrative or "the" ("who runs that centre?", "who ran the survey?"):
# the noun says what it is.
REFERENT_RULES: tuple[Rule, ...] = (
    Rule(
        "follow-up:referent",
        r"(?:that|this|those|these|the) (?!(?:a|an|the|it|to|in|on|of|for|and|or|not|all|any|some|also|only|just"
        r"|one|ones|numbers?|chapter|section|part|box|recommendations?|recs?|passages?"
        r"|paragraphs?|paras?|answer|question|list|set|level|way|case|kind|sort|type|is|was|are|were|does|do|did"
        r"|has|have|can|could|would|will|should|must|may|might)\b)[a-z]+\b(?! ones?\b)",  # "the school one": not a noun
        "names the thing pointed back at",
    ),
)

# Where the earlier answer comes from: its passages, whose citations each shows ("which paragraph does that cite?").
CITATION_RULES: tuple[Rule, ...] = (
    Rule(
        "follow-up:citation",
        r"(?:which|what)(?:'s| is| are)? (?:the )?(?:[\w-]+ ){0,4}(?:paragraphs?|paras?|§|recommendations?|recs?"
        r"|footnotes?|sources?|references?|citations?|numbers?|ids?)\b[^?.!]{0,40}?"
        r"\b(?:does|do|did|is|are|was|were|for) (?:that|this|it|they|those|these"
        r"|the (?:observation|finding|recommendation)s?)\b(?! \w+ (?:on|about)\b)"
        r"|(?:citations?|sources?|references?|footnotes?) (?:for|of|behind) (?:that|this|it|those|these)"
        r"|where (?:is|does|do|are) (?:that|this|it|those|these) (?:come )?from"
        r"|where (?:does|did|do) (?:the )?(?:committee|factsheet|report|it|they) (?:say|state|write|mention|note)s?"
        r" (?:that|this|so)(?=\s*(?:[?.!]|$))|where is (?:that|this) (?:said|written|stated)"
        r"|(?:what|which) (?:does|do|did) (?:that|this|it|they|those|these) (?:cite|refer to|rely on)",
        "asks where the earlier answer comes from: its passages, each with its citation",
    ),
)

# Why the Committee made the recommendation the earlier answer led with: the findings it was made on.
WHY_RULES: tuple[Rule, ...] = (
    Rule(
        "follow-up:why",
        r"^(?:and |but |so |ok(?:ay)?,? )?(?:why|what (?:is|was) the reason|for what reason|on what (?:basis|grounds)"
        r"|(?:what|which) (?:\w+ ){0,2}(?:is|was|are|were) (?:it|that|this|they|these|those) based on"
        r"|what led to (?:it|that|this|these|those|them))\b"
        r"|\b(?:that|which) led (?:to|up to) (?:it|that|this|these|those|them)\b"
        # "what's the situation in Denmark that it responds to?", "what prompted it?": the findings behind it
        r"|\b(?:that|which) (?:it|that|this|they|these|those) (?:responds?|reacts?|is responding|are responding) to\b"
        r"|\b(?:prompted|triggered|motivated) (?:it|that|this|these|those|them)\b",
        "asks why the earlier recommendation was made: the findings before it lead",
    ),
)

# Groups of people a question asks about: an elliptic follow-up naming only another group ("and what of judges?")
# asks the earlier question of that group, in place of the group the earlier question named.
GROUP_RULES: tuple[Rule, ...] = (
    Rule(
        "follow-up:new-group",
        r"(?:front[- ]desk |specialised |local )?(?:police(?: officers?| units?)?|cops?|officers?|detectives?"
        r"|investigators?|law enforcement(?: agents?| officers?)?|prosecutors?|judges?|courts?|lawyers?"
        r"|teachers?|educators?|pedagogues?|student teachers|trainee teachers|school staff|schools?"
        r"|parents?|famil(?:y|ies)|carers?|caregivers?|professionals?|social workers?|doctors?|nurses?"
        r"|health(?:care)? (?:workers?|professionals?|staff)|coaches?|volunteers?|sports? clubs?"
        r"|(?:kids|children|minors|young people)(?: with disabilit\w+)|disabled (?:kids|children)"
        r"|ngos?|civil society|(?:tech|technology|internet) (?:companies|firms|industry|sector)|the media"
        r"|(?:the )?(?:general )?public|offenders?|perpetrators?)",
        "a group of people: named alone in a follow-up, it takes the place of the earlier question's group",
    ),
)

# A pointer that picks some of the earlier answer's passages: with words of its own ("which of those are about
# parents?", "which of these are in the training chapter?") it narrows them to those words.
NARROW_RULES: tuple[Rule, ...] = (
    Rule(
        "follow-up:some-of-those",
        r"(?:which|what|any|all|each|one|some|none|how many|both|either) (?:ones? )?of (?:those|these|them|the above"
        r"|that list)|(?:which|what) ones?\b(?! of the)|(?:just|only) (?:those|these|the ones)",
        "picks among the passages of the previous answer",
    ),
)

# A follow-up naming the recommendation it asks about by a topic of its own ("and the one on data retention?"): that
# topic is what it asks about, not the earlier question's, unless the earlier answer holds it.
NAMED_ONE_RULES: tuple[Rule, ...] = (
    Rule(
        "follow-up:names-its-one",
        r"the (?:one|recommendation|rec) (?:on|about|concerning|regarding|dealing with)"
        r" (?!(?:that|this|it|them|those|these)\b)[\w-]+",
        "names the one it asks about by a topic of its own: asked afresh unless the earlier answer holds it",
    ),
)

ALL_RULES: tuple[Rule, ...] = (
    LEVEL_RULES
    + NEGATION_RULES
    + CONTRAST_RULES
    + LEAVE_OUT_RULES
    + ADDRESSED_RULES
    + SCOPE_RULES
    + KIND_RULES
    + STATE_RULES
    + SET_RULES
    + RECOMMEND_RULES
    + ABOUT_RULES
    + EVERYTHING_RULES
    + ANY_RULES
    + WHOLE_RULES
    + YES_NO_RULES
    + DEFINITION_RULES
    + ASIDE_RULES
    + FOLLOW_UP_RULES
    + CLAUSE_RULES
    + HERE_RULES
    + SAME_LEVEL_RULES
    + REFERENT_RULES
    + CITATION_RULES
    + WHY_RULES
    + GROUP_RULES
    + NARROW_RULES
    + NAMED_ONE_RULES
)


@lru_cache(maxsize=256)
def _compiled(pattern: str, country: str, adjective: str) -> re.Pattern[str]:
    filled = pattern.replace("{country}", re.escape(country or "\x00")).replace(
        "{adjective}", re.escape(adjective or "\x00")
    )
    # not inside a hyphenated word, but after the prefix "non-", which negates it ("non-Denmark-specific")
    return re.compile(rf"(?:(?<![\w-])|(?<=\bnon-))(?:{filled})(?![\w])", re.IGNORECASE)


def matches(rules: tuple[Rule, ...], text: str, country: str = "", adjective: str = "") -> Iterator[Match]:
    """Every match of the rules in the text, earlier rules first; a span is claimed by one rule only."""
    taken: list[tuple[int, int]] = []
    for rule in rules:
        for m in _compiled(rule.pattern, country, adjective).finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            yield Match(rule, m.start(), m.end(), m.group(0))


def first(rules: tuple[Rule, ...], text: str, country: str = "", adjective: str = "") -> Match | None:
    """The first match of any of the rules, or None."""
    return next(matches(rules, text, country, adjective), None)
