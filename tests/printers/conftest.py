"""A sample ticket shared by the printer tests."""
from datetime import datetime, timedelta, timezone

import pytest

from printers import TicketPrint

CST = timezone(timedelta(hours=8))


@pytest.fixture
def ticket() -> TicketPrint:
    return TicketPrint(hall_name="新林区政务服务中心", queue_name="商事登记", number="A023", waiting_ahead=5,
                       estimated_wait_minutes=36, issued_at=datetime(2026, 11, 23, 9, 5, tzinfo=CST),
                       track_url="http://127.0.0.1:5000/t/abcDEF123456")


@pytest.fixture
def long_ticket() -> TicketPrint:
    """Everything long at once: an official name, a composite queue, a hall's own notice."""
    return TicketPrint(hall_name="黑龙江省大兴安岭地区新林区政务服务中心（便民服务大厅）",
                       queue_name="社保医保综合业务（养老、医疗、失业保险）", number="G105", waiting_ahead=12,
                       estimated_wait_minutes=95, issued_at=datetime(2026, 11, 23, 14, 37, tzinfo=CST),
                       track_url="https://zwfw.example.gov.cn/hall/t/abcDEF123456XYZ0987654321",
                       notice="过号无效，请重新取号。请留意叫号屏幕和语音提示，叫号三次未到视为过号；本号当日有效。",
                       green_channel=True, window_hint="请到 3、5 号窗口等候")
