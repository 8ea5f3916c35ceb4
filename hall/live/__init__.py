"""The live screens' side of Socket.IO: who may join which room (``access``), the ``state``
a screen gets on joining (``snapshots``) and the ``join``/``leave`` handlers (``sockets``).

It sits above the domains (it composes queueing, catalog, ratings, reviews, auth and
devices); no domain imports it. What screens hear *after* joining is the event bus's job
(``hall.events``), with the routes each domain declares.
"""
