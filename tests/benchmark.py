"""Speed and memory, printed (not asserted): `make bench` or `.venv/bin/python tests/benchmark.py`.

Ingest throughput is measured cold (empty data dir and embedding cache) and again for an
unchanged corpus; question latency per route after a warm-up, over the dev exam questions.
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.engine import Gongkai  # noqa: E402
from index.ingest import expand  # noqa: E402
from tests.helpers import CORPUS, EXAM  # noqa: E402
from ui.evaluate import load_exam  # noqa: E402

ROUNDS = 3


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        gongkai = Gongkai(Path(tmp))
        files = expand([CORPUS])
        started = time.perf_counter()
        list(gongkai.ingest(files))
        cold = time.perf_counter() - started
        passages = len(gongkai.store.passages())
        items = len(gongkai.vectors.ids())
        started = time.perf_counter()
        list(gongkai.ingest(files))
        unchanged = time.perf_counter() - started
        print(
            f"导入（冷启动）：{len(files)} 个文件 {cold:.1f} s，{len(files) / cold:.2f} 文件/s，"
            f"{items / cold:.1f} 条向量/s（{passages} 段落）"
        )
        print(f"再次导入未变化的语料：{unchanged:.2f} s")

        questions = load_exam(EXAM)
        for q in questions[:10]:
            gongkai.ask(q["question"])  # warm-up: retriever, jieba, model
        by_route: dict[str, list[float]] = {}
        for _ in range(ROUNDS):
            for q in questions:
                started = time.perf_counter()
                result = gongkai.ask(q["question"])
                by_route.setdefault(result["route"], []).append((time.perf_counter() - started) * 1000)
        for route, times in sorted(by_route.items()):
            times.sort()
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(f"路由 {route:<6} n={len(times):<4} p50 {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"进程内存峰值：{peak:.0f} MB")
        gongkai.close()


if __name__ == "__main__":
    main()
