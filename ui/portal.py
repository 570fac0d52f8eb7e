"""What a government portal embeds: /widget.js, the light /embed chat it opens, and /demo,
a made-up portal page that uses the widget exactly as a real one would."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from assistant.answer.examples import example_questions
from assistant.engine import Gongkai
from index.normalize import clean_line
from ui.html import esc, page
from ui.settings import Settings

STATIC_DIR = Path(__file__).parent / "static"
DEFAULT_TITLE = "政务公开问答"
MAX_TITLE_CHARS = 30
MAX_AGENCY_CHARS = 60
DEMO_NEWS = ("关于做好政务公开工作的通知", "政府信息公开指南", "政府信息公开工作年度报告", "依申请公开办理流程")


def router(gongkai: Gongkai, settings: Settings) -> APIRouter:
    portal = APIRouter(include_in_schema=False)

    @portal.get("/widget.js")
    def widget() -> FileResponse:
        return FileResponse(
            STATIC_DIR / "widget.js",
            media_type="application/javascript; charset=utf-8",
            headers={"Cache-Control": "public, max-age=300"},
        )

    @portal.get("/embed", response_class=HTMLResponse)
    def embed(agency: str = "", title: str = "") -> str:
        agency = clean_line(agency)[:MAX_AGENCY_CHARS]
        title = clean_line(title)[:MAX_TITLE_CHARS] or DEFAULT_TITLE
        scope = f"，默认查询{esc(agency)}的年报" if agency else ""
        chips = "".join(
            f'<button type="button" class="example">{esc(q)}</button>'
            for q in example_questions(gongkai.agencies(), agency or None)
        )
        body = (
            f'<div class="embed" data-agency="{esc(agency)}" data-max="{settings.max_question_chars}">'
            f"<header><h1>{esc(title)}</h1></header>"
            '<main id="log" aria-live="polite">'
            f'<div class="msg bot">您好！我根据政府信息公开工作年度报告回答问题{scope}。'
            "数字取自年报统计表，点击 [1] 这样的标记可查看原文。</div>"
            f'<div class="examples">{chips}</div></main>'
            '<form id="ask"><textarea name="question" rows="2" required aria-label="您的问题"'
            ' placeholder="请输入您的问题"'
            f' maxlength="{settings.max_question_chars}"></textarea><button type="submit">发送</button></form>'
            '<div id="source" hidden><button type="button" id="back">← 返回对话</button>'
            '<iframe name="gk-source" title="出处原文"></iframe></div></div>'
        )
        return page(title, body, scripts=("feedback.js", "embed.js"), css="embed.css")

    @portal.get("/demo", response_class=HTMLResponse)
    def demo(request: Request) -> str:
        agencies = sorted(gongkai.agencies(), key=lambda a: (-len(a.years), a.name))
        name = agencies[0].name if agencies else "示例市人民政府"
        scope = f' data-agency="{esc(name)}"' if agencies else ""
        news = "".join(f'<li><a href="#">{esc(t)}</a></li>' for t in DEMO_NEWS)
        body = (
            f'<div class="portal"><header class="banner"><h1>{esc(name)}门户网站</h1>'
            '<nav><a href="#">首页</a><a href="#">政务公开</a><a href="#">政务服务</a><a href="#">互动交流</a></nav>'
            '</header><main><p class="notice">演示页面：模拟门户网站，右下角的“政务公开问答”按钮由一行'
            " &lt;script&gt; 嵌入。</p>"
            f'<section><h2>政务公开</h2><ul class="news">{news}</ul></section></main>'
            f"<footer>{esc(name)} 主办</footer></div>"
            f'<script src="{esc(str(request.base_url))}widget.js" data-title="{DEFAULT_TITLE}"{scope} async></script>'
        )
        return page(f"{name}门户网站（演示）", body, css="demo.css")

    return portal
