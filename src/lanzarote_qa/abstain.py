"""Does the factsheet answer this question at all? Support, answer types and evidence, not score alone.

Out-of-scope questions are on-topic: their best similarity is as high as for answerable ones. What
separates them is whether the factsheet knows their specific words at all (a question about
citizenship or taxes names none of its words, whatever it says of Denmark), the kind of answer
they ask for (a number, a penalty, a date, a deadline, another country) and whether a retrieved
sentence holds one about the same subject. Similarity decides only what these cannot: a
question whose specific words are all the factsheet's own is never declined for looking dissimilar.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .lexicon import ASKING_WORDS, FUNCTION_WORDS, bridged, countries_named, country_words, synonyms
from .lookups import ROMAN
from .retrieval import lexical_tokens, sentences, stop_stems
from .rules import ASIDE_RULES, matches
from .spelling import english_ranks, is_english, misspelt_english
from .types import Hit
from .vocabulary import NAME_CONNECTORS, NAME_RE, ORDINALS, YEAR_RE, Vocabulary, ordinal_words, proper_word

# A word's weight is the log of its rank in symspellpy's English frequency list: everyday words weigh
# little, rare ones much; a word the list does not hold ranks as if it were this far down. Words among
# the commonest EVERYDAY_RANK are everyday language, not what a question is specifically about.
UNKNOWN_RANK = 100_000
EVERYDAY_RANK = 3000
# A question with one word the factsheet never writes, outweighed this many times over by those it does write, is
# in the user's own words: it need be only NEAR_BAND less close to some passage to be answered.
MOSTLY_KNOWN = 2.0
NEAR_BAND = 0.05

# a sum of money written in a sentence: a figure with a currency or "million"
_SUM = r"\d.*(?:€|eur|kroner|dkk|million)"

ANSWER_TYPES: dict[str, tuple[re.Pattern, re.Pattern]] = {
    # type: (what in a question asks for it, what in a sentence can answer it)
    # how much money: only a sum answers it, not a sentence saying that grants exist
    "amount": (
        re.compile(r"\bhow much money|\bhow much\b[^?.]{0,25}\b(?:fund\w*|financ\w*|grants?)\b|\bfunding amount", re.I),
        re.compile(_SUM, re.I),
    ),
    "money": (
        re.compile(
            r"\b(?:budget|spend\w*|cost\w*|euros?|kroner|dkk)\b|\bannual (?:funding|financing)",
            re.I,
        ),
        re.compile(rf"{_SUM}|\bgrants?\b|\bfinancial support\b", re.I),
    ),
    # how often or how long something runs: a number in figures or words ("a three-day course") or a frequency
    "frequency": (
        re.compile(r"\bhow (?:often|frequently)\b|\bhow long (?:is|are|was|were)\b", re.I),
        re.compile(
            r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred)\b"
            r"|\b(?:yearly|annual(?:ly)?|monthly|weekly|daily|twice|once a)\b",
            re.I,
        ),
    ),
    "count": (
        # "the number of the one about ..." asks for its id, not a count
        re.compile(
            r"\bhow (?:many|much|big|large)\b"
            r"|\bnumber of\b(?! (?:the|that|this) (?:one|recommendation|rec|paragraph|para|passage)s?\b)",
            re.I,
        ),
        re.compile(r"\d"),
    ),
    "share": (
        re.compile(
            r"\b(?:what|which) (?:share|percentage|proportion)|\bmost (?:used|common|popular|frequent)|\brates?\b"
            r"|\bprevalen\w*|\bhow (?:common|widespread)\b",
            re.I,
        ),
        re.compile(r"\d|%|\bper ?cent|\b(?:majority|minority)\b", re.I),
    ),
    "penalty": (
        # asked for ("what is the penalty", "prison sentence for"), not only named ("education over punishment")
        re.compile(
            r"(?:^|\bwhat|\bwhich|\bhow (?:big|long|much|severe|high|harsh)|\bmax(?:imum)?|\bminimum)\b[^?.]{0,30}?"
            r"\b(?:penalt|punish|sentence|prison|jail|fine|sanction)\w*|\b(?:penalt\w+|punishments?|sentences?|fines?"
            r"|sanctions?) (?:for|in|of)\b",
            re.I,
        ),
        re.compile(r"\b(?:imprisonment|fine|sentenced|years?)\b", re.I),
    ),
    "date": (
        re.compile(
            r"\bwhen (?:did|was|were|will)\b|\bwhat year\b|\bsince when\b"
            r"|\b(?:best|what|which) (?:time|day|month|season)|\btime of (?:the )?year\b"
            r"|\bby when\b|\bby what date\b|\bdeadlines?\b|\btime ?limits?\b|\bdue date\b|\bhow long (?:does|do|will)\b"
            r"|\bwhen (?:does|do|will|is|are|must|should|has|have)\b[^?]{0,60}\b"
            r"(?:start|begin|end|take place|happen|due|come into force|enter into force|report back|implement\w*"
            r"|ratif\w+|adopt\w*)",
            re.I,
        ),
        re.compile(
            r"\b(?:19|20)\d\d\b|\b(?:january|february|march|april|may|june|july|august|september|october"
            r"|november|december|spring|summer|autumn|winter)\b",
            re.I,
        ),
    ),
    "provision": (
        # the number of a provision of the country's own code ("which section of the Criminal Code covers …?")
        re.compile(
            r"\b(?:which|what) (?:section|§+|article|provision|paragraph)s? (?:number )?(?:of|in) (?:the )?"
            r"(?:\w+ )?(?:criminal|penal) (?:code|law)",
            re.I,
        ),
        re.compile(r"\b(?:section|sections|§+|article|articles|provision) ?\d", re.I),
    ),
    "views": (
        # what the children consulted said, thought or told: their own words, not that they took part
        re.compile(
            r"\bwhat (?:did|do|have|had) (?:the )?(?:\d+ )?(?:\w+ ){0,2}(?:children|kids|young people|participants"
            r"|pupils|teenagers|teens)(?: \w+){0,7}? (?:say|said|tell|told|think|thought|feel|felt|answer\w*"
            r"|express\w*|suggest\w*|want\w*)\b"
            r"|\b(?:views|opinions|answers|responses|testimon\w+|voices?) of (?:the )?(?:\d+ )?(?:\w+ )?(?:children"
            r"|kids|young people|participants|pupils)",
            re.I,
        ),
        re.compile(
            r"\b(?:children|child|kids|young people|participants|pupils)\b[^.]{0,60}\b(?:said|say|stated|expressed"
            r"|told|indicated|mentioned|felt|considered|explained|highlighted|called for|asked for|suggested)\b",
            re.I,
        ),
    ),
    "person": (
        # who holds an office ("who chairs …", "who is the current head of …"), not who acts ("who runs the network",
        # "who should lead awareness raising": an organisation answers those)
        re.compile(
            r"\bwho (?:(?:currently|now|presently|still) )?"
            r"(?:heads|chairs|presides|represents|headed|chaired|presided)\b"
            r"|\bwhich (?:\w+ )?(?:ministers?|officials?|politicians?)\b"
            r"|\bwho (?:is|are|was|were) (?:the |its |their )?(?:current |present |new |former )?"
            r"(?:chair\w*|head|president|director|minister|ambassador|representatives?|spokes\w+|rapporteurs?)\b",
            re.I,
        ),
        # a person named: by a title, or as holding the office
        re.compile(
            r"\b(?:Mr|Mrs|Ms|Dr|Prof|Minister|Ambassador)\.? [A-Z][a-z]+"
            r"|\b(?:chaired|headed|presided over|represented|led) by (?:[A-Z][a-z]+ ){1,3}",
        ),
    ),
    "name": (
        re.compile(
            r"\bwhat(?:'s|’s| is| are| was)? (?:the |its |their )?names? (?:of|and)\b"
            r"|\bwhat(?:'s|’s| is| are| was) (?:(?:the|that|this|these|those) \w+(?: \w+)?|it|that|this|they|those)"
            r" called\b",
            re.I,
        ),
        # a name: short in quotes (a long quote describes), an acronym, or capitalised words run together (not the
        # question's own: see evidence)
        re.compile(rf"“[^”]{{3,50}}”|\b[A-Z]{{2,}}\b|{NAME_RE.pattern}"),
    ),
}


_ANSWER_NOUNS = {
    "amount": "amount of money",
    "money": "amount of money",
    "frequency": "figure of how often or how long",
    "share": "share or rate",
    "person": "person's name",
    "views": "account of what the children said",
    "provision": "section number of the code",
}
_NAMED_ALREADY = ("name",)  # answer types whose answer must be something the question does not already say
_ID_NUMERAL = re.compile(ROMAN, re.I)  # a recommendation id's chapter, as look-ups read it


@dataclass(frozen=True)
class Verdict:
    """Whether to abstain, and why."""

    abstain: bool
    reason: str = ""
    holds: str = ""  # the sentence holding the kind of answer the question asks for (a count, a date), if any


def answer_type(question: str) -> str | None:
    """The kind of answer a question asks for, if it is one the document rarely holds."""
    for name, (asks, _) in ANSWER_TYPES.items():
        if asks.search(question):
            return name
    return None


def asked_only(question: str) -> str | None:
    """The kind of answer the question asks for when that is all it asks: with another part asking something
    else ("What does it say on helplines? Since when do they exist?", "What is it and when was it set up?"), that
    part is answered."""
    parts = [p for p in re.split(r"(?<=[.?!])\s+", question.strip()) if re.search(r"[A-Za-z]{3,}", p)]
    kinds = [_asked_in(p) for p in parts] or [answer_type(question)]
    return None if None in kinds else kinds[0]


def _asked_in(sentence: str) -> str | None:
    """The kind of answer a sentence asks for, unless one of its clauses asks whether, or what something is: the
    passages answer that clause ("What is the taskforce and when was it set up?"). A clause asking another fact
    ("… and where are they?") is asked alike: it does not answer for its neighbour."""
    clauses = _AND_CLAUSE_RE.split(sentence)
    if len(clauses) > 1 and any(answer_type(c) is None and _ANSWERED_CLAUSE_RE.match(c) for c in clauses):
        return None
    return answer_type(sentence)


# Where a sentence's clauses meet: "and" before a question word ("What is the taskforce and when was it set up?")
_AND_CLAUSE_RE = re.compile(
    r",?\s+and\s+(?=(?:what|when|where|which|who|why|how|does|do|did|is|are|was|were|has|have)\b)", re.I
)
# A clause the passages answer whatever fact its neighbour asks: whether, or what something is.
_ANSWERED_CLAUSE_RE = re.compile(r"\s*(?:what(?:'s| is| are)\b|(?:does|do|did|is|are|was|were|has|have)\b)", re.I)


def subject_terms(question: str, common: frozenset[str], country: str, specific: bool = False) -> list[set[str]]:
    """Each content word of a question as the set of stems that would mean it (its own and its synonyms).

    Answer-type words, the country's own name and stems found all over the document say nothing
    about what a question is about, so they are left out; `specific`: everyday words too.
    """
    text = question
    for asks, _ in ANSWER_TYPES.values():
        text = asks.sub(" ", text)
    skip = set(common) | ASKING_WORDS | stop_stems() | set(lexical_tokens(" ".join(country_words(country))))
    terms = []
    for word in re.findall(r"[A-Za-z][A-Za-z\-]+", text):
        own = set(lexical_tokens(word))
        if not own or own <= skip or (specific and english_ranks().get(word.lower(), UNKNOWN_RANK) <= EVERYDAY_RANK):
            continue
        variants = (own | set(lexical_tokens(synonyms(word.lower())))) - skip
        if variants and variants not in terms:
            terms.append(variants)
    return terms


def overlap(terms: Sequence[set[str]], text: str) -> int:
    """How many of the question's words a text speaks of, by the word itself or a synonym."""
    stems = set(lexical_tokens(text))
    return sum(1 for variants in terms if variants & stems)


def evidence(
    hits: Sequence[Hit],
    kind: str,
    terms: Sequence[set[str]],
    min_overlap: int,
    question: str = "",
    common: frozenset[str] = frozenset(),
) -> str | None:
    """The first sentence of the hits that holds an answer of this kind about the subject.

    The subject may be named in the sentence before ("… the CRS unit … . The unit consists of 20
    officers"): a sentence is read with the one before it. A name answers only if the `question` does not
    say it, it does not open the sentence and not all its words are `common` ("The Committee", "Parties").
    """
    holds = ANSWER_TYPES[kind][1]
    need = min(min_overlap, len(terms))
    # "how many children …?" is answered by "306 children": the number counts the very thing asked about (or a
    # synonym of it: "how many kids")
    asked = [m.group(1).lower() for m in _HOW_MANY_RE.finditer(question)] if kind == "count" else []
    counted = {s for word in asked for s in lexical_tokens(f"{word} {synonyms(word)}")}
    for h in hits:
        parts = sentences(h.passage.text)
        for i, sentence in enumerate(parts):
            if counted and any(set(lexical_tokens(m.group(1))) & counted for m in _NUMBER_OF_RE.finditer(sentence)):
                return sentence
            context = " ".join(parts[max(0, i - 1) : i + 1])
            found = holds.finditer(sentence)
            if kind in _NAMED_ALREADY:
                found = (m for m in found if _new_name(m, question, common))
            if next(found, None) is not None and need and overlap(terms, context) >= need:
                return sentence
    return None


_HOW_MANY_RE = re.compile(r"\bhow many ([a-z]+)", re.I)
# the one or two words after a number: "306 children", "20 trained officers"
_NUMBER_OF_RE = re.compile(r"\b\d[\d,.]*\s+([a-z]+(?:\s+[a-z]+)?)", re.I)


def _new_name(m: re.Match[str], question: str, common: frozenset[str]) -> bool:
    """A name the sentence gives that the question does not, and not a common word capitalised to open it."""
    name = m.group(0)
    stems = set(lexical_tokens(name))
    return m.start() > 0 and name.lower() not in question.lower() and bool(stems - common)


_ACRONYM_RE = re.compile(r"\b[A-Z][A-Z0-9]{2,}(?:s|’s|'s)?\b")
_ARTICLE_RE = re.compile(r"\b(?:article|art\.?|section|sec\.)\s*(\d+)", re.I)
_FUNCTION_WORDS = frozenset({"the", "of", "on", "for", "and", "in", "to", "a", "an", "is", "are", "does", "do", "what"})
_SENTENCE_START_RE = re.compile(r"(?:^|[.?!:;]\s*|[-–—(\"“‘']\s*)$")


def unknown_names(question: str, vocab: Vocabulary) -> tuple[str, ...]:
    """Names the question writes that the factsheet never does ("the Budapest Convention", "the GDPR", "Roblox").

    Learned from the factsheet's own writing: one capitalised word, or a word of six letters or more in any case
    that is not English either, when the factsheet never uses it; a name of two or more words when the factsheet
    writes neither the phrase nor at least half of its words capitalised ("Digital Services Act"); an acronym when
    it neither writes it, defines it, has a name with its initials, nor the thesaurus knows it. A question in
    capitals or title case says nothing by them.
    """
    function = [w for w in re.findall(r"(?<=\s)[A-Za-z]+", question) if w.lower() in _FUNCTION_WORDS]
    if question.isupper() or sum(w[0].isupper() for w in function) > len(function) / 2:
        return ()
    skip = {w.lower() for w in country_words(vocab.country)} | NAME_CONNECTORS
    runs, known = _unknown_runs(question, vocab, skip)
    found: list[str] = []
    for word in (*_unknown_words(question, vocab, skip, known), *_unknown_terms(question, vocab)):
        if word not in found and not any(word in run.split() for run in runs):  # said by its name's run
            found.append(word)
    found += runs
    for acronym in _unknown_acronyms(question, vocab, skip, known):
        if not any(proper_word(acronym) in name.lower().split() for name in found):
            found.append(acronym)
    return tuple(found)


# A people's name begins as its country's or adjective does ("Danes", "Danish"; "Swedes", "Sweden").
PEOPLE_PREFIX = 3


def _the_countrys(word: str, vocab: Vocabulary) -> bool:
    """Is the capitalised word the country's own (its people, "Danes"), by the first letters of its name?"""
    return word.lower()[:PEOPLE_PREFIX] in {w[:PEOPLE_PREFIX] for w in country_words(vocab.country)}


def _unknown_words(question: str, vocab: Vocabulary, skip: set[str], known: list[tuple[int, int]]) -> list[str]:
    """Single capitalised words (not a sentence's first, nor in a name it knows) the factsheet never uses in any
    case: a name ("Roblox", "the Umbrella case"). English capitalises its peoples too: "Danes" is the country's."""
    found = []
    for m in re.finditer(r"\b[A-Z][a-z]+[A-Z]?[a-z]*\b", question):
        if m.start() == 0 or re.search(r"[.?!]\s$", question[: m.start()]) or any(a <= m.start() < b for a, b in known):
            continue
        low = proper_word(m.group(0))
        if not (
            low in vocab.proper or low in skip or _the_countrys(low, vocab) or set(lexical_tokens(low)) & vocab.stems
        ):
            found.append(m.group(0))
    return found


# Shorter words neither English nor the factsheet's are chat shorthand ("pls", "smth", "yr olds"), not terms.
TERM_LENGTH = 6
_TERM_RE = re.compile(rf"(?<![\w'’-])[A-Za-z]{{{TERM_LENGTH},}}(?![\w'’-])")


def _unknown_terms(question: str, vocab: Vocabulary) -> list[str]:
    """Words in any case that are neither English nor the factsheet's ("deepfake", "PhotoDNA"): the name of a thing
    it never speaks of. A misspelling of its words or of English ('acutally'), an American spelling, an acronym
    it defines and a word the thesaurus knows are not unknown."""
    found = []
    for m in _TERM_RE.finditer(question):
        low = m.group(0).lower()
        if not (
            is_english(low)
            or set(lexical_tokens(low)) & vocab.stems
            or proper_word(m.group(0)) in vocab.proper
            or low in vocab.acronyms
            or synonyms(low)
            or vocab.correct(low)[1]
            or misspelt_english(low)
        ):
            found.append(m.group(0))
    return found


def _unknown_runs(question: str, vocab: Vocabulary, skip: set[str]) -> tuple[list[str], list[tuple[int, int]]]:
    """Names of two or more words the factsheet never writes; and the spans of those it does."""
    found: list[str] = []
    known: list[tuple[int, int]] = []  # an acronym inside a name the factsheet knows is known too
    for start, end in _names(question):
        parts = question[start:end].split()
        if _SENTENCE_START_RE.search(question[:start]):
            parts = parts[1:]  # a sentence's first word is capitalised anyway
        # a numeral, a number, a word in capitals for emphasis ("ALL") and the country's name are not the name's
        shouted = {w for w in parts if w.isupper() and w.lower() in english_ranks()}
        own = [proper_word(w) for w in parts if not _ID_NUMERAL.fullmatch(w) and not re.search(r"\d", w)]
        own = [w for w in own if w not in skip and w.upper() not in shouted]
        if len(own) < 2:
            continue
        # a hyphenated word is the factsheet's when each part is ("Denmark-specific")
        unknown = [w for w in own if w not in vocab.proper and not set(w.split("-")) <= skip | vocab.proper]
        if vocab.names(" ".join(parts)) or len(unknown) < len(own) / 2:
            known.append((start, end))
        else:
            found.append(" ".join(parts))
    return found, known


def _unknown_acronyms(question: str, vocab: Vocabulary, skip: set[str], known: list[tuple[int, int]]) -> list[str]:
    """Acronyms the factsheet neither writes, defines nor has a name with the initials of ("GDPR")."""
    ranks = english_ranks()
    found = []
    for m in _ACRONYM_RE.finditer(question):
        low = proper_word(m.group(0))
        if _ID_NUMERAL.fullmatch(low) or low in ranks or low in skip or any(a <= m.start() < b for a, b in known):
            continue  # a numeral, a word in capitals for emphasis ("REQUIRE"), or part of a name it knows
        if not (low in vocab.proper or low in vocab.acronyms or low in vocab.initials or synonyms(low)):
            found.append(m.group(0))
    return found


def _names(text: str) -> Iterator[tuple[int, int]]:
    """The spans of the names a text writes; a possessive ends one ("the Council of Europe's Cybercrime
    Convention" is two)."""
    for run in NAME_RE.finditer(text):
        start = run.start()
        for cut in re.finditer(r"[’']s\b\s*", run.group(0)):
            yield start, run.start() + cut.start()
            start = run.start() + cut.end()
        yield start, run.end()


def unwritten(question: str, vocab: Vocabulary) -> tuple[str, ...]:
    """Years, articles and ordinals the question asks about that the factsheet never writes: "in 2030",
    "section 235", "the third monitoring round" where it writes only of the second."""
    found = [y for y in YEAR_RE.findall(question) if y not in vocab.years]
    for m in _ARTICLE_RE.finditer(question):  # "section 235 of the Criminal Code": a provision it never cites
        if not re.search(rf" (?:article|art|section|sec) {m.group(1)} ", vocab.plain):
            found.append(m.group(0))
    for m, stem in ordinal_words(question):
        written = {n for n, s in vocab.ordinals if s == stem}
        if written and ORDINALS[m.group(1).lower()] not in written:
            found.append(m.group(0))
    return tuple(found)


# A noun phrase opens after one of these (or a possessive, a word of asking, a bracket, the start) and closes
# before one of them (or punctuation, the end); a verb and its object ("got sent some", "start learning") do not.
_PHRASE_OPENERS = frozenset("the a an on in of for about to with and or by from at their its his her our any".split())
_PHRASE_CLOSERS = frozenset("in on for of to and or between with from by at that which".split())
_PHRASE_WORD_RE = re.compile(r"[A-Za-z](?:[A-Za-z'’-]*[A-Za-z])?")  # a closing quote is not the word's


def unwritten_phrases(question: str, vocab: Vocabulary) -> tuple[str, ...]:
    """Noun phrases of two or more words none of which the factsheet uses, nor a synonym of them ("porn websites",
    "the statute of limitations"): a thing it never speaks of. Chat shorthand and function words are no such words."""
    missing = {w.lower() for w in support(question, vocab).missing}
    words = list(_PHRASE_WORD_RE.finditer(question))

    def content(i: int) -> bool:
        word = words[i].group(0)
        low = word.lower()
        stems = lexical_tokens(low)
        if word[0].isupper() and _the_countrys(word, vocab):
            return False  # the country's people ("by Danes")
        # a hyphenated word's parts may be function words ("client-side"): its first stem is the whole word
        return low in missing and len(low) > 3 and bool(stems) and stems[0] not in FUNCTION_WORDS

    def joined(j: int) -> bool:  # to the word before by a space only: punctuation ends a phrase
        return not question[words[j - 1].end() : words[j].start()].strip()

    found = []
    i = 0
    while i < len(words):
        j = i
        while (
            j < len(words)
            and (j == i or joined(j))
            and (content(j) or (words[j].group(0) == "of" and j > i and j + 1 < len(words) and content(j + 1)))
        ):
            j += 1
        if (
            j - i >= 2
            and _opens(question, words, i)
            and _closes(question, words, j - 1)
            # a misspelt English word is a typo of an everyday one, not a term ("to stop sayng"); asked last, as
            # its dictionary loads on first use
            and not any(misspelt_english(w.group(0).lower()) for w in words[i:j])
        ):
            found.append(question[words[i].start() : words[j - 1].end()])
        i = max(j, i + 1)
    return tuple(found)


def _opens(question: str, words: list[re.Match[str]], i: int) -> bool:
    before = question[words[i - 1].end() : words[i].start()] if i else ""
    if i == 0 or re.search(r"[^\s]", before):
        return True  # the start, or after punctuation
    prev = words[i - 1].group(0)
    # or after a word of asking ("does it discuss …")
    asking = set(lexical_tokens(prev)) & ASKING_WORDS
    return prev.lower() in _PHRASE_OPENERS or bool(re.search(r"['’]s$", prev)) or bool(asking)


def _closes(question: str, words: list[re.Match[str]], j: int) -> bool:
    after = question[words[j].end() : words[j + 1].start()] if j + 1 < len(words) else ""
    return j + 1 == len(words) or bool(re.search(r"[^\s]", after)) or words[j + 1].group(0).lower() in _PHRASE_CLOSERS


def without_asides(question: str) -> str:
    """The question with its asides on who asks or what for ("For a news piece: …") cut: an opening one leaves the
    rest to open the question, another leaves a full stop so that no phrase runs across the cut."""
    for m in sorted(matches(ASIDE_RULES, question), key=lambda m: -m.start):
        question = question[m.end :].lstrip() if m.start == 0 else f"{question[: m.start]}. {question[m.end :]}"
    return question


_SINCE_RE = re.compile(r"\b(?:since|after|later than|from)\s+((?:19|20)\d\d)\b", re.I)


# whether the country has done something since the document came out ("has Denmark adopted it since this factsheet
# was published?"); not a question on the document ("does the factsheet reflect what Denmark did since?") or on
# what it says of later measures ("how can Denmark tell the secretariat about measures since the report?")
_SINCE_DOCUMENT_RE = re.compile(
    r"\bsince (?:this|the) (?:factsheet|report|document)(?: (?:was|got|has been|came) (?:published|adopted|issued"
    r"|released|written|out))?\b|\bsince (?:its|the factsheet[’']s|the report[’']s) (?:publication|adoption)\b",
    re.I,
)
_HAS_IT_DONE_RE = re.compile(r"^\W*(?:has|have|did)\b(?! (?:the|this) (?:factsheet|report|document)\b)", re.I)


def after_its_time(question: str, vocab: Vocabulary) -> str | None:
    """A year the question asks about events since, past the latest year the factsheet writes ("since 2023" when
    that is 2022), or events since the factsheet itself: what happened after it cannot say, whatever the question
    looks up. "After 2022" it can: it says it holds nothing from after then."""
    latest = max(vocab.years, default="")
    for m in _SINCE_RE.finditer(question):
        if latest and m.group(1) > latest:
            return m.group(0)
    since = _SINCE_DOCUMENT_RE.search(question)
    if since and _HAS_IT_DONE_RE.search(question):
        return since.group(0)
    return None


@dataclass(frozen=True)
class Support:
    """How much of what a question is about the factsheet knows, each word weighted by how specific it is."""

    known: float
    unknown: float
    missing: tuple[str, ...]  # the words it never uses
    specific: int = 0  # words beyond everyday language
    specific_missing: int = 0

    @property
    def all_known(self) -> bool:
        """Every specific word of the question is the factsheet's own (itself, a synonym, an acronym); a question in
        everyday words only has all of them its own."""
        if self.specific:
            return not self.specific_missing
        return self.known > 0 and not self.missing  # in everyday words only: every one of them the factsheet's

    @property
    def mostly_known(self) -> bool:
        """One word only is not the factsheet's, and what it does write outweighs it twice over ("reuse")."""
        return len(self.missing) == 1 and self.known >= MOSTLY_KNOWN * self.unknown


def support(text: str, vocab: Vocabulary) -> Support:
    """Weigh the question's content words (log of their rank in English: rarer weighs more) by whether the
    factsheet uses them, or a thesaurus synonym of them, or is the long form of an acronym they are."""
    skip = ASKING_WORDS | stop_stems() | set(lexical_tokens(" ".join(country_words(vocab.country))))
    ranks = english_ranks()
    known = unknown = 0.0
    missing: list[str] = []
    specific = specific_missing = 0
    phrases = bridged(text)
    for m in {m.group(0): m for m in re.finditer(r"[A-Za-z][A-Za-z]+(?:-[A-Za-z]+)*", text)}.values():
        word = m.group(0)
        low = word.lower()
        if _ID_NUMERAL.fullmatch(word):  # "IV" of "Recommendation IV-5": a number, not a word
            continue
        stems = set(lexical_tokens(low)) - skip
        if not stems:
            continue
        rank = ranks.get(low, UNKNOWN_RANK)
        # a word of a lay phrase the thesaurus bridges ("tech companies") means what the phrase does
        phrase = " ".join(words for a, b, words in phrases if a <= m.start() < b)
        meant = stems | set(lexical_tokens(f"{phrase} {vocab.acronyms.get(low, '')}"))
        is_known = bool(meant & vocab.stems)
        specific += rank > EVERYDAY_RANK
        specific_missing += rank > EVERYDAY_RANK and not is_known
        if is_known:
            known += math.log(rank + 2)
        else:
            unknown += math.log(rank + 2)
            missing.append(word)
    return Support(known, unknown, tuple(missing), specific, specific_missing)


def judge(
    question: str,
    hits: Sequence[Hit],
    vocab: Vocabulary,
    best_dense: float,
    min_overlap: int,
    min_similarity: float,
    context: str = "",
    by_similarity: bool = True,
    topic: str | None = None,
    anchored: bool = False,
) -> Verdict:
    """Abstain when the factsheet never uses most of what the question is about, when it is about another
    country, when it asks for an answer no hit holds, or (only when some of its words are not the
    factsheet's own) when nothing is close.

    `context` is the earlier question a follow-up leans on: its words belong to the subject too.
    `by_similarity`: whether similarity counts at all (not for a set defined by structure or a look-up).
    `topic`: the question's words outside its structure words and look-ups (default: the whole question).
    `anchored`: the question is held to the factsheet's structure or terms (a chapter its title words name, a
    term the factsheet defines, a set of passages holding its words); with every word the factsheet's own, such
    a question is on topic however everyday its words ("research and data collection").
    """
    country = vocab.country
    later = after_its_time(question, vocab)
    if later:
        return Verdict(
            True, f"the factsheet cannot say what happened {later}: the latest year it writes is {max(vocab.years)}"
        )
    # "the Budapest Convention", "in 2030": a name or a time it never writes is not what it is about, however
    # close the question looks
    said = without_asides(question)  # "For a news piece: …": who asks or what for is not what it asks about
    names = (
        (*unknown_names(said, vocab), *unwritten(said, vocab), *unwritten_phrases(said, vocab)) if by_similarity else ()
    )
    if names:
        return Verdict(True, f"the factsheet never mentions {names[0]}")
    about = support(f"{question if topic is None else topic} {context}", vocab)
    terms = subject_terms(f"{question} {context}", vocab.common, country)
    kind = asked_only(question)
    # a date is specific enough that the question's specific words ("the VIDTF") say what it is about
    # (the question's own words, when it names some: not those of an earlier turn on another thing)
    dated: list[set[str]] = []
    if kind == "date":
        dated = subject_terms(question, vocab.common, country, specific=True) or subject_terms(
            f"{question} {context}", vocab.common, country, specific=True
        )
    # a word the factsheet never writes ("worth") is in no sentence: the subject is what it does write
    written = [t for t in dated or terms if t & vocab.stems]
    found = evidence(hits, kind, written, min_overlap, question, vocab.common) if kind else None
    # a sentence holding the very kind of answer asked for, about the question's subject, is close enough
    on_topic = about.all_known or (anchored and not about.specific_missing) or found is not None
    bar = min_similarity - NEAR_BAND if about.mostly_known else min_similarity
    if by_similarity and not on_topic and best_dense < bar:
        return Verdict(True, f"nothing in the factsheet is close to this question (similarity {best_dense:.2f})")
    others = countries_named(question) - {country.lower()}
    if others:
        named = ", ".join(sorted(o.title() for o in others))
        rest = [t for t in terms if not t & set(lexical_tokens(" ".join(others)))]
        mentions = [h for h in hits if any(o in h.passage.text.lower() for o in others)]
        if not any(overlap(rest, h.passage.text) >= min(min_overlap, max(len(rest), 1)) for h in mentions):
            return Verdict(True, f"the factsheet is about {country.title()}; it says nothing on this about {named}")
    if kind and found is None:
        return Verdict(True, f"the factsheet gives no {_ANSWER_NOUNS.get(kind, kind)} on this")
    return Verdict(False, holds=found or "")
