"""An answer's compact table (assistant/answer/compact.py) as HTML, drawn in place of the lines it stands for.

Every label and value is escaped here; each value links to its own cell in the source view. A table with more
columns than rows is shown turned (the template's columns down the side), so it fits a phone without scrolling.
The lines it stands for go beside it, hidden (`PLAIN_CLASS`: gradio drops data attributes), for a copy to give
the answer's own words. static/embed.js draws the widget's table the same way, with textContent.
"""

from __future__ import annotations

from collections.abc import Callable

from ui.html import esc

TABLE_CLASS = "gk-table"
CELL_LINK_CLASS = "gk-cite gk-cell"  # a.gk-cite: static/chat.js opens it in the source frame like an [n]
PLAIN_CLASS = "gk-plain"


def turned(table: dict) -> bool:
    """Shown with rows and columns swapped: the template's columns outnumber its rows."""
    return len(table["columns"]) > len(table["rows"])


Heading = tuple[str, list[int]]  # a label and the citations it carries (a year's report, in a table of years)


def grid(table: dict) -> tuple[list[Heading], list[tuple[Heading, list[dict | None]]]]:
    """(column headings, rows of (heading, cells)) as displayed."""
    rows = [((r["label"], r.get("citations", [])), r["cells"]) for r in table["rows"]]
    columns = [(c, []) for c in table["columns"]]
    if not turned(table):
        return columns, rows
    return [h for h, _ in rows], [(c, [cells[i] for _, cells in rows]) for i, c in enumerate(columns)]


def table_html(table: dict, href: Callable[[str, str], str], target: str, links: dict[int, str]) -> str:
    """`href(file, cell)`: the source address of one cell; `target`: the frame citations open in; `links`: the
    [n] link of each citation, put after the heading that carries it."""
    columns, rows = grid(table)

    def th(heading: Heading, scope: str) -> str:
        label, cited = heading
        marks = "".join(links[n] for n in cited if n in links)
        return f'<th scope="{scope}">{esc(label)}{marks}</th>'

    def td(cell: dict | None) -> str:
        if cell is None:
            return "<td></td>"
        url = esc(href(cell["file"], cell["cell"]))
        link = f'<a class="{CELL_LINK_CLASS}" href="{url}" target="{target}">{esc(cell["text"])}</a>'
        return f'<td class="st-{esc(cell["status"])}">{link}</td>'

    head = '<th scope="col"></th>' + "".join(th(c, "col") for c in columns)
    body = "".join(f"<tr>{th(h, 'row')}{''.join(td(c) for c in cells)}</tr>" for h, cells in rows)
    caption = f"<caption>{esc(table['title'])}</caption>"
    return (
        f'<span class="{PLAIN_CLASS}">{esc(table["text"])}</span>'
        f'<div class="gk-table-wrap"><table class="{TABLE_CLASS}">{caption}'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )
