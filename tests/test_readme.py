"""The README cannot go stale: its commands parse, its make targets exist, its table is the report's."""

from __future__ import annotations

import re
import shlex

from lanzarote_qa.cli import build_parser

from .conftest import ROOT

README = (ROOT / "README.md").read_text()


def _code_lines() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    return [ln.split("#")[0].strip() for b in blocks for ln in b.splitlines() if ln.split("#")[0].strip()]


def test_every_documented_command_parses():
    parser = build_parser()
    commands = [ln for ln in _code_lines() if ln.startswith("lanzarote-qa ")]
    assert {c.split()[1] for c in commands} >= {"passages", "index", "ask", "chat", "eval", "calibrate"}
    for line in commands:
        argv = [a.strip("[]") for a in shlex.split(line.split("<")[0])[1:]]  # optional parts written [--flag]
        parser.parse_args(argv)


def test_documented_make_targets_exist():
    makefile = (ROOT / "Makefile").read_text()
    for line in _code_lines():
        if line.startswith("make "):
            assert re.search(rf"^{line.split()[1]}:", makefile, flags=re.M), line


def test_evaluation_table_is_the_reports():
    report = (ROOT / "eval" / "report.md").read_text()
    table = [ln for ln in report.splitlines() if ln.startswith("|") and "variant" not in ln and "---" not in ln]
    rows = [r for r in table if "BM25" in r or "dense" in r or "hybrid" in r or "full system" in r]
    assert rows
    for row in rows:
        assert row in README, row
