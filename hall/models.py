"""The application's schema: imports every domain's tables so that the registry
(``hall.db.schema.metadata``, SQLModel's) holds the whole schema for Alembic and the factory.
The list of domains lives here, above them, not in ``hall.db`` (which imports no domain)."""
from hall.apikeys.models import ApiKey  # noqa: F401
from hall.applications.models import Application  # noqa: F401
from hall.appointments.models import Appointment, SlotCounter  # noqa: F401
from hall.assessments.models import AssessmentWeights, PeerScore, SelfAssessment  # noqa: F401
from hall.assist.models import AssistRequest, AttorneyTicket, HelperDuty, PowerOfAttorney  # noqa: F401
from hall.audit.models import AuditEntry  # noqa: F401
from hall.auth.models import AuthSession, LoginLock, Staff  # noqa: F401
from hall.calendar.models import CalendarOverride  # noqa: F401
from hall.cases.models import Case, CasePause, CaseStep, Notice  # noqa: F401
from hall.complaints.models import Complaint  # noqa: F401
from hall.disclosure.models import Announcement  # noqa: F401
from hall.fees.models import FeePayment, RefundRequest  # noqa: F401
from hall.inforequests.models import InfoRequest  # noqa: F401
from hall.intake.models import RecordCounter  # noqa: F401
from hall.integrations.models import AppointmentPhone, Delivery, Integration, TicketPhone  # noqa: F401
from hall.inspections.models import Inspection  # noqa: F401
from hall.catalog.models import Department, Hall, Item, Material, Queue, Window, WindowQueue  # noqa: F401
from hall.devices.models import Device  # noqa: F401
from hall.queueing.models import (QueueCounter, QueueDeparture, Ticket, TicketEvent, WindowPause,  # noqa: F401
                                  WindowSession)
from hall.ratings.models import Rating, RatingRequest, Rectification, StarMonth, StarResult  # noqa: F401
from hall.reviews.models import ReviewMeeting, ReviewTask  # noqa: F401
from hall.supervision.models import Accountability  # noqa: F401
from hall.assist.models import AssistProject, AttorneyCase, ProjectCase  # noqa: F401,E402  (帮办代办: cases under a 授权委托书, 全程代办 projects)

from hall.db.schema import metadata  # noqa: E402

__all__ = ["metadata"]
