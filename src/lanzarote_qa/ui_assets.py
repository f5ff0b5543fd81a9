"""The chat page's own CSS and JavaScript (served by the app; nothing is loaded from outside)."""

from __future__ import annotations

CSS = """
#chat .message-wrap .prose p, #chat .message-wrap .prose li {line-height:1.45}
#chat a[href^="#passage-"] {font-size:.9em; text-decoration:underline dotted; cursor:pointer}
#chat a[href^="#passage-"]:focus {outline:2px solid #d97706; outline-offset:1px}
#filter-chip {display:flex; gap:.5em; align-items:center; flex-wrap:wrap}
#filter-chip .chip {background:#fff0d2; color:#7a4700; border-radius:1em; padding:.1em .7em; font-size:.9em}
#browse th, #browse th * {white-space:nowrap; word-break:normal; overflow-wrap:normal}
#browse td, #browse .body-cell {font-family:var(--font); font-size:.92em}
.in-place {max-height:62vh; overflow-y:auto; position:relative; padding-right:.3em}
.in-place .ip-passage {padding:.35em .6em; margin:.35em 0; border-left:3px solid transparent; opacity:.7}
.in-place .ip-passage.cited {border-left-color:#d97706; background:rgba(251,191,36,.12); opacity:1}
.in-place .ip-label {font-size:.8em; font-weight:600; text-transform:uppercase; letter-spacing:.04em}
.in-place mark {background:#fde68a; color:#111; padding:0 .1em}
.in-place .cite {font-size:.88em; opacity:.85}
.in-place .footnotes {font-size:.85em; margin:.3em 0 0 .4em} .in-place h5 {margin:.6em 0 .2em}
.hidden-control {display:none !important}
"""

# Runs once when the page loads (launch(js=...)).
PAGE_JS = """
() => {
  // A citation inside any answer opens its passage in place: its position goes to a hidden box whose
  // change event the app listens to (the chatbot's own links cannot call the server).
  document.addEventListener('click', (event) => {
    const link = event.target.closest('#chat a[href^="#passage-"]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const box = document.querySelector('#cite-target textarea, #cite-target input');
    if (!box) return;
    box.value = link.getAttribute('href').slice('#passage-'.length) + '@' + Date.now();
    box.dispatchEvent(new Event('input', {bubbles: true}));
  }, true);
  // Screen readers: a message's label is its text as shown, not the Markdown and HTML behind it.
  const relabel = () => {
    for (const el of document.querySelectorAll('#chat [aria-label*="\\'s message: "]')) {
      const who = el.getAttribute('aria-label').split("'s message: ")[0];
      const text = (el.innerText || '').replace(/\\s+/g, ' ').trim();
      const label = who + "'s message: " + text;
      if (el.getAttribute('aria-label') !== label) el.setAttribute('aria-label', label);
    }
  };
  new MutationObserver(relabel).observe(document.body, {subtree: true, childList: true, characterData: true});
}
"""

# After an answer arrives: bring its start (the question, then the lead) to the top of the chat.
SHOW_ANSWER_START_JS = """
() => {
  const show = () => {
    const log = document.querySelector('#chat [role=log]');
    if (!log) return;
    const asked = log.querySelectorAll('.user-row, .message-row.user-row');
    const last = asked[asked.length - 1];
    if (!last) return;
    const top = last.getBoundingClientRect().top - log.getBoundingClientRect().top + log.scrollTop;
    log.scrollTop = Math.max(0, top - 8);
    // on a small screen the page itself may have scrolled past the chat's top: bring it back
    const chat = log.getBoundingClientRect();
    if (chat.top < 0 || chat.top > window.innerHeight / 2) window.scrollBy(0, chat.top - 8);
  };
  requestAnimationFrame(() => { show(); setTimeout(show, 60); setTimeout(show, 250); });
}
"""

# The in-place view scrolls its section so the cited passage shows, each time one is opened.
SCROLL_TO_CITED_JS = """watch('value', () => {
  const box = element.querySelector('.in-place'), cited = element.querySelector('.cited');
  if (!box || !cited) return;
  const prev = cited.previousElementSibling, top = prev && prev.tagName === 'H5' ? prev : cited;
  box.scrollTop = Math.max(0, top.offsetTop - 8);
});"""

# The export arrives as text for this page only; the page saves it as a file (no file route serves exports).
SAVE_EXPORT_JS = """
(text) => {
  if (!text) return;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], {type: 'text/markdown;charset=utf-8'}));
  link.download = 'lanzarote-qa-conversation.md';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}
"""
