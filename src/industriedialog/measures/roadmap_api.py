"""API of the roadmap planner: `POST /api/v1/roadmap/plan` computes a plan (writes nothing).

Staff only. Without a token 401; an initiative the caller may not see answers 404;
everyone else who is not staff gets 403. Bad input answers 422 with German messages (the
API's handlers)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import AuthenticationError

from industriedialog.core.permissions import is_staff_member
from industriedialog.core.selectors import initiative_get_for

from . import planning

router = Router(tags=["Roadmap"])


class PlanIn(Schema):
    initiative: str = Field(
        ...,
        min_length=1,
        max_length=80,
        pattern=r"^[-a-zA-Z0-9_]+$",
        description="Kürzel der Initiative, z. B. aachener-industrie-dialog",
    )
    start_year: int = Field(..., ge=2000, le=2100, description="Jahr des ersten Quartals")
    start_quarter: int = Field(..., ge=1, le=4, description="erstes Quartal (1–4)")
    quarters: int = Field(
        planning.DEFAULT_QUARTERS, ge=1, le=planning.MAX_QUARTERS, description="Anzahl der Quartale"
    )
    capacities: list[Annotated[Decimal, Field(ge=0, le=100000, decimal_places=1)]] | None = Field(
        None,
        description="Personaltage je Quartal, eine Zahl je Quartal; ohne Angabe die "
        "erfasste Kapazität (0, wo keine erfasst ist)",
    )
    require_all: bool = Field(False, description="alle Maßnahmen müssen eingeplant werden")


class ScheduledOut(Schema):
    id: int
    external_id: str
    title: str
    number: str
    start: str = Field(..., description="erstes Quartal, z. B. 2026-Q3")
    end: str = Field(..., description="letztes Quartal (einschließlich)")
    effort_person_days: float
    duration_quarters: int
    is_flagship: bool
    is_pinned: bool


class UnscheduledOut(Schema):
    id: int
    external_id: str
    title: str
    reason: str


class QuarterLoadOut(Schema):
    quarter: str
    capacity: float
    load: float


class PlanOut(Schema):
    status: str = Field(..., description="optimal, infeasible oder time_limit")
    initiative: str
    quarters: list[QuarterLoadOut]
    schedule: list[ScheduledOut]
    unscheduled: list[UnscheduledOut]
    problems: list[str]
    missing_capacity: list[str] = Field(..., description="Quartale ohne erfasste Kapazität")
    objective: float
    bound: float
    gap: float
    solve_seconds: float
    solver: str


def plan_data(plan: planning.RoadmapPlan) -> dict:
    return {
        "status": plan.status,
        "initiative": plan.initiative.slug,
        "quarters": [
            {"quarter": str(q), "capacity": float(c), "load": float(load)}
            for q, c, load in zip(plan.quarters, plan.capacities, plan.load, strict=True)
        ],
        "schedule": [
            {
                "id": row.measure.pk,
                "external_id": row.measure.external_id,
                "title": row.measure.title,
                "number": row.measure.number,
                "start": str(row.start),
                "end": str(row.end),
                "effort_person_days": float(row.effort),
                "duration_quarters": row.measure.duration_quarters,
                "is_flagship": row.measure.is_flagship,
                "is_pinned": row.is_pinned,
            }
            for row in plan.schedule
        ],
        "unscheduled": [
            {
                "id": item.measure.pk,
                "external_id": item.measure.external_id,
                "title": item.measure.title,
                "reason": item.reason,
            }
            for item in plan.unscheduled
        ],
        "problems": plan.problems,
        "missing_capacity": [str(q) for q in plan.missing_capacity],
        "objective": plan.objective,
        "bound": plan.bound,
        "gap": plan.gap,
        "solve_seconds": round(plan.seconds, 3),
        "solver": plan.solver,
    }


@router.post("/roadmap/plan", response=PlanOut, summary="Roadmap berechnen")
def plan_roadmap(request: HttpRequest, payload: PlanIn):
    """Schedule the initiative's open measures (not completed, not deferred) over the
    quarters so that their effort never exceeds the capacity: earliest starts,
    dependencies and fixed dates respected, flagships and high priorities first. The
    solver proves the optimum (`gap` 0) or says which constraint makes the plan impossible
    (`problems`). Nothing is written; staff accept a plan on the roadmap page."""
    user = getattr(request, "auth", None)
    if not getattr(user, "is_authenticated", False):
        raise AuthenticationError(401, _("Anmeldung erforderlich: Authorization: Bearer <Token>."))
    initiative = initiative_get_for(user, slug=payload.initiative)
    if not is_staff_member(user):
        raise PermissionDenied(_("Die Roadmap planen nur Mitarbeitende der Wirtschaftsförderung."))
    if payload.capacities is not None and len(payload.capacities) != payload.quarters:
        raise ValidationError(
            {
                "capacities": _("Bitte genau eine Kapazität je Quartal angeben (%(count)s Werte).")
                % {"count": payload.quarters}
            }
        )
    plan = planning.roadmap_plan(
        user,
        initiative=initiative,
        start=planning.Quarter(payload.start_year, payload.start_quarter),
        count=payload.quarters,
        capacities=payload.capacities,
        require_all=payload.require_all,
    )
    return plan_data(plan)
