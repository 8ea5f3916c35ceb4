"""Pure catalog rules (no Flask, no database).

Seed 003's targets (DOMAIN rules 7 and 14): general items are completed within 15 working
days, special ones within 30; an item configured with a longer promised limit needs a
recorded reason. Special here means the items whose handling spans departments or levels:
联办件 (``joint``) and 上报件 (``report``). Whoever creates or edits an item (the admin item
API, the Excel import, the demo loader) calls ``check_limit_reason``.
"""
from __future__ import annotations

from hall.errors import RuleError

GENERAL_MAX_DAYS = 15
SPECIAL_MAX_DAYS = 30
SPECIAL_KINDS = ("joint", "report")


def limit_ceiling(kind: str) -> int:
    """The longest promised limit an item of this kind may have without a reason."""
    return SPECIAL_MAX_DAYS if kind in SPECIAL_KINDS else GENERAL_MAX_DAYS


def needs_limit_reason(kind: str, promised_days: int) -> bool:
    return promised_days > limit_ceiling(kind)


def check_limit_reason(kind: str, promised_days: int, reason: str | None) -> str:
    """The reason recorded for a long limit ('' when none is needed); 422
    ``limit_reason_required`` when the limit is over the ceiling and no reason is given."""
    text = (reason or "").strip()
    if needs_limit_reason(kind, promised_days) and not text:
        ceiling = limit_ceiling(kind)
        raise RuleError(f"{'特殊' if kind in SPECIAL_KINDS else '一般'}事项承诺时限超过{ceiling}个工作日，"
                        f"须说明理由（limit_reason）", code="limit_reason_required", status=422,
                        field="limit_reason", ceiling=ceiling)
    return text
