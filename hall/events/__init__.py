"""The event bus, as infrastructure: it imports no domain.

- ``domain``: the event types (plain data) the services record;
- ``bus``: ``record(session, event)`` and the ``EventBus`` that delivers after the commit
  (deferred and coalesced under gevent);
- ``registry``: what the domains declare (routes, readers, merges, handlers), gathered by
  ``hall.bootstrap``;
- ``alerts``: the one route every domain shares; ``redis_manager``: Socket.IO over Redis.
"""
