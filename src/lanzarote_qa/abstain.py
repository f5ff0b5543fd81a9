"""Does the factsheet answer this question at all? Answer types and evidence, not score alone.

Out-of-scope questions are on-topic: their best similarity is as high as for answerable ones. What
separates them is the kind of answer they ask for (a number, a penalty, a date, another country)
and whether a retrieved sentence holds one about the same subject.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .lexicon import countries_named, country_words, synonyms
from .retrieval import lexical_tokens, sentences
from .types import Hit

ANSWER_TYPES: dict[str, tuple[re.Pattern, re.Pattern]] = {
    # type: (what in a question asks for it, what in a sentence can answer it)
    "count": (
        re.compile(r"\bhow (?:many|much|often|big|large)\b|\bnumber of\b", re.I),
        re.compile(r"\d"),
    ),
    "share": (
        re.compile(r"\b(?:what|which) (?:share|percentage|proportion)|\bmost (?:used|common|popular|frequent)", re.I),
        re.compile(r"\d|%|\bper ?cent|\b(?:majority|minority)\b", re.I),
    ),
    "penalty": (
        re.compile(r"\b(?:penalt\w+|punish\w*|sentences?|prison|jail|fines?|sanctions?)\b", re.I),
        re.compile(r"\b(?:imprisonment|fine|sentenced|years?)\b", re.I),
    ),
    "money": (
        re.compile(r"\b(?:budget|spend\w*|cost\w*|how much money|funding amount|euros?|kroner|dkk)\b", re.I),
        re.compile(r"\d.*(?:€|eur|kroner|dkk|million)|\bgrants?\b|\bfinancial support\b", re.I),
    ),
    "date": (
        re.compile(
            r"\bwhen (?:did|was|were|will)\b|\bwhat year\b|\bsince when\b"
            r"|\b(?:best|what|which) (?:time|day|month|season)|\btime of (?:the )?year\b",
            re.I,
        ),
        re.compile(
            r"\b(?:19|20)\d\d\b|\b(?:january|february|march|april|may|june|july|august|september|october"
            r"|november|december|spring|summer|autumn|winter)\b",
            re.I,
        ),
    ),
}


@dataclass(frozen=True)
class Verdict:
    """Whether to abstain, and why."""

    abstain: bool
    reason: str = ""


def answer_type(question: str) -> str | None:
    """The kind of answer a question asks for, if it is one the document rarely holds."""
    for name, (asks, _) in ANSWER_TYPES.items():
        if asks.search(question):
            return name
    return None


def subject_terms(question: str, common: frozenset[str], country: str) -> list[set[str]]:
    """Each content word of a question as the set of stems that would mean it (its own and its synonyms).

    Answer-type words, the country's own name and stems found all over the document say nothing
    about what a question is about, so they are left out.
    """
    text = question
    for asks, _ in ANSWER_TYPES.values():
        text = asks.sub(" ", text)
    skip = set(common) | set(lexical_tokens(" ".join(country_words(country))))
    terms = []
    for word in re.findall(r"[A-Za-z][A-Za-z\-]+", text):
        own = set(lexical_tokens(word))
        if not own or own <= skip:
            continue
        variants = (own | set(lexical_tokens(synonyms(word.lower())))) - skip
        if variants and variants not in terms:
            terms.append(variants)
    return terms


def overlap(terms: Sequence[set[str]], text: str) -> int:
    """How many of the question's words a text speaks of, by the word itself or a synonym."""
    stems = set(lexical_tokens(text))
    return sum(1 for variants in terms if variants & stems)


def evidence(hits: Sequence[Hit], kind: str, terms: Sequence[set[str]], min_overlap: int) -> str | None:
    """The first sentence of the hits that holds an answer of this kind about the subject."""
    holds = ANSWER_TYPES[kind][1]
    need = min(min_overlap, len(terms))
    for h in hits:
        for sentence in sentences(h.passage.text):
            if holds.search(sentence) and need and overlap(terms, sentence) >= need:
                return sentence
    return None


def judge(
    question: str,
    hits: Sequence[Hit],
    country: str,
    common: frozenset[str],
    best_dense: float,
    min_overlap: int,
    min_similarity: float,
    context: str = "",
    by_similarity: bool = True,
) -> Verdict:
    """Abstain when the question is off-topic, about another country, or asks for an answer no hit holds.

    `context` is the earlier question a follow-up leans on: its words belong to the subject too.
    `by_similarity`: whether nothing close is a reason (not for a set defined by structure).
    """
    if by_similarity and best_dense < min_similarity:
        return Verdict(True, f"nothing in the factsheet is close to this question (similarity {best_dense:.2f})")
    terms = subject_terms(f"{question} {context}", common, country)
    others = countries_named(question) - {country.lower()}
    if others:
        named = ", ".join(sorted(o.title() for o in others))
        rest = [t for t in terms if not t & set(lexical_tokens(" ".join(others)))]
        mentions = [h for h in hits if any(o in h.passage.text.lower() for o in others)]
        if not any(overlap(rest, h.passage.text) >= min(min_overlap, max(len(rest), 1)) for h in mentions):
            return Verdict(True, f"the factsheet is about {country.title()}; it says nothing on this about {named}")
    kind = answer_type(question)
    if kind and evidence(hits, kind, terms, min_overlap) is None:
        return Verdict(True, f"the factsheet gives no {kind} on this")
    return Verdict(False)
