"""Every error answers in Chinese, as JSON for API clients and as a page for browsers, and no request
ever sees a traceback: unknown paths and methods, malformed or oversized bodies, wrong types, and
any exception the code did not expect (logged with its trace, answered with 服务器内部错误).

The same handlers serve the gradio app mounted at "/", which otherwise answers unknown paths and its own
failures itself, in English; only its 404s and 405s are translated there, its other errors are messages its
own client reads. Gradio catches what our event functions raise and reports it to its client; what still
escapes its routes is a call it could not take (an unknown fn_index, too few inputs, text it cannot encode),
so that is answered as a bad request (400), with the trace in the log.
"""

from __future__ import annotations

import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ui.html import esc, page

log = logging.getLogger("gongkai")

SERVER_ERROR = "服务器内部错误，请稍后再试；如果一直出现，请联系网站管理员"
STATUS_ZH = {
    400: "请求内容无法解析",
    401: "需要管理员令牌",
    403: "没有权限",
    404: "没有这个页面",
    405: "不支持这种请求方法",
    413: "请求内容太大",
    415: "不支持这种请求内容类型",
    422: "请求格式不正确",
    429: "请求太频繁，请稍后再试",
    500: SERVER_ERROR,
    503: "服务繁忙，请稍后再试",
}
JSON_PREFIXES = ("/api/", "/gradio_api/", "/healthz", "/openapi.json")
MAX_BODY_BYTES = 1024 * 1024  # a question with its history is a few KB; uploads have their own limit
MAX_CHAT_BODY_BYTES = 8 * MAX_BODY_BYTES  # gradio posts the whole conversation shown, answers included
_CJK = re.compile(r"[\u4e00-\u9fff]")


def install(app: FastAPI, gradio_app: FastAPI, own_limits: tuple[tuple[str, str], ...]) -> None:
    """Handlers on `app` and on `gradio_app` (mounted in it), and the body cap in front of both;
    `own_limits` are the (method, path) routes that cap their own body (uploads)."""
    app.add_exception_handler(HTTPException, _http_error(app, translate_all=True))
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(Exception, _server_error)
    gradio_app.add_exception_handler(HTTPException, _http_error(app, translate_all=False))
    gradio_app.add_exception_handler(RequestValidationError, _invalid_request)
    gradio_app.add_exception_handler(Exception, _gradio_failure)
    app.add_middleware(BodyLimit, own_limits=own_limits)


def gradio_of(app: FastAPI) -> FastAPI:
    return next(r.app for r in app.routes if isinstance(r, Mount) and r.path == "")


def error_response(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
    """JSON `{"detail": message}` for API paths and clients that do not ask for HTML, else a page."""
    path = request.url.path
    if path.startswith(JSON_PREFIXES) or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    body = f'<header><a href="/">← 返回问答</a></header><main><p class="hint">{esc(message)}</p></main>'
    return HTMLResponse(page(message, body), status_code=status, headers=headers)


def _http_error(app: FastAPI, translate_all: bool):
    async def handle(request: Request, exc: HTTPException) -> Response:
        status, detail, headers = exc.status_code, exc.detail, exc.headers
        if status in (404, 405) and (allowed := _methods_elsewhere(app, request.scope)):
            status, headers = 405, {"Allow": ", ".join(allowed)}
            detail = f"不支持 {request.method} 请求，请使用 {'、'.join(allowed)}"
        elif not translate_all and status not in (404, 405):
            return JSONResponse({"detail": detail}, status_code=status, headers=headers)
        if not isinstance(detail, str) or not _CJK.search(detail):
            detail = STATUS_ZH.get(status, f"请求未能完成（HTTP {status}）")
        return error_response(request, status, detail, headers)

    return handle


def _methods_elsewhere(app: FastAPI, scope: Scope) -> list[str]:
    """The methods our own routes take at this path, when the request used another one."""
    return sorted(_methods(app.routes, {**scope, "root_path": ""}) - {"HEAD"})


def _methods(routes: list, scope: Scope) -> set[str]:
    methods: set[str] = set()
    for route in routes:
        if isinstance(route, Mount):
            continue
        if included := getattr(route, "original_router", None):  # FastAPI wraps each included router
            methods |= _methods(included.routes, scope)
        elif route.matches(scope)[0] is Match.PARTIAL:
            methods |= getattr(route, "methods", None) or set()
    return methods


# What a pydantic error type means, said of the field it names.
_INVALID_ZH = {
    "missing": "缺少{field}",
    "too_long": "{field}太长（最多 {max_length} 项）",
    "string_too_long": "{field}太长（最多 {max_length} 字）",
    "enum": "{field}只能是 {expected}",
    "extra_forbidden": "不认识的字段{field}",
    "string_type": "{field}应为文字",
    "int_parsing": "{field}应为整数",
    "int_type": "{field}应为整数",
    "list_type": "{field}应为列表",
    "model_attributes_type": "请求内容应为 JSON 对象",
    "dict_type": "请求内容应为 JSON 对象",
}


async def _invalid_request(request: Request, exc: RequestValidationError) -> Response:
    """FastAPI's validation errors are English; say in Chinese what was wrong, field by field."""
    errors = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errors):
        return error_response(request, 400, "请求内容不是有效的 JSON")
    problems = dict.fromkeys(_invalid_zh(e) for e in errors)
    return error_response(request, 422, f"请求格式不正确：{'；'.join(problems)}")


def _invalid_zh(error: dict) -> str:
    loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")]
    field = f" {loc[0]} " if loc else "请求内容"
    template = _INVALID_ZH.get(error.get("type", ""), "{field}格式不正确")
    ctx = error.get("ctx") or {}
    expected = str(ctx.get("expected", "")).replace("' or '", "'、'").replace("', '", "'、'")
    return template.format(field=field, max_length=ctx.get("max_length", ""), expected=expected).strip()


async def _server_error(request: Request, exc: Exception) -> Response:
    """The trace goes to the log (uvicorn logs it again as the exception leaves), never to the client."""
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return error_response(request, 500, SERVER_ERROR)


async def _gradio_failure(request: Request, exc: Exception) -> Response:
    log.warning("gradio could not take %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(request, 400, "对话接口的请求不正确（事件、参数个数或内容不符合要求）")


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int):
        super().__init__(413, f"请求内容太大（最多 {limit // 1024} KB）")


class BodyLimit:
    """Refuses a body over the cap by its Content-Length, or, for chunked bodies, as soon as the bytes
    read pass it; JSON API paths get MAX_BODY_BYTES, the chat MAX_CHAT_BODY_BYTES."""

    def __init__(self, app: ASGIApp, own_limits: tuple[tuple[str, str], ...]):
        self.app = app
        self.own_limits = frozenset(own_limits)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (scope["method"], scope["path"]) in self.own_limits:
            await self.app(scope, receive, send)
            return
        limit = MAX_BODY_BYTES if scope["path"].startswith("/api/") else MAX_CHAT_BODY_BYTES
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _reply(scope, receive, send, BodyTooLarge(limit))
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)


async def _reply(scope: Scope, receive: Receive, send: Send, exc: HTTPException) -> None:
    response = error_response(Request(scope, receive), exc.status_code, exc.detail)
    await response(scope, receive, send)
