"""The Gradio chat app: cited answers whose citations open in place, and a Browse tab of every passage."""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import json
import logging
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from .answer import Answer, to_json
from .cli import MAX_QUESTION_CHARS, UsageError, check_history, check_question
from .embedding import share_cores
from .engine import Chat, Engine
from .fairness import Admission, Busy, FairGate, RateLimit
from .guard import ADMITTED_HEADER, Call, Guard, Rules, admitted_keys
from .render import (
    BROWSE_HEADERS,
    HINT,
    LEVELS,
    answer_markdown,
    browse,
    export_header,
    export_turn,
    in_place_html,
    literal,
)
from .types import Filters
from .ui_assets import CSS, PAGE_JS, SAVE_EXPORT_JS, SCROLL_TO_CITED_JS, SHOW_ANSWER_START_JS

log = logging.getLogger(__name__)

EXAMPLES = [
    "what must Denmark change on jurisdiction?",
    "Everything Denmark is required to do",
    "Does Denmark have to put a definition of CSAM into its law?",
    "What does recommendation V-18 say?",
    "sextortion rules?",
    "How many cases did the Danish police investigate?",
]
# System fonts only: the default theme's fonts would be one more thing to serve, and nothing may come from outside.
THEME = gr.themes.Default(
    font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
    font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
)
# The chat shows this many latest turns (all of them are in the export); a session stays this small.
MAX_SHOWN_TURNS = 20
MAX_FIELD_CHARS = 4000  # no control of the page sends more
# Gradio's own temporary files expire: checked every 5 minutes, removed after 15.
CACHE_EXPIRY = (300, 900)
EXPORT_NAME = "lanzarote-qa-conversation.md"
# Threads the server keeps beyond one per admitted engine call, for the page's cheap calls.
CHEAP_THREADS = 40


@dataclass
class ChatSession:
    """One browser tab's conversation and the file its export grows in (kept across its questions)."""

    conversation: Chat
    export: Path | None = None
    asked: int = 0
    shown: deque = field(default_factory=lambda: deque(maxlen=2 * MAX_SHOWN_TURNS))


class App:
    """The loaded engine plus the event handlers of one running app."""

    def __init__(self, engine: Engine, home: Path | None = None, log_queries: bool = False):
        self.engine, self.log_queries = engine, log_queries
        self.home = home or private_home()
        self.passages = engine.index.passages
        self.positions = {p.id: i for i, p in enumerate(self.passages)}
        self.documents = tuple(d.slug for d in engine.index.documents)
        docs = engine.index.documents
        self.section_names = (*((d.slug, f"{d.country}-specific") for d in docs), ("generic", "generic"))
        self.countries = [(d.country, d.slug) for d in docs]
        # Exports hold the questions: each session's in its own unguessable folder inside the app's private one.
        self.exports = self.home / "exports"
        self.exports.mkdir(mode=0o700, exist_ok=True)
        self.admission = Admission()
        self.gate = FairGate(on_idle=release_free_memory)
        # The engine runs on threads of its own, one per slot: each thread that runs the model keeps its own
        # buffers, and Gradio's pool has a hundred threads that would each grow some.
        self.workers = ThreadPoolExecutor(self.gate.slots, thread_name_prefix="engine")
        self.rate = RateLimit()
        self.fns: dict[int, Any] = {}  # Gradio's functions by index, set once the page is built

    # --- answering ---------------------------------------------------------------------------------------

    def api_ask(self, question: object, history: object = None, request: gr.Request | None = None) -> dict:
        """The `ask --json` object plus timings, or {"error": ...} for any bad input."""
        try:
            return self._api_ask(question, history, _session(request))
        finally:
            self._leave(request)

    def _leave(self, request: gr.Request | None) -> None:
        keys = _admitted(request)
        if keys is not None:
            self.admission.leave(*keys)

    def _api_ask(self, question: object, history: object, session: tuple[str, str]) -> dict:
        try:
            q = check_question(question)
            if isinstance(history, str):
                history = json.loads(history) if history.strip() else []
            earlier = check_history(history)
        except json.JSONDecodeError as exc:
            return {"error": f"history is not valid JSON ({exc.msg})"}
        except RecursionError:
            return {"error": "history is not valid JSON (nested too deep)"}
        except (UsageError, ValueError) as exc:
            return {"error": str(exc)}
        done = self._ask("api", session, q, earlier, None, Filters())
        if isinstance(done, str):
            return {"error": done}
        return {**to_json(done[0]), "timings_ms": done[1]}

    def _ask(
        self,
        where: str,
        session: tuple[str, str],
        question: str,
        history: list[str],
        conv: Chat | None,
        filters: Filters,
    ) -> tuple[Answer, dict] | str:
        """engine.ask in the session's turn, logged; an error message when it fails or the server is busy
        (logged without the exception's message, which may quote input)."""
        t0 = time.perf_counter()
        try:
            with self.gate.slot(*session):
                waited = round((time.perf_counter() - t0) * 1000, 2)
                if conv is None:
                    work = self.workers.submit(self.engine.ask_after, history, question, filters)
                else:
                    work = self.workers.submit(self.engine.ask, question, conv, filters)
                answer, timings = work.result()
        except Busy as exc:
            log.warning("%s: refused: %s", where, exc)
            return str(exc)
        except Exception as exc:
            log.error("%s: %s while answering%s", where, type(exc).__name__, self._said(question, exc))
            return "internal error while answering"
        log.info("%s: %d passages, abstained=%s, %.0f ms%s", where, len(answer.hits), answer.abstained,
                 timings["total"], self._said(question))  # fmt: skip
        return answer, {"wait": waited, **timings}  # waiting for an engine slot is not in the engine's total

    def _said(self, question: str, exc: Exception | None = None) -> str:
        if not self.log_queries:
            return ""
        return f" question={question!r}" + (f" error={exc}" if exc else "")

    def respond(
        self,
        message: object,
        state: ChatSession | None,
        chapter: object,
        section: object,
        level: object,
        request: gr.Request | None = None,
    ):
        """Chat turn: the box emptied, the chat with the new answer, the session and the export button."""
        try:
            return self._respond(message, state, chapter, section, level, _session(request))
        except Exception as exc:  # a bug must not show its traceback, nor log what was asked
            log.error("chat: %s%s", type(exc).__name__, self._said(str(message)[:200], exc))
            gr.Warning("The question was not answered: internal error.")
            return gr.skip(), gr.skip(), state, gr.skip()
        finally:
            self._leave(request)

    def _respond(self, message, state, chapter, section, level, session: tuple[str, str]):
        unchanged = (gr.skip(), gr.skip(), state, gr.skip())
        try:
            question = check_question(message)
            filters = Filters.of(_text(chapter, 40), _text(section, 40), _text(level, 40), self.documents)
        except (UsageError, ValueError) as exc:
            gr.Warning(str(exc).capitalize())
            return unchanged
        if not isinstance(state, ChatSession):
            state = ChatSession(self.engine.new_conversation())
        done = self._ask("chat", session, question, [], state.conversation, filters)
        if isinstance(done, str):
            gr.Warning(f"The question was not answered: {done}.")
            return unchanged
        answer = done[0]
        state.asked += 1
        state.shown.extend(
            [
                {"role": "user", "content": literal(question)},
                {"role": "assistant", "content": answer_markdown(answer, self.positions)},
            ]
        )
        self._export(state, question, answer)
        return "", list(state.shown), state, gr.Button(interactive=True)

    def _export(self, state: ChatSession, question: str, answer: Answer) -> None:
        """Append the turn to the session's export (begun with its header on the first turn)."""
        if state.export is None:
            folder = self.exports / secrets.token_urlsafe(16)
            folder.mkdir(mode=0o700)
            state.export = folder / EXPORT_NAME
            when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
            _append(state.export, export_header(self.engine.index.documents, answer.provenance, when))
        _append(state.export, export_turn(state.asked, question, answer, self.engine.index.documents))

    def export_text(self, state: ChatSession | None) -> str:
        """The session's export, sent to its own page only (the page saves it; no file route serves it)."""
        if not isinstance(state, ChatSession) or state.export is None or not state.export.is_file():
            gr.Warning("Nothing to export yet.")
            return ""
        return state.export.read_text(encoding="utf-8").rstrip() + "\n"

    def forget(self, state: ChatSession | None) -> tuple:
        """New conversation: the export of the old one is deleted; the page is emptied."""
        if isinstance(state, ChatSession) and state.export is not None:
            shutil.rmtree(state.export.parent, ignore_errors=True)
        return reset()

    # --- in place, filters, browse -----------------------------------------------------------------------

    def open_cited(self, target: object) -> str:
        """The in-place view of the passage a citation link points at ('17@<click time>': position 17)."""
        position = _text(target, 40).split("@", 1)[0]
        if not position.isdigit() or int(position) >= len(self.passages):
            return HINT
        return self.show(self.passages[int(position)].id)

    def show(self, passage_id: str | None) -> str:
        """The in-place view of a passage, or the hint."""
        return in_place_html(passage_id or "", self.passages, self.engine.index.documents)

    def chip(self, chapter: object, section: object, level: object):
        """The filter chip: what is on, with a clear button; hidden when nothing is."""
        chapter, section, level = (_text(v, 40) for v in (chapter, section, level))
        names = {"section": dict(self.section_names), "level": {k.value: v for k, v in LEVELS.items()}}
        shown = [
            f"Chapter {chapter}" if chapter else "",
            names["section"].get(section, section) if section else "",
            names["level"].get(level, level) if level else "",
        ]
        on = [f"<span class='chip'>{literal(v)}</span>" for v in shown if v]
        text = f"<b>Filters on:</b> {' '.join(on)}" if on else ""
        return gr.HTML(text, visible=bool(on)), gr.Button(visible=bool(on))

    def browse(self, search: object, chapter: object, section: object, level: object, country: object = ""):
        """Browse rows, their passage ids (to open a selected row) and the line above the table."""
        chosen = (_text(chapter, 40), _text(section, 40), _text(level, 40))
        view = browse(self.passages, _text(search, MAX_SEARCH_CHARS), *chosen, document=_text(country, 80))
        return gr.Dataframe(value=view.rows, headers=BROWSE_HEADERS), view.ids, view.status

    def pick(self, ids: list[str], evt: gr.EventData) -> str:
        """The selected Browse row's passage in place."""
        data = getattr(evt, "_data", None)
        index = data.get("index") if isinstance(data, dict) else None
        row = index[0] if isinstance(index, list) and index else index
        if isinstance(ids, list) and isinstance(row, int) and 0 <= row < len(ids):
            return self.show(ids[row])
        return self.show(None)

    # --- the front door ----------------------------------------------------------------------------------

    def is_engine(self, call: Call) -> bool:
        """Whether a call runs the engine (the chat's answer or the `ask` API)."""
        fn = self._fn(call)
        return fn is not None and (fn.api_name == "ask" or getattr(fn.fn, "__name__", "") == "respond")

    def check(self, call: Call) -> str | None:
        """Why a call's values cannot come from this app's page or API, or None (checked before Gradio sees them)."""
        fn = self._fn(call)
        if fn is None or fn.fn is None:  # a page-only (JavaScript) step has nothing to run here
            return "no such function"
        if fn.api_name == "ask":
            values = [call.named.get("question"), call.named.get("history")] if call.named is not None else call.data
            if values is None or len(values) > 2 or (call.named is not None and set(call.named) - ASK_KEYS):
                return "ask takes a question and a history"
            # wrong types are the handler's to answer, with an error object like any other bad input
            question, history = [*values, None, None][:2]
            values = [question, *(history if isinstance(history, list) else [history])]
        elif call.data is None or len(call.data) != len(fn.inputs):
            return f"this function takes {len(fn.inputs)} values"
        else:
            values = call.data
            for component, value in zip(fn.inputs, values, strict=True):
                problem = _value_problem(component, value)
                if problem:
                    return problem
        if any(isinstance(v, str) and len(v) > MAX_FIELD_CHARS for v in values):
            return f"a value is over {MAX_FIELD_CHARS:,} characters"
        return None

    def _fn(self, call: Call):
        if call.api_name is not None:
            return next((f for f in self.fns.values() if f.api_name == call.api_name), None)
        return self.fns.get(call.fn_index) if call.fn_index is not None else None


ASK_KEYS = {"question", "history", "oauth_token"}
MAX_SEARCH_CHARS = 200


def _value_problem(component: object, value: object) -> str | None:
    """Why a value cannot be one the page's control sends, or None."""
    if value is None or isinstance(component, gr.State):
        return None  # a session's state lives on the server: what a client sends for it is not read
    if isinstance(component, gr.Dropdown):
        allowed = {v for _, v in component.choices}
        ok = isinstance(value, str | int | float) and value in allowed
        return None if ok else "a filter value is not one of its choices"
    if isinstance(component, gr.Textbox):
        return None if isinstance(value, str) else "a text field holds something else"
    return None


def release_free_memory() -> None:
    """Hand memory freed by a burst of answers back to the system (glibc keeps it otherwise); Linux only."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _libc():
    name = ctypes.util.find_library("c") if sys.platform.startswith("linux") else None
    return ctypes.CDLL(name) if name else None


_LIBC = _libc()


def private_home() -> Path:
    """A folder only this user can read (0700), removed when the process exits."""
    home = Path(tempfile.mkdtemp(prefix="lanzarote-qa-"))
    atexit.register(shutil.rmtree, home, ignore_errors=True)
    return home


def _admitted(request: gr.Request | None) -> tuple[str, str] | None:
    """The keys the front door counted this call in under, if it did."""
    headers = getattr(request, "headers", None)
    return admitted_keys(headers.get(ADMITTED_HEADER)) if headers is not None else None


def _session(request: gr.Request | None) -> tuple[str, str]:
    """The session a call runs in and its client's address: as the front door counted them, else the page's."""
    keys = _admitted(request)
    if keys is not None:
        return keys  # a /call request has no page session: Gradio names it after the event, one per call
    client = str(getattr(getattr(request, "client", None), "host", "?"))
    session = getattr(request, "session_hash", None)
    return (str(session) if session else f"client:{client}"), client


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)


def _text(value: object, limit: int) -> str:
    """A short text from a control's value: anything else is empty; longer is cut."""
    return value[:limit] if isinstance(value, str) else ""


def reset() -> tuple:
    """Outputs of a new conversation: empty box, chat and session; the hint in place; nothing to export."""
    return "", [], None, HINT, gr.Button(interactive=False)


def build_app(engine: Engine, log_queries: bool = False) -> gr.Blocks:
    """The Blocks app around an already loaded engine; its files live in a private folder removed at exit."""
    app = App(engine, log_queries=log_queries)
    # Gradio's own temporary files go there too (it reads this when a page is built and when it serves files).
    (app.home / "cache").mkdir(mode=0o700)
    os.environ["GRADIO_TEMP_DIR"] = str(app.home / "cache")
    log.info("private folder %s (exports, Gradio's cache): removed at exit", app.home)
    passages = engine.index.passages
    engine.embedder.encode(["warm-up"])  # the first real question should not pay for lazy model set-up
    chapters = [("any", ""), *dict.fromkeys((f"{p.chapter} – {p.chapter_title}", p.chapter) for p in passages)]
    docs = engine.index.documents
    sections = [("any", ""), *((label, value) for value, label in app.section_names)]
    countries = " and ".join(d.country for d in docs)
    plural = "s" if len(docs) > 1 else ""
    editions = "; ".join(f"{d.country}: " * bool(plural) + f"last update {d.edition}" for d in docs)
    browse_sections = [*sections, ("promising practice", "practice"), ("introduction", "intro")]
    levels = [("any", "")] + [(v, k.value) for k, v in LEVELS.items()]
    first = browse(passages)
    with gr.Blocks(title="Lanzarote factsheet Q&A", analytics_enabled=False, delete_cache=CACHE_EXPIRY) as blocks:
        gr.Markdown(
            f"## Ask the Lanzarote Committee's factsheet{plural} on {countries}\nAnswers are passages of the "
            f"factsheet{plural} ({editions}), best first, each with the recommendation and report "
            "paragraph it cites: select a citation to read the passage in its section, with its footnotes."
        )
        session = gr.State(None)
        with gr.Tab("Ask"), gr.Row():
            with gr.Column(scale=3):
                with gr.Row():
                    chip = gr.HTML("", visible=False, elem_id="filter-chip")
                    clear = gr.Button("Clear filters", visible=False, size="sm", elem_id="clear-filters")
                chat = gr.Chatbot(label="Conversation", height="66vh", elem_id="chat", autoscroll=False)
                with gr.Row():
                    box = gr.Textbox(
                        placeholder="Ask about the factsheet…", show_label=False, scale=5, elem_id="question",
                        max_lines=4, max_length=MAX_QUESTION_CHARS,
                    )  # fmt: skip
                    send = gr.Button("Ask", variant="primary", scale=1, elem_id="send")
                with gr.Row(elem_id="examples"):
                    examples = [gr.Button(q, size="sm", elem_classes=["example"]) for q in EXAMPLES]
                with gr.Row():
                    new = gr.Button("New conversation", elem_id="new")
                    export = gr.Button("Export (.md)", interactive=False, elem_id="export")
                    export_text = gr.Textbox(elem_id="export-text", elem_classes=["hidden-control"], show_label=False)
            with gr.Column(scale=2):
                with gr.Accordion("Filters for the next questions", open=False):
                    f_chapter = gr.Dropdown(chapters, value="", label="Chapter", elem_id="f-chapter")
                    f_section = gr.Dropdown(sections, value="", label="Part", elem_id="f-section")
                    f_level = gr.Dropdown(levels, value="", label="Level", elem_id="f-level")
                in_place = gr.HTML(HINT, elem_id="in-place", js_on_load=SCROLL_TO_CITED_JS)
                cite_target = gr.Textbox(elem_id="cite-target", elem_classes=["hidden-control"], show_label=False)
        with gr.Tab("Browse"):
            with gr.Row():
                search = gr.Textbox(label="Search", placeholder="words anywhere", scale=3, elem_id="browse-search",
                                    max_length=MAX_SEARCH_CHARS)  # fmt: skip
                b_chapter = gr.Dropdown(chapters, value="", label="Chapter", scale=2)
                b_section = gr.Dropdown(browse_sections, value="", label="Part", scale=1)
                b_level = gr.Dropdown(levels, value="", label="Level", scale=1)
                # with several factsheets loaded, Browse filters by country too
                b_country = gr.Dropdown(
                    [("any", ""), *app.countries], value="", label="Country", scale=1, visible=len(docs) > 1
                )
            status = gr.Markdown(first.status, elem_id="browse-status")
            ids = gr.State(first.ids)
            table = gr.Dataframe(
                first.rows, headers=BROWSE_HEADERS, interactive=False, wrap=True, max_height=640,
                column_widths=["18%", "14%", "12%", "8%", "48%"], elem_id="browse",
            )  # fmt: skip
            b_in_place = gr.HTML("<p class='ip-hint'>Select a row to read it in place.</p>", elem_id="browse-in-place",
                                 js_on_load=SCROLL_TO_CITED_JS)  # fmt: skip

        ask_outputs = [box, chat, session, export]
        filters = [f_chapter, f_section, f_level]
        private = {"api_visibility": "private"}
        # The engine's calls queue apart from the page's cheap ones; the fair gate inside decides whose turn it is.
        # Every admitted engine call leaves Gradio's queue at once and waits at the fair gate, which hands out the
        # engine's slots in turn: a first-in-first-out queue in front of it would seat one client's flood ahead
        # of everyone else. So the queue runs as many engine calls as admission lets in.
        engine_queue = {"concurrency_id": "engine", "concurrency_limit": app.admission.total}
        # UI events are private: the one public endpoint is `ask`.
        for trigger in (box.submit, send.click):
            trigger(app.respond, [box, session, *filters], ask_outputs, **private, **engine_queue).then(
                None, None, None, js=SHOW_ANSWER_START_JS
            )
        for button, question in zip(examples, EXAMPLES, strict=True):
            button.click(lambda q=question: q, None, box, **private).then(
                app.respond, [box, session, *filters], ask_outputs, **private, **engine_queue
            ).then(None, None, None, js=SHOW_ANSWER_START_JS)
        # The chatbot's own clear button must forget the conversation too, or follow-ups would use it.
        for trigger in (new.click, chat.clear):
            trigger(app.forget, session, [box, chat, session, in_place, export], **private)
        export.click(app.export_text, session, export_text, **private).then(
            None, export_text, None, js=SAVE_EXPORT_JS
        ).then(lambda: "", None, export_text, **private)
        cite_target.change(app.open_cited, cite_target, in_place, **private)
        for f in filters:
            f.change(app.chip, filters, [chip, clear], **private)
        clear.click(lambda: ("", "", ""), None, filters, **private)
        browse_inputs = [search, b_chapter, b_section, b_level, b_country]
        for c in browse_inputs:
            c.change(app.browse, browse_inputs, [table, ids, status], **private)
        table.select(app.pick, ids, b_in_place, **private)

        def ask(question: str, history: list[str] | None = None, request: gr.Request = None) -> dict:
            """Answer a question (history: earlier user questions, oldest first) like `lanzarote-qa ask --json`."""
            return app.api_ask(question, history, request)

        gr.api(ask, api_name="ask", **engine_queue)
    app.fns = dict(blocks.fns)
    blocks.lanzarote_app = app  # launch() puts its front door before Gradio
    return blocks


def launch(blocks: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, block: bool = True, quiet: bool = False):
    """Serve the app: loopback unless told otherwise, never shared, no telemetry, no run history, no uploads."""
    app: App = blocks.lanzarote_app
    share_cores(app.gate.slots)  # the engine runs this many questions at once
    rules = Rules(app.admission, app.rate, app.is_engine, app.check)
    # No direct REST calls (they would skip the queue); the queue is larger than admission lets engine calls fill.
    blocks.queue(default_concurrency_limit=4, max_size=4 * app.admission.total, api_open=False)
    return blocks.launch(
        server_name=host,
        server_port=port,
        share=False,
        prevent_thread_lock=not block,
        quiet=quiet,
        theme=THEME,
        css=CSS,
        js=PAGE_JS,
        footer_links=["api", "settings"],
        run_history=False,
        show_error=False,
        ssr_mode=False,
        mcp_server=False,
        pwa=False,
        enable_monitoring=False,
        max_file_size="1kb",
        max_threads=app.admission.total + CHEAP_THREADS,
        app_kwargs={"middleware": [Middleware(Guard, rules=rules)]},
    )
