"""The applicant a case or an appointment is for, as a request names them (DOMAIN rule 13).

A citizen by any document of ``hall.intake.documents`` (居民身份证 by default, so the
original ``{name, id_number, phone}`` still works), or an enterprise by its 统一社会信用代码
with the legal representative or an agent who acts for it:

    {"name": "张三", "id_number": "1101…", "phone": "138…"}
    {"kind": "passport", "number": "E12345678", "name": "John Smith", "phone": "…"}
    {"kind": "credit_code", "number": "91350100M000100Y43", "name": "某某有限公司", "phone": "…",
     "representative": {"role": "agent", "name": "李四", "kind": "id_card", "number": "…"}}

Every number is checked, then only its mask and keyed hash are kept (``hall.intake.identity``).
"""
from __future__ import annotations

from dataclasses import dataclass

from hall.errors import InvalidInput
from hall.intake import documents
from hall.intake.documents import DocumentKind, InvalidDocument
from hall.intake.identity import id_hash, mask_phone

ROLES = {"legal_representative": "法定代表人", "agent": "代理人"}


def _name(data: dict, field: str) -> str:
    name = data.get("name")
    if not isinstance(name, str) or not 1 <= len(name.strip()) <= 100:
        raise InvalidInput("申请人姓名或名称有误", code="invalid_field", field=field)
    return name.strip()


def _document(data: dict, field: str, *, people_only: bool = False) -> documents.Document:
    kind = data.get("kind", data.get("document_kind", DocumentKind.ID_CARD.value))
    number = data.get("number", data.get("id_number"))
    if not isinstance(kind, str) or not isinstance(number, str) or len(number) > 40:
        raise InvalidInput("证件类型或号码有误", code="invalid_field", field=field)
    try:
        document = documents.parse(kind, number)
    except InvalidDocument as exc:
        raise InvalidInput(str(exc), code=exc.code, field=field) from None
    if people_only and document.kind not in documents.PERSON_KINDS:
        raise InvalidInput("法定代表人或代理人须以个人证件登记", code="invalid_document_kind", field=field)
    return document


@dataclass(frozen=True)
class Representative:
    """Who acts for an enterprise: its legal representative or an agent (代理人)."""
    role: str
    name: str
    document: documents.Document

    @classmethod
    def from_json(cls, data) -> "Representative":
        if not isinstance(data, dict):
            raise InvalidInput("企业申请须登记法定代表人或代理人：applicant.representative", code="missing_field",
                               field="applicant.representative")
        role = data.get("role")
        if role not in ROLES:
            raise InvalidInput("representative.role 须为 legal_representative（法定代表人）或 agent（代理人）",
                               code="invalid_field", field="applicant.representative.role")
        return cls(role, _name(data, "applicant.representative.name"),
                   _document(data, "applicant.representative.number", people_only=True))

    def json(self, secret: str) -> dict:
        return {"role": self.role, "role_name": ROLES[self.role], "name": self.name,
                "kind": self.document.kind.value, "kind_name": documents.LABELS[self.document.kind],
                "number": self.document.masked, "number_hash": id_hash(secret, self.document.number)}


@dataclass(frozen=True)
class Applicant:
    name: str
    id_number: str          # the document's normalised number
    phone: str
    kind: DocumentKind = DocumentKind.ID_CARD
    representative: Representative | None = None

    @classmethod
    def from_json(cls, data) -> "Applicant":
        if not isinstance(data, dict):
            raise InvalidInput("缺少申请人信息：applicant", code="missing_field", field="applicant")
        name = _name(data, "applicant.name")
        document = _document(data, "applicant.id_number" if "id_number" in data else "applicant.number")
        phone = data.get("phone")
        if not isinstance(phone, str) or not phone.strip().isdigit() or not 7 <= len(phone.strip()) <= 15:
            raise InvalidInput("联系电话有误", code="invalid_field", field="applicant.phone")
        representative = None
        if document.kind is DocumentKind.CREDIT_CODE:
            representative = Representative.from_json(data.get("representative"))
        elif data.get("representative") is not None:
            raise InvalidInput("个人申请不登记法定代表人", code="invalid_field", field="applicant.representative")
        return cls(name, document.number, phone.strip(), document.kind, representative)

    @property
    def masked(self) -> str:
        return documents.mask(self.id_number)

    def hash(self, secret: str) -> str:
        """The keyed hash of the normalised number: the same person or enterprise found again."""
        return id_hash(secret, self.id_number)

    def stored(self, secret: str) -> dict:
        """The columns a record keeps of its applicant (a case, an online application): the
        name, the masked number and its keyed hash, the document's kind, the representative,
        the masked phone. The full number and phone are never stored."""
        return {"applicant_name": self.name, "applicant_id_masked": self.masked,
                "applicant_id_hash": self.hash(secret), "applicant_kind": self.kind.value,
                "representative": self.representative.json(secret) if self.representative else None,
                "applicant_phone_masked": mask_phone(self.phone)}

    @property
    def kind_name(self) -> str:
        return documents.LABELS[self.kind]
