"""The kinds of accountability record: one name each, stored as its string value."""
from __future__ import annotations

from enum import StrEnum


class AccountabilityKind(StrEnum):
    OVERDUE = "overdue"                                        # a case past its promised limit
    MATERIALS_AFTER_ACCEPTANCE = "materials_after_acceptance"  # more materials asked after acceptance
    REVIEW_OVERDUE = "review_overdue"                          # a department late in joint review
    RECTIFICATION_OVERDUE = "rectification_overdue"            # a 差评 step past its due date
    COMPLAINT_OVERDUE = "complaint_overdue"                    # a complaint not answered in time
    INFO_REQUEST_OVERDUE = "info_request_overdue"              # an information request not answered in time

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {AccountabilityKind.OVERDUE: "办件超期",
          AccountabilityKind.MATERIALS_AFTER_ACCEPTANCE: "受理后要求补交材料",
          AccountabilityKind.REVIEW_OVERDUE: "联审超期",
          AccountabilityKind.RECTIFICATION_OVERDUE: "差评整改超期",
          AccountabilityKind.COMPLAINT_OVERDUE: "投诉建议超期未答复",
          AccountabilityKind.INFO_REQUEST_OVERDUE: "信息公开申请超期未答复"}


def label_of(kind: str) -> str:
    """The Chinese name of a stored kind; an unknown kind is shown as it is."""
    try:
        return AccountabilityKind(kind).label
    except ValueError:
        return kind
