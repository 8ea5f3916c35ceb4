"""The six digits a citizen types, with the record's number, to follow a case, complaint
or request."""
from __future__ import annotations

import secrets


def new_query_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def query_code_matches(record, query_code) -> bool:
    """Whether a citizen's query code opens ``record`` (a case, complaint or request; None:
    nothing found), compared in constant time. Anything but a string never matches, and the
    comparison is on bytes: ``compare_digest`` refuses non-ASCII text."""
    return record is not None and isinstance(query_code, str) and \
        secrets.compare_digest(record.query_code.encode(), query_code.encode())
