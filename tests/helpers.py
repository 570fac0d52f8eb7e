"""Paths shared by the tests: the repository's corpus and the shared gold/exam folders."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

import numpy as np
import pdfplumber
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PDFS = CORPUS / "pdf"
# ../shared (beside the checkout, as CI lays it out) when present; else the copies kept in tests/fixtures.
SHARED = ROOT.parent / "shared" if (ROOT.parent / "shared" / "gold").is_dir() else ROOT / "tests" / "fixtures"
GOLD = SHARED / "gold"
EXAM = SHARED / "exam"
NEGATIVE = SHARED / "negative"

# A report body as a CMS exports it: the template's sections and tables, no title, agency or year anywhere.
UNTITLED_BODY = """一、总体情况
本机关坚持以公开为常态、不公开为例外，全面推进政府信息公开工作。
二、主动公开政府信息情况
第二十条第（一）项
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t0\t0\t0
行政规范性文件\t3\t1\t12
第二十条第（五）项
信息内容\t本年处理决定数量
行政许可\t25
三、收到和处理政府信息公开申请情况
本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和
一、本年新收政府信息公开申请数量\t7\t0\t0\t0\t0\t0\t7
二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1
三、本年度办理结果
（一）予以公开\t6\t0\t0\t0\t0\t0\t6
（七）总计\t8\t0\t0\t0\t0\t0\t8
四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0
四、政府信息公开行政复议、行政诉讼情况
行政复议\t行政诉讼
0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0
五、存在的主要问题及改进情况
一是公开内容还不够全面。
六、其他需要报告的事项
无。
"""


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.json"))


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers_are_traceable(result: dict) -> bool:
    """Every number in the answer is a figure, in a cited text or title, or in `computed` (worked out in code)."""
    computed = [c["value"] for c in result["computed"]]
    allowed = {m for c in result["citations"] for m in _NUMBER.findall(c["text"] + c["title"])}
    allowed |= {str(f["value"]) for f in result["figures"]} | {str(c["n"]) for c in result["citations"]}
    allowed |= {str(int(v)) if float(v).is_integer() else str(v) for v in computed}
    return all(n in allowed for n in _NUMBER.findall(result["answer"]))


class Blemish(StrEnum):
    """What a scanner may leave on a page: turned by a degree either way, or grainy with specks of dust."""

    TURNED_LEFT = "rotated +1°"
    TURNED_RIGHT = "rotated -1°"
    NOISE = "noise"


def scanned_like(image: Image.Image, blemish: Blemish | None) -> Image.Image:
    """A page image as a scanner leaves it with `blemish` (unchanged for None)."""
    if blemish in (Blemish.TURNED_LEFT, Blemish.TURNED_RIGHT):
        degrees = 1.0 if blemish == Blemish.TURNED_LEFT else -1.0
        return image.rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
    if blemish == Blemish.NOISE:
        rng = np.random.default_rng(12)
        pixels = np.asarray(image.convert("L")).astype(float) + rng.normal(0, 25, (image.height, image.width))
        specks = rng.random(pixels.shape)
        pixels[specks < 0.002], pixels[specks > 0.998] = 0, 255
        return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).convert("RGB")
    return image


def image_only_pdf(
    source: Path, dest: Path, dpi: int, pages: Sequence[int] | None = None, blemish: Blemish | None = None
) -> Path:
    """`source`'s pages (1-based; all by default) rendered at `dpi` and wrapped again as a PDF with no
    text layer: what a scanner makes of the printed report, with `blemish` on every page."""
    with pdfplumber.open(source) as pdf:
        numbers = pages or range(1, len(pdf.pages) + 1)
        images = [
            scanned_like(pdf.pages[n - 1].to_image(resolution=dpi).original.convert("RGB"), blemish) for n in numbers
        ]
    images[0].save(dest, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return dest
