"""The citizen a case or an appointment is for, as a request names them."""
from __future__ import annotations

from dataclasses import dataclass

from hall.errors import InvalidInput
from hall.intake.identity import valid_id_number


@dataclass
class Applicant:
    name: str
    id_number: str
    phone: str

    @classmethod
    def from_json(cls, data) -> "Applicant":
        if not isinstance(data, dict):
            raise InvalidInput("缺少申请人信息：applicant", code="missing_field", field="applicant")
        name, id_number, phone = (data.get(k) for k in ("name", "id_number", "phone"))
        if not isinstance(name, str) or not 1 <= len(name.strip()) <= 50:
            raise InvalidInput("申请人姓名有误", code="invalid_field", field="applicant.name")
        if not isinstance(id_number, str) or not valid_id_number(id_number.strip()):
            raise InvalidInput("身份证号码有误，请核对", code="invalid_id_number", field="applicant.id_number")
        if not isinstance(phone, str) or not phone.strip().isdigit() or not 7 <= len(phone.strip()) <= 15:
            raise InvalidInput("联系电话有误", code="invalid_field", field="applicant.phone")
        return cls(name.strip(), id_number.strip().upper(), phone.strip())
