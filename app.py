"""Start the chat app: `python app.py [--host 127.0.0.1] [--port 7860] [--log-queries]`."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Parse the flags, load the engine once, build the app and serve it."""
    parser = argparse.ArgumentParser(description="Serve the lanzarote-qa chat (loopback only unless --host is given).")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    parser.add_argument("--log-queries", action="store_true", help="write question text to the log (off by default)")
    args = parser.parse_args(argv)
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

    settings = Settings.from_env()
    logging.getLogger("lanzarote_qa.app").info("loading index %s and model %s", settings.index_dir, settings.model)
    engine = Engine.load(settings, load_embedder(settings.model), build=True)
    launch(build_app(engine, log_queries=args.log_queries), host=args.host, port=args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
