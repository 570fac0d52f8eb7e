"""`gongkai serve` (what `make run` runs): index the corpus, then serve the web app.

Unchanged files are a no-op on ingest, so only the first start pays for embedding.
"""

from __future__ import annotations

import sys
from pathlib import Path

import uvicorn

from assistant.engine import Gongkai
from index.ingest import expand
from ui.app import create_app
from ui.progress import ingest_with_progress

LOCAL_HOSTS = ("0.0.0.0", "::", "")


def serve(data_dir: Path, corpus: Path, host: str, port: int) -> int:
    gongkai = Gongkai(data_dir, serving=True)
    try:
        ingest_corpus(gongkai, corpus)
        gongkai.sync()
        gongkai.warm_up()
        address = f"http://{'127.0.0.1' if host in LOCAL_HOSTS else host}:{port}"
        config = uvicorn.Config(create_app(gongkai), host=host, port=port, log_level="warning")
        _AnnouncingServer(config, address).run()
    finally:
        gongkai.close()
    return 0


def ingest_corpus(gongkai: Gongkai, corpus: Path) -> None:
    if not corpus.is_dir():
        print(f"没有找到语料文件夹 {corpus}，跳过导入", file=sys.stderr)
        return
    ingest_with_progress(gongkai, expand([corpus]), quiet_unchanged=True)


class _AnnouncingServer(uvicorn.Server):
    """Says where to open the app once the socket really listens."""

    def __init__(self, config: uvicorn.Config, address: str):
        super().__init__(config)
        self.address = address

    async def startup(self, sockets=None) -> None:
        await super().startup(sockets)
        if self.started:
            print(f"服务已启动：{self.address}", flush=True)
