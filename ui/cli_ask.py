"""`gongkai ask`: one question, or a batch file (one question per line, text or JSON), as JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.engine import open_index
from index.model import where_zh


def batch_questions(path: Path) -> list[str]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("{"):
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"第{n}行不是有效的 JSON：{exc.msg}") from exc
            if not isinstance(item, dict) or not isinstance(item.get("question"), str):
                raise ValueError(f"第{n}行缺少 question 字段")
            line = item["question"]
        out.append(line)
    return out


def run_ask(args: argparse.Namespace, data_dir: Path) -> int:
    if args.batch:
        try:
            questions = batch_questions(args.batch)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            print(f"无法读取问题文件 {args.batch}：{exc}", file=sys.stderr)
            return 1
    elif args.question:
        questions = [args.question]
    else:
        print("请提供一个问题，或用 --batch 指定问题文件", file=sys.stderr)
        return 1
    with open_index(data_dir, must_exist=True) as gongkai:
        for question in questions:
            result = gongkai.ask(question)
            if args.json or args.batch:
                print(json.dumps(result, ensure_ascii=False), flush=True)
            else:
                print(render(result))
    return 0


def render(result: dict) -> str:
    lines = [result["answer"], ""]
    for c in result["citations"]:
        where = where_zh(c.get("line"), c.get("page"), c.get("recognized", False))
        lines.append(f"[{c['n']}] {c['file']} {where} {c['section']}：{c['text'][:120]}")
    return "\n".join(lines)
