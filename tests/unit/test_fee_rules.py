"""统一收费's pure rules: a published fee text read into a rule, a rule checked whole and
against its text, what may be charged (in fen, never floats), the workbook's cell, and the
day's sums per department and window."""
import pytest

from hall.demo import data as demo
from hall.errors import InvalidInput, Unprocessable
from hall.fees import rules
from hall.fees.rules import FeeRule


def fixed(*yuan):
    return FeeRule("fixed" if len(yuan) == 1 else "choice", tuple(int(y * 100) for y in yuan))


def percent(low, high):
    return FeeRule("percent", percent=(int(low * 100), int(high * 100)))


@pytest.mark.parametrize("text, rule", [
    ("免费", rules.NONE),
    ("", rules.NONE),
    ("不收费", rules.NONE),
    ("每件80元（证书工本费另计）", fixed(80)),
    ("住宅每件80元；非住宅每件550元", fixed(80, 550)),
    ("按计税价格的1%—3%缴纳契税", percent(1, 3)),
    ("按0.5%~1.5%收取", percent(0.5, 1.5)),
    ("按省定缴费基数的20%缴纳，可在基数60%—300%之间选择", percent(20, 20)),   # the first percentage
    ("住宅每件80元；契税按成交价的1%—3%缴纳", fixed(80)),                     # amounts before percentages
    ("每件12.5元", FeeRule("fixed", (1250,))),
    ("按年度城乡居民医保个人缴费标准缴纳", rules.NONE),                        # names no figure: entered by hand
])
def test_a_published_text_is_read_into_a_rule(text, rule):
    assert rules.rule_from_text(text) == rule


def test_every_demo_items_rule_agrees_with_its_published_text():
    charged = {}
    for item in demo.ITEMS:
        rule = rules.rule_from_json(item["fee_rule"])
        rules.check_published(rule, item["fee"])
        assert rule == rules.rule_from_text(item["fee"]), item["code"]
        if rule.chargeable:
            charged[item["code"]] = rule.to_json()
    assert charged["ZRZY002"] == {"kind": "choice", "amounts": [80, 550], "percent": []}
    assert charged["SW002"] == {"kind": "percent", "amounts": [], "percent": [1, 3]}
    assert len(charged) == 8


def test_the_api_form_round_trips_exactly():
    rule = rules.rule_from_json({"kind": "choice", "amounts": ["550.00", 80], "percent": []})
    assert rule.amounts == (8000, 55000)                   # sorted, in fen
    assert rule.to_json() == {"kind": "choice", "amounts": [80, 550], "percent": []}
    assert FeeRule.from_stored(rule.stored()) == rule
    assert rules.rule_from_json({"kind": "percent", "percent": ["0.25", 1.75]}).to_json()["percent"] == [0.25, 1.75]
    assert rules.rule_from_json({"kind": "percent", "percent": [20]}).percent == (2000, 2000)
    assert rules.rule_from_json({"kind": "固定金额", "amounts": [0.1]}).amounts == (10,)   # 0.1 is 10 fen, exactly


@pytest.mark.parametrize("value, words", [
    ({"kind": "weekly"}, "收费规则类型"),
    ("fixed", "应为对象"),
    ({"kind": "fixed", "amounts": []}, "一个金额"),
    ({"kind": "fixed", "amounts": [80, 90]}, "一个金额"),
    ({"kind": "choice", "amounts": [80]}, "两个以上"),
    ({"kind": "choice", "amounts": [80, "80.00"]}, "互不相同"),
    ({"kind": "fixed", "amounts": [0]}, "大于0"),
    ({"kind": "fixed", "amounts": [-5]}, "最多两位小数"),
    ({"kind": "fixed", "amounts": [80.123]}, "最多两位小数"),
    ({"kind": "fixed", "amounts": [True]}, "最多两位小数"),
    ({"kind": "fixed", "amounts": [1e20]}, "最多两位小数"),
    ({"kind": "fixed", "amounts": [80], "percent": [1, 3]}, "不填写收费比例"),
    ({"kind": "percent", "percent": []}, "最低和最高比例"),
    ({"kind": "percent", "percent": [3, 1]}, "最低 ≤ 最高"),
    ({"kind": "percent", "percent": [0, 0]}, "最高比例大于0"),
    ({"kind": "percent", "percent": [1, 101]}, "0—100"),
    ({"kind": "percent", "amounts": [80], "percent": [1, 3]}, "不填写固定金额"),
    ({"kind": "none", "amounts": [80]}, "不能填写"),
])
def test_a_rule_that_is_not_whole_is_a_422_in_chinese(value, words):
    with pytest.raises(Unprocessable) as refused:
        rules.rule_from_json(value)
    assert refused.value.status == 422 and refused.value.code == "invalid_fee_rule"
    assert words in refused.value.message


def test_a_rule_charges_only_what_the_text_publishes():
    rules.check_published(fixed(80, 550), "住宅每件80元；非住宅每件550元")
    rules.check_published(percent(1, 3), "按计税价格的1%—3%缴纳契税")
    rules.check_published(rules.NONE, "每件80元")        # a published fee the hall does not charge here
    for rule, text in ((fixed(80), "免费"), (fixed(90), "每件80元"), (fixed(80, 600), "住宅每件80元；非住宅每件550元"),
                       (percent(1, 4), "按计税价格的1%—3%缴纳契税"), (fixed(80), "按标准收取")):
        with pytest.raises(Unprocessable) as refused:
            rules.check_published(rule, text)
        assert refused.value.code == "fee_rule_mismatch"


def test_what_a_window_may_charge():
    assert rules.check_charge(fixed(80), 8000).amounts == (8000,)
    assert rules.check_charge(fixed(80, 550), 55000).amounts == (8000, 55000)
    for rule, amount in ((fixed(80), 8001), (fixed(80), 7999), (fixed(80, 550), 30000), (fixed(80, 550), 55001)):
        with pytest.raises(Unprocessable) as refused:
            rules.check_charge(rule, amount)
        assert refused.value.code == "fee_exceeded" and "应收" in refused.value.message
    with pytest.raises(Unprocessable) as free:
        rules.check_charge(rules.NONE, 100)
    assert free.value.code == "no_fee" and free.value.status == 422
    with pytest.raises(InvalidInput):
        rules.check_charge(fixed(80), 0)


def test_a_percentage_of_the_declared_base_rounded_to_the_fen():
    deed = percent(1, 3)
    with pytest.raises(Unprocessable) as missing:
        rules.check_charge(deed, 30000)
    assert missing.value.code == "base_required"
    base = rules.parse_fen("1234567.89", "base")             # 123456789 fen
    limits = rules.check_charge(deed, 1234568, base)          # 1% = 12345.6789 → 12345.68 元
    assert (limits.low, limits.high) == (1234568, 3703704)
    assert limits.to_json() == {"min": 12345.68, "max": 37037.04}
    rules.check_charge(deed, 3703704, base)
    for amount in (1234567, 3703705):
        with pytest.raises(Unprocessable) as refused:
            rules.check_charge(deed, amount, base)
        assert refused.value.code == "fee_exceeded"
        assert refused.value.extra["allowed"] == {"min": 12345.68, "max": 37037.04}
    pension = percent(20, 20)                                 # 灵活就业养老保险: 20% of the chosen base
    assert rules.check_charge(pension, 100000, 500000).low == 100000


@pytest.mark.parametrize("value, fen", [(80, 8000), ("80", 8000), ("80.5", 8050), (80.5, 8050), (0.1, 10),
                                        ("0.07", 7), (12345.67, 1234567), ("1.10", 110)])
def test_yuan_are_read_exactly(value, fen):
    assert rules.parse_fen(value) == fen


@pytest.mark.parametrize("value", [None, "", "abc", "-1", -1, "1.234", 1.234, True, [80], {"a": 1}, "1e3", 1e21,
                                   "NaN", float("nan"), float("inf"), "１００"])
def test_anything_else_is_a_400(value):
    with pytest.raises(InvalidInput) as refused:
        rules.parse_fen(value)
    assert refused.value.code == "invalid_amount"


def test_money_is_shown_exact():
    assert [rules.yuan(f) for f in (8000, 8050, 7, 1234567)] == [80, 80.5, 0.07, 12345.67]
    assert rules.yuan_text(123456789) == "1,234,567.89" and rules.yuan_text(-8000) == "-80.00"
    # a hundred thousand 0.10 元 charges sum to exactly 10000 元 (in fen; floats would drift)
    report = rules.day_report([rules.Line("sw", 4, "cash", 10)] * 100000)
    assert report.total.net_fen == 1000000 and report.total.to_json()["net"] == 10000


def test_the_workbook_cell_round_trips():
    for rule in (rules.NONE, fixed(80), fixed(80, 550), percent(1, 3), percent(0.5, 1.5), FeeRule("fixed", (1250,))):
        cell = rules.rule_cell(rule)
        assert rules.rule_from_json(rules.rule_from_cell(cell)) == rule, cell
    assert rules.rule_cell(fixed(80, 550)) == "可选:80,550"
    assert rules.rule_from_cell("比例：1%—3%") == {"kind": "percent", "amounts": [], "percent": ["1", "3"]}
    assert rules.rule_from_cell("") is None
    with pytest.raises(Unprocessable):
        rules.rule_from_cell("每月:80")


def test_methods_receipts_and_reasons():
    assert rules.check_method("wechat") == "wechat"
    assert rules.check_receipt_no(" 23010126-0000012345 ") == "23010126-0000012345"
    for bad in ("", "12", "票据号1234", "a" * 41, "12 34"):
        with pytest.raises(InvalidInput):
            rules.check_receipt_no(bad)
    with pytest.raises(InvalidInput):
        rules.check_method("bitcoin")
    with pytest.raises(InvalidInput):
        rules.check_reason("  ")


def test_the_day_sums_per_department_and_window_and_method():
    report = rules.day_report([rules.Line("zrzy", 6, "cash", 8000), rules.Line("zrzy", 6, "wechat", 55000),
                               rules.Line("zrzy", 7, "cash", 8000), rules.Line("zrzy", 6, "cash", -8000),
                               rules.Line("sw", 4, "bank_card", 1234567)])
    zrzy, windows = report.departments["zrzy"]
    assert (zrzy.charges, zrzy.charged_fen, zrzy.refunds, zrzy.refunded_fen, zrzy.net_fen) == (3, 71000, 1, 8000, 63000)
    assert {w: f.net_fen for w, f in windows.items()} == {6: 55000, 7: 8000}
    assert report.methods["cash"].net_fen == 8000
    assert report.total.net_fen == 63000 + 1234567
