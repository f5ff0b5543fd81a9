"""Factsheet text -> Document: header, chapters, sections, body blocks and footnotes.

The text is a PDF export: footnote definitions sit in blocks at page ends, often in the
middle of a body sentence, and a sentence may be split by a blank line at a page break.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .citations import SUPERSCRIPTS, cited_paragraphs, cited_recommendations, strip_markers
from .safefiles import MiB, file_problem
from .types import Block, Chapter, Document, Footnote, Section

_FN_DEF_RE = re.compile(rf"^([{SUPERSCRIPTS}]+)(?:\s+(.*))?$")
_COUNTRY_RE = re.compile(r"^FACTSHEET\s*[–—-]\s*(.+?)\s*$", re.IGNORECASE)
_EDITION_RE = re.compile(r"Last update:\s*(\S+)", re.IGNORECASE)
_TOC_RE = re.compile(r"^Table of Contents?\s*$", re.IGNORECASE)
_TOC_ENTRY_RE = re.compile(r"^[IVXL]+\.\s.*?(?:\.{2,}|\t)\s*\d+\s*$")
_CHAPTER_RE = re.compile(r"^([IVXL]+)\.\s+(\S.*)$")
_BULLET_RE = re.compile(r"^(\s*)([-•])\s+(.*)$")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_ITALIC_RE = re.compile(r"(?<!\*)\*(?!\*)([^*]+)(?<!\*)\*(?!\*)")
# A leading bare number before the text of a footnote is a page artefact of the export.
_STRAY_NUMBER_RE = re.compile(r"^\d{1,3}\s+(?=[A-Z\[(])")
_TERMINAL = ".:;!?"
_CLOSERS = "”\"’')]*"
# A line ending in one of these words cannot end a heading or a sentence.
_FUNCTION_WORDS = frozenset("a an the of to in on for with and or by from at as that which who whose their its".split())


class CorpusError(ValueError):
    """The text is not a factsheet this parser understands."""


@dataclass(frozen=True)
class _Line:
    number: int
    text: str


# A factsheet is some hundred kilobytes; anything far larger is not one.
MAX_FACTSHEET_BYTES = 20 * MiB


def read_document(path: Path) -> Document:
    """Read and parse one factsheet file (a regular file under MAX_FACTSHEET_BYTES)."""
    problem = file_problem(path, MAX_FACTSHEET_BYTES)
    if problem:
        raise CorpusError(problem)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 text ({exc.reason})") from None
    return parse_document(text, source=path.name, sha256=hashlib.sha256(raw).hexdigest())


def parse_document(text: str, source: str = "<text>", sha256: str = "") -> Document:
    """Parse factsheet text into a Document."""
    lines = [_Line(i, t.rstrip()) for i, t in enumerate(text.splitlines(), start=1)]
    country = _first_group(_COUNTRY_RE, lines, "the 'FACTSHEET – COUNTRY' title")
    country = country.title() if country.isupper() else country
    edition = _first_group(_EDITION_RE, lines, "the 'Last update:' line")
    body_start = _body_start(lines)
    title = " ".join(ln.text for ln in lines[:body_start] if ln.text.startswith("“"))
    body, footnotes = split_footnotes([ln for ln in lines[body_start:] if ln.text.strip()])
    chapters, blocks = _structure(_blocks(join_page_breaks(body)), country)
    if not chapters:
        raise CorpusError(f"{source}: no chapter heading ('I. Introduction') found")
    return Document(
        source=source,
        sha256=sha256 or hashlib.sha256(text.encode()).hexdigest(),
        country=country,
        edition=edition,
        title=title.strip("“” "),
        chapters=tuple(chapters),
        blocks=tuple(blocks),
        footnotes=footnotes,
    )


def _first_group(regex: re.Pattern, lines: list[_Line], what: str) -> str:
    for ln in lines:
        m = regex.search(ln.text)
        if m:
            return m.group(1).strip()
    raise CorpusError(f"not a factsheet: {what} is missing")


def _body_start(lines: list[_Line]) -> int:
    """Index of the first body line: after the table of contents, or after the header."""
    toc = next((i for i, ln in enumerate(lines) if _TOC_RE.match(ln.text.strip())), None)
    if toc is None:
        return next((i for i, ln in enumerate(lines) if _CHAPTER_RE.match(ln.text)), 0)
    i = toc + 1
    while i < len(lines) and (not lines[i].text.strip() or _TOC_ENTRY_RE.match(lines[i].text)):
        i += 1
    return i


def split_footnotes(lines: list[_Line]) -> tuple[list[_Line], dict[int, Footnote]]:
    """Separate footnote definitions from body lines (blank lines already removed)."""
    body: list[_Line] = []
    defs: dict[int, list] = {}  # number -> [first line, text parts]
    current: int | None = None
    for i, ln in enumerate(lines):
        m = _FN_DEF_RE.match(ln.text.strip())
        if m:
            current = _sup_int(m.group(1))
            defs[current] = [ln.number, [m.group(2) or ""]]
            continue
        if current is not None and _continues_footnote(defs[current][1], lines, i):
            defs[current][1].append(ln.text.strip())
            continue
        current = None
        body.append(ln)
    footnotes = {n: _make_footnote(n, parts, line) for n, (line, parts) in defs.items()}
    return body, footnotes


def _continues_footnote(parts: list[str], lines: list[_Line], i: int) -> bool:
    """A line inside a footnote block belongs to the footnote above it, not to the body."""
    if not "".join(parts).strip():  # the number stood alone; its text follows
        return True
    text = lines[i].text.strip()
    if any(c in SUPERSCRIPTS for c in text):  # footnote texts carry no markers; body lines do
        return False
    last = parts[-1].rstrip()
    if re.search(r"https?://\S*[-/]\)?>?$", last) and text[:1] in "[<(":
        return True  # a URL broken across lines
    if last.rstrip(_CLOSERS)[-1:] in ".!?":
        return False
    nxt = lines[i + 1].text.strip() if i + 1 < len(lines) else ""
    return bool(_FN_DEF_RE.match(nxt))  # more definitions follow: still inside the block


def _make_footnote(number: int, parts: list[str], line: int) -> Footnote:
    text = clean_footnote_text(" ".join(p for p in parts if p))
    return Footnote(
        number=number,
        text=text,
        recommendations=cited_recommendations(text),
        paragraphs=cited_paragraphs(text),
        line=line,
    )


def clean_footnote_text(text: str) -> str:
    """Footnote text without export artefacts: stray numbers, link markup, broken URLs."""
    text = _STRAY_NUMBER_RE.sub("", text.strip())

    def _link(m: re.Match) -> str:
        label, url = m.group(1).strip(), m.group(2).strip()
        if url in ("", "#"):
            return label
        return url if label.rstrip(".") in url else f"{label} ({url})"

    text = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", _link, text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    # A URL broken across lines: "…/victim- …/victim-identification" or "…abuse- and-harassment"
    text = re.sub(
        r"(https?://\S*?[-/])\s+(https?://\S+)",
        lambda m: m.group(2) if m.group(2).startswith(m.group(1)) else m.group(0),
        text,
    )
    text = re.sub(r"(https?://\S*?-)\s+(?=[a-z])", r"\1", text)
    text = re.sub(r"(https?://\S+?)\.?\s+\1", r"\1", text)  # the same URL twice
    return re.sub(r"\s+", " ", text).strip()


def _sup_int(s: str) -> int:
    return int("".join(str(SUPERSCRIPTS.index(c)) for c in s))


def _plain_end(text: str) -> str:
    """The text with trailing markers and closing quotes/brackets removed."""
    return strip_markers(text)[0].rstrip().rstrip(_CLOSERS).rstrip()


# A word hyphenated at the break ("post-" / "qualification"); a spaced dash ("about -") is not one.
_BROKEN_WORD_RE = re.compile(r"\w-$")


def join_page_breaks(lines: list[_Line]) -> list[tuple[int, int, str]]:
    """Rejoin body lines that a page break (or a footnote block) split mid-sentence."""
    out: list[tuple[int, int, str]] = []
    for ln in lines:
        if out and _is_continuation(out[-1][2], ln.text):
            start, _, prev = out[-1]
            prev = prev.rstrip()
            sep = "" if _BROKEN_WORD_RE.search(prev) and ln.text.lstrip()[:1].islower() else " "
            out[-1] = (start, ln.number, prev + sep + ln.text.strip())
        else:
            out.append((ln.number, ln.number, ln.text))
    return out


def _is_continuation(prev: str, cur: str) -> bool:
    if _BULLET_RE.match(cur) or _CHAPTER_RE.match(cur):
        return False
    end = _plain_end(prev)
    if not end:
        return False
    # No sentence, heading or item starts in lower case: whatever the line before ended with
    # ("e.g.", "i.e.", a bold label and its colon), a lower-case line goes on with it.
    if cur.lstrip()[:1].islower():
        return True
    if end[-1] in _TERMINAL:
        return False
    last_word = end.split()[-1].lower() if end.split() else ""
    return end.endswith("-") or last_word in _FUNCTION_WORDS


def _clean(text: str) -> str:
    text = _LINK_RE.sub(r"\1", text)
    text = _ITALIC_RE.sub(r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def _blocks(logical: list[tuple[int, int, str]]) -> list[Block]:
    blocks: list[Block] = []
    for start, end, raw in logical:
        bullet = _BULLET_RE.match(raw)
        indent = len(bullet.group(1)) if bullet else 0
        body = bullet.group(3) if bullet and bullet.group(2) == "-" else (bullet.group(3) if bullet else raw)
        text, notes = strip_markers(body)
        text = _clean(text)
        if bullet and bullet.group(2) == "-":
            kind = "subbullet" if indent else "bullet"
        elif not notes and _looks_like_heading(text):
            kind = "heading"
        else:
            kind = "para"
        blocks.append(Block(kind, text, tuple(notes), start, end, indent))
    return blocks


def _looks_like_heading(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    if not stripped or stripped[-1] in ".:;,":
        return False
    return len(text.split()) <= (20 if stripped.endswith("?") else 45)


def _structure(blocks: list[Block], country: str) -> tuple[list[Chapter], list]:
    """Assign chapter, section and sub-heading to each non-heading block."""
    chapters: list[Chapter] = []
    out: list[tuple[str, str, str, Block]] = []
    chapter, section, heading = "", Section.INTRO, ""
    for b in blocks:
        m = _CHAPTER_RE.match(b.text) if b.kind == "heading" else None
        if m:
            chapter, section, heading = m.group(1), Section.INTRO, ""
            chapters.append(Chapter(chapter, m.group(2).strip(), b.line_start))
            continue
        if not chapter:
            continue  # front matter before the first chapter
        if b.kind == "heading":
            low = b.text.lower()
            if len(chapters) > 1 and f"specific to {country.lower()}" in low:
                section, heading = Section.COUNTRY, ""
            elif len(chapters) > 1 and low.startswith("generic recommendations"):
                section, heading = Section.GENERIC, ""
            elif len(chapters) > 1 and low.startswith("promising practice"):
                section, heading = Section.PRACTICE, ""
            else:
                heading = b.text
            continue
        out.append((chapter, section, heading, b))
    return chapters, out


def load_corpus(corpus_dir: Path) -> list[Document]:
    """Every factsheet (*.txt) in a folder, sorted by file name."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder {corpus_dir} does not exist")
    files = sorted(corpus_dir.glob("*.txt"))
    if not files:
        raise CorpusError(f"no factsheet (*.txt) in {corpus_dir}")
    docs = [read_document(f) for f in files]
    slugs = [d.slug for d in docs]
    if len(set(slugs)) != len(slugs):
        raise CorpusError(f"two factsheets for the same country in {corpus_dir}")
    return docs


def corpus_sha256(docs: list[Document]) -> str:
    """One hash over all documents' contents."""
    return hashlib.sha256("".join(f"{d.source}:{d.sha256};" for d in docs).encode()).hexdigest()
