"""Hardening: no client starves another, every error is one object or one line, nothing is left behind,
sessions stay bounded, and corpus and index files must be regular files of a sane size.

The fast part checks each piece alone (admission, the fair gate, the rate limit, the front door on
a stand-in app, `--jsonl` lines, file checks). The slow part runs `python app.py` on loopback and
floods it, sends odd values to every handler, holds a 500-turn chat, loads it and stops it.
"""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import load  # bench/load.py (pythonpath): starts and drives the app as `make bench` does
import pytest

from lanzarote_qa.cli import MAX_LINE_BYTES, _jsonl_line, _lines
from lanzarote_qa.conversation import MAX_CARRIED_TERMS, MAX_CONTEXT_CHARS, MAX_TURNS
from lanzarote_qa.corpus import CorpusError, read_document
from lanzarote_qa.fairness import Admission, Busy, FairGate, RateLimit
from lanzarote_qa.guard import ADMITTED_HEADER, CSP, MAX_BODY, Guard, Rules, admitted_keys
from lanzarote_qa.index import IndexError_, load_index
from lanzarote_qa.safefiles import file_problem
from lanzarote_qa.types import Filters

from .conftest import ROOT

JURISDICTION = "what must Denmark change on jurisdiction?"
QUESTIONS = [json.loads(line)["question"] for line in (ROOT / "eval" / "questions.jsonl").open()][:20]
MARK = "ZQXJ-odd-value"  # a text no log line holds unless it copied what a client sent


def _cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "lanzarote_qa", *args], capture_output=True, cwd=ROOT, input=stdin, timeout=300
    )


# --- admission, the fair gate, the rate limit ----------------------------------------------------------


def test_admission_limits_a_session_and_an_address_and_counts_out():
    gate = Admission(per_session=2, per_client=3, total=4, ttl=60)
    gate.enter("a", "10.0.0.1", now=0)
    gate.enter("a", "10.0.0.1", now=0)
    with pytest.raises(Busy, match="this session"):
        gate.enter("a", "10.0.0.1", now=0)
    gate.enter("b", "10.0.0.1", now=0)
    with pytest.raises(Busy, match="this address"):
        gate.enter("c", "10.0.0.1", now=0)
    gate.enter("d", "10.0.0.2", now=0)
    with pytest.raises(Busy, match="server is busy"):
        gate.enter("e", "10.0.0.3", now=0)
    gate.leave("a", "10.0.0.1")
    assert gate.in_flight("a") == 1
    gate.enter("a", "10.0.0.1", now=1)


def test_admission_entries_expire_so_an_abandoned_request_cannot_lock_a_session_out():
    gate = Admission(per_session=1, ttl=10)
    gate.enter("a", "h", now=0)
    with pytest.raises(Busy):
        gate.enter("a", "h", now=5)
    gate.enter("a", "h", now=11)


def test_a_session_without_a_page_is_not_counted_twice_under_its_address():
    gate = Admission(per_session=2, per_client=10)
    gate.enter("client:127.0.0.1", "127.0.0.1", now=0)
    gate.enter("client:127.0.0.1", "127.0.0.1", now=0)  # the second of two allowed


def test_fair_gate_runs_one_request_per_session_and_takes_sessions_in_turn():
    gate = FairGate(slots=1, timeout=30)
    order: list[str] = []
    release = threading.Event()
    threads = [_hold(gate, "flood", "", release)]
    # the flooding session queues three more before the other session queues one
    threads += [_queue(gate, session, "", order, release) for session in ("flood", "flood", "flood", "other")]
    release.set()
    for t in threads:
        t.join(10)
    assert order[:2] == ["flood", "other"]  # the other session's turn comes after one of the flood's, not three
    assert sorted(order) == ["flood", "flood", "flood", "other"]


def _hold(gate: FairGate, session: str, client: str, release: threading.Event) -> threading.Thread:
    """A request holding a slot until released; returns once it runs."""
    running = threading.Event()

    def run():
        with gate.slot(session, client):
            running.set()
            release.wait(10)

    t = threading.Thread(target=run)
    t.start()
    assert running.wait(10)
    return t


def _queue(gate: FairGate, session: str, client: str, order: list[str], release: threading.Event) -> threading.Thread:
    """A request waiting for a slot; it notes its session in `order` when it runs, and holds the slot until released."""

    ran = threading.Event()

    def run():
        with gate.slot(session, client):
            ran.set()
            order.append(session)
            release.wait(10)

    before = gate.waiting()
    t = threading.Thread(target=run)
    t.start()
    _until(lambda: gate.waiting() > before or ran.is_set())  # its ticket is in before the next one's
    return t


def _until(condition, timeout: float = 10.0) -> None:
    """Wait for a condition another thread makes true (bounded)."""
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_fair_gate_serves_the_client_running_least_before_the_sessions_of_a_busy_one():
    gate = FairGate(slots=1, timeout=5)
    release, order = threading.Event(), []
    held = _hold(gate, "f0", "flood", release)
    # one client queues two more sessions of its own before another client asks once
    later = threading.Event()
    waiting = [_queue(gate, s, c, order, later) for s, c in [("f1", "flood"), ("f2", "flood"), ("v", "victim")]]
    release.set()
    held.join(10)
    _until(lambda: order)
    assert order == ["v"]  # the freed slot goes to the other client, not to the next session of the busy one
    later.set()
    for t in waiting:
        t.join(10)
    assert order == ["v", "f1", "f2"]


def test_fair_gate_keeps_a_slot_for_another_client_that_is_about_but_lets_a_lone_client_use_all():
    lone, release = FairGate(slots=2, timeout=5), threading.Event()
    held = [_hold(lone, "a", "office", release), _hold(lone, "b", "office", release)]  # a lone client fills both
    release.set()
    for t in held:
        t.join(10)

    gate, release, order = FairGate(slots=2, timeout=5, window=5), threading.Event(), []
    with gate.slot("v0", "victim"):
        pass  # the victim asked a moment ago: it is about
    held = [_hold(gate, "f0", "flood", release)]
    held.append(_queue(gate, "f1", "flood", order, release))
    time.sleep(0.6)  # a slot is free, and stays free for the victim
    assert order == []
    held.append(_queue(gate, "v1", "victim", order, release))
    _until(lambda: order)
    assert order == ["v1"]
    release.set()
    for t in held:
        t.join(10)
    assert order == ["v1", "f1"]


def test_fair_gate_gives_up_with_busy_after_its_timeout():
    gate = FairGate(slots=1, timeout=0.2)
    with gate.slot("a"), pytest.raises(Busy), gate.slot("b"):
        pass


def test_rate_limit_allows_a_burst_then_a_steady_rate_per_key():
    rate = RateLimit(per_second=2, burst=3)
    assert [rate.allow("a", now=0) for _ in range(4)] == [True, True, True, False]
    assert rate.allow("b", now=0)
    assert rate.allow("a", now=0.5) and not rate.allow("a", now=0.5)


# --- the front door on a stand-in app ------------------------------------------------------------------


def _guarded(seen: list[dict], admission: Admission | None = None):
    from starlette.testclient import TestClient

    async def app(scope, receive, send):
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        seen.append({"headers": dict(scope["headers"]), "body": body})
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"ok"})

    rules = Rules(
        admission=admission or Admission(),
        rate=RateLimit(),
        is_engine=lambda call: call.fn_index == 0 or call.api_name == "ask",
        check=lambda call: "too many values" if call.data is not None and len(call.data) > 2 else None,
    )
    return TestClient(Guard(app, rules))


def test_front_door_refuses_uploads_big_bodies_and_non_json_with_one_json_error():
    seen: list[dict] = []
    client = _guarded(seen)
    r = client.post("/gradio_api/upload", files={"files": ("a.bin", b"x" * 1000)})
    assert r.status_code == 403 and r.json()["error"] == "this app takes no uploads"
    r = client.post("/gradio_api/queue/join", content=b"{" * (MAX_BODY + 1))
    assert r.status_code == 413
    for body in (b"[" * 50_000, b"not json", b'"a string"', b'{"data": 5}', b'{"data": [1, 2, 3], "fn_index": 1}'):
        r = client.post("/gradio_api/queue/join", content=body)
        assert r.status_code == 400 and set(r.json()) == {"detail", "error"}, body[:20]
    assert seen == []  # nothing reached the app
    assert client.post("/gradio_api/queue/join", json={"data": [], "fn_index": 1}).status_code == 200


def test_refusals_are_logged_one_line_each_but_at_most_one_a_second(caplog):
    client = _guarded([])
    with caplog.at_level("WARNING", logger="lanzarote_qa.guard"):
        for _ in range(50):
            assert client.post("/gradio_api/queue/join", content=b"not json " + MARK.encode()).status_code == 400
    lines = [r.getMessage() for r in caplog.records]
    assert 1 <= len(lines) <= 3
    assert all(line.startswith("refused a request to /gradio_api/queue/join") for line in lines)
    assert not any(MARK in line for line in lines)


def test_front_door_sets_the_security_headers_on_every_response():
    client = _guarded([])
    for r in (client.get("/"), client.post("/gradio_api/upload")):
        assert r.headers["content-security-policy"] == CSP
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "img-src 'self' data: blob:" in CSP and "connect-src 'self'" in CSP and "http:" not in CSP


def test_front_door_admits_engine_calls_names_the_keys_and_drops_a_forged_header():
    seen: list[dict] = []
    admission = Admission(per_session=1)
    client = _guarded(seen, admission)
    forged = {ADMITTED_HEADER: json.dumps(["someone-else", "1.2.3.4"])}
    r = client.post("/gradio_api/queue/join", json={"data": [], "fn_index": 1, "session_hash": "s1"}, headers=forged)
    assert r.status_code == 200 and ADMITTED_HEADER.encode() not in seen[-1]["headers"]
    r = client.post("/gradio_api/queue/join", json={"data": ["q"], "fn_index": 0, "session_hash": "s1"})
    assert r.status_code == 200
    assert admitted_keys(seen[-1]["headers"][ADMITTED_HEADER.encode()].decode()) == ("s1", "testclient")
    assert json.loads(seen[-1]["body"]) == {"data": ["q"], "fn_index": 0, "session_hash": "s1"}  # body intact
    r = client.post("/gradio_api/queue/join", json={"data": ["q"], "fn_index": 0, "session_hash": "s1"})
    assert r.status_code == 429 and "in flight" in r.json()["error"]
    admission.leave("s1", "testclient")
    assert client.post("/gradio_api/call/ask", json={"data": ["q"]}).status_code == 200


# --- the command line: every JSON line answered alone; files ------------------------------------------


def test_each_jsonl_line_is_answered_alone_whatever_it_holds(fake_engine):
    odd = {
        b"[" * 100_000: "nested too deep",
        b'{"id": ' + b"9" * 5000 + b', "question": "x"}': "too large",
        b"\xff\xfe{}": "not UTF-8",
        b'{"id": [1], "question": "q"}': "id must be",
        b'{"id": 1e400, "question": "q"}': "id must be",
        b'{"question": "training", "history": [5]}': "history must be",
        b'{"question": "training", "history": ["fine", ""]}': None,
        b"[1, 2]": "JSON object",
    }
    for raw, says in odd.items():
        out = _jsonl_line(fake_engine, raw, 7, Filters(), None)
        json.dumps(out, ensure_ascii=False).encode("utf-8")  # printable as it is
        if says is None:
            assert "error" not in out
        else:
            assert says in out["error"] and out["line"] == 7, raw[:30]
    out = _jsonl_line(fake_engine, json.dumps({"id": "a\ud800b", "question": "training"}).encode(), 1, Filters(), None)
    assert out["id"] == "a?b" and "error" not in out


def test_an_overlong_jsonl_line_is_skipped_without_being_held_whole():
    import io

    stream = io.BytesIO(b'{"a": 1}\n' + b"x" * (3 * MAX_LINE_BYTES) + b'\n{"b": 2}\n')
    assert list(_lines(stream, MAX_LINE_BYTES)) == [b'{"a": 1}\n', None, b'{"b": 2}\n']


def test_ask_jsonl_keeps_going_past_bad_lines_with_strict_stdio(settings, engine):
    lines = b"\n".join(
        [
            b'{"id": "a\\ud800", "question": "' + JURISDICTION.encode() + b'"}',
            b"[" * 100_000,
            b'{"id": ' + b"9" * 5000 + b"}",
            b"\xff\xfe\xfd",
            b'{"id": "last", "question": "para 228"}',
        ]
    )
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "LANZAROTE_QA_INDEX": str(settings.index_dir)}
    r = subprocess.run(
        [sys.executable, "-m", "lanzarote_qa", "ask", "--jsonl"], input=lines, capture_output=True, cwd=ROOT,
        env=env, timeout=300,
    )  # fmt: skip
    assert r.returncode == 0 and b"Traceback" not in r.stderr, r.stderr[-500:]
    out = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert [o.get("id") for o in out] == ["a?", None, None, None, "last"]
    assert [("error" in o) for o in out] == [False, True, True, True, False]


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder", "huge"])
def test_a_corpus_file_that_is_no_regular_file_or_too_big_is_a_one_line_error(tmp_path, kind):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    target = corpus / "factsheet.txt"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "dev-zero":
        target.symlink_to("/dev/zero")
    elif kind == "folder":
        target.mkdir()
    else:
        with target.open("wb") as fh:  # sparse: no disk is used
            fh.truncate(50 << 20)
    with pytest.raises(CorpusError) as caught:
        read_document(target)
    assert str(target) in str(caught.value)
    r = _cli("passages", "--corpus", str(corpus))
    assert r.returncode == 1 and b"Traceback" not in r.stderr
    assert len(r.stderr.decode().strip().splitlines()) == 1, r.stderr


def test_an_index_file_that_is_a_fifo_is_a_one_line_error_not_a_hang(fake_engine, tmp_path):
    import shutil
    from dataclasses import replace

    index = tmp_path / "index"
    shutil.copytree(fake_engine.settings.index_dir, index)
    vectors = next(index.glob("vectors-*"))
    vectors.unlink()
    os.mkfifo(vectors)
    with pytest.raises(IndexError_, match="not a regular file"):
        load_index(replace(fake_engine.settings, index_dir=index))


def test_file_problem_names_what_is_wrong(tmp_path):
    ok = tmp_path / "ok.txt"
    ok.write_text("x")
    assert file_problem(ok, 10) is None
    assert "does not exist" in file_problem(tmp_path / "nope", 10)
    assert "limit is" in file_problem(ok, 0)


def test_an_error_naming_a_path_with_a_newline_stays_on_one_line(tmp_path):
    odd = tmp_path / "a\nb"
    r = _cli("passages", "--corpus", str(odd))
    assert r.returncode == 1
    assert len(r.stderr.decode().strip().splitlines()) == 1 and "a\\nb" in r.stderr.decode()


def test_a_long_chain_of_follow_ups_keeps_the_conversation_small(fake_engine):
    conv = fake_engine.new_conversation()
    fake_engine.ask(JURISDICTION, conv)
    for n in range(60):
        fake_engine.ask(f"and what about topic{n} and subject{n} too?", conv)
    assert len(conv.turns) <= MAX_TURNS
    last = conv.turns[-1].reading
    assert len(last.topic.terms) <= MAX_CARRIED_TERMS
    assert len(last.terms.context) <= MAX_CONTEXT_CHARS


# --- the running app -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hard_server(settings, engine, tmp_path_factory):
    """`python app.py` on loopback (SIGTERM at the end); its log, private folder and memory after one answer."""
    log_path = tmp_path_factory.mktemp("hard") / "app.log"
    with load.serve(settings.index_dir, log=log_path) as served:
        from gradio_client import Client

        Client(served.url, verbose=False).predict(question=JURISDICTION, history=[], api_name="/ask")
        home = Path(re.search(r"private folder (\S+) ", log_path.read_text()).group(1))
        yield served, log_path, home, load.rss_mib(served.proc.pid)


def _join(http: httpx.Client, fn: int, data: list, session: str, event_data=None) -> tuple[int, dict | None]:
    """A page event sent as the page sends it: its status and, when queued, its completed message."""
    body = {"data": data, "fn_index": fn, "session_hash": session, "event_data": event_data, "trigger_id": None}
    r = http.post("/gradio_api/queue/join", json=body)
    if r.status_code != 200:
        return r.status_code, r.json()
    with http.stream("GET", f"/gradio_api/queue/data?session_hash={session}") as events:
        for line in events.iter_lines():
            if line.startswith("data:"):
                message = json.loads(line[5:])
                if message.get("msg") == "process_completed":
                    return 200, message
    return 200, None


def test_odd_values_to_every_handler_get_one_error_each_and_the_log_keeps_no_user_text(hard_server):
    served, log_path, _, _ = hard_server
    config = httpx.get(served.url + "config").json()
    odd = [None, 5, True, [1, [2]], {"a": MARK}, MARK, "y" * 5000 + MARK, f"a\x00{MARK}", [[[[MARK]]]]]
    statuses = set()
    with httpx.Client(base_url=served.url, timeout=60) as http:
        for dep in config["dependencies"]:
            n = len(dep["inputs"])
            sends = [[v] * n for v in odd] + [[MARK] * (n + 1)]
            for data in sends:
                status, message = _join(http, dep["id"], data, uuid.uuid4().hex[:10], {"index": MARK})
                statuses.add(status)
                assert status in (200, 400, 429), (dep.get("api_name"), status)
                if status == 400:
                    assert set(message) == {"detail", "error"} and MARK not in message["error"]
        for history in ("[" * 30_000, json.dumps([[[MARK]]]), '"a"', "{"):
            r = http.post("/gradio_api/call/ask", json={"data": [JURISDICTION, history]})
            assert r.status_code in (200, 400)
            if r.status_code == 200:  # its answer read to the end: the next call is not refused as one too many
                http.get(f"/gradio_api/call/ask/{r.json()['event_id']}").raise_for_status()
    from gradio_client import Client

    client = Client(served.url, verbose=False)
    deep = client.predict(question=JURISDICTION, history="[" * 1900 + "]" * 1900, api_name="/ask")
    assert set(deep) == {"error"} and "JSON" in deep["error"]
    assert {200, 400} <= statuses
    text = log_path.read_text()
    assert "Traceback" not in text and MARK not in text
    assert "refused a request to /gradio_api/queue/join: " in text  # one line naming the request


def test_uploads_are_refused_and_no_file_route_serves_an_export(hard_server):
    served, _, home, _ = hard_server
    r = httpx.post(served.url + "gradio_api/upload", files={"files": ("big.bin", b"\0" * (2 << 20))}, timeout=60)
    assert r.status_code == 403
    config = httpx.get(served.url + "config").json()
    respond = next(d for d in config["dependencies"] if d.get("api_name") == "respond")
    export = next(d for d in config["dependencies"] if d.get("api_name") == "export_text")
    session = uuid.uuid4().hex[:10]
    with httpx.Client(base_url=served.url, timeout=60) as http:
        assert _join(http, respond["id"], [JURISDICTION, None, "", "", ""], session)[0] == 200
        status, message = _join(http, export["id"], [None], session)
        assert status == 200 and "## 1. what must Denmark change on jurisdiction?" in message["output"]["data"][0]
        # another page (another session) gets nothing of it
        other = _join(http, export["id"], [None], uuid.uuid4().hex[:10])[1]
        assert other["output"]["data"][0] == ""
    (saved,) = (home / "exports").glob("*/lanzarote-qa-conversation.md")
    for path in (str(saved), f"{home}/exports", str(saved.relative_to(home))):
        r = httpx.get(f"{served.url}gradio_api/file={path}", timeout=30)
        assert r.status_code in (403, 404) and b"jurisdiction" not in r.content
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE(saved.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / "cache").stat().st_mode) == 0o700


def test_a_flood_from_one_client_leaves_another_client_answered(hard_server):
    served, *_ = hard_server
    # The flood sends each request in a session of its own; the normal client asks from 127.0.0.2. Every one of
    # its questions is answered (none refused, none timed out) while the flood is refused. How much slower it is
    # answered during the flood is a speed, which `make bench` measures (a wall-clock ratio asserted here failed
    # whenever other work shared the machine's two cores).
    result = load.flood(served.url, QUESTIONS, slow=100, victim_asks=200)
    assert result["victim_errors"] == []  # never refused
    assert result["flood"]["refused"] > 0 and result["flood"]["answered"] > 0


def test_a_500_turn_chat_keeps_its_response_size_and_the_memory_flat(hard_server):
    served, *_ = hard_server
    result = load.chat_session(served.url, served.proc.pid, QUESTIONS, turns=500, every=50)
    settled = result["sizes"][60:]  # the chat shows its last turns only: flat once it has that many
    assert max(settled) <= 1.05 * min(settled), (min(settled), max(settled))
    memory = dict(result["memory_mib"])
    assert memory[500] <= 1.10 * memory[50], result["memory_mib"]


def test_after_the_load_memory_returns_to_within_15_percent_of_its_value_after_the_first_answer(hard_server):
    served, _, _, first = hard_server
    result = load.drive(served.url, QUESTIONS[:10], sessions=40, per_session=5, timeout=900)
    assert result["answers"] == 200 and result["errors"] == [] and result["mismatches"] == []
    assert load.rss_mib(served.proc.pid) <= 1.15 * first, (first, load.rss_mib(served.proc.pid))


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopping_the_app_removes_its_private_folder(settings, engine, tmp_path, how):
    log_path = tmp_path / "app.log"
    with load.serve(settings.index_dir, log=log_path) as served:
        from gradio_client import Client

        Client(served.url, verbose=False).predict(question=JURISDICTION, history=[], api_name="/ask")
        home = Path(re.search(r"private folder (\S+) ", log_path.read_text()).group(1))
        assert home.is_dir()
        served.proc.send_signal(how)
        served.proc.wait(timeout=60)
    assert not home.exists()
    assert "Traceback" not in log_path.read_text()
