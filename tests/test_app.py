"""The chat app: `python app.py` served on a free loopback port and asked through its `ask` API."""

from __future__ import annotations

import http.client
import logging
import time
from pathlib import Path
from types import SimpleNamespace

import load  # bench/load.py (pythonpath): starts and drives the app as `make bench` does
import pytest

from lanzarote_qa.cli import _result
from lanzarote_qa.types import Filters

ROOT = Path(__file__).resolve().parents[1]

ARTIFACTS = ROOT / "tests" / "artifacts"
JURISDICTION = "what must Denmark change on jurisdiction?"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(settings, engine, tmp_path_factory):
    """`python app.py` on a free port with the session's index; its first `ask` answer and start-up time."""
    from gradio_client import Client

    log_path = tmp_path_factory.mktemp("app") / "app.log"
    start = time.perf_counter()
    # LANZAROTE_QA_INDEX: built by the `engine` fixture, nothing to rebuild
    with load.serve(settings.index_dir, log=log_path) as served:
        client = Client(served.url, verbose=False)
        first = client.predict(question=JURISDICTION, history=[], api_name="/ask")
        startup = time.perf_counter() - start
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "startup.txt").write_text(f"process start to first ask answered: {startup:.1f} s\n")
        yield SimpleNamespace(
            url=served.url, port=served.port, client=client, first=first, startup=startup, log=log_path
        )


def recs(result: dict) -> set[str]:
    return {r for p in result["passages"] for r in p["recommendations"]}


def test_ask_endpoint_answers_jurisdiction(server):
    result = server.first
    assert {"IV-1", "IV-5", "IV-9"} <= recs(result)
    assert {"question", "answer", "abstained", "passages", "provenance", "timings_ms"} <= result.keys()
    assert result["abstained"] is False
    assert {"wait", "replay", "embed", "search", "total"} == set(result["timings_ms"])  # the wait for a slot too
    assert set(result["passages"][0]) == {
        "id", "text", "chapter", "section", "level", "recommendations", "paragraphs", "footnotes", "score",
    }  # fmt: skip


def test_ask_endpoint_returns_the_cli_json(server, engine):
    result = server.client.predict(question=JURISDICTION, history=[], api_name="/ask")
    cli = _result(engine, JURISDICTION, [], Filters(), None)
    strip = ("timings_ms",)
    assert {k: v for k, v in result.items() if k not in strip} == {k: v for k, v in cli.items() if k not in strip}


def test_ask_endpoint_uses_history_for_follow_ups(server):
    result = server.client.predict(question="and which are only requested?", history=[JURISDICTION], api_name="/ask")
    assert result["passages"], result["answer"]
    assert {p["chapter"] for p in result["passages"]} == {"IV"}
    assert "request" in {p["level"] for p in result["passages"]}


@pytest.mark.parametrize(
    ("question", "history", "says"),
    [
        ("", [], "empty"),
        ("x" * 2001, [], "limit"),
        (JURISDICTION, "not json", "JSON"),
        (JURISDICTION, [1, 2], "list of earlier questions"),
        (JURISDICTION, {"q": "a"}, "list of earlier questions"),
    ],
)
def test_ask_endpoint_rejects_bad_input_with_an_error_object(server, question, history, says):
    result = server.client.predict(question=question, history=history, api_name="/ask")
    assert set(result) == {"error"}
    assert says in result["error"]
    assert "Traceback" not in result["error"]


def test_only_ask_is_a_public_endpoint(server):
    api = server.client.view_api(print_info=False, return_format="dict")
    assert list(api["named_endpoints"]) == ["/ask"]
    assert api["unnamed_endpoints"] == {}


@pytest.mark.parametrize(
    "path",
    [
        "/gradio_api/file=/etc/passwd",
        "/file=../../etc/passwd",
        "/gradio_api/file=../../../../../etc/passwd",
        "/gradio_api/file=..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/gradio_api/file=%2Fetc%2Fpasswd",
        "/gradio_api/file=app.py",
    ],
)
def test_file_route_refuses_paths_outside_the_app(server, path):
    # http.client sends the path as written: urllib and httpx would normalise the dot segments away
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    assert resp.status in (403, 404), (path, resp.status)
    assert b"root:" not in body


def test_serves_loopback_only_and_logs_no_question_text(server):
    log = server.log.read_text()
    assert f"http://127.0.0.1:{server.port}" in log
    assert "0.0.0.0" not in log
    assert "api: " in log  # answers are logged ...
    assert "jurisdiction" not in log.lower()  # ... without what was asked (no --log-queries)


def test_question_text_is_logged_only_when_asked_for(engine, caplog):
    from lanzarote_qa.ui import App

    with caplog.at_level(logging.INFO, logger="lanzarote_qa.ui"):
        App(engine).api_ask(JURISDICTION)
        assert "jurisdiction" not in caplog.text
        App(engine, log_queries=True).api_ask(JURISDICTION)
        assert JURISDICTION in caplog.text


def test_twenty_concurrent_sessions_get_the_single_user_answers(server):
    questions = [
        JURISDICTION, "What does recommendation V-18 say?", "sextortion of kids: what is recommended?",
        "training for judges", "What is the age of consent in Sweden?", "para 228",
        "awareness raising for parents", "research on self-generated images", "helplines for victims",
        "What is Denmark required to do on education?",
    ]  # fmt: skip
    result = load.drive(server.url, questions, sessions=20, per_session=10, timeout=900)
    assert result["answers"] == 200
    assert result["errors"] == [] and result["mismatches"] == []
