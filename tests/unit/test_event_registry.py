"""The bus's registry: what the domains declare reaches the bus, and nothing twice."""
import dataclasses

import pytest

from hall.bootstrap import registry
from hall.events import domain
from hall.events.registry import LiveViews, Reader, Registry


def test_every_event_type_is_routed_or_handled():
    built = registry()
    kinds = [v for v in vars(domain).values() if isinstance(v, type) and dataclasses.is_dataclass(v)]
    assert kinds
    assert [k.__name__ for k in kinds if k not in built.routes and k not in built.handlers] == []


def test_a_finished_service_is_handled_in_the_transaction_and_emits_nothing_itself():
    built = registry()
    assert built.handlers[domain.ServiceFinished]
    finished = domain.ServiceFinished(hall_id=1, ticket_id=1, item_id=None, window_id=1, window_number=3,
                                      window_department_id=None, staff_id=1, staff=None, at=None)
    assert built.emits_for(finished, LiveViews()) == []


def test_markers_are_the_read_and_the_merged_events():
    assert set(registry().markers) == {domain.QueueChanged, domain.WindowChanged, domain.WaitingListChanged,
                                       domain.CatalogChanged}


def test_a_marker_is_read_by_one_reader_only():
    class Twice:
        READERS = {domain.QueueChanged: Reader("queues", key=lambda e: e.queue_id, read=lambda s, h, k: {})}

    built = Registry().include(Twice)
    with pytest.raises(ValueError):
        built.include(Twice)


def test_an_event_nobody_declared_is_an_error():
    with pytest.raises(TypeError):
        Registry().emits_for(domain.QueueChanged(1, 7), LiveViews())
