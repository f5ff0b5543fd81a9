"""Does the factsheet answer this question at all? Answer types and evidence, not score alone.

Out-of-scope questions are on-topic: their best similarity is as high as for answerable ones. What
separates them is the kind of answer they ask for (a number, a penalty, a date, another country)
and whether a retrieved sentence holds one about the same subject.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .lexicon import countries_named, expand
from .retrieval import lexical_tokens
from .types import Hit

_SENTENCE_RE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z“\"(])")

ANSWER_TYPES: dict[str, tuple[re.Pattern, re.Pattern]] = {
    # type: (what in a question asks for it, what in a sentence can answer it)
    "number": (
        re.compile(
            r"\bhow (?:many|much|often|big|large)\b|\b(?:what|which) (?:share|percentage|proportion|number)"
            r"|\bnumber of\b|\bstatistics?\b|\bmost (?:used|common|popular|frequent)",
            re.I,
        ),
        re.compile(r"\d|\b(?:majority|minority|most|few|many)\b", re.I),
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
        re.compile(r"\bwhen (?:did|was|were|will)\b|\bwhat year\b|\bsince when\b", re.I),
        re.compile(r"\b(?:19|20)\d\d\b"),
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


def subject_stems(question: str, common: frozenset[str]) -> set[str]:
    """Content stems of a question and its synonyms, less the answer-type words and ubiquitous ones."""
    text = question
    for asks, _ in ANSWER_TYPES.values():
        text = asks.sub(" ", text)
    return {s for s in lexical_tokens(expand(text)) if s not in common and not s.isdigit()}


def evidence(hits: Sequence[Hit], kind: str, subject: set[str], min_overlap: int) -> str | None:
    """The first sentence of the hits that holds an answer of this kind about the subject."""
    holds = ANSWER_TYPES[kind][1]
    for h in hits:
        for sentence in _SENTENCE_RE.split(h.passage.text):
            if holds.search(sentence) and len(subject & set(lexical_tokens(sentence))) >= min_overlap:
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
) -> Verdict:
    """Abstain when the question is off-topic, about another country, or asks for an answer no hit holds."""
    if best_dense < min_similarity:
        return Verdict(True, f"nothing in the factsheet is close to this question (similarity {best_dense:.2f})")
    others = countries_named(question) - {country.lower()}
    if others:
        named = ", ".join(sorted(o.title() for o in others))
        subject = subject_stems(question, common) - {o.lower() for o in others}
        mentions = [h for h in hits if any(o in h.passage.text.lower() for o in others)]
        if not any(len(subject & set(lexical_tokens(h.passage.text))) >= min_overlap for h in mentions):
            return Verdict(True, f"the factsheet is about {country.title()}; it says nothing on this about {named}")
    kind = answer_type(question)
    if kind and evidence(hits, kind, subject_stems(question, common), min_overlap) is None:
        return Verdict(True, f"the factsheet gives no {kind} on this")
    return Verdict(False)


def common_stems(texts: Sequence[str], share: float = 0.2) -> frozenset[str]:
    """Stems found in more than `share` of the passages: they say nothing about a subject."""
    from collections import Counter

    df: Counter = Counter()
    for t in texts:
        df.update(set(lexical_tokens(t)))
    n = max(len(texts), 1)
    return frozenset(s for s, c in df.items() if c / n > share)
