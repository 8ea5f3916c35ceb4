"""The cases' part of the supervision sweep: lights for every open case, one accountability
record per overdue case, deemed approval where the item says so, alerts to the managers
and the accepting window.

It reads plain rows and writes in bulk (100,000 open cases in a few seconds), because it
runs inside the server: a slow sweep would hold up every request."""
from __future__ import annotations

from sqlalchemy import bindparam, select, update

from hall.calendar.workdays import Pause
from hall.cases import published, rules
from hall.cases.models import Case, CasePause, CaseStep
from hall.catalog.models import Item, Window
from hall.supervision.alerts import send_capped
from hall.supervision.kinds import AccountabilityKind
from hall.supervision.sweep import SweepRun

MAX_ALERTS_PER_SWEEP = 20   # beyond this, one summary alert instead of a flood
DEEMED_REASON = "期限届满未作决定，视为准予许可（超时默认）"


def check_cases(run: SweepRun) -> dict:
    session, hall, cal, today, as_of = run.session, run.hall, run.cal, run.today, run.as_of
    summary = {"green": 0, "yellow": 0, "red": 0, "new_accountability": 0, "deemed_approved": 0}
    table = Case.__table__
    rows = session.execute(select(table.c.id, table.c.case_no, table.c.accepted_on, table.c.promised_days,
                                  table.c.extension_days, table.c.deadline, table.c.light, table.c.status,
                                  table.c.kind, table.c.item_id, table.c.window_id, table.c.staff_id,
                                  table.c.department_id)
                           .where(table.c.hall_id == hall.id, table.c.status.in_(rules.OPEN))).all()
    pauses: dict[int, list[Pause]] = {}
    for case_id, started, ended in session.execute(
            select(CasePause.case_id, CasePause.started_on, CasePause.ended_on).join(Case)
            .where(Case.hall_id == hall.id, Case.status.in_(rules.OPEN))):
        pauses.setdefault(case_id, []).append(Pause(started, ended))
    deemed_items = set(session.scalars(select(Item.id).where(Item.hall_id == hall.id, Item.deemed_approval)))
    overdue = run.overdue(AccountabilityKind.OVERDUE)
    windows = dict(session.execute(select(Window.id, Window.number).where(Window.hall_id == hall.id)).all())
    changes, deemed, alerts = [], [], []
    for row in rows:
        paused = cal.paused_working_days(pauses.get(row.id, []), row.accepted_on, today) if row.id in pauses else 0
        deadline = cal.deadline(row.accepted_on, row.promised_days, paused, row.extension_days)
        light = cal.light(today, row.accepted_on, deadline)
        summary[light] += 1
        if light != row.light or deadline != row.deadline:
            changes.append({"b_id": row.id, "b_light": light, "b_deadline": deadline})
            if light != "green" and light != row.light:
                alerts.append(_alert(row, light, deadline, windows))
        if light != "red":
            continue
        if row.kind != "joint" and row.id not in overdue:   # joint: the late department answers (reviews' check)
            overdue.add(row.id, f"超过承诺期限{deadline.isoformat()}未办结", case_id=row.id,
                        staff_id=row.staff_id, department_id=row.department_id)
        if row.item_id in deemed_items and row.status in ("accepted", "reviewing"):
            deemed.append(row.id)
    if changes:
        session.execute(update(table).where(table.c.id == bindparam("b_id"))
                        .values(light=bindparam("b_light"), deadline=bindparam("b_deadline"), light_at=as_of), changes)
    summary["new_accountability"] = overdue.write()
    for case_id in deemed:
        session.execute(update(table).where(table.c.id == case_id)
                        .values(status="deemed_approved", decided_at=as_of, decision_reason=DEEMED_REASON,
                                light="green", light_at=as_of))   # decided (by law); its record stands
        session.add(CaseStep(case_id=case_id, at=as_of, name="超时默认批准", detail=DEEMED_REASON))
    if deemed:   # decided by law: out to the integrations, and the applicant told
        for case in session.scalars(select(Case).where(Case.id.in_(deemed))
                                    .execution_options(populate_existing=True)):
            published.decided(session, hall, case, as_of)
    summary["deemed_approved"] = len(deemed)
    send_capped(session, hall, alerts, MAX_ALERTS_PER_SWEEP, _summary_alert)
    return summary


def _alert(row, light: str, deadline, windows: dict) -> tuple[tuple[str, ...], dict]:
    rooms = ("manager",) + ((f"window:{windows[row.window_id]}",) if row.window_id in windows else ())
    return rooms, {"kind": "case_" + light, "case_no": row.case_no, "deadline": deadline.isoformat(),
                   "message": f"办件{row.case_no}{'已超期' if light == 'red' else '即将到期'}（期限{deadline.isoformat()}）"}


def _summary_alert(alerts: list) -> dict:
    red = sum(1 for _rooms, payload in alerts if payload["kind"] == "case_red")
    return {"kind": "cases_summary", "message": f"电子监察：{red}件办件已超期，{len(alerts) - red}件即将到期"}
