"""API keys and online applications, pure rules: a key's shape, its public prefix, scopes,
the pre-review of an application's materials."""
import pytest

from hall.apikeys import rules
from hall.applications import rules as app_rules
from hall.errors import InvalidInput, Unprocessable


def test_a_new_key_is_random_with_its_prefix_and_only_its_hash_kept():
    key, prefix = rules.new_key()
    other, _ = rules.new_key()
    assert key != other and key.startswith(prefix + "_") and len(key) == 3 + 8 + 1 + 43
    assert rules.prefix_of(key) == prefix
    assert rules.matches(key, rules.key_hash(key)) and not rules.matches(other, rules.key_hash(key))
    assert key not in rules.key_hash(key) and len(rules.key_hash(key)) == 64


@pytest.mark.parametrize("offered", ["", "hk_", "hk_abc_x", "hk_ABCDEF12_x", "hk_0123456g_x", "hk_01234567_",
                                     "Bearer x", "hk_01234567", "hk_01234567_" + "x" * 200])
def test_what_cannot_be_a_key_has_no_prefix(offered):
    assert rules.prefix_of(offered) is None


def test_scopes_are_known_names_each_once():
    assert rules.check_scopes(["applications:write", "applications:write"]) == ["applications:write"]
    with pytest.raises(InvalidInput) as refused:
        rules.check_scopes(["applications:write", "admin"])
    assert refused.value.code == "unknown_scope" and refused.value.extra["unknown"] == ["admin"]
    for bad in ([], None, "applications:write", [1]):
        with pytest.raises(InvalidInput):
            rules.check_scopes(bad)
    with pytest.raises(InvalidInput):
        rules.check_name("  ")


def test_pre_review_names_unknown_and_every_missing_material():
    app_rules.pre_review(["M01", "M02"], ["M01", "M02", "M03"], ["M01", "M02"])
    with pytest.raises(Unprocessable) as unknown:
        app_rules.pre_review(["M01", "M09"], ["M01", "M02"], ["M01"])
    assert unknown.value.code == "unknown_material" and unknown.value.extra["unknown"] == ["M09"]
    with pytest.raises(Unprocessable) as missing:
        app_rules.pre_review(["M02"], ["M01", "M02", "M03"], ["M01", "M02", "M03"])
    assert missing.value.code == "missing_materials" and missing.value.extra["missing"] == ["M01", "M03"]


def test_application_numbers_carry_the_hall_and_day():
    from datetime import date
    assert app_rules.application_number("xinlin", date(2026, 12, 7), 12) == "XINLWS202612070012"
    assert app_rules.check_external_no("  YWTB-1 ") == "YWTB-1"
    for bad in ("", None, "x" * 65, 5):
        with pytest.raises(InvalidInput):
            app_rules.check_external_no(bad)
