"""Complaints' part of the supervision sweep: each open one against its reply limit."""
from hall.complaints.service import COMPLAINTS
from hall.intake.deadlines import deadline_check

check_complaints = deadline_check(COMPLAINTS)
