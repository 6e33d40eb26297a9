"""API of the roadmap planner (placeholder until this change is complete)."""

from ninja import Router

router = Router(tags=["Roadmap"])
