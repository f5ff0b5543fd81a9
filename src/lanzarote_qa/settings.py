"""One frozen Settings object: defaults, overridden by environment variables and CLI flags."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

DEFAULT_MODEL = "bundled:all-MiniLM-L6-v2"
BUNDLED_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
SCHEMA_VERSION = 1
# Bumped whenever parsing or chunking changes what passages come out: the index fingerprint follows.
# 4: contextual headers in what both indexes see; 5: reflexive pronouns are stop words;
# 6: acronyms spelled out for the dense model
PARSER_VERSION = 6


@dataclass(frozen=True)
class Settings:
    """Everything that changes what the index holds or how a question is answered."""

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    model: str = DEFAULT_MODEL
    max_tokens: int = 256
    top_k: int = 5
    # A search shows no passage whose similarity to the question is this far below the best passage's
    # (cosine): measured on the project's sets, no answering passage falls that far, 1% of the others do.
    relevance_gap: float = 0.3
    rrf_k: int = 60
    lexical_weight: float = 2.0  # the lexical ranking sees the thesaurus expansions and headers; dense does not
    # a passage whose BM25 score is this many times the next one's is a decisive match: it leads (see README)
    decisive_margin: float = 1.3
    candidates: int = 30
    # Abstention, calibrated by `lanzarote-qa calibrate` on eval/questions.jsonl (see eval/calibration.json).
    min_similarity: float = 0.4
    min_overlap: int = 3

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults < environment (LANZAROTE_QA_*) < explicit overrides that are not None."""
        env = {
            "corpus_dir": os.environ.get("LANZAROTE_QA_CORPUS"),
            "index_dir": os.environ.get("LANZAROTE_QA_INDEX"),
            "model": os.environ.get("LANZAROTE_QA_MODEL"),
        }
        # an override of None (a flag not given) must not hide the environment's value
        values = {k: v for k, v in env.items() if v is not None} | {k: v for k, v in overrides.items() if v is not None}
        for key in ("corpus_dir", "index_dir"):
            if key in values:
                values[key] = Path(values[key])  # type: ignore[arg-type]
        return replace(cls(), **values)  # type: ignore[arg-type]

    def chunk_fingerprint(self) -> str:
        """Hash of what decides the passages (parser version and chunk settings)."""
        data = {"parser": PARSER_VERSION, "max_tokens": self.max_tokens}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]

    def to_json(self) -> dict:
        """Settings as plain JSON values."""
        return {k: str(v) if isinstance(v, Path) else v for k, v in asdict(self).items()}
