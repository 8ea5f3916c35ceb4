"""What the demo halls tell citizens must be true on the day it is shown."""
import re
from datetime import date

from hall.clock import local_date, utcnow

API = "/api/v1"


def announcements(client, hall: str = "xinlin") -> list[dict]:
    return [a for which in ("showing", "archived")
            for a in client.get(f"{API}/announcements?which={which}&hall={hall}").get_json()]


def test_announcements_name_only_this_year_or_the_period_just_past(client):
    today = local_date(utcnow(), "Asia/Shanghai")
    shown = announcements(client)
    assert len(shown) == 3
    for a in shown:
        for year in re.findall(r"(\d{4})年", a["title"] + a["body"]):
            assert int(year) in (today.year, today.year - 1), (year, a["title"])
            if int(year) == today.year - 1:          # only a period that ended at the turn of the year
                assert today.month <= 3 and date.fromisoformat(a["starts_on"]).year == today.year, a["title"]


def test_a_weekday_named_beside_a_date_is_that_dates_weekday(client):
    """The holiday notice once said 1月4日（星期日）: true of 2026 only."""
    today = local_date(utcnow(), "Asia/Shanghai")
    for a in announcements(client):
        for month, day, weekday in re.findall(r"(\d{1,2})月(\d{1,2})日[（(]星期(.)[)）]", a["body"]):
            starts = date.fromisoformat(a["starts_on"])
            when = date(starts.year, int(month), int(day))
            when = when if when >= starts else date(starts.year + 1, int(month), int(day))
            assert "一二三四五六日"[when.weekday()] == weekday, (a["title"], today)


def test_a_heilongjiang_hall_sends_citizens_to_heilongjiang(client):
    for a in announcements(client):
        text = a["title"] + a["body"]
        assert "粤省事" not in text
        assert "广东" not in text
        for area_code in re.findall(r"\b(0\d{2,3})-\d{7,8}", text):
            assert area_code == "0457", text       # 大兴安岭地区


def test_the_township_offers_no_service_it_does_not_have(client):
    hall = client.get(f"{API}/hall?hall=xinlin-zhen").get_json()
    assert hall["notices"]
    assert not any("代办" in notice for notice in hall["notices"])
