"""What a printed ticket shows, independent of the printer."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class TicketPrint:
    hall_name: str
    queue_name: str
    number: str
    waiting_ahead: int
    estimated_wait_minutes: int
    issued_at: datetime
    track_url: str
    notice: str = "过号无效，请重新取号"
    green_channel: bool = False
    window_hint: str = ""

    def lines(self) -> dict[str, str]:
        """The ticket's texts, shared by the thermal and the PDF layout."""
        return {
            "hall": self.hall_name,
            "queue": self.queue_name + ("（绿色通道）" if self.green_channel else ""),
            "number": self.number,
            "ahead": f"您前面还有 {self.waiting_ahead} 人等候",
            "estimate": f"预计等候约 {self.estimated_wait_minutes} 分钟",
            "time": "取号时间：" + self.issued_at.strftime("%Y-%m-%d %H:%M"),
            "qr_hint": "扫码查看排队进度、办理后评价",
            "notice": self.notice,
            "window": self.window_hint,
        }
