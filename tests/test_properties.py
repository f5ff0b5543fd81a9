"""Property tests: the citation grammar and the page-break repair."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lanzarote_qa.chunking import build_passages
from lanzarote_qa.citations import SUPERSCRIPTS, cited_paragraphs, cited_recommendations
from lanzarote_qa.corpus import parse_document

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI"]
rec_ids = st.lists(
    st.tuples(st.sampled_from(ROMAN), st.integers(1, 40)).map(lambda t: f"{t[0]}-{t[1]}"),
    min_size=1,
    max_size=5,
    unique=True,
)


def _enumerate(items: list[str], style: str) -> str:
    if len(items) == 1:
        return items[0]
    if style == "commas":
        return ", ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@given(rec_ids, st.sampled_from(["commas", "and"]), st.sampled_from([".", ""]))
def test_recommendation_lists(ids, style, end):
    word = "Recommendation" if len(ids) == 1 else "Recommendations"
    assert cited_recommendations(f"{word} {_enumerate(ids, style)}{end}") == tuple(ids)


@given(
    st.lists(st.integers(1, 999), min_size=1, max_size=5, unique=True),
    st.sampled_from(["commas", "and"]),
    st.sampled_from([" ", ""]),
    st.sampled_from([".", ""]),
)
def test_paragraph_lists(numbers, style, space, end):
    word = "Para." if len(numbers) == 1 else "Paras."
    text = f"{word}{space}{_enumerate([str(n) for n in numbers], style)}{end}"
    assert cited_paragraphs(text) == tuple(numbers)
    assert cited_recommendations(text) == ()


def test_prose_footnotes_cite_nothing():
    assert cited_paragraphs("See Rule 30 of the Rules of Procedure.") == ()
    assert cited_recommendations("See Rule 30 (General comments) of the Rules.") == ()


def _sup(n: int) -> str:
    return "".join(SUPERSCRIPTS[int(d)] for d in str(n))


SENTENCE = (
    "The Committee observes that in the country the training of judges on offences against children "
    "is offered by the courts and by external organisations at regular intervals to all of them."
)
TEMPLATE = """FACTSHEET – ICELAND

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
    # a page break is recognised where the next word starts lower-case or the line ends on a
    # function word ("of", "the", ...): split anywhere that contract holds
    cut_points = [i for i in range(1, len(words)) if words[i][0].islower() or words[i - 1] in ("the", "of")]
    i = data.draw(st.sampled_from(cut_points))
    n_block = data.draw(st.integers(0, 3))
    block = "".join(f"{_sup(k)} Para. {100 + k}.\n\n" for k in range(1, n_block + 1))
    hyphen = data.draw(st.booleans())
    first, second = " ".join(words[:i]), " ".join(words[i:])
    if hyphen:
        first, second = first + " post-", "qualification " + second
    body = f"{first}\n\n{block}{second}{_sup(n_block + 1)}\n\n{_sup(n_block + 1)} Recommendation II-7.\n"
    doc = parse_document(TEMPLATE.format(body=body))
    (p,) = [p for p in build_passages(doc) if p.section == "iceland"]
    expected = SENTENCE if not hyphen else (" ".join(words[:i]) + " post-qualification " + " ".join(words[i:]))
    assert p.text == expected
    assert p.recommendations == ("II-7",)
    assert len(doc.footnotes) == n_block + 1
