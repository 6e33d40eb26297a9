"""Register pages: list with filters and search, detail, staff create/edit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from industriedialog.core import search

from . import services
from .forms import OrganisationFilterForm, OrganisationForm
from .models import Organisation
from .selectors import (
    may_see_private_fields,
    municipality_choices,
    organisation_get_for,
    organisations_visible_to,
    people_visible_for,
)
from .selectors import (
    organisation_list as select_organisations,
)

PAGE_SIZE = 25


def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(
        request.GET or None, municipalities=municipality_choices(request.user)
    )
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = select_organisations(
        request.user,
        kind=filters.get("kind", ""),
        sector=filters.get("sector", ""),
        employee_band=filters.get("employee_band", ""),
        municipality_key=filters.get("municipality_key", ""),
        training=filters.get("training", ""),
    ).select_related("parent")
    # Counted exactly up to search.MAX_COUNT hits, then "more than" (docs/search.md).
    results = search.results(queryset, filters.get("q", ""))
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("seite"))
    query_string = request.GET.copy()
    query_string.pop("seite", None)
    template = (
        "actors/_organisation_results.html"
        if getattr(request, "htmx", False)
        else "actors/organisation_list.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "count_is_exact": results.count_is_exact,
            "query_string": query_string.urlencode(),
            "may_edit": request.user.has_perm("actors.add_organisation"),
            "export_query": query_string.urlencode(),
        },
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_get_for(request.user, slug=slug)
    children = organisations_visible_to(request.user).filter(parent=organisation)
    return render(
        request,
        "actors/organisation_detail.html",
        {
            "organisation": organisation,
            "children": children,
            "affiliations": people_visible_for(request.user, organisation),
            "show_private": may_see_private_fields(request.user, organisation),
            "may_edit": request.user.has_perm("actors.change_organisation", organisation),
        },
    )


def _form_to_data(form: OrganisationForm) -> dict:
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


def _apply_service_errors(form: OrganisationForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages_:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def organisation_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("actors.add_organisation"):
        raise Http404
    form = OrganisationForm(request.POST or None, instance=Organisation())
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                actor=request.user, data=_form_to_data(form)
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Die Organisation „%(name)s“ wurde angelegt.") % {"name": organisation.name},
            )
            return redirect(organisation.get_absolute_url())
    return render(request, "actors/organisation_form.html", {"form": form, "organisation": None})


def organisation_update(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_get_for(request.user, slug=slug)
    if not request.user.has_perm("actors.change_organisation", organisation):
        raise Http404
    form = OrganisationForm(
        request.POST or None, instance=Organisation.objects.get(pk=organisation.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_update(
                actor=request.user, organisation=organisation, data=_form_to_data(form)
            )
        except ValidationError as error:
            _apply_service_errors(form, error)
        else:
            messages.success(request, _("Die Änderungen wurden gespeichert."))
            return redirect(organisation.get_absolute_url())
    return render(
        request, "actors/organisation_form.html", {"form": form, "organisation": organisation}
    )
