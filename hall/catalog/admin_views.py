"""The catalog's admin API (管理后台): ``/admin/departments``, ``/admin/queues``,
``/admin/windows``, ``/admin/items`` for managers (their own hall) and admins (any hall,
chosen with ``X-Hall`` or ``?hall=``), and ``/admin/halls`` for admins."""
from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, request

from hall.auth.guard import MANAGERS, staff_required
from hall.catalog import admin, workbook
from hall.errors import InvalidInput
from hall.web import api_view, json_body

bp = Blueprint("catalog_admin", __name__, url_prefix="/admin")

ADMINS = ("admin",)

# (path segment, key type in the path, the service's functions)
RESOURCES = (
    ("departments", "string", admin.list_departments, admin.create_department, admin.update_department,
     admin.delete_department),
    ("queues", "string", admin.list_queues, admin.create_queue, admin.update_queue, admin.delete_queue),
    ("windows", "int", admin.list_windows, admin.create_window, admin.update_window, admin.delete_window),
    ("items", "string", admin.list_items, admin.create_item, admin.update_item, admin.delete_item),
)


def _routes(name: str, key: str, listing, create, update, remove) -> None:
    def list_view(session, hall):
        return listing(session, hall)

    def create_view(session, hall):
        return create(session, hall, json_body()), 201

    def update_view(session, hall, key):
        return update(session, hall, key, json_body())

    def delete_view(session, hall, key):
        return remove(session, hall, key)

    for view, method, path in ((list_view, "GET", f"/{name}"), (create_view, "POST", f"/{name}"),
                               (update_view, "PUT", f"/{name}/<{key}:key>"),
                               (delete_view, "DELETE", f"/{name}/<{key}:key>")):
        view.__name__ = f"{name}_{method.lower()}"
        view.__doc__ = f"{method} /admin/{name}: the hall's {name} (managers: their own hall; admins: any)."
        bp.add_url_rule(path, view.__name__, staff_required(MANAGERS)(api_view(view)), methods=[method])


for resource in RESOURCES:
    _routes(*resource)


@bp.get("/halls")
@staff_required(ADMINS)
@api_view(hall=False)
def halls(session):
    """Every hall of the deployment, with its level and parent."""
    return admin.list_halls(session)


@bp.post("/halls")
@staff_required(ADMINS)
@api_view(hall=False)
def create_hall(session):
    """A new hall: ``{code, name, level: city|county|township, parent}``."""
    return admin.create_hall(session, json_body()), 201


# ---------------------------------------------------------------- the catalog as a workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype=XLSX)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@bp.get("/export.xlsx")
@staff_required(MANAGERS)
@api_view
def export_workbook(session, hall):
    """The hall's catalog: sheets 部门, 队列, 窗口, 事项, 材料."""
    return _xlsx(workbook.export(session, hall), f"{hall.code}-事项清单.xlsx")


@bp.get("/import-template.xlsx")
@staff_required(MANAGERS)
@api_view(hall=False)
def import_template(session):
    """An empty workbook with the headings and one example row a sheet."""
    return _xlsx(workbook.template(), "导入模板.xlsx")


@bp.post("/import")
@staff_required(MANAGERS)
@api_view
def import_workbook(session, hall):
    """An .xlsx body (≤ 10 MB; ``?dry_run=1`` checks only) → ``{created, updated, errors}``."""
    request.max_content_length = workbook.MAX_BYTES      # above the API's 1 MB for this body only
    if (request.content_length or 0) > workbook.MAX_BYTES:
        raise InvalidInput("导入文件不能超过10MB", code="file_too_large", status=413)
    data = request.get_data(cache=False)
    if not data and request.files:
        data = next(iter(request.files.values())).read()
    dry_run = request.args.get("dry_run") in ("1", "true", "yes")
    answer = workbook.run(session, hall, data, dry_run=dry_run)
    return answer
