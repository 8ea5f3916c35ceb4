"""What an inspection finding cost the window: its live score for the month."""
from __future__ import annotations

from sqlalchemy.orm import Session

from hall.inspections.models import Inspection
from hall.ratings.monthly import compute


def window_month_score(session: Session, hall, number: int, inspection: Inspection) -> dict | None:
    """The inspected window's live score for the inspection's month, so the supervisor sees
    what the finding cost."""
    month = f"{inspection.inspected_on:%Y-%m}"
    row = next((r for r in compute(session, hall, month, "window") if r["window"] == number), None)
    return {"month": month, "score": row["score"], "stars": row["stars"],
            "deductions": row["breakdown"]["deductions"]} if row else None
