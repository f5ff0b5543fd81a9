"""The index folder: reproducible, never stale, damage detected, a failed build loses nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from lanzarote_qa.index import IndexError_, StaleIndexError, build_index, index_status, load_index, vectors_of

from .conftest import ROOT


@pytest.fixture
def own(tmp_path, engine):
    """A private copy of corpus and index, so a test may damage it."""
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    shutil.copytree(engine.settings.index_dir, tmp_path / "index")
    return replace(engine.settings, corpus_dir=corpus, index_dir=tmp_path / "index")


def _cli(*args):
    cmd = [sys.executable, "-m", "lanzarote_qa", *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_manifest_records_identity(engine):
    m = engine.index.manifest
    assert m["schema_version"] >= 1 and m["dimension"] == 384 and m["passages"] == len(engine.index.passages)
    assert m["model_weights_sha256"].startswith("53aa5117")
    assert len(m["corpus_sha256"]) == 64 and m["chunk_fingerprint"]


def test_same_corpus_twice_gives_identical_index(own, engine, tmp_path):
    other = replace(own, index_dir=tmp_path / "again")
    build_index(other, engine.embedder, progress=False)
    a, b = load_index(own), load_index(other)
    assert [p.to_json() for p in a.passages] == [p.to_json() for p in b.passages]
    assert np.array_equal(vectors_of(a), vectors_of(b))
    q = engine.embedder.encode(["training for judges"])
    assert (a.vectors.search(q, 10)[1] == b.vectors.search(q, 10)[1]).all()


def test_changed_corpus_is_detected_as_stale(own):
    f = next(own.corpus_dir.glob("*.txt"))
    f.write_text(f.read_text() + "\nOne more sentence.\n")
    _, reasons, _ = index_status(own)
    assert any("corpus_sha256" in r for r in reasons)
    with pytest.raises(StaleIndexError, match="lanzarote-qa index"):
        load_index(own)


def test_manifest_from_another_model_is_refused(own):
    path = own.index_dir / "manifest.json"
    m = json.loads(path.read_text())
    m["model"] = "sentence-transformers/all-mpnet-base-v2"
    path.write_text(json.dumps(m))
    with pytest.raises(StaleIndexError, match="model"):
        load_index(own)


def test_truncated_faiss_file_is_a_clear_error(own):
    m = json.loads((own.index_dir / "manifest.json").read_text())
    vec = own.index_dir / m["files"]["vectors"]
    vec.write_bytes(vec.read_bytes()[: vec.stat().st_size // 2])
    with pytest.raises(IndexError_, match="damaged"):
        load_index(own)


def test_failure_midway_leaves_previous_index_usable(own, engine):
    before = load_index(own)
    with pytest.raises(IndexError_, match="simulated"):
        build_index(own, engine.embedder, progress=False, _fail_after_files=True)
    after = load_index(own)
    assert after.fingerprint == before.fingerprint
    assert [p.id for p in after.passages] == [p.id for p in before.passages]


def test_cli_reports_damage_in_one_line_without_traceback(own):
    m = json.loads((own.index_dir / "manifest.json").read_text())
    (own.index_dir / m["files"]["vectors"]).write_bytes(b"\0" * 10)
    r = _cli("ask", "--index", str(own.index_dir), "--corpus", str(own.corpus_dir), "jurisdiction")
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith("lanzarote-qa: error")]
    assert len(lines) == 1 and "lanzarote-qa index" in lines[0]


def test_index_command_rebuilds_only_when_stale(own):
    r = _cli("index", "--quiet", "--index", str(own.index_dir), "--corpus", str(own.corpus_dir))
    assert r.returncode == 0 and "up to date" in r.stdout
    f = next(own.corpus_dir.glob("*.txt"))
    f.write_text(f.read_text() + "\nOne more sentence.\n")
    r = _cli("index", "--quiet", "--index", str(own.index_dir), "--corpus", str(own.corpus_dir))
    assert r.returncode == 0 and "passages" in r.stdout
    load_index(own)
