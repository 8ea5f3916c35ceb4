"""Offline call voice: espeak-ng renders each call phrase once; a generated chime."""
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

from flask import Blueprint, current_app, request, send_file

from hall.errors import Busy, InvalidInput

bp = Blueprint("voice", __name__)
PHRASE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9，。、：！ ]{1,40}$")


class VoiceUnavailable(Busy):
    status = 503
    code = "voice_unavailable"
    message = "语音合成不可用（未安装espeak-ng）"


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
        _atomic_write(target, lambda tmp: subprocess.run([espeak, "-v", "cmn", "-s", "150", "-w", tmp, text],
                                                          check=True, capture_output=True, timeout=20))
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
