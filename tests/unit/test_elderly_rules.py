"""Elderly priority (DOMAIN rules 12, 13) and 老年人专窗: pure rules, no Flask, no database."""
from datetime import date, datetime

import pytest

from hall.devices.reader import ReaderUrlError, check_reader_url
from hall.errors import InvalidInput
from hall.queueing import card, rules

BORN_1950 = "110101195003071235"   # a valid GB 11643 number, born 1950-03-07


def test_the_1950_number_is_valid():
    from hall.intake.identity import valid_id_number
    assert valid_id_number(BORN_1950)


@pytest.mark.parametrize("born,today,age", [
    (date(1966, 12, 7), date(2026, 12, 7), 60),      # the 60th birthday itself counts
    (date(1966, 12, 8), date(2026, 12, 7), 59),      # tomorrow is not today
    (date(1950, 3, 7), date(2026, 12, 7), 76),
    (date(1964, 2, 29), date(2024, 2, 28), 59),      # a leap-day birthday: from 1 March in other years
    (date(1964, 2, 29), date(2024, 2, 29), 60),
])
def test_age_on_the_halls_today(born, today, age):
    assert rules.age_on(born, today) == age


def test_elderly_from_sixty_with_the_halls_date():
    assert rules.is_elderly(date(1966, 12, 7), date(2026, 12, 7))
    assert not rules.is_elderly(date(1966, 12, 8), date(2026, 12, 7))
    assert not rules.is_elderly(None, date(2026, 12, 7))
    assert not rules.is_elderly(date(2030, 1, 1), date(2026, 12, 7))   # a date in the future is nobody's age


def test_only_a_card_read_by_a_reader_gives_elderly_priority_and_only_where_the_hall_gives_it():
    old, today = date(1950, 3, 7), date(2026, 12, 7)
    assert rules.elderly_priority_applies(True, old, today, hall_setting=True)
    assert not rules.elderly_priority_applies(False, old, today, hall_setting=True)    # typed by hand
    assert not rules.elderly_priority_applies(True, old, today, hall_setting=False)    # the hall turned it off
    assert not rules.elderly_priority_applies(True, date(1990, 1, 1), today, hall_setting=True)


def test_call_order_urgent_green_elderly_appointment_referred_walk_in():
    order = [rules.priority_for(False, urgent=True), rules.priority_for(True),
             rules.priority_for(False, elderly=True), rules.priority_for(False, appointment=True),
             rules.PRIORITY_REFERRED, rules.priority_for(False)]
    assert order == sorted(order) and len(set(order)) == len(order)
    assert rules.priority_for(True, elderly=True) == rules.PRIORITY_GREEN
    assert rules.priority_for(False, appointment=True, elderly=True) == rules.PRIORITY_ELDERLY
    assert rules.priority_without_green(False, False, elderly=True) == rules.PRIORITY_ELDERLY


def test_an_elderly_first_window_calls_the_elderly_after_urgent_and_green():
    t0, t1 = datetime(2026, 12, 7, 9, 0), datetime(2026, 12, 7, 9, 30)
    tickets = {   # name: (stored priority, elderly, queued at, id)
        "walk_in_early": (rules.PRIORITY_NORMAL, False, t0, 1),
        "appointment": (rules.PRIORITY_APPOINTMENT, False, t0, 2),
        "elderly_late": (rules.PRIORITY_NORMAL, True, t1, 3),      # the hall setting was off when issued
        "green_late": (rules.PRIORITY_GREEN, False, t1, 4),
        "urgent_late": (rules.PRIORITY_URGENT, False, t1, 5),
    }

    def order(elderly_first):
        return sorted(tickets, key=lambda n: rules.window_order_key(tickets[n][0], tickets[n][1], elderly_first,
                                                                   tickets[n][2], tickets[n][3]))
    assert order(True) == ["urgent_late", "green_late", "elderly_late", "appointment", "walk_in_early"]
    assert order(False) == ["urgent_late", "green_late", "appointment", "walk_in_early", "elderly_late"]
    # an elderly ticket already ahead keeps its place (never pushed back)
    assert rules.window_call_priority(rules.PRIORITY_GREEN, True, True) == rules.PRIORITY_GREEN
    assert rules.window_call_priority(rules.PRIORITY_URGENT, True, True) == rules.PRIORITY_URGENT


# ---------------------------------------------------------------- the applicant on a ticket

def test_a_reader_card_gives_the_birth_date_of_the_number():
    read = card.ticket_applicant({"name": " 张秀英 ", "id_number": BORN_1950, "birth_date": "1950-03-07"}, "reader")
    assert (read.name, read.born, read.from_reader) == ("张秀英", date(1950, 3, 7), True)
    assert read.masked == "1101**********1235"
    assert card.ticket_applicant({"name": "张秀英", "id_number": BORN_1950, "birth_date": "19500307"},
                                 "reader").born == date(1950, 3, 7)


def test_a_typed_number_is_kept_but_not_from_a_reader():
    typed = card.ticket_applicant({"name": "张秀英", "id_number": BORN_1950}, None)
    assert typed.born == date(1950, 3, 7) and not typed.from_reader
    assert card.ticket_applicant(None, None) is None


@pytest.mark.parametrize("data,source,code", [
    ({"name": "张", "id_number": BORN_1950, "birth_date": "1951-03-07"}, "reader", "birth_date_mismatch"),
    ({"name": "张", "id_number": BORN_1950, "birth_date": "1950-13-07"}, "reader", "invalid_birth_date"),
    ({"name": "张", "id_number": "110101195003071234"}, "reader", "invalid_id_number"),
    ({"name": "", "id_number": BORN_1950}, "reader", "invalid_field"),
    ({"name": "张", "id_number": BORN_1950}, "scanner", "invalid_field"),
    (None, "reader", "missing_field"),
    ({"name": "某公司", "kind": "credit_code", "number": "91350100M000100Y43"}, "typed", "invalid_document_kind"),
])
def test_bad_card_reads_are_refused_with_a_code(data, source, code):
    with pytest.raises(InvalidInput) as info:
        card.ticket_applicant(data, source)
    assert info.value.code == code


# ---------------------------------------------------------------- the kiosk's reader URL

@pytest.mark.parametrize("url", ["ws://127.0.0.1:18890", "ws://localhost:18890/card", "http://127.0.0.1:18890/read",
                                 "wss://127.0.0.1:8443"])
def test_reader_urls_on_loopback_are_taken(url):
    assert check_reader_url(url) == url


@pytest.mark.parametrize("url", ["ws://192.168.1.20:18890", "http://reader.example.com/", "ftp://127.0.0.1/",
                                 "ws://user:pw@127.0.0.1:1", "ws://127.0.0.1:99999", "ws://", "127.0.0.1:18890",
                                 "ws://127.0.0.1.evil.com:80", "ws://0.0.0.0:18890",
                                 "wss://[::1]:8443", "ws://127.0.0.2:1"])   # beyond what the kiosk's CSP lets it reach
def test_reader_urls_off_the_kiosk_are_refused(url):
    with pytest.raises(ReaderUrlError):
        check_reader_url(url)


def test_no_reader_is_the_empty_url():
    assert check_reader_url("") == "" and check_reader_url("  ") == ""
