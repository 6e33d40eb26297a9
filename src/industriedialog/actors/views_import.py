"""Export and import of the register."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from . import exporting
from .selectors import may_see_private_fields, organisation_list

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def organisation_export(request: HttpRequest) -> HttpResponse:
    """The list as the user sees it (same filters and search), as CSV or XLSX."""
    file_format = request.GET.get("format", "csv")
    if file_format not in CONTENT_TYPES:
        raise Http404
    queryset = organisation_list(
        request.user,
        query=request.GET.get("q", ""),
        kind=request.GET.get("kind", ""),
        sector=request.GET.get("sector", ""),
        employee_band=request.GET.get("employee_band", ""),
        municipality_key=request.GET.get("municipality_key", ""),
        training=request.GET.get("training", ""),
    )
    private = may_see_private_fields(request.user)
    if file_format == "csv":
        body = exporting.to_csv(queryset.iterator(chunk_size=2000), private=private)
    else:
        body = exporting.to_xlsx(queryset.iterator(chunk_size=2000), private=private)
    response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="organisationen-{stamp}.{file_format}"'
    return response


def organisation_import(request: HttpRequest) -> HttpResponse:
    from .views_import_upload import organisation_import_view

    return organisation_import_view(request)
