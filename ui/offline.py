"""gradio's page at "/" is its template, not ours: it names gradio's site and an image on GitHub in its link-preview
meta tags, calls itself 「Gradio」 with 「Click to try out the app!」 in them, and says it is English (`lang="en"`).
As that one page is sent, its link-preview tags are replaced by Chinese ones of this app and its language is
zh-CN, so a preview, a screen reader and a translator all take it as the Chinese page it is. Every other page
is ours and names only this site. (/docs is served from packaged files, ui/app.py.)"""

from __future__ import annotations

import html
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CHAT_PAGE = "/"
TITLE = "政务公开问答"
DESCRIPTION = "回答各机关政府信息公开工作年度报告中的问题，数字取自年报统计表，每句话都注明出处。"
_PREVIEW_META = re.compile(rb"<meta\s[^>]*\b(?:property=\"og:|name=\"twitter:)[^>]*>\s*", re.S)
_EXTERNAL_META = re.compile(rb"<meta\b[^>]*\bcontent=\"https?://[^\"]*\"[^>]*>\s*", re.S)
_HTML_LANG = re.compile(rb"<html\b([^>]*?)\blang=\"[^\"]*\"", re.S)
_CHARSET = re.compile(rb"<meta charset=\"utf-8\"\s*/?>", re.I)
OUR_META = "".join(
    f'<meta property="{name}" content="{html.escape(value)}">'
    for name, value in (("og:title", TITLE), ("og:description", DESCRIPTION), ("og:type", "website"))
).encode()


def chinese_page(body: bytes) -> bytes:
    """gradio's page with its preview tags ours and in Chinese, and its language zh-CN."""
    body = _EXTERNAL_META.sub(b"", _PREVIEW_META.sub(b"", body))
    body = _HTML_LANG.sub(rb'<html\1lang="zh-CN"', body, count=1)
    return _CHARSET.sub(lambda m: m.group(0) + OUR_META, body, count=1)


class OfflineChatPage:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != CHAT_PAGE:
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def in_chinese(message: Message) -> None:
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
                body = chinese_page(body)
                headers["content-length"] = str(len(body))
            await send(start)
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, in_chinese)
