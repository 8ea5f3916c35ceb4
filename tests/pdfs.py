"""What the tests do with a PDF the hall made: read its words (pdftotext), and look at it as
a person would (pdftoppm): the CJK font embedded, page one kept as a PNG in test-output to be
opened, and its title band carrying ink (a missing font draws nothing)."""
from __future__ import annotations

import subprocess
from pathlib import Path


def pdf_text(data: bytes, tmp_path: Path, name: str = "f.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def first_page_png(data: bytes, tmp_path: Path, keep_as: str, dpi: int = 100) -> Path:
    """Page one through pdftoppm, also kept as ``test-output/<keep_as>.png``."""
    from tests.browser.conftest import SCREENSHOTS

    path = tmp_path / f"{keep_as}.pdf"
    path.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", str(path), str(tmp_path / keep_as)],
                   check=True)
    png = next(tmp_path.glob(f"{keep_as}*.png"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"{keep_as}.png").write_bytes(png.read_bytes())
    return png


def rendered(data: bytes, tmp_path: Path, keep_as: str) -> None:
    """The CJK font is embedded and the title band of page one carries ink."""
    from PIL import Image

    path = tmp_path / f"{keep_as}-fonts.pdf"
    path.write_bytes(data)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert any("WenQuanYi" in line and " yes " in line for line in fonts.splitlines()), fonts
    image = Image.open(first_page_png(data, tmp_path, keep_as)).convert("L")
    width, height = image.size
    title = image.crop((0, int(height * 0.05), width, int(height * 0.16)))
    assert sum(1 for value in title.getdata() if value < 128) > 500    # the title is drawn, not blank
