"""The permission matrix of the dialog app: every page, POST action and API endpoint against
anonymous, public, a company representative who is not a member, one who is, a partner
member, the chair of the body, and staff. What a role may not see answers 404 (non-public
bodies, another initiative's internal bodies); a denied write changes nothing and sends
nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from industriedialog.actors.tests.factories import OrganisationFactory, PersonFactory
from industriedialog.api.services import api_token_create
from industriedialog.core.models import AuditEvent
from industriedialog.core.tests.factories import InitiativeFactory, UserFactory
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
    VoteOption,
    VoteParticipation,
)
from industriedialog.dialog.tests.factories import (
    ActionItemFactory,
    BodyFactory,
    MeetingFactory,
    MembershipFactory,
    VoteFactory,
)

ROLES = ("anonymous", "public", "company", "member", "partner", "chair", "staff")
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
MANAGERS = frozenset({"chair", "staff"})
STAFF = frozenset({"staff"})
NOBODY: frozenset[str] = frozenset()


@pytest.fixture
def world(db, users):
    """A public initiative with a public working group (chair, member, an unlisted member,
    meetings, votes, an action item, a pending join request), a non-public group of the
    same initiative (the member sits in it), a non-public group nobody of the test users
    sits in, and a group of an internal initiative."""
    offen = InitiativeFactory(slug="offen", name="Offene Initiative")
    intern = InitiativeFactory(slug="intern", name="Interne Initiative", is_public=False)
    body = BodyFactory(initiative=offen, name="AG Offen", slug="ag-offen", cadence_months=3)
    members_only = BodyFactory(
        initiative=offen, name="AG Nur Mitglieder", slug="ag-mitglieder", is_public=False
    )
    hidden = BodyFactory(initiative=offen, name="AG Verdeckt", slug="ag-verdeckt", is_public=False)
    foreign = BodyFactory(initiative=intern, name="AG Andere", slug="ag-andere")

    for role in ("company", "partner"):
        users[role].person = PersonFactory(first_name=role.title(), last_name="Nutzer")
        users[role].save()
    member = UserFactory(
        username="mitglied",
        role="company",
        organisation=OrganisationFactory(),
        person=PersonFactory(first_name="Mia", last_name="Mitglied"),
    )
    chair = UserFactory(
        username="vorsitz",
        role="company",
        organisation=OrganisationFactory(),
        person=PersonFactory(first_name="Vera", last_name="Vorsitz"),
    )
    member_seat = MembershipFactory(
        body=body, person=member.person, organisation=member.organisation, is_listed=True
    )
    MembershipFactory(body=members_only, person=member.person, organisation=member.organisation)
    MembershipFactory(
        body=body,
        person=chair.person,
        organisation=chair.organisation,
        role="chair",
        is_listed=True,
    )
    unlisted = MembershipFactory(
        body=body,
        is_listed=False,
        person=PersonFactory(first_name="Ulla", last_name="Ungenannt", email="ulla@example.org"),
    )
    for other in (hidden, foreign):
        MembershipFactory(body=other, person=PersonFactory(email="x@example.org"), role="chair")

    meeting = MeetingFactory(body=body, title="Nächste Sitzung")
    agenda_item = AgendaItem.objects.create(meeting=meeting, position=1, title="Begrüßung")
    past = MeetingFactory(
        body=body, title="Letzte Sitzung", starts_at=timezone.now() - dt.timedelta(days=20)
    )
    hidden_meeting = MeetingFactory(body=hidden, title="Verdeckte Sitzung")
    foreign_meeting = MeetingFactory(body=foreign, title="Andere Sitzung")
    item = ActionItemFactory(
        body=body, meeting=past, assignee=member.person, title="Protokoll verteilen"
    )
    draft = VoteFactory(body=body, title="Entwurf")
    open_vote = VoteFactory(body=body, title="Laufend", status="open", opened_at=timezone.now())
    closed = VoteFactory(
        body=body,
        title="Beendet",
        status="closed",
        eligible_count=3,
        opened_at=timezone.now(),
        closed_at=timezone.now(),
    )
    hidden_vote = VoteFactory(body=hidden, title="Verdeckt", status="closed", eligible_count=1)
    foreign_vote = VoteFactory(body=foreign, title="Andere", status="open")
    applicant = PersonFactory(first_name="Anton", last_name="Antrag")
    join_request = JoinRequest.objects.create(
        body=body,
        user=UserFactory(role="company"),
        person=applicant,
        organisation=OrganisationFactory(),
    )
    return {
        "users": {**users, "member": member, "chair": chair},
        "offen": offen,
        "body": body,
        "members_only": members_only,
        "hidden": hidden,
        "foreign": foreign,
        "member_seat": member_seat,
        "unlisted": unlisted,
        "meeting": meeting,
        "agenda_item": agenda_item,
        "past": past,
        "hidden_meeting": hidden_meeting,
        "foreign_meeting": foreign_meeting,
        "item": item,
        "draft": draft,
        "open_vote": open_vote,
        "closed": closed,
        "hidden_vote": hidden_vote,
        "foreign_vote": foreign_vote,
        "join_request": join_request,
        "newcomer": PersonFactory(first_name="Nina"),
    }


def client_of(world, role: str) -> Client:
    client = Client()
    user = world["users"][role]
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def token_headers(world, role: str) -> dict[str, str]:
    user = world["users"][role]
    if user is None:
        return {}
    _token, raw = api_token_create(actor=None, user=user, name="test")
    return {"Authorization": f"Bearer {raw}"}


# --- pages ---------------------------------------------------------------------------------


def page_matrix(w) -> list[tuple[str, frozenset[str], int]]:
    """(url, roles that may open it, status for them). Everyone else gets a 404."""
    body, hidden, meeting = w["body"], w["hidden"], w["meeting"]
    return [
        ("/gremien/", EVERYONE, 200),
        ("/gremien/?initiative=offen", EVERYONE, 200),
        ("/gremien/?initiative=intern", STAFF, 200),
        (body.get_absolute_url(), EVERYONE, 200),
        (w["members_only"].get_absolute_url(), {"member", "staff"}, 200),
        (hidden.get_absolute_url(), STAFF, 200),
        (w["foreign"].get_absolute_url(), STAFF, 200),
        ("/gremien/neu/", STAFF, 200),
        (f"/gremien/{body.slug}/bearbeiten/", STAFF, 200),
        (f"/gremien/{hidden.slug}/bearbeiten/", STAFF, 200),
        (f"/gremien/{body.slug}/mitglieder/neu/", MANAGERS, 200),
        (f"/gremien/{body.slug}/mitglieder/{w['member_seat'].pk}/beenden/", MANAGERS, 200),
        (f"/gremien/{hidden.slug}/mitglieder/neu/", STAFF, 200),
        (f"/gremien/{body.slug}/mitarbeit-anfragen/", EVERYONE, 302),
        (f"/gremien/{hidden.slug}/mitarbeit-anfragen/", STAFF, 302),
        (f"/gremien/{body.slug}/sitzungen/neu/", MANAGERS, 200),
        (f"/gremien/{body.slug}/abstimmungen/neu/", MANAGERS, 200),
        (f"/gremien/{hidden.slug}/sitzungen/neu/", STAFF, 200),
        (meeting.get_absolute_url(), EVERYONE, 200),
        (f"/sitzungen/{meeting.pk}/kalender.ics", EVERYONE, 200),
        (w["hidden_meeting"].get_absolute_url(), STAFF, 200),
        (f"/sitzungen/{w['hidden_meeting'].pk}/kalender.ics", STAFF, 200),
        (w["foreign_meeting"].get_absolute_url(), STAFF, 200),
        (f"/sitzungen/{meeting.pk}/bearbeiten/", MANAGERS, 200),
        (f"/sitzungen/{meeting.pk}/tagesordnung/neu/", MANAGERS, 200),
        (f"/sitzungen/{meeting.pk}/anwesenheit/", MANAGERS, 200),
        (f"/sitzungen/{meeting.pk}/protokoll/", MANAGERS, 200),
        (f"/sitzungen/{meeting.pk}/beschluesse/neu/", MANAGERS, 200),
        (f"/sitzungen/{meeting.pk}/aufgaben/neu/", MANAGERS, 200),
        (f"/sitzungen/{w['hidden_meeting'].pk}/bearbeiten/", STAFF, 200),
        (w["draft"].get_absolute_url(), EVERYONE, 200),
        (w["open_vote"].get_absolute_url(), EVERYONE, 200),
        (w["closed"].get_absolute_url(), EVERYONE, 200),
        (w["hidden_vote"].get_absolute_url(), STAFF, 200),
        (w["foreign_vote"].get_absolute_url(), STAFF, 200),
        ("/meine-aufgaben/", SIGNED_IN, 200),
        ("/api/v1/bodies?initiative=offen", EVERYONE, 200),
        (f"/api/v1/bodies/{body.pk}", EVERYONE, 200),
        (f"/api/v1/bodies/{w['members_only'].pk}", {"member", "staff"}, 200),
        (f"/api/v1/bodies/{hidden.pk}", STAFF, 200),
        (f"/api/v1/bodies/{w['foreign'].pk}", STAFF, 200),
        (f"/api/v1/meetings?body={body.pk}", EVERYONE, 200),
        (f"/api/v1/votes/{w['closed'].pk}/result", EVERYONE, 200),
        (f"/api/v1/votes/{w['open_vote'].pk}/result", NOBODY, 200),  # not before closing
        (f"/api/v1/votes/{w['hidden_vote'].pk}/result", STAFF, 200),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_page_matrix(role, world):
    client = client_of(world, role)
    for url, allowed, status in page_matrix(world):
        response = client.get(url)
        if url == "/meine-aufgaben/" and role == "anonymous":
            expected = 302  # sent to the login page
        else:
            expected = status if role in allowed else 404
        assert response.status_code == expected, (role, url, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_api_matrix_with_tokens(role, world):
    client = Client()
    headers = token_headers(world, role)
    for url, allowed, status in page_matrix(world):
        if not url.startswith("/api/"):
            continue
        response = client.get(url, headers=headers)
        assert response.status_code == (status if role in allowed else 404), (role, url)
        if response.status_code == 404:
            assert response.json() == {"detail": "Nicht gefunden."}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", ["AG Offen"]),
        ("public", ["AG Offen"]),
        ("company", ["AG Offen"]),
        ("member", ["AG Nur Mitglieder", "AG Offen"]),
        ("staff", ["AG Nur Mitglieder", "AG Offen", "AG Verdeckt"]),
    ],
)
def test_api_body_list_shows_what_the_role_may_see(role, expected, world):
    response = Client().get("/api/v1/bodies?initiative=offen", headers=token_headers(world, role))

    assert sorted(body["name"] for body in response.json()) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", ["Mia Mitglied", "Vera Vorsitz"]),
        ("public", ["Mia Mitglied", "Vera Vorsitz"]),
        ("partner", ["Mia Mitglied", "Vera Vorsitz"]),
        ("member", ["Mia Mitglied", "Ulla Ungenannt", "Vera Vorsitz"]),
        ("chair", ["Mia Mitglied", "Ulla Ungenannt", "Vera Vorsitz"]),
        ("staff", ["Mia Mitglied", "Ulla Ungenannt", "Vera Vorsitz"]),
    ],
)
def test_unlisted_members_only_for_members_and_staff(role, expected, world):
    body = world["body"]

    api = Client().get(f"/api/v1/bodies/{body.pk}", headers=token_headers(world, role)).json()
    page = client_of(world, role).get(body.get_absolute_url())

    assert sorted(member["name"] for member in api["members"]) == expected
    assert sorted(m.person.full_name for m in page.context["members"]) == expected
    assert ("Ulla Ungenannt" in page.content.decode()) == ("Ulla Ungenannt" in expected)


def test_meetings_api_hides_meetings_of_invisible_bodies(world):
    public = Client().get(f"/api/v1/meetings?body={world['hidden'].pk}")
    staff = Client().get(
        f"/api/v1/meetings?body={world['hidden'].pk}", headers=token_headers(world, "staff")
    )

    assert public.json() == []
    assert [meeting["title"] for meeting in staff.json()] == ["Verdeckte Sitzung"]


def test_vote_result_api_only_after_closing(world, django_capture_on_commit_callbacks):
    from industriedialog.dialog import services

    vote = world["open_vote"]
    staff = world["users"]["staff"]
    options = list(vote.options.all())
    services.ballot_cast(actor=world["users"]["member"], vote=vote, approvals=[options[0].pk])
    before = Client().get(f"/api/v1/votes/{vote.pk}/result")
    services.vote_close(actor=staff, vote=vote)
    after = Client().get(f"/api/v1/votes/{vote.pk}/result")

    assert before.status_code == 404
    assert after.status_code == 200
    assert after.json()["winners"] == [options[0].label]
    assert after.json()["voters"] == ["Mia Mitglied"]
    assert (after.json()["ballots"], after.json()["eligible"]) == (1, 3)


# --- writes --------------------------------------------------------------------------------

WRITTEN_MODELS = (
    Body,
    Membership,
    JoinRequest,
    Meeting,
    AgendaItem,
    Attendance,
    Decision,
    ActionItem,
    Vote,
    VoteOption,
    VoteParticipation,
    Ballot,
)


def snapshot() -> dict[str, list[dict]]:
    state = {
        model.__name__: list(model.objects.order_by("pk").values()) for model in WRITTEN_MODELS
    }
    state["AuditEvent"] = [AuditEvent.objects.count()]
    return state


Action = tuple[Callable[[dict], tuple[str, dict]], frozenset[str], dict[str, int]]


def _today() -> str:
    return timezone.localdate().isoformat()


def _meeting_data(days: int = 30) -> dict[str, str]:
    start = timezone.localtime() + dt.timedelta(days=days)
    return {
        "title": "Neue Sitzung",
        "starts_at": f"{start:%Y-%m-%dT10:00}",
        "ends_at": f"{start:%Y-%m-%dT12:00}",
        "location": "Rathaus",
        "status": "planned",
        "agenda": "Begrüßung",
    }


def _body_data(w) -> dict:
    return {
        "initiative": w["offen"].pk,
        "kind": "working_group",
        "name": "AG Eindringling",
        "status": "active",
        "order": "1",
        "is_public": "on",
    }


ACTIONS: dict[str, Action] = {
    "body_create": (lambda w: ("/gremien/neu/", _body_data(w)), STAFF, {}),
    "body_update": (
        lambda w: ("/gremien/ag-offen/bearbeiten/", {**_body_data(w), "name": "AG Umbenannt"}),
        STAFF,
        {},
    ),
    "membership_add": (
        lambda w: (
            "/gremien/ag-offen/mitglieder/neu/",
            {
                "person": w["newcomer"].pk,
                "organisation": OrganisationFactory().pk,
                "role": "member",
                "start_date": _today(),
            },
        ),
        MANAGERS,
        {},
    ),
    "membership_add_hidden": (
        lambda w: (
            "/gremien/ag-verdeckt/mitglieder/neu/",
            {
                "person": w["newcomer"].pk,
                "organisation": OrganisationFactory().pk,
                "role": "member",
                "start_date": _today(),
            },
        ),
        STAFF,
        {},
    ),
    "membership_end": (
        lambda w: (
            f"/gremien/ag-offen/mitglieder/{w['unlisted'].pk}/beenden/",
            {"end_date": _today()},
        ),
        MANAGERS,
        {},
    ),
    # Members are told that they are members already (a form error, nothing written).
    "join_request_create": (
        lambda w: (
            "/gremien/ag-offen/mitarbeit-anfragen/",
            {"message": "Wir möchten mitarbeiten."},
        ),
        frozenset({"company", "partner"}),
        {"member": 200, "chair": 200},
    ),
    "join_request_create_hidden": (
        lambda w: ("/gremien/ag-verdeckt/mitarbeit-anfragen/", {"message": "Hallo"}),
        NOBODY,
        {},
    ),
    "join_request_decide": (
        lambda w: (
            f"/gremien/ag-offen/anfragen/{w['join_request'].pk}/entscheiden/",
            {"decision": "accept", "note": ""},
        ),
        MANAGERS,
        {},
    ),
    "meeting_create": (
        lambda w: ("/gremien/ag-offen/sitzungen/neu/", _meeting_data()),
        MANAGERS,
        {},
    ),
    "meeting_create_hidden": (
        lambda w: ("/gremien/ag-verdeckt/sitzungen/neu/", _meeting_data()),
        STAFF,
        {},
    ),
    "vote_create": (
        lambda w: (
            "/gremien/ag-offen/abstimmungen/neu/",
            {"title": "Frage", "options": "Ja\nNein", "method": "approval", "secrecy": "open"},
        ),
        MANAGERS,
        {},
    ),
    "meeting_update": (
        lambda w: (
            f"/sitzungen/{w['meeting'].pk}/bearbeiten/",
            {**_meeting_data(40), "title": "Verschoben"},
        ),
        MANAGERS,
        {},
    ),
    "agenda_item_add": (
        lambda w: (f"/sitzungen/{w['meeting'].pk}/tagesordnung/neu/", {"title": "Verschiedenes"}),
        MANAGERS,
        {},
    ),
    "meeting_invite": (lambda w: (f"/sitzungen/{w['meeting'].pk}/einladen/", {}), MANAGERS, {}),
    "meeting_invite_hidden": (
        lambda w: (f"/sitzungen/{w['hidden_meeting'].pk}/einladen/", {}),
        STAFF,
        {},
    ),
    "attendance_record": (
        lambda w: (
            f"/sitzungen/{w['past'].pk}/anwesenheit/",
            {f"person_{w['member_seat'].person_id}": "present"},
        ),
        MANAGERS,
        {},
    ),
    "minutes_save": (
        lambda w: (f"/sitzungen/{w['past'].pk}/protokoll/", {"minutes": "Protokoll", "held": "on"}),
        MANAGERS,
        {},
    ),
    "decision_add": (
        lambda w: (f"/sitzungen/{w['past'].pk}/beschluesse/neu/", {"text": "Beschlossen."}),
        MANAGERS,
        {},
    ),
    "action_item_create": (
        lambda w: (
            f"/sitzungen/{w['past'].pk}/aufgaben/neu/",
            {"title": "Neue Aufgabe", "assignee": w["member_seat"].person_id},
        ),
        MANAGERS,
        {},
    ),
    "vote_open": (lambda w: (f"/abstimmungen/{w['draft'].pk}/oeffnen/", {}), MANAGERS, {}),
    "vote_close": (lambda w: (f"/abstimmungen/{w['open_vote'].pk}/schliessen/", {}), MANAGERS, {}),
    "vote_close_foreign": (
        lambda w: (f"/abstimmungen/{w['foreign_vote'].pk}/schliessen/", {}),
        STAFF,
        {},
    ),
    "ballot_cast": (
        lambda w: (
            w["open_vote"].get_absolute_url(),
            {"approvals": [w["open_vote"].options.first().pk]},
        ),
        frozenset({"member", "chair"}),
        {},
    ),
    "ballot_cast_foreign": (
        lambda w: (
            w["foreign_vote"].get_absolute_url(),
            {"approvals": [w["foreign_vote"].options.first().pk]},
        ),
        NOBODY,
        {},
    ),
    "action_item_status": (
        lambda w: (f"/aufgaben/{w['item'].pk}/status/", {f"item-{w['item'].pk}-status": "done"}),
        frozenset({"member", "chair", "staff"}),
        {},
    ),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_denied_posts_change_nothing_and_send_nothing(
    action, world, django_capture_on_commit_callbacks
):
    build, allowed, refused_status = ACTIONS[action]
    url, data = build(world)
    before = snapshot()

    for role in sorted(EVERYONE - allowed):
        with django_capture_on_commit_callbacks(execute=True):
            response = client_of(world, role).post(url, data)
        assert response.status_code == refused_status.get(role, 404), (action, role)

    assert snapshot() == before
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("action", "role"),
    sorted(
        (action, role)
        for action, (_build, allowed, _refused) in ACTIONS.items()
        for role in allowed
    ),
)
def test_allowed_posts_write_through_the_service(
    action, role, world, django_capture_on_commit_callbacks
):
    url, data = ACTIONS[action][0](world)
    events = AuditEvent.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(world, role).post(url, data)

    assert response.status_code == 302, (action, role, response.status_code)
    assert AuditEvent.objects.count() > events, (action, role)
    new_actions = set(
        AuditEvent.objects.order_by("-pk").values_list("action", flat=True)[
            : AuditEvent.objects.count() - events
        ]
    )
    assert all(name.startswith("dialog.") for name in new_actions)


def test_invitation_mail_goes_out_only_when_allowed(world, django_capture_on_commit_callbacks):
    url = f"/sitzungen/{world['meeting'].pk}/einladen/"

    with django_capture_on_commit_callbacks(execute=True):
        client_of(world, "member").post(url)
    denied_mails = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        client_of(world, "chair").post(url)

    assert denied_mails == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].bcc == ["ulla@example.org"]


def test_gets_on_post_only_actions_write_nothing(world):
    before = snapshot()

    for url in (
        f"/sitzungen/{world['meeting'].pk}/einladen/",
        f"/abstimmungen/{world['draft'].pk}/oeffnen/",
        f"/aufgaben/{world['item'].pk}/status/",
    ):
        assert client_of(world, "staff").get(url).status_code == 405

    assert snapshot() == before


# --- API writes ----------------------------------------------------------------------------


def test_api_create_body_staff_only(world):
    payload = {
        "initiative": "offen",
        "kind": "working_group",
        "name": "AG per API",
        "parent_id": world["body"].pk,
        "topic": "Digitalisierung",
    }
    before = snapshot()

    for role in sorted(EVERYONE - STAFF):
        response = Client().post(
            "/api/v1/bodies",
            payload,
            content_type="application/json",
            headers=token_headers(world, role),
        )
        assert response.status_code == 403, role
        assert response.json() == {"detail": "Das darf nur die Wirtschaftsförderung."}
    unchanged = snapshot()
    dialog_events = AuditEvent.objects.filter(action__startswith="dialog.").count()
    created = Client().post(
        "/api/v1/bodies",
        payload,
        content_type="application/json",
        headers=token_headers(world, "staff"),
    )

    assert {key: value for key, value in unchanged.items() if key != "AuditEvent"} == {
        key: value for key, value in before.items() if key != "AuditEvent"
    }
    assert dialog_events == 0
    assert created.status_code == 201
    body = Body.objects.get(name="AG per API")
    assert created.json()["id"] == body.pk
    assert (body.parent, body.initiative.slug) == (world["body"], "offen")


def test_api_create_body_bad_input_is_422_in_german(world):
    headers = token_headers(world, "staff")

    bad_kind = Client().post(
        "/api/v1/bodies",
        {"initiative": "offen", "kind": "verein", "name": "X"},
        content_type="application/json",
        headers=headers,
    )
    unknown_initiative = Client().post(
        "/api/v1/bodies",
        {"initiative": "gibt-es-nicht", "kind": "forum", "name": "Forum"},
        content_type="application/json",
        headers=headers,
    )
    foreign_parent = Client().post(
        "/api/v1/bodies",
        {"initiative": "intern", "kind": "forum", "name": "Forum", "parent_id": world["body"].pk},
        content_type="application/json",
        headers=headers,
    )

    assert bad_kind.status_code == 422
    errors = {error["field"]: error["message"] for error in bad_kind.json()["errors"]}
    assert bad_kind.json()["detail"] == "Die Eingabe ist ungültig."
    assert errors["kind"].startswith("Unzulässiger Wert.")
    assert errors["name"].startswith("Text ist zu kurz.")
    assert unknown_initiative.status_code == 404
    assert unknown_initiative.json() == {"detail": "Nicht gefunden."}
    assert foreign_parent.status_code == 422
    assert foreign_parent.json()["errors"] == [
        {
            "field": "parent",
            "message": "Das übergeordnete Gremium gehört zu einer anderen Initiative.",
        }
    ]
    assert Body.objects.count() == 4


def _meeting_payload(body_id: int, hours: int = 2) -> dict:
    start = timezone.now() + dt.timedelta(days=9)
    return {
        "body_id": body_id,
        "title": "Sitzung per API",
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=hours)).isoformat(),
        "agenda": ["Begrüßung", "Bericht"],
    }


@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_api_create_meeting(role, world):
    payload = _meeting_payload(world["body"].pk)
    before = Meeting.objects.count()

    response = Client().post(
        "/api/v1/meetings",
        payload,
        content_type="application/json",
        headers=token_headers(world, role),
    )

    if role in MANAGERS:
        assert response.status_code == 201
        assert response.json()["agenda"] == ["Begrüßung", "Bericht"]
        assert Meeting.objects.count() == before + 1
    else:
        assert response.status_code == 403
        assert response.json() == {
            "detail": "Das dürfen nur die Wirtschaftsförderung und der Vorsitz des Gremiums."
        }
        assert Meeting.objects.count() == before


@pytest.mark.parametrize("role", sorted(EVERYONE - STAFF))
def test_api_create_meeting_in_invisible_body_is_404(role, world):
    for body in (world["hidden"], world["foreign"]):
        response = Client().post(
            "/api/v1/meetings",
            _meeting_payload(body.pk),
            content_type="application/json",
            headers=token_headers(world, role),
        )
        assert response.status_code == 404
        assert response.json() == {"detail": "Nicht gefunden."}
    assert Meeting.objects.filter(title="Sitzung per API").count() == 0


def test_api_create_meeting_bad_input_is_422_in_german(world):
    headers = token_headers(world, "staff")

    ends_first = Client().post(
        "/api/v1/meetings",
        _meeting_payload(world["body"].pk, hours=-1),
        content_type="application/json",
        headers=headers,
    )
    missing = Client().post(
        "/api/v1/meetings",
        {"body_id": world["body"].pk},
        content_type="application/json",
        headers=headers,
    )

    assert ends_first.status_code == 422
    assert ends_first.json() == {
        "detail": "Die Eingabe ist ungültig.",
        "errors": [
            {"field": "ends_at", "message": "Das Ende der Sitzung muss nach ihrem Beginn liegen."}
        ],
    }
    assert missing.status_code == 422
    assert {error["field"] for error in missing.json()["errors"]} == {
        "title",
        "starts_at",
        "ends_at",
    }
    assert all(
        error["message"].startswith("Pflichtfeld fehlt.") for error in missing.json()["errors"]
    )
    assert Meeting.objects.filter(title="Sitzung per API").count() == 0
