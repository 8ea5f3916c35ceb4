"""Offline call voice for the lobby display (filled in with the screens issue)."""
from flask import Blueprint

bp = Blueprint("voice", __name__)
