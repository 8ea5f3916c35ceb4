"""The numbering counter every citizen record draws from, and the columns complaints and
information requests share."""
from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar, Optional

from sqlmodel import Field, SQLModel


class RecordCounter(SQLModel, table=True):
    """Numbers per hall, day and kind (case, notice, complaint, info_request), bumped like the
    ticket counter. The table keeps the name it had when only cases were numbered."""
    __tablename__ = "casecounter"
    hall_id: int = Field(foreign_key="hall.id", primary_key=True)
    day: date = Field(primary_key=True)
    kind: str = Field(default="case", primary_key=True, max_length=20)
    last_seq: int = 0


class DeadlineRecord(SQLModel):
    """A numbered citizen record with a query code and a working-day deadline, taken on a
    channel, owned and answered by staff, lit by the supervision sweep (complaints,
    information requests). A table model adds its number column (named by ``NUMBER``), its
    status (``status``) and what is particular to it."""
    NUMBER: ClassVar[str]

    id: Optional[int] = Field(default=None, primary_key=True)
    hall_id: int = Field(foreign_key="hall.id")
    query_code: str = Field(max_length=10)
    channel: str = Field(max_length=30)
    contact_phone: str = ""                   # for the call-back; shown masked
    received_at: datetime
    received_on: date
    deadline: date
    registered_by: Optional[int] = Field(default=None, foreign_key="staff.id")
    owner_id: Optional[int] = Field(default=None, foreign_key="staff.id")
    reply: str = ""
    replied_at: Optional[datetime] = None
    replied_by: Optional[int] = Field(default=None, foreign_key="staff.id")
    light: str = "green"

    @property
    def number(self) -> str:
        return getattr(self, self.NUMBER)
