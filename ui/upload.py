"""POST /api/reports: staff add a report with the admin token; it is searchable right away.

The upload is written to a temporary file that keeps the original name (the readers choose
by extension, and the stored `file` is that name), then goes through the same ingest as the
CLI, so a rejected file leaves the index untouched and the reason is the CLI's. The optional agency
and year fields are the CLI's --agency and --year. It is first read and
parsed in a child process with a time limit (ui/vetting.py), outside the ingest lock; ingest then
uses what the child read and parsed instead of parsing the file again.
"""

from __future__ import annotations

import hmac
import tempfile
import threading
from dataclasses import asdict
from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.engine import Gongkai
from index.ingest import FAILED, SKIPPED, IngestResult, InputFile
from index.normalize import clean_file_name, clean_line
from index.outcome import VERB_ZH
from index.parse.metadata import Supplied
from ui.schemas import ErrorMessage, UploadResult, admin_token
from ui.settings import Settings
from ui.vetting import vet

CHUNK = 1024 * 1024
PATH = "/api/reports"
# Reports exist since the 2008 regulations; a year beyond the next one is a typing slip.
MIN_YEAR, MAX_YEAR = 2008, 2100


def router(gongkai: Gongkai, settings: Settings) -> APIRouter:
    api = APIRouter()
    one_at_a_time = threading.Lock()  # ingest shares one SQLite connection with readers

    @api.post(
        PATH,
        summary="上传一份年报（需管理员令牌）",
        tags=["报告"],
        status_code=201,
        dependencies=[Depends(admin_token)],  # documents the token; _authorise checks it
        response_model=UploadResult,
        responses={
            200: {"model": UploadResult, "description": "内容未变化，未重新导入"},
            400: {"model": ErrorMessage, "description": "文件无法读取或解析"},
            401: {"model": ErrorMessage, "description": "管理员令牌不正确"},
            403: {"model": ErrorMessage, "description": "未配置管理员令牌，上传已关闭"},
            413: {"model": ErrorMessage, "description": "文件太大"},
        },
        openapi_extra={
            "requestBody": {
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "file": {"type": "string", "format": "binary"},
                                "agency": {"type": "string", "description": "机关名称（可选，优先于文件中读出的）"},
                                "year": {"type": "integer", "description": "年度（可选，优先于文件中读出的）"},
                            },
                        }
                    }
                }
            }
        },
    )
    async def upload(request: Request) -> JSONResponse:
        _authorise(request, settings)
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > settings.max_upload_bytes + CHUNK:
            raise HTTPException(413, _too_big(settings))
        try:
            form = await request.form(max_files=1, max_fields=5)
        except StarletteHTTPException as exc:  # what Starlette raises for a bad or overfull form
            raise HTTPException(400, "上传内容不是有效的表单（multipart/form-data），且只能包含一个文件") from exc
        upload = form.get("file")
        name = _file_name(upload)
        supplied = _supplied(form.get("agency"), form.get("year"))
        with tempfile.TemporaryDirectory(prefix="gongkai-upload-") as folder:
            path = Path(folder) / name
            await _save(upload, path, settings)
            vetted = await vet(path, name, supplied, settings.parse_seconds, request.is_disconnected)
            if vetted.refused:
                raise HTTPException(400, vetted.refused)
            result = await _run_ingest(gongkai, one_at_a_time, InputFile(path, name, supplied, vetted.read))
        if result.status == FAILED:
            raise HTTPException(400, result.message)
        body = upload_body(result, len(gongkai.store.reports()))
        return JSONResponse(body, status_code=200 if result.status in SKIPPED else 201)

    return api


def upload_body(result: IngestResult, reports: int) -> dict:
    """The upload's answer (UploadResult): the verdict and its details, as the CLI prints them, and each part
    as a field of its own."""
    held = result.contents
    return {
        "file": result.file,
        "status": str(result.status),
        "verb": VERB_ZH[result.status],
        "message": result.message,
        "details": result.details,
        "report_id": result.report_id,
        "agency": held.agency if held else None,
        "year": held.year if held else None,
        "counts": {
            "stated": held.stated,
            "derived": held.derived,
            "ambiguous": len(held.ambiguous),
            "missing": len(held.missing),
        }
        if held
        else None,
        "ambiguous_cells": list(held.ambiguous) if held else [],
        "missing_cells": list(held.missing) if held else [],
        "broken_rules": list(held.broken) if held else [],
        "compared_with": result.compared_with,
        "changes": [{**asdict(c), "line": c.line} for c in result.changes],
        "other_versions": list(result.others),
        "reports": reports,
    }


def _authorise(request: Request, settings: Settings) -> None:
    if not settings.admin_token:
        raise HTTPException(403, "未配置管理员令牌，上传已关闭")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), settings.admin_token.encode()):
        raise HTTPException(401, "管理员令牌不正确", headers={"WWW-Authenticate": "Bearer"})


def _file_name(upload: object) -> str:
    """The uploaded file's own name, cleaned (no folder a browser or client put before it, no control
    characters, short enough for any file system)."""
    filename = upload.filename if isinstance(upload, UploadFile) else None
    name = clean_file_name(filename or "")
    if not name:
        raise HTTPException(400, "请选择要上传的报告文件（表单字段 file）")
    return name


def _supplied(agency: object, year: object) -> Supplied:
    """The agency and year staff typed into the form: optional, and when given they win over what the file
    says, as `gongkai ingest --agency --year` does."""
    agency = clean_line(agency) if isinstance(agency, str) else ""
    year = clean_line(year) if isinstance(year, str) else ""
    if not year:
        return Supplied(agency, None)
    if not (year.isascii() and year.isdigit() and MIN_YEAR <= int(year) <= MAX_YEAR):
        raise HTTPException(400, f"年度应填写四位数字的年份（{MIN_YEAR}—{MAX_YEAR}），例如 2023")
    return Supplied(agency, int(year))


def _too_big(settings: Settings) -> str:
    return f"文件太大（最多 {settings.max_upload_bytes // (1024 * 1024)} MB）"


async def _save(upload: UploadFile, path: Path, settings: Settings) -> None:
    """Copy the upload, counting bytes: a chunked request has no Content-Length to trust."""
    size = 0
    with path.open("wb") as out:
        while chunk := await upload.read(CHUNK):
            size += len(chunk)
            if size > settings.max_upload_bytes:
                raise HTTPException(413, _too_big(settings))
            out.write(chunk)


async def _run_ingest(gongkai: Gongkai, lock: threading.Lock, source: InputFile):
    def work():
        with lock:
            return next(iter(gongkai.ingest([source])))

    return await run_in_threadpool(work)
