"""The written notices of a case as A4 PDFs: 一次性告知书, 受理通知书, 办结通知书 (the kit,
with its escaped paragraphs, is ``hall.pdf``)."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table

from hall.auth.models import Staff
from hall.catalog.models import Item
from hall.clock import local
from hall.pdf import build, styles, table, text
from printers.qr import qr_drawing


def notice_pdf(session, hall, notice) -> bytes:
    s = styles()
    item = session.get(Item, notice.item_id)
    staff = session.get(Staff, notice.staff_id)
    day = local(notice.created_at, hall.timezone)
    titles = {"materials": "一次性告知书", "pause": "暂停计时告知书", "extension": "延期办理告知书"}
    story = [text(hall.name, s["title"]), text(titles[notice.kind], s["title"]),
             text(f"编号：{notice.notice_no}", s["no"]), Spacer(1, 4 * mm),
             text(f"{notice.applicant_name or '申请人'}：", s["base"])]
    if notice.kind == "materials":
        story.append(text(
            f"您申请办理的“{item.name}”事项，经窗口审查，申报材料尚不齐全。现将需补正的全部材料一次性告知如下，"
            "请补齐后再来办理。本中心不会要求您再提交本告知书以外的材料。", s["base"]))
        story.append(Spacer(1, 4 * mm))
        rows = [["序号", "材料名称", "形式", "份数", "说明"]] + [
            [str(i), text(m["name"], s["base"]), m["form"], str(m["copies"]), text(m["guidance"] or "—", s["base"])]
            for i, m in enumerate(notice.missing, start=1)]
        story.append(table(rows, [12 * mm, 58 * mm, 24 * mm, 14 * mm, 58 * mm], s["font"]))
        story.append(Spacer(1, 4 * mm))
        story.append(text("依据《中华人民共和国行政许可法》第三十二条：申请材料不齐全或者不符合法定形式的，"
                               "应当当场或者在五日内一次告知申请人需要补正的全部内容。", s["base"]))
    else:
        story.append(text(f"您申请办理的“{item.name}”事项：{notice.text}", s["base"]))
    story += [Spacer(1, 10 * mm),
              text(f"经办人：{staff.name}（工号 {staff.staff_no}）", s["right"]),
              text(f"{hall.name}（章）", s["right"]),
              text(f"{day:%Y年%m月%d日}", s["right"]),
              Spacer(1, 8 * mm), text(f"咨询电话：{hall.phone}　地址：{hall.address}", s["base"])]
    return build(story, titles[notice.kind])


def _fee_rows(fee: dict | None) -> list[list]:
    """统一收费 on a notice: the published standard and what was paid (with its receipt number)."""
    return [["收费标准", fee["standard"]], ["缴费情况", fee["paid"]]] if fee else []


def _attorney_rows(case: dict, s) -> list[list]:
    """帮办代办: the helper who applied for the applicant, beside the applicant."""
    return [["代办人", text(case["attorney"]["text"], s["base"])]] if case.get("attorney") else []


def completion_pdf(hall, case: dict, reviews: list[dict], fee: dict | None = None) -> bytes:
    """办结通知书: the result handed out once, with every department's result and certificate."""
    s = styles()
    result = {"completed": "已办结", "rejected": "不予许可"}.get(case["status"], case["status_name"])
    rows = [["项目", "内容"], ["办件编号", case["case_no"]], ["办理事项", text(case["item_name"], s["base"])],
            ["申请人", f"{case['applicant']['name']}（{case['applicant']['id_number']}）"],
            *_attorney_rows(case, s), ["办理结果", result]]
    rows += [[f"证照{i}", c] for i, c in enumerate(case["certificates"], start=1)]
    rows += [[label, text(value, s["base"])] for label, value in _fee_rows(fee)]
    story = [text(hall.name, s["title"]), text("办结通知书", s["title"]),
             text(f"编号：{case['case_no']}", s["no"]), Spacer(1, 4 * mm),
             text(f"{case['applicant']['name']}：您申请的事项已办理完毕，请核对以下结果及证照。", s["base"]),
             Spacer(1, 4 * mm), table(rows, [40 * mm, 126 * mm], s["font"])]
    if reviews:
        story += [Spacer(1, 5 * mm), text("各部门联审结果", s["base"]), Spacer(1, 2 * mm),
                  table([["部门", "意见", "说明"]] + [[r["dept_name"], r["status_name"], text(r["reason"] or "—", s["base"])]
                                                  for r in reviews], [56 * mm, 30 * mm, 80 * mm], s["font"])]
    if case["decision_reason"]:
        story += [Spacer(1, 4 * mm), text(f"决定说明：{case['decision_reason']}", s["base"])]
    story += [Spacer(1, 10 * mm), text(f"{hall.name}（章）", s["right"]),
              Spacer(1, 6 * mm), text(f"咨询电话：{hall.phone}　地址：{hall.address}", s["base"])]
    return build(story, "办结通知书")


def receipt_pdf(hall, case: dict, base_url: str, fee: dict | None = None) -> bytes:
    s = styles()
    url = f"{base_url}/progress?case={case['case_no']}&code={case['query_code']}"
    rows = [["项目", "内容"], ["办件编号", case["case_no"]], ["办理事项", text(case["item_name"], s["base"])],
            ["办件类型", case["kind_name"]], ["申请人", f"{case['applicant']['name']}（{case['applicant']['id_number']}）"],
            *_attorney_rows(case, s),
            ["受理部门", case["department"]], ["受理时间", case["accepted_at"][:16].replace("T", " ")],
            ["承诺办结时限", f"{case['promised_days']}个工作日，{case['deadline']}前办结"], ["查询码", case["query_code"]]]
    rows += [[label, text(value, s["base"])] for label, value in _fee_rows(fee)]
    story = [text(hall.name, s["title"]), text("受理通知书", s["title"]),
             text(f"编号：{case['case_no']}", s["no"]), Spacer(1, 4 * mm),
             text(f"{case['applicant']['name']}：您提交的申请材料齐全、符合法定形式，本中心决定予以受理。", s["base"]),
             Spacer(1, 4 * mm), table(rows, [40 * mm, 126 * mm], s["font"]), Spacer(1, 6 * mm),
             Table([[qr_drawing(url, 32 * mm), text("扫描二维码，或凭办件编号和查询码在政务服务中心网站、自助终端查询办理进度。"
                                                 "办理时限内不会要求您补交材料；法定节假日不计入办理时限。", s["base"])]],
                   colWidths=[38 * mm, 128 * mm]),
             Spacer(1, 8 * mm), text(f"受理人：{case['staff']['name']}（工号 {case['staff']['staff_no']}）", s["right"]),
             text(f"{hall.name}（章）", s["right"]),
             Spacer(1, 8 * mm), text(f"咨询电话：{hall.phone}　地址：{hall.address}", s["base"])]
    return build(story, "受理通知书")
