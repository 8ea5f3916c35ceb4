"""Information requests' part of the supervision sweep: each open one against its statutory limit."""
from hall.inforequests import rules
from hall.inforequests.models import InfoRequest
from hall.intake.deadlines import deadline_check
from hall.supervision.kinds import AccountabilityKind

check_info_requests = deadline_check(InfoRequest, name="info_request", kind=AccountabilityKind.INFO_REQUEST_OVERDUE,
                                     open_statuses=rules.OPEN, number_of=lambda r: r.request_no,
                                     label="政府信息公开申请")
