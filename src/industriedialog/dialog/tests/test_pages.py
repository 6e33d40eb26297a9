"""The pages of the dialog app with real data: the structure, a body, a meeting, a vote and
"Meine Aufgaben"; what they show agrees with the API; query counts are pinned."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from industriedialog.actors.tests.factories import OrganisationFactory, PersonFactory
from industriedialog.core.models import AuditEvent
from industriedialog.core.tests.factories import InitiativeFactory, UserFactory
from industriedialog.dialog import selectors, services
from industriedialog.dialog.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Ballot,
    Body,
    Decision,
    JoinRequest,
    Meeting,
    Membership,
    Vote,
)
from industriedialog.dialog.tests.factories import (
    ActionItemFactory,
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
)


def text_of(response) -> str:
    """The page's visible text, whitespace collapsed (for exact sentences)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" .", ".").strip()


def signed_in(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def person_user(*, role="company", organisation=None, **person):
    return UserFactory(
        role=role,
        person=PersonFactory(**person),
        organisation=organisation or OrganisationFactory(),
    )


@pytest.fixture
def structure(db):
    """The industry dialogue: a forum with 28 company representatives (30 required) and
    3 intermediaries, a steering team and two working groups under it."""
    initiative = InitiativeFactory(
        name="Industrie-Dialog Aachen", slug="industrie-dialog", short_name="Industrie-Dialog"
    )
    forum = BodyFactory(
        initiative=initiative,
        kind="forum",
        name="Industrie-Forum",
        slug="industrie-forum",
        topic="Standort Aachen",
        order=1,
        min_company_members=30,
        cadence_months=3,
        description="Plenum der Unternehmensvertretungen.",
    )
    steering = BodyFactory(
        initiative=initiative,
        kind="steering_team",
        name="Steuerteam",
        slug="steuerteam",
        parent=forum,
        topic="Themen für das Forum",
        order=2,
    )
    flaechen = BodyFactory(
        initiative=initiative,
        kind="working_group",
        name="AG Flächen",
        slug="ag-flaechen",
        parent=steering,
        topic="Gewerbeflächen",
        order=3,
    )
    fachkraefte = BodyFactory(
        initiative=initiative,
        kind="working_group",
        name="AG Fachkräfte",
        slug="ag-fachkraefte",
        parent=steering,
        topic="Fachkräftesicherung",
        order=4,
    )
    chamber = OrganisationFactory(name="IHK Aachen", kind="chamber")
    listed = []
    for number in range(28):
        membership = MembershipFactory(
            body=forum,
            is_listed=number < 3,
            person=PersonFactory(first_name="Unternehmerin", last_name=f"Nr{number:02d}"),
            organisation=OrganisationFactory(name=f"Betrieb {number:02d} GmbH"),
        )
        if membership.is_listed:
            listed.append(membership)
    for number in range(3):
        MembershipFactory(
            body=forum,
            is_listed=False,
            organisation=chamber,
            role="intermediary",
            person=PersonFactory(first_name="Kammer", last_name=f"Nr{number}"),
        )
    MembershipFactory(
        body=steering,
        is_listed=True,
        person=PersonFactory(first_name="Stefanie", last_name="Steuer"),
    )
    last = MeetingFactory(
        body=forum,
        title="Forum Herbst",
        status="held",
        starts_at=timezone.now() - dt.timedelta(days=122),
    )
    last.agenda_items.create(position=1, title="Bericht aus den Arbeitsgruppen")
    last.decisions.create(text="Das Forum richtet eine AG Energie ein.")
    return {
        "initiative": initiative,
        "forum": forum,
        "steering": steering,
        "flaechen": flaechen,
        "fachkraefte": fachkraefte,
        "listed": listed,
        "last_meeting": last,
    }


# --- structure -----------------------------------------------------------------------------


def test_structure_page_shows_nested_tree_and_listed_members(structure, client):
    response = client.get("/gremien/?initiative=industrie-dialog")

    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    # The diagram is a real nested list: forum > steering team > both working groups.
    tree = html[html.index('class="org-chart__list"') :]
    assert tree.index("Industrie-Forum") < tree.index("Steuerteam") < tree.index("AG Flächen")
    assert html.count('<ul class="org-chart__list" role="list">') == 3
    assert "Forum Standort Aachen 31 Mitglieder" in text
    assert "Arbeitsgruppe AG Fachkräfte Fachkräftesicherung 0 Mitglieder" in text
    # Only members who agreed to be named.
    assert "Unternehmerin Nr00 (Betrieb 00 GmbH)" in text
    assert "Unternehmerin Nr03" not in text
    assert "Kammer Nr0" not in text
    assert "Stefanie Steuer" in text


def test_structure_page_lists_what_the_api_returns(structure, client):
    BodyFactory(
        name="AG Intern", slug="ag-intern", initiative=structure["initiative"], is_public=False
    )

    page = client.get("/gremien/?initiative=industrie-dialog")
    api = client.get("/api/v1/bodies?initiative=industrie-dialog").json()

    rows = [body for body, _depth in page.context["groups"][0][2]]
    assert [body.name for body in rows] == [
        "Industrie-Forum",
        "Steuerteam",
        "AG Flächen",
        "AG Fachkräfte",
    ]
    assert sorted(body.name for body in rows) == sorted(item["name"] for item in api)
    assert "AG Intern" not in page.content.decode()


def test_structure_page_without_initiative_groups_all_initiatives(structure, client):
    other = InitiativeFactory(
        name="Fachkräftestrategie", slug="fachkraefte", start_date=dt.date(2020, 1, 1)
    )
    BodyFactory(
        initiative=other,
        kind="working_circle",
        name="Arbeitskreis Zuwanderung",
        slug="ak-zuwanderung",
    )

    response = client.get("/gremien/")

    groups = response.context["groups"]
    assert [initiative.slug for initiative, _trees, _rows in groups] == [
        "industrie-dialog",
        "fachkraefte",
    ]
    assert [body.name for body, _depth in groups[1][2]] == ["Arbeitskreis Zuwanderung"]


def test_structure_page_unknown_or_internal_initiative_is_404(structure, client):
    InitiativeFactory(slug="intern", is_public=False)

    assert client.get("/gremien/?initiative=intern").status_code == 404
    assert client.get("/gremien/?initiative=gibt-es-nicht").status_code == 404


# --- a body --------------------------------------------------------------------------------


def test_body_page_composition_warning_and_cadence(structure, client):
    response = client.get("/gremien/industrie-forum/")

    text = text_of(response)
    proposed = selectors.add_months(
        timezone.localtime(structure["last_meeting"].starts_at).date(), 3
    )
    assert "Das Forum hat 28 Unternehmensvertretungen – mindestens 30 sind vorgesehen." in text
    assert "3 Intermediäre (Kammern, Verbände, öffentliche Stellen)" in text
    assert f"Nächste Sitzung laut Rhythmus: {proposed:%d.%m.%Y}" in text
    assert "Sitzung überfällig" not in text  # the warning is for staff
    assert "Forum Herbst" in text
    assert "Berichten an dieses Gremium" in text and "Steuerteam" in text


def test_body_page_overdue_warning_for_staff(structure, client_for):
    response = client_for("staff").get("/gremien/industrie-forum/")

    proposed = selectors.add_months(
        timezone.localtime(structure["last_meeting"].starts_at).date(), 3
    )
    assert (
        f"Sitzung überfällig: Laut Rhythmus war am {proposed:%d.%m.%Y} eine Sitzung "
        "fällig, und es ist keine geplant."
    ) in text_of(response)


def test_body_page_composition_met_shows_no_warning(structure, client):
    for _number in range(2):
        MembershipFactory(body=structure["forum"], organisation=OrganisationFactory())

    text = text_of(client.get("/gremien/industrie-forum/"))

    assert "30 Unternehmensvertretungen (vorgesehen: mindestens 30)" in text
    assert "sind vorgesehen." not in text


def test_body_page_members_as_the_api_shows_them(structure, client, client_for):
    forum = structure["forum"]

    public_page = client.get(forum.get_absolute_url())
    public_api = client.get(f"/api/v1/bodies/{forum.pk}").json()
    staff_page = client_for("staff").get(forum.get_absolute_url())
    staff_api = client_for("staff").get(f"/api/v1/bodies/{forum.pk}").json()

    public_names = [m.person.full_name for m in public_page.context["members"]]
    assert public_names == [m["name"] for m in public_api["members"]]
    assert public_names == ["Unternehmerin Nr00", "Unternehmerin Nr01", "Unternehmerin Nr02"]
    assert "Das Gremium hat 31 Mitglieder; genannt wird nur, wer zugestimmt hat." in text_of(
        public_page
    )
    staff_names = [m.person.full_name for m in staff_page.context["members"]]
    assert staff_names == [m["name"] for m in staff_api["members"]]
    assert len(staff_names) == 31
    # members first, intermediaries after them
    assert staff_names[-3:] == ["Kammer Nr0", "Kammer Nr1", "Kammer Nr2"]
    assert (
        public_api["company_members"],
        public_api["intermediaries"],
        public_api["composition_met"],
    ) == (28, 3, False)


def test_body_page_action_items_hide_names_of_unlisted_people(structure, client, client_for):
    forum = structure["forum"]
    hidden = Membership.objects.filter(body=forum, is_listed=False).first().person
    named = structure["listed"][0].person
    ActionItemFactory(
        body=forum,
        title="Flächenbedarf erheben",
        assignee=hidden,
        due_date=timezone.localdate() - dt.timedelta(days=3),
    )
    ActionItemFactory(body=forum, title="Einladung vorbereiten", assignee=named)

    public_text = text_of(client.get(forum.get_absolute_url()))
    staff_text = text_of(client_for("staff").get(forum.get_absolute_url()))

    assert "Flächenbedarf erheben nicht öffentlich genannt" in public_text
    assert f"Einladung vorbereiten {named.full_name}" in public_text
    assert f"Flächenbedarf erheben {hidden.full_name}" in staff_text
    assert "überfällig" in public_text


def test_body_page_lists_draft_votes_only_to_managers(structure, users, client, client_for):
    forum, staff = structure["forum"], users["staff"]
    services.vote_create(actor=staff, body=forum, title="Noch im Entwurf", options=["Ja", "Nein"])
    running = services.vote_create(
        actor=staff, body=forum, title="Läuft schon", options=["Ja", "Nein"]
    )
    services.vote_open(actor=staff, vote=running)

    public_text = text_of(client.get(forum.get_absolute_url()))
    staff_text = text_of(client_for("staff").get(forum.get_absolute_url()))

    assert "Läuft schon" in public_text and "Noch im Entwurf" not in public_text
    assert "Läuft schon" in staff_text and "Noch im Entwurf" in staff_text


def test_body_page_management_actions_only_for_staff_and_chair(structure, client, client_for):
    flaechen = structure["flaechen"]
    chair = person_user()
    MembershipFactory(body=flaechen, person=chair.person, role="chair")

    anonymous = client.get(flaechen.get_absolute_url()).content.decode()
    chair_page = signed_in(client, chair).get(flaechen.get_absolute_url()).content.decode()
    staff_page = client_for("staff").get(flaechen.get_absolute_url()).content.decode()

    assert "Mitglied hinzufügen" not in anonymous and "Sitzung anlegen" not in anonymous
    assert "Mitglied hinzufügen" in chair_page and "Abstimmung anlegen" in chair_page
    assert "Gremium bearbeiten" not in chair_page
    assert "Gremium bearbeiten" in staff_page


# --- join requests through the pages -------------------------------------------------------


def test_join_request_through_the_pages(
    structure, users, client_for, django_capture_on_commit_callbacks
):
    flaechen = structure["flaechen"]
    company = users["company"]
    company.person = PersonFactory(first_name="Carla", last_name="Betrieb")
    company.save()
    company_client = client_for("company")

    before = company_client.get(flaechen.get_absolute_url())
    asked = company_client.post(
        f"/gremien/{flaechen.slug}/mitarbeit-anfragen/",
        {"message": "Wir suchen Erweiterungsflächen."},
    )
    after = company_client.get(flaechen.get_absolute_url())
    again = company_client.post(f"/gremien/{flaechen.slug}/mitarbeit-anfragen/", {})
    staff_page = client_for("staff").get(flaechen.get_absolute_url())
    join_request = JoinRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        decided = client_for("staff").post(
            f"/gremien/{flaechen.slug}/anfragen/{join_request.pk}/entscheiden/",
            {"decision": "accept", "note": ""},
        )
    member_page = company_client.get(flaechen.get_absolute_url())

    assert "Mitarbeit anfragen" in text_of(before)
    assert asked.status_code == 302
    assert "Ihre Anfrage zur Mitarbeit vom" in text_of(after)
    assert "Ihre Anfrage für dieses Gremium liegt bereits vor." in text_of(again)
    assert "Carla Betrieb" in text_of(staff_page)
    assert "Wir suchen Erweiterungsflächen." in text_of(staff_page)
    assert decided.status_code == 302
    assert JoinRequest.objects.get().status == "accepted"
    assert Membership.objects.get(body=flaechen, person=company.person).role == "member"
    assert [message.to for message in mail.outbox] == [[company.email]]
    assert "Sie sind Mitglied (Mitglied)" in text_of(member_page)


# --- management through the pages ----------------------------------------------------------


def test_staff_creates_a_body_through_the_form(structure, client_for):
    staff = client_for("staff")
    form = staff.get("/gremien/neu/?initiative=industrie-dialog")
    response = staff.post(
        "/gremien/neu/",
        {
            "initiative": structure["initiative"].pk,
            "kind": "working_group",
            "name": "AG Energie",
            "parent": structure["steering"].pk,
            "topic": "Energiekosten",
            "status": "active",
            "is_public": "on",
            "order": "5",
            "cadence_months": "2",
        },
    )

    body = Body.objects.get(name="AG Energie")
    assert form.status_code == 200
    assert response.status_code == 302 and response["Location"] == body.get_absolute_url()
    assert (body.parent, body.topic, body.cadence_months, body.slug) == (
        structure["steering"],
        "Energiekosten",
        2,
        "industrie-dialog-ag-energie",
    )
    assert AuditEvent.objects.filter(action="dialog.body.create").count() == 1


def test_body_form_errors_are_german(structure, client_for):
    response = client_for("staff").post("/gremien/neu/", {"kind": "", "name": ""})

    text = text_of(response)
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben." in text
    assert "Bitte geben Sie den Namen ein." in text
    assert "Bitte wählen Sie die Art aus." in text
    assert "Bitte wählen Sie die Initiative aus." in text


def test_chair_adds_and_ends_a_membership(structure, client):
    flaechen = structure["flaechen"]
    chair = person_user()
    MembershipFactory(body=flaechen, person=chair.person, role="chair")
    newcomer = PersonFactory(first_name="Nora", last_name="Neu")
    chamber = OrganisationFactory(name="Handwerkskammer Aachen", kind="chamber")
    signed_in(client, chair)

    added = client.post(
        f"/gremien/{flaechen.slug}/mitglieder/neu/",
        {
            "person": newcomer.pk,
            "organisation": chamber.pk,
            "role": "member",
            "start_date": "2026-01-15",
            "is_listed": "on",
        },
    )
    twice = client.post(
        f"/gremien/{flaechen.slug}/mitglieder/neu/",
        {
            "person": newcomer.pk,
            "organisation": chamber.pk,
            "role": "member",
            "start_date": "2026-01-15",
        },
    )
    membership = Membership.objects.get(person=newcomer)
    ended = client.post(
        f"/gremien/{flaechen.slug}/mitglieder/{membership.pk}/beenden/", {"end_date": "2025-12-31"}
    )
    ended_ok = client.post(
        f"/gremien/{flaechen.slug}/mitglieder/{membership.pk}/beenden/", {"end_date": "2026-06-30"}
    )

    membership.refresh_from_db()
    assert added.status_code == 302
    assert (membership.role, membership.is_listed, membership.start_date) == (
        "intermediary",
        True,
        dt.date(2026, 1, 15),
    )
    assert "Nora Neu ist bereits Mitglied in AG Flächen." in text_of(twice)
    assert "Das Ende liegt vor dem Beginn der Mitgliedschaft." in text_of(ended)
    assert ended_ok.status_code == 302
    assert membership.end_date == dt.date(2026, 6, 30)


def test_meeting_workflow_through_the_pages(
    structure, client_for, django_capture_on_commit_callbacks
):
    forum = structure["forum"]
    member = MembershipFactory(body=forum, person=PersonFactory(email="m@example.org"))
    staff = client_for("staff")
    start = timezone.localtime() + dt.timedelta(days=10)

    bad = staff.post(
        f"/gremien/{forum.slug}/sitzungen/neu/",
        {
            "title": "Frühjahr",
            "starts_at": f"{start:%Y-%m-%dT%H:%M}",
            "ends_at": f"{start:%Y-%m-%dT%H:%M}",
        },
    )
    created = staff.post(
        f"/gremien/{forum.slug}/sitzungen/neu/",
        {
            "title": "Forum Frühjahr",
            "starts_at": f"{start:%Y-%m-%dT10:00}",
            "ends_at": f"{start:%Y-%m-%dT12:00}",
            "location": "Super C, Aachen",
            "online_url": "https://video.example.org/forum",
            "agenda": "Begrüßung\nBerichte",
        },
    )
    meeting = Meeting.objects.get(title="Forum Frühjahr")
    url = meeting.get_absolute_url()
    staff.post(f"{url}tagesordnung/neu/", {"title": "Verschiedenes"})
    with django_capture_on_commit_callbacks(execute=True):
        invited = staff.post(f"{url}einladen/")
    staff.post(f"{url}anwesenheit/", {f"person_{member.person_id}": "excused"})
    early_minutes = staff.post(f"{url}protokoll/", {"minutes": "Notizen", "held": "on"})
    staff.post(f"{url}protokoll/", {"minutes": "Vorab-Notizen"})
    staff.post(
        f"{url}beschluesse/neu/",
        {
            "text": "Das Forum tagt im Mai erneut.",
            "agenda_item": meeting.agenda_items.get(position=2).pk,
        },
    )
    staff.post(
        f"{url}aufgaben/neu/",
        {"title": "Raum buchen", "assignee": member.person_id, "due_date": f"{start:%Y-%m-%d}"},
    )
    page = staff.get(url)
    ics = staff.get(f"{url}kalender.ics")

    meeting.refresh_from_db()
    assert "Das Ende der Sitzung muss nach ihrem Beginn liegen." in text_of(bad)
    assert created.status_code == 302 and created["Location"] == url
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "Begrüßung",
        "Berichte",
        "Verschiedenes",
    ]
    assert invited.status_code == 302 and meeting.status == "invited"
    assert len(mail.outbox) == 1 and mail.outbox[0].bcc == ["m@example.org"]
    assert Attendance.objects.get().status == "excused"
    assert "Eine Sitzung in der Zukunft kann nicht als durchgeführt gelten." in text_of(
        early_minutes
    )
    assert meeting.minutes == "Vorab-Notizen"
    assert Decision.objects.get(meeting=meeting).agenda_item.title == "Berichte"
    assert ActionItem.objects.get().assignee == member.person
    text = text_of(page)
    for expected in (
        "Super C, Aachen",
        "https://video.example.org/forum",
        "TOP 3: Verschiedenes",
        "1 entschuldigt",
        "Vorab-Notizen",
        "zu TOP 2: Das Forum tagt im Mai erneut.",
        "Raum buchen",
        "Einladung versandt",
    ):
        assert expected in text, expected
    assert ics.status_code == 200
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert ics["Content-Disposition"] == f'attachment; filename="sitzung-{meeting.pk}.ics"'
    assert "SUMMARY:Industrie-Forum: Forum Frühjahr" in ics.content.decode()


def test_meeting_page_shows_attendance_names_only_to_insiders(structure, client, client_for):
    meeting = structure["last_meeting"]
    person = Membership.objects.filter(body=structure["forum"], is_listed=False)[0].person
    Attendance.objects.create(meeting=meeting, person=person, status="present")

    public_text = text_of(client.get(meeting.get_absolute_url()))
    staff_text = text_of(client_for("staff").get(meeting.get_absolute_url()))

    assert "1 anwesend" in public_text and person.full_name not in public_text
    assert f"{person.full_name}: anwesend" in staff_text
    assert "Bericht aus den Arbeitsgruppen" in public_text
    assert "Das Forum richtet eine AG Energie ein." in public_text


def test_meetings_api_agrees_with_body_page(structure, client):
    forum = structure["forum"]
    MeetingFactory(body=forum, title="Forum Frühjahr")

    page = client.get(forum.get_absolute_url())
    api = client.get(f"/api/v1/meetings?body={forum.pk}").json()

    shown = [m.title for m in page.context["upcoming_meetings"] + page.context["past_meetings"]]
    assert (
        sorted(shown) == sorted(item["title"] for item in api) == ["Forum Frühjahr", "Forum Herbst"]
    )


# --- my tasks ------------------------------------------------------------------------------


def test_my_tasks_open_first_overdue_marked_and_status_change(structure, client):
    user = person_user()
    forum = structure["forum"]
    MembershipFactory(body=forum, person=user.person)
    today = timezone.localdate()
    done = ActionItemFactory(body=forum, assignee=user.person, title="Alte Aufgabe", status="done")
    overdue = ActionItemFactory(
        body=forum,
        assignee=user.person,
        title="Bericht schreiben",
        due_date=today - dt.timedelta(days=2),
    )
    ActionItemFactory(body=forum, title="Aufgabe von jemand anderem")
    signed_in(client, user)

    page = client.get("/meine-aufgaben/")
    changed = client.post(
        f"/aufgaben/{overdue.pk}/status/",
        {f"item-{overdue.pk}-status": "in_progress", "next": "/meine-aufgaben/"},
        follow=True,
    )
    illegal = client.post(
        f"/aufgaben/{done.pk}/status/", {f"item-{done.pk}-status": "cancelled"}, follow=True
    )

    assert [item.title for item, _form in page.context["rows"]] == [
        "Bericht schreiben",
        "Alte Aufgabe",
    ]
    text = text_of(page)
    assert "1 offene Aufgabe, davon 1 überfällig." in text
    assert "Bericht schreiben" in text and "überfällig" in text
    assert "Aufgabe von jemand anderem" not in text
    assert "„Bericht schreiben“ ist jetzt in Arbeit." in text_of(changed)
    assert "Von „erledigt“ kann die Aufgabe nicht auf „entfallen“ wechseln." in text_of(illegal)
    assert illegal.redirect_chain == [("/meine-aufgaben/", 302)]
    assert dict(ActionItem.objects.values_list("title", "status")) == {
        "Alte Aufgabe": "done",
        "Bericht schreiben": "in_progress",
        "Aufgabe von jemand anderem": "open",
    }


def test_my_tasks_offers_only_legal_moves(structure, client):
    user = person_user()
    item = ActionItemFactory(body=structure["forum"], assignee=user.person, status="done")

    page = signed_in(client, user).get("/meine-aufgaben/")

    [(_item, form)] = page.context["rows"]
    assert [value for value, _label in form.fields["status"].choices] == ["open"]
    assert item.status == "done"


def test_my_tasks_without_person_explains_and_anonymous_is_sent_to_login(
    client, client_for, db, users
):
    anonymous = client.get("/meine-aufgaben/")
    without_person = client_for("public").get("/meine-aufgaben/")

    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/konto/")
    assert "Ihrem Konto ist noch keine Person zugeordnet." in text_of(without_person)


# --- votes ---------------------------------------------------------------------------------


@pytest.fixture
def voting(structure, users):
    flaechen = structure["flaechen"]
    voters = []
    for name in ("Anna", "Bert", "Cem"):
        user = person_user(first_name=name, last_name="Wahl")
        MembershipFactory(body=flaechen, person=user.person)
        voters.append(user)
    return {"body": flaechen, "voters": voters, "staff": users["staff"]}


def test_approval_vote_through_the_pages(voting, client, client_for):
    body, (anna, bert, cem) = voting["body"], voting["voters"]
    staff_client = client_for("staff")

    created = staff_client.post(
        f"/gremien/{body.slug}/abstimmungen/neu/",
        {
            "title": "Welche Flächen prüfen wir zuerst?",
            "options": "Camp Pontsheide\nAvantis\n",
            "method": "approval",
            "secrecy": "open",
        },
    )
    vote = Vote.objects.get()
    url = vote.get_absolute_url()
    staff_client.post(f"{url}oeffnen/")
    ids = {option.label: option.pk for option in vote.options.all()}
    ballot_page = signed_in(client, anna).get(url)
    empty = client.post(url, {})
    client.post(url, {"approvals": [ids["Camp Pontsheide"], ids["Avantis"]]})
    after_vote = client.get(url)
    second = client.post(url, {"approvals": [ids["Avantis"]]}, follow=True)
    signed_in(client, bert).post(url, {"approvals": [ids["Avantis"]]})
    public_before_close = client_for("public").get(url)
    api_before_close = client_for("public").get(f"/api/v1/votes/{vote.pk}/result")
    staff_client.post(f"{url}schliessen/")
    result_page = client_for("public").get(url)
    api = client_for("public").get(f"/api/v1/votes/{vote.pk}/result").json()

    assert created.status_code == 302
    assert ballot_page.context["form"] is not None
    assert 'type="checkbox" name="approvals"' in ballot_page.content.decode()
    assert "Bitte wählen Sie mindestens eine Option." in text_of(empty)
    assert "Sie haben abgestimmt." in text_of(after_vote)
    assert after_vote.context["form"] is None
    assert "Sie haben in dieser Abstimmung bereits abgestimmt." in text_of(second)
    assert public_before_close.context["form"] is None
    assert "Abstimmen können die Mitglieder des Gremiums." in text_of(public_before_close)
    assert "Wahlbeteiligung" not in text_of(public_before_close)
    assert api_before_close.status_code == 404
    text = text_of(result_page)
    assert "Wahlbeteiligung: 2 von 3 Stimmberechtigten (67 %)" in text
    assert "Avantis angenommen 2" in text
    assert "Camp Pontsheide 1" in text
    assert "Abgestimmt haben Anna Wahl Bert Wahl" in text
    assert cem.person.full_name not in text
    assert (api["ballots"], api["eligible"], api["winners"], api["voters"]) == (
        2,
        3,
        ["Avantis"],
        ["Anna Wahl", "Bert Wahl"],
    )


def test_ranked_secret_vote_through_the_pages(voting, client, client_for):
    body, voters = voting["body"], voting["voters"]
    vote = services.vote_create(
        actor=voting["staff"],
        body=body,
        title="Reihenfolge",
        options=["A", "B", "C"],
        method="ranked",
        secrecy="secret",
    )
    services.vote_open(actor=voting["staff"], vote=vote)
    ids = {option.label: option.pk for option in vote.options.all()}
    url = vote.get_absolute_url()

    form_html = signed_in(client, voters[0]).get(url).content.decode()
    nothing_ranked = client.post(url, {})
    client.post(url, {f"rank_{ids['A']}": "1", f"rank_{ids['B']}": "2", f"rank_{ids['C']}": "3"})
    signed_in(client, voters[1]).post(url, {f"rank_{ids['C']}": "1", f"rank_{ids['A']}": "1"})
    signed_in(client, voters[2]).post(url, {f"rank_{ids['A']}": "2", f"rank_{ids['B']}": "1"})
    client_for("staff").post(f"{url}schliessen/")
    page = client.get(url)

    assert f'name="rank_{ids["A"]}"' in form_html and "ohne Rang (zuletzt)" in form_html
    assert "Bitte vergeben Sie mindestens einen Rang." in text_of(nothing_ranked)
    assert sorted(json.dumps(ballot.ranking) for ballot in Ballot.objects.all()) == sorted(
        json.dumps(ranking)
        for ranking in (
            [ids["A"], ids["B"], ids["C"]],
            [[ids["A"], ids["C"]]],
            [ids["B"], ids["A"]],
        )
    )
    text = text_of(page)
    # A before B 2:1, A before C 2:0, B before C 2:1.
    assert "Platz 1: A Platz 2: B Platz 3: C" in text
    assert "A – 2 2 B 1 – 2 C 0 1 –" in text
    assert "Wahlbeteiligung: 3 von 3 Stimmberechtigten (100 %)" in text
    assert "Geheime Abstimmung: Es werden keine Namen genannt." in text
    assert "Anna Wahl" not in text


def test_draft_vote_shows_no_ballot(voting, client):
    vote = services.vote_create(
        actor=voting["staff"], body=voting["body"], title="Entwurf", options=["Ja", "Nein"]
    )

    page = signed_in(client, voting["voters"][0]).get(vote.get_absolute_url())

    assert page.context["form"] is None
    assert "Diese Abstimmung ist noch nicht geöffnet." in text_of(page)


# --- query counts --------------------------------------------------------------------------


def build_bodies(count: int) -> InitiativeFactory:
    initiative = InitiativeFactory(slug=f"menge-{count}")
    forum = BodyFactory(initiative=initiative, kind="forum", name="Forum")
    parent = forum
    for number in range(count - 1):
        body = BodyFactory(
            initiative=initiative, parent=parent if number % 3 else forum, name=f"AG {number:02d}"
        )
        MembershipFactory(body=body, is_listed=True)
        MembershipFactory(body=body, is_listed=False)
        parent = body
    return initiative


def build_body_with_members(count: int) -> Body:
    body = BodyFactory(
        kind="forum", min_company_members=30, cadence_months=3, slug=f"forum-{count}"
    )
    BodyFactory(initiative=body.initiative, parent=body)
    for number in range(count):
        membership = MembershipFactory(body=body, is_listed=number % 2 == 0)
        ActionItemFactory(
            body=body,
            assignee=membership.person,
            due_date=timezone.localdate() - dt.timedelta(days=number),
        )
        MeetingFactory(body=body, starts_at=timezone.now() + dt.timedelta(days=number - 10))
        child = BodyFactory(initiative=body.initiative, parent=body)
        MembershipFactory(body=child)
    for _number in range(min(count, 5)):
        JoinRequest.objects.create(
            body=body,
            user=UserFactory(),
            person=PersonFactory(),
            organisation=OrganisationFactory(),
        )
    services_vote = Vote.objects.create(body=body, title="Frage")
    services_vote.options.create(label="Ja")
    return body


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_structure_page_query_count_is_constant(db, client_for, role):
    small, large = build_bodies(3), build_bodies(30)
    client = client_for(role)
    client.get("/gremien/")  # warm up session and caches

    small_count = queries_for(client, f"/gremien/?initiative={small.slug}")
    large_count = queries_for(client, f"/gremien/?initiative={large.slug}")
    all_count = queries_for(client, "/gremien/")

    # all initiatives: the same without looking up the one initiative
    assert small_count == large_count == all_count + 1
    assert large_count <= (8 if role == "staff" else 5)


def test_structure_selector_needs_two_queries(db, django_assert_num_queries):
    initiative = build_bodies(30)

    with django_assert_num_queries(2):
        forest = selectors.structure_for(None, initiative=initiative)
        bodies = _walk(forest)
        listed = [
            (m.person.full_name, m.organisation.name, body.member_count)
            for body in bodies
            for m in body.listed_memberships
        ]

    assert [body.name for body, _children in forest] == ["Forum"]
    assert len(bodies) == 30
    assert len(listed) == 29  # one listed and one unlisted member in each group
    assert {count for _name, _organisation, count in listed} == {2}


def _walk(forest):
    return [body for body, children in forest for body in [body, *_walk(children)]]


@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_body_page_query_count_is_constant(db, client_for, role):
    small, large = build_body_with_members(3), build_body_with_members(30)
    client = client_for(role)
    client.get("/gremien/")

    small_count = queries_for(client, small.get_absolute_url())
    large_count = queries_for(client, large.get_absolute_url())

    assert small_count == large_count
    assert large_count <= (14 if role == "staff" else 10)


def test_body_page_query_count_pinned_for_a_member(db, client):
    body = build_body_with_members(30)
    user = person_user()
    MembershipFactory(body=body, person=user.person, role="chair")
    signed_in(client, user).get("/gremien/")

    count = queries_for(client, body.get_absolute_url())

    assert count <= 17


def test_meeting_create_form_adds_agenda_items(structure, client_for):
    start = timezone.localtime() + dt.timedelta(days=3)
    client_for("staff").post(
        f"/gremien/{structure['steering'].slug}/sitzungen/neu/",
        {
            "title": "Steuerteam",
            "starts_at": f"{start:%Y-%m-%dT09:00}",
            "ends_at": f"{start:%Y-%m-%dT10:30}",
            "agenda": "TOP eins\n\nTOP zwei",
        },
    )

    meeting = Meeting.objects.get(body=structure["steering"])
    assert list(AgendaItem.objects.filter(meeting=meeting).values_list("position", "title")) == [
        (1, "TOP eins"),
        (2, "TOP zwei"),
    ]
