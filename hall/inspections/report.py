"""The monthly supervision report (效能监察月报): inspections, complaints, information
requests and electronic-supervision records of one month, as figures and as an A4 PDF."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall.clock import local_date
from hall.complaints import rules as complaint_rules
from hall.complaints.models import Complaint
from hall.inforequests import rules as info_rules
from hall.inforequests.models import InfoRequest
from hall.inspections.service import listing
from hall.ratings.monthly import compute, month_bounds
from hall.supervision.kinds import label_of
from hall.supervision.models import Accountability


def _on_time(replied_at, deadline, tz) -> bool:
    return replied_at is not None and local_date(replied_at, tz) <= deadline


def figures(session: Session, hall, month: str) -> dict:
    _first, _last, start, end = month_bounds(month, hall.timezone)
    inspections = listing(session, hall, start, end)
    complaints = session.scalars(select(Complaint).where(Complaint.hall_id == hall.id, Complaint.received_at >= start,
                                                         Complaint.received_at < end)).all()
    requests = session.scalars(select(InfoRequest).where(InfoRequest.hall_id == hall.id,
                                                         InfoRequest.received_at >= start,
                                                         InfoRequest.received_at < end)).all()
    records = Counter(session.scalars(select(Accountability.kind).where(
        Accountability.hall_id == hall.id, Accountability.created_at >= start, Accountability.created_at < end)))
    rated = [c.satisfaction for c in complaints if c.satisfaction]
    deducted = [row for row in compute(session, hall, month, "window") if row["breakdown"]["deductions"]]
    return {
        "month": month,
        "inspections": inspections,
        "inspection_findings": dict(Counter(i["finding_name"] for i in inspections)),
        "complaints": {
            "by_kind": {complaint_rules.KINDS[k][1]: n for k, n in Counter(c.kind for c in complaints).items()},
            "received": len(complaints),
            "replied": sum(1 for c in complaints if c.replied_at),
            "replied_on_time": sum(1 for c in complaints if _on_time(c.replied_at, c.deadline, hall.timezone)),
            "justified": sum(1 for c in complaints if c.finding in complaint_rules.COUNTED_FINDINGS),
            "satisfied_rate": round(sum(1 for s in rated if s >= 2) / len(rated), 4) if rated else None},
        "info_requests": {
            "received": len(requests),
            "by_reply": {info_rules.REPLY_TYPES[k]: n for k, n in Counter(r.reply_type for r in requests
                                                                         if r.reply_type).items()},
            "extended": sum(1 for r in requests if r.extension_days),
            "replied_on_time": sum(1 for r in requests if _on_time(r.replied_at, r.deadline, hall.timezone))},
        "accountability": {label_of(k): n for k, n in records.items()},
        "windows": [{"window": r["window"], "name": r["name"], "score": r["score"], "stars": r["stars"],
                     "deductions": r["breakdown"]["deductions"], "counts": r["breakdown"]["counts"]}
                    for r in deducted],
    }


def to_pdf(hall_name: str, f: dict) -> bytes:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from hall.pdf import build, styles, table, text

    s = styles()
    head = ParagraphStyle("h", parent=s["base"], fontSize=13.5, leading=22, spaceBefore=8)
    cell = ParagraphStyle("cell", parent=s["base"], fontSize=10, leading=14)
    c, r = f["complaints"], f["info_requests"]
    pct = (lambda v: "—" if v is None else f"{v * 100:.1f}%")
    story = [text(hall_name, s["title"]), text(f"{f['month']} 效能监察月报", s["title"]),
             text("一、明查暗访", head),
             text(f"本月共检查{len(f['inspections'])}次，" + ("，".join(f"{k}{n}次" for k, n in
                       f["inspection_findings"].items()) or "未发现问题") + "。迟到早退计入考勤（每次扣2分），"
                       "脱岗空岗、做与工作无关的事、服务态度生硬每次扣5分。", s["base"])]
    if f["inspections"]:
        story += [Spacer(1, 2 * mm), table(
            [["检查时间", "方式", "窗口", "工作人员", "结果", "情况说明"]] +
            [[i["inspected_at"][5:16].replace("T", " "), i["mode_name"], f"{i['window']}号",
              i["staff"]["name"] if i["staff"] else "—", text(i["finding_name"], cell),
              text(i["note"] or "—", cell)]
             for i in f["inspections"]],
            [26 * mm, 13 * mm, 14 * mm, 19 * mm, 30 * mm, 64 * mm], s["font"])]
    story += [text("二、投诉建议", head), text(
        f"本月受理{c['received']}件（" + ("、".join(f"{k}{n}件" for k, n in c["by_kind"].items()) or "无") +
        f"），已答复{c['replied']}件，按期答复{c['replied_on_time']}件，投诉属实或部分属实{c['justified']}件，"
        f"答复满意率{pct(c['satisfied_rate'])}。", s["base"]),
        text("三、依申请公开", head), text(
        f"本月收到申请{r['received']}件，" + ("、".join(f"{k}{n}件" for k, n in r["by_reply"].items()) or "尚无答复") +
        f"，延期答复{r['extended']}件，按期答复{r['replied_on_time']}件。", s["base"]),
        text("四、电子监察与责任追究", head), text(
        "本月新增责任追究记录：" + ("、".join(f"{k}{n}条" for k, n in f["accountability"].items()) or "无") + "。",
        s["base"]), text("五、窗口扣分情况", head)]
    if f["windows"]:
        story.append(table(
            [["窗口", "名称", "投诉属实", "监察问题", "责任追究", "扣分", "本月得分"]] +
            [[w["window"], text(w["name"], cell), w["counts"]["complaints"], w["counts"]["inspection_faults"],
              w["counts"]["accountability"], f"{w['deductions']:.1f}", f"{w['score']:.2f}"] for w in f["windows"]],
            [13 * mm, 55 * mm, 20 * mm, 20 * mm, 20 * mm, 15 * mm, 21 * mm], s["font"]))
    else:
        story.append(text("本月没有窗口因投诉、效能监察或责任追究被扣分。", s["base"]))
    return build(story, f"{f['month']}效能监察月报")
