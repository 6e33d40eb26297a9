"""The catalogue pages: the catalogue with its tree, symbols and filters, the measure page
with its timeline, the partner matrix, the staff edit form and the bulk status table; and
the catalogue's query count for 10 and for 1,000 measures."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from industriedialog.actors.tests.factories import OrganisationFactory
from industriedialog.core.models import AuditEvent
from industriedialog.core.tests.factories import InitiativeFactory
from industriedialog.measures import services
from industriedialog.measures.models import (
    Measure,
    MeasurePartner,
    MeasureUpdate,
    Phase,
    number_sort_key,
)
from industriedialog.measures.tests.factories import (
    ActionFieldFactory,
    catalogue_scenario,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    return catalogue_scenario()


def text_of(response) -> str:
    """The page's text without tags, whitespace collapsed (for exact phrases)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)).replace("\xa0", " "))


def titles_on(response) -> list[str]:
    """The measures listed on a catalogue page, in order."""
    return re.findall(
        r'class="kern-heading-small measure-card__title"><a class="kern-link" '
        r'href="[^"]+">([^<]+)</a>',
        response.content.decode(),
    )


# --- index and catalogue -------------------------------------------------------------------


def test_index_lists_the_initiatives_with_the_measures_each_user_sees(world, client_for):
    anonymous = text_of(client_for("anonymous").get("/massnahmen/"))
    staff = text_of(client_for("staff").get("/massnahmen/"))

    assert "Fachkräftesicherung 3 Maßnahmen" in anonymous
    assert "Interne Initiative" not in anonymous
    assert "Fachkräftesicherung 4 Maßnahmen" in staff
    assert "Interne Initiative 1 Maßnahme" in staff


def test_catalogue_groups_measures_by_the_field_tree(world, client):
    response = client.get("/massnahmen/fachkraefte/")

    assert response.status_code == 200
    assert titles_on(response) == [
        "2.1.1 Regionaler Arbeitskreis Zuwanderung",
        "2.1.2 Kurzvideos für Arbeitgeber",
        "3.1 SWITCH weiterführen",
    ]
    html = response.content.decode()
    # 2 > 2.1 nests: the sub-field's section sits inside its parent's, one heading lower.
    assert re.search(
        r'<h2[^>]*id="feld-\d+">2 Fachkräfte-Potenziale erschließen</h2>.*?'
        r'<h3[^>]*id="feld-\d+">2.1 Qualifizierte Zuwanderung</h3>.*?'
        r"<h4[^>]*>.*?2.1.1 Regionaler Arbeitskreis",
        html,
        flags=re.S,
    )
    page = text_of(response)
    assert "3 Maßnahmen" in page
    assert (
        "1 Vernetzungsaktivitäten intensivieren In diesem Handlungsfeld gibt es noch "
        "keine Maßnahmen." in page
    )
    assert "Interne Vorbereitung" not in page


def test_catalogue_shows_phase_symbols_with_text_legend_and_inferred_note(world, client):
    html = client.get("/massnahmen/fachkraefte/").content.decode()

    circle = html[html.index("2.1.1 Regionaler") : html.index("2.1.2 Kurzvideos")]
    symbols = re.findall(
        r'<span class="phase phase--(\w+)"><svg [^>]*aria-hidden="true" '
        r'focusable="false">.*?</svg><span class="phase__label">([^<]+)</span>',
        circle,
    )
    assert symbols == [
        ("implementation", "Umsetzungs- und Evaluierungsphase"),
        ("flagship", "Leuchtturmprojekt"),
    ]
    pk = world["circle"].pk
    assert f'for="fortschritt-{pk}">Fortschritt: 40&nbsp;%</label>' in circle
    assert f'<progress id="fortschritt-{pk}" max="100" value="40">' in circle
    videos = html[html.index("2.1.2 Kurzvideos") : html.index("3.1 SWITCH")]
    assert "Phase aus dem Wortlaut erschlossen" in videos
    assert "Phase aus dem Wortlaut erschlossen" not in circle
    legend = html[html.index('id="legende"') : html.index("</section>", html.index('id="legende"'))]
    assert re.findall(r'class="phase__label">([^<]+)<', legend) == [
        "Umsetzungs- und Evaluierungsphase",
        "Orientierungs- und Konzeptionierungsphase",
        "Ideenphase",
        "Leuchtturmprojekt",
        "abgeschlossen",
        "zurückgestellt",
    ]


def test_catalogue_hides_partners_the_visitor_may_not_see(world, client_for):
    anonymous = text_of(client_for("anonymous").get("/massnahmen/fachkraefte/"))
    staff = text_of(client_for("staff").get("/massnahmen/fachkraefte/"))

    assert (
        "Partner: IHK Testregion (Federführung), Offene Maschinenbau GmbH (Partner) Fortschritt"
    ) in anonymous
    assert "Verdeckte Gießerei GmbH (Partner)" in staff
    assert "Verdeckte" not in anonymous  # neither as partner nor as filter choice


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "field=2",
            ["2.1.1 Regionaler Arbeitskreis Zuwanderung", "2.1.2 Kurzvideos für Arbeitgeber"],
        ),
        ("field=3", ["3.1 SWITCH weiterführen"]),
        ("phase=idea", ["2.1.2 Kurzvideos für Arbeitgeber"]),
        ("partner=testhochschule", ["3.1 SWITCH weiterführen"]),
        ("flagship=ja", ["2.1.1 Regionaler Arbeitskreis Zuwanderung"]),
        ("flagship=nein", ["2.1.2 Kurzvideos für Arbeitgeber", "3.1 SWITCH weiterführen"]),
        ("kind=quick_win", ["3.1 SWITCH weiterführen"]),
        ("q=Arbeitgebern", ["2.1.2 Kurzvideos für Arbeitgeber"]),  # German stem
        ("q=zuwander", ["2.1.1 Regionaler Arbeitskreis Zuwanderung"]),  # part of a word
        ("q=Ausbildung&phase=concept", ["3.1 SWITCH weiterführen"]),
        ("q=Ausbildung&phase=idea", []),
        ("q=Gremium&partner=ihk-testregion", ["2.1.1 Regionaler Arbeitskreis Zuwanderung"]),
    ],
)
def test_catalogue_filters(world, client, query, expected):
    response = client.get(f"/massnahmen/fachkraefte/?{query}")

    assert titles_on(response) == expected
    count = len(expected)
    assert (
        f"{count} Maßnahme passt zu Suche und Filtern"
        if count == 1
        else f"{count} Maßnahmen passen zu Suche und Filtern"
    ) in text_of(response)


def test_filtered_catalogue_leaves_out_empty_fields(world, client):
    unfiltered = client.get("/massnahmen/fachkraefte/").content.decode()
    filtered = client.get("/massnahmen/fachkraefte/?phase=concept").content.decode()

    def headings(html: str) -> list[str]:
        return re.findall(r'id="feld-\d+">([^<]+)</h', html)

    assert headings(unfiltered) == [
        "1 Vernetzungsaktivitäten intensivieren",
        "2 Fachkräfte-Potenziale erschließen",
        "2.1 Qualifizierte Zuwanderung",
        "3 Aus- und Weiterbildung stärken",
    ]
    assert headings(filtered) == ["3 Aus- und Weiterbildung stärken"]


def test_filter_form_keeps_the_choices(world, client):
    html = client.get("/massnahmen/fachkraefte/?q=Video&phase=idea&flagship=nein").content.decode()

    assert 'name="q" id="id_q" value="Video"' in html
    assert '<option value="idea" selected>Ideenphase</option>' in html
    assert '<option value="nein" selected>ohne Leuchtturmprojekte</option>' in html
    assert '<option value="2.1">\u20032.1 Qualifizierte Zuwanderung</option>' in html


def test_unknown_initiative_is_404(world, client):
    assert client.get("/massnahmen/gibt-es-nicht/").status_code == 404


def _catalogue_with(count: int):
    """An initiative with a small field tree and `count` measures, each with a lead
    partner, bulk-created (no per-row history or search entry is needed to render)."""
    initiative = InitiativeFactory(slug=f"gross-{count}")
    root = ActionFieldFactory(initiative=initiative, number="1", title="Feld")
    children = [
        ActionFieldFactory(initiative=initiative, number=f"1.{n}", parent=root) for n in range(1, 4)
    ]
    fields = [root, *children]
    organisations = [OrganisationFactory(kind="chamber") for _ in range(3)]
    measures = Measure.objects.bulk_create(
        [
            Measure(
                initiative=initiative,
                field=fields[n % len(fields)],
                number=f"1.{n}",
                sort_key=number_sort_key(f"1.{n}"),
                external_id=f"gross-{count}-{n}",
                title=f"Maßnahme {n}",
                phase=list(Phase)[n % 5],
                progress=n % 101,
                is_flagship=n % 7 == 0,
                phase_inferred=n % 3 == 0,
            )
            for n in range(count)
        ],
        batch_size=500,
    )
    MeasurePartner.objects.bulk_create(
        [
            MeasurePartner(
                measure=measure, organisation=organisations[n % 3], role=MeasurePartner.Role.LEAD
            )
            for n, measure in enumerate(measures)
        ],
        batch_size=500,
    )
    return initiative


@pytest.mark.parametrize("role", ["anonymous", "staff"])
def test_catalogue_query_count_is_the_same_for_10_and_1000_measures(users, client_for, role):
    client = client_for(role)
    small, large = _catalogue_with(10), _catalogue_with(1000)
    client.get("/massnahmen/")  # warm up session and caches

    with CaptureQueriesContext(connection) as for_small:
        response_small = client.get(f"/massnahmen/{small.slug}/")
    with CaptureQueriesContext(connection) as for_large:
        response_large = client.get(f"/massnahmen/{large.slug}/")

    assert len(titles_on(response_small)) == 10
    assert len(titles_on(response_large)) == 1000
    assert len(for_small.captured_queries) == len(for_large.captured_queries)
    # initiative, partner filter choices, fields (filter and tree), measures, partners,
    # header switcher; staff add session, user and the second-factor check.
    assert len(for_large.captured_queries) == (7 if role == "anonymous" else 10)


# --- measure page --------------------------------------------------------------------------


def test_measure_page_shows_its_facts(world, client):
    circle = world["circle"]
    Measure.objects.filter(pk=circle.pk).update(
        effort_person_days="2.5",
        duration_quarters=4,
        planned_start=dt.date(2025, 1, 1),
        planned_end=dt.date(2025, 12, 31),
        actual_start=dt.date(2025, 2, 1),
        cost="funded",
        phase_note="seit dem ersten Treffen",
    )

    page = text_of(client.get("/massnahme/fk-arbeitskreis/"))

    for phrase in [
        "2.1.1 Regionaler Arbeitskreis Zuwanderung",
        "Ein interdisziplinäres Gremium zur Integration von Zugewanderten.",
        "Handlungsfeld 2.1 Qualifizierte Zuwanderung",
        "Phase Umsetzungs- und Evaluierungsphase – seit dem ersten Treffen",
        "Art Maßnahme, Leuchtturmprojekt",
        "Kosten für Teilnehmende gefördert",
        "Aufwand 2,5 Personaltage je Quartal",
        "Dauer 4 Quartale",
        "Geplant 01.01.2025 bis 31.12.2025",
        "Tatsächlich 01.02.2025 bis heute",
        "Verantwortliches Gremium Arbeitskreis Zuwanderung",
        "Fortschritt: 40 %",
        "IHK Testregion – Federführung",
        "Offene Maschinenbau GmbH – Partner",
    ]:
        assert phrase in page, phrase
    assert "Verdeckte" not in page
    assert "Priorität" not in page  # internal planning fields: staff only


def test_measure_page_links_the_body_only_when_the_visitor_may_see_it(world, client_for):
    html = client_for("anonymous").get("/massnahme/fk-arbeitskreis/").content.decode()
    assert (
        '<a class="kern-link" href="/gremien/ak-zuwanderung/">Arbeitskreis Zuwanderung</a>' in html
    )

    world["body"].is_public = False
    world["body"].save()
    page = text_of(client_for("anonymous").get("/massnahme/fk-arbeitskreis/"))
    assert "Verantwortliches Gremium –" in page
    assert (
        "/gremien/ak-zuwanderung/"
        in client_for("staff").get("/massnahme/fk-arbeitskreis/").content.decode()
    )


def test_measure_page_lists_only_visible_dependencies(world, client_for):
    circle, videos, hidden = world["circle"], world["videos"], world["hidden"]
    videos.depends_on.add(circle, hidden)

    anonymous = text_of(client_for("anonymous").get("/massnahme/fk-kurzvideos/"))
    staff = text_of(client_for("staff").get("/massnahme/fk-kurzvideos/"))
    other_side = text_of(client_for("anonymous").get("/massnahme/fk-arbeitskreis/"))

    assert (
        "Hängt ab von 2.1.1 Regionaler Arbeitskreis Zuwanderung (Umsetzungs- und Evaluierungsphase)"
    ) in anonymous
    assert "Interne Vorbereitung" not in anonymous
    assert "1.1 Interne Vorbereitung (Ideenphase)" in staff
    assert "Voraussetzung für 2.1.2 Kurzvideos für Arbeitgeber (Ideenphase)" in other_side


def test_timeline_is_newest_first_with_the_author_for_staff_only(world, users, client_for):
    staff = users["staff"]
    staff.first_name, staff.last_name = "Wiebke", "Förderer"
    staff.save()
    circle = world["circle"]
    services.measure_update(
        actor=staff,
        measure=circle,
        data={"progress": 50},
        note="Erstes Treffen.",
        date=dt.date(2025, 3, 1),
    )
    services.measure_update(
        actor=staff,
        measure=circle,
        data={"phase": Phase.COMPLETED, "title": "Arbeitskreis Migration"},
        note="Abgeschlossen.",
        date=dt.date(2025, 9, 30),
    )

    anonymous = text_of(client_for("anonymous").get("/massnahme/fk-arbeitskreis/"))
    staff_page = text_of(client_for("staff").get("/massnahme/fk-arbeitskreis/"))

    timeline = anonymous.split("Zeitleiste", 1)[1]
    assert timeline.index("30.09.2025") < timeline.index("01.03.2025")
    assert (
        "30.09.2025 Phase: Umsetzungs- und Evaluierungsphase → abgeschlossen "
        "Fortschritt: 50 % → 100 % Text geändert: Titel Abgeschlossen."
    ) in timeline
    assert "01.03.2025 Fortschritt: 40 % → 50 % Erstes Treffen." in timeline
    assert "Förderer" not in anonymous
    assert "30.09.2025 · Wiebke Förderer" in staff_page


# --- partner matrix ------------------------------------------------------------------------


def matrix_of(response) -> tuple[list[str], list[list[str]]]:
    """(column headers, rows as [row header text, cell, cell, …]) of the matrix."""
    html = response.content.decode()
    table = html[html.index("<table") : html.index("</table>")]
    head = table[table.index("<thead>") : table.index("</thead>")]
    columns = [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', head, flags=re.S)
    ]
    body = table[table.index("<tbody") : table.index("</tbody>")]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S):
        header = re.search(r'<th scope="row"[^>]*>\s*<a[^>]*>([^<]+)</a>', row).group(1)
        cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
        rows.append([header, *cells])
    return columns, rows


def test_matrix_has_measures_by_organisations_with_roles(world, client):
    response = client.get("/massnahmen/fachkraefte/matrix/")

    columns, rows = matrix_of(response)
    assert columns == ["Maßnahme", "IHK Testregion", "Offene Maschinenbau GmbH", "Testhochschule"]
    assert rows == [
        ["2.1.1 Regionaler Arbeitskreis Zuwanderung", "Federführung", "Partner", ""],
        ["3.1 SWITCH weiterführen", "", "", "Förderer"],
    ]
    page = text_of(response)
    assert "2 Maßnahmen und ihre Partner (3 Organisationen)" in page
    assert "Anzahl Maßnahmen 1 1 1" in page
    assert "Eine weitere Maßnahme hat (bei diesen Filtern) noch keinen Partner" in page
    assert 'href="/massnahmen/fachkraefte/matrix/export/"' in response.content.decode()


def test_matrix_for_staff_includes_non_public_measures_and_organisations(world, client_for):
    columns, rows = matrix_of(client_for("staff").get("/massnahmen/fachkraefte/matrix/"))

    assert columns == [
        "Maßnahme",
        "IHK Testregion",
        "Offene Maschinenbau GmbH",
        "Testhochschule",
        "Verdeckte Gießerei GmbH",
    ]
    assert [row[0] for row in rows] == [
        "1.1 Interne Vorbereitung",
        "2.1.1 Regionaler Arbeitskreis Zuwanderung",
        "3.1 SWITCH weiterführen",
    ]


@pytest.mark.parametrize(
    ("query", "columns", "measures"),
    [
        ("organisation_kind=university", ["Testhochschule"], ["3.1 SWITCH weiterführen"]),
        (
            "organisation_kind=company",
            ["Offene Maschinenbau GmbH"],
            ["2.1.1 Regionaler Arbeitskreis Zuwanderung"],
        ),
        (
            "field=2",
            ["IHK Testregion", "Offene Maschinenbau GmbH"],
            ["2.1.1 Regionaler Arbeitskreis Zuwanderung"],
        ),
        ("phase=concept", ["Testhochschule"], ["3.1 SWITCH weiterführen"]),
    ],
)
def test_matrix_filters(world, client, query, columns, measures):
    response = client.get(f"/massnahmen/fachkraefte/matrix/?{query}")

    found_columns, rows = matrix_of(response)
    assert found_columns == ["Maßnahme", *columns]
    assert [row[0] for row in rows] == measures
    assert f'href="/massnahmen/fachkraefte/matrix/export/?{query}"' in response.content.decode()


def test_matrix_is_a_table_with_caption_and_header_scopes(world, client):
    html = client.get("/massnahmen/fachkraefte/matrix/").content.decode()

    assert re.search(r'<table[^>]*>\s*<caption[^>]*id="matrix-caption"', html)
    assert html.count('<th scope="row"') == 3  # two measures and the count row
    assert 'role="region" aria-labelledby="matrix-caption" tabindex="0"' in html


# --- staff: edit form ----------------------------------------------------------------------


def form_data(measure: Measure, **changes) -> dict:
    """What the edit form posts when nothing is touched, plus `changes`."""
    data = {
        "field": measure.field_id,
        "number": measure.number,
        "title": measure.title,
        "description": measure.description,
        "phase": measure.phase,
        "phase_note": measure.phase_note,
        "kind": measure.kind,
        "cost": measure.cost,
        "progress": measure.progress,
        "effort_person_days": "0,0",
        "duration_quarters": measure.duration_quarters,
        "priority": measure.priority,
        "planned_start": "",
        "planned_end": "",
        "actual_start": "",
        "actual_end": "",
        "earliest_start": "",
        "responsible_body": measure.responsible_body_id or "",
        "source": measure.source,
        "note": "",
        "date": timezone.localdate().isoformat(),
        "depends_on": [m.pk for m in measure.depends_on.all()],
    }
    for flag in ("phase_inferred", "is_flagship", "is_pinned", "is_public"):
        if getattr(measure, flag):
            data[flag] = "on"
    partners = list(measure.partners.all())
    data.update(
        {
            "partner-TOTAL_FORMS": len(partners) + 3,
            "partner-INITIAL_FORMS": len(partners),
            "partner-MIN_NUM_FORMS": 0,
            "partner-MAX_NUM_FORMS": 200,
        }
    )
    for index in range(len(partners) + 3):
        partner = partners[index] if index < len(partners) else None
        data[f"partner-{index}-organisation"] = partner.organisation_id if partner else ""
        data[f"partner-{index}-role"] = partner.role if partner else "partner"
    data.update(changes)
    return data


def test_edit_form_shows_the_measure(world, client_for):
    html = client_for("staff").get("/massnahme/fk-arbeitskreis/bearbeiten/").content.decode()

    assert 'name="title" id="id_title" value="Regionaler Arbeitskreis Zuwanderung"' in html
    assert f'<option value="{world["chamber"].pk}" selected>IHK Testregion</option>' in html
    assert '<option value="lead" selected>Federführung</option>' in html
    assert (
        f'type="date" name="date" id="id_date" value="{timezone.localdate().isoformat()}"' in html
    )
    assert f'value="{world["videos"].pk}" id="id_depends_on_' in html


def test_edit_writes_changes_partners_and_dependencies(world, users, client_for):
    circle, videos = world["circle"], world["videos"]
    data = form_data(
        circle,
        phase="completed",
        note="Fertig.",
        date="2025-11-30",
        effort_person_days="1,5",
        planned_start="2025-01-01",
        depends_on=[videos.pk],
    )
    data["partner-1-organisation"] = ""  # drop the company
    data["partner-3-organisation"] = world["university"].pk
    data["partner-3-role"] = "funder"

    response = client_for("staff").post("/massnahme/fk-arbeitskreis/bearbeiten/", data)

    assert response.status_code == 302
    assert response["Location"] == "/massnahme/fk-arbeitskreis/"
    circle.refresh_from_db()
    assert (
        circle.phase,
        circle.progress,
        str(circle.effort_person_days),
        circle.planned_start,
    ) == ("completed", 100, "1.5", dt.date(2025, 1, 1))
    entry = circle.updates.get()
    assert (
        entry.date,
        entry.phase_before,
        entry.phase_after,
        entry.progress_before,
        entry.progress_after,
        entry.note,
        entry.author,
    ) == (dt.date(2025, 11, 30), "implementation", "completed", 40, 100, "Fertig.", users["staff"])
    assert set(circle.partners.values_list("organisation__slug", "role")) == {
        ("ihk-testregion", "lead"),
        ("verdeckte-giesserei", "partner"),
        ("testhochschule", "funder"),
    }
    assert list(circle.depends_on.all()) == [videos]
    assert sorted(AuditEvent.objects.values_list("action", flat=True)) == [
        "measures.measure.dependencies",
        "measures.measure.partners",
        "measures.measure.update",
    ]


def test_edit_without_changes_writes_nothing(world, client_for):
    before = (MeasureUpdate.objects.count(), AuditEvent.objects.count())

    response = client_for("staff").post(
        "/massnahme/fk-arbeitskreis/bearbeiten/", form_data(world["circle"])
    )

    assert response.status_code == 302
    assert (MeasureUpdate.objects.count(), AuditEvent.objects.count()) == before


def test_edit_refuses_a_cycle_and_keeps_everything(world, client_for):
    circle, videos = world["circle"], world["videos"]
    videos.depends_on.add(circle)
    before = (
        MeasureUpdate.objects.count(),
        AuditEvent.objects.count(),
        MeasurePartner.objects.count(),
    )

    response = client_for("staff").post(
        "/massnahme/fk-arbeitskreis/bearbeiten/",
        form_data(
            circle, title="Neuer Titel", depends_on=[videos.pk], **{"partner-1-organisation": ""}
        ),
    )

    assert response.status_code == 200
    page = text_of(response)
    assert "Bitte prüfen Sie Ihre Eingaben. Es wurde nichts gespeichert." in page
    assert "hängt ab von : Diese Abhängigkeit ergäbe einen Kreis." in page
    circle.refresh_from_db()
    assert circle.title == "Regionaler Arbeitskreis Zuwanderung"
    assert list(circle.depends_on.all()) == []
    assert (
        MeasureUpdate.objects.count(),
        AuditEvent.objects.count(),
        MeasurePartner.objects.count(),
    ) == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Titel : Bitte geben Sie den Titel ein."),
        ({"progress": "120"}, "Fortschritt (%) : Dieser Wert muss kleiner oder gleich 100 sein."),
        (
            {"phase": "completed", "progress": "70"},
            "Fortschritt (%) : Eine abgeschlossene Maßnahme hat 100 % Fortschritt.",
        ),
        (
            {"planned_start": "2025-05-01", "planned_end": "2025-04-01"},
            "Geplantes Ende : Das geplante Ende liegt vor dem Beginn.",
        ),
        (
            {"actual_start": "2025-05-01", "actual_end": "2025-04-01"},
            "Tatsächliches Ende : Das tatsächliche Ende liegt vor dem Beginn.",
        ),
        ({"date": "2999-01-01"}, "Stand vom : Der Stand kann nicht in der Zukunft liegen."),
        (
            {"partner-3-organisation": "CHAMBER"},
            "Partner : IHK Testregion steht zweimal in der Liste; jede Organisation hat genau eine "
            "Rolle.",
        ),
    ],
)
def test_edit_shows_errors_and_writes_nothing(world, client_for, changes, message):
    circle = world["circle"]
    changes = {
        key: world["chamber"].pk if value == "CHAMBER" else value for key, value in changes.items()
    }
    before = (MeasureUpdate.objects.count(), AuditEvent.objects.count())

    response = client_for("staff").post(
        "/massnahme/fk-arbeitskreis/bearbeiten/", form_data(circle, **changes)
    )

    assert response.status_code == 200
    assert message in text_of(response)
    circle.refresh_from_db()
    assert (circle.title, circle.progress, circle.phase) == (
        "Regionaler Arbeitskreis Zuwanderung",
        40,
        "implementation",
    )
    assert (MeasureUpdate.objects.count(), AuditEvent.objects.count()) == before


# --- staff: bulk status table --------------------------------------------------------------


def bulk_data(measures: list[Measure], date: str | None = None, **rows) -> dict:
    """The bulk form as loaded (hidden initials = the values shown), with changes per
    row index: rows={"1": {"progress": 30}}."""
    data = {
        "stand-date": date or timezone.localdate().isoformat(),
        "zeile-TOTAL_FORMS": len(measures),
        "zeile-INITIAL_FORMS": len(measures),
        "zeile-MIN_NUM_FORMS": 0,
        "zeile-MAX_NUM_FORMS": 5000,
    }
    for index, measure in enumerate(measures):
        prefix = f"zeile-{index}"
        data.update(
            {
                f"{prefix}-measure_id": measure.pk,
                f"{prefix}-phase": measure.phase,
                f"initial-{prefix}-phase": measure.phase,
                f"{prefix}-progress": measure.progress,
                f"initial-{prefix}-progress": measure.progress,
                f"{prefix}-note": "",
            }
        )
        for name, value in rows.get(str(index), {}).items():
            data[f"{prefix}-{name}"] = value
    return data


def table_order(world) -> list[Measure]:
    """The rows of the bulk table: by field, then number."""
    return [world["hidden"], world["circle"], world["videos"], world["switch"]]


def test_bulk_page_lists_every_measure_grouped_by_field(world, client_for):
    response = client_for("staff").get("/massnahmen/fachkraefte/sachstand/")

    html = response.content.decode()
    assert re.findall(r'<th scope="colgroup"[^>]*>([^<]+)</th>', html) == [
        "1 Vernetzungsaktivitäten intensivieren",
        "2.1 Qualifizierte Zuwanderung",
        "3 Aus- und Weiterbildung stärken",
    ]
    ids = [int(pk) for pk in re.findall(r'name="zeile-\d+-measure_id" value="(\d+)"', html)]
    assert ids == [m.pk for m in table_order(world)]
    assert (
        '<label class="kern-sr-only" for="id_zeile-1-progress">Fortschritt in Prozent: '
        "Regionaler Arbeitskreis Zuwanderung</label>" in html
    )
    assert 'name="initial-zeile-1-progress" value="40"' in html
    assert (
        f'type="date" name="stand-date" id="id_stand-date" '
        f'value="{timezone.localdate().isoformat()}"'
    ) in html


def test_bulk_update_writes_only_changed_rows(world, users, client_for):
    measures = table_order(world)
    data = bulk_data(
        measures,
        date="2025-06-30",
        **{
            "1": {"phase": "completed"},  # progress left at 40: completing sets 100
            "2": {"note": "Drehbuch steht."},
            "3": {"progress": 35},
        },
    )

    client = client_for("staff")
    response = client.post("/massnahmen/fachkraefte/sachstand/", data)

    assert response.status_code == 302
    assert response["Location"] == "/massnahmen/fachkraefte/sachstand/"
    updates = {
        u.measure.external_id: (u.date, u.phase_after, u.progress_before, u.progress_after, u.note)
        for u in MeasureUpdate.objects.select_related("measure")
    }
    assert updates == {
        "fk-arbeitskreis": (dt.date(2025, 6, 30), "completed", 40, 100, ""),
        "fk-kurzvideos": (dt.date(2025, 6, 30), "", None, None, "Drehbuch steht."),
        "fk-switch": (dt.date(2025, 6, 30), "", 20, 35, ""),
    }
    page = text_of(client.get("/massnahmen/fachkraefte/sachstand/"))
    assert "Der Sachstand von 3 Maßnahmen wurde gespeichert." in page


def test_bulk_update_with_an_error_writes_nothing_and_marks_the_row(world, client_for):
    measures = table_order(world)
    before = (MeasureUpdate.objects.count(), AuditEvent.objects.count())

    response = client_for("staff").post(
        "/massnahmen/fachkraefte/sachstand/",
        bulk_data(measures, **{"1": {"progress": 60}, "3": {"phase": "completed", "progress": 70}}),
    )

    assert response.status_code == 200
    html = response.content.decode()
    page = text_of(response)
    assert "Es wurde nichts gespeichert. Bitte korrigieren Sie die markierten Zeilen." in page
    assert "3.1 SWITCH weiterführen : Eine abgeschlossene Maßnahme hat 100 % Fortschritt." in page
    row = html[html.index('name="zeile-3-measure_id"') :]
    row = row[: row.index("</tr>")]
    assert 'id="zeile-3-fehler"' in row
    assert 'aria-describedby="zeile-3-fehler"' in row
    assert 'value="70"' in row  # what was typed stays
    assert (MeasureUpdate.objects.count(), AuditEvent.objects.count()) == before
    assert Measure.objects.get(pk=world["circle"].pk).progress == 40


def test_bulk_update_form_errors_are_shown_at_the_row(world, client_for):
    response = client_for("staff").post(
        "/massnahmen/fachkraefte/sachstand/",
        bulk_data(table_order(world), **{"0": {"progress": "150"}, "2": {"progress": ""}}),
    )

    page = text_of(response)
    assert (
        "1.1 Interne Vorbereitung – Fortschritt (%): Der Fortschritt liegt zwischen 0 und 100 %."
    ) in page
    assert (
        "2.1.2 Kurzvideos für Arbeitgeber – Fortschritt (%): Bitte geben Sie den Fortschritt an."
    ) in page
    html = response.content.decode()
    assert re.search(
        r'id="id_zeile-0-progress" value="150" aria-describedby="zeile-0-fehler" '
        r'aria-invalid="true"',
        html,
    )
    assert not MeasureUpdate.objects.exists()


def test_bulk_update_notices_a_change_saved_meanwhile(world, users, client_for):
    # Given the page was loaded, then someone else set the circle to 70 %
    measures = table_order(world)
    data = bulk_data(measures, **{"1": {"progress": 45}, "3": {"progress": 25}})
    services.measure_update(actor=users["staff"], measure=world["circle"], data={"progress": 70})
    before = MeasureUpdate.objects.count()

    # When the first user saves
    response = client_for("staff").post("/massnahmen/fachkraefte/sachstand/", data)

    # Then nothing is overwritten and the row says what is saved now
    assert response.status_code == 200
    assert (
        "Jemand hat diese Maßnahme inzwischen geändert (jetzt: Umsetzungs- und "
        "Evaluierungsphase, 70 %)"
    ) in text_of(response)
    assert MeasureUpdate.objects.count() == before
    assert Measure.objects.get(pk=world["circle"].pk).progress == 70
    # and the row now starts from the saved values: saving again writes it
    assert 'name="initial-zeile-1-progress" value="70"' in response.content.decode()
    data["initial-zeile-1-progress"] = 70
    again = client_for("staff").post("/massnahmen/fachkraefte/sachstand/", data)
    assert again.status_code == 302
    assert Measure.objects.get(pk=world["circle"].pk).progress == 45


def test_bulk_update_refuses_a_list_that_changed(world, client_for):
    measures = table_order(world)
    data = bulk_data(measures[:3], **{"0": {"progress": 5}})  # a fourth measure was added

    response = client_for("staff").post("/massnahmen/fachkraefte/sachstand/", data)

    assert response.status_code == 200
    assert "Die Liste der Maßnahmen hat sich geändert. Bitte laden Sie die Seite neu." in text_of(
        response
    )
    assert not MeasureUpdate.objects.exists()


def test_bulk_update_without_changes_says_so(world, client_for):
    client = client_for("staff")

    response = client.post(
        "/massnahmen/fachkraefte/sachstand/", bulk_data(table_order(world)), follow=True
    )

    assert "Sie haben nichts geändert; es wurde nichts gespeichert." in text_of(response)
    assert not AuditEvent.objects.exists()


def test_bulk_index_lists_all_initiatives_for_staff(world, client_for):
    page = text_of(client_for("staff").get("/verwaltung/sachstand/"))

    assert "Fachkräftesicherung 4 Maßnahmen" in page
    assert "Interne Initiative 1 Maßnahme · nicht öffentlich" in page
