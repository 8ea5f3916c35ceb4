"""``hall apikey create``: the key printed once as the last word, for the hall named, only its
hash kept; a key the CLI made works against the API, an unknown scope or hall is refused."""
from sqlalchemy import select

from hall.apikeys.models import ApiKey
from hall.apikeys.rules import key_hash
from hall.catalog.models import Hall
from hall.cli import main
from tests.conftest import _app_for, db_session


def test_apikey_create_prints_the_key_once_for_the_hall(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HALL_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("HALL_SECRET_KEY", "test-secret")
    db = f"sqlite:///{tmp_path / 'h.sqlite3'}"
    assert main(["init-db", "--db", db, "--demo"]) == 0
    capsys.readouterr()
    assert main(["apikey", "create", "省一网通办平台", "--scope", "applications:write", "--scope",
                 "applications:read", "--hall", "xinlin-zhen", "--db", db]) == 0
    out = capsys.readouterr().out
    key = out.split()[-1]
    assert key.startswith("hk_") and out.count(key) == 1 and out.startswith("xinlin-zhen:")
    assert main(["apikey", "create", "x", "--scope", "everything", "--db", db]) == 2
    assert "未知的接口权限" in capsys.readouterr().err
    assert main(["apikey", "create", "x", "--scope", "applications:write", "--hall", "nowhere", "--db", db]) == 2

    app = _app_for(db, tmp_path)
    session = db_session(app)
    row = session.scalar(select(ApiKey))
    assert row.key_hash == key_hash(key) and row.scopes == ["applications:write", "applications:read"]
    assert session.get(Hall, row.hall_id).code == "xinlin-zhen" and row.created_by is None
    assert session.scalar(select(ApiKey).where(ApiKey.id != row.id)) is None
    session.close()
    answer = app.test_client().get("/api/v1/applications/NONE", headers={"Authorization": "ApiKey " + key})
    assert answer.status_code == 404 and answer.get_json()["error"]["code"] == "application_not_found"
