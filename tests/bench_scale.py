"""A province's archive on one machine (printed, not asserted): `make bench-scale`.

`.venv/bin/python tests/bench_scale.py [N ...] [--embed]` (default N: 16 1000 10000). Each N builds an
index of N reports made from the corpus: copy k of every report gets new place names (so every agency
is distinct, with the parents kept: copy k of 淮安市 is the parent of copy k of 洪泽区) and every cell
multiplied by k + 1 (so the 勾稽 rules still hold and a figure of another copy is told apart). By default
the passages reuse the corpus's real vectors plus a little noise, so 10,000 reports build in minutes;
`--embed` embeds every copy's text for real.

Printed per N: build speed, data size per report, `sync` time, serve start (the real `gongkai serve`
until it listens), its RSS after 50 questions over HTTP, and figure and text p50/p95 with how many of
those answers came from the asked report. Cold ingest of the real corpus is measured once, against the
model's own speed on the same passages; on the first N, latency with one embedding thread per call and
with every core, on a quiet and on a busy machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.engine import DB_NAME, Gongkai  # noqa: E402
from assistant.understand.agencies import read_places  # noqa: E402
from index.document import Document  # noqa: E402
from index.ingest import expand, parse_file  # noqa: E402
from index.model import ParsedReport, Source  # noqa: E402
from index.passages import Passage, chunk  # noqa: E402
from index.store.embeddings import THREADS_VAR, available_cores, load_embeddings  # noqa: E402
from index.store.reports import Store  # noqa: E402
from index.store.vector_sink import report_items  # noqa: E402
from index.store.vectors import VectorIndex, indexed_text  # noqa: E402
from tests.helpers import CORPUS, ROOT  # noqa: E402

# Characters common in county names and rare in other words, so a made-up place reads as a place.
PLACE_CHARS = "".join(
    dict.fromkeys(
        "沁沅溧涟濉泗睢邳渭洮岷岢岚崂峄郯莒郓鄄滁涡颍亳歙黟婺衢缙遂泾旌汶沂洙泌澧湄汨浏醴攸郴溆澄鄞嵊嵩邙岐郿鄠潼蒲邠彬鄜麟泷渑峪沣浐灞泸涪邡郫崃邛"
    )
)
NOISE = 0.01
BATCH = 50
MISSES_SHOWN = 5
QUESTIONS = 50
FIGURE = "requests.new.total"


@dataclasses.dataclass(frozen=True)
class Base:
    """One corpus report, parsed once, with the places its agency name starts with."""

    file: str
    document: Document
    parsed: ParsedReport
    passages: list[Passage]
    places: tuple[str, ...]


def load_bases() -> list[Base]:
    bases = []
    for source in expand([CORPUS]):
        document, parsed = parse_file(source.path, source.name)
        places, _ = read_places(parsed.meta.agency, 0)  # as written (沐阳, not normalised to 沭阳): renamed in the text
        bases.append(Base(source.name, document, parsed, chunk(document), places))
    return bases


def place_names(count: int) -> list[str]:
    """`count` distinct two-character places, in a fixed pseudo-random order."""
    pairs = [a + b for a in PLACE_CHARS for b in PLACE_CHARS if a != b]
    random.Random(7).shuffle(pairs)
    if count > len(pairs):
        raise SystemExit(f"最多能造 {len(pairs)} 个地名，需要 {count} 个")
    return pairs[:count]


def copy_of(base: Base, k: int, rename: dict[str, str]) -> tuple[str, Document, ParsedReport, list[Passage]]:
    """Copy k of a report: places renamed everywhere, every number scaled by k + 1."""

    def text(s: str) -> str:
        for old, new in rename.items():
            s = s.replace(old, new)
        return s

    factor = k + 1
    meta = dataclasses.replace(
        base.parsed.meta, agency=text(base.parsed.meta.agency), title=text(base.parsed.meta.title)
    )
    cells = {
        cid: dataclasses.replace(
            c,
            value=None if c.value is None else c.value * factor,
            readings=tuple(r * factor for r in c.readings),
            source=dataclasses.replace(c.source, text=text(c.source.text)) if isinstance(c.source, Source) else None,
        )
        for cid, c in base.parsed.cells.items()
    }
    file = f"copy{k:05d}/{base.file}"
    parsed = dataclasses.replace(base.parsed, file=file, meta=meta, cells=cells)
    document = dataclasses.replace(
        base.document, blocks=[dataclasses.replace(b, text=text(b.text)) for b in base.document.blocks]
    )
    passages = [dataclasses.replace(p, text=text(p.text), section=text(p.section)) for p in base.passages]
    return file, document, parsed, passages


def base_vectors(bases: list[Base]) -> dict[str, np.ndarray]:
    """The real vectors of every corpus passage, embedded once for all N."""
    model = load_embeddings()
    return {
        b.file: np.asarray(
            model.embed_documents([indexed_text(i) for i in report_items(0, b.parsed.meta.title, b.passages)])
        )
        for b in bases
    }


def build(data: Path, bases: list[Base], real: dict[str, np.ndarray], n: int, embed: bool) -> tuple[float, list[dict]]:
    """Write n reports; returns seconds and, per report, what a question about it should find.

    Reports are written BATCH at a time (one transaction, one Chroma call), as a bulk load would.
    """
    store = Store(data / DB_NAME)
    vectors = VectorIndex(data, load_embeddings(cache_path=data / "embeddings.sqlite3"))
    stems = sorted({p for b in bases for p in b.places})
    copies = -(-n // len(bases))
    names = place_names(copies * len(stems))
    rng = np.random.default_rng(1)
    expected = []
    jobs = [(k, base) for k in range(copies) for base in bases][:n]
    started = time.perf_counter()
    for start in range(0, n, BATCH):
        items, noisy = [], []
        with store.transaction() as db:
            for k, base in jobs[start : start + BATCH]:
                rename = {} if k == 0 else {old: names[k * len(stems) + i] for i, old in enumerate(stems)}
                file, document, parsed, passages = copy_of(base, k, rename)
                report_id = store.insert_report(db, parsed, f"synthetic-{file}", document, passages)
                items += report_items(report_id, parsed.meta.title, passages)
                noise = rng.normal(0, NOISE, real[base.file].shape) if k else 0
                noisy.append(real[base.file] + noise)
                figure = parsed.cells.get(FIGURE)
                stated = figure is not None and figure.status == "stated"
                expected.append(
                    {
                        "file": file,
                        "agency": parsed.meta.agency,
                        "year": parsed.meta.year,
                        "value": figure.value if stated else None,
                    }
                )
        if embed:
            vectors.upsert(items)
        else:
            stacked = np.vstack(noisy)
            vectors._write(items, (stacked / np.linalg.norm(stacked, axis=1, keepdims=True)).tolist())
    seconds = time.perf_counter() - started
    vectors.close()
    store.close()
    return seconds, expected


def cold_ingest() -> None:
    """The real pipeline on the real corpus, and the model alone on the same texts."""
    with tempfile.TemporaryDirectory() as tmp:
        g = Gongkai(Path(tmp))
        files = expand([CORPUS])
        started = time.perf_counter()
        list(g.ingest(files))
        ingest = time.perf_counter() - started
        texts = [indexed_text(i) for r in g.store.reports() for i in g.sink.items_for(r.id)]
        g.close()
    model = load_embeddings()
    started = time.perf_counter()
    model.embed_documents(texts)
    alone = time.perf_counter() - started
    print(
        f"真实语料冷启动导入：{len(files)} 份 {ingest:.1f} s（{len(files) / ingest * 3600:,.0f} 份/小时）；"
        f"模型单独嵌入同样的 {len(texts)} 段 {alone:.1f} s：导入速度为模型速度的 {alone / ingest:.0%}"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(data: Path, threads: int = 1) -> tuple[subprocess.Popen, float, int]:
    """The real `gongkai serve` on `data` with no corpus to add, `threads` per model call; seconds until it
    listens."""
    port = free_port()
    empty = data / "no-corpus"
    empty.mkdir(exist_ok=True)
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "ui.cli", "serve", "--data", str(data), "--corpus", str(empty), "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, THREADS_VAR: str(threads)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    for line in process.stdout:
        if "服务已启动" in line:
            return process, time.perf_counter() - started, port
    raise SystemExit("gongkai serve 没有启动")


def ask(port: int, question: str) -> tuple[dict, float]:
    body = json.dumps({"question": question}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/ask", body, {"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.load(response)
    return answer, (time.perf_counter() - started) * 1000


def rss_mb(pid: int) -> tuple[float, float]:
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024


def questions(port: int, expected: list[dict]) -> None:
    """25 figure and 25 text questions about random reports; right = answered from the asked report."""
    rng = random.Random(3)
    with_figure = [e for e in expected if e["value"] is not None]
    for e in rng.sample(with_figure, 3):  # warm-up: model, jieba, agency list
        ask(port, f"{e['agency']}{e['year']}年收到多少件政府信息公开申请")
    renditions: dict[tuple[str, int], set[str]] = {}
    for e in expected:
        renditions.setdefault((e["agency"], e["year"]), set()).add(e["file"])
    times: dict[str, list[float]] = {"figure": [], "text": []}
    right = {"figure": 0, "text": 0}
    misses = []
    for i in range(QUESTIONS):
        kind = "figure" if i % 2 == 0 else "text"
        e = rng.choice(with_figure if kind == "figure" else expected)
        asked = renditions[(e["agency"], e["year"])]
        if kind == "figure":
            question = f"{e['agency']}{e['year']}年本年新收政府信息公开申请多少件"
            answer, ms = ask(port, question)
            got = {(f["file"], f["value"]) for f in answer.get("figures", [])}
            ok = bool(got) and {f for f, _ in got} <= asked and {v for _, v in got} == {e["value"]}
        else:
            question = f"{e['agency']}{e['year']}年政府信息公开工作存在哪些问题"
            answer, ms = ask(port, question)
            files = {c["file"] for c in answer.get("citations", [])}
            ok = answer.get("route") == "text" and bool(files) and files <= asked
        right[kind] += ok
        if not ok:
            misses.append(f"{question} → {answer.get('answer', '')[:60]}")
        times[kind].append(ms)
    for kind, label in (("figure", "数字题"), ("text", "文字题")):
        t = sorted(times[kind])
        p95 = t[min(len(t) - 1, int(len(t) * 0.95))]
        print(f"  {label}：p50 {statistics.median(t):.0f} ms，p95 {p95:.0f} ms；答自所问报告 {right[kind]}/{len(t)}")
    for miss in misses[:MISSES_SHOWN]:
        print(f"    未答对：{miss}")


def _spin() -> None:
    while True:
        pass


def compare_threads(data: Path, expected: list[dict]) -> None:
    """Text and figure latency with one thread per model call and with every core, on a quiet machine
    and with every core kept busy by other processes (as beside other services)."""
    for busy in (False, True):
        spinners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(available_cores() if busy else 0)]
        for spinner in spinners:
            spinner.start()
        try:
            for threads in dict.fromkeys((1, available_cores())):
                process, _, port = serve(data, threads)
                try:
                    print(f"  嵌入线程 {threads}，{'其他进程占满全部核心' if busy else '机器空闲'}：")
                    questions(port, expected)
                finally:
                    process.terminate()
                    process.wait(timeout=30)
        finally:
            for spinner in spinners:
                spinner.terminate()


def measure(n: int, bases: list[Base], real: dict[str, np.ndarray], embed: bool, threads: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        seconds, expected = build(data, bases, real, n, embed)
        size = sum(f.stat().st_size for f in data.rglob("*") if f.is_file())
        how = "真实嵌入" if embed else "复用真实向量加噪声"
        print(
            f"N = {n:,}：建库 {seconds:.0f} s（{n / seconds * 3600:,.0f} 份/小时，{how}），"
            f"数据 {size / n / 1024:.0f} KB/份"
        )
        g = Gongkai(data, serving=True)
        started = time.perf_counter()
        changed = g.sync()
        print(f"  sync：{time.perf_counter() - started:.2f} s（修复 {changed} 份）")
        g.close()
        process, ready, port = serve(data)
        try:
            print(f"  服务启动到可访问：{ready:.1f} s")
            questions(port, expected)
            rss, peak = rss_mb(process.pid)
            print(f"  服务进程内存：RSS {rss:.0f} MB，峰值 {peak:.0f} MB")
        finally:
            process.terminate()
            process.wait(timeout=30)
        if threads:
            compare_threads(data, expected)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[16, 1000, 10000])
    parser.add_argument("--embed", action="store_true", help="真实嵌入每一份副本（慢）")
    parser.add_argument("--skip-ingest", action="store_true", help="不测真实语料的冷启动导入")
    args = parser.parse_args()
    if not args.skip_ingest:
        cold_ingest()
    bases = load_bases()
    real = base_vectors(bases)
    for i, n in enumerate(args.sizes):
        measure(n, bases, real, args.embed, threads=i == 0)  # the thread settings once, on the smallest


if __name__ == "__main__":
    main()
