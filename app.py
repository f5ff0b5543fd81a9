"""Start the chat app: `python app.py [--host 127.0.0.1] [--port 7860] [--log-queries]`."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Parse the flags, load the engine once, build the app and serve it."""
    parser = argparse.ArgumentParser(description="Serve the lanzarote-qa chat (loopback only unless --host is given).")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    parser.add_argument("--log-queries", action="store_true", help="write question text to the log (off by default)")
    args = parser.parse_args(argv)
    _few_malloc_arenas()
    # Before gradio is imported: no telemetry or version checks, no model downloads.
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))  # runs from a checkout without installing too
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("httpx", "httpcore", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

    from lanzarote_qa.embedding import load_embedder
    from lanzarote_qa.engine import Engine
    from lanzarote_qa.settings import Settings
    from lanzarote_qa.ui import build_app, launch

    # SIGTERM stops the app like Ctrl-C, so its private folder (exports, Gradio's cache) is removed at exit.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    settings = Settings.from_env()
    logging.getLogger("lanzarote_qa.app").info("loading index %s and model %s", settings.index_dir, settings.model)
    engine = Engine.load(settings, load_embedder(settings.model), build=True)
    launch(build_app(engine, log_queries=args.log_queries), host=args.host, port=args.port)
    return 0


def _few_malloc_arenas(arenas: int = 2) -> None:
    """glibc gives each busy thread its own heap; with a server's thread pool those heaps hold freed memory
    long after a burst of requests. Two heaps keep the process near its size after the first answer."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if sys.platform.startswith("linux") and name:
        ctypes.CDLL(name).mallopt(-8, arenas)  # -8: M_ARENA_MAX


if __name__ == "__main__":
    sys.exit(main())
