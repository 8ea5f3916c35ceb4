"""Complaints' part of the supervision sweep: each open one against its reply limit."""
from hall.complaints import rules
from hall.complaints.models import Complaint
from hall.intake.deadlines import deadline_check
from hall.supervision.kinds import AccountabilityKind

check_complaints = deadline_check(Complaint, name="complaint", kind=AccountabilityKind.COMPLAINT_OVERDUE,
                                  open_statuses=rules.OPEN, number_of=lambda c: c.complaint_no, label="投诉建议")
