"""年度总评 as an A4 PDF, published like the monthly star report."""
from __future__ import annotations

from reportlab.lib.units import mm

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
