"""hall: the service hall queue and one-stop window system (政务服务中心).

``create_app`` (the application factory) and ``socketio`` live in ``hall.factory``; they are
loaded lazily so that ``hall serve`` can let gevent patch the standard library before
Flask, Redis or the database drivers are imported.
"""


def __getattr__(name):
    if name in ("create_app", "socketio"):
        from hall import factory
        return getattr(factory, name)
    raise AttributeError(f"module 'hall' has no attribute {name!r}")
