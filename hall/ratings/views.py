"""好差评 capture: the rating pad and the citizen's phone post here."""
from flask import Blueprint, jsonify

from hall.db import get_session
from hall.ratings import service
from hall.web import get_str, json_body

bp = Blueprint("ratings", __name__)


@bp.post("/ratings")
def rate():
    body = json_body()
    token = get_str(body, "rating_token", max_len=100)
    channel = body.get("channel", "pad")
    if channel not in ("pad", "phone"):
        channel = "pad"
    session = get_session()
    rating = service.submit_rating(session, token, body.get("level"), body.get("reasons"),
                                   body.get("comment"), channel=channel)
    session.commit()
    return jsonify({"level": rating.level, "level_name": service.LEVELS[rating.level],
                    "rated_at": rating.rated_at.isoformat()}), 201


@bp.get("/ratings/levels")
def levels():
    return jsonify({"levels": [{"level": k, "name": v} for k, v in service.LEVELS.items()],
                    "bad_reasons": list(service.BAD_REASONS)})
