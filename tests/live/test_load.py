"""The production set-up under a busy hall's load (bench/load_hall.py, shortened): 200 kiosks,
50 windows with their pads and 20 displays against two processes — not one error, not one
call a display did not hear."""
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.postgres
@pytest.mark.redis
def test_a_busy_hall_gets_no_errors(postgres_url, redis_url):
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "load_hall.py"), "--seconds", "15"],
                         capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "zero errors" in run.stdout
