"""What gradio answers by itself, made to answer like the rest of the app: in Chinese, without internals,
and a bad call as a bad request rather than a 500.

- The chat shows and takes no files, so gradio's upload route (which would store any file anyone sends
  under the temp folder, and answers a bad multipart body in English plain text) is refused.
- Gradio builds its error messages from the exception (a pydantic trace for a malformed conversation,
  its component objects for a wrong number of inputs); with `show_error=False` on the mount it keeps
  them out of every answer, and only our own `gr.Error` messages (Chinese) are shown.
- The queue's event stream reports such a failure with no message under the English title "Error":
  the message and title are filled in, in Chinese.
- Its direct-call routes (`/gradio_api/run/…`) answer a failed call with status 500; a call our events
  could not take is the caller's error, so it is answered 400 with a Chinese message. A failure inside
  an event is our error: the event says so itself in Chinese (ui/chat.py) and the status stays.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ui.errors import error_response

BAD_CALL = "对话接口的请求不正确（事件、参数个数或内容不符合要求）"
NO_UPLOADS = "对话页不接受上传文件；上传年报请使用工作人员页面 /reports"
UPLOAD_PATHS = ("/gradio_api/upload", "/gradio_api/upload_progress")
DIRECT_CALLS = "/gradio_api/run/"
EVENT_STREAM = "/gradio_api/queue/data"
# How gradio's queue (orjson, compact) reports a failure whose message it keeps to itself.
_UNREPORTED = b'"output":{"error":null},"success":false,"title":"Error"'
_REPORTED = b'"output":' + json.dumps({"error": BAD_CALL}, ensure_ascii=False, separators=(",", ":")).encode()
_REPORTED += ',"success":false,"title":"请求不正确"'.encode()
_MAX_ERROR_BODY = 64 * 1024  # gradio's error bodies are small; anything larger is passed on as it is


class GradioGuard:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path in UPLOAD_PATHS:
            response = error_response(Request(scope, receive), 404, NO_UPLOADS)
            await response(scope, receive, send)
            return
        if scope["method"] == "POST" and path.startswith(DIRECT_CALLS):
            await self.app(scope, receive, _BadCallAs400(send))
            return
        if path == EVENT_STREAM:
            await self.app(scope, receive, _filled_in(send))
            return
        await self.app(scope, receive, send)


class _BadCallAs400:
    """Holds back a 500 answer of a direct call and sends it as 400 when gradio kept its message to
    itself (`{"error": null}`), i.e. the failure was not one our events reported."""

    def __init__(self, send: Send):
        self.send = send
        self.start: Message | None = None
        self.body = b""

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] == 500:
            self.start = message
            return
        if self.start is None or message["type"] != "http.response.body":
            await self.send(message)
            return
        self.body += message.get("body", b"")
        if message.get("more_body") and len(self.body) < _MAX_ERROR_BODY:
            return
        start, body = self.start, self.body
        if not message.get("more_body") and _unreported(body):
            body = json.dumps({"error": BAD_CALL, "detail": BAD_CALL}, ensure_ascii=False).encode()
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            start = {**start, "status": 400, "headers": [*headers, (b"content-length", str(len(body)).encode())]}
        self.start = None
        await self.send(start)
        await self.send({"type": "http.response.body", "body": body, "more_body": message.get("more_body", False)})


def _filled_in(send: Send) -> Send:
    async def filled(message: Message) -> None:
        if message["type"] == "http.response.body" and _UNREPORTED in message.get("body", b""):
            message = {**message, "body": message["body"].replace(_UNREPORTED, _REPORTED)}
        await send(message)

    return filled


def _unreported(body: bytes) -> bool:
    try:
        payload = json.loads(body)
    except ValueError:
        return False
    return isinstance(payload, dict) and payload.get("error") is None
