"""The citation grammar: superscript markers and what a footnote cites."""

from __future__ import annotations

import re

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = {c: str(i) for i, c in enumerate(SUPERSCRIPTS)}

# A run of superscript digits, or the `^{4 5}` form that stands for several markers at once.
MARKER_RE = re.compile(rf"\^\{{([\d\s,]+)\}}|[{SUPERSCRIPTS}]+")
REC_ID_RE = re.compile(r"\b([IVXL]+)\s*-\s*(\d+)\b")
_REC_KEYWORD_RE = re.compile(r"\bRecommendations?\b", re.IGNORECASE)
_PARAS_RE = re.compile(r"^\s*Paras?\.?\s*(\d+(?:\s*(?:,|and|&)\s*\d+)*)", re.IGNORECASE)


def superscript_to_int(s: str) -> int:
    """'¹²³' -> 123."""
    return int("".join(_SUP_TO_DIGIT[c] for c in s))


def marker_numbers(match: re.Match) -> list[int]:
    """Footnote numbers that one marker match stands for."""
    if match.group(1) is not None:
        return [int(n) for n in re.findall(r"\d+", match.group(1))]
    return [superscript_to_int(match.group(0))]


def strip_markers(text: str) -> tuple[str, list[int]]:
    """Remove footnote markers from body text; return the text and the numbers in order."""
    numbers: list[int] = []

    def _drop(m: re.Match) -> str:
        numbers.extend(marker_numbers(m))
        return ""

    return MARKER_RE.sub(_drop, text), numbers


def cited_recommendations(text: str) -> tuple[str, ...]:
    """Recommendation ids a footnote names: 'Recommendations V-4, V-7 and V-12.' -> (V-4, V-7, V-12)."""
    kw = _REC_KEYWORD_RE.search(text)
    if not kw:
        return ()
    ids = [f"{m.group(1)}-{int(m.group(2))}" for m in REC_ID_RE.finditer(text, kw.end())]
    return tuple(dict.fromkeys(ids))


def cited_paragraphs(text: str) -> tuple[int, ...]:
    """Report paragraphs a footnote names: 'Paras. 98 and 100.' -> (98, 100); prose -> ()."""
    m = _PARAS_RE.match(text)
    if not m:
        return ()
    return tuple(dict.fromkeys(int(n) for n in re.findall(r"\d+", m.group(1))))


def normalise_rec_id(chapter: str, number: int | str) -> str:
    """Canonical recommendation id, 'iv', 5 -> 'IV-5'."""
    return f"{chapter.upper()}-{int(number)}"
