"""The pages' sources, read as files: scripts only from files (so that a Content-Security-Policy
``script-src 'self'`` holds), every script and style they name exists, no hard-coded zone."""
import re
from pathlib import Path

import pytest

from hall.pages.views import FOLDERS

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted({*ROOT.glob("hall/pages/**/*.html"), *ROOT.glob("kiosk_ui/**/*.html"),
                *ROOT.glob("display_board/**/*.html")})
SCRIPTS = sorted(p for p in {*ROOT.glob("hall/pages/**/*.js"), *ROOT.glob("kiosk_ui/**/*.js"),
                             *ROOT.glob("display_board/**/*.js")} if "vendor" not in p.parts)


def test_there_are_pages_and_scripts():
    assert len(PAGES) >= 14
    assert len(SCRIPTS) >= 14


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_inline_script_and_no_inline_handler(page):
    html = page.read_text(encoding="utf-8")
    inline = [m.group(0) for m in re.finditer(r"<script\b(?![^>]*\bsrc=)[^>]*>", html, re.I)]
    assert inline == []
    handlers = re.findall(r"<[^>]*\s(on[a-z]+)\s*=", html, re.I)
    assert handlers == []
    assert "javascript:" not in html.lower()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_asset_a_page_names_exists(page):
    html = page.read_text(encoding="utf-8")
    for folder, name in re.findall(r'(?:src|href)="/assets/([^/"]+)/([^"]+)"', html):
        assert folder in FOLDERS, folder
        assert (FOLDERS[folder] / name).is_file(), f"/assets/{folder}/{name}"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_hard_coded_time_zone(script):
    """The hall's zone comes from the API's answers (GET /hall, the board's hall.timezone)."""
    source = script.read_text(encoding="utf-8")
    assert re.findall(r"Asia/\w+|[+-]0\d:00", source) == []


@pytest.mark.parametrize("source", PAGES + SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_style_attribute_in_markup(source):
    """The CSP's ``style-src 'self'`` refuses style attributes (scripts set styles through the CSSOM)."""
    assert re.findall(r"""\sstyle\s*=\s*["'`$]""", source.read_text(encoding="utf-8")) == []
