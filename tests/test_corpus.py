"""The parser on the real factsheet: header, chapters, footnotes, page-break repair."""

from __future__ import annotations

import re

from lanzarote_qa.citations import SUPERSCRIPTS


def test_header_read_from_text(doc):
    assert doc.country == "Denmark"
    assert doc.edition == "25.05.2023"
    assert doc.title.startswith("The protection of children against sexual exploitation")


def test_chapters_in_order_and_toc_skipped(doc):
    numbers = [c.number for c in doc.chapters]
    assert numbers == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI"]
    # the table of contents ends its lines with page numbers; the body headings do not
    assert all(not re.search(r"\d$", c.title) for c in doc.chapters)
    assert doc.chapters[0].title == "Introduction"
    assert doc.chapters[3].title == "Jurisdiction rules"


def test_all_footnotes_parsed_consecutively(doc, passages):
    numbers = sorted(doc.footnotes)
    assert numbers == list(range(1, len(numbers) + 1))
    markers = {n for p in passages for n in p.footnotes}
    assert max(markers) == len(numbers) == 130
    assert all(fn.text for fn in doc.footnotes.values())


def test_footnote_that_continues_after_a_blank_line(doc):
    assert doc.footnotes[46].text == "Such trainings can also be part of broader training programmes."


def test_footnote_number_alone_on_its_line(doc):
    assert doc.footnotes[56].text.startswith("https://www.europol.europa.eu/newsroom/news/global-europol")


def test_stray_page_number_dropped_from_footnote(doc):
    assert doc.footnotes[7].text.startswith("See, Denmark")


def test_broken_urls_rejoined(doc):
    assert "victim-identification-taskforce" in doc.footnotes[55].text
    assert " " not in doc.footnotes[85].text


def test_double_marker_refers_to_two_footnotes(passages):
    (p,) = [
        p for p in passages if "Terminology Guidelines for the Protection" in p.text and p.section_label == "denmark"
    ]
    assert p.footnotes == (4, 5)
    assert p.recommendations == ("II-3",)


def test_citations_of_footnotes(doc):
    assert doc.footnotes[41].recommendations == ("III-16", "III-18")
    assert doc.footnotes[78].recommendations == ("V-4", "V-7", "V-12", "V-15")
    assert doc.footnotes[15].paragraphs == (98, 100)
    assert doc.footnotes[62].paragraphs == (231,)
    assert doc.footnotes[6].paragraphs == (54, 55)
    assert doc.footnotes[1].recommendations == () and doc.footnotes[1].paragraphs == ()


def test_body_text_has_no_footnote_definitions(doc):
    for _, _, _, block in doc.blocks:
        assert not block.text.startswith(tuple(SUPERSCRIPTS))
        assert "Recommendation II-" not in block.text
