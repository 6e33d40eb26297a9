"""API of the catalogue (being built in this change)."""

from ninja import Router

from .roadmap_api import router as roadmap_router

router = Router(tags=["Maßnahmen"])
router.add_router("", roadmap_router)
