"""The hall-day simulator follows the real call order."""
from datetime import date, time

from hall.simulation.engine import Arrival, HallShape, generate_arrivals, percentile, simulate, windows_needed

SHAPE = HallShape(opens=time(8, 30), closes=time(17, 0), queues={"a": 10.0, "b": 10.0}, windows=[(1, ("a", "b"))])


def test_green_channel_is_served_before_earlier_walk_ins():
    arrivals = [Arrival(0, "a"), Arrival(1, "a"), Arrival(2, "b"), Arrival(3, "a", green=True)]
    result = simulate(SHAPE, arrivals, SHAPE.windows)
    # the first arrival is served at once; the green ticket (arrived last) is called next
    assert result.waits["a"][0] == 0
    assert result.waits["a"][1] < result.waits["a"][2]          # the green one waited less than A #2
    assert len(result.waits["a"]) == 3
    assert len(result.waits["b"]) == 1


def test_one_window_serves_its_queues_first_come_first_served():
    arrivals = [Arrival(0, "a"), Arrival(0.5, "b"), Arrival(1, "a")]
    result = simulate(SHAPE, arrivals, SHAPE.windows)
    assert result.waits["b"][0] < result.waits["a"][1]           # b arrived before the second a


def test_more_windows_mean_shorter_waits_and_the_staffing_answer():
    shape = HallShape(time(8, 30), time(17, 0), {"a": 8.0}, [(i, ("a",)) for i in range(1, 9)])
    arrivals = generate_arrivals(shape, date(2026, 11, 23), 300)
    one = sorted(simulate(shape, arrivals, shape.windows[:2]).waits["a"])
    many = sorted(simulate(shape, arrivals, shape.windows).waits["a"])
    assert percentile(many, 90) < percentile(one, 90)
    needed = windows_needed(shape, arrivals, target_minutes=15)["a"]
    assert 2 < needed <= 8
    assert percentile(sorted(simulate(shape, arrivals, shape.windows[:needed]).waits["a"]), 90) <= 15


def test_percentile():
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90) == 9
    assert percentile([], 50) == 0


def test_a_queue_that_learned_a_zero_second_service_still_simulates():
    shape = HallShape(time(8, 30), time(17, 0), {"a": 0.0, "b": 10.0}, [(1, ("a", "b"))])
    result = simulate(shape, [Arrival(0, "a"), Arrival(0, "a"), Arrival(1, "b")], shape.windows)
    assert len(result.waits["a"]) == 2
    assert max(result.waits["a"]) < 1       # the second waits for a near-instant service only
