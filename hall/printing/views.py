"""Ticket printing for kiosks (filled in with the screens issue)."""
from flask import Blueprint

bp = Blueprint("printing", __name__)
