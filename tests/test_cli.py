"""The command line: JSON contracts, JSON lines, errors, and light imports."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT


def _run(*args, stdin=None, index=None):
    cmd = [sys.executable, "-m", "lanzarote_qa", *args]
    if index is not None:
        cmd += ["--index", str(index)]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, input=stdin, timeout=300)


PASSAGE_KEYS = {"id", "text", "chapter", "section", "level", "recommendations", "paragraphs", "footnotes", "score"}


def test_ask_json_contract(settings, engine):
    r = _run("ask", "--json", "what must Denmark change on jurisdiction?", index=settings.index_dir)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert {"question", "answer", "abstained", "passages", "timings_ms"} <= set(out)
    assert set(out["timings_ms"]) == {"replay", "embed", "search", "total"}
    assert all(set(p) >= PASSAGE_KEYS for p in out["passages"])
    assert {r for p in out["passages"] for r in p["recommendations"]} == {"IV-1", "IV-5", "IV-9"}


def test_ask_explain_prints_the_plan_and_json_carries_it(settings, engine):
    r = _run(
        "ask", "--explain", "which research recommendations are invitations, not requests?", index=settings.index_dir
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("plan: list") and "excludes request level" in r.stdout
    assert "**" not in r.stdout.split("reasons:")[0]
    out = json.loads(_run("ask", "--json", "rec iv 5", index=settings.index_dir).stdout)
    assert out["plan"]["kind"] == "lookup" and out["plan"]["ids"] == ["IV-5"]


def test_ask_jsonl_answers_each_line_and_reports_a_bad_one(settings, engine):
    lines = "\n".join(
        [
            json.dumps({"id": "a", "question": "what must Denmark change on jurisdiction?", "history": []}),
            "{not json",
            json.dumps(
                {
                    "id": "c",
                    "question": "and which of those are only requests?",
                    "history": ["what must Denmark change on jurisdiction?"],
                }
            ),
            json.dumps({"id": "d", "question": "x", "history": "not a list"}),
        ]
    )
    r = _run("ask", "--jsonl", stdin=lines, index=settings.index_dir)
    assert r.returncode == 0, r.stderr
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["a", None, "c", "d"]
    assert "error" in out[1] and "line 2" in out[1]["error"]
    assert {x for p in out[2]["passages"] for x in p["recommendations"]} == {"IV-1", "IV-9"}
    assert "history" in out[3]["error"]


def test_usage_errors_exit_2_with_one_line(settings):
    for args in (["ask", "   "], ["ask", "x" * 3000], ["ask", "--top-k", "0", "q"]):
        r = _run(*args, index=settings.index_dir)
        assert r.returncode == 2, (args, r.stderr)
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_help_and_passages_import_no_torch():
    code = (
        "import sys; from lanzarote_qa.cli import main; main(['passages']); "
        "assert 'torch' not in sys.modules and 'faiss' not in sys.modules, 'heavy import'"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "74/74 recommendation ids placed" in r.stdout
    r = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from lanzarote_qa.cli import build_parser; build_parser(); assert 'torch' not in sys.modules",
        ],
        capture_output=True,
        cwd=ROOT,
    )
    assert r.returncode == 0


def test_passages_json_has_design_fields():
    r = _run("passages", "--json")
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert {
        "id",
        "chapter",
        "chapter_title",
        "section",
        "level",
        "text",
        "recommendations",
        "paragraphs",
        "footnotes",
        "lines",
    } <= set(rows[0])
    assert len({row["id"] for row in rows}) == len(rows)


def test_environment_settings_hold_unless_a_flag_is_given(monkeypatch):
    from lanzarote_qa.cli import _settings, build_parser

    monkeypatch.setenv("LANZAROTE_QA_INDEX", "/somewhere/index")
    monkeypatch.setenv("LANZAROTE_QA_CORPUS", "/somewhere/corpus")
    plain = _settings(build_parser().parse_args(["index"]))
    assert (str(plain.index_dir), str(plain.corpus_dir)) == ("/somewhere/index", "/somewhere/corpus")
    flagged = _settings(build_parser().parse_args(["index", "--index", "/elsewhere"]))
    assert str(flagged.index_dir) == "/elsewhere" and str(flagged.corpus_dir) == "/somewhere/corpus"
