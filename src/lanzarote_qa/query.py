"""Question -> Plan: look-up, list, search or decline, with the reasons for each decision.

The rules are data (`rules.py`); what can be learned from the document is (`vocabulary.py`).
A level word alone never makes a list: a list needs a set question, and the topic stays in
charge (its chapters narrow the set; a topic the routing does not understand is searched, with
the level only boosted).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from .lexicon import (
    ASKING_WORDS,
    FUNCTION_WORDS,
    concepts,
    country_words,
    expand,
    synonyms,
    with_country_named,
)
from .lookups import ROMAN, LookupParse, parse_lookups
from .retrieval import lexical_tokens, stop_stems
from .rules import (
    ABOUT_RULES,
    ADDRESSED_RULES,
    ANY_RULES,
    ASIDE_RULES,
    CONTRAST_RULES,
    DEFINITION_RULES,
    EVERYTHING_RULES,
    FOLLOW_UP_RULES,
    KIND_RULES,
    LEAVE_OUT_RULES,
    LEVEL_RULES,
    NEGATION_PREFIX,
    NEGATION_RULES,
    RECOMMEND_RULES,
    SCOPE_RULES,
    SET_RULES,
    STATE_RULES,
    WHOLE_RULES,
    YES_NO_RULES,
    Match,
    Rule,
    first,
    matches,
)
from .types import (
    LEVELS,
    Decline,
    Filters,
    Kind,
    Level,
    ListPlan,
    Lookup,
    Plan,
    Reason,
    Search,
    SearchTerms,
    Section,
    Structure,
)
from .vocabulary import Vocabulary

# --- structure words, with negation --------------------------------------------------------------------

_CLAUSE_END_RE = re.compile(r"[,.;:?!()—–]|\s-\s|\bbut\b|\bonly\b")
_NEGATION_REACH = 6  # words
# what a list leaves out may name several things ("other than the ones in the investigation and international
# cooperation chapters"): it reaches further, to the end of its clause at most
_LEAVE_OUT_REACH = 10  # words


def _negated_spans(
    q: str, rules: tuple[Rule, ...] = NEGATION_RULES, reach_words: int = _NEGATION_REACH
) -> list[tuple[int, int, Match]]:
    """For each negation, the rest of its clause (at most `reach_words` words) is what it excludes."""
    spans = []
    for m in matches(rules, q):
        rest = q[m.end :]
        stop = _CLAUSE_END_RE.search(rest)
        end = m.end + (stop.start() if stop else len(rest))
        words = list(re.finditer(r"\S+", q[m.end : end]))
        reach = 1 if m.rule.name == NEGATION_PREFIX else reach_words
        if len(words) > reach:
            end = m.end + words[reach - 1].end()
        spans.append((m.end, end, m))
    return spans


def _left_out(q: str, word_spans: Sequence[tuple[int, int]]) -> list[tuple[int, int, Match]]:
    """The phrases a question leaves out of a set by their topic ("except the ones about investigations"); not those
    naming a level, scope or kind, which the structure words exclude ("leaving out the generic ones").

    `word_spans`: the spans of the structure words read, the negations among them (which name nothing)."""
    negations = {m.start for m in matches(NEGATION_RULES, q)}
    structure_spans = [(a, b) for a, b in word_spans if a not in negations]
    return [
        (start, end, m)
        for start, end, m in _negated_spans(q, LEAVE_OUT_RULES, _LEAVE_OUT_REACH)
        if end > start and not any(start <= a < end for a, _ in structure_spans)
    ]


@dataclass(frozen=True)
class _Words:
    """What the structure words of a question ask for, with the spans they cover."""

    levels: tuple[Level, ...]
    sections: tuple[Section, ...]
    kinds: tuple[Kind, ...]
    spans: tuple[tuple[int, int], ...]
    reasons: tuple[Reason, ...]
    filtered: bool = False  # a level asked for and another excluded ("requests, not requirements"): a filter
    addressed: bool = False  # the scope is read from how the country is addressed ("what is Denmark asked to do?")


def read_structure(q: str, country: str, adjective: str, described_from: int | None = None) -> _Words:
    """Levels, scopes and kinds asked for; those inside a negation's reach are excluded instead.

    `described_from`: where words that only describe an "everything" set begin ("everything on sextortion -
    findings, recommendations, training"): kinds named there do not narrow it.
    """
    negations = _negated_spans(q)
    excluded: dict[str, list] = {"levels": [], "sections": [], "kinds": []}
    precise: dict[str, list] = {"levels": [], "sections": [], "kinds": []}  # values of each precise word wanted
    broad: dict[str, list] = {"levels": [], "sections": [], "kinds": []}  # values of each lay word wanted
    spans: list[tuple[int, int]] = [(n.start, n.end) for _, _, n in negations]
    reasons: list[Reason] = []
    after_excluded: list[tuple[int, tuple, Match]] = []  # (end, values, negation) of each excluded phrase
    excluded_by: list[tuple[str, tuple, Match, Match]] = []  # (field, values, negation, word) of each excluded word
    for rules, field_name in ((LEVEL_RULES, "levels"), (SCOPE_RULES, "sections"), (KIND_RULES, "kinds")):
        for m in matches(rules, q, country, adjective):
            if field_name == "kinds" and described_from is not None and m.start >= described_from:
                spans.append((m.start, m.end))
                reasons.append(Reason("topic:everything", m.words, "describes everything asked for: narrows nothing"))
                continue
            values = getattr(m.rule, field_name)
            neg = next((n for s, e, n in negations if s <= m.start < e), None)
            # a word of the same value right after an excluded phrase is that phrase ("excluding the ones addressed to
            # all Parties generally")
            neg = neg or next((n for end, v, n in after_excluded if v == values and not q[end : m.start].strip()), None)
            spans.append((m.start, m.end))
            if neg is not None and m.rule.name != "level:not-binding":
                after_excluded.append((m.end, values, neg))
                excluded_by.append((field_name, values, neg, m))
            else:
                if m.rule.broad:
                    broad[field_name].append((values, m.rule.own))
                else:
                    precise[field_name].append(values)
                reasons.append(Reason(m.rule.name, m.words, m.rule.effect))
    asked_levels = {v for values in (*precise["levels"], *(v for v, _ in broad["levels"])) for v in values}
    for field_name, values, neg, m in excluded_by:
        # a level asked for, named again with the part an exclusion leaves out, is the head of that phrase: the part
        # is excluded, not the level ("which requirements …, leaving out any requirement directed at all Parties")
        others = any(f != "levels" and n is neg for f, _, n, _ in excluded_by)
        if field_name == "levels" and others and set(values) <= asked_levels:
            reasons.append(Reason(m.rule.name, m.words, f"{m.rule.effect}: restated in what is left out"))
            continue
        excluded[field_name] += values
        reasons.append(Reason(m.rule.name, f"{neg.words} … {m.words}", f"excludes {m.rule.effect}"))
    for f in ("levels", "sections", "kinds"):
        named = _flat(precise[f])
        if any(set(values) - set(named) - set(own) and set(values) & set(named) for values, own in broad[f]):
            kept = ", ".join(str(v) for v in dict.fromkeys(named))
            reasons.append(Reason("narrowed", kept, "the precise word narrows the lay one to what it names"))
    universes = {"levels": LEVELS, "sections": (Section.COUNTRY, Section.GENERIC), "kinds": tuple(Kind)}
    levels, sections, kinds = (
        _resolve(_wanted(precise[f], broad[f]), excluded[f], _flat(precise[f]), universes[f])
        for f in ("levels", "sections", "kinds")
    )
    # the country as the one addressed names its part only when no part is named and nothing but recommendations asked
    addressed = first(ADDRESSED_RULES, q, country, adjective)
    read_scope = (
        addressed is not None
        and not any(s <= addressed.start < e for s, e, _ in negations)
        and not (sections or excluded["sections"])
        and set(kinds) <= {Kind.RECOMMENDATION}
    )
    if addressed is not None and read_scope:
        sections = addressed.rule.sections
        reasons.append(Reason(addressed.rule.name, addressed.words, addressed.rule.effect))
    if levels and kinds and Kind.RECOMMENDATION not in kinds:
        # only recommendations have a level: "a requirement rather than a softer ask" contrasts levels, it does not
        # exclude recommendations
        reasons.append(Reason("level:recommendations", ", ".join(levels), "a level asks for recommendations"))
        kinds = ()
    if sections and kinds and set(kinds) <= {Kind.INTRO}:
        # the introduction is addressed to no part: its key findings are "as to all Parties"
        reasons.append(
            Reason("scope:intro", ", ".join(sections), "the introduction has no parts: the scope is dropped")
        )
        sections = ()
    # a level asked for beside one excluded filters the recommendations: the question asks for that set
    filtered = bool(levels and excluded["levels"] and set(excluded["levels"]) - set(levels))
    return _Words(levels, sections, kinds, tuple(spans), tuple(reasons), filtered, read_scope)


def _wanted(precise: list[tuple], broad: list[tuple[tuple, tuple]]) -> list:
    """The values wanted: a precise word that names some of a lay word's values narrows it to them and to the
    lay word's own ("what must Denmark do? every 'require'-level one" is the require level; "required or
    requested" keeps both), else each word adds its own."""
    named = _flat(precise)
    narrowed = [
        tuple(v for v in values if v in named or v in own) if set(values) & set(named) else values
        for values, own in broad
    ]
    return [*named, *_flat(narrowed)]


def _flat(groups: list[tuple]) -> list:
    return [v for values in groups for v in values]


def _resolve(wanted: list, excluded: list, precise: list, universe: tuple) -> tuple:
    """What is asked for minus what is excluded (a precisely named value stays); only exclusions mean the rest."""
    if not wanted and excluded:
        wanted = list(universe)
    return tuple(v for v in universe if v in wanted and (v not in excluded or v in precise))


# --- the topic ------------------------------------------------------------------------------------------

_NUMBER = rf"(?:{ROMAN}|\d{{1,2}})"
_NUMBERS = rf"{_NUMBER}(?:\s*(?:,|and|&|or|to|-|–)\s*{_NUMBER}\b)*"
# "chapter IX", "chapters IX and X", "chapters II, III or IV", "chapters II-IV"; or the numbers in a parenthesis after
# the chapters' names ("the chapters on schools and on training staff (IX and X)")
_CHAPTER_RE = re.compile(rf"\bchapters?\s+({_NUMBERS})|\bchapters?\b[^()?]{{0,80}}\(\s*({_NUMBERS})\s*\)", re.I)
_CHAPTER_PART_RE = re.compile(rf"(\s*(?:,|and|&|or|to|-|–)\s*)?({_NUMBER})\b", re.I)
_OR_RE = re.compile(r"\s*,?\s*(?:or|and/or|/)\s*", re.I)
_CHAPTER_WORD_RE = re.compile(r"\b(?:chapter|section|part)\b", re.I)
_CHAPTERS_WORD_RE = re.compile(r"\b(?:chapters|sections|parts)\b", re.I)
_ROMANS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass(frozen=True)
class _Topic:
    """What a question is about: its content words (each with the stems that mean it) and their chapters."""

    terms: tuple[tuple[str, ...], ...]  # per content word the factsheet uses: its stem and its synonyms' stems
    chapters: tuple[str, ...]
    covered: bool  # every content word routes there or is used mostly there (the topic is the chapter's)
    reasons: tuple[Reason, ...]
    unknown: tuple[str, ...] = ()  # content words the factsheet never uses: they cannot narrow a set
    about: tuple[tuple[str, ...], ...] = ()  # the terms of the phrase naming the set's topic ("everything about …")
    about_covered: bool = True  # each of them a routing word (or a title word of the chapters named): the whole topic
    concepts: tuple[tuple[str, ...], ...] = ()  # the concepts it is about (not one a parenthesis or a list names)
    common: tuple[str, ...] = ()  # the factsheet's commonest words it says: about the subject, not a part of it


def blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """The text with the spans replaced by spaces (positions kept)."""
    cut = list(spans)
    return "".join(" " if any(s <= i < e for s, e in cut) else ch for i, ch in enumerate(text))


def read_topic(
    q: str,
    spans: tuple[tuple[int, int], ...],
    vocab: Vocabulary,
    names: tuple[tuple[int, int], ...] = (),
    about: tuple[int, int] | None = None,
) -> _Topic:
    """The question's content words outside structure words, and the chapters they (or the question) name.

    `names`: spans of names the factsheet defines (a taskforce of Europol): topic words, but a
    name's words say nothing of which chapter the question is about. `about`: the span of the phrase naming
    the set's topic, whose terms are kept apart.
    """
    kept = blank(q, spans)
    outside = kept  # (a chapter named in a span left out is not one the question asks for)
    # a phrase naming one of the factsheet's concepts ("countries that haven't joined") is one term, the concept's,
    # not a term per word
    found = [c for c in concepts(q) if c[2] in vocab.stems]
    kept = blank(kept, ((a, b) for a, b, _ in found))
    named_stems = set(lexical_tokens(" ".join(q[a:b] for a, b in names)))
    skip = vocab.common | ASKING_WORDS | FUNCTION_WORDS | stop_stems()
    skip |= set(lexical_tokens(" ".join(country_words(vocab.country))))
    not_topic = skip - vocab.common  # words of asking, function words, the country's: not the subject either
    terms: list[tuple[str, ...]] = []
    inside: list[int] = []  # indexes of the terms inside the topic phrase
    unknown: list[str] = []
    last_end = -1  # where the last topic word ended: "Interpol or Europol" is one term, either will do
    asking_end = -1  # where the last word of asking ended
    lay: set[str] = set()  # lay words for the factsheet's commonest ("kids" for "children")
    common: list[str] = []  # the factsheet's commonest words it says ("children", "images")
    for match in _word_matches(kept, vocab):
        word = match.group(0)
        own = (
            [word]
            if word.isdigit()
            else [s for s in lexical_tokens(word) if s not in skip and len(s) > 1 and not s.isdigit()]
        )
        if not own and set(lexical_tokens(word)) & ASKING_WORDS:
            asking_end = match.end()
        common += [s for s in lexical_tokens(word) if s in vocab.common and s not in not_topic]
        if not own or any(own[0] == t[0] for t in terms) or own[0] in unknown:
            continue
        if asking_end > last_end and _OR_RE.fullmatch(kept[asking_end : match.start()]):
            # the other side of a word of asking ("involving or informing parents"): either will do, so neither can
            # say which passages are the set
            continue
        meant = set(lexical_tokens(synonyms(word.lower())))
        variants = (s for s in meant if s not in vocab.common)
        term = tuple(dict.fromkeys([own[0], *variants, *vocab.family(own[0])]))
        if not set(term) & vocab.stems:
            unknown.append(own[0])
            continue
        # "Interpol or Europol": either will do; "police officers": two words of one meaning (shared synonyms)
        adjacent = terms and not kept[last_end : match.start()].strip() and set(term[1:]) & set(terms[-1][1:])
        if terms and (_OR_RE.fullmatch(kept[last_end : match.start()]) or adjacent):
            terms[-1] = tuple(dict.fromkeys([*terms[-1], *term]))
        else:
            terms.append(term)
        # a lay word for one of the factsheet's commonest ("kids") cannot say which passages are the set
        lay_common = bool(meant) and meant <= vocab.common
        if lay_common:
            lay.add(own[0])
        if about and about[0] <= match.start() < about[1] and len(terms) - 1 not in inside and not lay_common:
            inside.append(len(terms) - 1)
        last_end = match.end()
    concept_terms: list[tuple[str, ...]] = [(stem,) for stem in dict.fromkeys(stem for _, _, stem in found)]
    terms += [t for t in concept_terms if t not in terms]
    reasons = [Reason("concept", t[0], "read as the factsheet's term") for t in concept_terms]
    if unknown:
        reasons.append(Reason("topic:unknown", " ".join(unknown), "not a word of the factsheet: narrows nothing"))
    # a concept is named on purpose by a phrase of several words: it is the set's topic, even inside a longer
    # topic phrase ("about cooperating with countries outside the Convention"); not one of the parts a parenthesis
    # or a list names ("on cooperation (networks, training, victims reporting abroad)", "wants pics, favours or money")
    asides = [m.span() for m in re.finditer(r"\([^)]*\)?", q)]
    topical: tuple[tuple[str, ...], ...] = tuple(
        dict.fromkeys(
            (stem,)
            for start, end, stem in found
            if not any(a <= start < b for a, b in asides)
            and not _listed(q, start, end, [c for c in found if c[2] != stem])
        )
    )
    about_terms = topical or tuple(terms[i] for i in inside)
    named = [c for m in _CHAPTER_RE.finditer(outside) for c in _chapter_numbers(m.group(1) or m.group(2))]
    named = [c for c in named if c in vocab.chapter_titles]
    if named:
        reasons.append(Reason("chapter:named", ", ".join(named), f"chapters {', '.join(named)}"))
        chapters = tuple(dict.fromkeys(named))
        titles = set(lexical_tokens(" ".join(vocab.chapter_titles[c] for c in chapters)))
        about_covered = all(_with_parts(t) & titles for t in about_terms)
        # a word of a named chapter's title restates the chapter ("the chapters on education and training (IX and
        # X)"): it neither ranks nor narrows its set
        beside = tuple(t for t in terms if not set(t) & titles)
        return _Topic(
            beside, chapters, True, tuple(reasons), tuple(unknown), about_terms, about_covered, topical, tuple(common)
        )
    by_title = bool(_CHAPTER_WORD_RE.search(q))
    several = bool(_CHAPTERS_WORD_RE.search(q))
    routing = " ".join(t[0] for t in terms if t[0] not in named_stems)
    route = vocab.route(routing, by_title, blank(kept, names), several) if routing else vocab.route("")
    if (by_title or several) and not route.chapters:
        # "the chapter on the criminal law": a chapter named by a synonym of its title's words
        synonymous = " ".join(s for t in terms if t[0] not in named_stems for s in t[1:])
        route = vocab.route(synonymous, by_title, "", several) if synonymous else route
    if route.chapters:
        reasons.append(Reason("routing", " ".join(route.words), f"chapters {', '.join(route.chapters)}"))

    # "research and data collection": data and collection are not title words, but the research chapter
    # holds most of their uses, so the topic is that chapter's; "judges' training" is not chapter X's
    def fits(t: tuple[str, ...]) -> bool:
        # a lay word for one of the factsheet's commonest ("kids") is its subject, like a pervasive word
        routed = bool(set(t) & set(route.words)) or vocab.concentrated(t, route.chapters)
        return routed or vocab.pervasive(t) or t[0] in lay

    covered = bool(route.chapters) and all(fits(t) for t in terms)
    # a topic phrase the routing words (or the chapters' title words) make up is the chapters' whole topic
    # ("everything on jurisdiction", "awareness raising about sharing images")
    titled = set(route.words).union(*(vocab.titles[c] for c in route.chapters))
    about_covered = all(_with_parts(t) & titled for t in about_terms)
    return _Topic(
        tuple(terms), route.chapters, covered, tuple(reasons), tuple(unknown), about_terms, about_covered, topical,
        tuple(common),
    )  # fmt: skip


def _with_parts(term: tuple[str, ...]) -> set[str]:
    """A term's stems with the parts of a hyphenated one ("awareness-raising" is the words of a title's "awareness")."""
    return set(term) | set(lexical_tokens(" ".join(s.replace("-", " ") for s in term if "-" in s)))


# what stands between two items of a list ("more pics, sexual favours or money")
_LIST_SEP_RE = re.compile(r"\s*(?:,|or|and|/|,\s*or|,\s*and)\s*", re.I)


def _listed(q: str, start: int, end: int, named: Sequence[tuple[int, int, str]] = ()) -> bool:
    """Is the phrase at start:end an item of a list ("more pics, sexual favours or money")? A later item, or the
    first of a list of the `named` phrases (other concepts: two names of one are no list)."""
    opens_list = any(_LIST_SEP_RE.fullmatch(q[end:a]) for a, _, _ in named if a >= end)
    return opens_list or q[:start].rstrip().endswith((",", " or", " and"))


# where a topic phrase ends: its clause ends, or a new question or a place in the factsheet begins
_ABOUT_END_RE = re.compile(
    r"[?.!;,:()]|\s[-–—]|\s(?:and|but|or) (?:what|how|which|who|whether|where|why|is|are|does|do|did)\b"
    r"|\s(?:in|from|across|throughout|within) (?:the|this|all|every|each|its|chapters?)\b|\s(?:please|pls)\b",
    re.I,
)


def _about_span(q: str) -> tuple[int, int] | None:
    """The span of the phrase naming a set's topic ("everything about <sextortion>, …"), if the question has one."""
    m = first(ABOUT_RULES, q)
    if m is None:
        return None
    end = _ABOUT_END_RE.search(q, m.end)
    return (m.end, end.start() if end else len(q))


# a word, or the number of an article of the Convention ("Article 20") or of an age ("the age of 15", "aged 13"):
# which article or age is the topic
_WORD_RE = re.compile(
    r"[A-Za-z][A-Za-z\-’']*|(?:(?<=\barticle )|(?<=\barticles )|(?<=\bage of )|(?<=\baged ))\d+|\d+(?= years? old)",
    re.I,
)
_PART_RE = re.compile(r"[A-Za-z][A-Za-z’']*")


def _word_matches(text: str, vocab: Vocabulary) -> Iterator[re.Match[str]]:
    """The text's words; a hyphenated one the factsheet never writes whole as its parts ("legal-framework")."""
    for m in _WORD_RE.finditer(text):
        whole = lexical_tokens(m.group(0))[:1]
        if "-" in m.group(0) and whole and whole[0] not in vocab.stems and not synonyms(m.group(0).lower()):
            yield from _PART_RE.finditer(text, m.start(), m.end())
        else:
            yield m


def _chapter_numbers(listed: str) -> list[str]:
    """The chapters of "IX and X" or "II-IV"; a dash between a numeral and a number ("IV-5") is an id, not a range."""
    out: list[str] = []
    previous = ""
    for sep, token in _CHAPTER_PART_RE.findall(listed):
        if previous and token.upper() == "I":
            break  # "chapters IX and I need ...": the pronoun, not chapter I
        chapter = _chapter_number(token)
        if previous and sep.strip() in ("-", "–", "to"):
            if token.isdigit() != previous.isdigit() or chapter not in _ROMANS or out[-1] not in _ROMANS:
                break
            out += list(_ROMANS[_ROMANS.index(out[-1]) + 1 : _ROMANS.index(chapter) + 1])
        else:
            out.append(chapter)
        previous = token
    return out


def _chapter_number(token: str) -> str:
    return _ROMANS[int(token) - 1] if token.isdigit() and 0 < int(token) <= len(_ROMANS) else token.upper()


# --- the plan -------------------------------------------------------------------------------------------

# cues asking for some of a set: listed only with a level, scope or kind named, searched otherwise
WEAK_SET_CUES = ("set:which", "set:the-ones")

_CUES = {
    "recommend": RECOMMEND_RULES,
    "state": STATE_RULES,
    "set": SET_RULES,
    "any": ANY_RULES,
    "whole": WHOLE_RULES,
    "yes_no": YES_NO_RULES,
    "definition": DEFINITION_RULES,
}


@dataclass(frozen=True)
class Reading:
    """Everything understanding read in one question, before deciding the plan (a follow-up merges two)."""

    question: str
    terms: SearchTerms
    lookups: LookupParse
    words: _Words
    cues: dict[str, Match | None]
    topic: _Topic
    notes: tuple[Reason, ...] = ()  # spelling corrections and acronyms
    acronyms: tuple[tuple[str, str], ...] = ()  # (acronym, long form) the question uses or spells out
    defined: tuple[tuple[str, str], ...] = ()  # (term, id of the passage spelling it out) for terms it names
    heading: str = ""  # a heading of the factsheet the question names ("the key findings")
    glossed: tuple[tuple[str, str], ...] = ()  # (term, id of the passage defining it) for glossary terms it names
    quotes: tuple[tuple[str, str], ...] = ()  # (name, id of the one passage quoting it) for names it says
    introductions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # the factsheet's, by chapter
    without: _Topic | None = None  # what the question leaves out of a set by its topic ("except the ones about …")
    opening: frozenset[str] = frozenset()  # the factsheet's opening chapters, which speak of every chapter's topic

    @property
    def reasons(self) -> list[Reason]:
        """Every rule that fired, in reading order."""
        cue_reasons = [Reason(m.rule.name, m.words, m.rule.effect) for m in self.cues.values() if m is not None]
        return [*self.notes, *self.lookups.reasons, *self.words.reasons, *cue_reasons, *self.topic.reasons]

    @property
    def strong_set(self) -> bool:
        """A set cue that asks for the whole set ("all", "list", "every"), not only "which ..."."""
        c = self.cues["set"]
        return c is not None and c.rule.name not in WEAK_SET_CUES

    @property
    def is_set(self) -> bool:
        """A set question: a set cue, and neither a yes/no question nor a definition."""
        c = self.cues
        listing = c["set"] is not None and c["set"].rule.name == "set:cue"  # "all", "list", "every"
        if c["definition"] is not None and not (listing and self.words.levels):
            return False  # "what does 'request' mean?"; but "all the 'requests' (the middle level of urgency)" is a set
        # "Does the Committee require anything of all Parties? List them.": a list asked for in a sentence after the
        # yes/no question asks for the set
        yes, cue = c["yes_no"], c["set"]
        asked_after = listing and yes is not None and cue is not None and _ends_sentence(self.question, yes, cue)
        yes_no = yes is not None and not asked_after
        return c["any"] is not None or ((c["set"] is not None or self.words.filtered) and not yes_no)


def _ends_sentence(text: str, before: Match, after: Match) -> bool:
    """Does a sentence end between the two matches?"""
    return before.end <= after.start and any(ch in "?.!" for ch in text[before.end : after.start])


def read(question: str, vocab: Vocabulary) -> Reading:
    """Read a question: look-ups, structure words, cues and topic."""
    asked = " ".join(question.split())
    q, corrections = vocab.correct(asked)
    notes = [Reason(f"spelling:{c.why.split()[0]}", c.word, f"read as {c.by!r}") for c in corrections]
    country = vocab.country
    q, codes = with_country_named(q, country)
    notes += [Reason("country-code", code, f"the country code of {country}") for code in dict.fromkeys(codes)]
    spelled = vocab.spelled_out(q)
    notes += [Reason("acronym", acr.upper(), f"the factsheet's {long!r}") for acr, long in spelled]
    extra = " ".join(f"{long} {acr.upper()}" for acr, long in spelled)
    adjective = next(iter(country_words(country) - {country.lower()}), "")
    about = _about_span(q)
    everything = first(EVERYTHING_RULES, q)
    # "everything on X - findings, recommendations": the kinds describe it; "- only the findings" restricts it
    rest = q[about[1] :] if about is not None else ""
    restricts = first(NEGATION_RULES, rest) is not None or re.search(r"\b(?:only|just)\b", rest, re.I) is not None
    words = read_structure(q, country, adjective, about[1] if about and everything and not restricts else None)
    cues = {name: first(rules, q, country, adjective) for name, rules in _CUES.items()}
    # a cue's span can hold the topic ("which jurisdiction recommendations"): its own words are asking words
    # apart: a pronoun inside an aside ("… as clarified by its report") must not leave the rest of it a topic
    asides = (*matches(FOLLOW_UP_RULES, q), *matches(ASIDE_RULES, q))
    spans = words.spans + tuple((m.start, m.end) for m in asides)
    quotes = vocab.quotes(q)
    names = tuple(
        (m.start(), m.end()) for _, long in spelled for m in re.finditer(re.escape(long), q, re.I) if " " in long
    ) + tuple((m.start(), m.end()) for name, _ in quotes for m in re.finditer(r"\W+".join(name.split()), q, re.I))
    # what a set question leaves out is not what it is about: its words neither route nor narrow the set; a search
    # keeps them ("who else besides helplines …?" is answered by the passage naming them)
    asks_set = cues["set"] is not None or cues["any"] is not None or words.filtered
    # (a set named by its level, scope or kind is a list too: "promising practices other than those on the police")
    left_out = _left_out(q, words.spans) if asks_set or words.levels or words.sections or words.kinds else []
    # what a search contrasts with what it asks about is not its topic ("money rather than more pictures")
    contrasted = () if asks_set else tuple((a, b) for a, b, _ in _negated_spans(q, CONTRAST_RULES))
    topic = read_topic(q, spans + contrasted + tuple((m.start, b) for _, b, m in left_out), vocab, names, about)
    without = None
    if left_out:
        edges = [0, *(x for a, b, _ in left_out for x in (a, b)), len(q)]
        elsewhere = tuple(zip(edges[::2], edges[1::2], strict=True))
        read_out = read_topic(q, spans + elsewhere, vocab, names, (0, len(q)))
        if read_out.terms or read_out.chapters:
            cue = " / ".join(m.words for _, _, m in left_out)
            without = replace(read_out, reasons=(Reason("leave-out", cue, "left out of the set"),))
    lookups = parse_lookups(q)
    asking = (*spans, *((m.start, m.end) for m in cues.values() if m is not None), *lookups.spans)
    terms = SearchTerms(
        dense=f"{q} ({extra})" if extra else q,
        lexical=f"{expand(q)} {extra}".strip(),
        text=q,
        topic=" ".join(blank(q, asking).split()),
    )
    heading = vocab.heading_named(q)
    if not heading and words.kinds == (Kind.OBSERVATION,) and words.sections == (Section.GENERIC,):
        # the Committee's findings as to all Parties: its observations are all of the country, so the findings asked
        # for are the ones under the heading that names all Parties (the introduction's key findings)
        named = (
            h
            for h in vocab.headings
            for m in matches(SCOPE_RULES, h, country, adjective)
            if m.rule.sections == words.sections
        )
        heading = next(named, "")
        if heading:
            why = Reason("kind:findings-as-to-all", heading, "the findings as to all Parties: the passages under it")
            words = replace(words, kinds=(Kind.INTRO,), sections=(), reasons=(*words.reasons, why))
    return Reading(
        asked, terms, lookups, words, cues, topic, tuple(notes), spelled, vocab.defining(q), heading,
        vocab.glossed(q), quotes, vocab.introductions, without, vocab.opening,
    )  # fmt: skip


def _asks_meaning(r: Reading) -> bool:
    """A definition question: "what does 'request' mean?"; yes/no only when it asks whether a level binds or where
    it comes from."""
    cue = r.cues["definition"]
    if cue is None or r.is_set:
        return False
    return r.cues["yes_no"] is None or cue.rule.name in ("definition:binding", "definition:level-basis")


# Why a topic matters, or what in the Convention stands behind it: what a chapter's introduction says.
RATIONALE_RULES = ("kind:rationale", "kind:legal-basis")
# A topic of this many words or fewer, with a part named, makes "what does the Committee recommend …" a set question.
PART_TOPIC_MAX = 2


def plan(
    r: Reading,
    filters: Filters | None = None,
    extra: tuple[Reason, ...] = (),
    focus: tuple[tuple[str, ...], ...] | None = None,
    continues: tuple[str, ...] = (),
    after: tuple[str, ...] = (),
    referent: tuple[str, ...] = (),
) -> Plan:
    """The plan for what was read: look-up, list, or search with boosts (and `focus`: words to favour, by default
    the question's own topic beside a level word; a follow-up gives what it newly asks about;
    `continues`: passages of the earlier answer to favour; `after`: observations whose recommendation is asked for;
    `referent`: stems of the thing a follow-up points back at, which the earlier answer did not hold)."""
    filters = filters or Filters()
    reasons = [*extra, *r.reasons]
    q, terms = r.question, r.terms
    lk, words, topic = r.lookups, r.words, r.topic
    if lk.ids or lk.paragraphs or lk.mentions or lk.footnotes:
        return Lookup(
            question=q, terms=terms, filters=filters, reasons=tuple(reasons),
            ids=lk.ids, paragraphs=lk.paragraphs, mentions=lk.mentions, footnotes=lk.footnotes,
        )  # fmt: skip
    structure = Structure(words.levels, topic.chapters, words.sections, words.kinds)
    structural = _only_structure(r, reasons)
    if not words.kinds:
        structure = replace(structure, kinds=_implied_kinds(r, r.is_set or structural))
    leads: tuple[str, ...] = ()
    if _asks_meaning(r):
        structure = Structure(chapters=topic.chapters, kinds=(Kind.INTRO,))
        # "CSGSIV, what is it?": the passages that spell the acronym out answer it, the one defining it first
        focus = focus or tuple((s,) for _, long in r.acronyms for s in lexical_tokens(long))
        defined = _asked_to_define(r)
        # "what does 'invite' mean?": the entry defining the term in the factsheet's own list leads
        leads = tuple(dict.fromkeys(pid for _, pid in (*r.glossed, *defined)))
        reasons += [Reason("definition:entry", term, f"defined in {pid}: shown first") for term, pid in r.glossed]
        reasons += [Reason("definition:term", term, f"spelled out in {pid}: shown first") for term, pid in defined]
    elif (
        r.is_set
        or (_asks_chapter_kind(r) and (topic.covered or _asks_findings(r)))
        or _asks_part(r)
        or _asks_whether_practice(r)
        or structural
        or _rest_of(r)
    ):
        # "what does the Committee recommend on international cooperation?", "what does it observe about
        # research?": a chapter's topic, whole, of that kind
        if not r.is_set:
            structure = replace(structure, kinds=structure.kinds or (Kind.RECOMMENDATION,))
        listed: tuple[Structure, tuple[tuple[str, ...], ...]] | None = None
        about: tuple[tuple[str, ...], ...] = ()
        # "which organisations run projects …?": some of a set with nothing of the document's structure named and a
        # topic that is not a chapter's whole topic asks about things, not for a chapter's passages: searched
        # a concept it names ("where is the country one of few Parties …?") says which passages are the set
        vague = not (r.strong_set or words.levels or words.sections or words.kinds or topic.covered or topic.concepts)
        # a concept a set question names is the set wherever the factsheet names it ("where does the Committee want
        # children involved …?"), not the part of it in the chapter its other words route to; a chapter named stays
        named_chapter = any(x.rule in _NAMING_A_CHAPTER for x in reasons)
        said = {(stem,) for _, _, stem in concepts(q)}  # by this question, not carried from an earlier one
        across = bool(set(topic.concepts) & said) and r.is_set and not named_chapter
        if topic.chapters and not vague and not across:  # the topic's chapters narrow the set; its other words rank it
            listed = structure, topic.terms
            # "in chapter II, everything on sextortion": one word beside the chapter's own narrows its set; a
            # longer phrase describes the chapter's topic in other words and only ranks it
            if len(topic.about) == 1 and not topic.about_covered:
                about = topic.about
                reasons.append(Reason("topic:about", term_words(about), "passages of the chapters holding these words"))
        elif topic.terms and (words.levels or words.sections or words.kinds or r.strong_set or topic.concepts):
            # one word named by a topic phrase is the set's ("everything about sextortion"), even if passages
            # without it rank first; a longer phrase is read like any topic, unless a concept names the set
            about = topic.about if len(topic.about) == 1 else topic.concepts[:1]
            held = about or topic.terms
            reasons.append(Reason("list:topic", term_words(held), "passages holding most topic words, ranked"))
            listed = Structure(words.levels, (), words.sections, structure.kinds), held
        elif (words.levels or words.sections or words.kinds or r.cues["whole"] is not None) and not _intro_only(r):
            # some of a kind, on the factsheet's subject in its commonest words ("which recommendations aim to stop
            # children being prosecuted for self-generated images?") asks for the best of them, searched, not all
            named = bool(words.levels or words.sections or r.strong_set or r.cues["whole"] or r.heading)
            if named or not topic.common:
                listed = structure, ()
        if listed is not None:
            if r.heading:  # "list the key findings": the passages under that heading of the factsheet
                reasons.append(Reason("list:heading", r.heading, "the passages under this heading"))
            without, without_chapters = _without(r)
            if without or without_chapters:
                what = f"chapters {', '.join(without_chapters)}" if without_chapters else term_words(without)
                reasons += [*(r.without.reasons if r.without else ()), Reason("list:left-out", what, "left out")]
            of_set, set_topic = listed
            weak = r.cues["set"] is not None and not r.strong_set
            return ListPlan(
                question=q, terms=terms, filters=filters, reasons=tuple(reasons), structure=of_set,
                topic=set_topic, about=about, heading=r.heading, without=without, without_chapters=without_chapters,
                widen=words.addressed and of_set.sections == words.sections,
                some=weak and not (of_set.levels or of_set.sections or words.kinds or named_chapter or r.heading),
            )  # fmt: skip
    only = _findings_only(r)
    if only:
        reasons.append(Reason("state:findings-only", "", "asks what is done there: only findings of it shown"))
    rationale: tuple[str, ...] = ()
    why = any(x.rule in RATIONALE_RULES for x in words.reasons)
    if why:
        # why a chapter's topic matters is what its introduction says: it leads the findings boosted with it
        rationale = tuple(pid for c in topic.chapters for pid in r.introductions.get(c, ()))
        reasons += [
            Reason("rationale:introduction", pid, "the chapter's introduction: shown first") for pid in rationale
        ]
    if r.quotes:  # a name the factsheet quotes in one passage (a campaign's slogan): that passage first
        leads = tuple(dict.fromkeys([*leads, *(pid for _, pid in r.quotes)]))
        reasons += [Reason("quoted-name", name, f"the name {pid} quotes: shown first") for name, pid in r.quotes]
    # a concept named by a phrase ("if the victim is a national") is what the search is about: its passages first
    # "is Denmark required to change anything about its reservation?": the level word boosts every requirement, and
    # the question's own topic keeps the lead among them (a follow-up's carried topic is not its own: it gives focus)
    if focus is None:
        focus = topic.terms if words.levels and not (topic.concepts or topic.covered) else ()
    focus = (*focus, *(t for t in topic.concepts if t not in focus))
    return Search(
        question=q, terms=terms, filters=filters, reasons=tuple(reasons), boosts=structure, focus=focus, leads=leads,
        continues=continues, after=after, referent=referent, rationale=rationale, why=why,
        concepts=tuple(dict.fromkeys(stem for _, _, stem in concepts(terms.text))), only=only,
    )  # fmt: skip


def _without(r: Reading) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    """What a list leaves out: the chapters its left-out words are the whole topic of ("except the ones about
    investigations and prosecution"), else the passages holding those words ("leave out the international taskforce");
    never a chapter the question asks for."""
    out = r.without
    if out is None:
        return (), ()
    # (title or routing words all: "investigations and prosecution" is chapter III's topic, a taskforce is a thing)
    if out.chapters and out.about_covered and not set(out.chapters) & set(r.topic.chapters):
        return (), out.chapters
    return out.terms, ()


def _implied_kinds(r: Reading, listing: bool) -> tuple[Kind, ...]:
    """The kinds a question asks for without naming one (`listing`: it asks for a set).

    How things are in the country (the state cue) is what observations and practices say; the whole set of it is
    the Committee's observations (a practice box is an example picked out, not a finding), unless "everything" is
    asked for. What the country is
    to do, asked by a level word used (not named: "what is a 'request' based on?") or by a set rule carrying
    kinds ("what must Denmark change …"), is what recommendations say. A set by level holds recommendations
    only already: no kind is added to it.
    """
    said = {x.rule for x in r.reasons}
    if r.cues["state"] is not None:
        if r.words.levels and listing:
            return ()
        everything = first(EVERYTHING_RULES, r.question) is not None
        return (Kind.OBSERVATION,) if listing and not everything else r.cues["state"].rule.kinds
    if "set:level-named" in said:
        return ()
    kinds = tuple(dict.fromkeys(k for rule in SET_RULES if rule.name in said for k in rule.kinds))
    return kinds or ((Kind.RECOMMENDATION,) if r.words.levels and not r.is_set else ())


_NAMING_A_CHAPTER = frozenset({"chapter:named", "follow-up:same-chapter"})


def _findings_only(r: Reading) -> tuple[Kind, ...]:
    """Some of a set of things done in the country, asked by "which …" with nothing of the document's structure
    named ("which bodies run projects there?"): what its findings say is done answers it, so only they are shown
    when the best match is one; what the Committee asks the Parties to do is not what is done."""
    state, w = r.cues["state"], r.words
    if state is None or not r.is_set or r.cues["set"] is None or r.strong_set:
        return ()
    if w.levels or w.sections or w.kinds or r.topic.concepts:
        return ()
    return state.rule.kinds


def _rest_of(r: Reading) -> bool:
    """A set named by its level, scope or kind with a part left out and no topic of its own ("the Denmark-specific
    recommendations other than those on X"): what is left of that set, not a search for its left-out words."""
    return r.without is not None and not r.topic.terms


def _only_structure(r: Reading, reasons: Sequence[Reason]) -> bool:
    """A question naming a chapter itself and a kind, level or scope, and nothing else ("is there a promising practice
    in that chapter?"): no words to search by, so the set it names answers it. A chapter a follow-up inherits does
    not count: asking which recommendation goes with an earlier finding asks for one, found from that answer."""
    w = r.words
    named = any(x.rule in _NAMING_A_CHAPTER for x in reasons)
    return named and not r.topic.terms and bool(w.kinds or w.levels or w.sections)


def _asks_chapter_kind(r: Reading) -> bool:
    """What the Committee recommends, or what it observes or counts as practice, not whether ("should …?")."""
    return r.cues["recommend"] is not None or (bool(r.words.kinds) and r.cues["yes_no"] is None)


def _asks_part(r: Reading) -> bool:
    """What the Committee recommends to one part on a topic of a word or two ("… to all Parties on sextortion?"):
    the part's recommendations on it, a set as "which generic recommendations concern …?" is. A longer topic (a
    follow-up's, carried from several questions) describes a situation, whose best matches are searched."""
    return r.cues["recommend"] is not None and bool(r.words.sections) and 0 < len(r.topic.terms) <= PART_TOPIC_MAX


def _intro_only(r: Reading) -> bool:
    """The introductions asked for with nothing else to tell which: every chapter has one, so the best match
    answers, not all of them (a heading named lists its passages). No level or scope can stand beside them:
    `read_structure` drops both (only recommendations have a level; the introduction has no parts)."""
    return r.words.kinds == (Kind.INTRO,) and not r.heading


def _asks_findings(r: Reading) -> bool:
    """What the Committee observes, or holds up as practice, on a topic its words route to a chapter: a chapter has
    few of these, so its set answers (narrowed by the topic's own words), not the best matches of every chapter.
    Recommendations stay searched unless the topic is the chapter's whole topic: a chapter has many."""
    findings = {Kind.OBSERVATION, Kind.PRACTICE}
    practices = r.words.kinds == (Kind.PRACTICE,)  # the factsheet's few practices are a set of their own
    return (bool(r.topic.chapters) or practices) and bool(r.words.kinds) and set(r.words.kinds) <= findings


def _asks_whether_practice(r: Reading) -> bool:
    """Whether there is a promising practice on a topic its words route to a chapter ("is there a promising practice
    there?"): the chapter's few practices answer, as when they are asked for."""
    return r.cues["yes_no"] is not None and r.words.kinds == (Kind.PRACTICE,) and bool(r.topic.chapters)


def _asked_to_define(r: Reading) -> tuple[tuple[str, str], ...]:
    """The defined terms a definition question asks about: those it names when it names nothing else (no level,
    no other word of the factsheet: "what is the Lanzarote Convention?", not "what does the Lanzarote Committee
    mean by 'requires'?")."""
    if not r.defined or r.words.levels:
        return ()
    named = {s for term, _ in r.defined for s in lexical_tokens(term)}
    named |= {s for acr, long in r.acronyms for s in lexical_tokens(f"{acr} {long}")}
    return r.defined if all(set(t) & named for t in r.topic.terms) else ()


def understand(question: str, vocab: Vocabulary, filters: Filters | None = None) -> Plan:
    """Read one standalone question into a plan."""
    return plan(read(question, vocab), filters)


def term_words(terms: Sequence[tuple[str, ...]]) -> str:
    """The terms by their own stems, as reasons show them."""
    return " ".join(t[0] for t in terms)


def decline(question: str, reason: str, filters: Filters | None = None) -> Decline:
    """A plan that answers nothing, with its reason."""
    return Decline(
        question=question,
        terms=SearchTerms(question, question),
        reasons=(Reason("decline", "", reason),),
        filters=filters or Filters(),
        reason=reason,
    )
