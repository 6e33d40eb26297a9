"""The roadmap pages and API: capacity form, plan (Gantt chart and tables), accepting the plan
as planned dates (timeline entries with author, audit), the permission matrix with
"denied changes nothing", and `POST /api/v1/roadmap/plan`."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal

import pytest

from industriedialog.core.models import AuditEvent
from industriedialog.core.tests.factories import InitiativeFactory
from industriedialog.measures import roadmap
from industriedialog.measures.models import Measure, MeasureUpdate, Phase, QuarterCapacity
from industriedialog.measures.tests.factories import ActionFieldFactory, MeasureFactory

PAGE = "/massnahmen/fachkraefte/roadmap/"
PLAN = "?beginn=2027-Q1&quartale=4"
ROLES = ("anonymous", "public", "company", "partner", "staff")


@pytest.fixture
def world(db):
    return build_world()


def build_world() -> dict:
    """Fachkräfte (public) with open measures that make a worked plan over 2027 at 10
    person-days per quarter:

    - B Ausbildungsmesse (6 PT, 1 quarter, priority 2) → 2027-Q1
    - A Fachkräftebörse (flagship, 6 PT, 2 quarters) → 2027-Q2 to Q3 (beside the pinned D)
    - C Netzwerktreffen (4 PT, 2 quarters, after B) → 2027-Q3 to Q4
    - D Broschüre (3 PT, pinned to 2027-Q2) stays
    - H Mentoring (2 PT, 3 quarters, priority 4) finds no room
    - F Quereinstieg depends on the deferred G, E is completed: neither is planned.
    An internal initiative has one measure."""
    initiative = InitiativeFactory(slug="fachkraefte", name="Fachkräftesicherung")
    internal = InitiativeFactory(slug="intern", name="Interne Initiative", is_public=False)
    field = ActionFieldFactory(initiative=initiative, number="1", title="Fachkräfte gewinnen")

    def measure(external_id, title, **values):
        return MeasureFactory(field=field, external_id=external_id, title=title, **values)

    fair = measure(
        "fk-boerse",
        "Fachkräftebörse",
        effort_person_days=Decimal("6"),
        duration_quarters=2,
        priority=3,
        is_flagship=True,
    )
    expo = measure(
        "fk-messe",
        "Ausbildungsmesse",
        effort_person_days=Decimal("6"),
        duration_quarters=1,
        priority=2,
    )
    meeting = measure(
        "fk-netzwerk",
        "Netzwerktreffen",
        effort_person_days=Decimal("4"),
        duration_quarters=2,
        priority=3,
    )
    meeting.depends_on.set([expo])
    brochure = measure(
        "fk-broschuere",
        "Broschüre",
        effort_person_days=Decimal("3"),
        duration_quarters=1,
        priority=5,
        is_pinned=True,
        planned_start=dt.date(2027, 4, 1),
        planned_end=dt.date(2027, 6, 30),
    )
    mentoring = measure(
        "fk-mentoring",
        "Mentoring",
        effort_person_days=Decimal("2"),
        duration_quarters=3,
        priority=4,
    )
    done = measure(
        "fk-erledigt",
        "Erledigte Maßnahme",
        phase=Phase.COMPLETED,
        progress=100,
        effort_person_days=Decimal("9"),
    )
    deferred = measure(
        "fk-ruht", "Ruhende Maßnahme", phase=Phase.DEFERRED, effort_person_days=Decimal("1")
    )
    career = measure("fk-quereinstieg", "Quereinstieg", effort_person_days=Decimal("1"))
    career.depends_on.set([deferred])
    foreign = MeasureFactory(
        field=ActionFieldFactory(initiative=internal, number="1"),
        external_id="intern-massnahme",
        title="Interne Maßnahme",
        effort_person_days=Decimal("2"),
    )
    for quarter in (1, 2, 3, 4):
        QuarterCapacity.objects.create(
            initiative=initiative, year=2027, quarter=quarter, person_days=Decimal("10")
        )
    return {
        "initiative": initiative,
        "internal": internal,
        "fair": fair,
        "expo": expo,
        "meeting": meeting,
        "brochure": brochure,
        "mentoring": mentoring,
        "done": done,
        "deferred": deferred,
        "career": career,
        "foreign": foreign,
    }


def snapshot():
    """Everything a denied request must leave alone."""
    return (
        list(Measure.objects.order_by("pk").values()),
        list(QuarterCapacity.objects.order_by("pk").values()),
        MeasureUpdate.objects.count(),
        AuditEvent.objects.count(),
    )


def signed_plan(response) -> str:
    match = re.search(r'name="plan" value="([^"]+)"', response.content.decode())
    assert match, "kein Übernehmen-Formular auf der Seite"
    return html.unescape(match.group(1))


# --- capacity -------------------------------------------------------------------------------


def test_staff_page_shows_options_and_the_capacity_of_each_quarter(world, client_for):
    response = client_for("staff").get(PAGE + "?beginn=2027-Q1&quartale=6")

    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1" in content and "Roadmap planen" in content
    inputs = re.findall(r'name="(kapazitaet-\d{4}-\d)"[^>]*value="([^"]*)"', content)
    assert inputs == [
        ("kapazitaet-2027-1", "10"),
        ("kapazitaet-2027-2", "10"),
        ("kapazitaet-2027-3", "10"),
        ("kapazitaet-2027-4", "10"),
        ("kapazitaet-2028-1", ""),
        ("kapazitaet-2028-2", ""),
    ]


def test_capacity_form_saves_through_the_service_and_is_audited(world, client_for, users):
    response = client_for("staff").post(
        PAGE + "?beginn=2027-Q3&quartale=3",
        {
            "aktion": "kapazitaet",
            "kapazitaet-2027-3": "12",
            "kapazitaet-2027-4": "7,5",
            "kapazitaet-2028-1": "",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == PAGE + "?beginn=2027-Q3&quartale=3#kapazitaet"
    stored = {
        (c.year, c.quarter): c.person_days
        for c in QuarterCapacity.objects.filter(initiative=world["initiative"])
    }
    assert stored == {
        (2027, 1): Decimal("10"),
        (2027, 2): Decimal("10"),
        (2027, 3): Decimal("12"),
        (2027, 4): Decimal("7.5"),
    }
    event = AuditEvent.objects.get(action="measures.capacity.set")
    assert event.actor == users["staff"]
    assert event.data == {"quarters": [[2027, 3, "12"], [2027, 4, "7.5"]]}


def test_capacity_form_rejects_negative_values_and_saves_nothing(world, client_for):
    before = snapshot()

    response = client_for("staff").post(
        PAGE + "?beginn=2027-Q1&quartale=2",
        {"aktion": "kapazitaet", "kapazitaet-2027-1": "-3", "kapazitaet-2027-2": "viel"},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert 'aria-invalid="true"' in content
    assert "Bitte prüfen Sie Ihre Eingaben." in content
    assert snapshot() == before


# --- plan -----------------------------------------------------------------------------------


def test_plan_shows_gantt_chart_tables_and_reasons(world, client_for):
    response = client_for("staff").get(PAGE + PLAN)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Bester Plan gefunden und nachgewiesen: 4 Maßnahmen eingeplant" in content
    # The chart: an image with title and description, no inline style or script (CSP).
    svg = content[content.index("<svg") : content.index("</svg>")]
    assert 'role="img"' in svg
    assert '<title id="roadmap-gantt-titel">Roadmap Fachkräftesicherung' in svg
    assert "4 Maßnahmen von 2027-Q1 bis 2027-Q4" in svg
    assert "Ein Leuchtturmprojekt ist mit ★ markiert." in svg
    assert svg.count('class="gantt__bar') == 4
    assert 'class="gantt__bar gantt__bar--flagship"' in svg
    assert 'class="gantt__bar gantt__bar--pinned"' in svg
    assert "style=" not in content and "<style" not in content
    assert "<script" not in content[content.index("<main") :]
    # The data table beside it: measure, start, end, effort.
    table = content[content.index('id="zeitplan-caption"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(
        r'<a class="kern-link" href="/massnahme/([^/]+)/">.*?</a></th>\s*'
        r'<td class="kern-table__cell roadmap-table__quarter">([^<]+)</td>\s*'
        r'<td class="kern-table__cell roadmap-table__quarter">([^<]+)</td>'
        r'\s*<td class="kern-table__cell roadmap-table__number">([^<]+)</td>',
        table,
        re.S,
    )
    assert rows == [
        ("fk-messe", "2027-Q1", "2027-Q1", "6"),
        ("fk-boerse", "2027-Q2", "2027-Q3", "6"),
        ("fk-broschuere", "2027-Q2", "2027-Q2", "3"),
        ("fk-netzwerk", "2027-Q3", "2027-Q4", "4"),
    ]
    # Load against capacity per quarter, and the measures left out with their reasons.
    load = content[content.index('id="auslastung-caption"') :]
    assert re.findall(
        r'<th scope="row" class="kern-table__cell">(2027-Q\d)</th>\s*'
        r"<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>",
        load,
    ) == [
        ("2027-Q1", "10", "6"),
        ("2027-Q2", "10", "9"),
        ("2027-Q3", "10", "10"),
        ("2027-Q4", "10", "4"),
    ]
    assert "Mentoring</a>: findet im Planungszeitraum keinen Platz in der Kapazität" in content
    assert (
        "Quereinstieg</a>: hängt von der zurückgestellten Maßnahme „Ruhende Maßnahme“ ab" in content
    )
    assert "Erledigte Maßnahme" not in content


def test_missing_capacity_counts_as_zero_and_is_named(world, client_for):
    response = client_for("staff").get(PAGE + "?beginn=2027-Q4&quartale=2")

    content = response.content.decode()
    assert (
        "Für diese Quartale ist keine Kapazität erfasst; sie zählen mit 0 Personaltagen: 2028-Q1"
    ) in content


def test_infeasible_plan_says_which_constraint_breaks(world, client_for):
    response = client_for("staff").get(PAGE + "?beginn=2027-Q1&quartale=4&alle=on")

    content = response.content.decode()
    assert "So lässt sich kein Plan aufstellen." in content
    problems = re.findall(r"<li>([^<]+)</li>", content[content.index("So lässt sich") :])[:2]
    assert problems == [
        "„Quereinstieg“ muss eingeplant werden, hängt von der zurückgestellten Maßnahme "
        "„Ruhende Maßnahme“ ab.",
        # Without it, Mentoring (3 quarters) does not fit beside the others either.
        "Die Kapazität reicht nicht, um alle Maßnahmen unter Beachtung der Abhängigkeiten und "
        "frühesten Termine einzuplanen. Im besten Plan ohne diese Vorgabe bleiben ungeplant: "
        "„Mentoring“.",
    ]
    assert "<svg" not in content and 'name="plan"' not in content


def test_measures_without_an_effort_estimate_are_named_with_a_link_to_edit_them(world, client_for):
    MeasureFactory(
        field=world["fair"].field,
        external_id="fk-ohne-aufwand",
        number="1.9",
        title="Ohne Schätzung",
        effort_person_days=Decimal("0"),
        duration_quarters=2,
    )

    content = client_for("staff").get(PAGE + PLAN).content.decode()

    assert (
        "Für 1 Maßnahme ist kein Aufwand geschätzt (0 Personaltage): Sie belastet die "
        "Kapazität nicht und steht deshalb am frühestmöglichen Termin." in content
    )
    assert (
        '<a class="kern-link" href="/massnahme/fk-ohne-aufwand/bearbeiten/">1.9 Ohne Schätzung</a>'
        in content
    )
    assert (
        "kein Aufwand geschätzt"
        not in client_for("staff")
        .get(PAGE + PLAN.replace("quartale=4", "quartale=4&alle=on"))
        .content.decode()
    )


def test_a_plan_not_proven_in_time_is_shown_with_its_gap_and_can_be_accepted(
    world, client_for, monkeypatch
):
    # The solver stops at its time limit with the plan found so far and a bound 8 above it.
    solve = roadmap._solve_cp_sat

    def stopped_early(model, time_limit):
        found = solve(model, time_limit)
        return roadmap._Result("time_limit", found.values, found.objective, found.objective + 8)

    monkeypatch.setattr(roadmap, "_solve_cp_sat", stopped_early)
    client = client_for("staff")

    content = client.get(PAGE + PLAN).content.decode()
    api = client.post(
        "/api/v1/roadmap/plan",
        {"initiative": "fachkraefte", "start_year": 2027, "start_quarter": 1, "quarters": 4},
        content_type="application/json",
    ).json()

    assert "bevor nachgewiesen war, dass es keinen besseren Plan gibt" in content
    assert (api["status"], api["bound"] - api["objective"]) == ("time_limit", 8)
    gap = re.search(r"ein besserer wäre höchstens um ([\d,]+) % besser", content)
    assert gap and float(gap.group(1).replace(",", ".")) == round(100 * api["gap"], 2)
    assert api["gap"] > 0
    assert 'name="plan"' in content  # a valid plan, only not proven best: it can be accepted


def test_invalid_options_show_errors_and_no_plan(world, client_for):
    response = client_for("staff").get(PAGE + "?beginn=2027-Q1&quartale=99")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben." in content
    assert "<svg" not in content


# --- accept ---------------------------------------------------------------------------------


def test_accepting_writes_planned_dates_timeline_entries_and_audit(world, client_for, users):
    client = client_for("staff")
    token = signed_plan(client.get(PAGE + PLAN))

    response = client.post(
        PAGE + PLAN,
        {"aktion": "uebernehmen", "plan": token, "notiz": "Abgestimmt im Lenkungskreis."},
    )

    assert response.status_code == 302
    assert response["Location"] == PAGE + PLAN + "#ergebnis"
    dates = {
        m.external_id: (m.planned_start, m.planned_end)
        for m in Measure.objects.filter(
            external_id__in=[
                "fk-messe",
                "fk-boerse",
                "fk-netzwerk",
                "fk-broschuere",
                "fk-mentoring",
            ]
        )
    }
    assert dates == {
        "fk-messe": (dt.date(2027, 1, 1), dt.date(2027, 3, 31)),
        "fk-boerse": (dt.date(2027, 4, 1), dt.date(2027, 9, 30)),
        "fk-netzwerk": (dt.date(2027, 7, 1), dt.date(2027, 12, 31)),
        "fk-broschuere": (dt.date(2027, 4, 1), dt.date(2027, 6, 30)),  # pinned: unchanged
        "fk-mentoring": (None, None),  # not scheduled
    }
    entry = MeasureUpdate.objects.get(measure=world["fair"])
    assert entry.author == users["staff"]
    assert entry.note == (
        "Roadmap übernommen: geplant 2027-Q2 bis 2027-Q3 (vorher ohne "
        "Termin). Abgestimmt im Lenkungskreis."
    )
    assert MeasureUpdate.objects.filter(note__startswith="Roadmap übernommen").count() == 3
    accepted = AuditEvent.objects.get(action="measures.roadmap.accept")
    assert accepted.actor == users["staff"]
    assert accepted.object_id == str(world["initiative"].pk)
    assert sorted(accepted.data["changed"]) == sorted(
        [world["expo"].pk, world["fair"].pk, world["meeting"].pk]
    )
    assert (
        AuditEvent.objects.filter(action="measures.measure.update", actor=users["staff"]).count()
        == 3
    )
    # The plan shown afterwards matches the stored dates.
    page = client.get(PAGE + PLAN).content.decode()
    assert "Die geplanten Termine aller Maßnahmen entsprechen bereits diesem Plan." in page
    assert "Der Plan wurde übernommen: 3 Maßnahmen haben neue geplante Termine." in page


def test_a_plan_computed_before_the_catalogue_changed_is_not_accepted(world, client_for):
    client = client_for("staff")
    token = signed_plan(client.get(PAGE + PLAN))
    Measure.objects.filter(pk=world["meeting"].pk).update(duration_quarters=3)
    before = snapshot()

    response = client.post(PAGE + PLAN, {"aktion": "uebernehmen", "plan": token})

    assert response.status_code == 200
    assert (
        "Der Maßnahmenkatalog hat sich seit der Berechnung geändert. Bitte den Plan neu berechnen."
    ) in response.content.decode()
    assert snapshot() == before


def test_a_tampered_plan_is_refused(world, client_for):
    client = client_for("staff")
    token = signed_plan(client.get(PAGE + PLAN))
    before = snapshot()

    response = client.post(PAGE + PLAN, {"aktion": "uebernehmen", "plan": token[:-2] + "xx"})

    assert "Der Plan ist ungültig oder älter als einen Tag." in response.content.decode()
    assert snapshot() == before


def test_a_plan_of_another_initiative_is_refused(world, client_for):
    client = client_for("staff")
    token = signed_plan(client.get(PAGE + PLAN))
    before = snapshot()

    response = client.post(
        "/massnahmen/intern/roadmap/" + PLAN, {"aktion": "uebernehmen", "plan": token}
    )

    assert "Der Plan gehört zu einer anderen Initiative." in response.content.decode()
    assert snapshot() == before


def test_the_index_lists_the_initiatives_with_their_open_measures(world, client_for):
    content = client_for("staff").get("/verwaltung/roadmap/").content.decode()

    assert (
        '<a class="kern-link" href="/massnahmen/fachkraefte/roadmap/">Fachkräftesicherung'
        in content
    )
    assert "6 offene Maßnahmen" in content  # A, B, C, D, H, F (not the completed/deferred)
    assert '<a class="kern-link" href="/massnahmen/intern/roadmap/">Interne Initiative' in content


def test_the_back_office_links_the_roadmap_for_staff_only(world, client_for):
    link = '<a class="kern-link" href="/verwaltung/roadmap/">Roadmap planen</a>'

    assert link in client_for("staff").get("/verwaltung/").content.decode()
    assert link not in client_for("partner").get("/").content.decode()


# --- permissions ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_page_matrix(role, world, client_for):
    client = client_for(role)
    expected = 200 if role == "staff" else 404
    for url in ["/verwaltung/roadmap/", PAGE, PAGE + PLAN, "/massnahmen/intern/roadmap/" + PLAN]:
        assert client.get(url).status_code == expected, (role, url)
    assert client.get("/massnahmen/unbekannt/roadmap/").status_code == 404


@pytest.mark.parametrize("role", [r for r in ROLES if r != "staff"])
def test_denied_writes_change_nothing(role, world, client_for):
    token = signed_plan(client_for("staff").get(PAGE + PLAN))
    client = client_for(role)
    before = snapshot()

    capacity = client.post(PAGE + PLAN, {"aktion": "kapazitaet", "kapazitaet-2027-1": "99"})
    accept = client.post(PAGE + PLAN, {"aktion": "uebernehmen", "plan": token})
    api = client.post(
        "/api/v1/roadmap/plan",
        {"initiative": "fachkraefte", "start_year": 2027, "start_quarter": 1},
        content_type="application/json",
    )

    expected_api = 401 if role == "anonymous" else 403
    assert (capacity.status_code, accept.status_code, api.status_code) == (404, 404, expected_api)
    assert snapshot() == before


# --- API ------------------------------------------------------------------------------------

API = "/api/v1/roadmap/plan"


def test_api_plans_with_the_recorded_capacity(world, client, api_token_for):
    headers = api_token_for("staff")
    before = snapshot()

    response = client.post(
        API,
        {"initiative": "fachkraefte", "start_year": 2027, "start_quarter": 1, "quarters": 4},
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "optimal"
    assert data["gap"] == 0
    assert data["objective"] == 71  # 8·4 + 16·2 + 1·3 (pinned) + 4·1
    assert data["solve_seconds"] >= 0
    assert [
        (row["external_id"], row["start"], row["end"], row["is_pinned"]) for row in data["schedule"]
    ] == [
        ("fk-messe", "2027-Q1", "2027-Q1", False),
        ("fk-boerse", "2027-Q2", "2027-Q3", False),
        ("fk-broschuere", "2027-Q2", "2027-Q2", True),
        ("fk-netzwerk", "2027-Q3", "2027-Q4", False),
    ]
    assert data["schedule"][1] == {
        "id": world["fair"].pk,
        "external_id": "fk-boerse",
        "title": "Fachkräftebörse",
        "number": "",
        "start": "2027-Q2",
        "end": "2027-Q3",
        "effort_person_days": 6.0,
        "duration_quarters": 2,
        "is_flagship": True,
        "is_pinned": False,
    }
    assert data["unscheduled"] == [
        {
            "id": world["career"].pk,
            "external_id": "fk-quereinstieg",
            "title": "Quereinstieg",
            "reason": "hängt von der zurückgestellten Maßnahme „Ruhende Maßnahme“ ab",
        },
        {
            "id": world["mentoring"].pk,
            "external_id": "fk-mentoring",
            "title": "Mentoring",
            "reason": "findet im Planungszeitraum keinen Platz in der Kapazität",
        },
    ]
    assert data["quarters"] == [
        {"quarter": "2027-Q1", "capacity": 10.0, "load": 6.0},
        {"quarter": "2027-Q2", "capacity": 10.0, "load": 9.0},
        {"quarter": "2027-Q3", "capacity": 10.0, "load": 10.0},
        {"quarter": "2027-Q4", "capacity": 10.0, "load": 4.0},
    ]
    assert data["problems"] == [] and data["missing_capacity"] == []
    assert snapshot() == before  # computing a plan writes nothing


def test_api_takes_capacities_and_explains_infeasible_plans(world, client, api_token_for):
    response = client.post(
        API,
        {
            "initiative": "fachkraefte",
            "start_year": 2027,
            "start_quarter": 1,
            "quarters": 2,
            "capacities": [5, 2.5],
            "require_all": False,
        },
        content_type="application/json",
        headers=api_token_for("staff"),
    )

    data = response.json()
    assert data["status"] == "infeasible"
    assert data["schedule"] == []
    assert data["problems"] == [
        "Die festgelegten Maßnahmen brauchen in 2027-Q2 3 Personaltage, die Kapazität ist 2,5."
    ]
    assert data["quarters"][1] == {"quarter": "2027-Q2", "capacity": 2.5, "load": 0.0}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"initiative": "fachkraefte", "start_year": 2027, "start_quarter": 5}, "start_quarter"),
        (
            {"initiative": "fachkraefte", "start_year": 2027, "start_quarter": 1, "quarters": 0},
            "quarters",
        ),
        (
            {
                "initiative": "fachkraefte",
                "start_year": 2027,
                "start_quarter": 1,
                "quarters": 2,
                "capacities": [10],
            },
            "capacities",
        ),
        (
            {
                "initiative": "fachkraefte",
                "start_year": 2027,
                "start_quarter": 1,
                "quarters": 1,
                "capacities": [-1],
            },
            "capacities.0",
        ),
        ({"start_year": 2027, "start_quarter": 1}, "initiative"),
    ],
)
def test_api_bad_input_is_422_in_german(payload, field, world, client, api_token_for):
    response = client.post(
        API, payload, content_type="application/json", headers=api_token_for("staff")
    )

    assert response.status_code == 422
    data = response.json()
    assert data["detail"] == "Die Eingabe ist ungültig."
    assert field in [error["field"] for error in data["errors"]], data


@pytest.mark.parametrize("role", ROLES)
def test_api_matrix(role, world, client, api_token_for):
    headers = api_token_for(role)
    public = client.post(
        API,
        {"initiative": "fachkraefte", "start_year": 2027, "start_quarter": 1},
        content_type="application/json",
        headers=headers,
    )
    internal = client.post(
        API,
        {"initiative": "intern", "start_year": 2027, "start_quarter": 1},
        content_type="application/json",
        headers=headers,
    )

    if role == "staff":
        assert (public.status_code, internal.status_code) == (200, 200)
    elif role == "anonymous":
        assert (public.status_code, internal.status_code) == (401, 401)
        assert public.json() == {"detail": "Anmeldung erforderlich: Authorization: Bearer <Token>."}
    else:
        assert (public.status_code, internal.status_code) == (403, 404)
        assert public.json() == {
            "detail": "Die Roadmap planen nur Mitarbeitende der Wirtschaftsförderung."
        }
        assert internal.json() == {"detail": "Nicht gefunden."}
