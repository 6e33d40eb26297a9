"""Catalogue pages: the initiatives' catalogues grouped by field of action, a measure with
its timeline, the partner matrix, and the staff pages to edit one measure or the status
of many at once.

Thin: a selector finds what the user may see (404 otherwise), a form parses the input, a
service writes. What a user may not do answers 404 as well; a service's ValidationError
becomes a form error, its PermissionDenied a 404."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from industriedialog.actors.models import Organisation
from industriedialog.actors.selectors import organisations_visible_to
from industriedialog.core.models import Initiative
from industriedialog.core.permissions import is_staff_member
from industriedialog.core.selectors import initiative_get_for, initiatives_visible_to
from industriedialog.dialog.selectors import bodies_visible_to

from . import selectors, services
from .forms import (
    BulkFormSet,
    BulkHeaderForm,
    CatalogueFilterForm,
    MatrixFilterForm,
    MeasureForm,
    PartnerFormSet,
)
from .models import ActionField, Measure, Phase
from .selectors import FieldNode

CHANGE_PERMISSION = "measures.change_measure"

# The symbols of the catalogue (seed 004) and what they mean, for the legend.
PHASE_LEGEND = [
    (
        Phase.IMPLEMENTATION.value,
        Phase.IMPLEMENTATION.label,
        gettext_lazy("Die Maßnahme wird umgesetzt und fortlaufend auf ihre Wirksamkeit geprüft."),
    ),
    (
        Phase.CONCEPT.value,
        Phase.CONCEPT.label,
        gettext_lazy("Ausrichtung und Konzept entstehen gemeinsam mit den Beteiligten."),
    ),
    (
        Phase.IDEA.value,
        Phase.IDEA.label,
        gettext_lazy("Ansätze werden gesammelt und auf ihre Umsetzbarkeit geprüft."),
    ),
    (
        "flagship",
        gettext_lazy("Leuchtturmprojekt"),
        gettext_lazy("Schwerpunktthema mit herausragender Rolle; hier werden Kräfte gebündelt."),
    ),
    (Phase.COMPLETED.value, Phase.COMPLETED.label, gettext_lazy("Die Maßnahme ist umgesetzt.")),
    (
        Phase.DEFERRED.value,
        Phase.DEFERRED.label,
        gettext_lazy("Die Maßnahme ruht vorerst, zugunsten dringlicherer Vorhaben."),
    ),
]


# --- helpers -------------------------------------------------------------------------------


def _require_editor(request: HttpRequest) -> None:
    if not request.user.has_perm(CHANGE_PERMISSION):
        raise Http404


def _fields_of(initiative: Initiative) -> list[ActionField]:
    return list(ActionField.objects.filter(initiative=initiative).order_by("sort_key"))


def _partner_organisations(user: Any, initiative: Initiative) -> list[Organisation]:
    """The organisations the user may see that back a measure of the initiative the user
    may see: the choices of the partner filter and the columns of the matrix."""
    measures = selectors.measures_visible_to(user).filter(initiative=initiative)
    return list(
        organisations_visible_to(user)
        .filter(measure_partnerships__measure__in=measures.values("pk"))
        .distinct()
        .order_by("sort_key", "id")
    )


def _attach_visible_partners(measures: Iterable[Measure], visible_ids: set[int]) -> None:
    """`measure.visible_partners`: the prefetched partners the user may see (a company
    that is not public in the register stays hidden on public pages as well)."""
    for measure in measures:
        partners = [p for p in measure.partners.all() if p.organisation_id in visible_ids]
        measure.visible_partners = partners  # type: ignore[attr-defined]


def _walk(nodes: list[FieldNode]) -> Iterable[FieldNode]:
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _query_string(request: HttpRequest) -> str:
    """The filters as given, for links that keep them (the matrix export)."""
    return request.GET.urlencode()


def _apply_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in field_messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


# --- public pages --------------------------------------------------------------------------


def catalogue_index(request: HttpRequest) -> HttpResponse:
    initiatives = list(initiatives_visible_to(request.user))
    counts = dict(
        selectors.measures_visible_to(request.user)
        .order_by()
        .values_list("initiative")
        .annotate(total=Count("pk"))
    )
    return render(
        request,
        "measures/catalogue_index.html",
        {
            "rows": [(initiative, counts.get(initiative.pk, 0)) for initiative in initiatives],
            "may_edit": request.user.has_perm(CHANGE_PERMISSION),
        },
    )


def catalogue(request: HttpRequest, initiative: str) -> HttpResponse:
    current = initiative_get_for(request.user, slug=initiative)
    partners = _partner_organisations(request.user, current)
    form = CatalogueFilterForm(request.GET or None, fields=_fields_of(current), partners=partners)
    filters = form.filters
    measures = selectors.measure_list(request.user, initiative=current, **filters)
    tree = selectors.catalogue(request.user, current, measures)
    all_measures = [measure for node in _walk(tree) for measure in node.measures]
    _attach_visible_partners(all_measures, {organisation.pk for organisation in partners})
    return render(
        request,
        "measures/catalogue.html",
        {
            "initiative": current,
            "form": form,
            "tree": tree,
            "total": len(all_measures),
            "is_filtered": any(value not in ("", None) for value in filters.values()),
            "phase_legend": PHASE_LEGEND,
            "may_edit": request.user.has_perm(CHANGE_PERMISSION),
        },
    )


def measure_detail(request: HttpRequest, external_id: str) -> HttpResponse:
    measure = selectors.measure_get_for(request.user, external_id=external_id)
    visible_organisations = set(
        organisations_visible_to(request.user)
        .filter(measure_partnerships__measure=measure)
        .values_list("pk", flat=True)
    )
    _attach_visible_partners([measure], visible_organisations)
    body = measure.responsible_body
    body_visible = body is not None and bodies_visible_to(request.user).filter(pk=body.pk).exists()
    visible = selectors.measures_visible_to(request.user)
    is_staff = is_staff_member(request.user)
    return render(
        request,
        "measures/measure_detail.html",
        {
            "measure": measure,
            "initiative": measure.initiative,
            "body_visible": body_visible,
            "depends_on": list(visible.filter(dependents=measure).order_by("sort_key", "id")),
            "dependents": list(visible.filter(depends_on=measure).order_by("sort_key", "id")),
            "timeline": _timeline(measure.updates.all(), show_author=is_staff),
            "show_internal": is_staff,
            "may_edit": request.user.has_perm(CHANGE_PERMISSION),
        },
    )


def _timeline(updates: Iterable, *, show_author: bool) -> list[dict[str, Any]]:
    """The timeline entries with readable names of the changed text fields; the author
    only for staff (the public sees what changed, not who typed it)."""
    labels = {
        field.name: field.verbose_name
        for field in Measure._meta.get_fields()
        if hasattr(field, "verbose_name")
    }
    entries = []
    for update in updates:
        texts = [
            str(labels[name])
            for name in update.changed_fields
            if name not in ("phase", "progress", "created") and name in labels
        ]
        entries.append(
            {
                "update": update,
                "created": "created" in update.changed_fields,
                "text_fields": texts,
                "author": (update.author.get_full_name() or update.author.email)
                if show_author and update.author
                else "",
            }
        )
    return entries


def partner_matrix(request: HttpRequest, initiative: str) -> HttpResponse:
    current = initiative_get_for(request.user, slug=initiative)
    form = MatrixFilterForm(request.GET or None, fields=_fields_of(current))
    filters = form.filters
    organisations = _partner_organisations(request.user, current)
    if filters["organisation_kind"]:
        organisations = [o for o in organisations if o.kind == filters["organisation_kind"]]
    column_ids = {organisation.pk for organisation in organisations}
    measures = list(
        selectors.measure_list(
            request.user, initiative=current, phase=filters["phase"], field=filters["field"]
        )
    )
    rows: list[dict[str, Any]] = []
    without_partner = 0
    counts = dict.fromkeys(column_ids, 0)
    for measure in measures:
        roles = {
            partner.organisation_id: partner
            for partner in measure.partners.all()
            if partner.organisation_id in column_ids
        }
        if not roles:
            without_partner += 1
            continue
        for organisation_id in roles:
            counts[organisation_id] += 1
        rows.append(
            {
                "measure": measure,
                "cells": [roles.get(organisation.pk) for organisation in organisations],
            }
        )
    # Only organisations that back a listed measure make a column.
    used = [index for index, organisation in enumerate(organisations) if counts[organisation.pk]]
    organisations = [organisations[index] for index in used]
    for row in rows:
        row["cells"] = [row["cells"][index] for index in used]
    return render(
        request,
        "measures/partner_matrix.html",
        {
            "initiative": current,
            "form": form,
            "organisations": [
                (organisation, counts[organisation.pk]) for organisation in organisations
            ],
            "rows": rows,
            "without_partner": without_partner,
            "phase_legend": PHASE_LEGEND,
            "query_string": _query_string(request),
        },
    )


# --- staff: one measure --------------------------------------------------------------------


def measure_update(request: HttpRequest, external_id: str) -> HttpResponse:
    _require_editor(request)
    measure = selectors.measure_get_for(request.user, external_id=external_id)
    organisations = Organisation.objects.order_by("sort_key", "id")
    current_partners = [
        {"organisation": partner.organisation, "role": partner.role}
        for partner in measure.partners.all()
    ]
    data = request.POST if request.method == "POST" else None
    form = MeasureForm(
        data,
        instance=Measure.objects.get(pk=measure.pk),
        bodies=bodies_visible_to(request.user)
        .filter(initiative=measure.initiative_id)
        .order_by("order", "name"),
    )
    partner_forms = PartnerFormSet(
        data,
        prefix="partner",
        initial=current_partners,
        form_kwargs={"organisations": organisations},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and partner_forms.is_valid()
        and _save_measure(request, measure, form, partner_forms, current_partners)
    ):
        messages.success(request, _("Die Änderungen wurden gespeichert."))
        return redirect(measure.get_absolute_url())
    return render(
        request,
        "measures/measure_form.html",
        {
            "measure": measure,
            "initiative": measure.initiative,
            "form": form,
            "partner_forms": partner_forms,
            "has_errors": bool(
                form.errors or partner_forms.non_form_errors() or any(partner_forms.errors)
            ),
        },
    )


def _save_measure(
    request: HttpRequest,
    measure: Measure,
    form: MeasureForm,
    partner_forms,
    current_partners: list[dict[str, Any]],
) -> bool:
    """Fields, partners and dependencies in one transaction: a refused dependency (a
    cycle) leaves the measure as it was."""
    partners = partner_forms.partners()
    old_partners = {(p["organisation"].pk, p["role"]) for p in current_partners}
    try:
        with transaction.atomic():
            updated = services.measure_update(
                actor=request.user,
                measure=measure,
                data=form.measure_data(),
                note=form.cleaned_data["note"],
                date=form.cleaned_data["date"],
            )
            if {(organisation.pk, role) for organisation, role in partners} != old_partners:
                services.measure_set_partners(
                    actor=request.user, measure=updated, partners=partners
                )
            if "depends_on" in form.changed_data:
                try:
                    services.measure_set_dependencies(
                        actor=request.user,
                        measure=updated,
                        depends_on=form.cleaned_data["depends_on"],
                    )
                except ValidationError as error:
                    form.add_error("depends_on", error)
                    raise
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        if not form.errors:
            _apply_service_errors(form, error)
        return False
    return True


# --- staff: status of many measures --------------------------------------------------------


def bulk_update_index(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    initiatives = list(initiatives_visible_to(request.user))
    counts = dict(Measure.objects.order_by().values_list("initiative").annotate(total=Count("pk")))
    return render(
        request,
        "measures/bulk_update_index.html",
        {
            "rows": [(initiative, counts.get(initiative.pk, 0)) for initiative in initiatives],
        },
    )


def bulk_update(request: HttpRequest, initiative: str) -> HttpResponse:
    _require_editor(request)
    current = initiative_get_for(request.user, slug=initiative)
    measures = list(
        selectors.measures_visible_to(request.user)
        .filter(initiative=current)
        .order_by("field__sort_key", "sort_key", "id")
    )
    data = request.POST if request.method == "POST" else None
    header = BulkHeaderForm(data, prefix="stand")
    formset = BulkFormSet(data, measures=measures, prefix="zeile")  # type: ignore[call-arg]
    if request.method == "POST":
        header_valid = header.is_valid()
        if formset.is_valid() and header_valid:
            written = _save_bulk(request, current, header, formset)
            if written is not None:
                if written:
                    messages.success(
                        request,
                        ngettext(
                            "Der Sachstand einer Maßnahme wurde gespeichert.",
                            "Der Sachstand von %(count)s Maßnahmen wurde gespeichert.",
                            written,
                        )
                        % {"count": written},
                    )
                else:
                    messages.info(
                        request, _("Sie haben nichts geändert; es wurde nichts gespeichert.")
                    )
                return redirect("measures:bulk_update", initiative=current.slug)
    error_rows = [form for form in formset.forms if form.errors]
    return render(
        request,
        "measures/bulk_update.html",
        {
            "initiative": current,
            "header": header,
            "formset": formset,
            "groups": _bulk_groups(formset),
            "error_rows": error_rows,
            "has_errors": bool(error_rows or header.errors or formset.non_form_errors()),
        },
    )


def _bulk_groups(formset) -> list[tuple[ActionField | None, list]]:
    """The row forms grouped by field of action, in the order of the table."""
    groups: list[tuple[ActionField | None, list]] = []
    for form in formset.forms:
        field = form.measure.field if form.measure else None
        if not groups or groups[-1][0] != field:
            groups.append((field, []))
        groups[-1][1].append(form)
    return groups


def _save_bulk(
    request: HttpRequest, initiative: Initiative, header: BulkHeaderForm, formset
) -> int | None:
    """Write the changed rows, all or nothing. Returns how many were written, or None
    when a row has an error (then nothing was written)."""
    changed = [form for form in formset.forms if form.has_changed()]
    for form in changed:
        if form.changed_meanwhile():
            form.mark_conflict(
                _(
                    "Jemand hat diese Maßnahme inzwischen geändert (jetzt: %(phase)s, "
                    "%(progress)s %%). Bitte prüfen Sie Ihre Eingabe und speichern Sie erneut."
                )
                % {"phase": form.measure.get_phase_display(), "progress": form.measure.progress}
            )
    if any(form.conflict for form in changed):
        return None
    rows = [
        services.BulkRow(
            measure_id=form.measure.pk,
            phase=form.cleaned_data["phase"],
            progress=form.cleaned_data["progress"],
            note=form.cleaned_data["note"],
        )
        for form in changed
    ]
    if not rows:
        return 0
    try:
        services.measures_bulk_update(
            actor=request.user, initiative=initiative, rows=rows, date=header.cleaned_data["date"]
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        by_measure = {str(form.measure.pk): form for form in changed}
        for key, row_messages in error.message_dict.items():
            form = by_measure.get(key)
            for message in row_messages:
                if form is not None:
                    form.add_error(None, message)
                else:
                    formset.non_form_errors().append(message)
        return None
    return len(rows)
