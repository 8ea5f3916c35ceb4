"""年度总评 as an A4 PDF, published like the monthly star report."""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from hall.pdf import build, styles, table, text


def annual_pdf(hall_name: str, annual: dict) -> bytes:
    s = styles()
    w = annual["weights"]
    dash = (lambda v: "—" if v is None else f"{v:g}")
    story = [text(hall_name, s["title"]), text(f"{annual['year']}年度窗口考核总评", s["title"]),
             text(f"总评 = 月度考评平均分 × {w['monthly']}% + 季度互评平均分 × {w['peer']}% + 月度自评平均分 × "
                  f"{w['self']}%（未提交自评的月份自评计0分）。", s["base"]),
             table([["名次", "窗口", "月度平均（月数）", "互评平均（评分数）", "自评平均", "总评"]] +
                   [[str(i), f"{r['window']}号 {r['name']}", f"{dash(r['monthly']['average'])}（{r['monthly']['count']}）",
                     f"{dash(r['peer']['average'])}（{r['peer']['scores']}）", dash(r["self"]["average"]),
                     f"{r['total']:g}"] for i, r in enumerate(annual["windows"], start=1)],
                   [12 * mm, 52 * mm, 30 * mm, 30 * mm, 20 * mm, 20 * mm], s["font"])]
    return build(story, f"{annual['year']}年度窗口考核总评")


def published_pdf(hall_name: str, data: dict) -> bytes:
    """考核结果公示: the last closed month's self-assessments, the last ended quarter's peer
    averages (with how many scores each), and the year's overall assessment through that month."""
    s = styles()
    dash = (lambda v: "—" if v is None else f"{v:g}")
    story = [text(hall_name, s["title"]), text("窗口考核结果公示", s["title"])]
    gap = Spacer(1, 3 * mm)
    story.append(gap)
    story.append(text(f"一、月度自评（{data['month']}）" if data["month"] else "一、月度自评（尚无已公布的月份）", s["base"]))
    if data["self"]:
        story.append(table([["窗口", "自评分", "自评摘要"]] +
                           [[text(f"{r['window']}号 {r['name']}", s["base"]), dash(r["score"]), text(r["text"], s["base"])]
                            for r in data["self"]], [44 * mm, 20 * mm, 102 * mm], s["font"]))
    else:
        story.append(text("暂无自评。", s["base"]))
    story += [gap, text(f"二、季度互评（{data['quarter']}）：各窗口得到的评分平均分及评分窗口数", s["base"])]
    if data["peer"]:
        story.append(table([["窗口", "平均分", "评分数"]] +
                           [[text(f"{r['window']}号 {r['name']}", s["base"]), dash(r["average"]), str(r["count"])]
                            for r in data["peer"]],
                           [86 * mm, 40 * mm, 40 * mm], s["font"]))
    else:
        story.append(text("本季度暂无互评。", s["base"]))
    annual = data["annual"]
    if annual:
        w = annual["weights"]
        story += [gap, text(f"三、{annual['year']}年度总评（截至{annual['through']}）：月度考评 {w['monthly']}%、"
                          f"季度互评 {w['peer']}%、月度自评 {w['self']}%", s["base"])]
        story.append(table([[text(h, s["base"]) for h in ("名次", "窗口", "月度平均（月数）", "互评平均（评分数）",
                                                          "自评平均", "总评")]] +
                           [[str(i), text(f"{r['window']}号 {r['name']}", s["base"]), f"{dash(r['monthly'])}（{r['months']}）",
                             f"{dash(r['peer'])}（{r['peer_scores']}）", dash(r["self"]), f"{r['total']:g}"]
                            for i, r in enumerate(annual["windows"], start=1)],
                           [14 * mm, 58 * mm, 28 * mm, 30 * mm, 18 * mm, 18 * mm], s["font"]))
    else:
        story += [gap, text("三、年度总评：尚无已公布的月份。", s["base"])]
    return build(story, "窗口考核结果公示")
