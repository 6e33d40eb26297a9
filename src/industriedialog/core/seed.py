"""Seeds the initiatives of the data set and, in demo mode only, the demo logins."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction

from industriedialog.core.audit import audit_log
from industriedialog.core.models import Initiative, Role, User
from industriedialog.core.seeding import SeedReport, load_data_file, upsert

DEMO_PASSWORD = "demo-industriedialog"
DEMO_ACCOUNTS = (
    # (username, e-mail, role, organisation slug, first name, last name)
    (
        "demo-staff",
        "wirtschaftsfoerderung@demo.industriedialog.de",
        Role.STAFF,
        "stadt-aachen-fb-02",
        "Wiebke",
        "Förderer",
    ),
    (
        "demo-company",
        "unternehmen@demo.industriedialog.de",
        Role.COMPANY,
        "3win-maschinenbau",
        "Uwe",
        "Unternehmer",
    ),
    (
        "demo-partner",
        "partner@demo.industriedialog.de",
        Role.PARTNER,
        "ihk-aachen",
        "Petra",
        "Partner",
    ),
)


@transaction.atomic
def load(*, stdout=None, data_set: str | None = None) -> SeedReport:
    from industriedialog.actors.models import Organisation

    report = SeedReport()
    for record in load_data_file("industriedialog.core", "initiatives.json", data_set=data_set):
        lead = Organisation.objects.filter(slug=record.get("lead_organisation") or "").first()
        values = {
            "name": record["name"],
            "short_name": record.get("short_name", ""),
            "start_date": dt.date.fromisoformat(record["start_date"]),
            "end_date": (
                dt.date.fromisoformat(record["end_date"]) if record.get("end_date") else None
            ),
            "lead_organisation": lead,
            "description": record.get("description", ""),
            "is_public": bool(record.get("is_public", True)),
        }
        _, outcome = upsert(Initiative, lookup={"slug": record["slug"]}, values=values)
        report.add("Initiativen", outcome)
    if settings.DEMO_MODE:
        for outcome in seed_demo_accounts():
            report.add("Demo-Zugänge", outcome)
    if report.changed:
        audit_log(actor=None, action="core.seed.load", data={"counts": report.counts})
    return report


def seed_demo_accounts() -> list[str]:
    """Create the three demo logins. Refuses outside demo mode."""
    from allauth.account.models import EmailAddress

    from industriedialog.actors.models import Organisation

    if not settings.DEMO_MODE:
        raise RuntimeError("Demo-Zugänge werden nur im Demo-Modus angelegt.")
    outcomes = []
    for username, email, role, org_slug, first_name, last_name in DEMO_ACCOUNTS:
        organisation = Organisation.objects.filter(slug=org_slug).first()
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                email=email,
                role=role,
                organisation=organisation,
                first_name=first_name,
                last_name=last_name,
                is_staff=(role == Role.STAFF),
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            outcomes.append("created")
        else:
            outcomes.append("unchanged")
    return outcomes


def demo_login_lines() -> list[str]:
    lines = []
    for username, email, role, _org, _first, _last in DEMO_ACCOUNTS:
        if User.objects.filter(username=username).exists():
            lines.append(f"  {Role(role).label:<24} {email:<48} Passwort: {DEMO_PASSWORD}")
    return lines
