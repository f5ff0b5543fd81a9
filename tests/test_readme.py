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


def _table_rows(markdown: str) -> dict[str, list[str]]:
    """Variant label -> cells, for every row of the evaluation table in a Markdown text."""
    rows = {}
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) > 5 and cells[0] not in ("variant", "") and "---" not in line:
            rows[cells[0]] = cells[1:]
    return rows


def test_readme_evaluation_figures_are_what_the_code_measures_now(evaluation):
    """Every figure of the README's table but latency is the one `lanzarote-qa eval` measures on this code."""
    from lanzarote_qa.evaluate import TABLE_COLUMNS, table

    results, _ = evaluation
    fresh = _table_rows(table(results))
    documented = {label: cells for label, cells in _table_rows(README).items() if label in fresh}
    assert documented.keys() == fresh.keys()
    keep = [i for i, c in enumerate(TABLE_COLUMNS) if not c.startswith("latency")]  # machine-dependent
    for label, cells in fresh.items():
        assert [documented[label][i] for i in keep] == [cells[i] for i in keep], label
