"""Many users at once against a running app: concurrent sessions, a flood from one client, a long chat.

Used by `make bench` (figures) and by the app tests (zero errors, identical answers, fairness,
bounded sessions). Traffic goes only to the loopback address the app was started on; every loop
is bounded in count and time.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

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


ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Served:
    """A running `python app.py`: where it answers and its process."""

    url: str
    port: int
    proc: subprocess.Popen


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(index_dir: Path, log: Path | None = None, args: Sequence[str] = (), timeout: float = 300) -> Iterator[Served]:
    """`python app.py` on a free loopback port with the given index, stopped with SIGTERM at the end."""
    port = free_port()
    env = {**os.environ, "LANZAROTE_QA_INDEX": str(index_dir), "PYTHONUNBUFFERED": "1"}
    out = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "--port", str(port), *args],
        cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_until_up(url, proc, timeout)
        yield Served(url, port, proc)
    finally:
        stop(proc)
        if log:
            out.close()


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 300) -> None:
    """Poll the app's config route until it answers, failing early if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"app.py exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "config", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    raise TimeoutError(f"app.py did not answer on {url} within {timeout} s")


def stop(proc: subprocess.Popen, timeout: float = 30) -> int:
    """SIGTERM, then wait; killed if it does not stop in time. Its exit code."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=timeout)
    return proc.returncode


def rss_mib(pid: int) -> float:
    """A process's resident memory now (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def _call(http, question: str, history: Sequence[str], session: str | None = None) -> dict | None:
    """One /ask through Gradio's /call route: the answer, or None when the front door refused it (429)."""
    body: dict = {"data": [question, list(history)]}
    if session:
        body["session_hash"] = session
    r = http.post("/gradio_api/call/ask", json=body)
    if r.status_code == 429:
        return None
    r.raise_for_status()
    with http.stream("GET", f"/gradio_api/call/ask/{r.json()['event_id']}") as events:
        lines = events.iter_lines()
        for line in lines:
            if line.startswith("event: complete"):
                data = next(lines, "")
                return json.loads(data.removeprefix("data:").strip())[0]
    raise RuntimeError("the event stream ended without an answer")


def _victim(url: str, questions: Sequence[str], n: int, address: str) -> tuple[list[float], list[str]]:
    """One normal client, from its own loopback address, asking `n` questions in turn: latencies (ms), errors."""
    import httpx

    latencies, errors = [], []
    transport = httpx.HTTPTransport(local_address=address)
    session = uuid.uuid4().hex[:12]  # one session for all its questions, as a client library keeps
    with httpx.Client(base_url=url, timeout=120, transport=transport) as http:
        for i in range(n):
            t0 = time.perf_counter()
            try:
                result = _call(http, questions[i % len(questions)], [], session)
            except Exception as exc:  # any failure counts against fairness
                errors.append(f"{type(exc).__name__}: {exc}"[:200])
                continue
            if result is None:
                errors.append("refused")
                continue
            latencies.append((time.perf_counter() - t0) * 1000)
            if "error" in result:
                errors.append(result["error"])
    return latencies, errors


def _flood(url: str, questions: Sequence[str], slow: int, done, deadline: float, counts) -> None:
    """The flooding client (run in a process of its own): `slow` threads each sending a slow request in a
    session of its own, again and again, waiting a second after a refusal; counts what happened."""
    import httpx

    # On one machine the flooding client would take CPU from the server; elsewhere it would not. Niced, it
    # takes what the server leaves, so the figure is the server's fairness, not the sharing of two cores.
    os.nice(19)
    history = [f"{questions[i % len(questions)]} " + "children online safety " * 80 for i in range(10)]
    history = [h[:2000] for h in history]
    lock = threading.Lock()

    def flooder(n: int) -> None:
        with httpx.Client(base_url=url, timeout=120) as http:
            while not done.is_set() and time.time() < deadline:
                try:
                    answered = _call(http, questions[n % len(questions)], history, uuid.uuid4().hex[:12])
                except (httpx.HTTPError, RuntimeError, ValueError):
                    answered, outcome = None, "failed"
                else:
                    outcome = "answered" if answered is not None else "refused"
                with lock:
                    counts["sent"] += 1
                    counts[outcome] += 1
                if answered is None:
                    done.wait(1.0)

    threads = [threading.Thread(target=flooder, args=(n,), daemon=True) for n in range(slow)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(1.0, deadline - time.time()))


def flood(
    url: str, questions: Sequence[str], slow: int = 100, victim_asks: int = 30, timeout: float = 600,
    victim_address: str = "127.0.0.2",
) -> dict:  # fmt: skip
    """One client keeps `slow` slow requests coming (ten 2,000-character earlier questions each, each in a
    session of its own, sent again when refused) while another client, from another loopback address and
    another process, asks normal questions; the normal client's latency idle and during the flood."""
    import multiprocessing

    assert url.startswith(("http://127.", "http://localhost")), "the flood goes to loopback only"
    idle, idle_errors = _victim(url, questions, victim_asks, victim_address)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        done, counts = manager.Event(), manager.dict({"sent": 0, "refused": 0, "answered": 0, "failed": 0})
        args = (url, list(questions), slow, done, time.time() + timeout, counts)
        flooding = ctx.Process(target=_flood, args=args, daemon=True)
        flooding.start()
        # the flood is in full swing before the normal client asks: refused at least once. A flood starved of the
        # CPU by other work on the machine (it runs niced) takes longer to get there, and a fixed wait then
        # measured no flood at all
        time.sleep(3.0)
        swing = time.time() + 120
        while counts["refused"] == 0 and time.time() < swing and flooding.is_alive():
            time.sleep(0.5)
        during, during_errors = _victim(url, questions, victim_asks, victim_address)
        done.set()
        flooding.join(timeout=5)  # its requests still in flight are the server's to finish, not ours to wait for
        if flooding.is_alive():
            flooding.kill()
        counts = dict(counts)
    return {
        "idle_p50_ms": statistics.median(idle),
        "idle_p95_ms": percentile(sorted(idle), 95),
        "flood_p50_ms": statistics.median(during) if during else float("inf"),
        "flood_p95_ms": percentile(sorted(during), 95) if during else float("inf"),
        "victim_errors": idle_errors + during_errors,
        "victim_asks": victim_asks,
        "flood": counts,
    }


def chat_session(url: str, pid: int, questions: Sequence[str], turns: int = 500, every: int = 50) -> dict:
    """One chat page asking `turns` questions in a row (follow-ups included), through the page's own
    handler: each response's size and the app's memory every `every` turns."""
    import httpx

    config = httpx.get(url + "config", timeout=30).json()
    respond = next(d for d in config["dependencies"] if d.get("api_name") == "respond")
    session = uuid.uuid4().hex[:12]
    sizes: list[int] = []
    memory: list[tuple[int, float]] = []
    with httpx.Client(base_url=url, timeout=120) as http:
        for turn in range(1, turns + 1):
            question = questions[turn % len(questions)]
            body = {"data": [question, None, "", "", ""], "fn_index": respond["id"], "session_hash": session}
            r = http.post("/gradio_api/queue/join", json=body)
            r.raise_for_status()
            sizes.append(_completed_size(http, session, r.json()["event_id"]))
            if turn == 1 or turn % every == 0:
                memory.append((turn, rss_mib(pid)))
    return {"turns": turns, "sizes": sizes, "memory_mib": memory}


def _completed_size(http, session: str, event_id: str) -> int:
    """The size in bytes of an event's completed message, read from the session's stream."""
    with http.stream("GET", f"/gradio_api/queue/data?session_hash={session}") as events:
        for line in events.iter_lines():
            if line.startswith("data:"):
                message = json.loads(line[5:])
                if message.get("msg") == "process_completed" and message.get("event_id") == event_id:
                    if not message.get("success", True):
                        raise RuntimeError(f"turn failed: {line[:200]}")
                    return len(line.encode())
    raise RuntimeError("the stream ended before the answer")
