"""Online applications, pure: numbers, statuses and the pre-review of their materials."""
from __future__ import annotations

from datetime import date

from hall.errors import InvalidInput, Unprocessable
from hall.intake.numbering import hall_prefix

STATUS_NAMES = {"pre_review": "网上预审", "accepted": "已受理"}
MAX_EXTERNAL_NO = 64


def application_number(hall_code: str, day: date, seq: int) -> str:
    """``<hall prefix>WS<yyyymmdd><seq>``: WS for 网上 (online), apart from case numbers."""
    return f"{hall_prefix(hall_code)}WS{day:%Y%m%d}{seq:04d}"


def check_external_no(value) -> str:
    if not isinstance(value, str) or not 1 <= len(value.strip()) <= MAX_EXTERNAL_NO:
        raise InvalidInput(f"缺少或无效的外部申请编号：external_no（1—{MAX_EXTERNAL_NO}个字符）",
                           code="invalid_field", field="external_no")
    return value.strip()


def check_codes(value) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and len(v) <= 40 for v in value):
        raise InvalidInput("参数materials须为材料编码列表", code="invalid_field", field="materials")
    return list(dict.fromkeys(value))


def pre_review(materials: list[str], known: list[str], required: list[str]) -> None:
    """网上预审: every code sent is one of the item's materials (422 ``unknown_material``) and
    every required material is there (422 ``missing_materials`` naming each one missing)."""
    unknown = [c for c in materials if c not in known]
    if unknown:
        raise Unprocessable(f"材料编码不属于该事项：{'、'.join(unknown)}", code="unknown_material", unknown=unknown)
    missing = [c for c in required if c not in materials]
    if missing:
        raise Unprocessable(f"缺少必需的申报材料：{'、'.join(missing)}", code="missing_materials", missing=missing)
