"""The `lanzarote-qa` command line: argument wiring only; heavy imports inside commands."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from . import __version__
from .settings import Settings


class UserError(Exception):
    """A problem the user can fix; printed as one line."""


def _settings(args: argparse.Namespace) -> Settings:
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
    p = sub.add_parser("passages", parents=[common], help="print the parsed passages")
    p.add_argument("--json", action="store_true", help="one passage per line as JSON")
    p.set_defaults(func=cmd_passages)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: errors print one line and exit non-zero, never a traceback."""
    from .corpus import CorpusError
    from .embedding import ModelError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0
    except (UserError, CorpusError, ModelError, OSError) as exc:
        print(f"lanzarote-qa: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("lanzarote-qa: interrupted", file=sys.stderr)
        return 130
