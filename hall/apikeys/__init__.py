"""API keys (接口密钥) for outside systems: scoped, hashed at rest, shown once, revocable."""
