"""The catalog as the API shows it (rows and snapshots → JSON)."""
from __future__ import annotations

from hall.auth.models import Staff
from hall.catalog.cache import HallCatalog, WindowInfo
from hall.catalog.models import Department, Item, Material, Queue
from hall.fees.rules import FeeRule


def hall(hall: HallCatalog) -> dict:
    """``GET /hall``: who the hall is and how to reach it."""
    return {"code": hall.code, "name": hall.name, "timezone": hall.timezone,
            "address": hall.address, "phone": hall.phone, "notices": hall.notices,
            "opens_at": hall.hours.opens_at, "closes_at": hall.hours.closes_at,
            "ticket_cutoff_minutes": hall.hours.ticket_cutoff_minutes, "open_on": hall.hours.open_on,
            "elderly_priority": hall.elderly_priority}


def hall_ref(hall: HallCatalog) -> dict:
    """The hall a device or record belongs to, in short."""
    return {"code": hall.code, "name": hall.name}


def item(item: Item, department: Department, queue: Queue, materials: list[Material],
         departments: dict[int, Department] | None = None) -> dict:
    return {
        "code": item.code, "name": item.name, "department": department.name,
        "department_code": department.code, "kind": item.kind, "queue": queue.code,
        "queue_name": queue.name, "category": item.category,
        "legal_days": item.legal_days, "promised_days": item.promised_days,
        "fee": item.fee, "fee_rule": FeeRule.from_stored(item.fee_rule).to_json(), "fee_basis": item.fee_basis,
        "basis": item.basis,
        "conditions": item.conditions, "steps": item.steps,
        "deemed_approval": item.deemed_approval, "pinyin_initials": item.pinyin_initials,
        "joint": item.joint,
        "materials": [{"code": m.code, "name": m.name, "required": m.required, "form": m.form,
                       "copies": m.copies, "sample": m.sample, "guidance": m.guidance}
                      for m in materials],
    }


def window(window: WindowInfo, status: str, staff: dict | None, current_number: str | None) -> dict:
    return {
        "number": window.number, "name": window.name, "department": window.department,
        "queues": list(window.queue_codes), "status": status, "staff": staff,
        "current_ticket": current_number, "elderly_first": window.elderly_first,
    }


def staff_card(staff: Staff) -> dict:
    """挂牌服务: what a window shows of the person serving there."""
    return {"name": staff.name, "staff_no": staff.staff_no, "photo_url": staff.photo_url or None}


# ---------------------------------------------------------------- the admin's view (管理后台)

def admin_department(d: Department) -> dict:
    return {"code": d.code, "name": d.name, "short_name": d.short_name, "active": d.active}


def admin_queue(q: Queue) -> dict:
    return {"code": q.code, "prefix": q.prefix, "name": q.name, "daily_cap": q.daily_cap,
            "default_service_minutes": q.default_service_minutes, "opens_at": q.opens_at, "closes_at": q.closes_at,
            "active": q.active}


def admin_window(w, department_code: str | None, queue_codes: list[str]) -> dict:
    return {"number": w.number, "name": w.name, "department": department_code, "queues": queue_codes,
            "active": w.active, "elderly_first": w.elderly_first}


def admin_item(i: Item, department_code: str, queue_code: str, materials: list[Material], forms: dict) -> dict:
    joint = None
    if i.joint:
        joint = {"lead": i.joint.get("lead"),
                 "reviewers": [{"department": r["department"], "days": r["days"],
                                "deemed_consent": bool(r.get("deemed_consent", False))}
                               for r in i.joint.get("co", i.joint.get("reviewers", []))]}
    return {
        "code": i.code, "name": i.name, "department": department_code, "kind": i.kind, "queue": queue_code,
        "category": i.category, "legal_days": i.legal_days, "promised_days": i.promised_days, "fee": i.fee,
        "fee_rule": FeeRule.from_stored(i.fee_rule).to_json(), "fee_basis": i.fee_basis, "basis": i.basis, "conditions": i.conditions, "steps": list(i.steps or []),
        "deemed_approval": i.deemed_approval, "limit_reason": i.limit_reason, "active": i.active, "joint": joint,
        "materials": [{"code": m.code, "name": m.name, "required": m.required, "form": forms.get(m.form, m.form),
                       "copies": m.copies, "sample": m.sample, "guidance": m.guidance} for m in materials],
    }


def admin_hall(h, parent_code: str | None) -> dict:
    return {"code": h.code, "name": h.name, "level": h.level, "parent": parent_code, "timezone": h.timezone}
