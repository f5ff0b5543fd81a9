"""Several factsheets loaded: index build and warm `ask` with 1, 2 and 10 factsheets (renamed copies).

No second real factsheet has been tried: the copies are the Danish factsheet with its country's
name and adjective changed, so every factsheet is the same size as the real one.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FACTSHEET = ROOT / "corpus" / "lanzarote-factsheet-denmark.txt"
COPIES = [
    ("Norway", "Norwegian"), ("Sweden", "Swedish"), ("Finland", "Finnish"), ("Iceland", "Icelandic"),
    ("Germany", "German"), ("France", "French"), ("Spain", "Spanish"), ("Italy", "Italian"), ("Poland", "Polish"),
]  # fmt: skip


def corpus(folder: Path, n: int) -> Path:
    """A corpus folder with the real factsheet and n - 1 renamed copies."""
    folder.mkdir(parents=True, exist_ok=True)
    text = FACTSHEET.read_text(encoding="utf-8")
    (folder / FACTSHEET.name).write_text(text, encoding="utf-8")
    for country, adjective in COPIES[: n - 1]:
        copy = text
        for old, new in (("Denmark", country), ("Danish", adjective)):
            copy = copy.replace(old, new).replace(old.upper(), new.upper())
        (folder / f"lanzarote-factsheet-{country.lower()}.txt").write_text(copy, encoding="utf-8")
    return folder


def run(embedder, sizes: tuple[int, ...] = (1, 2, 10), reps: int = 2) -> list[dict]:
    """For each size: index build time, engine load time, warm ask p50 (all questions; those naming no country)."""
    from lanzarote_qa.countries import named_documents
    from lanzarote_qa.engine import Engine
    from lanzarote_qa.index import build_index
    from lanzarote_qa.settings import Settings

    questions = [json.loads(line)["question"] for line in (ROOT / "eval" / "questions.jsonl").open()]
    rows = []
    with tempfile.TemporaryDirectory(prefix="lanzarote-bench-") as tmp:
        for n in sizes:
            settings = Settings(corpus_dir=corpus(Path(tmp) / f"c{n}", n), index_dir=Path(tmp) / f"i{n}")
            t0 = time.perf_counter()
            build_index(settings, embedder, progress=False)
            built = time.perf_counter() - t0
            t0 = time.perf_counter()
            engine = Engine.load(settings, embedder)
            loaded = time.perf_counter() - t0
            docs = engine.index.documents
            times: dict[bool, list[float]] = {True: [], False: []}
            for q in questions * reps:
                t0 = time.perf_counter()
                engine.ask(q)
                times[bool(named_documents(q, docs))].append((time.perf_counter() - t0) * 1000)
            every = times[True] + times[False]
            rows.append(
                {
                    "factsheets": n,
                    "passages": len(engine.index.passages),
                    "build_s": built,
                    "load_s": loaded,
                    "ask_p50_ms": statistics.median(every),
                    "ask_p50_named_ms": statistics.median(times[True]) if times[True] else None,
                    "ask_p50_unnamed_ms": statistics.median(times[False]) if times[False] else None,
                    "asks": len(every),
                }
            )
    return rows


def markdown_table(rows: list[dict]) -> str:
    """The rows as a Markdown table."""
    out = [
        "| factsheets | passages | index build | engine load | warm ask p50 | naming a country | naming none |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        named = f"{r['ask_p50_named_ms']:.1f} ms" if r["ask_p50_named_ms"] is not None else "–"
        out.append(
            f"| {r['factsheets']} | {r['passages']} | {r['build_s']:.1f} s | {r['load_s']:.2f} s | "
            f"{r['ask_p50_ms']:.1f} ms | {named} | {r['ask_p50_unnamed_ms']:.1f} ms |"
        )
    return "\n".join(out)


if __name__ == "__main__":
    from lanzarote_qa.embedding import load_embedder
    from lanzarote_qa.settings import Settings

    print(markdown_table(run(load_embedder(Settings().model))))
