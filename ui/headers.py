"""Response headers that decide who may embed what: CORS for /api/* (only the allowed portal
origins), and a Content-Security-Policy whose frame-ancestors let those portals frame /embed
and the source view it opens; every other page may only be framed by this site itself. Images come
from this site only on every page (gradio's chat included), so no report text can make a browser
fetch from elsewhere."""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ui.settings import Settings

API_PREFIX = "/api/"
EMBEDDABLE = ("/embed", "/source")
# Pages this package renders: no inline script anywhere, so the policy can forbid it.
OWN_PAGES = ("/reports", "/compare", "/questions", "/demo", *EMBEDDABLE)
IMAGES = "img-src 'self' data:"
OWN_POLICY = f"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; {IMAGES}"


class SecurityHeaders:
    def __init__(self, app: ASGIApp, settings: Settings):
        self.app = app
        self.origins = frozenset(settings.allowed_origins)
        self.portals = " ".join(("'self'", *settings.allowed_origins))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        request = Headers(scope=scope)
        origin = request.get("origin", "")
        cors = path.startswith(API_PREFIX) and origin in self.origins
        if cors and scope["method"] == "OPTIONS" and "access-control-request-method" in request:
            await Response(status_code=204, headers=self._cors(origin, preflight=True))(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if cors:
                    for key, value in self._cors(origin, preflight=False).items():
                        headers[key] = value
                headers.setdefault("Content-Security-Policy", self._policy(path))
                headers.setdefault("X-Content-Type-Options", "nosniff")
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _policy(self, path: str) -> str:
        ancestors = self.portals if _under(path, EMBEDDABLE) else "'self'"
        if _under(path, OWN_PAGES):
            return f"{OWN_POLICY}; frame-ancestors {ancestors}"
        return f"{IMAGES}; frame-ancestors {ancestors}"

    @staticmethod
    def _cors(origin: str, preflight: bool) -> dict[str, str]:
        headers = {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        if preflight:
            # No Authorization header: uploads stay with the staff view on this site.
            headers |= {
                "Access-Control-Allow-Methods": "GET, POST",
                "Access-Control-Allow-Headers": "Content-Type",
                "Access-Control-Max-Age": "600",
            }
        return headers


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(p + "/") for p in prefixes)
