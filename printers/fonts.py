"""A CJK TrueType font for reportlab (it cannot load the OTF Noto CJK fonts)."""
from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_NAME = "WenQuanYiZenHei"
CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


def cjk_font_path() -> str:
    for path in CANDIDATES:
        if Path(path).is_file():
            return path
    raise FileNotFoundError("未找到中文字体：请安装 fonts-wqy-zenhei（scripts/setup.sh 会安装）")


def register_cjk_font() -> str:
    """Register the font once per process and return its reportlab name."""
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, cjk_font_path(), subfontIndex=0))
    return FONT_NAME
