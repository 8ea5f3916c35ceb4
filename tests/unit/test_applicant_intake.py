"""The applicant of a case or an appointment as a request names them (DOMAIN rule 13): every
document kind of hall.intake.documents, enterprises with their legal representative or agent.
Pure: no Flask, no database."""
import pytest

from hall.errors import InvalidInput
from hall.intake.applicant import Applicant
from hall.intake.documents import DocumentKind
from tests.unit.test_case_rules import make_id

PHONE = "13800138000"
CITIZEN = make_id("23072219800101123")
COMPANY = "91350100M000100Y43"


def refused(data) -> tuple[str, int]:
    with pytest.raises(InvalidInput) as error:
        Applicant.from_json(data)
    return error.value.code, error.value.status


def test_the_original_shape_is_a_mainland_id_card_masked_and_hashed_as_before():
    applicant = Applicant.from_json({"name": " 张三 ", "id_number": CITIZEN.lower(), "phone": PHONE})
    assert (applicant.name, applicant.kind, applicant.id_number) == ("张三", DocumentKind.ID_CARD, CITIZEN)
    assert applicant.masked == CITIZEN[:4] + "*" * 10 + CITIZEN[-4:]
    same = Applicant.from_json({"kind": "id_card", "number": CITIZEN[:6] + " " + CITIZEN[6:], "name": "张三",
                                "phone": PHONE})
    assert applicant.hash("k") == same.hash("k") != applicant.hash("other key")   # keyed, spelling-proof
    assert CITIZEN not in applicant.hash("k")


@pytest.mark.parametrize("kind,number,masked", [
    ("hk_macau_permit", "h12345678", "H1*****78"),
    ("taiwan_permit", "12345678", "1******8"),
    ("foreign_permanent", "USA110260101001", "USA*********001"),
    ("passport", "E12345678", "E1*****78"),
])
def test_each_document_kind_is_checked_and_masked(kind, number, masked):
    applicant = Applicant.from_json({"kind": kind, "number": number, "name": "John Smith", "phone": PHONE})
    assert (applicant.kind.value, applicant.masked) == (kind, masked)
    assert applicant.kind_name in ("港澳居民来往内地通行证", "台湾居民来往大陆通行证", "外国人永久居留身份证", "护照")


def test_bad_numbers_and_kinds_are_refused_with_their_codes():
    wrong_check = CITIZEN[:-1] + ("0" if CITIZEN[-1] != "0" else "1")
    assert refused({"name": "张三", "id_number": wrong_check, "phone": PHONE}) == ("invalid_id_number", 400)
    assert refused({"kind": "passport", "number": "E1", "name": "A", "phone": PHONE})[0] == "invalid_document_number"
    assert refused({"kind": "driving_licence", "number": "123456", "name": "A", "phone": PHONE})[0] == \
        "invalid_document_kind"
    assert refused(None)[0] == "missing_field"


def test_an_enterprise_needs_a_valid_credit_code_and_its_representative():
    base = {"kind": "credit_code", "number": COMPANY, "name": "某某科技有限公司", "phone": PHONE}
    assert refused(base)[0] == "missing_field"                                     # no representative
    assert refused({**base, "number": COMPANY[:-1] + "X"})[0] == "invalid_credit_code"
    agent = {"role": "agent", "name": "李四", "kind": "id_card", "number": CITIZEN}
    assert refused({**base, "representative": {**agent, "role": "boss"}})[0] == "invalid_field"
    assert refused({**base, "representative": {**agent, "kind": "credit_code", "number": COMPANY}})[0] == \
        "invalid_document_kind"                                                    # a person acts for it
    company = Applicant.from_json({**base, "representative": agent})
    assert (company.kind, company.masked) == (DocumentKind.CREDIT_CODE, "9135**********0Y43")
    shown = company.representative.json("k")
    assert shown["role_name"] == "代理人" and shown["number"] == CITIZEN[:4] + "*" * 10 + CITIZEN[-4:]
    assert CITIZEN not in str(shown)
    # a citizen applying for themselves names no representative
    assert refused({"name": "张三", "id_number": CITIZEN, "phone": PHONE, "representative": agent})[0] == "invalid_field"
