"""Attack: book up an item's day (all 24 places in 0.3 s with generated, checksum-valid ID
numbers from one address). Now an address books a few appointments an hour; others still book."""
import shutil

import pytest

from hall.db import dispose
from tests.api.test_appointments import ITEM, day, person  # noqa: F401  (the fixture: a bookable day)
from tests.conftest import _app_for


@pytest.fixture
def guarded(template_db, tmp_path):
    path = tmp_path / "guarded.sqlite3"
    shutil.copy(template_db, path)
    app = _app_for(f"sqlite:///{path}", tmp_path, HALL_BOOKING_RATE_LIMIT="3/hour")
    yield app
    dispose(app)


def test_one_address_cannot_book_up_a_day(guarded, day):  # noqa: F811
    def book(n, address):
        return guarded.test_client().post("/api/v1/appointments", environ_base={"REMOTE_ADDR": address}, json={
            "item_code": ITEM, "date": day.isoformat(), "start": "09:00", "applicant": person(n)})

    answers = [book(n, "198.51.100.77") for n in range(1, 7)]
    assert [a.status_code for a in answers] == [201, 201, 201, 429, 429, 429]
    assert answers[-1].get_json()["error"]["code"] == "rate_limited" and answers[-1].get_json()["retry_after"] > 60
    assert book(7, "10.1.2.3").status_code == 201          # a citizen elsewhere still books
