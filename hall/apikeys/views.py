"""接口密钥: a hall's managers (and the deployment's admins) make, list and revoke the API keys
of outside systems. The key is in the answer to its creation only."""
from flask import Blueprint, g

from hall.apikeys import service
from hall.auth.guard import MANAGERS, staff_required
from hall.web import api_view, json_body

bp = Blueprint("apikeys", __name__)


@bp.post("/admin/api-keys")
@staff_required(MANAGERS)
@api_view(status=201)
def create(session, hall):
    """A new key ``{name, scopes}`` → ``{id, key, …}``: the key is shown this once."""
    body = json_body()
    row, key = service.create(session, hall.id, body.get("name"), body.get("scopes"), staff_id=g.staff.id)
    return service.view(hall, row) | {"key": key}


@bp.get("/admin/api-keys")
@staff_required(MANAGERS)
@api_view
def listing(session, hall):
    """The hall's keys: name, prefix, scopes, created, last used, revoked (never the key)."""
    return service.listing(session, hall)


@bp.delete("/admin/api-keys/<int:key_id>")
@staff_required(MANAGERS)
@api_view
def revoke(session, hall, key_id: int):
    """Revoke a key: every request with it is refused from now on (401 ``api_key_revoked``)."""
    return service.view(hall, service.revoke(session, hall, key_id, g.staff.id))
