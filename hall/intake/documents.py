"""The documents an applicant is known by (DOMAIN.md rule 13): pure checks, no I/O.

Citizens by 居民身份证 (GB 11643 check digit), 港澳台居民居住证 (the same 18-character form,
beginning 81/82/83), 港澳居民来往内地通行证, 台湾居民来往大陆通行证, 外国人永久居留身份证 (the
2017 15-character card and the 2023 18-character one, which carries a GB 11643 check digit)
and passports; enterprises by 统一社会信用代码 (GB 32100, 18 characters with a check
character). Every number is normalised (spaces gone, upper case), checked, and masked the
same way for display; the keyed hash is taken of the normalised form, so that one person
found by two spellings of the same number is one person.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from hall.intake.identity import valid_id_number


class DocumentKind(str, Enum):
    ID_CARD = "id_card"                        # 居民身份证
    RESIDENCE_PERMIT = "residence_permit"      # 港澳台居民居住证
    HK_MACAU_PERMIT = "hk_macau_permit"        # 港澳居民来往内地通行证
    TAIWAN_PERMIT = "taiwan_permit"            # 台湾居民来往大陆通行证
    FOREIGN_PERMANENT = "foreign_permanent"    # 外国人永久居留身份证
    PASSPORT = "passport"                      # 护照
    CREDIT_CODE = "credit_code"                # 统一社会信用代码 (enterprises)


LABELS = {
    DocumentKind.ID_CARD: "居民身份证",
    DocumentKind.RESIDENCE_PERMIT: "港澳台居民居住证",
    DocumentKind.HK_MACAU_PERMIT: "港澳居民来往内地通行证",
    DocumentKind.TAIWAN_PERMIT: "台湾居民来往大陆通行证",
    DocumentKind.FOREIGN_PERMANENT: "外国人永久居留身份证",
    DocumentKind.PASSPORT: "护照",
    DocumentKind.CREDIT_CODE: "统一社会信用代码",
}
PERSON_KINDS = frozenset(DocumentKind) - {DocumentKind.CREDIT_CODE}


class InvalidDocument(ValueError):
    """``str()`` is the Chinese message for the applicant; ``code`` is stable."""

    def __init__(self, message: str, code: str = "invalid_document_number"):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Document:
    kind: DocumentKind
    number: str                 # normalised

    @property
    def masked(self) -> str:
        return mask(self.number)

    @property
    def birth_date(self) -> date | None:
        return birth_date(self)


# ---------------------------------------------------------------- GB 11643 (18 characters)

gb11643_ok = valid_id_number      # 17 digits, then the check character (ISO 7064 MOD 11-2)


def _embedded_birth_date(value: str) -> date | None:
    """The date at characters 7-14 of an 18-character citizen number, if it is one."""
    try:
        return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


# ---------------------------------------------------------------- GB 32100 (credit code)

_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"   # no I, O, S, V, Z
_CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def gb32100_check(first17: str) -> str:
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS))
    return _CREDIT_ALPHABET[(31 - total % 31) % 31]


def gb32100_ok(value: str) -> bool:
    """18 characters of the code's alphabet; 3-8 an administrative division (digits); the
    last the check character of GB 32100-2015."""
    if len(value) != 18 or any(c not in _CREDIT_ALPHABET for c in value) or not value[2:8].isdigit():
        return False
    return gb32100_check(value[:17]) == value[17]


# ---------------------------------------------------------------- the kinds

_PATTERNS = {
    DocumentKind.HK_MACAU_PERMIT: re.compile(r"[HM]\d{8}(\d{2})?"),
    DocumentKind.TAIWAN_PERMIT: re.compile(r"\d{8}|\d{10}"),
    DocumentKind.PASSPORT: re.compile(r"[A-Z0-9]{5,17}"),
}
_MESSAGES = {
    DocumentKind.ID_CARD: "身份证号码有误，请核对（18 位，最后一位为校验码）",
    DocumentKind.RESIDENCE_PERMIT: "港澳台居民居住证号码有误，请核对（18 位，以 81、82 或 83 开头）",
    DocumentKind.HK_MACAU_PERMIT: "港澳居民来往内地通行证号码有误，请核对（H 或 M 开头，后接 8 位或 10 位数字）",
    DocumentKind.TAIWAN_PERMIT: "台湾居民来往大陆通行证号码有误，请核对（8 位或 10 位数字）",
    DocumentKind.FOREIGN_PERMANENT: "外国人永久居留身份证号码有误，请核对（15 位旧证或 9 开头的 18 位新证）",
    DocumentKind.PASSPORT: "护照号码有误，请核对（5 至 17 位字母或数字）",
    DocumentKind.CREDIT_CODE: "统一社会信用代码有误，请核对（18 位，最后一位为校验码）",
}


def normalise(number: str) -> str:
    return re.sub(r"[\s\-()（）]", "", number or "").upper()


def _valid(kind: DocumentKind, value: str) -> bool:
    if kind is DocumentKind.ID_CARD:
        return gb11643_ok(value) and not value.startswith(("81", "82", "83", "9")) \
            and _embedded_birth_date(value) is not None
    if kind is DocumentKind.RESIDENCE_PERMIT:
        return gb11643_ok(value) and value.startswith(("810000", "820000", "830000")) \
            and _embedded_birth_date(value) is not None
    if kind is DocumentKind.FOREIGN_PERMANENT:
        if len(value) == 15:     # 2004-2017 card: ISO country letters, province, birth date, serial
            return bool(re.fullmatch(r"[A-Z]{3}\d{12}", value))
        return value.startswith("9") and gb11643_ok(value) and _embedded_birth_date(value) is not None
    if kind is DocumentKind.CREDIT_CODE:
        return gb32100_ok(value)
    return bool(_PATTERNS[kind].fullmatch(value))


def parse(kind: str | DocumentKind, number: str) -> Document:
    """The checked, normalised document, or ``InvalidDocument`` with a Chinese message."""
    try:
        kind = DocumentKind(kind)
    except ValueError:
        raise InvalidDocument("证件类型有误：应为 " + "、".join(f"{k.value}（{LABELS[k]}）" for k in DocumentKind),
                              "invalid_document_kind") from None
    value = normalise(number)
    if not _valid(kind, value):
        raise InvalidDocument(_MESSAGES[kind], "invalid_credit_code" if kind is DocumentKind.CREDIT_CODE
                              else "invalid_id_number" if kind is DocumentKind.ID_CARD else "invalid_document_number")
    return Document(kind, value)


def mask(value: str) -> str:
    """Keep a few characters at each end, less than half the number in view:
    ``1101**********002X`` for 18 characters (as the hall has always masked ID numbers),
    ``H1*****78`` for a 9-character permit."""
    keep = max(1, min(4, (len(value) - 1) // 4))
    return value[:keep] + "*" * max(len(value) - 2 * keep, 1) + value[-keep:]


def birth_date(document: Document) -> date | None:
    """The birth date the number itself carries (ID card, residence permit, the 2023 foreign
    permanent residence card); None for the others, which do not say."""
    if document.kind in (DocumentKind.ID_CARD, DocumentKind.RESIDENCE_PERMIT) or (
            document.kind is DocumentKind.FOREIGN_PERMANENT and len(document.number) == 18):
        return _embedded_birth_date(document.number)
    return None


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
