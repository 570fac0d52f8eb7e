"""The web app: JSON API, staff and source pages, the portal widget, and the gradio chat at "/".

Every route of this package is registered before gradio is mounted at "/", which would
otherwise answer every path.
"""

from __future__ import annotations

import gradio as gr
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from assistant.engine import Gongkai
from ui import api, compare, errors, feedback, page_image, pages, portal, questions, upload
from ui.chat import HEAD, build_chat
from ui.gradio_guard import GradioGuard
from ui.headers import SecurityHeaders
from ui.html import STATIC
from ui.offline import OfflineChatPage
from ui.portal import STATIC_DIR
from ui.settings import Settings


def create_app(gongkai: Gongkai, settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    # FastAPIOffline serves /docs from packaged files instead of a CDN; ReDoc is off (its script fetches a logo
    # from one), and so is Swagger's validator badge (an image from validator.swagger.io).
    app = FastAPIOffline(
        title="政务公开年报问答 API",
        description="政府信息公开工作年度报告问答：数字取自年报统计表，每个回答都带出处。"
        "上传报告需要管理员令牌（`Authorization: Bearer 令牌`）。",
        version="0.1.0",
        static_url="/docs-static",
        redoc_url=None,
        swagger_ui_parameters={"validatorUrl": None},
    )
    app.add_middleware(SecurityHeaders, settings=settings)
    app.add_middleware(OfflineChatPage)
    app.include_router(api.router(gongkai, settings))
    app.include_router(upload.router(gongkai, settings))
    app.include_router(feedback.router(gongkai))
    app.include_router(questions.router(gongkai))
    app.include_router(pages.router(gongkai))
    app.include_router(page_image.router(gongkai))
    app.include_router(compare.router(gongkai))
    app.include_router(portal.router(gongkai, settings))
    app.mount(STATIC, StaticFiles(directory=STATIC_DIR), name="gk-static")
    gr.mount_gradio_app(
        app,
        build_chat(gongkai, settings),
        path="/",
        head=HEAD,
        css_paths=[STATIC_DIR / "chat.css"],
        footer_links=[],
        show_error=False,  # gradio's messages are its exceptions, in English; ours are gr.Error (ui/gradio_guard.py)
    )
    errors.install(app, errors.gradio_of(app), own_limits=(("POST", upload.PATH),))
    app.add_middleware(GradioGuard)
    return app
