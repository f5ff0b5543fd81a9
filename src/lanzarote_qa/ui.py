"""The Gradio chat app: cited answers whose citations open in place, and a Browse tab of every passage."""

from __future__ import annotations

import atexit
import json
import logging
import shutil
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path

import gradio as gr

from .answer import Answer, to_json
from .cli import UsageError, check_history, check_question
from .conversation import Conversation
from .engine import Engine
from .render import BROWSE_HEADERS, HINT, LEVELS, answer_markdown, browse, export_markdown, in_place_html, literal
from .types import Filters
from .ui_assets import CSS, PAGE_JS, SCROLL_TO_CITED_JS, SHOW_ANSWER_START_JS

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
NO_EXPORT = gr.DownloadButton(value=None, interactive=False)


class App:
    """The loaded engine plus the event handlers of one running app."""

    def __init__(self, engine: Engine, log_queries: bool = False):
        self.engine, self.log_queries = engine, log_queries
        self.passages = engine.index.passages
        self.positions = {p.id: i for i, p in enumerate(self.passages)}
        self.documents = tuple(d.slug for d in engine.index.documents)
        doc = engine.index.documents[0]
        self.section_names = ((doc.slug, f"{doc.country}-specific"), ("generic", "generic"))
        # Exports hold the questions: kept in one private temporary folder, removed when the app stops.
        self.exports = Path(tempfile.mkdtemp(prefix="lanzarote-qa-exports-"))
        atexit.register(shutil.rmtree, self.exports, ignore_errors=True)

    # --- answering ---------------------------------------------------------------------------------------

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
        """Chat turn: the box emptied, the chat with the new answer, the session and the export file."""
        unchanged = (message, gr.skip(), session, gr.skip())
        try:
            question = check_question(message)
            filters = Filters.of(chapter, section, level, self.documents)
        except (UsageError, ValueError) as exc:
            gr.Warning(str(exc).capitalize())
            return unchanged
        conv = session if session is not None else self.engine.new_conversation()
        if self._ask("chat", question, [], conv, filters) is None:
            gr.Warning("Something went wrong while answering; the question was not added to the conversation.")
            return unchanged
        turns = [(t.question, t.answer) for t in conv.turns if t.answer is not None]
        chat = [
            m
            for q, a in turns
            for m in (
                {"role": "user", "content": literal(q)},
                {"role": "assistant", "content": answer_markdown(a, self.positions)},
            )
        ]
        return "", chat, conv, gr.DownloadButton(value=str(self._export(conv, turns)), interactive=True)

    def _export(self, conv: Conversation, turns: list[tuple[str, Answer]]) -> Path:
        path = self.exports / f"{id(conv):x}" / "lanzarote-qa-conversation.md"
        path.parent.mkdir(exist_ok=True)
        when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        provenance = turns[-1][1].provenance if turns else {}
        path.write_text(export_markdown(turns, self.engine.index.documents, provenance, when), encoding="utf-8")
        return path

    # --- in place, filters, browse -----------------------------------------------------------------------

    def open_cited(self, target: str) -> str:
        """The in-place view of the passage a citation link points at ('17@<click time>': position 17)."""
        position = target.split("@", 1)[0]
        if not position.isdigit() or int(position) >= len(self.passages):
            return HINT
        return self.show(self.passages[int(position)].id)

    def show(self, passage_id: str | None) -> str:
        """The in-place view of a passage, or the hint."""
        return in_place_html(passage_id or "", self.passages, self.engine.index.documents)

    def chip(self, chapter: str, section: str, level: str):
        """The filter chip: what is on, with a clear button; hidden when nothing is."""
        names = {"section": dict(self.section_names), "level": {k.value: v for k, v in LEVELS.items()}}
        shown = [
            f"Chapter {chapter}" if chapter else "",
            names["section"].get(section, section) if section else "",
            names["level"].get(level, level) if level else "",
        ]
        on = [f"<span class='chip'>{literal(v)}</span>" for v in shown if v]
        text = f"<b>Filters on:</b> {' '.join(on)}" if on else ""
        return gr.HTML(text, visible=bool(on)), gr.Button(visible=bool(on))

    def browse(self, search: str, chapter: str, section: str, level: str):
        """Browse rows, their passage ids (to open a selected row) and the line above the table."""
        view = browse(self.passages, search or "", chapter or "", section or "", level or "")
        return gr.Dataframe(value=view.rows, headers=BROWSE_HEADERS), view.ids, view.status

    def pick(self, ids: list[str], evt: gr.SelectData) -> str:
        """The selected Browse row's passage in place."""
        row = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
        return self.show(ids[row] if isinstance(row, int) and 0 <= row < len(ids) else None)


def reset() -> tuple:
    """Outputs of a new conversation: empty box, chat and session; the hint in place; nothing to export."""
    return "", [], None, HINT, NO_EXPORT


def build_app(engine: Engine, log_queries: bool = False) -> gr.Blocks:
    """The Blocks app around an already loaded engine."""
    app = App(engine, log_queries)
    passages = engine.index.passages
    engine.embedder.encode(["warm-up"])  # the first real question should not pay for lazy model set-up
    chapters = [("any", ""), *dict.fromkeys((f"{p.chapter} – {p.chapter_title}", p.chapter) for p in passages)]
    doc = engine.index.documents[0]
    sections = [("any", ""), *((label, value) for value, label in app.section_names)]
    browse_sections = [*sections, ("promising practice", "practice"), ("introduction", "intro")]
    levels = [("any", "")] + [(v, k.value) for k, v in LEVELS.items()]
    first = browse(passages)
    with gr.Blocks(title="Lanzarote factsheet Q&A", analytics_enabled=False, delete_cache=(3600, 3600)) as blocks:
        gr.Markdown(
            f"## Ask the Lanzarote Committee's factsheet on {doc.country}\nAnswers are passages of the "
            f"factsheet (last update {doc.edition}), best first, each with the recommendation and report "
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
                        max_lines=4,
                    )  # fmt: skip
                    send = gr.Button("Ask", variant="primary", scale=1, elem_id="send")
                with gr.Row(elem_id="examples"):
                    examples = [gr.Button(q, size="sm", elem_classes=["example"]) for q in EXAMPLES]
                with gr.Row():
                    new = gr.Button("New conversation", elem_id="new")
                    export = gr.DownloadButton("Export (.md)", interactive=False, elem_id="export")
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
                                    max_length=200)  # fmt: skip
                b_chapter = gr.Dropdown(chapters, value="", label="Chapter", scale=2)
                b_section = gr.Dropdown(browse_sections, value="", label="Part", scale=1)
                b_level = gr.Dropdown(levels, value="", label="Level", scale=1)
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
        engine_queue = {"concurrency_id": "engine", "concurrency_limit": 2}
        # UI events are private: the one public endpoint is `ask`; all engine calls share one worker pool.
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
            trigger(reset, None, [box, chat, session, in_place, export], **private)
        cite_target.change(app.open_cited, cite_target, in_place, **private)
        for f in filters:
            f.change(app.chip, filters, [chip, clear], **private)
        clear.click(lambda: ("", "", ""), None, filters, **private)
        browse_inputs = [search, b_chapter, b_section, b_level]
        for c in browse_inputs:
            c.change(app.browse, browse_inputs, [table, ids, status], **private)
        table.select(app.pick, ids, b_in_place, **private)

        def ask(question: str, history: list[str] | None = None) -> dict:
            """Answer a question (history: earlier user questions, oldest first) like `lanzarote-qa ask --json`."""
            return app.api_ask(question, history)

        gr.api(ask, api_name="ask", **engine_queue)
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
        js=PAGE_JS,
        footer_links=["api", "settings"],
        run_history=False,
        show_error=False,
        ssr_mode=False,
        mcp_server=False,
        pwa=False,
        enable_monitoring=False,
    )
