"""Citations as links: every [n] of an answer opens its source in the source view.

embed.js builds the same /source address in the browser (see `sourceUrl` there).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from index.model import where_zh
from ui.answer_table import table_html
from ui.charts import chart_html
from ui.html import HIT_ID, esc

SOURCE_PATH = "/source"
SOURCE_FRAME = "gk-source"
# A passage is found again by its file, location and first characters (keeps the link short).
QUOTE_KEY_CHARS = 60
_MARK = re.compile(r"\[(\d+)\]")


def source_url(citation: dict) -> str:
    params = {"file": citation["file"]}
    if citation.get("cell"):
        params["cell"] = citation["cell"]
    else:
        params.update({k: citation[k] for k in ("line", "page") if citation.get(k) is not None})
        params["text"] = citation["text"][:QUOTE_KEY_CHARS]
    return f"{SOURCE_PATH}?{urlencode(params)}#{HIT_ID}"


def answer_html(result: dict) -> str:
    """The answer escaped (its line breaks as <br>: the chat renders HTML, not Markdown), each [n] a link
    into the source frame, its compact tables in place of the lines they stand for, then its chart, then the
    list of sources (title, section, line or page), all in one `gk-answer` block that static/chat.js copies as
    plain text."""
    links = {c["n"]: _link(c) for c in result["citations"]}
    text, tables = _tables_apart(esc(result["answer"]), result.get("tables") or [])
    body = _MARK.sub(lambda m: links.get(int(m.group(1)), m.group(0)), text).replace("\n", "<br>")
    for i, table in enumerate(tables):
        body = body.replace(_slot(i), table_html(table, _cell_url, SOURCE_FRAME, links))
    body += answer_chart(result)
    if links:
        notes = "<br>".join(f"{links[c['n']]} {esc(_where(c))}" for c in result["citations"])
        body += f'<div class="gk-notes">出处（点击查看原文）：<br>{notes}</div>'
    return f'<div class="gk-answer">{body}</div>'


def _tables_apart(text: str, tables: list[dict]) -> tuple[str, list[dict]]:
    """The escaped answer with each table's lines (and the line breaks around them) replaced by a slot; the
    tables whose lines were found (a rephrased answer may have none)."""
    found = []
    for table in tables:
        lines = esc(table["text"])
        for run in (f"\n{lines}\n", f"\n{lines}", lines):
            if run in text:
                text = text.replace(run, _slot(len(found)), 1)
                found.append(table)
                break
    return text, found


def _slot(i: int) -> str:
    return f"\x00gk-table-{i}\x00"  # control characters: no answer holds them, and escaping leaves them


def _cell_url(file: str, cell: str) -> str:
    return source_url({"file": file, "cell": cell})


def _where(citation: dict) -> str:
    where = where_zh(citation.get("line"), citation.get("page"), citation.get("recognized", False))
    return " · ".join(part for part in (citation["title"], citation["section"], where) if part)


def answer_chart(result: dict) -> str:
    """The answer's chart (if any), every bar and point linked like its [n]."""
    return chart_html(result.get("chart"), {c["n"]: source_url(c) for c in result["citations"]})


def _link(citation: dict) -> str:
    url = esc(source_url(citation))
    return f'<a class="gk-cite" href="{url}" target="{SOURCE_FRAME}">[{citation["n"]}]</a>'
