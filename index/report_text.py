"""A parsed report as plain Chinese text for a person: `gongkai check`."""

from __future__ import annotations

from index.model import AMBIGUOUS, BROKEN, CHECK_STATUS_ZH, DERIVED, MISSING, ParsedReport
from index.parse.layout import layouts, other_split
from index.parse.numbers import format_number

_MARK = {DERIVED: "（推算）", MISSING: "未列明", AMBIGUOUS: "无法确定"}


def render_report(parsed: ParsedReport) -> str:
    m = parsed.meta
    lines = [f"{m.title}", f"机关：{m.agency}  年度：{m.year}  模板：{m.format}年格式  文件：{parsed.file}", ""]
    for warning in parsed.warnings:
        lines.append(f"注意：{warning}")
    for layout in layouts(m.format, other_split(set(parsed.cells))):
        lines.append(f"【{layout.title}】")
        lines.append(" | ".join(layout.header))
        for label, ids in layout.rows:
            lines.append(" | ".join([label] + [_cell_text(parsed, cid) for cid in ids]))
        lines.append("")
    broken = [c for c in parsed.checks if c.status == BROKEN]
    counts = {s: sum(1 for c in parsed.checks if c.status == s) for s in CHECK_STATUS_ZH}
    lines.append("【勾稽关系核对】" + "，".join(f"{CHECK_STATUS_ZH[s]} {n} 条" for s, n in counts.items()))
    lines += [f"  不成立：{c.detail}" for c in broken]
    derived = [c for c in parsed.cells.values() if c.status == DERIVED]
    lines += [f"  推算：{c.id} = {format_number(c.value)}（依据：{c.rule}）" for c in derived]
    return "\n".join(lines)


def _cell_text(parsed: ParsedReport, cell_id: str | None) -> str:
    if cell_id is None:
        return ""
    cell = parsed.cells.get(cell_id)
    if cell is None or cell.status == MISSING:
        return _MARK[MISSING]
    if cell.status == AMBIGUOUS:
        return _MARK[AMBIGUOUS]
    return format_number(cell.value) + _MARK.get(cell.status, "")
