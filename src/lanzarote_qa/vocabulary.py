"""What query understanding learns from the factsheet itself: chapter topics, common words, and the names,
years, ordinals and headings it writes.

Nothing here is written by hand for this document: the vocabulary is read from the passages,
so another factsheet of the series gets its own.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from .chunking import embed_text
from .lexicon import ASKING_TEXT, LAY_TERMS, concepts
from .retrieval import lexical_tokens, stop_stems
from .spelling import Correction, Speller, acronyms, words_of
from .types import Kind, Passage

# A name as texts write it: capitalised words, possibly joined by a few lower-case ones ("Council of Europe").
NAME_CONNECTORS = frozenset({"of", "on", "for", "the", "and", "in", "to", "against"})
_CAPITAL = r"[A-Z][\w’'-]*"
NAME_RE = re.compile(rf"{_CAPITAL}(?:\s+(?:(?:{'|'.join(sorted(NAME_CONNECTORS))})\s+)*{_CAPITAL})+")

# A stem found in more than this share of passages says nothing about what a question is about.
COMMON_SHARE = 0.2
# Routing: a word of a chapter's title routes there when that chapter holds this share of its uses
# (so "training", used more in chapter III than in chapter X, whose title it is in, routes nowhere);
# a word in more than ROUTE_MAX_SHARE of all passages routes nowhere. Words outside the titles were
# tried and routed worse (see README).
TITLE_CONCENTRATION = 0.4
# A word used in this share of the chapters or more is the factsheet's subject, not one chapter's topic.
PERVASIVE_SHARE = 0.6
ROUTE_MAX_SHARE = COMMON_SHARE
# A chapter is routed to only if its words weigh at least this share of the best-routed chapter's.
ROUTE_OF_BEST = 0.5
# Stems of one word family the stemmer splits ("identifi", "identif"): this long at least, this many letters apart.
FAMILY_MIN = 7
FAMILY_SPREAD = 1


@dataclass(frozen=True)
class Route:
    """Chapters a text points to, best first, and the words that point there."""

    chapters: tuple[str, ...]
    words: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    """Distinctive words of each chapter, the document's common words, and its country."""

    weights: dict[str, dict[str, float]]  # stem -> chapter -> weight
    titles: dict[str, frozenset[str]]  # chapter -> stems of its title
    common: frozenset[str]
    stems: frozenset[str]  # every stem of the factsheet
    country: str
    documents: tuple[str, ...] = ()
    chapter_titles: dict[str, str] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)  # "csam" -> "child sexual abuse material"
    speller: Speller | None = None
    uses: dict[str, Counter[str]] = field(default_factory=dict)  # chapter -> stem -> passages using it
    defined_in: dict[str, str] = field(default_factory=dict)  # "csgsiv", "lanzarote convention" -> passage id
    proper: frozenset[str] = frozenset()  # words it writes capitalised or in capitals, lower-cased, no plural s
    initials: frozenset[str] = frozenset()  # of the names it writes: "dpp" (Director of Public Prosecutions)
    plain: str = ""  # its whole text as `_plain` gives it: for looking up a phrase
    headings: tuple[str, ...] = ()  # the headings its sections' passages sit under
    glossary: dict[str, str] = field(default_factory=dict)  # a term it defines in a list ('“Invite”: when ...') -> id
    quoted: dict[str, str] = field(default_factory=dict)  # a name one passage alone quotes (a campaign slogan) -> id
    introductions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # chapter -> its introduction's ids
    opening: frozenset[str] = frozenset()  # the factsheet's opening chapters (all introduction)

    @cached_property
    def years(self) -> frozenset[str]:
        """The years it writes."""
        return frozenset(YEAR_RE.findall(self.plain))

    @cached_property
    def ordinals(self) -> frozenset[tuple[int, str]]:
        """(ordinal, stem of the word after it) for each ordinal it writes: (2, "monitor") for "second monitoring"."""
        return frozenset((ORDINALS[m.group(1).lower()], stem) for m, stem in ordinal_words(self.plain))

    def family(self, stem: str) -> tuple[str, ...]:
        """The factsheet's other stems of the same word family, which the stemmer splits ("identifying" and
        "identification", "programme" and "program"): one a prefix of the other, a letter apart; not its common
        words, which say nothing of a topic."""
        if len(stem) < FAMILY_MIN:
            return ()
        return tuple(
            s
            for s in self._family_stems
            if s != stem and (s.startswith(stem) or stem.startswith(s)) and abs(len(s) - len(stem)) <= FAMILY_SPREAD
        )

    @cached_property
    def _family_stems(self) -> tuple[str, ...]:
        """The stems a word family can hold, sorted: long enough, alphabetic and not common."""
        return tuple(sorted(s for s in self.stems if len(s) >= FAMILY_MIN and s not in self.common and s.isalpha()))

    def names(self, phrase: str) -> bool:
        """Does the factsheet write this phrase?"""
        return _plain(phrase) in self.plain

    def pervasive(self, term: Sequence[str]) -> bool:
        """Is the word (or a synonym) used in PERVASIVE_SHARE of the chapters or more: the factsheet's own subject
        ("self-generated images", "risks"), which says nothing of which chapter a question is about?"""
        used = sum(1 for counts in self.uses.values() if any(counts[s] for s in term))
        return bool(self.uses) and used >= PERVASIVE_SHARE * len(self.uses)

    def concentrated(self, term: Sequence[str], chapters: Sequence[str]) -> bool:
        """Do the chapters hold at least TITLE_CONCENTRATION of the passages using the word (or a synonym)?"""
        return _share(self.uses, term, chapters) >= TITLE_CONCENTRATION

    @classmethod
    def from_passages(cls, passages: Sequence[Passage], country: str = "", notes: Sequence[str] = ()) -> Vocabulary:
        """Learn where each word is used: a word concentrated in one chapter routes there.

        `notes`: the rest of what the factsheet writes (its footnotes): the names it writes there are its own.
        """
        df: Counter[str] = Counter()
        per_chapter: dict[str, Counter[str]] = defaultdict(Counter)
        titles: dict[str, set[str]] = defaultdict(set)
        names: dict[str, str] = {}
        own_uses: dict[str, Counter[str]] = defaultdict(Counter)
        opening = opening_chapters(passages)
        for p in passages:
            # with its context header ("generic", "invited") but not the chapter title the header repeats:
            # counted in every passage of a long chapter, its title words looked common and routed nowhere
            text = embed_text(replace(p, chapter_title=""))
            stems = set(lexical_tokens(text))
            df.update(stems)
            names[p.chapter] = p.chapter_title
            if p.chapter not in opening:  # the factsheet's opening speaks of every chapter's topic
                per_chapter[p.chapter].update(stems)
                titles[p.chapter].update(lexical_tokens(p.chapter_title))
                own_uses[p.chapter].update(lexical_tokens(without_title_phrases(text, p.chapter_title)))
        n = max(len(passages), 1)
        in_titles = Counter(s for stems in titles.values() for s in stems)
        body = Counter(s for counts in per_chapter.values() for s in counts.elements())
        weights: dict[str, dict[str, float]] = defaultdict(dict)
        for s in in_titles:
            if df[s] / n > ROUTE_MAX_SHARE or in_titles[s] > 2 or not body[s]:
                continue  # a word used all over the document, or in many titles, routes nowhere
            # a word in two titles ("education") routes to both when they share its uses between them
            named = [c for c, stems in titles.items() if s in stems]
            # a title word counts where the chapter uses it of its own, not where its passages repeat the title's
            # phrase: VIII's title ends "… faced by children generating and/or sharing sexual images …", which
            # its recommendations repeat; "sharing" and "faced" are the whole document's subject, not VIII's
            share = _share(own_uses, (s,), named)
            if share >= TITLE_CONCENTRATION:
                for c in named:
                    weights[s][c] = share
        for chapter, stems in titles.items():  # a title word the chapter's passages never use still names it
            for s in stems:
                if not per_chapter[chapter][s] and in_titles[s] == 1 and df[s] / n <= ROUTE_MAX_SHARE:
                    weights[s][chapter] = TITLE_CONCENTRATION
        common = frozenset(s for s, c in df.items() if c / n > COMMON_SHARE)
        documents = tuple(dict.fromkeys(p.document for p in passages))
        country = country or (documents[0].title() if documents else "")
        texts = [t for p in passages for t in (p.text, p.heading, p.chapter_title)]
        found = acronyms(texts)
        speller = Speller(words_of(texts), keep=(*LAY_TERMS, *ASKING_TEXT.split(), *found))
        written = [*texts, *notes]
        capitalised = [w for t in written for w in re.findall(_CAPITAL, t)]
        proper = frozenset(proper_word(part) for w in capitalised for part in (w, *w.split("-")) if part)
        # a name the footnotes cite only in a web address ("www.oecd.org/dac/…") is one the factsheet refers to
        proper |= {w for n in notes for url in _URL_RE.findall(n) for w in re.findall(r"[a-z]{3,}", url.lower())}
        initials = frozenset(i for t in written for m in NAME_RE.finditer(t) for i in _initials(m.group(0)))
        return cls(
            dict(weights),
            {c: frozenset(t) for c, t in titles.items()},
            common,
            frozenset(df) | {stem for t in texts for _, _, stem in concepts(t)},  # with the concepts it names
            country,
            documents,
            names,
            found,
            speller,
            dict(per_chapter),
            definitions(passages, found),
            proper,
            initials,
            _plain(" ".join(written)),
            tuple(dict.fromkeys(p.heading for p in passages if p.heading)),
            glossary(passages),
            quoted_names(passages),
            introductions(passages),
            opening,
        )

    def glossed(self, text: str) -> tuple[tuple[str, str], ...]:
        """(term, passage id) for each glossary term the text names in any form ("invites" for “Invite”)."""
        said = set(lexical_tokens(text))
        return tuple((term, pid) for term, pid in self.glossary.items() if set(lexical_tokens(term)) <= said)

    def quotes(self, text: str) -> tuple[tuple[str, str], ...]:
        """(name, passage id) for each name the factsheet quotes in one passage that the text says, quoted or not."""
        low = _plain(text)
        return tuple((name, pid) for name, pid in self.quoted.items() if f" {name} " in low)

    def correct(self, text: str) -> tuple[str, tuple[Correction, ...]]:
        """The text with misspelt and American-spelt words replaced by the factsheet's."""
        return self.speller.correct(text) if self.speller is not None else (text, ())

    def spelled_out(self, text: str) -> tuple[tuple[str, str], ...]:
        """(acronym, long form) for each acronym the text uses or spells out, as the factsheet defines them."""
        low = _plain(text)
        return tuple((acr, long) for acr, long in self.acronyms.items() if _says(acr, low) or _plain(long) in low)

    @cached_property
    def _heading_leads(self) -> tuple[tuple[re.Pattern[str], str], ...]:
        """Each heading with a pattern for its first two words (stop words aside), stemmed once, not per question."""
        leads = ((_content_stems(h)[:2], h) for h in self.headings)
        return tuple((re.compile(rf"\b{re.escape(' '.join(lead))}\b"), h) for lead, h in leads if len(lead) == 2)

    def heading_named(self, text: str) -> str:
        """The heading whose first two words (stop words aside) the text says together ("the key findings")."""
        said = " ".join(_content_stems(text))
        return next((heading for lead, heading in self._heading_leads if lead.search(said)), "")

    def defining(self, text: str) -> tuple[tuple[str, str], ...]:
        """(term, passage id) for each term the text names that the factsheet spells out in a passage."""
        low = _plain(text)
        return tuple(
            (term, pid)
            for term, pid in self.defined_in.items()
            if (_says(term, low) if term in self.acronyms else f" {term} " in low)
        )

    def route(self, text: str, by_title: bool = False, whole: str = "", several: bool = False) -> Route:
        """Chapters the text points to, best first; a chapter named by its whole title is the answer alone.

        `by_title`: the question speaks of a chapter ("the education chapter"): the chapter whose
        distinctive title words it holds most fully is the one meant. `several`: it speaks of chapters
        ("the legal framework and jurisdiction chapters"): each chapter its other title words name, when
        they name two or more. `whole`: the question's words, common ones included, for telling a chapter
        named by its whole title ("education for children").
        """
        stems = set(lexical_tokens(text))
        if by_title or several:
            titled = self._by_titles(stems, several)
            if titled is not None and (by_title or len(titled.chapters) > 1):
                return titled
        every = stems | set(lexical_tokens(whole))
        named = [c for c, title in self.titles.items() if len(title) > 1 and title <= every]
        if named:
            best = max(named, key=lambda c: len(self.titles[c]))
            # a short title held whole is not the chapter meant when the words hold more of another's title: "higher
            # education curricula and continuous training for people working with children" holds the two words of
            # "education for children" and four of "higher education curriculum and continuous training"
            # (counting the words that set titles apart, not the factsheet's common ones)
            held = len(self.titles[best] - self.common)
            if all(len((t - self.common) & every) <= held for t in self.titles.values()):
                return Route((best,), tuple(sorted(self.titles[best])))
        score: dict[str, float] = defaultdict(float)
        words: dict[str, list[str]] = defaultdict(list)
        for s in sorted(stems):
            for chapter, w in self.weights.get(s, {}).items():
                score[chapter] += w
                words[chapter].append(s)
        # a chapter the words route to only in part, beside one they route to whole, is not the topic's
        floor = max(TITLE_CONCENTRATION, ROUTE_OF_BEST * max(score.values(), default=0.0))
        chosen = tuple(c for c in sorted(score, key=lambda c: -score[c]) if score[c] >= floor)
        # a chapter routed to only by words that route to a better one too, which more words route to, is not the
        # topic's ("higher education curricula and continuous training" is not also "education for children")
        chosen = tuple(
            c for c in chosen if not any(set(words[c]) < set(words[b]) for b in chosen if score[b] > score[c])
        )
        if not chosen and by_title and not several:
            # "the prosecution chapter": a title word many chapters use still names the one chapter whose title
            # holds it, when no word says more; not the factsheet's own subject ("sexual abuse"), used everywhere
            said = {c: {w for w in title & every if not self.pervasive((w,))} for c, title in self.titles.items()}
            owners = [c for c, words in said.items() if words]
            if len(owners) == 1:
                return Route((owners[0],), tuple(sorted(said[owners[0]])))
        return Route(chosen, tuple(dict.fromkeys(w for c in chosen for w in words[c])))

    def _by_titles(self, stems: set[str], several: bool) -> Route | None:
        """The chapter whose distinctive title words the stems hold most fully; `several`: then the one the
        words left over name, and so on."""
        overlap = {c: title - self.common for c, title in self.titles.items()}
        left, chosen, words = set(stems), [], []
        while True:
            fit = {c: len(t & left) / len(t) for c, t in overlap.items() if t & left and c not in chosen}
            if not fit:
                break
            best = max(fit, key=lambda c: (len(overlap[c] & left), fit[c]))
            chosen.append(best)
            words += sorted(overlap[best] & left)
            left -= overlap[best]
            if not several:
                break
        return Route(tuple(chosen), tuple(words)) if chosen else None


def opening_chapters(passages: Sequence[Passage]) -> frozenset[str]:
    """The chapters that are all introduction: the factsheet's own opening, which speaks of every topic at once."""
    kinds: dict[str, set[Kind]] = defaultdict(set)
    for p in passages:
        kinds[p.chapter].add(p.kind)
    return frozenset(c for c, held in kinds.items() if held == {Kind.INTRO})


def introductions(passages: Sequence[Passage]) -> dict[str, tuple[str, ...]]:
    """Each chapter's introduction (the passages before its findings, which say why its topic matters), by chapter;
    not the factsheet's opening chapters, which are all introduction."""
    opening = opening_chapters(passages)
    intros: dict[str, list[str]] = defaultdict(list)
    for p in passages:
        if p.kind is Kind.INTRO and p.chapter not in opening:
            intros[p.chapter].append(p.id)
    return {c: tuple(ids) for c, ids in intros.items()}


_URL_RE = re.compile(r"(?:https?://|www\.)[^\s>)\]]+")

# 'Full name ("Short name")': the short name the document goes on to use
_NAMED_RE = re.compile(r"\(\s*[“\"]([^”\"]{3,60})[”\"]\s*\)")
# 'Name is a …' opening a sentence: the document saying what a name of two words or more is
_IS_A_RE = re.compile(rf"(?:^|(?<=[.!?]\s))({NAME_RE.pattern}) (?:is|are) (?:a|an)\b")


def definitions(passages: Sequence[Passage], acronyms: Mapping[str, str]) -> dict[str, str]:
    """Where the factsheet spells out each term it defines ('long form (ACR)', 'Full name ("Name")', 'Name is a
    …'): the first passage doing so, keyed by the acronym or the name, lower-cased."""
    out: dict[str, str] = {}
    for p in passages:
        for acr in acronyms:
            if acr not in out and re.search(rf"\({re.escape(acr)}s?\)", p.text, re.I):
                out[acr] = p.id
        for m in _NAMED_RE.finditer(p.text):
            name = re.sub(r"^(?:the|a|an) ", "", _plain(m.group(1)).strip())
            out.setdefault(name, p.id)
        for m in _IS_A_RE.finditer(p.text):
            out.setdefault(_plain(m.group(1)).strip(), p.id)
    return out


# '“Term”: what it means', as a list of definitions writes it (the levels of urgency)
_GLOSSARY_RE = re.compile(r"[“\"]([A-Z][A-Za-z' -]{1,40})[”\"]\s*:")


def glossary(passages: Sequence[Passage]) -> dict[str, str]:
    """Each term the factsheet defines as an entry of a list ('“Invite”: when the steps recommended ...'):
    the first passage doing so, keyed by the term, lower-cased."""
    out: dict[str, str] = {}
    for p in passages:
        for m in _GLOSSARY_RE.finditer(p.text):
            out.setdefault(m.group(1).lower(), p.id)
    return out


_QUOTED_RE = re.compile(r"“([^”]{3,80})”")


def quoted_names(passages: Sequence[Passage]) -> dict[str, str]:
    """Each name of two words or more the factsheet quotes (a campaign slogan) that one passage alone holds:
    the passage a question naming it is about. Keyed by the name as `_plain` gives it, without its quotes."""
    names = dict.fromkeys(_plain(m.group(1)).strip() for p in passages for m in _QUOTED_RE.finditer(p.text))
    plain = [(p.id, _plain(p.text)) for p in passages]  # once, not once per name
    held = {name: [pid for pid, text in plain if f" {name} " in text] for name in names if len(name.split()) >= 2}
    return {name: ids[0] for name, ids in held.items() if len(ids) == 1}


YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
ORDINALS = {
    word: n
    for n, words in enumerate(
        (("first", "1st"), ("second", "2nd"), ("third", "3rd"), ("fourth", "4th"), ("fifth", "5th"), ("sixth", "6th")),
        start=1,
    )
    for word in words
}
# a name between the ordinal and its noun is not the noun: "the first Lanzarote monitoring round"
_ORDINAL_RE = re.compile(rf"\b({'|'.join(ORDINALS)})\s+(?-i:[A-Z][a-z]+\s+)?([a-z]+)(?:\s+[a-z]+)?", re.I)


def ordinal_words(text: str) -> list[tuple[re.Match[str], str]]:
    """Each ordinal of the text, with the stem of the word after it."""
    return [(m, s) for m in _ORDINAL_RE.finditer(text) for s in lexical_tokens(m.group(2))[:1]]


def _content_stems(text: str) -> list[str]:
    return [s for s in lexical_tokens(text) if s not in stop_stems() and "-" not in s]


def proper_word(word: str) -> str:
    """A capitalised word as names are compared: lower-cased, without a possessive or a plural s ("NGOs")."""
    low = re.sub(r"[’']s?$", "", word.lower())
    return low[:-1] if len(low) > 3 and low.endswith("s") and word[:-1].isupper() else low


def _initials(name: str) -> set[str]:
    """The initials of a name and of each run of its words ("The Director of Public Prosecutions": "dpp")."""
    first = [w[0].lower() for w in name.split() if w not in NAME_CONNECTORS]
    return {"".join(first[i:j]) for i in range(len(first)) for j in range(i + 2, len(first) + 1)}


def _plain(text: str) -> str:
    """The text's words, lower-cased, between single spaces and padded with one: how names are compared."""
    return f" {' '.join(re.findall(r'[a-z0-9/-]+', text.lower()))} "


def _says(acronym: str, plain: str) -> bool:
    """Does the plain text use the acronym (or its plural)?"""
    return re.search(rf"\b{re.escape(acronym)}s?\b", plain) is not None


TITLE_PHRASE_WORDS = 4  # a run of this many title words in a passage is the title repeated, not the passage's own


def without_title_phrases(text: str, title: str) -> str:
    """The text without any run of TITLE_PHRASE_WORDS or more consecutive words of the title."""
    words = re.findall(r"[\w/]+", title)
    for i in range(len(words) - TITLE_PHRASE_WORDS + 1):
        run = r"\W+".join(re.escape(w) for w in words[i : i + TITLE_PHRASE_WORDS])
        text = re.sub(run, " ", text, flags=re.I)
    return text


def _share(uses: Mapping[str, Counter[str]], stems: Sequence[str], chapters: Sequence[str]) -> float:
    """Of the passages using the stems (outside the introduction), the share that sits in the chapters."""
    total = sum(counts[s] for counts in uses.values() for s in stems)
    inside = sum(uses[c][s] for c in chapters if c in uses for s in stems)
    return inside / total if total else 0.0
