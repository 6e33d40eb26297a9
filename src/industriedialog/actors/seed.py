"""Loads the register of the data set (organisations, people) idempotently, and
generates synthetic example organisations for load tests."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction

from industriedialog.core import search
from industriedialog.core.audit import audit_log
from industriedialog.core.seeding import SeedReport, load_data_file, upsert

from .models import Affiliation, EmployeeBand, Organisation, OrganisationKind, Person
from .services import prepare_organisation

ORGANISATION_FILES = ("organisations.json", "example_organisations.json")
PLAIN_FIELDS = (
    "kind",
    "name",
    "short_name",
    "wz_code",
    "wz_version",
    "employee_band",
    "employee_count",
    "street",
    "postal_code",
    "city",
    "municipality_key",
    "is_training_company",
    "has_production_site",
    "website",
    "description",
    "tags",
    "is_example_data",
)


def _organisation_values(record: dict[str, Any]) -> dict[str, Any]:
    values = {name: record.get(name, "") for name in PLAIN_FIELDS}
    values["employee_count"] = record.get("employee_count")
    values["tags"] = list(record.get("tags") or [])
    values["is_training_company"] = bool(record.get("is_training_company"))
    values["has_production_site"] = bool(record.get("has_production_site"))
    values["is_example_data"] = bool(record.get("is_example_data"))
    values["is_public"] = bool(record.get("is_public", True))
    probe = Organisation(**values)
    prepare_organisation(probe)
    for derived in ("wz_section", "wz_version", "sort_key", "latitude", "longitude"):
        values[derived] = getattr(probe, derived)
    return values


@transaction.atomic
def load(*, stdout=None, data_set: str | None = None) -> SeedReport:
    report = SeedReport()
    records: list[dict[str, Any]] = []
    for filename in ORGANISATION_FILES:
        records.extend(load_data_file("industriedialog.actors", filename, data_set=data_set))
    by_slug: dict[str, Organisation] = {}
    touched: list[Organisation] = []
    for record in records:
        organisation, outcome = upsert(
            Organisation, lookup={"slug": record["slug"]}, values=_organisation_values(record)
        )
        by_slug[record["slug"]] = organisation
        report.add("Organisationen", outcome)
        if outcome != "unchanged":
            touched.append(organisation)
    for record in records:
        parent = by_slug.get(record.get("parent") or "")
        organisation = by_slug[record["slug"]]
        if organisation.parent_id != (parent.pk if parent else None):
            organisation.parent = parent
            organisation.save(update_fields=["parent", "updated_at"])
            if organisation not in touched:
                touched.append(organisation)
    for record in load_data_file("industriedialog.actors", "people.json", data_set=data_set):
        values = {
            "title": record.get("title", ""),
            "first_name": record["first_name"],
            "last_name": record["last_name"],
            "is_public": bool(record.get("is_public")),
            "quote": record.get("quote", ""),
        }
        person, outcome = upsert(Person, lookup={"slug": record["slug"]}, values=values)
        report.add("Personen", outcome)
        for item in record.get("affiliations", []):
            _, affiliation_outcome = upsert(
                Affiliation,
                lookup={
                    "person": person,
                    "organisation": by_slug[item["organisation"]],
                    "role": item.get("role", Affiliation.Role.REPRESENTATIVE),
                },
                values={"position": item.get("position", ""), "is_primary": True},
            )
            report.add("Zugehörigkeiten", affiliation_outcome)
        if outcome != "unchanged":
            search.index_object(person)
    if touched:
        search.reindex(Organisation, touched)
    if report.changed:
        audit_log(actor=None, action="actors.seed.load", data={"counts": report.counts})
    return report


EXAMPLE_STEMS = (
    "Präzision",
    "Feinguss",
    "Metallbau",
    "Antriebstechnik",
    "Kunststofftechnik",
    "Elektronik",
    "Maschinenbau",
    "Werkzeugbau",
    "Oberflächentechnik",
    "Verpackung",
    "Backwaren",
    "Sensorik",
    "Automation",
    "Blechbearbeitung",
    "Lackiertechnik",
    "Messtechnik",
    "Federnfabrik",
    "Gießerei",
    "Textiltechnik",
    "Laborbedarf",
    "Energietechnik",
)
EXAMPLE_NAMES = (
    "Kaiser",
    "Oecher",
    "Lousberg",
    "Wurm",
    "Pau",
    "Eilendorf",
    "Brand",
    "Haaren",
    "Kornelimünster",
    "Laurensberg",
    "Richterich",
    "Soers",
    "Ponttor",
    "Marschier",
    "Frankenberg",
    "Burtscheid",
    "Westpark",
    "Tivoli",
    "Dreiländer",
    "Eifel",
)
LEGAL_FORMS = ("GmbH", "GmbH & Co. KG", "KG", "AG", "e.K.")
WZ_CODES = (
    "25.62",
    "28.41",
    "10.71",
    "22.29",
    "27.12",
    "20.59",
    "26.51",
    "33.12",
    "25.11",
    "28.22",
    "29.32",
    "13.96",
    "62.01",
    "71.12",
    "43.21",
    "46.69",
)
POSTAL_CODES = (
    "52062",
    "52064",
    "52066",
    "52068",
    "52070",
    "52072",
    "52074",
    "52076",
    "52078",
    "52080",
)
STREETS = (
    "Neuenhofstraße",
    "Pascalstraße",
    "Trierer Straße",
    "Jülicher Straße",
    "Krefelder Straße",
    "Madrider Ring",
    "Dresdener Straße",
    "Eisenbahnweg",
    "Rotter Bruch",
    "Hergelsbendenstraße",
    "Auf der Hüls",
    "Grüner Weg",
)


def generate_synthetic(count: int, *, seed: int = 42, stdout=None) -> int:
    """Add `count` synthetic example organisations (flagged as example data) for load
    tests. Names carry a running number so that repeated runs add new ones."""
    rng = random.Random(seed + Organisation.objects.count())
    start = Organisation.objects.filter(slug__startswith="synthetisch-").count()
    bands = [band.value for band in EmployeeBand]
    created = 0
    batch: list[Organisation] = []
    for number in range(start + 1, start + count + 1):
        stem = rng.choice(EXAMPLE_STEMS)
        name = f"{rng.choice(EXAMPLE_NAMES)} {stem} {number} {rng.choice(LEGAL_FORMS)}"
        wz = rng.choice(WZ_CODES)
        organisation = Organisation(
            kind=OrganisationKind.COMPANY,
            name=name,
            slug=f"synthetisch-{number}",
            wz_code=wz,
            employee_band=rng.choice(bands),
            street=f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
            postal_code=rng.choice(POSTAL_CODES),
            city="Aachen",
            municipality_key="05334002",
            is_training_company=rng.random() < 0.6,
            has_production_site=wz < "34",
            description=f"Beispielbetrieb für Lasttests: {stem}, Fertigung und Service in Aachen.",
            tags=["Beispieldaten", stem],
            is_example_data=True,
        )
        prepare_organisation(organisation)
        batch.append(organisation)
        if len(batch) >= 5000:
            created += _flush(batch)
            batch = []
            if stdout is not None:
                stdout.write(f"  {created} von {count} Beispielorganisationen angelegt …")
    if batch:
        created += _flush(batch)
    return created


@transaction.atomic
def _flush(batch: list[Organisation]) -> int:
    Organisation.objects.bulk_create(batch, batch_size=1000)
    slugs = [o.slug for o in batch]
    saved = list(Organisation.objects.filter(slug__in=slugs))
    search.reindex(Organisation, saved)
    return len(saved)
