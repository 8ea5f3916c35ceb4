"""Who may read a case (and the joint review's tasks): departments are kept apart.

Pure rules on plain facts, no Flask and no database (``hall.cases.lookup`` gathers the facts):

- the hall's managers, admins, supervisors (and a regional manager, in the halls it may see)
  read every case of the hall;
- window staff read their department's cases: the item's department, or cases accepted at a
  window of their department; staff of a comprehensive window (no department) read the cases
  accepted at comprehensive windows; everyone reads the cases they accepted themselves;
- a reviewer reads the cases with a review task for their department, and only their
  department's task list; records a joint meeting only on such a case;
- nobody else (a helper) reads cases.
"""
from __future__ import annotations

from dataclasses import dataclass

HALL_WIDE = ("manager", "admin", "supervisor", "regional")
REVIEW_WIDE = ("manager", "admin")      # may act for any department in the joint review


@dataclass(frozen=True)
class Reader:
    id: int
    role: str
    department_id: int | None


@dataclass(frozen=True)
class CaseFacts:
    department_id: int | None          # the item's department
    window_department_id: int | None   # the accepting window's department (None: comprehensive)
    accepted_at_window: bool           # False: accepted without a window (none recorded)
    accepted_by: int | None
    review_departments: frozenset = frozenset()


def may_read_case(reader: Reader, case: CaseFacts) -> bool:
    if reader.role in HALL_WIDE:
        return True
    if case.accepted_by is not None and case.accepted_by == reader.id:
        return True
    if reader.role == "staff":
        if reader.department_id is None:
            return case.accepted_at_window and case.window_department_id is None
        return reader.department_id in (case.department_id, case.window_department_id)
    if reader.role == "reviewer":
        return reader.department_id is not None and reader.department_id in case.review_departments
    return False


def may_read_department_tasks(reader: Reader, department_id: int) -> bool:
    return reader.role in REVIEW_WIDE or (reader.role == "reviewer" and reader.department_id == department_id)


def may_record_meeting(reader: Reader, review_departments: frozenset) -> bool:
    """A joint meeting on a case: managers, or a reviewer whose department has a task on it."""
    return reader.role in REVIEW_WIDE or (reader.role == "reviewer" and reader.department_id is not None
                                          and reader.department_id in review_departments)


def reader_of(staff) -> Reader:
    return Reader(id=staff.id, role=staff.role, department_id=staff.department_id)
