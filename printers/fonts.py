"""A CJK TrueType font for reportlab, shared by every PDF of the project.

reportlab cannot load the OTF (CFF) Noto CJK fonts, so this uses Debian's WenQuanYi
TrueType collections; a .ttc needs an explicit ``subfontIndex``.
"""
from __future__ import annotations

import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_NAME = "WenQuanYiZenHei"
# (path, reportlab font name): the name matches the font's PostScript name
CANDIDATES = (
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "WenQuanYiZenHei"),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "WenQuanYiMicroHei"),
)
_lock = threading.Lock()


def cjk_font_path() -> str:
    """The first installed CJK TrueType font; FileNotFoundError naming the package if none."""
    for path, _name in CANDIDATES:
        if Path(path).is_file():
            return path
    tried = "、".join(path for path, _ in CANDIDATES)
    raise FileNotFoundError(f"未找到中文字体（已查找 {tried}）：请安装 fonts-wqy-zenhei（apt-get install fonts-wqy-zenhei）")


def register_cjk_font() -> str:
    """Register the font once per process (thread-safe) and return its reportlab name."""
    path = cjk_font_path()
    name = dict(CANDIDATES)[path]
    with _lock:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
    return name
