"""Attack: markup typed into a name, a reason or a note reaches reportlab, which reads
paragraph text as markup: ``<img src>`` embedded a server file in a public receipt,
``<a href>`` put a link to an outside site into the 受理通知书, ``A&B <C`` was a 500 and one
inspection note broke the month's supervision report. Every PDF now prints such text as
typed, with no image and no link."""
import subprocess

import pytest
from sqlalchemy import update

from hall.catalog.models import Window
from tests.api.test_cases import APPLICANT, INSTANT, make_desk
from tests.conftest import db_session

API = "/api/v1"
EVIL = '<img src="/etc/hostname"/>A&B <C <a href="http://evil.example">点此</a>'
NAMES = ['<img src="/etc/hostname"/>A&B <C', '<a href="http://e.cn">张三</a>']   # within 50 characters


def printed(pdf_bytes: bytes, tmp_path) -> str:
    assert pdf_bytes.startswith(b"%PDF")
    assert b"/Subtype /Image" not in pdf_bytes and b"/Subtype/Image" not in pdf_bytes, "an image was embedded"
    assert b"/URI" not in pdf_bytes, "a link was added"
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf_bytes)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(params=NAMES)
def evil_desk(client, login, request):
    desk = make_desk(client, login, 2)
    desk.applicant = {**APPLICANT, "name": request.param}
    return desk


def accept(client, desk, item, materials):
    return client.post(f"{API}/cases", headers=desk.headers, json={
        "ticket_id": desk.ticket_id, "item_code": item, "applicant": desk.applicant, "materials": materials})


def test_markup_in_the_applicants_name_is_printed_as_typed_on_the_receipt(client, evil_desk, tmp_path):
    case = accept(client, evil_desk, "SCJG005", ["M01", "M02", "M03", "M04", "M05"])
    assert case.status_code == 201, case.get_json()
    body = case.get_json()
    pdf = client.get(f"{API}/cases/{body['case_no']}/receipt.pdf?query_code={body['query_code']}")
    assert pdf.status_code == 200
    assert flat(evil_desk.applicant['name']) in flat(printed(pdf.data, tmp_path))


def test_markup_in_the_name_is_printed_as_typed_on_the_one_time_notice(client, evil_desk, tmp_path):
    refused = accept(client, evil_desk, "SCJG005", ["M01"])
    assert refused.status_code == 422
    pdf = client.get(f"{API}/notices/{refused.get_json()['notice_no']}.pdf", headers=evil_desk.headers)
    assert pdf.status_code == 200
    assert flat(evil_desk.applicant['name']) in flat(printed(pdf.data, tmp_path))


def test_markup_in_the_name_is_printed_as_typed_on_the_completion_notice(client, evil_desk, tmp_path):
    case = accept(client, evil_desk, INSTANT, ["M01", "M02", "M03"])
    assert case.status_code == 201, case.get_json()
    pdf = client.get(f"{API}/cases/{case.get_json()['case_no']}/completion.pdf", headers=evil_desk.headers)
    assert pdf.status_code == 200
    assert flat(evil_desk.applicant['name']) in flat(printed(pdf.data, tmp_path))


def test_an_inspection_note_with_markup_leaves_the_supervision_report_whole(client, login, tmp_path):
    supervisor = login("supervisor")
    found = client.post(f"{API}/inspections", headers=supervisor,
                        json={"window": 6, "finding": "off_task", "mode": "covert", "note": EVIL})
    assert found.status_code == 201, found.get_json()
    month = client.get(f"{API}/board").get_json()["indicators"]["month"]
    pdf = client.get(f"{API}/supervision-report.pdf?month={month}", headers=supervisor)
    assert pdf.status_code == 200
    assert flat(EVIL) in flat(printed(pdf.data, tmp_path))


def test_a_window_name_with_markup_leaves_the_star_report_whole(client, app, login, tmp_path):
    session = db_session(app)
    session.execute(update(Window).where(Window.number == 3).values(name="A&B <C 综合窗口"))
    session.commit()
    session.close()
    manager = login("manager")
    month = client.get(f"{API}/board").get_json()["indicators"]["month"]
    pdf = client.get(f"{API}/star-ratings.pdf?month={month}", headers=manager)
    assert pdf.status_code == 200
    assert "A&B<C综合窗口" in flat(printed(pdf.data, tmp_path))
