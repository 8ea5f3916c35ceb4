"""Information requests' part of the supervision sweep: each open one against its statutory limit."""
from hall.inforequests.service import INFO_REQUESTS
from hall.intake.deadlines import deadline_check

check_info_requests = deadline_check(INFO_REQUESTS)
