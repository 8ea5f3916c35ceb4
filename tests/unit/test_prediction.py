"""The wait prediction: pure rules, and its backtest on simulated days."""
from datetime import datetime

from hall.queueing.prediction import (Average, LineLoad, ServiceTimes, WindowLoad, capacity, hour_of_week,
                                      predict_wait_minutes)
from hall.simulation.backtest import backtest, demo_world

TIMES = ServiceTimes(by_queue={"a": Average(600, 50), "b": Average(300, 50)},
                     by_item={("a", "quick"): Average(120, 20), ("a", "few"): Average(900, 2)},
                     cv={"a": 0.0, "b": 0.0}, defaults={"a": 600, "b": 300})


def test_hours_of_the_week_start_on_monday():
    assert hour_of_week(datetime(2026, 11, 23, 9, 30)) == 9            # a Monday
    assert hour_of_week(datetime(2026, 11, 29, 23, 5)) == 167          # a Sunday night


def test_service_times_fall_back_from_item_and_hour_to_queue_to_the_configured_time():
    assert TIMES.seconds("a", "quick", 9) == 120
    assert TIMES.seconds("a", "few", 9) == 600          # two services are too few: the queue's average
    assert TIMES.seconds("a", None, 9) == 600
    assert TIMES.seconds("c", None, 9) == 360           # nothing known at all


def test_a_shared_window_gives_each_queue_its_share_of_the_work():
    lines = {"a": LineLoad(3, 1800), "b": LineLoad(6, 1800)}
    windows = [WindowLoad(("a",), "busy"), WindowLoad(("a", "b"), "busy"), WindowLoad(("a",), "off")]
    assert capacity("a", lines, windows) == 1.5
    assert capacity("b", lines, windows) == 0.5


def test_the_prediction_weighs_work_not_heads():
    lines = {"a": LineLoad(4, 4 * 120), "b": LineLoad(0, 0)}
    windows = [WindowLoad(("a",), "busy"), WindowLoad(("a",), "busy")]
    quick = predict_wait_minutes("a", 4, 4 * 120, lines, windows, TIMES, 9)
    slow = predict_wait_minutes("a", 4, 4 * 900, lines, windows, TIMES, 9)
    assert quick < slow
    # half a 10-minute service for one of the two windows to come free, over two windows (2.5 min),
    # then 4 × 2 minutes of work over two windows (4 min): 6.5, rounded up
    assert quick == 7


def test_a_free_window_means_no_wait_and_no_open_window_still_gives_an_answer():
    lines = {"a": LineLoad(0, 0), "b": LineLoad(0, 0)}
    assert predict_wait_minutes("a", 0, 0, lines, [WindowLoad(("a",), "free")], TIMES, 9) == 0
    # nobody at a window: reckoned as one window opening (5 min of a service under way + 20 min)
    assert predict_wait_minutes("a", 2, 1200, lines, [WindowLoad(("a",), "off")], TIMES, 9) == 25


def test_on_busy_simulated_days_the_prediction_errs_under_a_fifth_of_the_wait_and_less_than_the_plain_estimate():
    result = backtest(demo_world(), train=20, test=10, tickets=600)
    assert result.tickets == 6000
    assert result.mean_wait > 20
    assert result.predicted_error < result.plain_error
    assert result.predicted_error < 0.2 * result.mean_wait
