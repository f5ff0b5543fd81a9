"""Shared fixtures: the real factsheet parsed once; a fast engine on a fake embedder; the real engine.

Tiers: a test that uses the real model (`engine`, `settings`) or a server is marked `slow`
automatically; `make check` runs the others (the fast tier) in seconds, `make test` runs all.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from lanzarote_qa.chunking import build_corpus_passages
from lanzarote_qa.corpus import read_document
from lanzarote_qa.embedding import token_counter

from .fakes import FAKE_MODEL, FakeEmbedder

ROOT = Path(__file__).resolve().parents[1]
FACTSHEET = ROOT / "corpus" / "lanzarote-factsheet-denmark.txt"

# The suite gives the same result every run: property tests draw a fixed sequence of examples.
# `make fuzz` explores with a random seed and many more examples (HYPOTHESIS_PROFILE=fuzz).
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]}
hypothesis_settings.register_profile("ci", derandomize=True, max_examples=40, database=None, **_COMMON)
hypothesis_settings.register_profile("fuzz", derandomize=False, max_examples=2000, **_COMMON)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

_SLOW_FIXTURES = {"engine", "settings", "server", "hard_server", "app_url", "browser"}


def pytest_collection_modifyitems(items):
    """Whatever needs the real model or a server is slow, whether or not its module says so;
    hypothesis tests are `property` tests, which `make fuzz` explores further."""
    for item in items:
        if _SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
        if hasattr(getattr(item, "obj", None), "hypothesis"):
            item.add_marker(pytest.mark.property)


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
def fake_engine(tmp_path_factory):
    """The whole assistant on the real factsheet, FAISS and BM25, with a fake embedder: plumbing only."""
    from lanzarote_qa.engine import Engine
    from lanzarote_qa.settings import Settings

    s = Settings(corpus_dir=ROOT / "corpus", index_dir=tmp_path_factory.mktemp("fake-index"), model=FAKE_MODEL)
    return Engine.load(s, FakeEmbedder(), build=True)


@pytest.fixture(scope="session")
def settings(tmp_path_factory):
    """Settings with a fresh index built from the real corpus into a temporary folder."""
    from lanzarote_qa.settings import Settings

    return Settings(corpus_dir=ROOT / "corpus", index_dir=tmp_path_factory.mktemp("index"))


@pytest.fixture(scope="session")
def engine(settings):
    """The real assistant: bundled model, real FAISS and BM25 index."""
    from lanzarote_qa.embedding import load_embedder
    from lanzarote_qa.engine import Engine

    return Engine.load(settings, load_embedder(settings.model), build=True)


@pytest.fixture(scope="session")
def evaluation(engine, tmp_path_factory):
    """`lanzarote-qa eval` on the project's set with the real engine: (metrics, folder with report and chart)."""
    from lanzarote_qa.evaluate import main as evaluate_main

    out = tmp_path_factory.mktemp("eval")
    args = argparse.Namespace(
        questions=str(ROOT / "eval" / "questions.jsonl"),
        json=True,
        report=str(out / "report.md"),
        chart=str(out / "variants.png"),
    )
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert evaluate_main(engine, args) == 0
    return json.loads(buf.getvalue()), out
