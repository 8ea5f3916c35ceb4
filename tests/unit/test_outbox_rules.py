"""The outbox's rules: the body, its signature, the backoff, which rows are due, when to alert."""
from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from hall.integrations import rules

NOW = datetime(2026, 12, 7, 6, 0, tzinfo=timezone.utc)


def test_signature_is_the_hex_hmac_sha256_of_the_body():
    body = rules.body("e1", "rating.created", "DEMO", NOW, {"level": 5, "reasons": ["态度好"]})
    expected = hmac.new(b"s3cret-s3cret-123", body.encode(), hashlib.sha256).hexdigest()
    assert rules.signature("s3cret-s3cret-123", body) == "sha256=" + expected
    assert rules.valid_signature("s3cret-s3cret-123", body.encode(), "sha256=" + expected)
    assert not rules.valid_signature("another-secret-1234", body.encode(), "sha256=" + expected)
    assert not rules.valid_signature("s3cret-s3cret-123", body.encode() + b" ", "sha256=" + expected)
    assert not rules.valid_signature("s3cret-s3cret-123", body.encode(), None)


def test_body_names_id_event_hall_moment_and_data_and_is_stable():
    first = rules.body("e1", "case.accepted", "DEMO", NOW, {"case_no": "X1", "b": 2, "a": 1})
    assert first == rules.body("e1", "case.accepted", "DEMO", NOW, {"a": 1, "b": 2, "case_no": "X1"})
    parsed = json.loads(first)
    assert parsed == {"id": "e1", "event": "case.accepted", "hall": "DEMO", "occurred_at": "2026-12-07T06:00:00Z",
                      "data": {"case_no": "X1", "b": 2, "a": 1}}
    assert "办" in rules.body("e", "x", "H", NOW, {"t": "办"})   # UTF-8, not \\u escapes


@pytest.mark.parametrize("attempts, seconds", [(0, 0), (1, 5), (2, 10), (3, 20), (4, 40), (8, 300), (30, 300)])
def test_backoff_doubles_up_to_the_cap(attempts, seconds):
    assert rules.backoff_seconds(attempts, base=5, cap=300) == seconds


def test_after_failure_waits_then_dies_when_the_attempts_run_out():
    assert rules.after_failure(1, 3, NOW, 5, 300) == ("pending", NOW + timedelta(seconds=5))
    assert rules.after_failure(2, 3, NOW, 5, 300) == ("pending", NOW + timedelta(seconds=10))
    assert rules.after_failure(3, 3, NOW, 5, 300) == ("dead", NOW)


def test_due_rows_are_pending_ones_whose_time_came_oldest_first():
    row = lambda i, status, minutes: SimpleNamespace(id=i, status=status, next_at=NOW + timedelta(minutes=minutes))
    rows = [row(1, "pending", 1), row(2, "pending", -5), row(3, "delivered", -9), row(4, "dead", -9),
            row(5, "pending", 0), row(6, "pending", -5)]
    assert [r.id for r in rules.due(rows, NOW)] == [2, 6, 5]
    assert not rules.is_due("pending", NOW + timedelta(seconds=1), NOW)


def test_alert_after_ten_minutes_of_failing_once():
    assert not rules.should_alert(None, None, NOW)
    assert not rules.should_alert(NOW - timedelta(minutes=9, seconds=59), None, NOW)
    assert rules.should_alert(NOW - timedelta(minutes=10), None, NOW)
    assert not rules.should_alert(NOW - timedelta(minutes=30), NOW - timedelta(minutes=5), NOW)


def test_events_and_urls_and_phones_are_checked():
    assert rules.check_events(["rating.created", "rating.created", "case.accepted"]) == ["rating.created",
                                                                                         "case.accepted"]
    for bad in ([], "rating.created", [1], ["rating.deleted"]):
        with pytest.raises(ValueError):
            rules.check_events(bad)
    assert rules.check_url("https://hcp.example.gov.cn/api/ratings")
    assert not rules.check_url("ftp://x") and not rules.check_url("http://") and not rules.check_url("javascript:x")
    assert rules.valid_phone("13800138000") and not rules.valid_phone("1380013800") and not rules.valid_phone("0571-1234")


def test_only_2xx_delivers():
    assert rules.answered(200) and rules.answered(204)
    assert not rules.answered(None) and not rules.answered(302) and not rules.answered(500)
