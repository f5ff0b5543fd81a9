"""The Gradio chat app: cited answers, every citation opened in place, a browsable table of recommendations."""

from __future__ import annotations

import atexit
import json
import logging
import shutil
import tempfile
import traceback
from pathlib import Path

import gradio as gr

from .answer import Answer, to_json
from .cli import UsageError, check_history, check_question
from .conversation import Conversation
from .engine import Engine
from .render import (
    BROWSE_HEADERS,
    HINT,
    LEVELS,
    answer_markdown,
    browse_rows,
    citation_choices,
    export_markdown,
    in_place_html,
)
from .types import Filters

log = logging.getLogger(__name__)

EXAMPLES = [
    "what must Denmark change on jurisdiction?",
    "Everything Denmark is required to do",
    "Does Denmark have to put a definition of CSAM into its law?",
    "What does recommendation V-18 say?",
    "sextortion rules?",
    "How many cases did the Danish police investigate?",
]
# Scroll the section so the cited passage shows, each time a new one is opened.
SCROLL_JS = """watch('value', () => {
  const box = element.querySelector('.in-place'), cited = element.querySelector('.cited');
  if (!box || !cited) return;
  const prev = cited.previousElementSibling, top = prev && prev.tagName === 'H5' ? prev : cited;
  box.scrollTop = Math.max(0, top.offsetTop - 8);
});"""
# System fonts only: the default theme's fonts would be one more thing to serve, and nothing may come from outside.
THEME = gr.themes.Default(
    font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
    font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
)
CSS = """
.badge {display:inline-block; padding:0 .5em; margin-right:.3em; border-radius:.7em; font-size:.78em;
        font-weight:600; line-height:1.6; white-space:nowrap; border:1px solid rgba(0,0,0,.12)}
.lv-require {background:#fde2e1; color:#8a1c1c} .lv-request {background:#fff0d2; color:#7a4700}
.lv-invite {background:#dcf3e2; color:#1d5e2e} .lv-none {background:#ececec; color:#444}
.sec {background:#e2ebfb; color:#1d3f7a} .ch {background:#f1effa; color:#44337a}
.cite {font-size:.88em; opacity:.85}
#browse td, #browse th, #browse .body-cell {font-family:var(--font)}
.in-place {max-height:62vh; overflow-y:auto; position:relative; padding-right:.3em}
.in-place .ip-passage {padding:.35em .6em; margin:.35em 0; border-left:3px solid transparent; opacity:.7}
.in-place .ip-passage.cited {border-left-color:#d97706; background:rgba(251,191,36,.12); opacity:1}
.in-place mark {background:#fde68a; color:#111; padding:0 .1em}
.in-place .footnotes {font-size:.85em; margin:.3em 0 0 .4em} .in-place h5 {margin:.6em 0 .2em}
"""


def reset() -> tuple:
    """Outputs of a new conversation: empty box, chat and session; no citations; nothing to export."""
    no_cites = gr.Radio(choices=[], value=None, visible=False)
    return "", [], None, no_cites, HINT, gr.DownloadButton(value=None, interactive=False)


def filters_of(engine: Engine, chapter: str | None, section: str | None, level: str | None) -> Filters:
    """The engine's filters from the three dropdowns (empty means any)."""
    return Filters.of(chapter, section, level, tuple(d.slug for d in engine.index.documents))


class App:
    """The loaded engine plus the event handlers of one running app."""

    def __init__(self, engine: Engine, log_queries: bool = False):
        self.engine, self.log_queries = engine, log_queries
        # Exports hold the questions: kept in one private temporary folder, removed when the app stops.
        self.exports = Path(tempfile.mkdtemp(prefix="lanzarote-qa-exports-"))
        atexit.register(shutil.rmtree, self.exports, ignore_errors=True)

    def api_ask(self, question: object, history: object = None) -> dict:
        """The `ask --json` object plus timings, or {"error": ...} for bad input."""
        try:
            q = check_question(question)
            if isinstance(history, str):
                history = json.loads(history) if history.strip() else []
            earlier = check_history(history)
        except json.JSONDecodeError as exc:
            return {"error": f"history is not valid JSON ({exc.msg})"}
        except UsageError as exc:
            return {"error": str(exc)}
        done = self._ask("api", q, earlier, None, Filters())
        if done is None:
            return {"error": "internal error while answering"}
        return {**to_json(done[0]), "timings_ms": done[1]}

    def _ask(
        self, where: str, question: str, history: list[str], conv: Conversation | None, filters: Filters
    ) -> tuple[Answer, dict] | None:
        """engine.ask, logged; None when it fails (logged without the exception's message, which may quote input)."""
        try:
            conv = conv if conv is not None else self.engine.replay(history, filters)
            answer, timings = self.engine.ask(question, conv, filters)
        except Exception as exc:
            stack = "".join(traceback.format_tb(exc.__traceback__))
            log.error("%s: %s while answering%s\n%s", where, type(exc).__name__, self._said(question, exc), stack)
            return None
        log.info("%s: %d passages, abstained=%s, %.0f ms%s", where, len(answer.hits), answer.abstained,
                 timings["total"], self._said(question))  # fmt: skip
        return answer, timings

    def _said(self, question: str, exc: Exception | None = None) -> str:
        if not self.log_queries:
            return ""
        return f" question={question!r}" + (f" error={exc}" if exc else "")

    def respond(self, message: str, session: Conversation | None, chapter: str, section: str, level: str):
        """Chat turn: answer, chat messages, citation choices, the in-place hint and the export file."""
        try:
            question = check_question(message)
        except UsageError as exc:
            gr.Warning(str(exc).capitalize())
            return message, gr.skip(), session, gr.skip(), gr.skip(), gr.skip()
        conv = session if session is not None else self.engine.new_conversation()
        try:
            filters = filters_of(self.engine, chapter, section, level)
        except ValueError as exc:
            gr.Warning(str(exc).capitalize())
            return message, gr.skip(), session, gr.skip(), gr.skip(), gr.skip()
        done = self._ask("chat", question, [], conv, filters)
        if done is None:
            gr.Warning("Something went wrong while answering; the question was not added to the conversation.")
            return message, gr.skip(), session, gr.skip(), gr.skip(), gr.skip()
        answer = done[0]
        turns = [(t.question, t.answer) for t in conv.turns if t.answer is not None]
        chat = [
            m
            for q, a in turns
            for m in ({"role": "user", "content": q}, {"role": "assistant", "content": answer_markdown(a)})
        ]
        path = self.exports / f"{id(conv):x}" / "lanzarote-qa-conversation.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(export_markdown(turns), encoding="utf-8")
        cites = gr.Radio(choices=citation_choices(answer), value=None, visible=bool(answer.hits))
        return "", chat, conv, cites, HINT, gr.DownloadButton(value=str(path), interactive=True)

    def show(self, passage_id: str | None) -> str:
        """The in-place view of a passage, or the hint."""
        index = self.engine.index
        return in_place_html(passage_id or "", index.passages, index.documents)


def build_app(engine: Engine, log_queries: bool = False) -> gr.Blocks:
    """The Blocks app around an already loaded engine."""
    app = App(engine, log_queries)
    passages = engine.index.passages
    engine.embedder.encode(["warm-up"])  # the first real question should not pay for lazy model set-up
    chapters = [
        ("any", ""),
        *list({p.chapter: (f"{p.chapter} – {p.chapter_title}", p.chapter) for p in passages}.values()),
    ]
    country = engine.index.documents[0].country
    sections = [
        ("any", ""),
        (f"{country}-specific", engine.index.documents[0].slug),
        ("generic", "generic"),
        ("promising practice", "practice"),
        ("introduction", "intro"),
    ]
    levels = [("any", "")] + [(v, k.value) for k, v in LEVELS.items()]
    edition = engine.index.documents[0].edition
    with gr.Blocks(title="Lanzarote factsheet Q&A", analytics_enabled=False, delete_cache=(3600, 3600)) as blocks:
        gr.Markdown(
            f"## Ask the Lanzarote Committee's factsheet on {country}\nAnswers are passages of the "
            f"factsheet (last update {edition}), each with the recommendation and report paragraph it cites."
        )
        session = gr.State(None)
        with gr.Tab("Ask"), gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(label="Conversation", height="68vh", elem_id="chat", buttons=["copy"])
                with gr.Row():
                    box = gr.Textbox(
                        placeholder="Ask about the factsheet…",
                        show_label=False,
                        scale=5,
                        elem_id="question",
                        max_lines=4,
                    )
                    send = gr.Button("Ask", variant="primary", scale=1, elem_id="send")
                gr.Examples(EXAMPLES, inputs=[box], label="Examples")
                with gr.Row():
                    new = gr.Button("New conversation", elem_id="new")
                    export = gr.DownloadButton("Export (.md)", interactive=False, elem_id="export")
            with gr.Column(scale=2):
                with gr.Accordion("Filters for the next questions", open=False):
                    f_chapter = gr.Dropdown(chapters, value="", label="Chapter")
                    f_section = gr.Dropdown(sections, value="", label="Section")
                    f_level = gr.Dropdown(levels, value="", label="Level")
                cites = gr.Radio(label="Open a citation in place", visible=False, elem_id="cites")
                in_place = gr.HTML(HINT, elem_id="in-place", js_on_load=SCROLL_JS)
        with gr.Tab("Browse"):
            with gr.Row():
                search = gr.Textbox(label="Search", placeholder="words in any column", scale=3, elem_id="browse-search")
                b_chapter = gr.Dropdown(chapters, value="", label="Chapter", scale=2)
                b_section = gr.Dropdown(sections, value="", label="Section", scale=1)
                b_level = gr.Dropdown(levels, value="", label="Level", scale=1)
            table = gr.Dataframe(
                browse_rows(passages),
                headers=BROWSE_HEADERS,
                interactive=False,
                wrap=True,
                max_height=480,
                column_widths=["10%", "7%", "7%", "8%", "50%", "9%", "9%"],
                elem_id="browse",
            )
            b_in_place = gr.HTML(
                "<p class='ip-hint'>Select a row to read it in place.</p>",
                elem_id="browse-in-place",
                js_on_load=SCROLL_JS,
            )

        ask_outputs = [box, chat, session, cites, in_place, export]
        filters = [f_chapter, f_section, f_level]
        # UI events are private: the one public endpoint is `ask`; all engine calls share one worker.
        for trigger in (box.submit, send.click):
            trigger(
                app.respond,
                [box, session, *filters],
                ask_outputs,
                api_visibility="private",
                concurrency_id="engine",
                concurrency_limit=2,
            )
        # The chatbot's own clear button must forget the conversation too, or follow-ups would use it.
        for trigger in (new.click, chat.clear):
            trigger(reset, None, ask_outputs, api_visibility="private")
        cites.change(app.show, cites, in_place, api_visibility="private")
        browse_inputs = [search, b_chapter, b_section, b_level]
        for c in browse_inputs:
            c.change(lambda *a: browse_rows(passages, *a), browse_inputs, table, api_visibility="private")

        def pick(evt: gr.SelectData) -> str:
            """The selected row's passage in place (the row value, since search and filters reorder rows)."""
            return app.show(evt.row_value[0] if evt.row_value else None)

        table.select(pick, None, b_in_place, api_visibility="private")

        def ask(question: str, history: list[str] | None = None) -> dict:
            """Answer a question (history: earlier user questions, oldest first) like `lanzarote-qa ask --json`."""
            return app.api_ask(question, history)

        gr.api(ask, api_name="ask", concurrency_id="engine", concurrency_limit=2)
    return blocks


def launch(blocks: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, block: bool = True, quiet: bool = False):
    """Serve the app: loopback unless told otherwise, never shared, no telemetry, no run history kept."""
    blocks.queue(default_concurrency_limit=4, max_size=64)
    return blocks.launch(
        server_name=host,
        server_port=port,
        share=False,
        prevent_thread_lock=not block,
        quiet=quiet,
        theme=THEME,
        css=CSS,
        footer_links=["api", "settings"],
        run_history=False,
        show_error=False,
        ssr_mode=False,
        mcp_server=False,
        pwa=False,
        enable_monitoring=False,
    )
