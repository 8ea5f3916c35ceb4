"""Attack: with the instance secret that signs staff tokens, a masked ID and its stored hash
gave back the full ID number in seconds (the secret keyed the hash too). Each purpose now has
its own derived key: the token key does not key the hashes, and neither is the secret."""
import pytest
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from hall.cases.models import Case
from hall.intake.identity import id_hash
from hall.keys import Keys
from tests.api.test_cases import APPLICANT
from tests.conftest import db_session

SECRET = "test-secret"          # the instance secret of the test apps (tests/conftest.py)


def test_id_hashes_are_keyed_by_their_own_key_not_the_secret_or_the_token_key(client, app, desk):
    assert desk.accept().status_code == 201
    session = db_session(app)
    stored = session.scalar(select(Case.applicant_id_hash))
    session.close()
    keys = Keys.from_secret(SECRET)
    assert stored == id_hash(keys.identities, APPLICANT["id_number"])
    assert stored != id_hash(SECRET, APPLICANT["id_number"])
    assert stored != id_hash(keys.tokens, APPLICANT["id_number"])


def test_staff_tokens_are_signed_with_the_token_key_not_the_secret(login):
    token = login("staff03")["Authorization"][7:]
    with pytest.raises(BadSignature):
        URLSafeTimedSerializer(SECRET, salt="hall-auth-v1").loads(token)
    assert URLSafeTimedSerializer(Keys.from_secret(SECRET).tokens, salt="hall-auth-v1").loads(token)["sid"]


@pytest.fixture
def desk(client, login):
    from tests.api.test_cases import make_desk
    return make_desk(client, login, 2)
