"""Writes to the register. Every function validates, runs in a transaction, writes the
audit log and keeps the search index current."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from industriedialog.core import search
from industriedialog.core.audit import audit_log
from industriedialog.core.geo import UnknownPostalCode, centroid
from industriedialog.core.text import sort_key

from .models import Affiliation, Consent, Organisation, Person, wz_section

ORGANISATION_FIELDS = (
    "kind",
    "name",
    "short_name",
    "parent",
    "wz_code",
    "wz_version",
    "employee_band",
    "employee_count",
    "street",
    "postal_code",
    "city",
    "municipality_key",
    "latitude",
    "longitude",
    "is_training_company",
    "has_production_site",
    "website",
    "email",
    "phone",
    "description",
    "tags",
    "internal_notes",
    "is_public",
    "is_example_data",
)


def unique_slug(model, base: str, *, exclude_pk: int | None = None) -> str:
    """A slug from `base` that no other row of `model` uses (name, name-2, name-3, …)."""
    root = (slugify(base.replace("ß", "ss")) or "eintrag")[:100]
    candidate, counter = root, 2
    existing = model._default_manager.filter(slug__startswith=root)
    if exclude_pk is not None:
        existing = existing.exclude(pk=exclude_pk)
    taken = set(existing.values_list("slug", flat=True))
    while candidate in taken:
        candidate = f"{root}-{counter}"
        counter += 1
    return candidate


def prepare_organisation(organisation: Organisation) -> None:
    """Derived fields: section from the WZ code, sort key, coordinates from the postal
    code (when none are given), WZ version default."""
    organisation.wz_section = wz_section(organisation.wz_code)
    if organisation.wz_code and not organisation.wz_version:
        organisation.wz_version = "WZ2008"
    organisation.sort_key = sort_key(organisation.name)
    if organisation.postal_code and organisation.latitude is None:
        try:
            organisation.latitude, organisation.longitude = centroid(organisation.postal_code)
        except UnknownPostalCode:
            organisation.latitude = organisation.longitude = None
    if isinstance(organisation.tags, str):
        organisation.tags = [t.strip() for t in organisation.tags.split(",") if t.strip()]


def _validate(organisation: Organisation) -> None:
    organisation.full_clean(exclude=["slug", "sort_key"])
    if organisation.parent_id and organisation.parent_id == organisation.pk:
        raise ValidationError(
            {"parent": _("Eine Organisation kann nicht sich selbst übergeordnet sein.")}
        )


def _require_staff(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.is_staff_member:
        raise PermissionDenied(_("Nur die Wirtschaftsförderung darf das Register ändern."))


@transaction.atomic
def organisation_create(*, actor: Any, data: dict[str, Any]) -> Organisation:
    _require_staff(actor)
    unknown = set(data) - set(ORGANISATION_FIELDS) - {"slug"}
    if unknown:
        raise ValidationError(
            _("Unbekannte Felder: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    organisation = Organisation(**{k: v for k, v in data.items() if k != "slug"})
    prepare_organisation(organisation)
    _validate(organisation)
    organisation.slug = data.get("slug") or unique_slug(Organisation, organisation.name)
    if data.get("slug"):
        organisation.full_clean(exclude=[f for f in ORGANISATION_FIELDS] + ["sort_key"])
    organisation.save()
    search.index_object(organisation)
    audit_log(
        actor=actor,
        action="actors.organisation.create",
        obj=organisation,
        data={"name": organisation.name, "kind": organisation.kind},
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, actor: Any, organisation: Organisation, data: dict[str, Any]
) -> Organisation:
    _require_staff(actor)
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changed: dict[str, Any] = {}
    for field, value in data.items():
        if field not in ORGANISATION_FIELDS:
            raise ValidationError(_("Unbekanntes Feld: %(field)s") % {"field": field})
        if getattr(locked, field) != value:
            changed[field] = value
            setattr(locked, field, value)
    if not changed:
        return locked
    if "postal_code" in changed and "latitude" not in changed:
        locked.latitude = locked.longitude = None
    prepare_organisation(locked)
    _validate(locked)
    locked.save()
    search.index_object(locked)
    audit_log(
        actor=actor,
        action="actors.organisation.update",
        obj=locked,
        data={"changed": sorted(changed)},
    )
    return locked


@transaction.atomic
def person_create(
    *, actor: Any, data: dict[str, Any], affiliations: list[dict[str, Any]] | None = None
) -> Person:
    _require_staff(actor)
    person = Person(**{k: v for k, v in data.items() if k != "slug"})
    person.full_clean(exclude=["slug"])
    person.slug = data.get("slug") or unique_slug(Person, f"{person.first_name} {person.last_name}")
    person.save()
    for item in affiliations or []:
        affiliation = Affiliation(person=person, **item)
        affiliation.full_clean()
        affiliation.save()
    search.index_object(person)
    audit_log(actor=actor, action="actors.person.create", obj=person)
    return person


@transaction.atomic
def consent_give(*, actor: Any, person: Person, purpose: str, text_version: str) -> Consent:
    consent = Consent(person=person, purpose=purpose, text_version=text_version)
    consent.full_clean()
    consent.save()
    if purpose == Consent.Purpose.PUBLIC_LISTING and not person.is_public:
        person.is_public = True
        person.save(update_fields=["is_public", "updated_at"])
    audit_log(
        actor=actor,
        action="actors.consent.give",
        obj=person,
        data={"purpose": purpose, "text_version": text_version},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: Consent) -> Consent:
    from django.utils import timezone

    if consent.withdrawn_at is not None:
        return consent
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    person = consent.person
    if consent.purpose == Consent.Purpose.PUBLIC_LISTING and person.is_public:
        person.is_public = False
        person.save(update_fields=["is_public", "updated_at"])
    audit_log(
        actor=actor, action="actors.consent.withdraw", obj=person, data={"purpose": consent.purpose}
    )
    return consent
