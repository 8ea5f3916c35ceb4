"""Announcement periods, complaint and information-request rules (pure)."""
from datetime import date

import pytest

from hall.complaints import rules as complaints
from hall.disclosure.rules import check_period, check_review, public_state
from hall.errors import DomainError
from hall.inforequests import rules as info

D = date(2026, 11, 23)


def test_an_approved_announcement_is_public_exactly_within_its_period():
    first, last = date(2026, 11, 23), date(2026, 11, 29)     # one week
    assert public_state("approved", first, last, date(2026, 11, 22)) == "scheduled"
    assert public_state("approved", first, last, first) == "showing"
    assert public_state("approved", first, last, last) == "showing"
    assert public_state("approved", first, last, date(2026, 11, 30)) == "archived"
    assert public_state("pending", first, last, first) is None
    assert public_state("rejected", first, last, first) is None
    assert public_state("withdrawn", first, last, first) == "archived"


def test_an_announcement_needs_a_sane_period_and_a_second_reviewer():
    with pytest.raises(DomainError) as backwards:
        check_period(D, date(2026, 11, 22), D)
    assert backwards.value.code == "invalid_period"
    with pytest.raises(DomainError) as past:
        check_period(date(2026, 11, 1), date(2026, 11, 7), D)
    assert past.value.code == "invalid_period"
    with pytest.raises(DomainError) as own:
        check_review("pending", 7, 7)
    assert own.value.status == 403
    assert own.value.code == "review_own"
    with pytest.raises(DomainError) as twice:
        check_review("approved", 7, 8)
    assert twice.value.status == 409


def test_complaint_numbers_limits_and_replies():
    assert complaints.number("XINLZ", "complaint", D, 3) == "XINLZTS202611230003"
    assert complaints.number("XINL", "mailbox", D, 12) == "XINLXX202611230012"
    assert [complaints.limit_days(k) for k in ("complaint", "suggestion", "mailbox", "question")] == [5, 10, 10, 2]
    with pytest.raises(DomainError) as no_finding:
        complaints.check_reply("assigned", "complaint", None)
    assert no_finding.value.code == "finding_required"
    complaints.check_reply("received", "suggestion", None)
    with pytest.raises(DomainError) as again:
        complaints.check_reply("replied", "suggestion", None)
    assert again.value.status == 409


def test_a_reply_is_rated_once():
    complaints.check_satisfaction("replied", 2)
    for status, level, code in (("received", 3, "not_replied"), ("rated", 3, "already_rated"),
                                ("replied", 5, "invalid_level")):
        with pytest.raises(DomainError) as refused:
            complaints.check_satisfaction(status, level)
        assert refused.value.code == code


def test_information_request_extension_is_once_at_most_twenty_days_and_before_the_limit():
    deadline = date(2026, 12, 21)
    info.check_extension("registered", 0, 20, D, deadline)
    for args, code in ((("registered", 0, 21, D, deadline), "extension_over_limit"),
                       (("registered", 0, 0, D, deadline), "extension_over_limit"),
                       (("extended", 20, 5, D, deadline), "extension_used"),
                       (("registered", 0, 10, date(2026, 12, 22), deadline), "extension_too_late"),
                       (("replied", 0, 10, D, deadline), "invalid_request_state")):
        with pytest.raises(DomainError) as refused:
            info.check_extension(*args)
        assert refused.value.code == code


def test_withholding_or_partial_disclosure_needs_its_basis():
    info.check_reply("registered", "disclose", "")
    with pytest.raises(DomainError) as bare:
        info.check_reply("registered", "withhold", "  ")
    assert bare.value.code == "basis_required"
    info.check_reply("extended", "partial", "《政府信息公开条例》第十五条")
    with pytest.raises(DomainError) as kind:
        info.check_reply("registered", "maybe", "x")
    assert kind.value.code == "invalid_reply_type"
