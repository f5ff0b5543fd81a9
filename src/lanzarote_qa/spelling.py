"""Question words corrected against the factsheet's own vocabulary, and its acronyms read from its text.

Nothing here is written for one document: the words, their spellings and the acronyms come from
the factsheet. The only hand data are the British/American spelling pairs (a table with tests),
because the factsheet writes British English and its users write both.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from .retrieval import lexical_tokens

if TYPE_CHECKING:
    from symspellpy import SymSpell

_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
# American ending -> British ending; a word is mapped only when the factsheet writes the other form.
SPELLING_PAIRS: tuple[tuple[str, str], ...] = (
    ("ization", "isation"),
    ("izations", "isations"),
    ("ize", "ise"),
    ("izes", "ises"),
    ("ized", "ised"),
    ("izing", "ising"),
    ("yze", "yse"),
    ("yzed", "ysed"),
    ("yzes", "yses"),
    ("yzing", "ysing"),
    ("or", "our"),
    ("ors", "ours"),
    ("er", "re"),
    ("ers", "res"),
    ("ense", "ence"),
    ("og", "ogue"),
    ("ogs", "ogues"),
    ("am", "amme"),
    ("ams", "ammes"),
    ("eling", "elling"),
    ("eled", "elled"),
    ("ment", "ement"),
)
# Words this short are left alone: too many real words lie one letter apart.
MIN_LENGTH = 4


@dataclass(frozen=True)
class Correction:
    """One question word replaced, and why."""

    word: str
    by: str
    why: str  # "spelling" | "british spelling"


@lru_cache(maxsize=1)
def english_ranks() -> dict[str, int]:
    """The English words of symspellpy's frequency dictionary (82,765), commonest first: word -> rank."""
    text = resources.files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt").read_text(encoding="utf-8")
    return {line.split(" ", 1)[0]: rank for rank, line in enumerate(text.splitlines()) if line}


def english_words() -> frozenset[str]:
    """The English words of the frequency dictionary: a word there is not a misspelling."""
    return frozenset(english_ranks())


# Reflexive pronouns, "themself" and "ourself" among them, which the frequency dictionary lacks.
_REFLEXIVE_RE = re.compile(r"(?:my|your|him|her|it|one|our|them|their)sel(?:f|ves)")


def is_english(word: str) -> bool:
    """Is the lower-cased word English, in either spelling ('analyzing' as 'analysing')?"""
    ranks = english_ranks()
    if word in ranks or _REFLEXIVE_RE.fullmatch(word):
        return True
    return any(candidate in ranks for candidate in british_spellings(word))


@lru_cache(maxsize=1)
def _english_speller() -> SymSpell:
    from symspellpy import SymSpell

    speller = SymSpell(max_dictionary_edit_distance=1, prefix_length=7)
    speller.load_dictionary(str(resources.files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt")), 0, 1)
    return speller


def misspelt_english(word: str) -> bool:
    """Is the lower-cased word not English but one edit from an English word ('acutally')? The dictionary is
    loaded on first use: rarely needed."""
    from symspellpy import Verbosity

    if word in english_ranks():
        return False
    return bool(_english_speller().lookup(word, Verbosity.TOP, max_edit_distance=1, include_unknown=False))


def words_of(texts: Iterable[str]) -> Counter[str]:
    """Lower-cased words of the texts (and the parts of hyphenated ones) with their counts."""
    out: Counter[str] = Counter()
    for t in texts:
        for w in _WORD_RE.findall(t):
            low = w.lower().replace("’", "'")
            out[low] += 1
            if "-" in low:
                out.update(part for part in low.split("-") if part)
    return out


class Speller:
    """Corrects misspelt question words to the factsheet's words (symspellpy), and American to British."""

    def __init__(self, vocabulary: Counter[str], keep: Iterable[str] = ()):
        from symspellpy import SymSpell

        self.vocabulary = vocabulary
        self.stems = frozenset(_stem(w) for w in vocabulary)
        self.keep = frozenset(w.lower() for w in keep)
        self._sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for word, count in vocabulary.items():
            if len(word) >= MIN_LENGTH:
                self._sym.create_dictionary_entry(word, count)
        for word in self.keep:  # lay words the thesaurus knows are targets too ("sextortion")
            self._sym.create_dictionary_entry(word, 1)

    def correct(self, text: str) -> tuple[str, tuple[Correction, ...]]:
        """The text with its misspelt words replaced, and each replacement."""
        corrections: list[Correction] = []

        def fix(m: re.Match) -> str:
            word = m.group(0)
            found = self.correct_word(word)
            if found is None:
                return word
            by, why = found
            corrections.append(Correction(word, by, why))
            return by[:1].upper() + by[1:] if word[:1].isupper() else by

        return _WORD_RE.sub(fix, text), tuple(corrections)

    def correct_word(self, word: str) -> tuple[str, str] | None:
        """(replacement, why) for one word, or None when it stays as it is."""
        low = word.lower().replace("’", "'")
        if len(low) < MIN_LENGTH or low in self.vocabulary or low in self.keep or _looks_like_id(word):
            return None
        if low in english_ranks():
            british = british_form(low, self.stems)
            return (british, "british spelling") if british else None
        from symspellpy import Verbosity

        distance = 1 if len(low) <= 5 else 2
        found = self._sym.lookup(low, Verbosity.CLOSEST, max_edit_distance=distance, include_unknown=False)
        if not found:
            return None
        # of the closest, a word the typo left a letter out of first ("wich" -> "which", not "with"), then the commonest
        best = min(found, key=lambda s: (s.distance, not _subsequence(low, s.term), -s.count))
        return best.term, "spelling"


def british_form(word: str, stems: frozenset[str]) -> str | None:
    """The factsheet's British spelling of an American word ('organization' -> 'organisation'), if it has one.

    `stems`: the stems of the factsheet's words, so that any form of the word counts ("criminalised").
    """
    return next((candidate for candidate in british_spellings(word) if _stem(candidate) in stems), None)


def british_spellings(word: str) -> Iterator[str]:
    """The British spellings an American word may have, by the table's endings ('organization' -> 'organisation')."""
    if word in ("program", "programs"):  # the -am/-amme pair holds for this word only
        yield word.replace("program", "programme")
        return
    for american, british in SPELLING_PAIRS:
        if word.endswith(american) and american not in ("am", "ams"):
            yield word[: -len(american)] + british


def _stem(word: str) -> str:
    found = lexical_tokens(word)
    return found[0] if found else word


def _looks_like_id(word: str) -> bool:
    """A Roman chapter number or an acronym: never corrected."""
    return bool(re.fullmatch(r"[ivxlIVXL]+", word) or re.fullmatch(r"[A-Z]{2,}s?", word))


# --- acronyms ------------------------------------------------------------------------------------------

_ACRONYM_RE = re.compile(r"\(([A-Z][A-Za-z]{1,7})\)")
_FUNCTION = frozenset("a an the of and or on in for to with by at from".split())


def acronyms(texts: Sequence[str]) -> dict[str, str]:
    """Acronyms the text defines: 'long form (ACR)' -> {'acr': 'long form'}; the reverse is read too."""
    out: dict[str, str] = {}
    for text in texts:
        for m in _ACRONYM_RE.finditer(text):
            acr = m.group(1)
            letters = acr.rstrip("s").lower() if acr[-1] == "s" and acr[:-1].isupper() else acr.lower()
            if not acr[:2].isupper() or len(letters) < 2:
                continue
            long = _long_form(text[: m.start()], letters)
            if long and acr.lower() not in out:
                out[acr.lower()] = long
    return out


def _long_form(before: str, letters: str) -> str:
    """The words before '(ACR)' that spell it (initials, hyphen parts counted), else the capitalised run."""
    words = re.findall(r"[\w’'/-]+", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", before))[-(len(letters) + 4) :]
    for start in range(len(words) - 1, -1, -1):
        tail = words[start:]
        initials = "".join(part[0].lower() for w in tail for part in re.split(r"[-/]", w) if part)
        if tail[0][0].lower() == letters[0] and _subsequence(letters, initials):
            return " ".join(tail)
    quoted = re.search(r"[\"“]([^\"”]{5,80})[\"”]\s*$", before)
    if quoted:
        return quoted.group(1)
    run: list[str] = []
    for w in reversed(words):
        if not w[:1].isupper() and w.lower() not in _FUNCTION:
            break
        run.insert(0, w)
    while run and run[0].lower() in _FUNCTION:
        run.pop(0)
    return " ".join(run) if len(run) >= 2 else ""


def _subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)
