"""Offline call voice: espeak-ng renders each call phrase once; a generated chime. The
phrase cache is bounded (``HALL_VOICE_CACHE_FILES``, oldest evicted) and rendering new
phrases is rate-limited per address (``HALL_VOICE_RENDER_LIMIT``)."""
import hashlib
import math
import os
import re
import shutil
import struct
import subprocess
import tempfile
import wave
from pathlib import Path

import time

from flask import Blueprint, current_app, request, send_file

from hall.errors import Busy, InvalidInput, RuleError

bp = Blueprint("voice", __name__)
PHRASE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9，。、：！ ]{1,40}$")


class VoiceUnavailable(Busy):
    status = 503
    code = "voice_unavailable"
    message = "语音合成不可用（未安装espeak-ng）"


class RenderLimited(RuleError):
    status = 429
    code = "rate_limited"
    message = "语音合成请求过于频繁，请稍后再试"


def _render_allowed() -> None:
    """New phrases cost an espeak-ng process each: ``HALL_VOICE_RENDER_LIMIT`` per address
    (default 30 a minute; a display asks for each call once, the rest come from the cache).
    Counted in Redis when the hall has it, like the other limits."""
    limit = current_app.config["HALL"].get("HALL_VOICE_RENDER_LIMIT")
    if not limit or str(limit).lower() in ("off", "0", "none"):
        return
    from limits import parse
    from limits.storage import storage_from_string
    from limits.strategies import MovingWindowRateLimiter
    settings = current_app.config["HALL"]
    if "hall_voice_limiter" not in current_app.extensions:
        current_app.extensions["hall_voice_limiter"] = (
            MovingWindowRateLimiter(storage_from_string(settings["HALL_REDIS_URL"] or "memory://")), parse(limit))
    limiter, item = current_app.extensions["hall_voice_limiter"]
    keys = (settings["HALL_REDIS_CHANNEL"], "voice-render", request.remote_addr or "?")
    if not limiter.hit(item, *keys):
        reset = limiter.get_window_stats(item, *keys).reset_time
        raise RenderLimited(retry_after=max(1, int(reset - time.time())))


def _evict(folder: Path, keep: int) -> None:
    """At most ``keep`` rendered phrases stay (``HALL_VOICE_CACHE_FILES``): the oldest go."""
    phrases = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith(".wav") and entry.name != "chime.wav":
                try:
                    phrases.append((entry.stat().st_mtime, entry.path))
                except FileNotFoundError:
                    pass
    if len(phrases) <= keep:
        return
    phrases.sort()
    for _mtime, path in phrases[:len(phrases) - keep]:
        try:
            os.unlink(path)
        except FileNotFoundError:   # another process evicted it first
            pass


def _cache() -> Path:
    path = Path(current_app.instance_path) / "voice-cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _atomic_write(target: Path, render) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    try:
        render(tmp)
        os.replace(tmp, target)  # concurrent renders of one phrase: the last rename wins, all complete
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@bp.get("/voice")
def voice():
    text = request.args.get("text", "")
    if not PHRASE.match(text):
        raise InvalidInput("语音内容有误：仅支持不超过40字的叫号语句", code="invalid_voice_text")
    target = _cache() / (hashlib.sha256(text.encode()).hexdigest() + ".wav")
    if not target.exists():
        espeak = shutil.which("espeak-ng")
        if not espeak:
            raise VoiceUnavailable()
        _render_allowed()
        _atomic_write(target, lambda tmp: subprocess.run([espeak, "-v", "cmn", "-s", "150", "-w", tmp, text],
                                                          check=True, capture_output=True, timeout=20))
        _evict(target.parent, max(1, int(current_app.config["HALL"].get("HALL_VOICE_CACHE_FILES") or 500)))
    return send_file(target, mimetype="audio/wav", max_age=86400)


def _write_chime(path: str, rate: int = 16000) -> None:
    frames = bytearray()
    for freq, seconds in ((988, 0.28), (784, 0.42)):  # two falling tones, ding-dong
        for i in range(int(rate * seconds)):
            fade = min(1.0, (rate * seconds - i) / (rate * 0.15))
            frames += struct.pack("<h", int(12000 * fade * math.sin(2 * math.pi * freq * i / rate)))
    with wave.open(path, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))


@bp.get("/voice/chime")
def chime():
    target = _cache() / "chime.wav"
    if not target.exists():
        _atomic_write(target, _write_chime)
    return send_file(target, mimetype="audio/wav", max_age=86400)
