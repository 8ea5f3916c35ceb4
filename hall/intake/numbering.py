"""Numbers of citizen records: unique in the deployment (the hall's prefix), counted per
hall, day and kind without gaps (the counter row is bumped in the record's transaction)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from hall.db import Counter
from hall.intake.models import RecordCounter

_NUMBERS = Counter(RecordCounter, ("hall_id", "day", "kind"), {"last_seq": 1})


def next_seq(session: Session, hall, day, kind: str) -> int:
    """The day's next number of a kind (case, notice, complaint, info_request) in the hall."""
    return _NUMBERS(session, hall_id=hall.id, day=day, kind=kind)[0]


def hall_prefix(hall_code: str) -> str:
    """What numbers issued by a hall begin with, so that they stay unique across the halls
    of one deployment: the code's first four letters and the initial of each further part
    (``xinlin`` → XINL, ``xinlin-zhen`` → XINLZ)."""
    head, *rest = hall_code.upper().split("-")
    return head[:4] + "".join(part[:1] for part in rest)
