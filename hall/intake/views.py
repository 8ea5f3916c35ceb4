"""What the blueprints of numbered citizen records share: the answer to a submission (the
query code is shown once, then) and the citizen's page found by number and query code."""
from __future__ import annotations

from typing import Callable

from flask import request
from sqlalchemy.orm import Session

from hall.guessing import guarded


def created(record, shown: dict) -> tuple[dict, int]:
    """201 with what the citizen may see and, this once, the query code."""
    return shown | {"query_code": record.query_code}, 201


def follow(session: Session, find: Callable, show: Callable[..., dict], number: str) -> dict:
    """The citizen's view of ``find(session, number, query_code)`` (a NotFound when either is wrong)."""
    found = guarded(number, lambda: find(session, number, request.args.get("query_code")))
    return show(session, found, public=True)
