"""The 80 mm PDF ticket: embedded CJK font, real page size, renders and reads back."""
import re
import shutil
import subprocess

import pytest

from printers import cjk_font_path, register_cjk_font, render_ticket_pdf

needs = {tool: pytest.mark.skipif(not shutil.which(tool), reason=f"{tool} (poppler-utils) not installed")
         for tool in ("pdftoppm", "pdftotext")}


def media_box(pdf: bytes) -> list[float]:
    return [float(v) for v in re.search(rb"/MediaBox \[\s*([^\]]+)\]", pdf).group(1).split()]


def test_pdf_is_80mm_wide_with_the_cjk_font_embedded(ticket):
    pdf = render_ticket_pdf(ticket)
    assert pdf.startswith(b"%PDF")
    font = register_cjk_font()
    assert font.encode() in pdf
    assert b"/FontFile2" in pdf   # TrueType program embedded
    x0, y0, width, height = media_box(pdf)
    assert abs(width - 226.77) < 0.01                      # 80 mm
    assert 120 * 72 / 25.4 <= height <= 140 * 72 / 25.4


def test_font_helpers_are_idempotent():
    assert cjk_font_path().endswith(".ttc")
    assert register_cjk_font() == register_cjk_font()


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "ticket.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@needs["pdftotext"]
def test_pdf_text_reads_back(ticket, tmp_path):
    text = _text(render_ticket_pdf(ticket), tmp_path)
    for part in ("新林区政务服务中心", "商事登记", "A023", "您前面还有", "36 分钟", "2026-11-23 09:05",
                 "过号无效"):
        assert part in text, part


@needs["pdftotext"]
def test_long_content_wraps_and_grows_the_page_instead_of_clipping(long_ticket, tmp_path):
    pdf = render_ticket_pdf(long_ticket)
    text = "".join(_text(pdf, tmp_path).split())
    assert "".join(long_ticket.notice.split()) in text      # every character, none cut off
    assert "大兴安岭" in text
    assert "绿色通道" in text
    assert "3、5号窗口" in text
    assert abs(media_box(pdf)[2] - 226.77) < 0.01


@needs["pdftoppm"]
def test_pdf_renders_to_png(ticket, tmp_path):
    path = tmp_path / "ticket.pdf"
    path.write_bytes(render_ticket_pdf(ticket))
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(path), str(tmp_path / "page")], check=True)
    pngs = list(tmp_path.glob("page*.png"))
    assert len(pngs) == 1
    data = pngs[0].read_bytes()
    assert data.startswith(b"\x89PNG")
    width = int.from_bytes(data[16:20], "big")
    assert abs(width - 472) <= 2                           # 80 mm at 150 dpi
