"""A kiosk's ID-card reader (身份证阅读器) and the protocol its local service speaks.

Every second-generation ID-card reader sold for kiosks (华视 CVR-100, 神思 SS628, 新中新
DKQ-A16D …) comes with a small service on the kiosk PC that reads the card's chip through
the vendor's SDK and hands the result to the browser over a local WebSocket (or, for older
bridges, an HTTP endpoint that is polled). The hall does not talk to the vendor SDK; the
kiosk page connects to whatever local service its device settings name (``reader_url``)
and expects messages in this shape, one JSON object per WebSocket text frame:

    {"type": "card", "name": "张秀英", "id_number": "110101195003071234",
     "birth_date": "1950-03-07", "sex": "女"}          # a card was read (sex optional)
    {"type": "removed"}                                  # the card was taken off (optional)
    {"type": "status", "ready": true, "message": "…"}    # reader attached / detached (optional)
    {"type": "error", "message": "读卡失败"}             # a failed read (optional)

``birth_date`` is ``YYYY-MM-DD`` (``YYYYMMDD`` is accepted); ``id_number`` is the 18
characters on the card. A vendor bridge that speaks differently needs a few lines of
adapter on the kiosk PC, never a change to the hall. With an ``http(s)://`` URL the kiosk
polls it (GET, every second) and takes a JSON answer of the same shape, or ``{}`` / 204 when
no card lies on the reader; each read is taken once (a new ``seq`` field, or a different
``id_number`` from the last one).

The URL is checked to be on the kiosk itself (loopback): a reader service elsewhere on the
network would hand citizens' ID numbers across it, and a setting pointing off the machine
is a setting someone could abuse to feed forged cards from afar.
"""
from __future__ import annotations

from urllib.parse import urlsplit

SCHEMES = ("ws", "wss", "http", "https")
# the kiosk page's Content-Security-Policy lets it connect to these alone (hall.factory
# KIOSK_POLICY): a browser's policy cannot name an IPv6 literal, nor all of 127.0.0.0/8
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")


class ReaderUrlError(ValueError):
    """``str()`` is the Chinese message."""


def check_reader_url(url: str) -> str:
    """The reader URL as stored ("" for none), or ``ReaderUrlError`` when it is not a
    ws/http URL on the kiosk itself (127.0.0.1 or localhost)."""
    url = (url or "").strip()
    if not url:
        return ""
    if len(url) > 200:
        raise ReaderUrlError("读卡器地址过长（最多200字符）")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ReaderUrlError("读卡器地址格式有误，例如 ws://127.0.0.1:18890") from None
    if parts.scheme not in SCHEMES:
        raise ReaderUrlError("读卡器地址须以 ws://、wss://、http:// 或 https:// 开头")
    if parts.username is not None or parts.password is not None:
        raise ReaderUrlError("读卡器地址不能包含用户名或密码")
    host = (parts.hostname or "").lower()
    if not host:
        raise ReaderUrlError("读卡器地址缺少主机，例如 ws://127.0.0.1:18890")
    if host not in LOOPBACK_HOSTS:
        raise ReaderUrlError("读卡器须是本机服务：地址只能是 127.0.0.1 或 localhost")
    if port == 0:
        raise ReaderUrlError("读卡器端口有误")
    if parts.fragment:
        raise ReaderUrlError("读卡器地址不能包含 # 片段")
    return url
