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


@pytest.fixture(scope="session")
def settings(tmp_path_factory):
    """Settings with a fresh index built from the real corpus into a temporary folder."""
    from lanzarote_qa.settings import Settings

    return Settings(corpus_dir=ROOT / "corpus", index_dir=tmp_path_factory.mktemp("index"))


@pytest.fixture(scope="session")
def engine(settings):
    """The real assistant: bundled model, real FAISS and BM25 index."""
    from lanzarote_qa.engine import Engine

    return Engine.load(settings, build=True)
