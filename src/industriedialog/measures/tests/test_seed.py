"""The Aachen catalogue loaded by `industriedialog seed`: every measure the council papers
name, in its initiative and field, with partners, inferred phases, planning values and a
timeline; correctly spelled; and a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from industriedialog.core.models import AuditEvent, SearchEntry
from industriedialog.measures import seed
from industriedialog.measures.models import (
    ActionField,
    Measure,
    MeasurePartner,
    MeasureUpdate,
    QuarterCapacity,
)

REPOSITORY = Path(__file__).resolve().parents[4]
REGION = "industrie-dialog-region-aachen"
CITY = "aachener-industrie-dialog"
SKILLS = "fachkraeftestrategie-aachen"
FLAGSHIPS = {
    "fk-2-1-arbeitskreis-zuwanderung",
    "fk-2-2-marketingkampagne",
    "fk-3-switch",
    "fk-2-5-senioren-jobboerse",
}


def run_seed() -> str:
    out = io.StringIO()
    call_command("seed", stdout=out)
    return out.getvalue()


def counts_per_field(initiative: str) -> dict[str, int]:
    measures = Measure.objects.filter(initiative__slug=initiative)
    return {
        number: measures.filter(field__number=number).count()
        for number in ActionField.objects.filter(initiative__slug=initiative)
        .order_by("sort_key")
        .values_list("number", flat=True)
    }


@pytest.mark.django_db
def test_every_initiative_has_its_measures_in_its_fields():
    run_seed()

    assert counts_per_field(REGION) == {"1": 5, "2": 5, "3": 5, "4": 3}
    assert counts_per_field(CITY) == {"1": 2, "2": 2, "3": 3, "4": 1}
    assert counts_per_field(SKILLS) == {
        "1": 1,
        "2": 0,
        "2.1": 4,
        "2.2": 3,
        "2.3": 2,
        "2.4": 2,
        "2.5": 3,
        "3": 5,
        "4": 0,
        "4.1": 3,
        "4.2": 2,
    }
    assert Measure.objects.count() == 51
    assert list(
        ActionField.objects.filter(initiative__slug=REGION)
        .order_by("sort_key")
        .values_list("title", flat=True)
    ) == [
        "Standortkommunikation",
        "Fachkräfte",
        "Innovationen und Technologietransfer",
        "Rahmenbedingungen",
    ]
    region_titles = set(
        Measure.objects.filter(initiative__slug=REGION).values_list("title", flat=True)
    )
    assert region_titles >= {
        "Lange Nacht der Industrie",
        "Gütesiegel „Made in Region Aachen“",
        "Industrie-Botschafter",
        "Industrie-Dialog – Kooperationspreis",
        "Unternehmensbesuchsprogramm „Hallo Nachbar“",
        "Transfer-Messe",
        "Transfer-Café",
        "Performance Check Produktion",
        "Innovationslotsen",
        "Energiekooperationen und Abwärmenutzung an Mikrostandorten",
        "Symposium „Energie als Standortfaktor“",
        "Unternehmerbeirat",
        "Vor-Ort-Qualifizierung durch die Agentur für Arbeit",
        "Ausbildung schwächerer Jugendlicher",
        "Nachqualifizierung von Un- und Angelernten",
        "Imagebroschüre und Werbefilm",
        "Sonder-Wochenendbeilage des Zeitungsverlags (23.11.2013)",
        "Kooperation zwischen Unternehmen",
    }
    assert set(Measure.objects.filter(initiative__slug=CITY).values_list("title", flat=True)) == {
        "Unternehmerbeirat",
        "Woche der Mobilität",
        "Wiederbelebung eines Unternehmensnetzwerks in der Produktionstechnologie",
        "Industrieausstellung „Gesicht zeigen“",
        "Jobticket",
        "Innovationscluster",
        "Lehrerpraktikanten in der Wirtschaft",
        "Gütesiegel „Made in Aachen“",
    }


@pytest.mark.django_db
def test_the_fields_of_the_skilled_worker_strategy_carry_the_official_titles():
    run_seed()

    fields = ActionField.objects.filter(initiative__slug=SKILLS).order_by("sort_key")
    titles = [
        f"{f.number}. {f.title}" if f.parent_id is None else f"{f.number} {f.title}" for f in fields
    ]

    assert titles == [
        "1. Vernetzungsaktivitäten zwischen Stakeholdern intensivieren",
        "2. Fachkräfte-Potenziale erschließen",
        "2.1 Qualifizierte Zuwanderung",
        "2.2 Regionalmarketing – Attraktivität der Region für Fachkräfte steigern",
        "2.3 Integration arbeitsloser Menschen ins Erwerbsleben",
        "2.4 Erhöhung des Arbeitsvolumens von Teilzeitbeschäftigten und Ansprache der "
        "„stillen Reserve“",
        "2.5 Erhöhung der Erwerbsbeteiligung von älteren Fachkräften",
        "3. Aus- und Weiterbildung stärken",
        "4. Anpassung an den Fachkräftemangel",
        "4.1 Digitalisierung und Künstliche Intelligenz (KI) nutzen",
        "4.2 Standards flexibilisieren, unbürokratischen Quereinstieg ermöglichen",
    ]
    assert {f.number: f.parent.number for f in fields if f.parent_id} == {
        "2.1": "2",
        "2.2": "2",
        "2.3": "2",
        "2.4": "2",
        "2.5": "2",
        "4.1": "4",
        "4.2": "4",
    }


@pytest.mark.django_db
def test_the_four_flagships_of_the_outlook_have_priority_one():
    run_seed()

    flagships = Measure.objects.filter(is_flagship=True)

    assert set(flagships.values_list("external_id", flat=True)) == FLAGSHIPS
    assert set(flagships.values_list("priority", flat=True)) == {1}
    assert dict(flagships.values_list("external_id", "field__number")) == {
        "fk-2-1-arbeitskreis-zuwanderung": "2.1",
        "fk-2-2-marketingkampagne": "2.2",
        "fk-3-switch": "3",
        "fk-2-5-senioren-jobboerse": "2.5",
    }


@pytest.mark.django_db
def test_phases_are_inferred_from_the_wording_and_the_deciding_words_are_noted():
    run_seed()

    def phase(external_id: str) -> tuple[str, str]:
        measure = Measure.objects.get(external_id=external_id)
        return measure.phase, measure.phase_note

    assert not Measure.objects.filter(phase_inferred=False).exists()
    assert not Measure.objects.filter(phase_note="").exists()
    skills = Measure.objects.filter(initiative__slug=SKILLS)
    assert {p: skills.filter(phase=p).count() for p in ("implementation", "concept", "idea")} == {
        "implementation": 11,
        "concept": 13,
        "idea": 1,
    }
    assert phase("fk-3-switch") == ("implementation", "„Weiterführung des Projekts SWITCH“")
    assert phase("fk-2-2-newcomer-service")[0] == "implementation"
    assert phase("fk-3-zdi-netzwerk") == (
        "implementation",
        "„ist in der Wirtschaftsförderung der Stadt Aachen ansässig und "
        "fungiert als bedeutende Koordinierungsstelle“",
    )
    assert phase("fk-3-ausbildungswerk")[0] == "concept"
    assert "prüft" in phase("fk-3-ausbildungswerk")[1]
    assert phase("fk-3-maker-space") == (
        "concept",
        "„Konzeptionierung und Evaluierung von Fördermöglichkeiten eines Maker-Space“",
    )
    assert phase("fk-2-5-senioren-jobboerse")[0] == "idea"
    assert (
        "möchte der Fachbereich 02 eine öffentliche Plattform entwickeln"
        in phase("fk-2-5-senioren-jobboerse")[1]
    )
    # The 2014 wording of the regional dialogue.
    assert phase("idra-3-hallo-nachbar")[0] == "implementation"
    assert phase("idra-3-transfer-messe") == ("concept", "„weiter konzeptionell konkretisiert“")
    assert phase("idra-2-imagebroschuere-werbefilm")[0] == "idea"
    assert "ins Auge gefasst" in phase("idra-4-unternehmerbeirat")[1]
    supplement = Measure.objects.get(external_id="idra-1-sonderbeilage-zeitungsverlag")
    assert (supplement.phase, supplement.progress, supplement.actual_end) == (
        "completed",
        100,
        dt.date(2013, 11, 23),
    )


@pytest.mark.django_db
def test_partners_and_bodies_are_the_ones_the_papers_name():
    run_seed()

    def partners(external_id: str) -> set[tuple[str, str]]:
        return set(
            MeasurePartner.objects.filter(measure__external_id=external_id).values_list(
                "organisation__slug", "role"
            )
        )

    check = Measure.objects.get(external_id="idra-3-performance-check-produktion")
    assert check.cost == "paid"
    assert partners(check.external_id) == {("wzl-rwth-aachen", "partner")}
    assert partners("idra-2-vor-ort-qualifizierung") == {
        ("agentur-fuer-arbeit-aachen-dueren", "lead")
    }
    assert partners("fk-3-switch") == {
        ("stadt-aachen-fb-02", "lead"),
        ("rwth-aachen", "partner"),
        ("fh-aachen", "partner"),
        ("ihk-aachen", "partner"),
        ("hwk-aachen", "partner"),
    }
    assert partners("fk-2-1-anerkennung-berufsqualifikationen") == {
        ("stadt-aachen-fb-02", "lead"),
        ("zweckverband-region-aachen", "partner"),
        ("hwk-aachen", "partner"),
    }
    assert (
        Measure.objects.get(external_id="fk-2-1-arbeitskreis-zuwanderung").responsible_body.slug
        == "fachkraeftestrategie-aachen-arbeitskreis-zuwanderung"
    )
    for measure in Measure.objects.exclude(responsible_body=None):
        assert measure.responsible_body.initiative_id == measure.initiative_id, measure
    # Every measure of the 2023/24 catalogue has exactly one lead.
    for measure in Measure.objects.filter(initiative__slug=SKILLS):
        assert measure.partners.filter(role="lead").count() == 1, measure


@pytest.mark.django_db
def test_planning_values_are_estimated_and_marked_in_the_source_not_as_example_data():
    run_seed()

    skills = Measure.objects.filter(initiative__slug=SKILLS)

    assert not Measure.objects.filter(is_example_data=True).exists()
    assert not Measure.objects.filter(is_public=False).exists()
    for measure in skills:
        assert measure.source.endswith("Planwerte geschätzt"), measure
        assert measure.effort_person_days > 0 and measure.earliest_start is not None, measure
    for measure in Measure.objects.exclude(initiative__slug=SKILLS):
        assert "Planwerte" not in measure.source and measure.effort_person_days == 0, measure
    # Running measures are fixed from the start of the horizon; their load fits.
    running = skills.filter(phase="implementation")
    assert set(running.values_list("is_pinned", "planned_start")) == {(True, dt.date(2026, 1, 1))}
    assert sum(m.effort_person_days for m in running) == Decimal("47")
    assert not skills.exclude(phase="implementation").filter(is_pinned=True).exists()
    switch = Measure.objects.get(external_id="fk-3-switch")
    assert (switch.duration_quarters, switch.planned_end) == (12, dt.date(2028, 12, 31))
    cafe = Measure.objects.get(external_id="fk-2-5-senioren-cafe")
    assert list(cafe.depends_on.values_list("external_id", flat=True)) == [
        "fk-2-5-senioren-jobboerse"
    ]
    assert Measure.depends_on.through.objects.count() == 3
    capacities = QuarterCapacity.objects.filter(initiative__slug=SKILLS)
    assert capacities.count() == 20
    assert (capacities.first().year, capacities.first().quarter) == (2026, 1)
    assert (capacities.last().year, capacities.last().quarter) == (2030, 4)
    assert set(capacities.values_list("person_days", flat=True)) == {Decimal("60")}


@pytest.mark.django_db
def test_every_measure_has_its_creation_entry_and_some_a_dated_history():
    run_seed()

    per_measure = {m.pk: 0 for m in Measure.objects.all()}
    for entry in MeasureUpdate.objects.all():
        if "created" in entry.changed_fields:
            per_measure[entry.measure_id] += 1
    assert set(per_measure.values()) == {1}
    assert MeasureUpdate.objects.count() == 51 + 6
    hallo = Measure.objects.get(external_id="idra-3-hallo-nachbar")
    timeline = list(hallo.updates.values_list("date", "phase_before", "phase_after"))
    assert timeline == [
        (dt.date(2014, 2, 5), "concept", "implementation"),
        (dt.date(2013, 11, 27), "", "concept"),
    ]
    assert not MeasureUpdate.objects.exclude(author=None).exists()
    seal = Measure.objects.get(external_id="aid-3-guetesiegel-made-in-aachen")
    assert seal.updates.get().date == dt.date(2015, 3, 24)
    assert seal.created_at.date() == dt.date(2015, 3, 24)
    # Invented timeline entries say so.
    invented = MeasureUpdate.objects.filter(date__year__gte=2024).exclude(date="2024-01-15")
    assert invented.count() == 3
    assert all(entry.note.endswith("(Beispieldaten)") for entry in invented)


OCR_ARTEFACTS = re.compile(
    r"fiir|Fiir|\b(?:fir|fur|Far|Uber|Ubertragen|tber|Gibernehmen)\b|Diiren|ii|"
    r"Stadteregion|Kimmerer|Giitesiegel|Tiiren|Blrger|Darliber|[O6]ffentlich|"
    r"[a-zäöüß][R3][a-zäöüß]|[éèêáàâ]|mal3|Mallnahme|MaRnahme|Schliefung|"
    r"\b(?:Fachkrafte|Arbeitsplatze|Starkung|Unterstutzung|Wirtschaftsforderung|"
    r"Massnahme|Bevolkerung|Gutesiegel|Burger|Prasentation|Kummerer|Europaische|"
    r"Wettbewerbsfahig|Bundnis|Abwarme)\b|\*innen"
)


def shipped_texts() -> list[str]:
    texts: list[str] = []
    for action_field in ActionField.objects.all():
        texts += [action_field.title, action_field.description]
    for measure in Measure.objects.all():
        texts += [measure.title, measure.description, measure.phase_note, measure.source]
    texts += list(MeasureUpdate.objects.values_list("note", flat=True))
    return texts


@pytest.mark.django_db
def test_everything_shipped_is_correctly_spelled():
    run_seed()

    texts = shipped_texts()
    # Legitimate spellings the pattern would otherwise flag.
    cleaned = [t.replace("StädteRegion", "").replace("Café", "") for t in texts]

    assert [t for t in cleaned if OCR_ARTEFACTS.search(t)] == []
    joined = "\n".join(texts)
    for spelling in (
        "Gütesiegel „Made in Aachen“",
        "Gütesiegel „Made in Region Aachen“",
        "Agentur für Arbeit Aachen-Düren",
        "Werkzeugmaschinenlabors WZL",
        "StädteRegion Aachen",
        "Maßnahme",
        "Fachkräfte",
        "Wirtschaftsförderung",
        "AKzentE4.0",
        "Transfer-Café",
        "Senioren-Jobbörse",
        "Abwärmenutzung",
        "„stillen Reserve“",
        "Künstliche Intelligenz (KI)",
    ):
        assert spelling in joined, spelling
    assert "AkzentE4.0" not in joined  # the paper spells it both ways; the register's way
    assert all(t == t.strip() and "  " not in t for t in texts)


@pytest.mark.django_db
def test_a_second_seed_changes_nothing():
    run_seed()
    models = [
        *apps.get_app_config("measures").get_models(),
        Measure.history.model,
        Measure.depends_on.through,
        AuditEvent,
        SearchEntry,
    ]
    counts = {model._meta.label: model._default_manager.count() for model in models}
    before = list(Measure.objects.order_by("pk").values_list("pk", "updated_at"))
    timeline = list(MeasureUpdate.objects.order_by("pk").values())

    output = run_seed()

    assert {model._meta.label: model._default_manager.count() for model in models} == counts
    assert list(Measure.objects.order_by("pk").values_list("pk", "updated_at")) == before
    assert list(MeasureUpdate.objects.order_by("pk").values()) == timeline
    lines = [line for line in output.splitlines() if line.startswith("[measures]")]
    assert len(lines) == 6
    assert all(" 0 neu, 0 geändert, " in line for line in lines)


@pytest.mark.django_db
def test_a_wrong_reference_in_the_file_stops_the_load_and_writes_nothing(monkeypatch):
    run_seed()
    shipped = seed.load_data_file

    def broken(package, filename, **kwargs):
        data = shipped(package, filename, **kwargs)
        if filename == "catalogue.json":
            record = dict(
                data[2]["measures"][0],
                external_id="fk-test",
                partners=[{"organisation": "gibt-es-nicht", "role": "lead"}],
            )
            data[2]["measures"].insert(0, record)
        return data

    monkeypatch.setattr(seed, "load_data_file", broken)
    counts = (Measure.objects.count(), MeasureUpdate.objects.count(), AuditEvent.objects.count())

    with pytest.raises(ValueError, match="Organisation „gibt-es-nicht“ gibt es nicht"):
        seed.load()

    assert (
        Measure.objects.count(),
        MeasureUpdate.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


def test_the_shipped_files_are_what_the_generator_writes():
    path = REPOSITORY / "scripts" / "generate_measures_data.py"
    spec = importlib.util.spec_from_file_location("generate_measures_data", path)
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)

    assert generator.build() == json.loads(generator.OUTPUT.read_text(encoding="utf-8"))
    assert generator.capacities() == json.loads(
        generator.CAPACITY_OUTPUT.read_text(encoding="utf-8")
    )
