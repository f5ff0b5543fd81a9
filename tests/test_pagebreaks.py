"""Page breaks anywhere in a sentence: the passages and their citations do not change.

A PDF export drops a page's footnote block into the middle of a sentence. Wherever that
happens before a lower-case word, the parse must give the same passages. Three tiers: explicit
examples of the constructions that once broke it, a property test over made-up text, and an
exhaustive check over every such cut point of the real factsheet (slow).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lanzarote_qa.chunking import build_passages
from lanzarote_qa.citations import SUPERSCRIPTS
from lanzarote_qa.corpus import parse_document

from .conftest import FACTSHEET

# footnote definitions that no marker refers to, dropped at a page break inside the sentence
BLOCK = "\n\n⁹⁰¹ Para. 9001.\n\n⁹⁰² Recommendation XI-99.\n\n"


def _sup(n: int) -> str:
    return "".join(SUPERSCRIPTS[int(d)] for d in str(n))


def _signature(passages) -> list[tuple]:
    return [(p.text, p.recommendations, p.paragraphs, p.level, p.section) for p in passages]


def _broken(lines: list[str], i: int, j: int, block: str = BLOCK) -> str:
    """The text with a page break and a footnote block before word j of line i."""
    words = lines[i].split(" ")
    return "\n".join([*lines[:i], " ".join(words[:j]) + block + " ".join(words[j:]), *lines[i + 1 :]])


TEMPLATE = """FACTSHEET – ICELAND

Last update: 01.01.2024

I. Introduction

The Committee uses these terms:

- **“Request”**: when the steps correspond to obligations as clarified by documents (e.g. previous findings, opinions, other)¹;
- **“Invite”**: when the steps correspond to promising practices.

II. Legal frameworks

Observations and recommendations of the Committee on the legal framework specific to Iceland

The Committee observes that offences are punished with up to six years, e.g. sexual offences against children, and that training is given to those working with children (i.e. in the schools) by experts.²

Therefore, the Committee **invites** Iceland:

- to include discourses about - and perspectives on - gender, sexuality and consent in its courses.³

¹ See Rule 30.

² Paras. 12, 13.

³ Recommendation II-4.
"""
_TEMPLATE_LINES = TEMPLATE.splitlines()
_REFERENCE = _signature(build_passages(parse_document(TEMPLATE)))


def _cut_before(line_part: str, word: str) -> tuple[int, int]:
    """(line, word index) of the first `word` after `line_part` in the template."""
    i = next(n for n, ln in enumerate(_TEMPLATE_LINES) if line_part in ln)
    words = _TEMPLATE_LINES[i].split(" ")
    start = len(_TEMPLATE_LINES[i][: _TEMPLATE_LINES[i].index(line_part)].split(" ")) - 1
    return i, next(j for j in range(start, len(words)) if words[j] == word)


@pytest.mark.parametrize(
    ("after", "word"),
    [
        ("**“Request”**:", "when"),  # a bold label and its colon
        ("**“Invite”**:", "when"),
        ("(e.g.", "previous"),  # an abbreviation's full stop, inside a parenthesis
        ("years, e.g.", "sexual"),
        ("(i.e.", "in"),
        ("about -", "and"),  # a spaced dash is not a word hyphenated at the break
        ("on -", "gender,"),
    ],
)
def test_a_page_break_after_a_stop_that_ends_no_sentence(after, word):
    i, j = _cut_before(after, word)
    doc = parse_document(_broken(_TEMPLATE_LINES, i, j))
    assert _signature(build_passages(doc)) == _REFERENCE
    assert {901, 902} <= set(doc.footnotes)


def test_a_word_hyphenated_at_the_break_is_rejoined_with_its_hyphen():
    text = TEMPLATE.replace("given to those", "given to post-\n\n⁹⁰¹ Para. 9001.\n\nqualification staff and those")
    (p,) = [p for p in build_passages(parse_document(text)) if p.kind == "observation"]
    assert "given to post-qualification staff and those" in p.text


SENTENCE = (
    "The Committee observes that in the country the training of judges on offences against children "
    "is offered by the courts and by external organisations at regular intervals to all of them."
)
MINI = """FACTSHEET – ICELAND

Last update: 01.01.2024

I. Introduction

Intro.

II. Legal frameworks

Observations and recommendations of the Committee on the legal framework specific to Iceland

{body}
"""


@given(st.data())
def test_page_break_and_footnote_block_anywhere_keeps_sentence_and_citation(data):
    words = SENTENCE.split()
    # a break is recognised where the next word starts lower-case or the line ends on a function word
    cut_points = [i for i in range(1, len(words)) if words[i][0].islower() or words[i - 1] in ("the", "of")]
    i = data.draw(st.sampled_from(cut_points))
    n_block = data.draw(st.integers(0, 3))
    block = "".join(f"{_sup(k)} Para. {100 + k}.\n\n" for k in range(1, n_block + 1))
    hyphen = data.draw(st.booleans())
    first, second = " ".join(words[:i]), " ".join(words[i:])
    if hyphen:
        first, second = first + " post-", "qualification " + second
    body = f"{first}\n\n{block}{second}{_sup(n_block + 1)}\n\n{_sup(n_block + 1)} Recommendation II-7.\n"
    doc = parse_document(MINI.format(body=body))
    (p,) = [p for p in build_passages(doc) if p.chapter == "II"]
    expected = SENTENCE if not hyphen else (" ".join(words[:i]) + " post-qualification " + " ".join(words[i:]))
    assert p.text == expected
    assert p.recommendations == ("II-7",)
    assert len(doc.footnotes) == n_block + 1


# --- the real factsheet ------------------------------------------------------------------------------

_TEXT = FACTSHEET.read_text()
_LINES = _TEXT.splitlines()
_START = next(i for i, ln in enumerate(_LINES) if ln.startswith("I. "))  # the body, after title and contents
# long body lines (never headings), not footnote definitions
_BODY = [i for i, ln in enumerate(_LINES) if i > _START and len(ln.split()) > 25 and ln[:1] not in SUPERSCRIPTS]
_CUTS = [
    (i, j) for i in _BODY for j, w in enumerate(_LINES[i].split(" ")) if j >= 2 and w[:1].islower()
]  # a page holds a word or more


@pytest.fixture(scope="module")
def reference():
    return _signature(build_passages(parse_document(_TEXT)))


@given(st.sampled_from(_CUTS))
def test_random_page_break_in_the_real_factsheet_keeps_every_passage(cut):
    doc = parse_document(_broken(_LINES, *cut))
    assert _signature(build_passages(doc)) == _signature(build_passages(parse_document(_TEXT)))
    assert {901, 902} <= set(doc.footnotes)


@pytest.mark.slow
def test_every_page_break_in_the_real_factsheet_keeps_every_passage(reference):
    assert len(_CUTS) > 5000  # the check covers the whole body, not a sample
    changed = [cut for cut in _CUTS if _signature(build_passages(parse_document(_broken(_LINES, *cut)))) != reference]
    assert changed == [], [(i + 1, _LINES[i].split(" ")[j - 2 : j + 1]) for i, j in changed[:10]]
