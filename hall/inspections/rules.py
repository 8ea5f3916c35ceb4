"""What an inspection finding costs in the month's star rating (the amounts are in
``hall.ratings.stars.DEFAULT_DEDUCTIONS`` and a month's settings):

- ``late`` (迟到早退) counts as one lateness in attendance: ``lateness`` points (2);
- ``absent`` (脱岗空岗), ``off_task`` (上班做与工作无关的事) and ``attitude`` (服务态度生硬)
  each take ``inspection`` points (5) off the total;
- ``ok`` (在岗正常) costs nothing and is kept as evidence of the visit.
The window inspected and the staff member on duty there both bear the finding."""
from __future__ import annotations

from hall.errors import RuleBroken

FINDINGS = {"ok": "在岗正常", "late": "迟到早退", "absent": "脱岗空岗", "off_task": "做与工作无关的事",
            "attitude": "服务态度生硬"}
MODES = {"open": "明查", "covert": "暗访"}
ATTENDANCE_FINDINGS = ("late",)   # the other findings but ``ok`` cost ``inspection`` points



def check(finding: str, mode: str) -> None:
    if finding not in FINDINGS:
        raise RuleBroken("检查结果须为 ok、late、absent、off_task 或 attitude", "invalid_finding")
    if mode not in MODES:
        raise RuleBroken("检查方式须为 open（明查）或 covert（暗访）", "invalid_mode")
