"""Attack: crack the staff passwords from a copy of the database. All demo accounts shared one
hash (one salt, 60,000 PBKDF2 rounds), so one cracked hash was every account's. Each hash now
has its own salt and scrypt's cost; an unknown name costs a login as long as a wrong password."""
import time

from sqlalchemy import select

from hall.auth.models import Staff
from tests.conftest import db_session


def test_every_account_has_its_own_salt_and_a_modern_cost(app):
    session = db_session(app)
    hashes = session.scalars(select(Staff.password_hash)).all()
    session.close()
    assert len(hashes) > 30
    assert len(set(hashes)) == len(hashes)                      # same password, different hashes
    salts = [h.split("$")[1] for h in hashes]
    assert len(set(salts)) == len(salts)
    assert all(h.startswith("scrypt:32768:8:1$") for h in hashes)


def test_an_unknown_name_answers_like_a_wrong_password_in_about_the_same_time(client):
    def attempt(username):
        began = time.perf_counter()
        answer = client.post("/api/v1/auth/login", json={"username": username, "password": "wrong-password"})
        return answer, time.perf_counter() - began

    unknown, unknown_s = min((attempt("no-such-user") for _ in range(3)), key=lambda a: a[1])
    wrong, wrong_s = min((attempt("staff03") for _ in range(3)), key=lambda a: a[1])
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.get_json() == wrong.get_json()
    assert unknown_s > wrong_s / 3          # both verify a scrypt hash; without it the unknown name took ~1 ms
