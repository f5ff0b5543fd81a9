"""Build, save, load and check the index folder.

Layout (plain files, no pickle): data files named by build id, and `manifest.json` naming them.
A build writes its files first and replaces the manifest last (os.replace is atomic), so an
interrupted build leaves the previous index usable; a lock keeps two builds apart.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import __version__
from .chunking import build_corpus_passages, dense_texts, embed_text
from .corpus import corpus_sha256, load_corpus
from .embedding import Embedder, model_identity
from .safefiles import MiB, file_problem
from .settings import SCHEMA_VERSION, Settings
from .types import Document, Passage

# Index files must be regular files: a FIFO would hang the load, /dev/zero grow memory without end.
MAX_MANIFEST_BYTES = 1 * MiB
MAX_INDEX_FILE_BYTES = 4096 * MiB

MANIFEST = "manifest.json"


class IndexError_(RuntimeError):
    """The index is missing, stale, broken or cannot be written."""


class StaleIndexError(IndexError_):
    """The index does not match the corpus, settings or model."""


@dataclass(frozen=True)
class LoadedIndex:
    """Everything search needs, loaded from the index folder."""

    manifest: dict
    passages: tuple[Passage, ...]
    vectors: object  # faiss.Index
    lexical_dir: Path
    documents: tuple[Document, ...]

    @property
    def fingerprint(self) -> str:
        """Short id of this build, shown with every answer."""
        return self.manifest["build_id"]


def expected_manifest(settings: Settings, docs: list[Document]) -> dict:
    """The identity fields an index for these settings and documents must carry."""
    name, weights = model_identity(settings.model)
    return {
        "schema_version": SCHEMA_VERSION,
        "corpus_sha256": corpus_sha256(docs),
        "chunk_fingerprint": settings.chunk_fingerprint(),
        "model": name,
        "model_weights_sha256": weights,
    }


def check(manifest: dict, expected: dict) -> list[str]:
    """Reasons the manifest does not match what is expected (empty when fresh)."""
    return [
        f"{key} is {manifest.get(key)!r}, expected {value!r}"
        for key, value in expected.items()
        if manifest.get(key) != value
    ]


def read_manifest(index_dir: Path) -> dict | None:
    """The manifest, or None when there is no index yet."""
    path = index_dir / MANIFEST
    if not path.exists():
        return None
    problem = file_problem(path, MAX_MANIFEST_BYTES)
    if problem:
        raise IndexError_(f"{problem}; run `lanzarote-qa index`")
    try:
        data = json.loads(path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise IndexError_(f"{path} is not valid JSON ({exc}); run `lanzarote-qa index`") from None
    if not isinstance(data, dict):
        raise IndexError_(f"{path} is not a manifest; run `lanzarote-qa index`")
    return data


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@contextmanager
def _lock(index_dir: Path) -> Iterator[None]:
    with (index_dir / ".lock").open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build_index(settings: Settings, embedder: Embedder, progress: bool = True, _fail_after_files: bool = False) -> dict:
    """Parse, chunk, embed and write a new index; returns its manifest."""
    import bm25s
    import faiss

    from .retrieval import lexical_tokens

    started = time.perf_counter()
    index_dir = settings.index_dir
    _check_writable(index_dir)  # before minutes of embedding, not after
    docs = load_corpus(settings.corpus_dir)
    if (embedder.name, embedder.weights_sha256) != model_identity(settings.model):
        raise IndexError_(f"the embedder given ({embedder.name}) is not the model the settings name ({settings.model})")
    limit = min(settings.max_tokens, embedder.max_seq_length)
    passages = build_corpus_passages(docs, embedder.count_tokens, limit)
    vectors = embedder.encode(dense_texts(passages), progress=progress)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    lexical = bm25s.BM25()
    lexical.index([lexical_tokens(embed_text(p)) for p in passages], show_progress=False)

    with _lock(index_dir):
        build_id = uuid.uuid4().hex[:12]
        files = {
            "vectors": f"vectors-{build_id}.faiss",
            "passages": f"passages-{build_id}.jsonl",
            "lexical": f"lexical-{build_id}",
        }
        faiss.write_index(index, str(index_dir / files["vectors"]))
        with (index_dir / files["passages"]).open("w", encoding="utf-8") as fh:
            for p in passages:
                fh.write(json.dumps(p.to_json(), ensure_ascii=False) + "\n")
        lexical.save(str(index_dir / files["lexical"]), show_progress=False)
        if _fail_after_files:  # lets a test simulate a crash between data files and manifest
            raise IndexError_("simulated failure during build")
        manifest = {
            **expected_manifest(settings, docs),
            "package_version": __version__,
            "build_id": build_id,
            "dimension": int(vectors.shape[1]),
            "faiss_index": "IndexFlatIP",
            "passages": len(passages),
            "max_tokens": limit,
            "documents": [{"source": d.source, "country": d.country, "edition": d.edition} for d in docs],
            "files": files,
            "sha256": {
                "vectors": _sha256(index_dir / files["vectors"]),
                "passages": _sha256(index_dir / files["passages"]),
            },
            "build_seconds": round(time.perf_counter() - started, 2),
        }
        tmp = index_dir / f".{MANIFEST}.{build_id}.tmp"
        tmp.write_text(json.dumps(manifest, indent=2) + "\n")
        os.replace(tmp, index_dir / MANIFEST)
        _remove_unreferenced(index_dir, files)
    return manifest


def _check_writable(index_dir: Path) -> None:
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        probe = index_dir / f".write-test-{uuid.uuid4().hex[:6]}"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise IndexError_(f"cannot write the index folder {index_dir}: {exc.strerror or exc}") from None


def _remove_unreferenced(index_dir: Path, keep: dict) -> None:
    """Delete data files of earlier builds; the manifest no longer names them."""
    keep_names = set(keep.values())
    for path in index_dir.iterdir():
        if path.name.startswith(("vectors-", "passages-", "lexical-", f".{MANIFEST}.")) and path.name not in keep_names:
            shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)


def index_status(settings: Settings) -> tuple[dict | None, list[str], list[Document]]:
    """(manifest, reasons it is stale, the corpus documents); no reasons means fresh."""
    docs = load_corpus(settings.corpus_dir)
    manifest = read_manifest(settings.index_dir)
    if manifest is None:
        return None, [f"no index in {settings.index_dir}"], docs
    return manifest, check(manifest, expected_manifest(settings, docs)), docs


def ensure_index(settings: Settings, embedder: Embedder, progress: bool = True) -> LoadedIndex:
    """The index, built first when it is missing, stale or damaged."""
    try:
        return load_index(settings)
    except IndexError_:
        build_index(settings, embedder, progress=progress)
        return load_index(settings)


def load_index(settings: Settings) -> LoadedIndex:
    """Load and verify the index; any mismatch or damage is a one-line IndexError_."""
    import faiss

    manifest, reasons, docs = index_status(settings)
    if reasons:
        raise StaleIndexError(f"index is stale or missing ({reasons[0]}); run `lanzarote-qa index`")
    assert manifest is not None
    index_dir = settings.index_dir
    try:
        files = manifest["files"]
        lexical = index_dir / files["lexical"]
        parts = [index_dir / files["vectors"], index_dir / files["passages"]]
        parts += sorted(lexical.iterdir()) if lexical.is_dir() else [lexical]
        for part in parts:
            problem = file_problem(part, MAX_INDEX_FILE_BYTES)
            if problem:
                raise IndexError_(f"index file {problem}; run `lanzarote-qa index`")
        for key in ("vectors", "passages"):
            if _sha256(index_dir / files[key]) != manifest["sha256"][key]:
                raise IndexError_(f"index file {files[key]} is damaged (checksum differs); run `lanzarote-qa index`")
        vectors = faiss.read_index(str(index_dir / files["vectors"]))
        with (index_dir / files["passages"]).open(encoding="utf-8") as fh:
            passages = tuple(Passage.from_json(json.loads(line)) for line in fh if line.strip())
    except (OSError, KeyError, TypeError, RuntimeError, ValueError) as exc:
        if isinstance(exc, IndexError_):
            raise
        raise IndexError_(f"index in {index_dir} is unreadable ({str(exc)[:120]}); run `lanzarote-qa index`") from None
    if vectors.ntotal != len(passages) or vectors.d != manifest.get("dimension"):
        raise IndexError_(f"index in {index_dir} is inconsistent; run `lanzarote-qa index`")
    return LoadedIndex(manifest, passages, vectors, index_dir / files["lexical"], tuple(docs))


def vectors_of(index: LoadedIndex) -> np.ndarray:
    """All stored vectors as a matrix (for tests and benchmarks)."""
    return index.vectors.reconstruct_n(0, index.vectors.ntotal)  # type: ignore[attr-defined]
