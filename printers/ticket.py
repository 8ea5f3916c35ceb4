"""What a printed ticket shows, independent of the printer."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class TicketPrint:
    """One queue ticket as printed. ``issued_at`` must be aware and already in the hall's
    zone: the ticket prints the wall-clock time it carries, it never converts."""

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

    def __post_init__(self) -> None:
        if self.issued_at.tzinfo is None or self.issued_at.utcoffset() is None:
            raise ValueError("TicketPrint.issued_at must be timezone-aware (the hall's local time)")

    def lines(self) -> dict[str, str]:
        """The ticket's texts, shared by the thermal and the PDF layout."""
        return {
            "hall": self.hall_name,
            "queue": self.queue_name,
            "green": "绿色通道 · 优先办理" if self.green_channel else "",
            "number": self.number,
            "ahead": f"您前面还有 {max(0, self.waiting_ahead)} 人等候",
            "estimate": f"预计等候约 {max(0, self.estimated_wait_minutes)} 分钟",
            "window": self.window_hint,
            "time": "取号时间：" + self.issued_at.strftime("%Y-%m-%d %H:%M"),
            "qr_hint": "扫码查看排队进度、办理后评价",
            "notice": self.notice,
        }
