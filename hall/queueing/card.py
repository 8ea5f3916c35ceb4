"""The applicant on a ticket, and whether an ID-card reader read them (DOMAIN rules 12, 13).

``POST /tickets`` may carry the applicant in the fields cases and appointments use
(``applicant: {name, id_number}``, any document kind of ``hall.intake.documents``; no phone
needed on a ticket), and ``"id_source": "reader"`` when the kiosk's ID-card reader
(身份证阅读器) read them, with the ``birth_date`` the card's chip gave. Pure: no Flask, no
database.

Why only a reader gives elderly priority, never a typed number: anybody can type any
number, including a grandparent's, so a typed number says nothing about who is standing at
the kiosk. A reader reads the chip of the card laid on it: the card is there, in the hand of
the person taking the ticket, and its birth date is the one the police issued it with. The
server also takes ``id_source: "reader"`` only from a registered kiosk (``X-Device-Token``)
that has a reader configured, so a phone posting to the API cannot claim a reader either.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hall.errors import InvalidInput
from hall.intake import documents
from hall.intake.documents import InvalidDocument

ID_SOURCES = ("typed", "reader")


@dataclass(frozen=True)
class TicketApplicant:
    name: str
    document: documents.Document
    born: date | None          # from the number itself, else the reader's birth_date
    from_reader: bool

    @property
    def masked(self) -> str:
        return self.document.masked


def _birth_date(value, field: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip().replace("/", "-")
        if len(text) == 8 and text.isdigit():          # readers often give YYYYMMDD
            text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
        try:
            born = date.fromisoformat(text)
        except ValueError:
            born = None
        if born is not None and 1900 <= born.year <= 2100:
            return born
    raise InvalidInput("出生日期有误，应为YYYY-MM-DD", code="invalid_birth_date", field=field)


def ticket_applicant(data, id_source: str | None) -> TicketApplicant | None:
    """The checked applicant of a ticket request, or None when it names none. A reader's
    ``birth_date`` must agree with the one an ID number carries (a misread card is refused,
    not believed); a document without one (a passport) takes the reader's."""
    source = id_source or "typed"
    if source not in ID_SOURCES:
        raise InvalidInput("id_source 须为 typed（手工输入）或 reader（身份证阅读器）", code="invalid_field",
                           field="id_source")
    if data is None:
        if source == "reader":
            raise InvalidInput("读卡取号须附申请人信息：applicant", code="missing_field", field="applicant")
        return None
    if not isinstance(data, dict):
        raise InvalidInput("申请人信息应为对象", code="invalid_field", field="applicant")
    name = data.get("name")
    if not isinstance(name, str) or not 1 <= len(name.strip()) <= 100:
        raise InvalidInput("申请人姓名有误", code="invalid_field", field="applicant.name")
    kind = data.get("kind", documents.DocumentKind.ID_CARD.value)
    number = data.get("id_number", data.get("number"))
    if not isinstance(kind, str) or not isinstance(number, str) or len(number) > 40:
        raise InvalidInput("证件类型或号码有误", code="invalid_field", field="applicant.id_number")
    try:
        document = documents.parse(kind, number)
    except InvalidDocument as exc:
        raise InvalidInput(str(exc), code=exc.code, field="applicant.id_number") from None
    if document.kind not in documents.PERSON_KINDS:
        raise InvalidInput("号票的申请人须以个人证件登记", code="invalid_document_kind", field="applicant.kind")
    given = _birth_date(data.get("birth_date"), "applicant.birth_date")
    embedded = document.birth_date
    if given is not None and embedded is not None and given != embedded:
        raise InvalidInput("读卡的出生日期与证件号码不符，请重新读卡", code="birth_date_mismatch",
                           field="applicant.birth_date")
    return TicketApplicant(name.strip(), document, embedded or given, source == "reader")
