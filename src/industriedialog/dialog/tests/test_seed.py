"""The Aachen bodies loaded by `industriedialog seed`: the structures the council papers
describe, correctly spelled, invented data flagged, and a second run changes nothing. At
the end, the other operations command of the app: `remind_overdue_meetings`."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from industriedialog.actors.models import Person
from industriedialog.core.models import AuditEvent, SearchEntry
from industriedialog.dialog import seed, selectors
from industriedialog.dialog.models import (
    ActionItem,
    AgendaItem,
    Body,
    Decision,
    Meeting,
    Membership,
)
from industriedialog.dialog.tests.factories import BodyFactory, MeetingFactory

REPOSITORY = Path(__file__).resolve().parents[4]
FORUM = "aachener-industrie-dialog-forum"
ARBEITSKREIS_2013 = "industrie-dialog-region-aachen-arbeitskreis"
IMMIGRATION_CIRCLE = "fachkraeftestrategie-aachen-arbeitskreis-zuwanderung"
REAL_PEOPLE = {"holger-steinmayer", "tobias-danke", "dagmar-wirtz", "olaf-korr", "jochen-klein"}


def run_seed() -> str:
    out = io.StringIO()
    call_command("seed", stdout=out)
    return out.getvalue()


def organisations_of(body: Body) -> set[str]:
    return set(selectors.current_memberships(body).values_list("organisation__slug", flat=True))


def local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")


@pytest.mark.django_db
def test_the_forum_has_over_50_entrepreneurs_and_meets_its_composition_rule():
    run_seed()

    forum = Body.objects.get(slug=FORUM)
    composition = selectors.composition_of(forum)

    assert forum.kind == "forum"
    assert forum.initiative.slug == "aachener-industrie-dialog"
    assert forum.min_company_members == 30
    assert forum.composition_rule == (
        "mindestens 30 Unternehmensvertreterinnen und -vertreter, ergänzt durch Intermediäre"
    )
    assert selectors.current_memberships(forum).count() == 58
    assert (composition.companies, composition.intermediaries, composition.guests) == (52, 6, 0)
    assert composition.is_met
    assert organisations_of(forum) >= {
        "philips",
        "saint-gobain",
        "continental",
        "3win-maschinenbau",
        "schreinerei-brammertz",
        "theod-mahr-soehne",
        "ph-mechanik",
        "vuv-aachen",
        "ihk-aachen",
        "staedteregion-aachen",
        "stadt-aachen-fb-02",
    }
    intermediaries = forum.memberships.filter(role="intermediary")
    assert set(intermediaries.values_list("organisation__slug", flat=True)) == {
        "vuv-aachen",
        "ihk-aachen",
        "staedteregion-aachen",
        "stadt-aachen-fb-02",
    }
    # Everyone but the seven named companies is an example firm, every seat is assumed.
    example_firms = forum.memberships.filter(
        organisation__kind="company", organisation__is_example_data=True
    )
    assert example_firms.count() == 45
    assert not forum.memberships.filter(is_example_data=False).exists()


@pytest.mark.django_db
def test_aufbruch_2015_formed_the_four_working_groups_and_the_follow_up_is_at_the_vuv():
    run_seed()

    forum = Body.objects.get(slug=FORUM)
    aufbruch, follow_up = forum.meetings.order_by("starts_at")

    assert aufbruch.title == "AUFBRUCH 2015"
    assert local(aufbruch.starts_at) == "24.03.2015 17:00"
    assert aufbruch.location == "Philips GmbH, Aachen"
    assert aufbruch.status == "held"
    assert "Rund 60 Vertreterinnen und Vertreter" in aufbruch.minutes
    assert aufbruch.is_example_data is False
    assert list(aufbruch.decisions.values_list("text", flat=True))[0] == (
        "Das Forum gründet vier Arbeitsgruppen: AG Kommunikation, AG Fachkräfte, "
        "AG Technologietransfer und AG CSR."
    )
    assert local(follow_up.starts_at).startswith("24.06.2015")
    assert follow_up.location == "Vereinigte Unternehmerverbände Aachen"
    assert follow_up.status == "planned"
    assert list(follow_up.agenda_items.values_list("title", flat=True))[0] == (
        "Präsentation der ersten Zwischenergebnisse der Arbeitsgruppen"
    )


@pytest.mark.django_db
def test_the_four_working_groups_have_their_first_topics_and_report_via_steering_teams():
    run_seed()

    expected = {
        "aachener-industrie-dialog-ag-kommunikation": (
            "AG Kommunikation",
            "Industrieausstellung „Gesicht zeigen“ in Ladenlokalen der Aachener Innenstadt",
            "aachener-industrie-dialog-steuerteam-kommunikation",
        ),
        "aachener-industrie-dialog-ag-fachkraefte": (
            "AG Fachkräfte",
            "Jobticket",
            "aachener-industrie-dialog-steuerteam-fachkraefte",
        ),
        "aachener-industrie-dialog-ag-technologietransfer": (
            "AG Technologietransfer",
            "Innovationscluster",
            "aachener-industrie-dialog-steuerteam-innovation",
        ),
        "aachener-industrie-dialog-ag-csr": (
            "AG CSR",
            "Lehrerpraktikanten in der Wirtschaft",
            "aachener-industrie-dialog-steuerteam-csr",
        ),
    }
    groups = Body.objects.filter(slug__in=expected).select_related("parent__parent")

    assert {g.slug: (g.short_name, g.topic, g.parent.slug) for g in groups} == expected
    for group in groups:
        assert group.kind == "working_group"
        assert group.founded_on == dt.date(2015, 3, 24)
        assert group.parent.kind == "steering_team"
        assert group.parent.parent.slug == FORUM
    # FB 02 takes part intensively in Kommunikation and Technologietransfer only.
    with_fb02 = {g.slug for g in groups if "stadt-aachen-fb-02" in organisations_of(g)}
    assert with_fb02 == {
        "aachener-industrie-dialog-ag-kommunikation",
        "aachener-industrie-dialog-ag-technologietransfer",
    }
    advisory_board = Body.objects.get(slug="aachener-industrie-dialog-unternehmerbeirat")
    assert (advisory_board.kind, advisory_board.status) == ("advisory_board", "planned")


@pytest.mark.django_db
def test_the_arbeitskreis_of_2013_met_13_times_and_had_four_working_groups():
    run_seed()

    circle = Body.objects.get(slug=ARBEITSKREIS_2013)
    meetings = circle.meetings.order_by("starts_at")
    groups = Body.objects.filter(parent=circle)

    assert circle.kind == "working_circle"
    assert circle.initiative.slug == "industrie-dialog-region-aachen"
    assert meetings.count() == 13
    assert {timezone.localtime(m.starts_at).year for m in meetings} == {2013}
    assert all(m.is_example_data and m.minutes for m in meetings)
    assert organisations_of(circle) == {
        "stadt-aachen-fb-02",
        "staedteregion-aachen",
        "zweckverband-region-aachen",
        "vuv-aachen",
        "ihk-aachen",
        "dgb-region-nrw-sued-west",
        "agit",
        "agentur-fuer-arbeit-aachen-dueren",
    }
    assert sorted(groups.values_list("topic", flat=True)) == [
        "Fachkräfte",
        "Innovationen und Technologietransfer",
        "Rahmenbedingungen",
        "Standortkommunikation",
    ]
    workshops = Meeting.objects.filter(body__in=groups)
    assert workshops.count() == 4
    for workshop in workshops:
        assert (
            dt.date(2013, 7, 1)
            <= timezone.localtime(workshop.starts_at).date()
            <= dt.date(2013, 11, 10)
        )


@pytest.mark.django_db
def test_the_skilled_worker_strategy_bodies():
    run_seed()

    immigration = Body.objects.get(slug=IMMIGRATION_CIRCLE)
    network = Body.objects.get(slug="fachkraeftestrategie-aachen-netzwerk-akzente40")
    knowledge = Body.objects.get(slug="fachkraeftestrategie-aachen-arbeitskreis-wissensmanagement")
    steering = Body.objects.get(slug="fachkraeftestrategie-aachen-lenkungskreis-frau-und-beruf")

    assert (immigration.kind, immigration.cadence_months) == ("working_circle", 3)
    assert organisations_of(immigration) == {
        "stadt-aachen-fb-02",
        "auslaenderamt-staedteregion-aachen",
        "agentur-fuer-arbeit-aachen-dueren",
        "jobcenter-staedteregion-aachen",
        "ihk-aachen",
        "hwk-aachen",
        "zweckverband-region-aachen",
    }
    assert (knowledge.kind, knowledge.parent) == ("working_circle", network)
    assert knowledge.name == "Arbeitskreis Wissensmanagement"
    assert "stadt-aachen-fb-02" in organisations_of(steering)
    assert {
        immigration.initiative.slug,
        network.initiative.slug,
        knowledge.initiative.slug,
        steering.initiative.slug,
    } == {"fachkraeftestrategie-aachen"}


@pytest.mark.django_db
def test_every_active_body_has_decisions_open_action_items_and_a_public_member_list():
    run_seed()

    for body in Body.objects.filter(status="active"):
        assert Decision.objects.filter(meeting__body=body).exists(), body.slug
        assert selectors.open_action_items(body).exists(), body.slug
        assert selectors.members_visible_for(AnonymousUser(), body).exists(), body.slug
    assert Body.objects.count() == 19


@pytest.mark.django_db
def test_only_the_five_real_people_are_not_example_data_and_listed_only_where_quoted():
    run_seed()

    assert (
        set(Person.objects.filter(is_example_data=False).values_list("slug", flat=True))
        == REAL_PEOPLE
    )
    real_seats = Membership.objects.filter(person__slug__in=REAL_PEOPLE)
    assert {(m.person.slug, m.body.slug, m.is_listed) for m in real_seats} == {
        ("dagmar-wirtz", FORUM, False),
        ("jochen-klein", "fachkraeftestrategie-aachen-netzwerk-akzente40", True),
    }
    invented = Person.objects.exclude(slug__in=REAL_PEOPLE)
    assert invented.count() == 81
    # Invented people are found by the register's search like every other person.
    assert SearchEntry.objects.filter(kind="actors.person").count() == 86
    listed = Membership.objects.filter(is_listed=True).count()
    assert listed > 0.8 * Membership.objects.count()


OCR_ARTEFACTS = re.compile(
    r"fiir|Fiir|\b(?:fir|fur|Far|Uber|Ubertragen|tber|Gibernehmen)\b|Diiren|ii|"
    r"Stadteregion|Kimmerer|Giitesiegel|Tiiren|Blrger|Darliber|[O6]ffentlich|"
    r"[a-zäöüß][R3][a-zäöüß]|[éèêáàâ]|"
    r"\b(?:Fachkrafte|Arbeitsplatze|Starkung|Unterstutzung|Wirtschaftsforderung|"
    r"Massnahme|Bevolkerung|Gutesiegel|Burger|Prasentation|Kummerer|Europaische)\b"
)


def shipped_texts() -> list[str]:
    texts: list[str] = []
    for body in Body.objects.all():
        texts += [body.name, body.short_name, body.topic, body.description, body.composition_rule]
    for meeting in Meeting.objects.all():
        texts += [meeting.title, meeting.location, meeting.minutes]
    texts += list(AgendaItem.objects.values_list("title", flat=True))
    texts += list(Decision.objects.values_list("text", flat=True))
    for item in ActionItem.objects.all():
        texts += [item.title, item.description]
    for person in Person.objects.filter(memberships__isnull=False).distinct():
        texts.append(person.full_name)
    return texts


@pytest.mark.django_db
def test_everything_shipped_is_correctly_spelled():
    run_seed()

    texts = shipped_texts()
    # Legitimate spellings the pattern would otherwise flag.
    cleaned = [t.replace("StädteRegion", "").replace("Transfer-Café", "") for t in texts]
    garbled = [t for t in cleaned if OCR_ARTEFACTS.search(t)]

    assert garbled == []
    nested_quotes = [t for t in texts if re.search(r"„[^“]*„", t)]
    assert nested_quotes == []
    joined = "\n".join(texts)
    for spelling in (
        "StädteRegion Aachen",
        "Agentur für Arbeit Aachen-Düren",
        "Vereinigten Unternehmerverbände Aachen",
        "Gütesiegel „Made in Aachen“",
        "Kümmerer",
        "Maßnahmen",
        "Fachkräfte",
        "Wirtschaftsförderung",
        "Zweckverband Region Aachen",
        "AKzentE4.0",
        "Transfer-Café",
    ):
        assert spelling in joined, spelling
    assert "AkzentE4.0" not in joined  # the paper spells it both ways; the register's way


@pytest.mark.django_db
def test_a_second_seed_changes_nothing():
    run_seed()
    models = [
        *apps.get_app_config("dialog").get_models(),
        Person,
        Person.history.model,
        AuditEvent,
        SearchEntry,
    ]
    counts = {model._meta.label: model._default_manager.count() for model in models}
    before = {
        "bodies": list(
            Body.objects.order_by("pk").values_list("slug", "parent__slug", "updated_at")
        ),
        "meetings": list(Meeting.objects.order_by("pk").values_list("pk", "updated_at")),
        "items": list(ActionItem.objects.order_by("pk").values_list("pk", "updated_at")),
    }

    output = run_seed()

    assert {model._meta.label: model._default_manager.count() for model in models} == counts
    assert before == {
        "bodies": list(
            Body.objects.order_by("pk").values_list("slug", "parent__slug", "updated_at")
        ),
        "meetings": list(Meeting.objects.order_by("pk").values_list("pk", "updated_at")),
        "items": list(ActionItem.objects.order_by("pk").values_list("pk", "updated_at")),
    }
    dialog_lines = [line for line in output.splitlines() if line.startswith("[dialog]")]
    assert len(dialog_lines) == 7
    assert all(" 0 neu, 0 geändert, " in line for line in dialog_lines)


@pytest.mark.django_db
def test_a_wrong_reference_in_the_file_stops_the_load_and_writes_nothing(monkeypatch):
    run_seed()
    broken = [
        {
            "slug": "test-gremium",
            "initiative": "aachener-industrie-dialog",
            "kind": "working_group",
            "name": "Testgremium",
            "order": 99,
            "members": [
                {"person": "dagmar-wirtz", "organisation": "gibt-es-nicht", "role": "member"}
            ],
        }
    ]
    monkeypatch.setattr(seed, "load_data_file", lambda *args, **kwargs: broken)
    audit_events = AuditEvent.objects.count()

    with pytest.raises(ValueError, match="Organisation „gibt-es-nicht“ gibt es nicht"):
        seed.load()

    assert not Body.objects.filter(slug="test-gremium").exists()
    assert AuditEvent.objects.count() == audit_events


def test_the_shipped_file_is_what_the_generator_writes():
    path = REPOSITORY / "scripts" / "generate_dialog_data.py"
    spec = importlib.util.spec_from_file_location("generate_dialog_data", path)
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)

    shipped = json.loads(generator.OUTPUT.read_text(encoding="utf-8"))

    assert generator.Builder().build() == shipped


# --- industriedialog remind_overdue_meetings -------------------------------------------


def remind(*args) -> str:
    out = io.StringIO()
    call_command("remind_overdue_meetings", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def quarterly_body(db):
    """A quarterly working circle that last met four months ago and has nothing planned."""
    body = BodyFactory(
        name="Arbeitskreis Zuwanderung",
        slug="arbeitskreis-zuwanderung-test",
        kind="working_circle",
        cadence_months=3,
    )
    MeetingFactory(body=body, status="held", starts_at=timezone.now() - dt.timedelta(days=122))
    return body


@pytest.mark.django_db
@pytest.mark.parametrize("args", [(), ("--run-now",)], ids=["as task", "run now"])
def test_remind_overdue_meetings_mails_staff_once_about_the_quarterly_body(
    users, quarterly_body, args
):
    last = quarterly_body.meetings.get()
    due = selectors.add_months(timezone.localtime(last.starts_at).date(), 3)

    output = remind(*args)

    assert f"Arbeitskreis Zuwanderung: Sitzung fällig seit {due:%d.%m.%Y}" in output
    assert "1 Gremium ohne geplante Sitzung." in output
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [users["staff"].email]
    assert f"- Arbeitskreis Zuwanderung: fällig seit {due:%d.%m.%Y}" in message.body


@pytest.mark.django_db
def test_remind_overdue_meetings_is_quiet_when_the_next_meeting_is_planned(users, quarterly_body):
    MeetingFactory(body=quarterly_body, starts_at=timezone.now() + dt.timedelta(days=20))
    BodyFactory(slug="aufgeloest", status="dissolved", cadence_months=1)

    output = remind()

    assert output == "Kein Gremium ist mit einer Sitzung überfällig.\n"
    assert mail.outbox == []
