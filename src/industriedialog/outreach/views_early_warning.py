"""The early-warning page (staff only, everyone else 404): the firms with active signals,
ranked by their risk score, each with the reasons that explain the number, filtered by
campaign, initiative and whether opportunities count. The rule is in early_warning.py and
docs/early-warning.md; the page explains it from the same constants.

A GET form (the filtered list can be bookmarked), 50 firms a page; nothing is written
here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from industriedialog.actors.models import EmployeeBand
from industriedialog.core.models import Initiative
from industriedialog.core.selectors import initiatives_visible_to
from industriedialog.measures.forms import IsoDateField

from . import early_warning as rule
from .models import Campaign, RiskKind, Severity
from .selectors import campaigns_visible_to

PAGE_SIZE = 50
EXAMPLE_AGE = dt.timedelta(days=90)  # the rule's example on the page (docs/early-warning.md)


class EarlyWarningFilterForm(forms.Form):
    kampagne = forms.ModelChoiceField(
        label=gettext_lazy("Kampagne"),
        queryset=Campaign.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("Alle Kampagnen"),
        help_text=gettext_lazy("Nur die Zielunternehmen dieser Kampagne."),
    )
    initiative = forms.ModelChoiceField(
        label=gettext_lazy("Initiative"),
        queryset=Initiative.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("Alle Initiativen"),
        help_text=gettext_lazy("Nur die Zielunternehmen der Kampagnen dieser Initiative."),
    )
    stichtag = IsoDateField(
        label=gettext_lazy("Stichtag"),
        required=False,
        help_text=gettext_lazy(
            "Bewertet die Signale, wie sie an diesem Tag standen. Leer: heute, bei einer "
            "beendeten Kampagne ihr Ende."
        ),
    )
    nur_risiken = forms.BooleanField(
        label=gettext_lazy("Nur Risikosignale (Chancen ausblenden)"),
        required=False,
        help_text=gettext_lazy(
            "Unternehmen, von denen nur Chancen wie eine Erweiterung bekannt sind, "
            "erscheinen dann nicht."
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        campaign_field = self.fields["kampagne"]
        initiative_field = self.fields["initiative"]
        assert isinstance(campaign_field, forms.ModelChoiceField)
        assert isinstance(initiative_field, forms.ModelChoiceField)
        campaign_field.queryset = campaigns_visible_to(user).order_by("-starts_on", "name")
        initiative_field.queryset = initiatives_visible_to(user).order_by("name")


def early_warning(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(rule.PERMISSION):
        raise Http404
    data = request.GET.copy()
    data.pop("seite", None)
    form = EarlyWarningFilterForm(data or None, user=request.user)
    filters: dict[str, Any] = {"campaign": None, "initiative": None, "include_opportunities": True}
    today = timezone.localdate()
    if form.is_bound and form.is_valid():
        filters = {
            "campaign": form.cleaned_data["kampagne"],
            "initiative": form.cleaned_data["initiative"],
            "include_opportunities": not form.cleaned_data["nur_risiken"],
        }
        if form.cleaned_data["stichtag"]:
            today = form.cleaned_data["stichtag"]
        elif filters["campaign"] is not None:
            today = filters["campaign"].reference_day(today)
    ranking: list[rule.RankedFirm] = []
    if not form.is_bound or form.is_valid():
        try:
            ranking = rule.early_warning_ranking(request.user, today=today, **filters)
        except PermissionDenied:
            raise Http404 from None
    # Only the firms of the page are spelled out with their reasons.
    page = Paginator(ranking, PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(
        request,
        "outreach/early_warning.html",
        {
            "form": form,
            "page": page,
            "query_string": data.urlencode(),
            "rows": rule.explain_all(page.object_list, today=today, first_rank=page.start_index()),
            "total": len(ranking),
            "today": today,
            "filtered": bool(filters["campaign"] or filters["initiative"])
            or not filters["include_opportunities"],
            "acute_count": sum(1 for firm in ranking if firm.level == rule.WarningLevel.ACUTE),
            "watch_count": sum(1 for firm in ranking if firm.level == rule.WarningLevel.WATCH),
            "weights": rule.rule_weights(),
            "example": rule.reason_for(
                rule.Signal(0, RiskKind.INSOLVENCY, Severity.MEDIUM, today - EXAMPLE_AGE),
                employee_band=EmployeeBand.MEDIUM,
                today=today,
            ),
            "size_factors": rule.rule_size_factors(),
            "half_life_days": rule.HALF_LIFE_DAYS,
            "acute_threshold": rule.ACUTE_THRESHOLD,
            "watch_threshold": rule.WATCH_THRESHOLD,
        },
    )
