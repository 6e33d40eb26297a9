"""Export and import of the catalogue.

The export of an initiative's catalogue (CSV, XLSX, JSON) and of its partner matrix (CSV,
XLSX) is open to everyone who may see the initiative: the public measures for everyone,
all for staff. The staff page /verwaltung/massnahmen-export/ lists the exports per
initiative. The import is for staff only (everyone else gets 404): upload, preview (a dry
run of every row), confirmation. It is stateless between the steps: the preview sends the
file back signed (`importing.sign_upload`), and the confirmation plans the import again
from those bytes before running it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from industriedialog.core.models import Initiative
from industriedialog.core.permissions import is_staff_member
from industriedialog.core.selectors import initiative_get_for, initiatives_visible_to

from . import exporting, importing, selectors
from .models import ActionField

IMPORT_TEMPLATE = "measures/import.html"
EXPORT_INDEX_TEMPLATE = "measures/export_index.html"
CATALOGUE_FORMATS = ("csv", "xlsx", "json")
MATRIX_FORMATS = ("csv", "xlsx")
# Room for the CSRF token and the form encoding next to the signed file.
CONFIRM_FORM_OVERHEAD_BYTES = 64 * 1024


def _attachment(body: bytes, file_format: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=exporting.CONTENT_TYPES[file_format])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{file_format}"'
    return response


def _measures(request: HttpRequest, initiative: Initiative):
    return selectors.measure_list(request.user, initiative=initiative).prefetch_related(
        "depends_on"
    )


def export(request: HttpRequest, initiative: str) -> HttpResponse:
    """The catalogue of the initiative as CSV, XLSX or JSON (`?format=`)."""
    file_format = request.GET.get("format", "xlsx")
    if file_format not in CATALOGUE_FORMATS:
        raise Http404
    found = initiative_get_for(request.user, slug=initiative)
    measures = list(_measures(request, found))
    if file_format == "csv":
        body = exporting.to_csv(measures, user=request.user)
    elif file_format == "xlsx":
        body = exporting.to_xlsx(measures, user=request.user)
    else:
        fields = (
            ActionField.objects.filter(initiative=found)
            .select_related("parent")
            .order_by("sort_key")
        )
        body = exporting.to_json(found, list(fields), measures, user=request.user)
    return _attachment(body, file_format, f"massnahmen-{found.slug}")


def matrix_export(request: HttpRequest, initiative: str) -> HttpResponse:
    """Measures × partner organisations with the role in each cell, as CSV or XLSX."""
    file_format = request.GET.get("format", "xlsx")
    if file_format not in MATRIX_FORMATS:
        raise Http404
    found = initiative_get_for(request.user, slug=initiative)
    measures = list(selectors.measure_list(request.user, initiative=found))
    if file_format == "csv":
        body = exporting.matrix_to_csv(measures, user=request.user)
    else:
        body = exporting.matrix_to_xlsx(measures, user=request.user)
    return _attachment(body, file_format, f"partnermatrix-{found.slug}")


def export_index(request: HttpRequest) -> HttpResponse:
    """The staff page listing every initiative's exports and its import."""
    if not is_staff_member(request.user):
        raise Http404
    initiatives = initiatives_visible_to(request.user).annotate(
        measure_count=Count("measures", distinct=True),
        public_measure_count=Count("measures", filter=Q(measures__is_public=True), distinct=True),
    )
    return render(
        request,
        EXPORT_INDEX_TEMPLATE,
        {
            "initiatives": initiatives,
            "catalogue_formats": CATALOGUE_FORMATS,
            "matrix_formats": MATRIX_FORMATS,
        },
    )


# --------------------------------------------------------------------------- import


class MeasureImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Datei"),
        help_text=gettext_lazy(
            "Excel-Datei (.xlsx) oder CSV-Datei (Trennzeichen „;“ oder "
            "„,“), höchstens 5 MB, mit den Spalten des Exports."
        ),
        allow_empty_file=True,  # parse_upload explains an empty file itself
        error_messages={"required": gettext_lazy("Bitte wählen Sie eine Datei aus.")},
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(importing.ALLOWED_EXTENSIONS):
            raise forms.ValidationError(
                _("Bitte laden Sie eine Excel- oder CSV-Datei (.xlsx oder .csv) hoch."),
                code="file_type",
            )
        if upload.size > importing.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Die Datei ist %(size)s groß. Erlaubt sind höchstens 5 MB.")
                % {"size": filesizeformat(upload.size)},
                code="file_size",
            )
        return upload


def import_measures(request: HttpRequest, initiative: str) -> HttpResponse:
    if not request.user.has_perm("measures.change_measure"):
        raise Http404
    found = initiative_get_for(request.user, slug=initiative)
    if request.method == "GET":
        return _render(request, found, MeasureImportForm())
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    if "payload" in request.POST:
        return _confirm(request, found)
    return _preview(request, found)


def _preview(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    form = MeasureImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, initiative, form)
    upload = form.cleaned_data["file"]
    content = upload.read()
    try:
        plan = importing.plan_import(initiative, importing.parse_upload(upload.name, content))
    except importing.ImportFileError as error:
        form.add_error("file", error.message)
        return _render(request, initiative, form)
    return _render(
        request, initiative, MeasureImportForm(), plan=plan, file_name=upload.name, content=content
    )


def _confirm(request: HttpRequest, initiative: Initiative) -> HttpResponse:
    form = MeasureImportForm()
    try:
        upload = importing.unsign_upload(
            request.POST["payload"], user_id=request.user.pk, initiative=initiative.slug
        )
        plan = importing.plan_import(
            initiative, importing.parse_upload(upload.name, upload.content)
        )
    except importing.ImportFileError as error:
        return _render(request, initiative, form, alert=error.message, status=400)
    if plan.has_errors or not plan.has_work or plan.is_too_large:
        return _render(request, initiative, form, plan=plan, file_name=upload.name)
    if plan.digest != upload.plan_digest:
        return _render(
            request,
            initiative,
            form,
            plan=plan,
            file_name=upload.name,
            content=upload.content,
            notice=_(
                "Der Maßnahmenkatalog hat sich seit der Vorschau geändert. "
                "Bitte prüfen Sie die aktualisierte Vorschau und bestätigen "
                "Sie erneut."
            ),
        )
    try:
        result = importing.run_import(
            actor=request.user, initiative=initiative, plan=plan, source_name=upload.name
        )
    except importing.ImportAborted as aborted:
        return _render(
            request,
            initiative,
            form,
            plan=plan,
            file_name=upload.name,
            aborted_errors=aborted.errors,
        )
    messages.success(request, _success_message(result))
    return redirect("measures:catalogue", initiative=initiative.slug)


def _success_message(result: importing.ImportResult) -> str:
    total = result.created + result.updated
    text = ngettext(
        "%(count)s Maßnahme importiert: %(created)s neu, %(updated)s geändert.",
        "%(count)s Maßnahmen importiert: %(created)s neu, %(updated)s geändert.",
        total,
    ) % {"count": total, "created": result.created, "updated": result.updated}
    if result.unchanged:
        text += " " + ngettext(
            "%(count)s Zeile war unverändert.",
            "%(count)s Zeilen waren unverändert.",
            result.unchanged,
        ) % {"count": result.unchanged}
    return text


def _render(
    request: HttpRequest,
    initiative: Initiative,
    form: MeasureImportForm,
    *,
    plan: importing.ImportPlan | None = None,
    file_name: str = "",
    content: bytes | None = None,
    alert: str = "",
    notice: str = "",
    aborted_errors: list[importing.RowError] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page; the confirmation is offered only for a plan without errors that changes
    something, and only when `content` (the file to sign) is given."""
    payload = ""
    if plan is not None and plan.is_too_large:
        alert = _(
            "Die Datei würde mehr als %(limit)s Maßnahmen anlegen oder ändern. Bitte "
            "teilen Sie sie in kleinere Dateien auf."
        ) % {"limit": number_format(importing.MAX_WRITES_PER_IMPORT, force_grouping=True)}
    elif plan is not None and content is not None and plan.has_work and not plan.has_errors:
        payload = importing.sign_upload(
            name=file_name,
            content=content,
            user_id=request.user.pk,
            initiative=initiative.slug,
            plan_digest=plan.digest,
        )
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and len(payload) + CONFIRM_FORM_OVERHEAD_BYTES > limit:
            payload = ""
            alert = _(
                "Die Datei ist zu groß, um sie nach der Vorschau zu bestätigen. Bitte "
                "teilen Sie sie in kleinere Dateien auf."
            )
    context: dict[str, Any] = {
        "initiative": initiative,
        "form": form,
        "plan": plan,
        "file_name": file_name,
        "payload": payload,
        "alert": alert,
        "notice": notice,
        "aborted_errors": aborted_errors or [],
    }
    return render(request, IMPORT_TEMPLATE, context, status=status)
