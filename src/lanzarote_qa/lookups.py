"""Look-ups a question names: recommendation ids (lists, ranges), report paragraphs (lists, ranges, §) and the
factsheet's footnotes ("footnote 96": the passages it is attached to, with what it cites).

A paragraph of another text ("para 129 of the Explanatory Report") is not a report paragraph:
it is kept as a mention, found where the factsheet's text names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .citations import normalise_rec_id
from .types import Reason

ROMAN = r"(?:XI|IX|X|VI{0,3}|IV|I{1,3})"
_REC_ID = rf"\b({ROMAN})\s*[-–.]\s*(\d{{1,2}})\b"
_REC_RE = re.compile(_REC_ID)
_REC_RANGE_RE = re.compile(rf"{_REC_ID}\s*(?:to|[-–])\s*(?:\1\s*[-–.]\s*)?(\d{{1,2}})\b")
# typed in lower case ("ii-4", "vi-2"): only written as one token, numeral and number joined by a dash
_REC_LOWER_RE = re.compile(rf"\b({ROMAN})[-–](\d{{1,2}})\b", re.I)
_REC_LOOSE_RE = re.compile(rf"\brec(?:ommendation)?s?\.?\s*(?:no\.?\s*)?({ROMAN})[\s\-–.]*(\d{{1,2}})\b", re.I)
_PARA_RE = re.compile(
    r"(?:\b(?:report\s+)?para(?:graph)?s?\.?|§§?)\s*(\d{1,4})((?:\s*(?:-|–|to|and|,|&)\s*\d{1,4})*)"
    r"(?P<of>\s+of\s+(?:the\s+)?(?:lanzarote\s+)?(?:convention(?:['’]s)?\s+)?(?P<what>explanatory\s+report|convention"
    r"|(?:\d{4}\s+)?opinion|article\s+\d+|rules?))?",
    re.I,
)
# the factsheet's own footnotes, by number ("footnote 96", "fn. 12 and 13")
_FOOTNOTE_RE = re.compile(
    r"\b(?:foot-?notes?|fn\.?)\s*(?:no\.?\s*)?(\d{1,4})((?:\s*(?:-|–|to|and|,|&)\s*\d{1,4})*)", re.I
)
_MAX_RANGE = 12


@dataclass(frozen=True)
class LookupParse:
    ids: tuple[str, ...]
    paragraphs: tuple[int, ...]
    mentions: tuple[str, ...]
    reasons: tuple[Reason, ...]
    spans: tuple[tuple[int, int], ...] = ()  # where in the question they were named
    footnotes: tuple[int, ...] = ()  # the factsheet's own, by number


def _numbers(first_number: str, rest: str) -> list[int]:
    """'54' + ' – 56' -> [54, 55, 56]; '54' + ', 55 and 60' -> [54, 55, 60]."""
    out = [int(first_number)]
    for sep, n in re.findall(r"(-|–|to|and|,|&)\s*(\d{1,4})", rest):
        b = int(n)
        if sep in ("-", "–", "to") and 0 < b - out[-1] <= _MAX_RANGE:
            out.extend(range(out[-1] + 1, b + 1))
        else:
            out.append(b)
    return out


def parse_lookups(q: str) -> LookupParse:
    """Recommendation ids, report paragraphs and footnotes a question names; other documents' paragraphs as
    mentions."""
    ids: list[str] = []
    reasons: list[Reason] = []
    every = (_REC_RANGE_RE, _REC_RE, _REC_LOWER_RE, _REC_LOOSE_RE, _PARA_RE, _FOOTNOTE_RE)
    spans = [(m.start(), m.end()) for rx in every for m in rx.finditer(q)]
    for m in _REC_RANGE_RE.finditer(q):
        a, b = int(m.group(2)), int(m.group(3))
        if 0 < b - a <= _MAX_RANGE:
            ids += [normalise_rec_id(m.group(1), n) for n in range(a, b + 1)]
            reasons.append(Reason("lookup:range", m.group(0), f"recommendations {ids[-(b - a + 1)]} to {ids[-1]}"))
    for rx in (_REC_RE, _REC_LOWER_RE, _REC_LOOSE_RE):
        for m in rx.finditer(q):
            rid = normalise_rec_id(m.group(1), m.group(2))
            if rid not in ids:
                ids.append(rid)
                reasons.append(Reason("lookup:id", m.group(0), f"recommendation {rid}"))
    paras: list[int] = []
    mentions: list[str] = []
    for m in _PARA_RE.finditer(q):
        numbers = _numbers(m.group(1), m.group(2) or "")
        if m.group("what"):  # a paragraph of another text: found where the factsheet mentions it
            mentions.append(m.group(0).strip())
            reasons.append(Reason("lookup:mention", m.group(0).strip(), f"a paragraph of the {m.group('what')}"))
            continue
        paras += [n for n in numbers if n not in paras]
        reasons.append(Reason("lookup:paragraph", m.group(0).strip(), f"report paragraphs {numbers}"))
    notes: list[int] = []
    for m in _FOOTNOTE_RE.finditer(q):
        numbers = _numbers(m.group(1), m.group(2) or "")
        notes += [n for n in numbers if n not in notes]
        reasons.append(Reason("lookup:footnote", m.group(0).strip(), f"footnotes {numbers}"))
    return LookupParse(tuple(ids), tuple(paras), tuple(mentions), tuple(reasons), tuple(spans), tuple(notes))
