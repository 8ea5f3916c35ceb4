"""The township centre of the demo: 新林镇便民服务中心, a 乡镇便民服务中心 under the district
centre (``hall.demo.data``), with three windows for social insurance, medical insurance and
civil affairs, the items the township handles itself (the same service guides as the
district's), and its own staff. Plain data for ``hall.demo.loader``."""
from hall.demo import data as district

HALL = {"code": "xinlin-zhen", "name": "新林镇便民服务中心", "timezone": "Asia/Shanghai",
        "address": "黑龙江省大兴安岭地区新林区新林镇中心街12号（镇政府一楼）", "phone": "0457-3881234",
        "opens_at": None, "closes_at": None, "ticket_cutoff_minutes": 0, "open_on": "every_day"}   # demo: always open

DEPARTMENTS = [d for d in district.DEPARTMENTS if d["code"] in ("rsj", "ybj", "mzj")]

QUEUES = [
    {"code": "social", "prefix": "D", "name": "社保医保", "opens_at": "08:30", "closes_at": "16:30",
     "daily_cap": 200, "default_service_minutes": 6},
    {"code": "welfare", "prefix": "F", "name": "民政服务", "opens_at": "08:30", "closes_at": "16:30",
     "daily_cap": 100, "default_service_minutes": 8},
]

# the district's guides for what the township centre accepts (no joint or report-up items)
ITEMS = [item for item in district.ITEMS
         if item["department"] in ("rsj", "ybj", "mzj") and item["queue"] in ("social", "welfare")
         and item["kind"] in ("instant", "committed")]

WINDOWS = [
    {"number": 1, "name": "社保医保窗口", "department": "rsj", "queues": ["social"]},
    {"number": 2, "name": "民政窗口", "department": "mzj", "queues": ["welfare"]},
    {"number": 3, "name": "综合受理窗口", "department": None, "queues": ["social", "welfare"]},
]

STAFF = (
    [{"username": "zhen-manager", "name": "邢春梅", "staff_no": "XZ0000", "role": "manager",
      "department": None, "window": None}]
    + [{"username": f"zhen{w['number']:02d}", "name": name, "staff_no": f"XZ{100 + w['number']:04d}",
        "role": "staff", "department": w["department"], "window": w["number"]}
       for w, name in zip(WINDOWS, ["常红", "白雪峰", "于晓琳"])]
)

NOTICES = [
    "本中心办理社保、医保、民政业务，其他事项请到区政务服务中心办理。",
    "老年人、残疾人、现役军人可选择“绿色通道”优先办理。",
    "办事咨询电话：0457-3881234（工作日8:30—16:30）。",
]
