"""电子监察 (electronic supervision): accountability records (责任追究) and their kinds,
deadline lights, supervision alerts, and the hall-wide sweep that runs every domain's
overdue check (each domain's ``scheduled.py``, registered in ``hall/scheduler.py``).

This package imports no other domain: domains bring their checks to it."""
