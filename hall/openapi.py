"""The OpenAPI 3.0 description of /api/v1, built from the URL map itself, so every route is in
it; request fields come from ``FIELDS`` (what each endpoint reads), staff routes carry the
bearer-token requirement their guard enforces."""
from __future__ import annotations

import re

from flask import Flask


S, I, B = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
STRINGS = {"type": "array", "items": S}
APPLICANT = {"type": "object", "properties": {"name": S, "id_number": S, "phone": S}}

# (method, rule) → JSON body properties
FIELDS = {
    ("POST", "/auth/login"): {"username": S, "password": S},
    ("POST", "/tickets"): {"item_code": S, "queue_code": S, "green_channel": B, "appointment_code": S, "phone": S},
    ("POST", "/ratings"): {"rating_token": S, "level": I, "reasons": STRINGS, "comment": S, "channel": S},
    ("POST", "/windows/<int:number>/pause"): {"reason": S},
    ("POST", "/tickets/<int:ticket_id>/transfer"): {"to_window": I, "to_queue": S, "reason": S},
    ("POST", "/tickets/<int:ticket_id>/hold"): {"reason": S},
    ("POST", "/cases"): {"ticket_id": I, "item_code": S, "applicant": APPLICANT, "materials": STRINGS,
                         "attorney_id": I,   # 帮办代办: the 授权委托书 the helper applies under
                         "application_no": S},   # 一网通办: the online application accepted
    ("POST", "/cases/<case_no>/pause"): {"reason": S},
    ("POST", "/cases/<case_no>/extend"): {"working_days": I, "reason": S},
    ("POST", "/cases/<case_no>/decide"): {"decision": S, "reason": S, "basis": S},
    ("POST", "/cases/<case_no>/complete"): {"certificate_no": S, "certificates": STRINGS},
    ("POST", "/cases/<case_no>/request-materials"): {"materials": STRINGS},
    ("POST", "/cases/<case_no>/material-exceptions"): {"reason": S, "materials": STRINGS},
    ("POST", "/cases/<case_no>/reviews/<dept_code>"): {"opinion": S, "reason": S, "basis": S},
    ("POST", "/cases/<case_no>/review-meetings"): {"held_on": S, "departments": STRINGS, "conclusion": S},
    ("POST", "/appointments"): {"item_code": S, "date": S, "start": S, "applicant": APPLICANT},
    ("POST", "/appointments/<code>/cancel"): {"id_number": S},
    ("PUT", "/calendar/overrides/<day>"): {"is_workday": B, "note": S},
    ("PUT", "/calendar/years/<int:year>"): {"holidays": STRINGS, "workdays": STRINGS},
    ("PUT", "/star-ratings/settings/<month>"): {"weights": {"type": "object"}, "deductions": {"type": "object"},
                                                "thresholds": {"type": "object"}},
    ("POST", "/devices"): {"kind": S, "window": I, "name": S, "printer": S},
    ("POST", "/rectifications/<int:rectification_id>/verify"): {"finding": S, "justified": B},
    ("POST", "/rectifications/<int:rectification_id>/rectify"): {"measures": S},
    ("POST", "/rectifications/<int:rectification_id>/callback"): {"result": S},
    ("POST", "/rectifications/<int:rectification_id>/appeal"): {"reason": S},
    ("POST", "/rectifications/<int:rectification_id>/appeal-decision"): {"approve": B, "reason": S},
    ("POST", "/announcements"): {"title": S, "body": S, "category": S, "starts_on": S, "ends_on": S},
    ("POST", "/announcements/<int:announcement_id>/review"): {"approve": B, "note": S},
    ("POST", "/complaints"): {"kind": S, "title": S, "content": S, "window": I, "staff_no": S,
                              "contact": {"type": "object", "properties": {"name": S, "phone": S}}},
    ("POST", "/complaints/<complaint_no>/satisfaction"): {"query_code": S, "level": I},
    ("POST", "/complaints/<complaint_no>/assign"): {"owner": S},
    ("POST", "/complaints/<complaint_no>/reply"): {"reply": S, "finding": S, "window": I, "staff_no": S},
    ("POST", "/info-requests"): {"applicant": APPLICANT, "description": S, "purpose": S},
    ("POST", "/info-requests/<request_no>/extend"): {"working_days": I, "reason": S},
    ("POST", "/info-requests/<request_no>/reply"): {"reply_type": S, "basis": S, "reply": S},
    ("POST", "/inspections"): {"window": I, "finding": S, "mode": S, "note": S, "at": S, "staff_no": S},
    # 统一收费: yuan as a number or a decimal string
    ("POST", "/cases/<case_no>/payments"): {"amount": {"oneOf": [{"type": "number"}, S]}, "method": S,
                                            "receipt_no": S, "base": {"oneOf": [{"type": "number"}, S]}},
    ("POST", "/payments/<int:payment_id>/refund-request"): {"reason": S},
    ("POST", "/payments/<int:payment_id>/refund"): {"reason": S, "receipt_no": S},
    ("POST", "/admin/integrations"): {"name": S, "url": S, "secret": S, "events": STRINGS},
    ("PUT", "/admin/integrations/<int:integration_id>"): {"name": S, "url": S, "secret": S, "events": STRINGS,
                                                         "active": {"type": "boolean"}},
    # 接口密钥 and 一网通办 (the key is in the creation's answer only)
    ("POST", "/admin/api-keys"): {"name": S, "scopes": STRINGS},
    ("POST", "/applications"): {"item_code": S, "applicant": APPLICANT, "materials": STRINGS, "external_no": S},
    # 全程代办: an enterprise's project, owned by the helper who opens it
    ("POST", "/assist/projects"): {"name": S, "note": S,
                                   "enterprise": {"type": "object", "properties": {"name": S, "credit_code": S}},
                                   "representative": {"type": "object", "properties": {
                                       "role": S, "name": S, "kind": S, "number": S}}},
    ("POST", "/assist/projects/<project_no>/cases"): {"case_no": S},
}
# the ID-card reader at the kiosk (hall.queueing.card, hall.devices.reader)
CARD = {"type": "object", "properties": {"name": S, "id_number": S, "kind": S, "birth_date": S}}
FIELDS[("POST", "/tickets")] = {**FIELDS[("POST", "/tickets")], "applicant": CARD, "id_source": S}
FIELDS[("POST", "/devices")] = {**FIELDS[("POST", "/devices")], "reader_url": S}
FIELDS[("PUT", "/devices/<int:device_id>")] = {"name": S, "reader_url": S}
FIELDS[("POST", "/appointments/for-card")] = {"id_number": S}
# ``Authorization: ApiKey <key>`` (hall.auth.guard.api_key_required)
API_KEY_SCHEME = {"type": "apiKey", "in": "header", "name": "Authorization",
                  "description": "ApiKey <密钥>：POST /admin/api-keys 创建时显示一次"}
QUERY = {
    "/calendar/add-working-days": {"start": S, "days": I},
    "/cases/<case_no>/progress": {"query_code": S},
    "/cases/<case_no>/receipt.pdf": {"query_code": S},
    "/appointments/slots": {"item_code": S, "date": S},
    "/voice": {"text": S},
    "/star-ratings": {"month": S, "of": S}, "/star-ratings.pdf": {"month": S},
    "/star-ratings.csv": {"month": S, "of": S}, "/star-ratings.xlsx": {"month": S},
    "/indicators": {"month": S, "of": S},
    "/announcements": {"which": S}, "/complaints": {"status": S},
    "/complaints/<complaint_no>": {"query_code": S}, "/info-requests/<request_no>": {"query_code": S},
    "/assist/projects/<project_no>/progress": {"query_code": S},
    "/inspections": {"month": S}, "/fees/daily-report": {"date": S, "format": S}, "/supervision-report": {"month": S}, "/supervision-report.pdf": {"month": S},
    "/admin/integrations/<int:integration_id>/deliveries": {"status": S},
}
ERROR = {"description": "错误：{error: {code, message}}", "content": {"application/json": {"schema": {
    "type": "object", "properties": {"error": {"type": "object", "properties": {"code": S, "message": S}}}}}}}


def spec(app: Flask) -> dict:
    prefix = app.blueprints["api"].url_prefix   # the factory's /api/v1
    paths: dict = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith(prefix) or rule.rule.endswith("openapi.json"):
            continue
        local = rule.rule[len(prefix):]
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", local)
        view = app.view_functions[rule.endpoint]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            parameters = [{"name": name, "in": "path", "required": True,
                           "schema": I if conv == "int" else S}
                          for conv, name in re.findall(r"<(?:([a-z]+):)?([a-z_]+)>", local)]
            parameters += [{"name": name, "in": "query", "required": False, "schema": schema}
                           for name, schema in QUERY.get(local, {}).items()]
            operation = {"operationId": f"{method.lower()}_{rule.endpoint.replace('.', '_')}",
                         "summary": (view.__doc__ or "").strip().split("\n")[0],
                         "parameters": parameters,
                         "responses": {"200": {"description": "成功"}, "201": {"description": "已创建"},
                                       "400": ERROR, "401": ERROR, "403": ERROR, "404": ERROR, "409": ERROR,
                                       "422": ERROR}}
            if method in ("POST", "PUT"):
                operation["requestBody"] = {"required": False, "content": {"application/json": {"schema": {
                    "type": "object", "properties": FIELDS.get((method, local), {})}}}}
            if getattr(view, "required_roles", None):
                operation["security"] = [{"bearer": []}]
            if getattr(view, "required_scope", None):   # an outside system's key (or, with roles, staff)
                operation["security"] = operation.get("security", []) + [{"api_key": []}]
            paths.setdefault(path, {})[method.lower()] = operation
    return {"openapi": "3.0.3",
            "info": {"title": "hall 政务服务中心 API", "version": "1"},
            "servers": [{"url": prefix}],
            "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                                               "api_key": API_KEY_SCHEME}},
            "paths": paths}
