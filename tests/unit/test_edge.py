"""The HTTP edge's conventions: one family of rule errors, services that do not touch Flask."""
import ast
from pathlib import Path

from hall import errors

HALL = Path(__file__).resolve().parents[2] / "hall"


def test_every_refusal_is_a_rule_error_with_its_status():
    families = {errors.InvalidInput: 400, errors.Unauthorized: 401, errors.Forbidden: 403,
                errors.NotFound: 404, errors.Conflict: 409, errors.Unprocessable: 422, errors.Busy: 503}
    for family, status in families.items():
        assert issubclass(family, errors.RuleError)
        assert family().status == status
    assert errors.DomainError is errors.RuleError   # the former name still raises and catches


def test_a_rule_error_answers_its_code_message_and_extra_fields():
    error = errors.Conflict("已叫号的号票不能开始办理", code="invalid_ticket_state", status_now="called")
    assert error.to_dict() == {"error": {"code": "invalid_ticket_state", "message": "已叫号的号票不能开始办理"},
                               "status_now": "called"}


def test_a_broken_rule_is_a_conflict_when_the_state_forbids_it():
    assert errors.RuleBroken("已答复", "already_replied", state=True).status == 409
    assert errors.RuleBroken("类型有误", "invalid_kind").status == 400


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_services_and_rules_do_not_import_flask():
    offenders = [str(path.relative_to(HALL)) for pattern in ("*/service.py", "*/rules.py", "*/schemas.py",
                                                             "queueing/service_times.py")
                 for path in HALL.glob(pattern)
                 if any(name == "flask" or name.startswith("flask.") for name in _imports(path))]
    assert offenders == []
