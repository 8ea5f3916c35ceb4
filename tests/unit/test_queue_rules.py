"""Pure queue rules, no Flask, no database."""
import pytest

from hall.bootstrap import registry
from hall.events import domain
from hall.events.registry import LiveViews
from hall.queueing import rules

emits_for, coalesce = registry().emits_for, registry().coalesce


def test_ticket_number_is_prefix_and_three_digits_and_never_truncated():
    assert rules.format_number("A", 1) == "A001"
    assert rules.format_number("B", 42) == "B042"
    assert rules.format_number("A", 999) == "A999"
    assert rules.format_number("A", 1000) == "A1000"


def test_call_phrase_is_the_one_the_lobby_hears():
    assert rules.call_text("A001", 3) == "请A001号到3号窗口办理"


@pytest.mark.parametrize("status,action,target", [
    ("waiting", "call", "called"), ("called", "start", "serving"), ("called", "finish", "finished"),
    ("serving", "finish", "finished"), ("called", "no_show", "no_show"), ("serving", "hold", "held"),
    ("held", "call_back", "called"), ("serving", "transfer", "waiting"), ("called", "recall", "called"),
])
def test_allowed_transitions(status, action, target):
    assert rules.next_status(status, action) == target


@pytest.mark.parametrize("status,action", [
    ("finished", "finish"), ("no_show", "start"), ("serving", "no_show"), ("waiting", "start"),
    ("serving", "recall"), ("finished", "transfer"), ("waiting", "hold"),
])
def test_forbidden_transitions_say_why_in_chinese(status, action):
    with pytest.raises(rules.TransitionError) as info:
        rules.next_status(status, action)
    assert "号票不能" in str(info.value)


def test_priority_order_green_then_appointment_then_referred_then_walk_in():
    assert rules.priority_for(True) < rules.priority_for(False, appointment=True) \
        < rules.PRIORITY_REFERRED < rules.priority_for(False)


def test_estimate_divides_by_open_windows_and_rounds_up():
    stats = rules.ServiceStats(avg_service_minutes=5, open_windows=2)
    assert rules.estimate_wait_minutes(0, stats) == 0
    assert rules.estimate_wait_minutes(3, stats) == 8   # 7.5 → 8
    assert rules.estimate_wait_minutes(3, rules.ServiceStats(5, 0)) == 15  # no window: assume one


def test_running_average_is_exact_until_the_window_fills():
    avg = None
    for n, x in enumerate([60, 120, 180]):
        avg = rules.updated_average(avg, x, n, window=20)
    assert avg == pytest.approx(120)
    # once full, a new sample weighs 1/window
    assert rules.updated_average(100, 200, 50, window=20) == pytest.approx(105)


def rooms_of(emits, hall_id=1):
    """Client-side room names (the server keeps them per hall as "<hall id>/<room>")."""
    prefix = f"{hall_id}/"
    assert all(room.startswith(prefix) for _n, _p, room in emits)
    return [(name, room[len(prefix):]) for name, _p, room in emits]


def test_ticket_called_goes_to_display_window_and_the_tickets_own_room():
    event = domain.TicketCalled(hall_id=1, number="A001", window=3, queue="business", recall=False,
                                text="请A001号到3号窗口办理", token="tok12345")
    emits = emits_for(event, LiveViews())
    assert {room for name, room in rooms_of(emits) if name == "ticket_called"} == \
        {"display", "window:3", "ticket:tok12345"}
    assert emits[0][1] == {"number": "A001", "window": 3, "queue": "business", "recall": False,
                           "text": "请A001号到3号窗口办理"}


def test_rooms_are_per_hall():
    event = domain.TicketCalled(hall_id=2, number="B001", window=1, queue="tax", recall=False, text="t",
                                token="tok12345")
    assert {room for _n, _p, room in emits_for(event, LiveViews())} == \
        {"2/display", "2/window:1", "2/ticket:tok12345"}


def test_rating_requested_goes_only_to_the_windows_pad():
    emits = emits_for(domain.RatingRequested(hall_id=1, window=5, rating_token="t", staff=None), LiveViews())
    assert rooms_of(emits) == [("rating_requested", "rating_pad:5")]


def test_coalesce_sends_each_queue_window_and_ticket_once_and_every_call():
    call = domain.TicketCalled(1, "A1", 1, "a", False, "t", "x" * 8)
    events = [domain.QueueChanged(1, 7), call, domain.WaitingListChanged(1, (3, 4)), domain.QueueChanged(1, 8),
              domain.QueueChanged(1, 7), domain.WindowChanged(1, 3), domain.WaitingListChanged(1, (4, 5)),
              domain.WindowChanged(1, 3), domain.QueueChanged(2, 7)]
    assert coalesce(events) == [domain.QueueChanged(1, 7), call, domain.QueueChanged(1, 8),
                                domain.WindowChanged(1, 3), domain.QueueChanged(2, 7),
                                domain.WaitingListChanged(1, (3, 4, 5))]


def test_markers_carry_the_figures_read_when_sent():
    views = LiveViews(queues={7: {"queue": "business", "waiting": 3, "estimated_wait_minutes": 12}},
                      windows={(1, 4): {"number": 4, "status": "open"}})
    queue_emits = emits_for(domain.QueueChanged(1, 7), views)
    assert {room for _n, room in rooms_of(queue_emits)} == {"display", "manager", "queue:business"}
    assert queue_emits[0][1]["waiting"] == 3
    assert {room for _n, room in rooms_of(emits_for(domain.WindowChanged(1, 4), views))} == \
        {"display", "manager", "window:4", "rating_pad:4"}
    assert emits_for(domain.QueueChanged(1, 8), views) == []   # nothing read, nothing sent

def test_an_urgent_ticket_goes_ahead_of_everyone_the_green_channel_included():
    """急事急办 is "called next" (DOMAIN rule 10): ahead of the green channel, which is ahead
    of appointments, referrals and walk-ins."""
    assert rules.priority_for(False, urgent=True) < rules.priority_for(True) < rules.priority_for(False)
    assert rules.priority_for(True, appointment=True, urgent=True) == rules.PRIORITY_URGENT
    early_green = rules.call_order_key(rules.PRIORITY_GREEN, 1, 1)
    late_urgent = rules.call_order_key(rules.PRIORITY_URGENT, 9, 9)
    assert min(early_green, late_urgent) == late_urgent


def test_marking_urgent_needs_a_waiting_ticket_and_a_reason():
    assert rules.urgent_priority("waiting", rules.PRIORITY_NORMAL, " 明日出国，需当日办结 ") == (
        rules.PRIORITY_URGENT, "明日出国，需当日办结")
    with pytest.raises(rules.TicketRuleError) as no_reason:
        rules.urgent_priority("waiting", rules.PRIORITY_NORMAL, "  ")
    assert (no_reason.value.code, no_reason.value.status) == ("reason_required", 400)
    for status in ("called", "serving", "finished", "no_show"):
        with pytest.raises(rules.TransitionError) as refused:
            rules.urgent_priority(status, rules.PRIORITY_NORMAL, "急")
        assert refused.value.status == 409


def test_a_green_channel_is_confirmed_or_revoked_only_on_a_green_ticket_at_the_window():
    assert rules.green_checked(True, "serving", "confirm_green") == "serving"
    assert rules.green_checked(True, "called", "revoke_green") == "waiting"
    with pytest.raises(rules.TicketRuleError) as not_green:
        rules.green_checked(False, "called", "revoke_green")
    assert (not_green.value.code, not_green.value.status) == ("not_green_channel", 409)
    with pytest.raises(rules.TransitionError):
        rules.green_checked(True, "waiting", "confirm_green")


def test_a_revoked_green_channel_keeps_the_place_it_would_have_had_without_it():
    assert rules.priority_without_green(appointment=False, urgent=False) == rules.PRIORITY_NORMAL
    assert rules.priority_without_green(appointment=True, urgent=False) == rules.PRIORITY_APPOINTMENT
    assert rules.priority_without_green(appointment=False, urgent=True) == rules.PRIORITY_URGENT
