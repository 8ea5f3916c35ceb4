"""Attack: ``/voice`` rendered and cached every new phrase without limit: anyone could start
an espeak-ng process per request and fill the disk with phrases. Now the phrase cache keeps
at most ``HALL_VOICE_CACHE_FILES`` (the oldest go) and new phrases are rendered at most
``HALL_VOICE_RENDER_LIMIT`` times per address; cached phrases are still served."""
import os
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import _app_for, dispose

CHINESE_DIGITS = "零一二三四五六七八九"


def phrase(n: int) -> str:
    return "请" + "".join(CHINESE_DIGITS[int(d)] for d in f"{n:03d}") + "号到窗口办理"


@pytest.fixture
def voice_app(template_db, tmp_path):
    if not shutil.which("espeak-ng"):
        pytest.fail("espeak-ng is not installed (scripts/setup.sh installs it)")
    shutil.copy(template_db, tmp_path / "hall.sqlite3")
    app = _app_for(f"sqlite:///{tmp_path / 'hall.sqlite3'}", tmp_path, HALL_VOICE_CACHE_FILES=4,
                   HALL_VOICE_RENDER_LIMIT="6/minute")
    yield app
    dispose(app)


def test_new_phrases_are_limited_per_address_and_the_cache_is_bounded(voice_app):
    client = voice_app.test_client()
    folder = Path(voice_app.instance_path) / "voice-cache"
    for n in range(6):
        assert client.get("/api/v1/voice", query_string={"text": phrase(n)}).status_code == 200, n
        time.sleep(0.01)          # distinct modification times: the oldest is known
    refused = client.get("/api/v1/voice", query_string={"text": phrase(99)})
    assert refused.status_code == 429
    assert refused.get_json()["error"]["code"] == "rate_limited" and refused.get_json()["retry_after"] > 0
    assert client.get("/api/v1/voice", query_string={"text": phrase(5)}).status_code == 200   # cached: served
    other = client.get("/api/v1/voice", query_string={"text": phrase(98)}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200                      # another address renders its own
    kept = sorted(p.name for p in folder.glob("*.wav") if p.name != "chime.wav")
    assert len(kept) == 4
    # the oldest went first: the first phrases must be rendered again, the newest are there
    assert client.get("/api/v1/voice/chime").status_code == 200
    import hashlib
    names = {hashlib.sha256(phrase(n).encode()).hexdigest() + ".wav" for n in (3, 4, 5, 98)}
    assert set(kept) == names
    assert all(os.path.getsize(folder / name) > 0 for name in kept)
