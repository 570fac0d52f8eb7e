"""Deployment settings read from the environment, so one image serves many portals."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from index.limits import PARSE_SECONDS

DEFAULT_MAX_QUESTION_CHARS = 500
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DEFAULT_CHAT_CONCURRENCY = 8  # questions the chat answers at once; the rest wait in gradio's queue


@dataclass(frozen=True)
class Settings:
    """`admin_token` None disables uploads; `allowed_origins` are the portals that may embed
    the chat and call /api/* from their pages (empty: only this site itself)."""

    admin_token: str | None = None
    allowed_origins: tuple[str, ...] = field(default_factory=tuple)
    max_question_chars: int = DEFAULT_MAX_QUESTION_CHARS
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES
    parse_seconds: float = PARSE_SECONDS
    chat_concurrency: int = DEFAULT_CHAT_CONCURRENCY

    @classmethod
    def from_env(cls) -> Settings:
        origins = os.environ.get("GONGKAI_ALLOWED_ORIGINS", "")
        return cls(
            admin_token=os.environ.get("GONGKAI_ADMIN_TOKEN") or None,
            allowed_origins=tuple(o.strip().rstrip("/") for o in origins.split(",") if o.strip()),
            max_question_chars=int(os.environ.get("GONGKAI_MAX_QUESTION_CHARS", DEFAULT_MAX_QUESTION_CHARS)),
            max_upload_bytes=int(os.environ.get("GONGKAI_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)),
            parse_seconds=float(os.environ.get("GONGKAI_PARSE_SECONDS", PARSE_SECONDS)),
            chat_concurrency=int(os.environ.get("GONGKAI_CHAT_CONCURRENCY", DEFAULT_CHAT_CONCURRENCY)),
        )
