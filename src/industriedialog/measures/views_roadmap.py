"""The roadmap pages (staff only, everyone else 404): the list of initiatives, and per
initiative the planner – options, the capacity per quarter, the computed plan as a Gantt
chart with its tables, and accepting it as the measures' planned dates.

Computing a plan writes nothing, so it is a GET form (the URL can be bookmarked); saving
capacities and accepting a plan are POSTs that redirect back to the same plan."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from industriedialog.core.selectors import initiative_get_for, initiatives_visible_to

from . import gantt, planning
from .models import Measure, Phase
from .planning import Quarter

FIRST_YEAR_OFFSET = -1  # the start quarter can be chosen from last year …
LAST_YEAR_OFFSET = 6  # … to six years ahead


PLAN_PERMISSION = "measures.plan_roadmap"  # staff (rules.py)


def _require_staff(request: HttpRequest) -> None:
    if not request.user.has_perm(PLAN_PERMISSION):
        raise Http404


def _start_choices() -> list[tuple[str, str]]:
    year = timezone.localdate().year
    return [
        (str(q), str(q))
        for q in planning.quarter_range(
            Quarter(year + FIRST_YEAR_OFFSET, 1), 4 * (LAST_YEAR_OFFSET - FIRST_YEAR_OFFSET + 1)
        )
    ]


class OptionsForm(forms.Form):
    beginn = forms.ChoiceField(label=gettext_lazy("Erstes Quartal"))
    quartale = forms.IntegerField(
        label=gettext_lazy("Anzahl der Quartale"),
        min_value=1,
        max_value=planning.MAX_QUARTERS,
        help_text=gettext_lazy("1 bis 40 Quartale, also bis zu zehn Jahre."),
    )
    alle = forms.BooleanField(
        label=gettext_lazy("Alle Maßnahmen müssen eingeplant werden"),
        required=False,
        help_text=gettext_lazy(
            "Ohne diese Option bleiben Maßnahmen, die keinen Platz finden, "
            "mit Begründung ungeplant."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["beginn"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _start_choices()

    @property
    def start(self) -> Quarter:
        return Quarter.parse(self.cleaned_data["beginn"])


class CapacityForm(forms.Form):
    """One person-days field per quarter; an empty field leaves the quarter unrecorded."""

    def __init__(
        self,
        *args: Any,
        quarters: Sequence[Quarter],
        recorded: Sequence[Decimal | None],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.quarters = list(quarters)
        for quarter, value in zip(quarters, recorded, strict=True):
            self.fields[self.name_for(quarter)] = forms.DecimalField(
                label=_("Kapazität %(quarter)s (Personaltage)") % {"quarter": quarter},
                required=False,
                min_value=Decimal("0"),
                max_digits=7,
                decimal_places=1,
                initial=value,
                localize=True,
            )

    @staticmethod
    def name_for(quarter: Quarter) -> str:
        return f"kapazitaet-{quarter.year}-{quarter.quarter}"

    def rows(self) -> list[tuple[Quarter, forms.BoundField, str]]:
        """Quarter, field and the value to show: as typed, or the stored one in German
        notation ("60" or "12,5")."""
        rows = []
        for quarter in self.quarters:
            field = self[self.name_for(quarter)]
            if self.is_bound:
                value = str(field.data or "")
            else:
                value = floatformat(field.initial, "-1") if field.initial is not None else ""
            rows.append((quarter, field, value))
        return rows

    def values(self) -> list[tuple[Quarter, Decimal]]:
        return [
            (quarter, self.cleaned_data[self.name_for(quarter)])
            for quarter in self.quarters
            if self.cleaned_data.get(self.name_for(quarter)) is not None
        ]


def roadmap_index(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    open_phases = Q(measures__phase__in=[Phase.IDEA, Phase.CONCEPT, Phase.IMPLEMENTATION])
    initiatives = initiatives_visible_to(request.user).annotate(
        open_measures=Count("measures", filter=open_phases)
    )
    return render(request, "measures/roadmap_index.html", {"initiatives": initiatives})


def _options(request: HttpRequest) -> tuple[OptionsForm, bool]:
    """The options from the query string (or the defaults); True when a plan is asked for."""
    asked = "beginn" in request.GET
    defaults = {"beginn": str(planning.default_start()), "quartale": planning.DEFAULT_QUARTERS}
    # Without a query the form is bound to the defaults, so that it validates as well.
    return OptionsForm(request.GET if asked else defaults), asked


def _query(start: Quarter, count: int, require_all: bool) -> str:
    data = {"beginn": str(start), "quartale": count}
    if require_all:
        data["alle"] = "on"
    return urlencode(data)


def roadmap(request: HttpRequest, initiative: str) -> HttpResponse:
    _require_staff(request)
    current = initiative_get_for(request.user, slug=initiative)
    options, asked = _options(request)
    valid = options.is_valid()
    start = options.start if valid else planning.default_start()
    count = options.cleaned_data["quartale"] if valid else planning.DEFAULT_QUARTERS
    require_all = bool(options.cleaned_data.get("alle")) if valid else False
    quarters = planning.quarter_range(start, count)
    page_url = reverse("measures:roadmap", args=[current.slug])
    back = f"{page_url}?{_query(start, count, require_all)}"
    capacity_form = CapacityForm(
        request.POST if request.POST.get("aktion") == "kapazitaet" else None,
        quarters=quarters,
        recorded=planning.capacities_for(current, quarters),
    )
    accept_error = ""
    if request.method == "POST":
        action = request.POST.get("aktion")
        if action == "kapazitaet" and capacity_form.is_valid():
            try:
                planning.capacity_save(
                    actor=request.user, initiative=current, values=capacity_form.values()
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                capacity_form.add_error(None, error)
            else:
                messages.success(request, _("Die Kapazität wurde gespeichert."))
                return redirect(back + "#kapazitaet")
        elif action == "uebernehmen":
            try:
                rows, expected = planning.accepted_rows(current, request.POST.get("plan", ""))
                changed = planning.roadmap_accept(
                    actor=request.user,
                    initiative=current,
                    plan=rows,
                    expected_fingerprint=expected,
                    note=request.POST.get("notiz", "")[:500],
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                accept_error = " ".join(error.messages)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Der Plan wurde übernommen: %(count)s Maßnahme hat neue geplante Termine.",
                        "Der Plan wurde übernommen: %(count)s Maßnahmen haben neue geplante "
                        "Termine.",
                        len(changed),
                    )
                    % {"count": len(changed)},
                )
                return redirect(back + "#ergebnis")
        elif action not in ("kapazitaet", "uebernehmen"):
            raise Http404
    plan = None
    if (asked and valid) or accept_error:
        plan = planning.roadmap_plan(
            request.user, initiative=current, start=start, count=count, require_all=require_all
        )
    context = {
        "initiative": current,
        "options": options,
        "capacity_form": capacity_form,
        "quarters": quarters,
        "plan": plan,
        "accept_error": accept_error,
        "open_measures": Measure.objects.filter(initiative=current)
        .exclude(phase__in=[Phase.COMPLETED, Phase.DEFERRED])
        .count(),
        "start": start,
        "count": count,
        "require_all": require_all,
    }
    if plan is not None:
        context.update(
            {
                "chart": gantt.render(plan),
                "load_rows": [
                    {
                        "quarter": q,
                        "capacity": c,
                        "load": load,
                        "free": float(c) - load,
                        "is_missing": q in plan.missing_capacity,
                    }
                    for q, c, load in zip(plan.quarters, plan.capacities, plan.load, strict=True)
                ],
                "changes": plan.changes,
                "gap_percent": plan.gap * 100,
                "signed_plan": plan.signed() if plan.is_feasible and plan.changes else "",
            }
        )
    return render(request, "measures/roadmap.html", context)
