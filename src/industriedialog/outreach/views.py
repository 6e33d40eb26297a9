"""Pages of the outreach app. Staff only, except the follow-ups, which a partner member
sees for its own organisation. Pages a user may not see answer 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from industriedialog.core.audit import audit_log
from industriedialog.core.permissions import is_staff_member
from industriedialog.web.service_calls import call_with_form, call_with_message

from . import charts, forms, selectors, services
from .models import TARGET_TRANSITIONS, CampaignTarget, Need, RiskFlag, TargetStatus
from .permissions import may_handle_follow_up, partner_organisation_id
from .taxonomy import NeedTopic

PAGE_SIZE = 50
# Needs listed in the taxonomy's order (field by field), not by their codes.
TOPIC_ORDER = Case(
    *(When(topic=topic, then=Value(index)) for index, topic in enumerate(NeedTopic.values)),
    default=Value(len(NeedTopic.values)),
    output_field=IntegerField(),
)


def _require_staff(request: HttpRequest) -> None:
    if not is_staff_member(request.user):
        raise Http404


def _posted_id(request: HttpRequest, name: str) -> int:
    """A posted primary key; anything but digits matches nothing (0)."""
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else 0


def _dashboard_context(user, campaign) -> dict:
    """The dashboard's figures and charts, kept per campaign in the shared cache in four
    parts, each until an outreach service changes it (selectors.dashboard_figures). Each
    part is kept rendered as well: the template work was most of a view's time
    (bench/outreach.py)."""
    from .early_warning import early_warning_list, require_early_warning_access

    require_early_warning_access(user)  # checked on every view, not only when computed
    reference = campaign.reference_day()

    def rendered(part: str, figures: dict) -> dict:
        html = render_to_string(
            f"outreach/_dashboard_{part}.html",
            {**figures, "campaign": campaign, "reference_day": reference},
        )
        return {**figures, f"{part}_html": html}

    return {
        **selectors.dashboard_figures(
            campaign,
            reference_day=reference,
            builders={
                selectors.FUNNEL: lambda: rendered("funnel", _funnel_figures(campaign)),
                selectors.NEEDS: lambda: rendered("needs", _need_figures(campaign)),
                selectors.RESPONSES: lambda: rendered(
                    "responses",
                    {
                        "responses": selectors.follow_up_response_times(
                            campaign=campaign, today=reference
                        )
                    },
                ),
                selectors.WARNINGS: lambda: rendered(
                    "warnings",
                    {
                        "warnings": early_warning_list(
                            user, campaign=campaign, limit=10, today=reference
                        )
                    },
                ),
            },
        ),
        "reference_day": reference,
    }


def _funnel_figures(campaign) -> dict:
    funnel = selectors.campaign_funnel(campaign)
    return {
        "funnel": funnel,
        "funnel_chart": charts.bar_chart_svg(
            labels=[label for label, _count, _share in funnel.steps()],
            values=[count for _label, count, _share in funnel.steps()],
            chart_id="trichter-diagramm",
            title=_("Trichter der Kampagne"),
            description=_(
                "Balkendiagramm: Unternehmen je Stufe; die Tabelle daneben nennt die Zahlen."
            ),
            value_label=_("Unternehmen"),
        ),
    }


def _need_figures(campaign) -> dict:
    by_field, coverage = selectors.campaign_need_figures(campaign)
    return {
        "needs_by_field": by_field,
        "needs_chart": charts.bar_chart_svg(
            labels=[row.label for row in by_field],
            values=[row.count for row in by_field],
            chart_id="bedarfe-diagramm",
            title=_("Bedarfe nach Handlungsfeld"),
            description=_(
                "Balkendiagramm: Bedarfe je Handlungsfeld; die Tabelle daneben nennt die Zahlen."
            ),
            value_label=_("Bedarfe"),
        ),
        "coverage": coverage,
    }


def campaign_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    return render(
        request,
        "outreach/campaign_list.html",
        {"campaigns": selectors.campaign_list(request.user)},
    )


def campaign_create(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    form = forms.CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        campaign = call_with_form(
            form,
            lambda: services.campaign_create(
                actor=request.user,
                initiative=form.cleaned_data["initiative"],
                data=form.campaign_data(),
                target_filter=form.target_filter(),
            ),
        )
        if campaign is not None:
            messages.success(
                request,
                _("Die Kampagne ist angelegt: %(count)s Zielunternehmen.")
                % {"count": campaign.targets.count()},
            )
            return redirect(campaign)
    return render(request, "outreach/campaign_form.html", {"form": form})


def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = selectors.campaign_get_for(request.user, slug=slug)
    return render(
        request,
        "outreach/campaign_detail.html",
        {"campaign": campaign, **_dashboard_context(request.user, campaign)},
    )


def target_list(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = selectors.campaign_get_for(request.user, slug=slug)
    if request.method == "POST":
        assign = forms.AssignForm(request.POST, campaign=campaign)
        if assign.is_valid():
            call_with_message(
                request,
                lambda: services.targets_assign(
                    actor=request.user,
                    targets=list(assign.cleaned_data["targets"]),
                    assignee=assign.cleaned_data["assignee"],
                ),
                _("Zuständigkeit gespeichert."),
            )
        else:
            for errors in assign.errors.values():
                for error in errors:
                    messages.error(request, str(error))
        return redirect(request.get_full_path())
    filters = forms.TargetFilterForm(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    assigned = cleaned.get("assigned_to")
    targets = selectors.target_list(
        request.user,
        campaign=campaign,
        status=cleaned.get("status", ""),
        interest=cleaned.get("interest", ""),
        assigned_to=int(assigned) if assigned not in (None, "") else None,
        query=cleaned.get("q", ""),
    )
    page = Paginator(targets, PAGE_SIZE).get_page(request.GET.get("seite"))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "outreach/target_list.html",
        {
            "campaign": campaign,
            "filters": filters,
            "page": page,
            "assign": forms.AssignForm(campaign=campaign),
            "query_string": query.urlencode(),
        },
    )


def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.target_get_for(request.user, pk=pk)
    update = forms.TargetUpdateForm(
        initial={
            "knew_dialogue": {True: "yes", False: "no", None: ""}[target.knew_dialogue],
            "interest": target.interest,
            "visit_planned_on": target.visit_planned_on,
        }
    )
    attempt = forms.ContactAttemptForm()
    signal = forms.SignalForm()
    follow_up = forms.FollowUpForm()
    action = request.POST.get("action") if request.method == "POST" else None
    done: object | None = None
    if action == "update":
        update = forms.TargetUpdateForm(request.POST)
        if update.is_valid():
            done = call_with_form(
                update,
                lambda: services.target_update(
                    actor=request.user, target=target, data=update.target_data()
                ),
            )
    elif action == "transition":
        transition = forms.TransitionForm(request.POST)
        if transition.is_valid():
            if call_with_message(
                request,
                lambda: services.target_transition(
                    actor=request.user,
                    target=target,
                    status=transition.cleaned_data["status"],
                    visit_planned_on=transition.cleaned_data["visit_planned_on"],
                ),
                _("Der Stand ist geändert."),
            ):
                return redirect(target)
        else:
            messages.error(request, _("Unbekannter Stand."))
    elif action == "attempt":
        attempt = forms.ContactAttemptForm(request.POST)
        if attempt.is_valid():
            done = call_with_form(
                attempt,
                lambda: services.contact_attempt_record(
                    actor=request.user, target=target, **attempt.cleaned_data
                ),
            )
    elif action == "signal":
        signal = forms.SignalForm(request.POST)
        if signal.is_valid():
            done = call_with_form(
                signal,
                lambda: services.risk_flag_record(
                    actor=request.user, organisation=target.organisation, **signal.cleaned_data
                ),
            )
    elif action == "resolve_signal":
        flag = RiskFlag.objects.filter(
            organisation=target.organisation, pk=_posted_id(request, "flag")
        ).first()
        if flag is None:
            raise Http404
        if call_with_message(
            request,
            lambda: services.risk_flag_resolve(
                actor=request.user, flag=flag, resolved_on=timezone.localdate()
            ),
            _("Das Signal ist als erledigt vermerkt."),
        ):
            return redirect(target)
    elif action == "follow_up":
        follow_up = forms.FollowUpForm(request.POST)
        if follow_up.is_valid():
            data = follow_up.cleaned_data
            done = call_with_form(
                follow_up,
                lambda: services.follow_up_create(
                    actor=request.user,
                    organisation=target.organisation,
                    target=target,
                    data=services.FollowUpInput(
                        partner=data["partner"],
                        title=data["title"],
                        request=data["request"],
                        due_on=data["due_on"],
                    ),
                ),
            )
    if done is not None:
        messages.success(request, _("Gespeichert."))
        return redirect(target)
    allowed = TARGET_TRANSITIONS[target.status]
    return render(
        request,
        "outreach/target_detail.html",
        {
            "target": target,
            "campaign": target.campaign,
            "transitions": [s for s in TargetStatus if s in allowed],
            "update": update,
            "attempt": attempt,
            "signal": signal,
            "follow_up": follow_up,
            "may_record_visit": target.status
            in (TargetStatus.CONTACTED, TargetStatus.VISIT_PLANNED, TargetStatus.VISITED),
            **selectors.target_history(target),
        },
        status=400 if action and done is None and request.method == "POST" else 200,
    )


def visit_create(request: HttpRequest, pk: int) -> HttpResponse:
    target = selectors.target_get_for(request.user, pk=pk)
    data = request.POST if request.method == "POST" else None
    visit_form = forms.VisitForm(data, initial={"interest": target.interest})
    needs = forms.NeedFormSet(data, prefix="bedarf")
    follow_ups = forms.FollowUpFormSet(data, prefix="wiedervorlage")
    signals = forms.SignalFormSet(data, prefix="signal")
    status = 200
    if request.method == "POST":
        valid = all(
            [visit_form.is_valid(), needs.is_valid(), follow_ups.is_valid(), signals.is_valid()]
        )
        if valid:
            visit = call_with_form(
                visit_form,
                lambda: services.visit_record(
                    actor=request.user,
                    target=target,
                    data=_visit_input(visit_form, needs, follow_ups, signals),
                ),
            )
            if visit is not None:
                messages.success(request, _("Der Besuchsbericht ist gespeichert."))
                return redirect(visit)
        status = 400
    return render(
        request,
        "outreach/visit_form.html",
        {
            "target": target,
            "campaign": target.campaign,
            "form": visit_form,
            "needs": needs,
            "follow_ups": follow_ups,
            "signals": signals,
        },
        status=status,
    )


def _visit_input(visit_form, needs, follow_ups, signals) -> services.VisitInput:
    data = visit_form.cleaned_data
    need_rows = [row.cleaned_data for row in needs if row.cleaned_data.get("topic")]
    # Need numbers on the form count all three rows; map them to the filled ones.
    filled_numbers = [
        index for index, row in enumerate(needs, start=1) if row.cleaned_data.get("topic")
    ]
    follow_up_inputs = []
    for row in follow_ups:
        values = row.cleaned_data
        if not values.get("partner"):
            continue
        number = values.get("need_number")
        follow_up_inputs.append(
            services.FollowUpInput(
                partner=values["partner"],
                title=values["title"],
                request=values["request"],
                due_on=values["due_on"],
                # A number whose row stayed empty is refused by the service (-1).
                need_index=(
                    filled_numbers.index(number)
                    if number in filled_numbers
                    else (-1 if number else None)
                ),
            )
        )
    return services.VisitInput(
        visited_on=data["visited_on"],
        notes=data["notes"],
        company_participants=data["company_participants"],
        staff_participants=list(data["staff_participants"]),
        knew_dialogue=forms._yes_no(data["knew_dialogue"]),
        interest=data["interest"],
        needs=[
            services.NeedInput(topic=row["topic"], description=row["description"])
            for row in need_rows
        ],
        follow_ups=follow_up_inputs,
        signals=[
            services.SignalInput(
                kind=row.cleaned_data["kind"],
                severity=row.cleaned_data["severity"],
                note=row.cleaned_data["note"],
            )
            for row in signals
            if row.cleaned_data.get("kind")
        ],
    )


def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.visit_get_for(request.user, pk=pk)
    # Visit notes are personal data: every reading is in the audit log.
    audit_log(actor=request.user, action="outreach.visit.view", obj=visit)
    campaign = visit.target.campaign
    return render(
        request,
        "outreach/visit_detail.html",
        {
            "visit": visit,
            "target": visit.target,
            "campaign": campaign,
            "retain_until": visit.retain_until(campaign.note_retention_months),
        },
    )


def follow_up_list(request: HttpRequest) -> HttpResponse:
    if not is_staff_member(request.user) and partner_organisation_id(request.user) is None:
        raise Http404
    filters = forms.FollowUpFilterForm(request.GET or None)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    page = Paginator(selectors.follow_up_list(request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("seite")
    )
    return render(
        request,
        "outreach/follow_up_list.html",
        {
            "page": page,
            "filters": filters,
            "is_staff": is_staff_member(request.user),
            "responses": selectors.follow_up_response_times()
            if is_staff_member(request.user)
            else [],
        },
    )


def follow_up_detail(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = selectors.follow_up_get_for(request.user, pk=pk)
    form = forms.AnswerForm(request.POST or None, initial={"answer": follow_up.answer})
    if (
        request.method == "POST"
        and may_handle_follow_up(request.user, follow_up)
        and form.is_valid()
    ):
        answer, close = form.cleaned_data["answer"], form.cleaned_data["close"]
        service = services.follow_up_close if close else services.follow_up_answer
        done = call_with_form(
            form, lambda: service(actor=request.user, follow_up=follow_up, answer=answer)
        )
        if done is not None:
            messages.success(request, _("Ihre Antwort ist gespeichert."))
            return redirect(done)
    return render(
        request,
        "outreach/follow_up_detail.html",
        {"follow_up": follow_up, "form": form, "is_staff": is_staff_member(request.user)},
        status=400 if request.method == "POST" else 200,
    )


def need_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The needs of a campaign with the coverage by measures; staff link measures here."""
    campaign = selectors.campaign_get_for(request.user, slug=slug)
    if request.method == "POST":
        need = Need.objects.filter(
            target__campaign=campaign, pk=_posted_id(request, "need")
        ).first()
        if need is None:
            raise Http404
        form = forms.NeedMeasuresForm(request.POST, initiative=campaign.initiative)
        if form.is_valid():
            call_with_message(
                request,
                lambda: services.need_link_measures(
                    actor=request.user, need=need, measures=form.cleaned_data["measures"]
                ),
                _("Die Maßnahmen des Bedarfs sind gespeichert."),
            )
        else:
            messages.error(request, _("Unbekannte Maßnahme."))
        return redirect(request.get_full_path())
    topic = request.GET.get("thema", "")
    uncovered = request.GET.get("ohne_massnahme") == "1"
    needs = (
        Need.objects.filter(target__campaign=campaign)
        .select_related("organisation")
        .prefetch_related("measures")
        .order_by(TOPIC_ORDER, "organisation__sort_key", "id")
    )
    if topic in NeedTopic.values:
        needs = needs.filter(topic=topic)
    if uncovered:
        needs = needs.filter(measures__isnull=True)
    page = Paginator(needs, PAGE_SIZE).get_page(request.GET.get("seite"))
    link_form = forms.NeedMeasuresForm(initiative=campaign.initiative)
    measure_field = forms.choice_field(link_form, "measures")
    return render(
        request,
        "outreach/need_list.html",
        {
            "campaign": campaign,
            "coverage": selectors.need_coverage(campaign=campaign),
            "page": page,
            "topic": topic,
            "uncovered": uncovered,
            "topics": NeedTopic.choices,
            "measure_choices": list(measure_field.queryset or []),
        },
    )


def my_targets(request: HttpRequest) -> HttpResponse:
    """The targets assigned to the signed-in staff member, across campaigns."""
    _require_staff(request)
    targets = (
        CampaignTarget.objects.filter(assigned_to_id=request.user.pk)
        .exclude(status__in=[TargetStatus.VISITED, TargetStatus.DECLINED])
        .select_related("campaign", "organisation")
        .order_by("visit_planned_on", "organisation__sort_key")
    )
    return render(request, "outreach/my_targets.html", {"targets": targets})
