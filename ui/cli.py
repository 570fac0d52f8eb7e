"""The `gongkai` command: ingest | remove | tables | check | ask | eval | serve."""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path

from index.document import ReadError
from index.ingest import expand, parse_file
from index.model import STATUS_ZH, ParsedReport
from index.parse.metadata import Supplied
from index.report_json import tables_json
from index.report_text import render_report
from ui.failures import OperatorError, check_port, explain


def data_dir(arg: str | None) -> Path:
    return Path(arg or os.environ.get("GONGKAI_DATA") or ".gongkai")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gongkai", description="政务公开年报问答助手")
    parser.add_argument("--debug", action="store_true", help="出错时打印完整的错误跟踪")
    common = argparse.ArgumentParser(add_help=False)  # --debug also after the command
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, parents=[common])

    p = command("ingest", help="把报告文件或文件夹加入索引")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--data")
    p.add_argument("--agency", default="", help="报告的机关名称（覆盖从文件中读出的）")
    p.add_argument("--year", type=int, help="报告的年度（覆盖从文件中读出的）")
    p.add_argument("--workers", type=int, default=1, help="并行解析和嵌入的进程数（默认 1）")

    p = command("remove", help="从索引中删除一份报告（按 ingest 时的文件名）")
    p.add_argument("file")
    p.add_argument("--data")

    p = command("tables", help="解析一个文件的统计表（不写入索引）")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true")

    p = command("check", help="以中文列出一份报告的三张统计表和勾稽关系核对结果")
    p.add_argument("file", type=Path)

    p = command("ask", help="提问")
    p.add_argument("question", nargs="?")
    p.add_argument("--json", action="store_true")
    p.add_argument("--batch", type=Path)
    p.add_argument("--data")

    p = command("eval", help="用考题目录评估问答效果")
    p.add_argument("exam_dir", type=Path)
    p.add_argument("--data")
    p.add_argument("--corpus", type=Path, default=Path("corpus"))

    p = command("serve", help="建立索引并启动问答网页服务")
    p.add_argument("--data")
    p.add_argument("--corpus", type=Path, help="语料文件夹（默认 corpus/，不存在时跳过导入）")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)

    args = parser.parse_args(argv)
    from index.store.embeddings import SettingError

    try:
        return COMMANDS[args.command](args)
    except SettingError as error:
        print(f"设置有误：{error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except Exception as error:  # the operator gets one Chinese line, the trace only when asking for it
        if args.debug:
            traceback.print_exc()
        print(explain(error, data_dir(getattr(args, "data", None))), file=sys.stderr)
        return 1


def cmd_ingest(args: argparse.Namespace) -> int:
    from assistant.engine import open_index
    from ui.progress import ingest_with_progress

    if args.workers < 1:
        print("--workers 应为正整数（并行进程数）", file=sys.stderr)
        return 2
    files = expand(args.paths, Supplied(args.agency.strip(), args.year))
    if not files:
        print("没有找到可导入的文件（支持 txt、md、pdf、html、docx、png、jpg）", file=sys.stderr)
        return 1
    with open_index(data_dir(args.data)) as gongkai:
        gongkai.sync()  # repair the vector side first, e.g. after a deleted Chroma folder
        return 1 if ingest_with_progress(gongkai, files, workers=args.workers) else 0


def cmd_remove(args: argparse.Namespace) -> int:
    from assistant.engine import open_index

    with open_index(data_dir(args.data), must_exist=True) as index:
        if not index.remove(args.file):
            print(f"索引中没有「{args.file}」这份报告", file=sys.stderr)
            return 1
    print(f"已删除 {args.file}")
    return 0


def _parse_or_report(path: Path) -> ParsedReport | None:
    try:
        return parse_file(path, path.name)[1]
    except ReadError as exc:
        print(f"无法解析 {path}：{exc}", file=sys.stderr)
        return None


def cmd_tables(args: argparse.Namespace) -> int:
    parsed = _parse_or_report(args.file)
    if parsed is None:
        return 1
    if args.json:
        print(json.dumps(tables_json(parsed), ensure_ascii=False, indent=1))
    else:
        for cid, c in parsed.cells.items():
            print(f"{cid}\t{'' if c.value is None else c.value}\t{STATUS_ZH[c.status]}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    parsed = _parse_or_report(args.file)
    if parsed is None:
        return 1
    print(render_report(parsed))
    broken = [c for c in parsed.checks if c.status == "broken"]
    return 2 if broken else 0


def cmd_ask(args: argparse.Namespace) -> int:
    from ui.cli_ask import run_ask

    return run_ask(args, data_dir(args.data))


def cmd_eval(args: argparse.Namespace) -> int:
    from ui.evaluate import run_eval

    return run_eval(args.exam_dir, data_dir(args.data), args.corpus)


def cmd_serve(args: argparse.Namespace) -> int:
    from ui.server import serve

    if args.corpus is not None and not args.corpus.is_dir():
        raise OperatorError(f"没有找到语料文件夹 {args.corpus}：请检查 --corpus")
    check_port(args.host, args.port)
    return serve(data_dir(args.data), args.corpus or Path("corpus"), args.host, args.port)


COMMANDS = {
    "ingest": cmd_ingest,
    "remove": cmd_remove,
    "tables": cmd_tables,
    "check": cmd_check,
    "ask": cmd_ask,
    "eval": cmd_eval,
    "serve": cmd_serve,
}

if __name__ == "__main__":
    sys.exit(main())
