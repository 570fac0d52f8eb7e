"""No page of the app names another site: gradio's page at "/" carries link-preview meta tags with gradio's own
site and an image on GitHub (its template, not ours). Those tags are taken out of that one page as it is sent;
every other page is ours and names only this site. (/docs is served from packaged files, ui/app.py.)"""

from __future__ import annotations

import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CHAT_PAGE = "/"
_EXTERNAL_META = re.compile(rb"<meta\b[^>]*\bcontent=\"https?://[^\"]*\"[^>]*>\s*", re.S)


class OfflineChatPage:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != CHAT_PAGE:
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def without_external_meta(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            headers = MutableHeaders(scope=start)
            if headers.get("content-type", "").startswith("text/html") and "content-encoding" not in headers:
                body = _EXTERNAL_META.sub(b"", body)
                headers["content-length"] = str(len(body))
            await send(start)
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, without_external_meta)
