"""How vector search cost grows with corpus size: exact IndexFlatIP against HNSW and IVF.

The project searches L2-normalised all-MiniLM-L6-v2 embeddings (384-d) by inner product with
faiss.IndexFlatIP. This benchmark measures, on synthetic clustered unit vectors of the same shape,
what each index costs to build, how long one query takes (one at a time, as the interactive app
searches), how much memory it holds and what recall@k the approximate ones keep, so the index type
can be chosen by corpus size.

Timings carry over to real embeddings of the same shape; recall does not fully: it depends on how far
clusters overlap. Around --cluster-spread 1.0 clusters barely overlap and IVF finds nearly every neighbour
once clusters hold more than k vectors; at 1.5 they overlap and IVF recall at 100k drops to about 0.8.
Check recall on the project's own embeddings before settling nprobe or efSearch.

    .venv/bin/python bench/faiss_scaling.py [--sizes 10000 100000 1000000] [--queries 200]
                                            [--budget-seconds 180] [--cluster-spread 1.0] [--json rows.json]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import faiss
import numpy as np
from tqdm import tqdm

THREADS = 2
N_CENTRES = 1000
# Noise norm relative to the unit centres: 1.0 gives a mean cosine to the own centre of about 0.7 and
# top-10 neighbour cosines of 0.6-0.95, the range MiniLM gives for related passages.
DEFAULT_CLUSTER_SPREAD = 1.0
# Queries sit close to a corpus vector (like a question paraphrasing a passage) but are not copies of it.
QUERY_NOISE = 0.3
CHUNK = 50_000
WARMUP_QUERIES = 5

HNSW_M = 32
HNSW_EF_CONSTRUCTION = 40
HNSW_EF_SEARCH = 64
# One IVF build serves several nprobe values: nprobe is a search-time knob, so the speed/recall
# trade-off costs no extra build.
IVF_NPROBES = (16, 64)
IVF_MAX_TRAIN = 100_000

# Per approximate build; HNSW at 1M on 2 cores is predicted well above it, IVF well below.
DEFAULT_BUDGET_S = 180.0


def normalise(x: np.ndarray) -> np.ndarray:
    """Scale each row to unit L2 norm in place and return it."""
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


class ClusteredEmbeddings:
    """Synthetic stand-in for sentence embeddings: unit vectors around random centres."""

    def __init__(self, dim: int, seed: int, spread: float = DEFAULT_CLUSTER_SPREAD, n_centres: int = N_CENTRES) -> None:
        self.dim = dim
        self.rng = np.random.default_rng(seed)
        self.centres = normalise(self.rng.standard_normal((n_centres, dim), dtype=np.float32))
        # Real embedding spectra decay: a few directions carry most of the variance. Noise with a power-law
        # spectrum (in a random rotation) spreads clusters along shared directions so that they overlap, as
        # topics do; isotropic noise of the same size leaves them cleanly apart and flatters approximate
        # indexes (at 50k, IVF nprobe=16 recall 1.0 against 0.94 with this spectrum).
        rotation, _ = np.linalg.qr(self.rng.standard_normal((dim, dim)))
        scales = np.arange(1, dim + 1, dtype=np.float64) ** -0.5
        scales *= spread / np.linalg.norm(scales)
        self.noise_basis = (rotation * scales).T.astype(np.float32)

    def _noise(self, n: int) -> np.ndarray:
        return self.rng.standard_normal((n, self.dim), dtype=np.float32) @ self.noise_basis

    def corpus(self, n: int) -> np.ndarray:
        """Return n clustered unit vectors, generated in chunks to bound temporary memory."""
        out = np.empty((n, self.dim), dtype=np.float32)
        for start in tqdm(range(0, n, CHUNK), desc=f"generate {n:,}", unit="chunk", leave=False, disable=None):
            stop = min(start + CHUNK, n)
            labels = self.rng.integers(0, len(self.centres), stop - start)
            out[start:stop] = normalise(self.centres[labels] + self._noise(stop - start))
        return out

    def queries(self, corpus: np.ndarray, n: int) -> np.ndarray:
        """Return n unit queries, each a perturbed copy of a random vector of corpus."""
        picks = self.rng.integers(0, len(corpus), n)
        return normalise(corpus[picks] + QUERY_NOISE * self._noise(n))


def search_one_by_one(index: faiss.Index, queries: np.ndarray, k: int) -> tuple[np.ndarray, list[float]]:
    """Search each query alone and return the ids found and the seconds each search took."""
    # The first searches pay for page faults and lazy allocations that a running app has already paid.
    for i in range(min(WARMUP_QUERIES, len(queries))):
        index.search(queries[i : i + 1], k)
    ids = np.empty((len(queries), k), dtype=np.int64)
    seconds: list[float] = []
    for i in tqdm(range(len(queries)), desc="search", leave=False, disable=None):
        start = time.perf_counter()
        _, found = index.search(queries[i : i + 1], k)
        seconds.append(time.perf_counter() - start)
        ids[i] = found[0]
    return ids, seconds


def recall_at_k(found: np.ndarray, exact: np.ndarray) -> float:
    """Mean fraction of the exact top-k ids that the approximate search also returned."""
    k = exact.shape[1]
    # IVF pads with -1 when the probed lists hold fewer than k vectors; those never count as hits.
    hits = [len((set(f) - {-1}) & set(e)) for f, e in zip(found.tolist(), exact.tolist(), strict=True)]
    return sum(hits) / (k * len(hits))


def index_megabytes(index: faiss.Index) -> float:
    """Size of the serialised index in MiB, which is what it occupies once loaded."""
    return len(faiss.serialize_index(index)) / 2**20


def ivf_nlist(n: int) -> int:
    """Number of IVF lists for n vectors: the usual 4*sqrt(N), never more than there are vectors."""
    return max(1, min(n, round(4 * math.sqrt(n))))


def measure(
    size: int,
    name: str,
    params: str,
    build_s: float,
    index: faiss.Index,
    queries: np.ndarray,
    k: int,
    exact: np.ndarray | None,
    megabytes: float,
) -> tuple[dict[str, Any], np.ndarray]:
    """Time single-query searches on a built index and return its table row and the ids it found."""
    found, seconds = search_one_by_one(index, queries, k)
    # A lone query gives faiss's OpenMP threads almost nothing to share, and on this 2-core machine their
    # hand-off can cost more than the search itself; an app that searches one query at a time can pin faiss
    # to one thread, so that latency is reported beside the 2-thread one.
    faiss.omp_set_num_threads(1)
    try:
        _, seconds_1t = search_one_by_one(index, queries, k)
    finally:
        faiss.omp_set_num_threads(THREADS)
    row = {
        "size": size,
        "index": name,
        "params": params,
        "build_s": round(build_s, 3),
        "search_p50_ms": round(statistics.median(seconds) * 1e3, 4),
        "search_p95_ms": round(float(np.percentile(seconds, 95)) * 1e3, 4),
        "search_1thread_p50_ms": round(statistics.median(seconds_1t) * 1e3, 4),
        "search_1thread_p95_ms": round(float(np.percentile(seconds_1t, 95)) * 1e3, 4),
        "recall_at_k": 1.0 if exact is None else round(recall_at_k(found, exact), 4),
        "k": k,
        "memory_mb": round(megabytes, 1),
        "note": "exact (ground truth)" if exact is None else "",
    }
    return row, found


def skipped_row(size: int, name: str, params: str, k: int, predicted_s: float, budget_s: float) -> dict[str, Any]:
    """Row for an index whose predicted build time exceeds the budget."""
    return {
        "size": size,
        "index": name,
        "params": params,
        "build_s": None,
        "search_p50_ms": None,
        "search_p95_ms": None,
        "search_1thread_p50_ms": None,
        "search_1thread_p95_ms": None,
        "recall_at_k": None,
        "k": k,
        "memory_mb": None,
        "note": f"skipped: build > budget (predicted {predicted_s:.0f} s > {budget_s:.0f} s)",
    }


class BuildHistory:
    """Build times measured so far, to predict larger builds before paying for them."""

    def __init__(self) -> None:
        self.hnsw: tuple[int, float] | None = None
        # (size, nlist, training vectors, train seconds, add seconds)
        self.ivf: tuple[int, int, int, float, float] | None = None

    def predict_hnsw(self, n: int) -> float | None:
        """HNSW insertion costs about log N per vector, so the build grows as N log N."""
        if self.hnsw is None:
            return None
        n0, t0 = self.hnsw
        return t0 * (n / n0) * math.log(n) / math.log(n0)

    def predict_ivf(self, n: int, nlist: int, n_train: int) -> float | None:
        """k-means grows with training vectors × lists; assigning vectors to lists grows with N × lists."""
        if self.ivf is None:
            return None
        n0, nlist0, train0, train_s, add_s = self.ivf
        return train_s * (n_train / train0) * (nlist / nlist0) + add_s * (n / n0) * (nlist / nlist0)


def bench_size(
    data: np.ndarray,
    queries: np.ndarray,
    k: int,
    seed: int,
    budget_s: float,
    history: BuildHistory,
) -> Iterator[dict[str, Any]]:
    """Build and measure every index for one corpus, yielding a row per index configuration."""
    size, dim = data.shape
    log = tqdm.write

    log(f"[{size:,}] IndexFlatIP")
    start = time.perf_counter()
    flat = faiss.IndexFlatIP(dim)
    flat.add(data)
    build_s = time.perf_counter() - start
    row, exact = measure(size, "FlatIP", "exact", build_s, flat, queries, k, None, index_megabytes(flat))
    yield row
    # Each index holds its own copy of the vectors (1.5 GB at 1M); holding one at a time bounds peak memory.
    del flat

    hnsw_params = f"M={HNSW_M} efC={HNSW_EF_CONSTRUCTION} efS={HNSW_EF_SEARCH}"
    predicted = history.predict_hnsw(size)
    if predicted is not None and predicted > budget_s:
        yield skipped_row(size, "HNSWFlat", hnsw_params, k, predicted, budget_s)
    else:
        log(f"[{size:,}] IndexHNSWFlat {hnsw_params}")
        start = time.perf_counter()
        hnsw = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        hnsw.add(data)
        build_s = time.perf_counter() - start
        history.hnsw = (size, build_s)
        hnsw.hnsw.efSearch = HNSW_EF_SEARCH
        yield measure(size, "HNSWFlat", hnsw_params, build_s, hnsw, queries, k, exact, index_megabytes(hnsw))[0]
        del hnsw

    nlist = ivf_nlist(size)
    n_train = min(size, IVF_MAX_TRAIN)
    predicted = history.predict_ivf(size, nlist, n_train)
    if predicted is not None and predicted > budget_s:
        for nprobe in IVF_NPROBES:
            yield skipped_row(size, "IVFFlat", f"nlist={nlist} nprobe={nprobe}", k, predicted, budget_s)
        return
    log(f"[{size:,}] IndexIVFFlat nlist={nlist} (trained on {n_train:,})")
    start = time.perf_counter()
    quantizer = faiss.IndexFlatIP(dim)
    ivf = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
    # Training on at most IVF_MAX_TRAIN vectors bounds k-means time but leaves fewer than faiss's preferred
    # 39 points per centroid (at 10k and at 1M); that is deliberate, so silence the warning about it.
    ivf.cp.min_points_per_centroid = 1
    sample = np.random.default_rng([seed, size]).choice(size, n_train, replace=False)
    sample.sort()
    ivf.train(data[sample])
    train_s = time.perf_counter() - start
    ivf.add(data)
    build_s = time.perf_counter() - start
    history.ivf = (size, nlist, n_train, train_s, build_s - train_s)
    megabytes = index_megabytes(ivf)
    for nprobe in IVF_NPROBES:
        ivf.nprobe = min(nprobe, nlist)
        params = f"nlist={nlist} nprobe={ivf.nprobe} (train {train_s:.1f} s)"
        yield measure(size, "IVFFlat", params, build_s, ivf, queries, k, exact, megabytes)[0]
    del ivf, quantizer


def run(
    sizes: Sequence[int] = (10_000, 100_000, 1_000_000),
    dim: int = 384,
    queries: int = 200,
    k: int = 10,
    seed: int = 0,
    cluster_spread: float = DEFAULT_CLUSTER_SPREAD,
    budget_seconds: float = DEFAULT_BUDGET_S,
) -> list[dict[str, Any]]:
    """Build and measure flat, HNSW and IVF indexes at each corpus size and return one row per configuration."""
    faiss.omp_set_num_threads(THREADS)
    ordered = sorted(set(sizes))
    embeddings = ClusteredEmbeddings(dim, seed, cluster_spread)
    # Corpora are prefixes of one i.i.d. sample, so the largest is generated once and every size is a
    # fair sample of the same distribution.
    corpus = embeddings.corpus(ordered[-1])
    history = BuildHistory()
    rows: list[dict[str, Any]] = []
    for size in ordered:
        data = corpus[:size]
        query_vectors = embeddings.queries(data, queries)
        rows.extend(bench_size(data, query_vectors, k, seed, budget_seconds, history))
    return rows


def markdown_table(rows: Sequence[dict[str, Any]]) -> str:
    """Format rows as a Markdown table, with a dash where a skipped index has no measurement."""
    k = rows[0]["k"] if rows else 10
    columns = [
        ("N", "size", "{:,}"),
        ("index", "index", "{}"),
        ("params", "params", "{}"),
        ("build s", "build_s", "{:.2f}"),
        ("p50 ms", "search_p50_ms", "{:.3f}"),
        ("p95 ms", "search_p95_ms", "{:.3f}"),
        ("p50 ms 1 thr", "search_1thread_p50_ms", "{:.3f}"),
        ("p95 ms 1 thr", "search_1thread_p95_ms", "{:.3f}"),
        (f"recall@{k}", "recall_at_k", "{:.3f}"),
        ("memory MiB", "memory_mb", "{:,.1f}"),
        ("note", "note", "{}"),
    ]
    lines = ["| " + " | ".join(title for title, _, _ in columns) + " |"]
    lines.append("|" + "|".join("---:" if fmt != "{}" else "---" for _, _, fmt in columns) + "|")
    for row in rows:
        cells = ["—" if row[key] is None else fmt.format(row[key]) for _, key, fmt in columns]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark from the command line and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000], help="corpus sizes")
    parser.add_argument("--queries", type=int, default=200, help="single-query searches timed per index")
    parser.add_argument("--k", type=int, default=10, help="neighbours per query")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--cluster-spread",
        type=float,
        default=DEFAULT_CLUSTER_SPREAD,
        help="noise norm around each unit cluster centre; larger means more overlap and lower approximate recall",
    )
    parser.add_argument(
        "--budget-seconds",
        type=float,
        default=DEFAULT_BUDGET_S,
        help="skip an approximate build whose time, predicted from the previous size, exceeds this",
    )
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    rows = run(
        args.sizes,
        queries=args.queries,
        k=args.k,
        seed=args.seed,
        cluster_spread=args.cluster_spread,
        budget_seconds=args.budget_seconds,
    )
    total_s = time.perf_counter() - start
    print(markdown_table(rows))
    print(
        f"\nfaiss on {THREADS} OpenMP threads for builds and the p50/p95 columns, on 1 thread for the '1 thr' "
        f"columns; {args.queries} single-vector queries per index; latency = median/p95 of per-query wall "
        f"time; total {total_s:.0f} s"
    )
    if args.json is not None:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
