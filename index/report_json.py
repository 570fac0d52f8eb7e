"""A parsed report as the JSON of `gongkai tables --json` (ARCHITECTURE.md), also served by the API."""

from __future__ import annotations

from index.model import ParsedReport
from index.parse.numbers import json_number


def tables_json(parsed: ParsedReport) -> dict:
    """The `gongkai tables --json` contract of ARCHITECTURE.md."""
    cells = {}
    for cid, c in parsed.cells.items():
        entry: dict = {"value": json_number(c.value), "status": c.status}
        if c.source:
            entry["source"] = {"line": c.source.line, "page": c.source.page, "text": c.source.text}
            if c.source.recognized:
                entry["source"]["confidence"] = c.source.confidence
        if c.rule:
            entry["rule"] = c.rule
        if c.readings:
            entry["readings"] = [json_number(v) for v in c.readings]
        cells[cid] = entry
    m = parsed.meta
    return {
        "file": parsed.file,
        "agency": m.agency,
        "year": m.year,
        "format": m.format,
        "title": m.title,
        "agency_from": m.agency_from,
        "year_from": m.year_from,
        "cells": cells,
        "checks": [{"rule": c.rule, "status": c.status, "detail": c.detail} for c in parsed.checks],
        "warnings": parsed.warnings,
    }
