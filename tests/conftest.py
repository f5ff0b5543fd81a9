"""Shared fixtures: the real factsheet, parsed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from lanzarote_qa.chunking import build_corpus_passages
from lanzarote_qa.corpus import read_document
from lanzarote_qa.embedding import token_counter

ROOT = Path(__file__).resolve().parents[1]
FACTSHEET = ROOT / "corpus" / "lanzarote-factsheet-denmark.txt"


@pytest.fixture(scope="session")
def doc():
    return read_document(FACTSHEET)


@pytest.fixture(scope="session")
def count():
    return token_counter()


@pytest.fixture(scope="session")
def passages(doc, count):
    return build_corpus_passages([doc], count, 256)
