"""The `lanzarote-qa` command line: argument wiring only; heavy imports inside commands."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from . import __version__
from .settings import Settings
from .types import LEVELS, Filters


class UserError(Exception):
    """A problem the user can fix; printed as one line."""


def _settings(args: argparse.Namespace) -> Settings:
    """Settings from defaults, environment and flags."""
    return Settings.from_env(
        corpus_dir=getattr(args, "corpus", None),
        index_dir=getattr(args, "index", None),
        model=getattr(args, "model", None),
    )


def cmd_passages(args: argparse.Namespace) -> int:
    """Print the parsed passages: a summary, or one JSON object per line."""
    from .chunking import build_corpus_passages
    from .corpus import load_corpus
    from .embedding import max_seq_length, token_counter
    from .overview import summary

    settings = _settings(args)
    docs = load_corpus(settings.corpus_dir)
    count = token_counter(settings.model)
    passages = build_corpus_passages(docs, count, min(settings.max_tokens, max_seq_length(settings.model)))
    if args.json:
        for p in passages:
            print(json.dumps(p.to_json(), ensure_ascii=False))
    else:
        print(summary(docs, passages, count))
    return 0


MAX_QUESTION_CHARS = 2000
SECTION_HELP = "denmark (the country's own section), generic, practice or intro"


def check_question(text: object, what: str = "the question") -> str:
    """A usable question, or a UsageError saying what is wrong with it (`what`: how to name it)."""
    if not isinstance(text, str):
        raise UsageError(f"{what} must be text")
    if len(text) > 4 * MAX_QUESTION_CHARS:  # refuse before cleaning: a huge text costs time to clean
        raise UsageError(f"{what} is {len(text):,} characters; the limit is {MAX_QUESTION_CHARS:,}")
    cleaned = "".join(ch if ch.isprintable() and not 0xD800 <= ord(ch) <= 0xDFFF else " " for ch in text).strip()
    if not cleaned:
        raise UsageError(f"{what} is empty")
    if len(cleaned) > MAX_QUESTION_CHARS:
        raise UsageError(f"{what} is {len(cleaned):,} characters; the limit is {MAX_QUESTION_CHARS:,}")
    if not any(ch.isalnum() for ch in cleaned):
        raise UsageError(f"{what} has no words")
    return " ".join(cleaned.split())


# A follow-up needs the last turns only: more history costs time and says nothing more.
MAX_HISTORY = 4
MAX_HISTORY_ITEMS = 50


def check_history(history: object) -> list[str]:
    """`history` must be a list of earlier questions (strings); only the last MAX_HISTORY are read."""
    if history is None:
        return []
    if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        raise UsageError("history must be a list of earlier questions (strings)")
    if len(history) > MAX_HISTORY_ITEMS:
        raise UsageError(f"history has {len(history):,} items; the limit is {MAX_HISTORY_ITEMS}")
    start = max(0, len(history) - MAX_HISTORY)
    return [
        check_question(h, f"history item {start + n + 1}") for n, h in enumerate(history[-MAX_HISTORY:]) if h.strip()
    ]


class UsageError(UserError):
    """Bad input: exit code 2."""


def _filters(args: argparse.Namespace, engine) -> Filters:
    """The --chapter/--section/--level flags; the country's section is named by the loaded factsheets."""
    documents = tuple(d.slug for d in engine.index.documents)
    try:
        return Filters.of(args.chapter, args.section, args.level, documents)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _engine(args: argparse.Namespace, build: bool = False):
    from .embedding import load_embedder
    from .engine import Engine

    settings = _settings(args)
    return Engine.load(settings, load_embedder(settings.model), build=build)


def _answer(engine, question: str, history: list[str], filters: Filters, k: int | None, budget: int | None = None):
    """The answer to a question after its history, and the timings (the history's replay included)."""
    return engine.ask_after(history, question, filters, k, budget)


def _result(
    engine, question: str, history: list[str], filters: Filters, k: int | None, budget: int | None = None
) -> dict:
    from .answer import to_json

    answer, timings = _answer(engine, question, history, filters, k, budget)
    return {**to_json(answer), "timings_ms": timings}


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question (or JSON lines on stdin)."""
    if args.jsonl:
        engine = _engine(args)
        filters = _filters(args, engine)
        # bytes, not text: a line that is not UTF-8 is that line's error, not the end of the run
        for n, raw in enumerate(_lines(sys.stdin.buffer, MAX_LINE_BYTES), start=1):
            if raw is not None and not raw.strip():
                continue
            result = _jsonl_line(engine, raw, n, filters, args.top_k, args.budget)
            print(_dumps(result), flush=True)
        return 0
    if not args.question:
        raise UsageError("give a question, or --jsonl to read JSON lines on stdin")
    question = check_question(" ".join(args.question))
    engine = _engine(args)
    filters = _filters(args, engine)
    from .answer import explain, to_json

    answer, timings = _answer(engine, question, [], filters, args.top_k, args.budget)
    if args.json:
        print(json.dumps({**to_json(answer), "timings_ms": timings}, ensure_ascii=False))
        return 0
    if args.explain:
        print(explain(answer) + "\n")
    show(answer, args.format)
    prov = answer.provenance
    print(f"\n[{prov['edition']} · index {prov['index']} · model {prov['model']}]")
    return 0


def show(answer, form: str) -> None:
    """Print an answer: Markdown as is, rendered for a terminal (rich), or plain text when not a terminal."""
    from .answer import render_markdown
    from .render import plain_text

    if form == "markdown":
        print(render_markdown(answer), flush=True)
    elif form == "terminal" or (form == "auto" and sys.stdout.isatty()):
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(render_markdown(answer)))
    else:
        print(plain_text(answer), flush=True)


MAX_LINE_BYTES = 256_000


def _lines(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """Lines of a byte stream; None for a line over `limit` bytes (read past, never held whole)."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = stream.readline(limit)
        yield None


def _jsonl_line(engine, raw: bytes | None, n: int, filters: Filters, k: int | None, budget: int | None = None) -> dict:
    """One JSON line answered, or an error object for that line alone, whatever the line holds."""
    ident: object = None
    try:
        if raw is None or len(raw) > MAX_LINE_BYTES:
            raise UsageError(f"line {n} is over {MAX_LINE_BYTES:,} bytes")
        try:
            item = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise UsageError(f"line {n} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
        except json.JSONDecodeError as exc:
            raise UsageError(f"line {n} is not valid JSON ({exc.msg})") from None
        except (ValueError, RecursionError):  # an integer of thousands of digits; nesting too deep to read
            raise UsageError(f"line {n} is not valid JSON (a value too large or nested too deep)") from None
        if not isinstance(item, dict):
            raise UsageError("each line must be a JSON object")
        ident = _id(item.get("id"))
        question = check_question(item.get("question"))
        history = check_history(item.get("history"))
        return {"id": ident, **_result(engine, question, history, filters, k, budget)}
    except UserError as exc:
        return {"id": ident, "line": n, "error": str(exc)}


def _id(value: object) -> object:
    """A line's id as given when it is a string or number (a string made printable), else a UserError."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")[:200]  # a lone surrogate cannot be printed
    if value is None or isinstance(value, bool | int) or (isinstance(value, float) and math.isfinite(value)):
        return value
    raise UsageError("the id must be a string or a number")


def _dumps(result: dict) -> str:
    """A result as one JSON line; anything unprintable escaped rather than failing the run."""
    try:
        return json.dumps(result, ensure_ascii=False).encode("utf-8").decode("utf-8")
    except (UnicodeError, ValueError):
        return json.dumps(result, ensure_ascii=True, default=str)


def one_line(message: object) -> str:
    """A message on one line: a path with a newline in it cannot split an error in two."""
    return str(message).replace("\r", "\\r").replace("\n", "\\n")


def cmd_index(args: argparse.Namespace) -> int:
    """Build the index, or refresh it when stale."""
    from .embedding import load_embedder
    from .index import build_index, index_status

    settings = _settings(args)
    _, reasons, _ = index_status(settings) if not args.force else (None, ["--force"], None)
    if not reasons:
        print(f"index in {settings.index_dir} is up to date")
        return 0
    print(f"building index in {settings.index_dir} ({reasons[0]})", file=sys.stderr)
    manifest = build_index(settings, load_embedder(settings.model), progress=not args.quiet)
    print(
        f"index {manifest['build_id']}: {manifest['passages']} passages, dimension {manifest['dimension']}, "
        f"{manifest['build_seconds']} s"
    )
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    """An interactive loop: follow-ups use the earlier questions; /new starts afresh, /quit ends."""
    engine = _engine(args)
    conversation = engine.new_conversation()
    filters = _filters(args, engine)
    print("Ask about the factsheet. Follow-ups keep the topic. /new starts afresh, /quit ends.", flush=True)
    while True:
        try:
            line = input("> ")
        except EOFError:
            return 0
        if line.strip() in ("/quit", "/exit"):
            return 0
        if line.strip() == "/new":
            conversation.reset()
            print("(new conversation)", flush=True)
            continue
        try:
            question = check_question(line)
        except UsageError as exc:
            print(f"({exc})", flush=True)
            continue
        answer, _ = engine.ask(question, conversation, filters, args.top_k)
        show(answer, args.format)
        print(flush=True)


def cmd_eval(args: argparse.Namespace) -> int:
    """Score the evaluation questions for the full system and its ablations."""
    from .evaluate import main as evaluate

    return evaluate(_engine(args), args)


def cmd_calibrate(args: argparse.Namespace) -> int:
    """Choose the abstention thresholds on the evaluation set, reproducibly."""
    from .calibrate import calibrate

    return calibrate(_engine(args), args)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="lanzarote-qa",
        description="Ask the Lanzarote Committee's factsheet; answers cite recommendations and report paragraphs.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--corpus", help="folder of factsheet .txt files (env LANZAROTE_QA_CORPUS; default corpus/)")
    common.add_argument(
        "--model",
        help="sentence-transformers model name or path (env LANZAROTE_QA_MODEL; default: bundled all-MiniLM-L6-v2)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    common.add_argument("--index", help="index folder (env LANZAROTE_QA_INDEX; default index/)")
    p = sub.add_parser("passages", parents=[common], help="print the parsed passages")
    p.add_argument("--json", action="store_true", help="one passage per line as JSON")
    p.set_defaults(func=cmd_passages)

    p = sub.add_parser("index", parents=[common], help="build the index, or refresh it when stale")
    p.add_argument("--force", action="store_true", help="rebuild even when up to date")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_index)

    filters = argparse.ArgumentParser(add_help=False)
    filters.add_argument("--top-k", type=int, default=None, help="passages to show (default 5)")
    filters.add_argument("--chapter", help="only this chapter (Roman numeral, e.g. IV)")
    filters.add_argument("--section", help=f"only this section: {SECTION_HELP}")
    filters.add_argument("--level", choices=[lv.value for lv in LEVELS], help="only this obligation level")
    filters.add_argument(
        "--format",
        choices=["auto", "terminal", "text", "markdown"],
        default="auto",
        help="how to print answers: rendered for a terminal, plain text, or Markdown (default: terminal if a TTY)",
    )

    p = sub.add_parser("ask", parents=[common, filters], help="answer a question with cited passages")
    p.add_argument("question", nargs="*", help="the question")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print one JSON object")
    out.add_argument("--jsonl", action="store_true", help="read JSON lines {id, question, history} on stdin")
    p.add_argument("--explain", action="store_true", help="print the query plan and why (which words did what)")
    p.add_argument(
        "--budget",
        type=int,
        metavar="TOKENS",
        help="for API use: passages in rank order until TOKENS (cl100k) are filled, instead of what a person reads",
    )
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", parents=[common, filters], help="interactive conversation")
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("eval", parents=[common], help="score eval/questions.jsonl: full system and ablations")
    p.add_argument("--questions", default="eval/questions.jsonl", help="questions file (JSON lines)")
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    p.add_argument("--report", default="", help="also write the Markdown report there (e.g. eval/report.md)")
    p.add_argument("--chart", default="", help="also write the bar chart there (e.g. eval/variants.png)")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("calibrate", parents=[common], help="choose abstention thresholds on the evaluation set")
    p.add_argument("--questions", default="eval/questions.jsonl", help="questions file (JSON lines)")
    p.add_argument("--write", default="eval/calibration.json", help="where to write the chosen thresholds")
    p.set_defaults(func=cmd_calibrate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: errors print one line and exit non-zero, never a traceback."""
    from .corpus import CorpusError
    from .embedding import ModelError
    from .index import IndexError_

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if getattr(args, "top_k", None) is not None and not 1 <= args.top_k <= 50:
            raise UsageError("--top-k must be between 1 and 50")
        if getattr(args, "budget", None) is not None and not 1 <= args.budget <= 100_000:
            raise UsageError("--budget must be between 1 and 100,000 tokens")
        return args.func(args)
    except BrokenPipeError:
        return 0
    except UsageError as exc:
        print(f"lanzarote-qa: error: {one_line(exc)}", file=sys.stderr)
        return 2
    except (UserError, CorpusError, ModelError, IndexError_, OSError) as exc:
        print(f"lanzarote-qa: error: {one_line(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("lanzarote-qa: interrupted", file=sys.stderr)
        return 130
