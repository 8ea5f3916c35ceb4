"""Pure rules of assisted service: what a request may say, how long answers took, and what a
power of attorney covers. No Flask, no database."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import mean, median

from hall.errors import NotFound, RuleBroken, Unprocessable

MAX_REASON = 200
MAX_ATTORNEY_DAYS = 366          # a 授权委托书 runs for a year at most
STATUS_NAMES = {"waiting": "等待帮办", "accepted": "帮办员正在赶来", "arrived": "帮办员已到达"}


def _one_line(value: str | None, field: str, missing: str, label: str, max_len: int) -> str:
    """A short text on one line (runs of spaces and line breaks made one space), required."""
    text = " ".join((value or "").split())
    if not text:
        raise RuleBroken(missing, code="missing_field", field=field)
    if len(text) > max_len:
        raise RuleBroken(f"{label}过长（最多{max_len}字）", code="invalid_field", field=field)
    return text


def clean_reason(reason: str | None) -> str:
    return _one_line(reason, "reason", "请说明需要帮办的事由", "事由", MAX_REASON)


def check_arrival(status: str, helper_id: int | None, staff_id: int) -> None:
    """Only the helper who accepted a request reports arriving, once."""
    if status == "waiting":
        raise RuleBroken("此求助尚未被接单", code="not_accepted", state=True)
    if status == "arrived":
        raise RuleBroken("已登记到达", code="already_arrived", state=True)
    if helper_id != staff_id:
        raise RuleBroken("此求助由其他帮办员接单", code="not_your_request", state=True)


def seconds_between(start: datetime | None, end: datetime | None) -> int | None:
    if start is None or end is None:
        return None
    return max(0, round((end - start).total_seconds()))


@dataclass(frozen=True)
class Durations:
    count: int
    mean_seconds: float | None
    median_seconds: float | None
    max_seconds: int | None

    def as_dict(self) -> dict:
        return {"count": self.count, "mean_seconds": self.mean_seconds, "median_seconds": self.median_seconds,
                "max_seconds": self.max_seconds}


def durations(values) -> Durations:
    """Count, mean, median and maximum of the known durations (None is left out)."""
    known = [v for v in values if v is not None]
    if not known:
        return Durations(0, None, None, None)
    return Durations(len(known), round(mean(known), 1), round(float(median(known)), 1), max(known))


@dataclass(frozen=True)
class RequestTimes:
    helper: str | None        # staff number of the helper who accepted, if any
    requested_at: datetime
    accepted_at: datetime | None
    arrived_at: datetime | None


def report(rows: list[RequestTimes]) -> dict:
    """The month's figures: requests, how many were answered, time to accept (request → accept)
    and to arrive (accept → arrival), overall and per helper."""
    def figures(subset: list[RequestTimes]) -> dict:
        return {"accepted": sum(1 for r in subset if r.accepted_at is not None),
                "arrived": sum(1 for r in subset if r.arrived_at is not None),
                "time_to_accept": durations(seconds_between(r.requested_at, r.accepted_at) for r in subset).as_dict(),
                "time_to_arrive": durations(seconds_between(r.accepted_at, r.arrived_at) for r in subset).as_dict()}
    helpers = sorted({r.helper for r in rows if r.helper})
    return {"requests": len(rows), "unanswered": sum(1 for r in rows if r.accepted_at is None), **figures(rows),
            "helpers": [{"staff_no": h, **figures([r for r in rows if r.helper == h])} for h in helpers]}


def check_attorney_terms(items: list[str], known_items, valid_until: date, today: date) -> list[str]:
    """The items (each a known code, at least one, no repeats kept) and a last day from today up
    to a year ahead."""
    codes = list(dict.fromkeys(items))
    if not codes:
        raise RuleBroken("请列明委托办理的事项", code="missing_field", field="items")
    unknown = [c for c in codes if c not in known_items]
    if unknown:
        raise RuleBroken("没有这些事项：" + "、".join(unknown), code="item_not_found", field="items", items=unknown)
    if valid_until < today:
        raise RuleBroken("委托期限不能早于今天", code="invalid_date", field="valid_until")
    if valid_until > today + timedelta(days=MAX_ATTORNEY_DAYS):
        raise RuleBroken("委托期限最长一年", code="attorney_too_long", field="valid_until")
    return codes


def check_attorney_use(items: list[str], valid_until: date, item_code: str, today: date) -> None:
    """A helper acts under a power of attorney only for its items and only until its last day."""
    if today > valid_until:
        raise RuleBroken(f"授权委托书已于{valid_until.isoformat()}到期", code="attorney_expired", state=True)
    if item_code not in items:
        raise RuleBroken("授权委托书不包括此事项", code="item_not_authorised", state=True, item_code=item_code)


# ---------------------------------------------------------------- a case under a 授权委托书

@dataclass(frozen=True)
class AttorneyTerms:
    """What a recorded power of attorney says, as far as a case needs it."""
    id: int
    helper_id: int
    principal_hash: str
    items: tuple[str, ...]
    valid_until: date


def check_attorney_case(terms: AttorneyTerms, *, item_code: str, applicant_hash: str, today: date,
                        ticket_attorney_id: int | None = None) -> None:
    """A case is applied for under a power of attorney only for its principal (the applicant
    is the citizen who signed it: 422 ``principal_mismatch``), for an item it names and while
    it runs (409 ``item_not_authorised`` / ``attorney_expired``); a ticket taken under one
    power of attorney is not used under another (409 ``attorney_mismatch``)."""
    if ticket_attorney_id is not None and ticket_attorney_id != terms.id:
        raise RuleBroken(f"此号票是按第{ticket_attorney_id}号授权委托书代为领取的，与所填委托书不符",
                         code="attorney_mismatch", state=True, ticket_attorney_id=ticket_attorney_id)
    if applicant_hash != terms.principal_hash:
        raise Unprocessable("申请人与授权委托书的委托人不一致", code="principal_mismatch", field="applicant")
    check_attorney_use(list(terms.items), terms.valid_until, item_code, today)


def attorney_line(helper_name: str, helper_no: str, principal_name: str, attorney_id: int, valid_until: date) -> str:
    """How a notice and a case's history say who applied for whom."""
    return (f"{helper_name}（帮办员，工号 {helper_no}）受{principal_name}委托代为办理"
            f"（授权委托书第{attorney_id}号，有效期至{valid_until.isoformat()}）")


# ---------------------------------------------------------------- 全程代办 projects

MAX_PROJECT_NAME = 100
DUE_SOON_DAYS = 3          # a case due within this many days is flagged on the helper's console


def clean_project_name(name: str | None) -> str:
    return _one_line(name, "name", "请填写项目名称", "项目名称", MAX_PROJECT_NAME)


def project_number(prefix: str, day: date, seq: int) -> str:
    """``<hall prefix>XM<yyyymmdd><seq>``: unique in the deployment, as case numbers are."""
    return f"{prefix}XM{day:%Y%m%d}{seq:04d}"


def check_project_case(*, project_credit_hash: str, case_applicant_hash: str, case_hall_id: int,
                       project_hall_id: int, in_project: str | None, this_project: str) -> None:
    """A case joins a project when it is the project enterprise's own case (its applicant's
    统一社会信用代码), of the same hall, and in no project yet (409 ``case_in_project``
    naming the project it is in; 409 ``already_attached`` when it is in this one)."""
    if case_hall_id != project_hall_id:
        raise NotFound("没有此办件", code="case_not_found")
    if in_project == this_project:
        raise RuleBroken("此办件已在本项目中", code="already_attached", state=True)
    if in_project is not None:
        raise RuleBroken(f"此办件已属项目{in_project}", code="case_in_project", state=True, project_no=in_project)
    if case_applicant_hash != project_credit_hash:
        raise Unprocessable("此办件的申请人不是本项目的企业（统一社会信用代码不符）", code="not_project_enterprise")


@dataclass(frozen=True)
class ProjectCaseState:
    case_no: str
    status: str
    open: bool
    deadline: date


def days_left(deadline: date, today: date) -> int:
    return (deadline - today).days


def due_list(cases: list[ProjectCaseState], today: date) -> list[dict]:
    """The open cases soonest due first, each with its days left and whether it is overdue or
    due soon (within ``DUE_SOON_DAYS``)."""
    rows = sorted((c for c in cases if c.open), key=lambda c: (c.deadline, c.case_no))
    return [{"case_no": c.case_no, "deadline": c.deadline.isoformat(), "days_left": days_left(c.deadline, today),
             "overdue": c.deadline < today, "due_soon": today <= c.deadline <= today + timedelta(days=DUE_SOON_DAYS)}
            for c in rows]


def project_summary(cases: list[ProjectCaseState], today: date) -> dict:
    """A project's state: how many cases, how many still open, the next deadline, and done
    when it has cases and none is open."""
    open_cases = [c for c in cases if c.open]
    following = min((c.deadline for c in open_cases), default=None)
    return {"cases": len(cases), "open": len(open_cases), "done": bool(cases) and not open_cases,
            "overdue": sum(1 for c in open_cases if c.deadline < today),
            "next_deadline": following.isoformat() if following else None}
