"""Cold ingest of corpus/, this tree against a reference commit, in one run (printed, not asserted).

`.venv/bin/python tests/bench_ingest.py [REV]` (default REV: main). The reference is checked out into a
temporary worktree; every side (the reference, this tree, this tree with `--workers` = the available
cores) runs in fresh processes with empty data dirs and embedding caches, taking turns so that load from
other processes falls on all alike; the best of the rounds counts.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index.store.embeddings import available_cores  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 2
# Runs inside the tree being measured: ingest corpus/ cold, print seconds and what was embedded.
_MEASURE = """
import json, sys, tempfile, time
from pathlib import Path
from assistant.engine import Gongkai
from index.ingest import expand
with tempfile.TemporaryDirectory() as tmp:
    g = Gongkai(Path(tmp))
    files = expand([Path("corpus")])
    started = time.perf_counter()
    workers = int(sys.argv[1])
    results = list(g.ingest(files, workers) if workers > 1 else g.ingest(files))
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "files": len(files), "vectors": len(g.vectors.ids()),
                      "failed": sum(r.status == "failed" for r in results)}))
    g.close()
"""


def measure(tree: Path, workers: int = 1) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(workers)],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(reference: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ref_tree = Path(tmp) / "reference"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(ref_tree), reference], cwd=ROOT, check=True, capture_output=True
        )
        try:
            cores = available_cores()
            sides = {reference: (ref_tree, 1), "当前": (ROOT, 1), f"当前 --workers {cores}": (ROOT, cores)}
            runs: dict[str, list[dict]] = {name: [] for name in sides}
            for _ in range(ROUNDS):
                for name, (tree, workers) in sides.items():
                    runs[name].append(measure(tree, workers))
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(ref_tree)], cwd=ROOT, check=True)
    best = {name: min(r, key=lambda m: m["seconds"]) for name, r in runs.items()}
    for name, m in best.items():
        rounds = "、".join(f"{r['seconds']:.1f}" for r in runs[name])
        print(
            f"{name:<16} {m['files']} 个文件 {m['seconds']:6.1f} s，{m['vectors']} 条向量，失败 {m['failed']}"
            f"（各轮：{rounds} s）"
        )
    for name in list(sides)[1:]:
        print(f"冷启动导入加速（{name} 对 {reference}）：{best[reference]['seconds'] / best[name]['seconds']:.2f} 倍")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "main")
