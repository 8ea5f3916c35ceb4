"""对接外部系统: events out through a transactional outbox (好差评 platform, approval systems)
and notifications through an SMS / WeChat gateway, both delivered by the worker in ``hall serve``."""
