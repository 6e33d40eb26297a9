"""The economic structure page ("Gesamtbetrachtung der lokalen Wirtschaftsstruktur"; staff
only, everyone else 404): firms, employment and training companies by WZ section, the
concentration of employment (CR5, HHI), two bar charts with the table of their figures,
and the table as CSV or XLSX (`?format=csv|xlsx`, with the same filter).

A GET form (the view can be bookmarked); nothing is written here. The figures come from
structure.py, their layout from structure_report.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from industriedialog.actors.models import EmployeeBand, OrganisationKind
from industriedialog.actors.selectors import municipality_choices
from industriedialog.core.permissions import is_staff_member
from industriedialog.core.tabular import CONTENT_TYPES

from . import structure_report
from .structure import (
    BAND_ESTIMATES,
    HHI_HIGH,
    HHI_MODERATE,
    INDUSTRY_SECTIONS,
)
from .structure import (
    economic_structure as compute_structure,
)

TEMPLATE = "outreach/economic_structure.html"
FORMATS = ("csv", "xlsx")


class StructureFilterForm(forms.Form):
    gemeinde = forms.ChoiceField(
        label=gettext_lazy("Gemeinde"),
        error_messages={"required": gettext_lazy("Bitte wählen Sie eine Gemeinde aus.")},
        help_text=gettext_lazy("Die Gemeinde nach ihrem amtlichen Gemeindeschlüssel (AGS)."),
    )
    nur_industrie = forms.BooleanField(
        label=gettext_lazy("Nur Industrie (WZ-Abschnitte B–E)"),
        required=False,
        help_text=gettext_lazy(
            "Bergbau, Verarbeitendes Gewerbe, Energie- und Wasserversorgung, Entsorgung."
        ),
    )

    def __init__(self, data: Any = None, *, user: Any) -> None:
        if data is not None and not data.get("gemeinde"):
            data = data.copy()  # a link with the other filters only: the platform's city
            data["gemeinde"] = settings.PLATFORM_MUNICIPALITY_KEY
        super().__init__(data)
        default = settings.PLATFORM_MUNICIPALITY_KEY
        self.places = dict(municipality_choices(user, kind=OrganisationKind.COMPANY))
        self.places.setdefault(default, f"{settings.PLATFORM_CITY} ({default})")
        ordered: list[tuple[str, str]] = sorted(self.places.items(), key=lambda item: item[1])
        field = self.fields["gemeinde"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = ordered
        field.initial = default

    def selection(self) -> tuple[str, bool]:
        """(municipality key, industry only) of a valid form, else the defaults."""
        default = settings.PLATFORM_MUNICIPALITY_KEY
        if not self.is_bound or not self.is_valid():
            return default, False
        return self.cleaned_data["gemeinde"], self.cleaned_data["nur_industrie"]

    def place(self, key: str) -> str:
        return self.places.get(key, key)


def economic_structure(request: HttpRequest) -> HttpResponse:
    if not is_staff_member(request.user):
        raise Http404
    form = StructureFilterForm(request.GET or None, user=request.user)
    municipality_key, industry_only = form.selection()
    structure = compute_structure(
        request.user,
        municipality_key=municipality_key,
        sections=INDUSTRY_SECTIONS if industry_only else None,
    )
    file_format = request.GET.get("format", "")
    if file_format:
        if file_format not in FORMATS:
            raise Http404
        body = (
            structure_report.to_csv(structure)
            if file_format == "csv"
            else structure_report.to_xlsx(structure)
        )
        response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
        name = f"wirtschaftsstruktur-{municipality_key}{'-industrie' if industry_only else ''}"
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{file_format}"'
        return response
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        TEMPLATE,
        {
            "form": form,
            "place": form.place(municipality_key),
            "industry_only": industry_only,
            "filter_query": query.urlencode(),
            "band_estimates": [
                (label, BAND_ESTIMATES[band])
                for band, label in EmployeeBand.choices
                if band in BAND_ESTIMATES
            ],
            "hhi_moderate": HHI_MODERATE,
            "hhi_high": HHI_HIGH,
            **structure_report.as_context(structure),
        },
    )
