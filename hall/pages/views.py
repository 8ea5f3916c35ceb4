"""The pages people use. Kiosk and lobby display live in their own top-level folders
(``kiosk_ui/``, ``display_board/``); the staff console, rating pad, window screen,
manager dashboard and ticket tracker live under ``hall/pages/``.
All are static HTML + JS that talk to /api/v1 and Socket.IO; the server adds nothing
per request, so a page is as fast to serve as a file."""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from flask import Blueprint, abort, redirect, send_from_directory


def _resource_folder(package: str) -> Path:
    """Where a page package's files lie: the top-level folder of the source tree, or the
    package installed beside hall (``pip install .``); both are real folders on disk."""
    try:
        return Path(str(files(package)))
    except ModuleNotFoundError:     # an editable install made before these folders were packages
        return Path(__file__).resolve().parents[2] / package


PAGES = Path(__file__).resolve().parent
FOLDERS = {
    "kiosk": _resource_folder("kiosk_ui"),
    "display": _resource_folder("display_board"),
    "window": PAGES / "window_console",
    "window-screen": PAGES / "window_screen",
    "rating-pad": PAGES / "rating_pad",
    "manager": PAGES / "manager",
    "track": PAGES / "track",
    "progress": PAGES / "progress",
    "review": PAGES / "review_console",
    "helper": PAGES / "helper_console",
    "assessments": PAGES / "assessments",
    "stars": PAGES / "stars",
    "book": PAGES / "book",
    "region": PAGES / "region",
    "board": PAGES / "board",
    "oversight": PAGES / "oversight",
    "static": PAGES / "static",
}

bp = Blueprint("pages", __name__)


def _page(folder: str, filename: str = "index.html"):
    directory = FOLDERS[folder]
    if not (directory / filename).is_file():
        abort(404)
    response = send_from_directory(directory, filename, max_age=0)
    return response


@bp.get("/")
def home():
    return redirect("/kiosk")


@bp.get("/favicon.ico")
def favicon():
    return "", 204


@bp.get("/kiosk")
def kiosk():
    return _page("kiosk")


@bp.get("/display")
def display():
    return _page("display")


@bp.get("/window/<int:number>")
def window_console(number: int):
    return _page("window")


@bp.get("/window-screen/<int:number>")
def window_screen(number: int):
    return _page("window-screen")


@bp.get("/rating-pad/<int:number>")
def rating_pad(number: int):
    return _page("rating-pad")


@bp.get("/manager")
def manager():
    return _page("manager")


@bp.get("/admin")
def admin_page():
    """管理后台: departments, queues, windows, items, staff, hall settings, Excel import/export."""
    return send_from_directory(PAGES / "templates", "admin.html", max_age=0)


@bp.get("/t/<token>")
def track(token: str):
    return _page("track")


@bp.get("/review")
def review_console():
    """A department reviewer's joint-review tasks (联审联办)."""
    return _page("review")


@bp.get("/helper")
def helper_console():
    """The helpers' console (帮办代办): calls from kiosks, live; powers of attorney."""
    return _page("helper")


@bp.get("/assessments")
def assessments_page():
    """月度自评, 季度互评 and 年度总评: the windows' forms, the managers' weights."""
    return _page("assessments")


@bp.get("/book")
def book_page():
    """A citizen books an appointment (预约) on the phone."""
    return _page("book")


@bp.get("/stars")
def stars_page():
    """Published monthly star ratings, for the public."""
    return _page("stars")


@bp.get("/region")
def region_page():
    """The region's managers: every hall of the deployment side by side."""
    return _page("region")


@bp.get("/board")
def board_page():
    """The public disclosure board (政务公开栏): lobby screens (?mode=screen), kiosk, phones."""
    return _page("board")


@bp.get("/oversight")
def oversight_page():
    """Announcements and their review, complaints, information requests, inspections."""
    return _page("oversight")


@bp.get("/progress")
def progress():
    """A citizen's case progress (case number + query code, or the receipt's QR code)."""
    return _page("progress")


@bp.get("/project-progress")
def project_progress():
    """An enterprise project's progress (全程代办): project number + query code."""
    return _page("progress", "project.html")


@bp.get("/assets/<folder>/<path:filename>")
def assets(folder: str, filename: str):
    """Scripts, styles and images of every page: /assets/kiosk/app.js, /assets/static/vendor/…"""
    if folder not in FOLDERS:
        abort(404)
    return send_from_directory(FOLDERS[folder], filename, max_age=300)
