"""Cases: acceptance, one-time notices, time limits (filled in with the cases issue)."""
from flask import Blueprint

bp = Blueprint("cases", __name__)
