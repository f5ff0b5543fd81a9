"""The evaluation runner's plumbing on the fake engine (its figures come from the real one only)."""

from __future__ import annotations

import argparse
import json

from lanzarote_qa.cli import build_parser
from lanzarote_qa.evaluate import main as evaluate_main

from .conftest import ROOT


def test_eval_json_prints_json_and_writes_nothing(fake_engine, tmp_path, monkeypatch, capsys):
    lines = (ROOT / "eval" / "questions.jsonl").read_text().splitlines()[:4]
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(lines) + "\n")
    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(["eval", "--json", "--questions", str(questions)])
    assert evaluate_main(fake_engine, args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["full"]["counts"]["questions"] == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.jsonl"]


def test_eval_writes_report_and_chart_only_where_told(fake_engine, tmp_path, capsys):
    lines = (ROOT / "eval" / "questions.jsonl").read_text().splitlines()[:4]
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(lines) + "\n")
    args = argparse.Namespace(
        questions=str(questions), json=False, report=str(tmp_path / "r.md"), chart=str(tmp_path / "c.png")
    )
    assert evaluate_main(fake_engine, args) == 0
    assert "| variant |" in (tmp_path / "r.md").read_text()
    assert (tmp_path / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "| variant |" in capsys.readouterr().out
