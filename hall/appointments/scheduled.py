"""Appointments' part of the supervision sweep: a booking whose slot has long passed is a no-show."""
from __future__ import annotations

from hall.appointments.service import mark_no_shows
from hall.supervision.sweep import SweepRun


def check_no_shows(run: SweepRun) -> dict:
    return {"appointment_no_shows": mark_no_shows(run.session, run.hall, run.as_of)}
