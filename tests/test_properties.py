"""Property tests of the citation grammar (page breaks: test_pagebreaks.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from lanzarote_qa.citations import cited_paragraphs, cited_recommendations

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
