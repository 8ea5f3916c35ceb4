"""The written notices of a case as A4 PDFs: 一次性告知书 and 受理通知书; the styles, table and
document helpers are shared with the monthly supervision report."""
from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from hall.auth.models import Staff
from hall.catalog.models import Item
from hall.clock import local
from printers.fonts import register_cjk_font
from printers.qr import qr_drawing


def pdf_styles() -> dict:
    font = register_cjk_font()
    base = ParagraphStyle("base", fontName=font, fontSize=11.5, leading=19, wordWrap="CJK")
    return {"font": font, "base": base,
            "title": ParagraphStyle("title", parent=base, fontSize=20, leading=30, alignment=1, spaceAfter=4),
            "no": ParagraphStyle("no", parent=base, alignment=2, fontSize=10.5),
            "right": ParagraphStyle("right", parent=base, alignment=2)}


def pdf_table(rows, widths, font) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), font, 10.5), ("GRID", (0, 0), (-1, -1), 0.6, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f0fb")), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return table


def build_pdf(story, title: str) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm, title=title)
    doc.build(story)
    return out.getvalue()


def notice_pdf(session, hall, notice) -> bytes:
    s = pdf_styles()
    item = session.get(Item, notice.item_id)
    staff = session.get(Staff, notice.staff_id)
    day = local(notice.created_at, hall.timezone)
    titles = {"materials": "一次性告知书", "pause": "暂停计时告知书", "extension": "延期办理告知书"}
    story = [Paragraph(hall.name, s["title"]), Paragraph(titles[notice.kind], s["title"]),
             Paragraph(f"编号：{notice.notice_no}", s["no"]), Spacer(1, 4 * mm),
             Paragraph(f"{notice.applicant_name or '申请人'}：", s["base"])]
    if notice.kind == "materials":
        story.append(Paragraph(
            f"您申请办理的“{item.name}”事项，经窗口审查，申报材料尚不齐全。现将需补正的全部材料一次性告知如下，"
            "请补齐后再来办理。本中心不会要求您再提交本告知书以外的材料。", s["base"]))
        story.append(Spacer(1, 4 * mm))
        rows = [["序号", "材料名称", "形式", "份数", "说明"]] + [
            [str(i), Paragraph(m["name"], s["base"]), m["form"], str(m["copies"]), Paragraph(m["guidance"] or "—", s["base"])]
            for i, m in enumerate(notice.missing, start=1)]
        story.append(pdf_table(rows, [12 * mm, 58 * mm, 24 * mm, 14 * mm, 58 * mm], s["font"]))
        story.append(Spacer(1, 4 * mm))
        story.append(Paragraph("依据《中华人民共和国行政许可法》第三十二条：申请材料不齐全或者不符合法定形式的，"
                               "应当当场或者在五日内一次告知申请人需要补正的全部内容。", s["base"]))
    else:
        story.append(Paragraph(f"您申请办理的“{item.name}”事项：{notice.text}", s["base"]))
    story += [Spacer(1, 10 * mm),
              Paragraph(f"经办人：{staff.name}（工号 {staff.staff_no}）", s["right"]),
              Paragraph(f"{hall.name}（章）", s["right"]),
              Paragraph(f"{day:%Y年%m月%d日}", s["right"]),
              Spacer(1, 8 * mm), Paragraph(f"咨询电话：{hall.phone}　地址：{hall.address}", s["base"])]
    return build_pdf(story, titles[notice.kind])


def completion_pdf(hall, case: dict, reviews: list[dict]) -> bytes:
    """办结通知书: the result handed out once, with every department's result and certificate."""
    s = pdf_styles()
    result = {"completed": "已办结", "rejected": "不予许可"}.get(case["status"], case["status_name"])
    rows = [["项目", "内容"], ["办件编号", case["case_no"]], ["办理事项", Paragraph(case["item_name"], s["base"])],
            ["申请人", f"{case['applicant']['name']}（{case['applicant']['id_number']}）"], ["办理结果", result]]
    rows += [[f"证照{i}", c] for i, c in enumerate(case["certificates"], start=1)]
    story = [Paragraph(hall.name, s["title"]), Paragraph("办结通知书", s["title"]),
             Paragraph(f"编号：{case['case_no']}", s["no"]), Spacer(1, 4 * mm),
             Paragraph(f"{case['applicant']['name']}：您申请的事项已办理完毕，请核对以下结果及证照。", s["base"]),
             Spacer(1, 4 * mm), pdf_table(rows, [40 * mm, 126 * mm], s["font"])]
    if reviews:
        story += [Spacer(1, 5 * mm), Paragraph("各部门联审结果", s["base"]), Spacer(1, 2 * mm),
                  pdf_table([["部门", "意见", "说明"]] + [[r["dept_name"], r["status_name"], Paragraph(r["reason"] or "—", s["base"])]
                                                  for r in reviews], [56 * mm, 30 * mm, 80 * mm], s["font"])]
    if case["decision_reason"]:
        story += [Spacer(1, 4 * mm), Paragraph(f"决定说明：{case['decision_reason']}", s["base"])]
    story += [Spacer(1, 10 * mm), Paragraph(f"{hall.name}（章）", s["right"]),
              Spacer(1, 6 * mm), Paragraph(f"咨询电话：{hall.phone}　地址：{hall.address}", s["base"])]
    return build_pdf(story, "办结通知书")


def receipt_pdf(hall, case: dict, base_url: str) -> bytes:
    s = pdf_styles()
    url = f"{base_url}/progress?case={case['case_no']}&code={case['query_code']}"
    rows = [["项目", "内容"], ["办件编号", case["case_no"]], ["办理事项", Paragraph(case["item_name"], s["base"])],
            ["办件类型", case["kind_name"]], ["申请人", f"{case['applicant']['name']}（{case['applicant']['id_number']}）"],
            ["受理部门", case["department"]], ["受理时间", case["accepted_at"][:16].replace("T", " ")],
            ["承诺办结时限", f"{case['promised_days']}个工作日，{case['deadline']}前办结"], ["查询码", case["query_code"]]]
    story = [Paragraph(hall.name, s["title"]), Paragraph("受理通知书", s["title"]),
             Paragraph(f"编号：{case['case_no']}", s["no"]), Spacer(1, 4 * mm),
             Paragraph(f"{case['applicant']['name']}：您提交的申请材料齐全、符合法定形式，本中心决定予以受理。", s["base"]),
             Spacer(1, 4 * mm), pdf_table(rows, [40 * mm, 126 * mm], s["font"]), Spacer(1, 6 * mm),
             Table([[qr_drawing(url, 32 * mm), Paragraph("扫描二维码，或凭办件编号和查询码在政务服务中心网站、自助终端查询办理进度。"
                                                 "办理时限内不会要求您补交材料；法定节假日不计入办理时限。", s["base"])]],
                   colWidths=[38 * mm, 128 * mm]),
             Spacer(1, 8 * mm), Paragraph(f"受理人：{case['staff']['name']}（工号 {case['staff']['staff_no']}）", s["right"]),
             Paragraph(f"{hall.name}（章）", s["right"]),
             Spacer(1, 8 * mm), Paragraph(f"咨询电话：{hall.phone}　地址：{hall.address}", s["base"])]
    return build_pdf(story, "受理通知书")
