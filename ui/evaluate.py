"""`gongkai eval EXAM_DIR`: score the assistant on an exam folder of JSONL questions.

figure: every expected (file, cell, value) is among the figures.
not_stated: no *stated* figure for its cells. text: every phrase (whitespace ignored) is in the
answer or a cited text, and a citation is from its file. none: the route is "none".
Wrong numbers: a figure for an expected cell with another value, or from another report.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from index.ingest import FAILED, expand

FIGURE, TEXT, NONE, NOT_STATED = "figure", "text", "none", "not_stated"


@dataclass(frozen=True)
class Score:
    id: str
    kind: str
    right: bool
    wrong_numbers: int
    route: str


def load_exam(exam_dir: Path) -> list[dict]:
    out = []
    for path in sorted(exam_dir.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line))
    return out


def kind_of(q: dict) -> str:
    return NOT_STATED if q.get("expect") == NOT_STATED else q["kind"]


def score(q: dict, result: dict, report_of: dict[str, tuple[str, int]]) -> Score:
    kind = kind_of(q)
    figures = result["figures"]
    wrong = _wrong_numbers(q, figures, report_of) if kind in (FIGURE, NOT_STATED) else 0
    if kind == FIGURE:
        have = {(f["file"], f["cell"], float(f["value"])) for f in figures}
        right = all((q["file"], c, float(v)) in have for c, v in zip(q["cells"], q["values"], strict=True))
    elif kind == NOT_STATED:
        right = not any(f["cell"] in q["cells"] and f["status"] == "stated" for f in figures)
    elif kind == TEXT:
        haystack = "".join((result["answer"] + "".join(c["text"] for c in result["citations"])).split())
        phrases_ok = all("".join(p.split()) in haystack for p in q["phrases"])
        right = phrases_ok and any(c["file"] == q["file"] for c in result["citations"])
    else:
        right = result["route"] == NONE
    return Score(q["id"], kind, right, wrong, result["route"])


def _wrong_numbers(q: dict, figures: list[dict], report_of: dict[str, tuple[str, int]]) -> int:
    expected = dict(zip(q["cells"], q.get("values") or [None] * len(q["cells"]), strict=True))
    same_report = report_of.get(q["file"])
    wrong = 0
    for f in figures:
        if f["cell"] not in expected:
            continue
        if (
            report_of.get(f["file"]) != same_report
            or expected[f["cell"]] is not None
            and float(f["value"]) != float(expected[f["cell"]])
        ):
            wrong += 1
    return wrong


def run_eval(exam_dir: Path, data_dir: Path, corpus: Path) -> int:
    from assistant.engine import open_index

    questions = load_exam(exam_dir)
    if not questions:
        print(f"{exam_dir} 中没有考题（*.jsonl）", file=sys.stderr)
        return 1
    with open_index(data_dir) as gongkai:
        for result in gongkai.ingest(expand([corpus])):
            if result.status == FAILED:
                print(f"导入失败 {result.file}：{result.message}", file=sys.stderr)
        report_of = {r.file: (r.agency, r.year) for r in gongkai.store.reports()}
        scores = []
        for q in questions:
            result = gongkai.ask(q["question"])
            s = score(q, result, report_of)
            scores.append(s)
            mark = "✓" if s.right else "✗"
            print(f"{mark} {s.id:<28} {s.kind:<10} route={s.route:<6} 错误数字={s.wrong_numbers}  {q['question']}")
    print_totals(scores)
    return 0


def print_totals(scores: list[Score]) -> None:
    by_kind = Counter(s.kind for s in scores)
    right = Counter(s.kind for s in scores if s.right)
    print("\n题型        正确/总数")
    for kind in (FIGURE, NOT_STATED, TEXT, NONE):
        if by_kind[kind]:
            print(f"{kind:<10}  {right[kind]}/{by_kind[kind]}")
    total = sum(right.values())
    wrong = sum(s.wrong_numbers for s in scores)
    print(f"合计        {total}/{len(scores)} = {total / len(scores):.1%}   错误数字 {wrong}")
