"""Many users at once: concurrent gradio_client sessions against a running app, answers compared to one user's.

Used by `make bench` (latency figures) and by tests/test_app.py (zero errors, identical answers).
Traffic goes only to the loopback address the app was started on; every loop is bounded.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Sequence

from lanzarote_qa.evaluate import percentile


def _strip(result: dict) -> dict:
    """The answer without what legitimately varies between runs (timings)."""
    return {k: v for k, v in result.items() if k != "timings_ms"}


def drive(url: str, questions: Sequence[str], sessions: int = 20, per_session: int = 10, timeout: float = 600) -> dict:
    """Run `sessions` clients in parallel, each asking `per_session` questions; compare with a single user."""
    from gradio_client import Client

    assert url.startswith(("http://127.", "http://localhost")), "load goes to loopback only"
    single = Client(url, verbose=False)
    reference = {q: _strip(single.predict(question=q, history=[], api_name="/ask")) for q in questions}
    latencies: list[float] = []
    errors: list[str] = []
    mismatches: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + timeout

    def session(n: int) -> None:
        client = Client(url, verbose=False)
        for i in range(per_session):
            if time.monotonic() > deadline:
                with lock:
                    errors.append(f"session {n}: out of time")
                return
            q = questions[(n + i) % len(questions)]
            t0 = time.perf_counter()
            try:
                result = client.predict(question=q, history=[], api_name="/ask")
            except Exception as exc:  # every failure counts, whatever its kind
                with lock:
                    errors.append(f"session {n}: {type(exc).__name__}: {exc}"[:200])
                continue
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(elapsed)
                if "error" in result:
                    errors.append(f"session {n}: {result['error']}")
                elif _strip(result) != reference[q]:
                    mismatches.append(q)

    threads = [threading.Thread(target=session, args=(n,)) for n in range(sessions)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(1.0, deadline - time.monotonic()))
    wall = time.perf_counter() - t0
    lat = sorted(latencies)
    return {
        "sessions": sessions,
        "per_session": per_session,
        "answers": len(lat),
        "errors": errors,
        "mismatches": mismatches,
        "wall_s": wall,
        "p50_ms": statistics.median(lat) if lat else 0.0,
        "p95_ms": percentile(lat, 95),
        "throughput_per_s": len(lat) / wall if wall else 0.0,
    }
