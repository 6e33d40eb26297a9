"""The staff import of the register: upload, preview (a dry run of every row), confirmation.

Stateless between the steps: the preview sends the uploaded file back signed
(`importing.sign_upload`), so any worker can run the confirmation, and the confirmation
plans the import again from those bytes before running it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import importing

TEMPLATE = "actors/organisation_import.html"
# Room for the CSRF token and the form encoding next to the signed file.
CONFIRM_FORM_OVERHEAD_BYTES = 64 * 1024


class OrganisationImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Datei"),
        help_text=gettext_lazy(
            "CSV-Datei (Trennzeichen „;“ oder „,“) oder Excel-Datei (.xlsx), "
            "höchstens 5 MB, mit den Spalten des Exports."
        ),
        allow_empty_file=True,  # parse_upload explains an empty file itself
        error_messages={"required": gettext_lazy("Bitte wählen Sie eine Datei aus.")},
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(importing.ALLOWED_EXTENSIONS):
            raise forms.ValidationError(
                _("Bitte laden Sie eine CSV- oder Excel-Datei (.csv oder .xlsx) hoch."),
                code="file_type",
            )
        if upload.size > importing.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Die Datei ist %(size)s groß. Erlaubt sind höchstens 5 MB.")
                % {"size": filesizeformat(upload.size)},
                code="file_size",
            )
        return upload


def organisation_import_view(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("actors.import_organisation"):
        raise Http404
    if request.method == "GET":
        return _render(request, OrganisationImportForm())
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    if "payload" in request.POST:
        return _confirm(request)
    return _preview(request)


def _preview(request: HttpRequest) -> HttpResponse:
    form = OrganisationImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, form)
    upload = form.cleaned_data["file"]
    content = upload.read()
    try:
        plan = importing.plan_import(importing.parse_upload(upload.name, content))
    except importing.ImportFileError as error:
        form.add_error("file", error.message)
        return _render(request, form)
    return _render(
        request, OrganisationImportForm(), plan=plan, file_name=upload.name, content=content
    )


def _confirm(request: HttpRequest) -> HttpResponse:
    try:
        upload = importing.unsign_upload(request.POST["payload"], user_id=request.user.pk)
        plan = importing.plan_import(importing.parse_upload(upload.name, upload.content))
    except importing.ImportFileError as error:
        return _render(request, OrganisationImportForm(), alert=error.message, status=400)
    if plan.has_errors or not plan.has_work or plan.is_too_large:
        return _render(request, OrganisationImportForm(), plan=plan, file_name=upload.name)
    if plan.digest != upload.plan_digest:
        return _render(
            request,
            OrganisationImportForm(),
            plan=plan,
            file_name=upload.name,
            content=upload.content,
            notice=_(
                "Das Register hat sich seit der Vorschau geändert. Bitte "
                "prüfen Sie die aktualisierte Vorschau und bestätigen Sie "
                "erneut."
            ),
        )
    try:
        result = importing.run_import(actor=request.user, plan=plan, source_name=upload.name)
    except importing.ImportAborted as aborted:
        return _render(
            request,
            OrganisationImportForm(),
            plan=plan,
            file_name=upload.name,
            aborted_errors=aborted.errors,
        )
    messages.success(request, _success_message(result))
    return redirect("actors:organisation_list")


def _success_message(result: importing.ImportResult) -> str:
    total = result.created + result.updated
    text = ngettext(
        "%(count)s Organisation importiert: %(created)s neu, %(updated)s geändert.",
        "%(count)s Organisationen importiert: %(created)s neu, %(updated)s geändert.",
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
    form: OrganisationImportForm,
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
            "Die Datei würde mehr als %(limit)s Organisationen anlegen oder ändern. Bitte "
            "teilen Sie sie in kleinere Dateien auf."
        ) % {"limit": number_format(importing.MAX_WRITES_PER_IMPORT, force_grouping=True)}
    elif plan is not None and content is not None and plan.has_work and not plan.has_errors:
        payload = importing.sign_upload(
            name=file_name, content=content, user_id=request.user.pk, plan_digest=plan.digest
        )
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and len(payload) + CONFIRM_FORM_OVERHEAD_BYTES > limit:
            payload = ""
            alert = _(
                "Die Datei ist zu groß, um sie nach der Vorschau zu bestätigen. Bitte "
                "teilen Sie sie in kleinere Dateien auf."
            )
    context: dict[str, Any] = {
        "form": form,
        "plan": plan,
        "file_name": file_name,
        "payload": payload,
        "alert": alert,
        "notice": notice,
        "aborted_errors": aborted_errors or [],
    }
    return render(request, TEMPLATE, context, status=status)
