"""The shared taxonomy of company needs (Handlungsbedarfe), taken from seed 002: what the
office's visits to the 160 industrial firms found, grouped by the four theme fields of the
dialogue. Other apps (the navigator's routing, the report) use the same codes.

A topic code is stable (it is stored and appears in the API); labels are translated.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedField(models.TextChoices):
    NETWORKING = "networking", _("Vernetzung")
    FRAMEWORK = "framework", _("Rahmenbedingungen")
    SKILLED_WORKERS = "skilled_workers", _("Fachkräfte")
    INNOVATION = "innovation", _("Innovation und Technologietransfer")


class NeedTopic(models.TextChoices):
    NETWORKING_COMPANIES = "networking_companies", _("Vernetzung mit Unternehmen")
    NETWORKING_POLITICS = (
        "networking_politics",
        _("Vernetzung mit Politik und Verwaltung"),
    )
    NETWORKING_INSTITUTIONS = "networking_institutions", _("Vernetzung mit Institutionen")
    TRANSPORT = "transport", _("Verkehrsinfrastruktur")
    SUPPLY_INFRASTRUCTURE = "supply_infrastructure", _("Versorgungsinfrastruktur")
    ENERGY_COSTS = "energy_costs", _("Energiekosten")
    POLICY = "policy", _("Politische Richtlinien und Regulierung")
    FUNDING = "funding", _("Förderprogramme")
    TRAINING = "training", _("Ausbildung")
    STAFF_DEVELOPMENT = "staff_development", _("Mitarbeiterförderung")
    QUALIFICATION_ADVICE = "qualification_advice", _("Qualifizierungsberatung")
    UNIVERSITY_COOPERATION = "university_cooperation", _("Kooperation mit Hochschulen")
    RESEARCH_INFORMATION = (
        "research_information",
        _("Informationen zu Forschung und Entwicklung"),
    )
    OTHER = "other", _("Sonstiges (Freitext)")


# Which field each topic belongs to; "other" belongs to none and is described in free text.
TOPIC_FIELD: dict[str, str | None] = {
    NeedTopic.NETWORKING_COMPANIES: NeedField.NETWORKING,
    NeedTopic.NETWORKING_POLITICS: NeedField.NETWORKING,
    NeedTopic.NETWORKING_INSTITUTIONS: NeedField.NETWORKING,
    NeedTopic.TRANSPORT: NeedField.FRAMEWORK,
    NeedTopic.SUPPLY_INFRASTRUCTURE: NeedField.FRAMEWORK,
    NeedTopic.ENERGY_COSTS: NeedField.FRAMEWORK,
    NeedTopic.POLICY: NeedField.FRAMEWORK,
    NeedTopic.FUNDING: NeedField.FRAMEWORK,
    NeedTopic.TRAINING: NeedField.SKILLED_WORKERS,
    NeedTopic.STAFF_DEVELOPMENT: NeedField.SKILLED_WORKERS,
    NeedTopic.QUALIFICATION_ADVICE: NeedField.SKILLED_WORKERS,
    NeedTopic.UNIVERSITY_COOPERATION: NeedField.INNOVATION,
    NeedTopic.RESEARCH_INFORMATION: NeedField.INNOVATION,
    NeedTopic.OTHER: None,
}


def field_of(topic: str) -> str:
    """The field code of a topic; "" for free-text needs."""
    return TOPIC_FIELD.get(topic) or ""


def topics_by_field() -> list[tuple[NeedField | None, list[NeedTopic]]]:
    """The tree for forms and pages: each field with its topics, then "other"."""
    tree: list[tuple[NeedField | None, list[NeedTopic]]] = [
        (need_field, [t for t in NeedTopic if TOPIC_FIELD[t] == need_field])
        for need_field in NeedField
    ]
    tree.append((None, [NeedTopic.OTHER]))
    return tree
