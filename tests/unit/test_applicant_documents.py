"""Applicants beyond mainland ID cards (DOMAIN.md rule 13): the pure document checks."""
from datetime import date

import pytest

from hall.intake.documents import (DocumentKind, InvalidDocument, age_on, gb11643_ok, gb32100_ok, mask,
                                   parse)

# published examples: GB 11643's own, and real enterprises' 统一社会信用代码
ID_CARD = "11010519491231002X"
CREDIT_CODES = ["91110000802100433B", "9144030071526726XG", "91350100M000100Y43"]


def with_check(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


def test_the_standards_own_example_passes_and_one_changed_digit_fails():
    assert gb11643_ok(ID_CARD)
    assert not gb11643_ok("11010519491231003X")
    assert parse("id_card", " 110105 19491231 002x ").number == ID_CARD


def test_an_id_card_with_an_impossible_birth_date_is_refused():
    with pytest.raises(InvalidDocument) as refused:
        parse("id_card", with_check("11010519491331002"))
    assert refused.value.code == "invalid_id_number"


@pytest.mark.parametrize("code", CREDIT_CODES)
def test_real_credit_codes_pass(code):
    assert gb32100_ok(code)
    assert parse("credit_code", code.lower()).number == code


def test_a_credit_code_with_a_wrong_check_character_or_letter_fails():
    assert not gb32100_ok("91110000802100433C")
    assert not gb32100_ok("9I110000802100433B")     # I is not in the alphabet
    with pytest.raises(InvalidDocument) as refused:
        parse("credit_code", "91110000802100433C")
    assert refused.value.code == "invalid_credit_code"


def test_hong_kong_macau_and_taiwan_residents():
    assert parse("hk_macau_permit", "h12345678").number == "H12345678"
    assert parse("hk_macau_permit", "M1234567801").number == "M1234567801"
    assert parse("taiwan_permit", "12345678").kind is DocumentKind.TAIWAN_PERMIT
    permit = parse("residence_permit", with_check("81000019500101002"))
    assert permit.birth_date == date(1950, 1, 1)
    for kind, bad in (("hk_macau_permit", "X12345678"), ("taiwan_permit", "1234567"),
                      ("residence_permit", with_check("11010519500101002"))):
        with pytest.raises(InvalidDocument):
            parse(kind, bad)


def test_a_mainland_id_card_is_not_taken_for_a_residence_permit_or_the_other_way():
    with pytest.raises(InvalidDocument):
        parse("id_card", with_check("81000019500101002"))


def test_foreign_permanent_residence_cards_old_and_new():
    assert parse("foreign_permanent", "USA110260101001").birth_date is None
    new = parse("foreign_permanent", with_check("93184019600202001"))
    assert new.birth_date == date(1960, 2, 2)
    with pytest.raises(InvalidDocument):
        parse("foreign_permanent", "US1102601010011")


def test_passports_and_unknown_kinds():
    assert parse("passport", "E12345678").number == "E12345678"
    with pytest.raises(InvalidDocument):
        parse("passport", "E1")
    with pytest.raises(InvalidDocument) as refused:
        parse("driving_licence", "123456")
    assert refused.value.code == "invalid_document_kind"


def test_masks_show_less_than_half():
    assert mask(ID_CARD) == "1101**********002X"
    assert mask("H12345678") == "H1*****78"
    for value in (ID_CARD, "H12345678", "12345678", "E1234", "USA110260101001", CREDIT_CODES[0]):
        shown = sum(c != "*" for c in mask(value))
        assert shown < len(value) / 2, value
        assert len(mask(value)) == len(value)


def test_age_counts_the_birthday_itself():
    born = date(1966, 12, 2)
    assert age_on(born, date(2026, 12, 1)) == 59
    assert age_on(born, date(2026, 12, 2)) == 60
