#!/usr/bin/env python3
"""Write the catalogue of measures of the Aachen data set:
src/industriedialog/measures/data/aachen/catalogue.json and capacities.json.

Deterministic and standard library only: running it twice writes the same files. Run it
from anywhere with

    python3 scripts/generate_measures_data.py

What comes from the council papers (/work/shared/seeds, cited as 000 … 004): every
measure, its field of action, its partners where a paper names them, its cost where a
paper says it, and its phase. The papers of 2013/14 and the skilled-worker strategy of
2023/24 (whose phase symbols the text extraction lost) do not state phases as such; each
phase is read from the wording, flagged `phase_inferred` and explained in `phase_note`
with the words that decided it.

Invented, and said so:
- the planning values of the skilled-worker strategy (effort per quarter, duration,
  earliest start, priority, the fixed start of measures already running, dependencies)
  for the roadmap planner: their `source` ends with „Planwerte geschätzt“;
- the staff capacity of 60 person-days per quarter 2026–2030 (capacities.json);
- the day the 2023/24 measures entered the catalogue (the paper gives only „2023/24“);
- three timeline entries of 2024/25 that repeat example meetings of the dialog data set;
  their notes end with „(Beispieldaten)“.
The papers of 2013–2015 give the other timeline dates: the 2nd Industrie-Dialog in
Stolberg (27.11.2013), the newspaper supplement (23.11.2013), the committee meeting of
05.02.2014, the adoption of the city's concept (02.04.2014) and AUFBRUCH 2015 (24.03.2015).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "industriedialog"
ORGANISATIONS = SRC / "actors" / "data" / "aachen" / "organisations.json"
INITIATIVES = SRC / "core" / "data" / "aachen" / "initiatives.json"
BODIES = SRC / "dialog" / "data" / "aachen" / "bodies.json"
OUTPUT = SRC / "measures" / "data" / "aachen" / "catalogue.json"
CAPACITY_OUTPUT = SRC / "measures" / "data" / "aachen" / "capacities.json"

REGION = "industrie-dialog-region-aachen"
CITY = "aachener-industrie-dialog"
SKILLS = "fachkraeftestrategie-aachen"

FB02 = "stadt-aachen-fb-02"
ZWECKVERBAND = "zweckverband-region-aachen"
STAEDTEREGION = "staedteregion-aachen"
IHK = "ihk-aachen"
HWK = "hwk-aachen"
ARBEITSAGENTUR = "agentur-fuer-arbeit-aachen-dueren"
JOBCENTER = "jobcenter-staedteregion-aachen"
AUSLAENDERAMT = "auslaenderamt-staedteregion-aachen"
AKZENTE = "akzente40"

SOURCE_REGION = "Sachstand „Industrie-Dialog Region Aachen“ (Vorlage FB 02, Anfang 2014)"
SOURCE_CONCEPT_2014 = "Handlungskonzept „Aachener Industrie-Dialog“ (Vorlage FB 02, März 2014)"
SOURCE_STATUS_2015 = "Sachstand „Aachener Industrie-Dialog“ (Vorlage FB 02/0017/WP17, 2015)"
SOURCE_SKILLS = (
    "Positionspapier zur Fachkräftesicherung der Stadt Aachen (FB 02, 2023/24); Planwerte geschätzt"
)

STOLBERG = "2013-11-27"
COMMITTEE_2014 = "2014-02-05"
CONCEPT_2014 = "2014-04-02"
AUFBRUCH_2015 = "2015-03-24"
# The paper is dated only „2023/24“ (it cites the immigration law of November 2023).
SKILLS_CATALOGUE = "2024-01-15"
# Measures already running are fixed at the start of the capacity horizon.
HORIZON_START = "2026-01-01"

CAPACITY_YEARS = range(2026, 2031)
CAPACITY_PERSON_DAYS = "60"


def field(number: str, title: str, description: str = "") -> dict[str, Any]:
    parent = number.rsplit(".", 1)[0] if "." in number else None
    return {"number": number, "title": title, "description": description, "parent": parent}


def lead(organisation: str) -> dict[str, str]:
    return {"organisation": organisation, "role": "lead"}


def partner(organisation: str) -> dict[str, str]:
    return {"organisation": organisation, "role": "partner"}


def quarters_later(start: str, quarters: int) -> str:
    """The last day of the `quarters`-th quarter beginning with `start`."""
    day = dt.date.fromisoformat(start)
    month = day.month - 1 + 3 * quarters
    first_after = dt.date(day.year + month // 12, month % 12 + 1, 1)
    return (first_after - dt.timedelta(days=1)).isoformat()


def measure(
    external_id: str,
    field_number: str,
    number: str,
    title: str,
    description: str,
    *,
    phase: str,
    phase_note: str,
    source: str,
    created_on: str,
    created_note: str,
    partners: tuple[dict[str, str], ...] = (),
    body: str | None = None,
    is_flagship: bool = False,
    cost: str = "free",
    progress: int = 0,
    created_phase: str | None = None,
    created_progress: int | None = None,
    updates: tuple[dict[str, Any], ...] = (),
    actual_start: str | None = None,
    actual_end: str | None = None,
    plan: dict[str, Any] | None = None,
    depends_on: tuple[str, ...] = (),
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "external_id": external_id,
        "field": field_number,
        "number": number,
        "title": title,
        "description": description,
        "phase": phase,
        "phase_inferred": True,
        "phase_note": phase_note,
        "is_flagship": is_flagship,
        "kind": "regular",
        "cost": cost,
        "progress": progress,
        "priority": 3,
        "effort_person_days": "0",
        "duration_quarters": 1,
        "earliest_start": None,
        "planned_start": None,
        "planned_end": None,
        "actual_start": actual_start,
        "actual_end": actual_end,
        "is_pinned": False,
        "responsible_body": body,
        "source": source,
        "is_public": True,
        "is_example_data": False,
        "partners": list(partners),
        "depends_on": list(depends_on),
        "created_on": created_on,
        "created_phase": created_phase or phase,
        "created_progress": progress if created_progress is None else created_progress,
        "created_note": created_note,
        "updates": list(updates),
    }
    if plan is not None:
        record.update(plan)
    return record


def update(
    date: str,
    note: str,
    *,
    phase: tuple[str, str] | None = None,
    progress: tuple[int, int] | None = None,
) -> dict[str, Any]:
    changed = (["phase"] if phase else []) + (["progress"] if progress else [])
    return {
        "date": date,
        "phase_before": phase[0] if phase else "",
        "phase_after": phase[1] if phase else "",
        "progress_before": progress[0] if progress else None,
        "progress_after": progress[1] if progress else None,
        "changed_fields": changed,
        "note": note,
    }


def running(effort: int, duration: int, priority: int) -> dict[str, Any]:
    """Planning values of a measure already in implementation: fixed from the start of
    the horizon."""
    return {
        "effort_person_days": str(effort),
        "duration_quarters": duration,
        "priority": priority,
        "earliest_start": HORIZON_START,
        "planned_start": HORIZON_START,
        "planned_end": quarters_later(HORIZON_START, duration),
        "is_pinned": True,
    }


def planned(
    effort: int, duration: int, priority: int, earliest: str = HORIZON_START
) -> dict[str, Any]:
    """Planning values of a measure the roadmap planner schedules."""
    return {
        "effort_person_days": str(effort),
        "duration_quarters": duration,
        "priority": priority,
        "earliest_start": earliest,
    }


# --------------------------------------------------------------------------- 2013/14


def region_catalogue() -> dict[str, Any]:
    """Industrie-Dialog Region Aachen: the results of the four working groups, presented
    on 27.11.2013 in Stolberg, as the status report of early 2014 describes them (002);
    the four fields as the kick-off paper of 2013 names them (001)."""
    ag = "industrie-dialog-region-aachen-ag-"

    def presented(group: str) -> str:
        return (
            f"Ergebnis der Arbeitsgruppe {group}, vorgestellt beim 2. Industrie-Dialog "
            "Region Aachen am 27.11.2013 in Stolberg."
        )

    def region(
        external_id: str,
        field_number: str,
        number: str,
        title: str,
        description: str,
        group: str,
        **kwargs: Any,
    ) -> dict[str, Any]:
        kwargs.setdefault("created_on", STOLBERG)
        kwargs.setdefault("created_note", presented(group))
        return measure(
            external_id, field_number, number, title, description, source=SOURCE_REGION, **kwargs
        )

    fields = [
        field(
            "1",
            "Standortkommunikation",
            "Der Industriestandort Region Aachen hat kein Akzeptanzproblem in der breiten "
            "Bevölkerung. Zu verbessern ist die nach innen gerichtete Kommunikation "
            "zwischen den Unternehmen der Region, etwa über regionale Leistungsangebote, "
            "damit mehr Aufträge regional statt überregional vergeben werden.",
        ),
        field(
            "2",
            "Fachkräfte",
            "Qualifizierung, Ausbildung und Mitarbeiterförderung; in den "
            "Unternehmensbesuchen wurden auch Maßnahmen zur Ausbildungs- und "
            "Mitarbeiterförderung sowie zur Qualifizierungsberatung angesprochen.",
        ),
        field(
            "3",
            "Innovationen und Technologietransfer",
            "Drei Netzwerkformate für den Austausch zwischen Unternehmen und Hochschulen. "
            "Die Unternehmen sind noch zu wenig über die Forschungs- und "
            "Entwicklungsmöglichkeiten an den Aachener Hochschulen informiert.",
        ),
        field(
            "4",
            "Rahmenbedingungen",
            "Verkehrs- und Versorgungsstruktur, hohe Energiekosten, politische Richtlinien "
            "und Förderprogramme.",
        ),
    ]
    communication = "Standortkommunikation"
    skills = "Fachkräfte"
    innovation = "Innovationen und Technologietransfer"
    framework = "Rahmenbedingungen"
    concretised = "„die konzeptionell künftig weiter konkretisiert werden“"
    identified = "„als Handlungsansätze identifiziert“"
    measures = [
        region(
            "idra-1-guetesiegel-made-in-region-aachen",
            "1",
            "1.1",
            "Gütesiegel „Made in Region Aachen“",
            "Unternehmensauszeichnung nach regionalgebundenen Kriterien wie Mitarbeiter, "
            "Zulieferer, Kunden und Absatzmärkte.",
            communication,
            phase="concept",
            phase_note=concretised,
            body=ag + "standortkommunikation",
        ),
        region(
            "idra-1-lange-nacht-der-industrie",
            "1",
            "1.2",
            "Lange Nacht der Industrie",
            "Industrieunternehmen öffnen ihre Türen für die interessierte Öffentlichkeit, "
            "um industrielle Branchen in Rundgängen, Präsentationen und Dialogen "
            "anschaulich zu präsentieren. Das Format erweitert das "
            "Unternehmensbesuchsprogramm „Hallo Nachbar“ um Besuchergruppen wie "
            "Schülerinnen und Schüler, Studierende, Arbeits- und Ausbildungsuchende sowie "
            "interessierte Bürgerinnen und Bürger.",
            communication,
            phase="concept",
            phase_note=concretised,
            body=ag + "standortkommunikation",
        ),
        region(
            "idra-1-industrie-botschafter",
            "1",
            "1.3",
            "Industrie-Botschafter",
            "Aktive Unternehmen beziehungsweise ihre Vertreterinnen und Vertreter werden "
            "zu Industrie-Botschaftern ernannt und vertreten als branchenspezifische "
            "Repräsentanten die Region.",
            communication,
            phase="concept",
            phase_note=concretised + "; „könnten Industrie-Botschafter … ernannt werden“",
            body=ag + "standortkommunikation",
        ),
        region(
            "idra-1-kooperationspreis",
            "1",
            "1.4",
            "Industrie-Dialog – Kooperationspreis",
            "Unternehmensauszeichnung für regionale Zusammenarbeit, die aus der Initiative "
            "des Industrie-Dialogs Region Aachen entstanden ist.",
            communication,
            phase="concept",
            phase_note=concretised,
            body=ag + "standortkommunikation",
        ),
        region(
            "idra-1-sonderbeilage-zeitungsverlag",
            "1",
            "1.5",
            "Sonder-Wochenendbeilage des Zeitungsverlags (23.11.2013)",
            "Flankierend zum Industrie-Dialog veröffentlichte der Zeitungsverlag Aachen am "
            "23.11.2013 ein Themenmagazin als Sonder-Wochenendbeilage, das "
            "schwerpunktmäßig regionale Industrieunternehmen und ihre Produkte sowie die "
            "Zielsetzung der Initiative vorstellte.",
            communication,
            phase="completed",
            progress=100,
            phase_note="„eine Sonder-Wochenendbeilage … veröffentlicht wurde (23.11.2013)“",
            partners=(lead("zeitungsverlag-aachen"),),
            body="industrie-dialog-region-aachen-arbeitskreis",
            actual_start="2013-11-23",
            actual_end="2013-11-23",
            created_on="2013-11-23",
            created_note="Themenmagazin als Sonder-Wochenendbeilage erschienen.",
        ),
        region(
            "idra-2-vor-ort-qualifizierung",
            "2",
            "2.1",
            "Vor-Ort-Qualifizierung durch die Agentur für Arbeit",
            "Die Agentur für Arbeit Aachen-Düren führt Qualifizierungsmaßnahmen direkt "
            "vor Ort bei Unternehmen der Region durch.",
            skills,
            phase="implementation",
            phase_note="„werden … vor-Ort-Qualifizierungsmaßnahmen bei Unternehmen der "
            "Region durchgeführt“",
            partners=(lead(ARBEITSAGENTUR),),
            body=ag + "fachkraefte",
        ),
        region(
            "idra-2-ausbildung-schwaecherer-jugendlicher",
            "2",
            "2.2",
            "Ausbildung schwächerer Jugendlicher",
            "Jugendliche mit schwächeren Startchancen für eine Ausbildung in "
            "Industrieunternehmen gewinnen.",
            skills,
            phase="idea",
            phase_note=identified,
            body=ag + "fachkraefte",
        ),
        region(
            "idra-2-nachqualifizierung",
            "2",
            "2.3",
            "Nachqualifizierung von Un- und Angelernten",
            "Un- und angelernte Beschäftigte zu einem Berufsabschluss nachqualifizieren.",
            skills,
            phase="idea",
            phase_note=identified,
            body=ag + "fachkraefte",
        ),
        region(
            "idra-2-kooperation-zwischen-unternehmen",
            "2",
            "2.4",
            "Kooperation zwischen Unternehmen",
            "Unternehmen arbeiten bei der Gewinnung und Qualifizierung von Fachkräften zusammen.",
            skills,
            phase="idea",
            phase_note=identified,
            body=ag + "fachkraefte",
        ),
        region(
            "idra-2-imagebroschuere-werbefilm",
            "2",
            "2.5",
            "Imagebroschüre und Werbefilm",
            "Eine Imagebroschüre und gegebenenfalls ein Werbefilm sollen die Unternehmen "
            "der Region als interessante Arbeitgeber positionieren.",
            skills,
            phase="idea",
            phase_note="„Ferner wurde die Entwicklung einer Imagebroschüre und ggf. eines "
            "Werbefilms ins Auge gefasst“",
            body=ag + "fachkraefte",
        ),
        region(
            "idra-3-hallo-nachbar",
            "3",
            "3.1",
            "Unternehmensbesuchsprogramm „Hallo Nachbar“",
            "Unternehmen treten als Gastgeber auf und zeigen Nachbarbetrieben ihre "
            "Produktion und ihre Leistungsangebote; eines der drei Netzwerkformate des "
            "Handlungsfelds.",
            innovation,
            phase="implementation",
            phase_note="„drei Netzwerkformate …, die sich bereits in Umsetzung befinden“; "
            "„konnten bereits Unternehmen gewonnen werden, die … als Gastgeber "
            "auftreten“",
            body=ag + "innovationen-und-technologietransfer",
            created_phase="concept",
            updates=(
                update(
                    COMMITTEE_2014,
                    "Erste Unternehmen sind als Gastgeber gewonnen; das Format ist "
                    "in Umsetzung (Sachstand an den Ausschuss für Arbeit, "
                    "Wirtschaft und Wissenschaft).",
                    phase=("concept", "implementation"),
                ),
            ),
        ),
        region(
            "idra-3-transfer-messe",
            "3",
            "3.2",
            "Transfer-Messe",
            "Messeformat für den Technologietransfer zwischen Wissenschaft und "
            "Unternehmen; eines der drei Netzwerkformate des Handlungsfelds.",
            innovation,
            phase="concept",
            phase_note="„weiter konzeptionell konkretisiert“",
            body=ag + "innovationen-und-technologietransfer",
        ),
        region(
            "idra-3-transfer-cafe",
            "3",
            "3.3",
            "Transfer-Café",
            "Format für den informellen Austausch zum Technologietransfer; eines der "
            "drei Netzwerkformate des Handlungsfelds.",
            innovation,
            phase="concept",
            phase_note="„weiter konzeptionell konkretisiert“",
            body=ag + "innovationen-und-technologietransfer",
        ),
        region(
            "idra-3-performance-check-produktion",
            "3",
            "3.4",
            "Performance Check Produktion",
            "Wird den Unternehmen in Kooperation mit dem Exzellenzcluster des "
            "Werkzeugmaschinenlabors WZL der RWTH Aachen als kostenpflichtige, effektive "
            "Maßnahme angeboten.",
            innovation,
            phase="implementation",
            cost="paid",
            phase_note="„den Unternehmen bereits als (kostenpflichtige) effektive "
            "Maßnahme angeboten“",
            partners=(partner("wzl-rwth-aachen"),),
            body=ag + "innovationen-und-technologietransfer",
        ),
        region(
            "idra-3-innovationslotsen",
            "3",
            "3.5",
            "Innovationslotsen",
            "Lotsen, die Unternehmen zu den passenden Innovations- und Transferangeboten "
            "der Region führen.",
            innovation,
            phase="implementation",
            phase_note="„befinden sich zum Teil bereits in der Umsetzung“",
            body=ag + "innovationen-und-technologietransfer",
            created_phase="concept",
            updates=(
                update(
                    COMMITTEE_2014,
                    "Die Innovationslotsen befinden sich zum Teil bereits in der Umsetzung.",
                    phase=("concept", "implementation"),
                ),
            ),
        ),
        region(
            "idra-4-energiekooperationen-mikrostandorte",
            "4",
            "4.1",
            "Energiekooperationen und Abwärmenutzung an Mikrostandorten",
            "Unterstützung des Ausbaus von Netzwerken zu tragfähigen Energiekooperationen "
            "an Mikrostandorten, zum Beispiel zur Nutzung individueller "
            "Produktionsabwärme. Der finanzielle Leidensdruck durch Energiekosten ist "
            "meist noch nicht stark genug, um Energiemanagementsysteme oder Energieaudits "
            "einzuführen; das Interesse an Vernetzung im Energiebereich ist jedoch hoch.",
            framework,
            phase="idea",
            phase_note="„Eine künftige Zielsetzung der gleichnamigen Arbeitsgruppe besteht "
            "in der Unterstützung des Ausbaus von Netzwerken“",
            body=ag + "rahmenbedingungen",
        ),
        region(
            "idra-4-symposium-energie-als-standortfaktor",
            "4",
            "4.2",
            "Symposium „Energie als Standortfaktor“",
            "Die Themen und Ergebnisse des Workshops sind Grundlage eines Symposiums, das "
            "dem Austausch der Unternehmen untereinander und mit den unterschiedlichen "
            "politischen Ebenen dient, die aktiv eingebunden werden sollen.",
            framework,
            phase="concept",
            phase_note="„Sie sollen die Grundlage für ein Symposium … sein“; „Ein konkreter "
            "Termin in 2014 wird noch festgelegt werden“",
            body=ag + "rahmenbedingungen",
            updates=(
                update(
                    COMMITTEE_2014,
                    "Ein konkreter Termin für das Symposium in 2014 wird noch festgelegt.",
                ),
            ),
        ),
        region(
            "idra-4-unternehmerbeirat",
            "4",
            "4.3",
            "Unternehmerbeirat",
            "Ein noch zu konkretisierender Unternehmerbeirat soll konkrete Bedarfs- und "
            "Problemlagen in Politik und Verwaltung einspeisen und so als Bindeglied zur "
            "Industrie fungieren.",
            framework,
            phase="idea",
            phase_note="„die Einrichtung eines noch zu konkretisierenden "
            "Unternehmerbeirates ins Auge gefasst“",
            body=ag + "rahmenbedingungen",
        ),
    ]
    return {"initiative": REGION, "fields": fields, "measures": measures}


# --------------------------------------------------------------------------- 2014/15


def city_catalogue() -> dict[str, Any]:
    """Aachener Industrie-Dialog: the possibilities the concept of March 2014 sketches
    (000), and the first topics of the four working groups formed at AUFBRUCH 2015 with
    the seal „Made in Aachen“ (003), in the four theme fields of 2015."""
    sketched = "„Der vorliegende Entwurf skizziert daher verschiedene Möglichkeiten“"
    first_topic = "„Die für die vier Arbeitsgruppen zunächst definierten Themen lauten“"

    def concept_2014(
        external_id: str,
        field_number: str,
        number: str,
        title: str,
        description: str,
        **kwargs: Any,
    ) -> dict[str, Any]:
        return measure(
            external_id,
            field_number,
            number,
            title,
            description,
            phase="idea",
            phase_note=sketched,
            source=SOURCE_CONCEPT_2014,
            created_on=CONCEPT_2014,
            created_note="Im Handlungskonzept zum Aachener Industrie-Dialog "
            "skizziert, das der Ausschuss für Arbeit, Wirtschaft und "
            "Wissenschaft am 02.04.2014 verabschiedet hat.",
            **kwargs,
        )

    def working_group(
        external_id: str,
        field_number: str,
        number: str,
        title: str,
        description: str,
        group: str,
        **kwargs: Any,
    ) -> dict[str, Any]:
        return measure(
            external_id,
            field_number,
            number,
            title,
            description,
            phase="concept",
            phase_note=first_topic,
            source=SOURCE_STATUS_2015,
            created_on=AUFBRUCH_2015,
            created_note=f"Erstes Thema der {group}, gebildet bei der "
            "Veranstaltung „AUFBRUCH 2015“ am 24.03.2015.",
            **kwargs,
        )

    fields = [
        field(
            "1",
            "Fachkräfte",
            "Themenfeld des Aachener Industrie-Dialogs; bearbeitet von der AG Fachkräfte.",
        ),
        field(
            "2",
            "Innovation",
            "Themenfeld des Aachener Industrie-Dialogs; bearbeitet von der AG Technologietransfer.",
        ),
        field(
            "3",
            "Kommunikation",
            "Themenfeld des Aachener Industrie-Dialogs; bearbeitet von der AG "
            "Kommunikation. Ziel ist, die Bekanntheit der regionalen Betriebe zu stärken "
            "und sie öffentlich präsenter miteinander zu vernetzen.",
        ),
        field(
            "4",
            "Corporate Social Responsibility (CSR)",
            "Themenfeld des Aachener Industrie-Dialogs; bearbeitet von der AG CSR.",
        ),
    ]
    body = "aachener-industrie-dialog-"
    measures = [
        concept_2014(
            "aid-1-woche-der-mobilitaet",
            "1",
            "1.1",
            "Woche der Mobilität",
            "Beschäftigte wechseln für eine Woche gewissermaßen aktiv die Seiten und "
            "sammeln Erfahrungen in anderen Unternehmen und Bereichen.",
        ),
        working_group(
            "aid-1-jobticket",
            "1",
            "1.2",
            "Jobticket",
            "Ein Jobticket für die Beschäftigten der beteiligten Unternehmen.",
            "AG Fachkräfte",
            body=body + "ag-fachkraefte",
        ),
        concept_2014(
            "aid-2-netzwerk-produktionstechnologie",
            "2",
            "2.1",
            "Wiederbelebung eines Unternehmensnetzwerks in der Produktionstechnologie",
            "Ein früheres Netzwerk der Unternehmen in der Produktionstechnologie "
            "wird wiederbelebt, damit sie sich zu Fragen der betrieblichen Praxis "
            "austauschen und vor Ort kooperieren.",
        ),
        working_group(
            "aid-2-innovationscluster",
            "2",
            "2.2",
            "Innovationscluster",
            "Unternehmen und Forschung bündeln ihre Innovationsvorhaben in einem "
            "Cluster. Der Fachbereich Wirtschaftsförderung/Europäische "
            "Angelegenheiten beteiligt sich intensiv an der AG.",
            "AG Technologietransfer",
            partners=(partner(FB02),),
            body=body + "ag-technologietransfer",
        ),
        concept_2014(
            "aid-3-unternehmerbeirat",
            "3",
            "3.1",
            "Unternehmerbeirat",
            "Ein Unternehmerbeirat, dem auch Steuerungsverantwortung für den "
            "Industrie-Dialog in Aachen übertragen werden kann.",
            body=body + "unternehmerbeirat",
        ),
        measure(
            "aid-3-guetesiegel-made-in-aachen",
            "3",
            "3.2",
            "Gütesiegel „Made in Aachen“",
            "Mit dem neuen Gütesiegel sollen Unternehmen ausgezeichnet werden, die sich "
            "aktiv zum Produktionsstandort im Raum Aachen bekennen. Bewerben können sich "
            "Betriebe, deren Produktion am Standort Aachen ansässig ist, die als "
            "qualifizierte Ausbildungsbetriebe anerkannt sind, an regionalen "
            "Kooperationen oder Projekten beteiligt sind und sich aktiv beim Aachener "
            "Industrie-Dialog engagieren.",
            phase="concept",
            phase_note="„soll auch das neue Gütesiegel … eingeführt werden“",
            source=SOURCE_STATUS_2015,
            created_on=AUFBRUCH_2015,
            created_note="Die Wege des Engagements wurden bei der Veranstaltung "
            "„AUFBRUCH 2015“ am 24.03.2015 bei der Philips GmbH vorgestellt.",
            body=body + "forum",
        ),
        working_group(
            "aid-3-industrieausstellung-gesicht-zeigen",
            "3",
            "3.3",
            "Industrieausstellung „Gesicht zeigen“",
            "Industrieunternehmen stellen sich in Ladenlokalen der Aachener "
            "Innenstadt vor. Der Fachbereich Wirtschaftsförderung/Europäische "
            "Angelegenheiten beteiligt sich intensiv an der AG.",
            "AG Kommunikation",
            partners=(partner(FB02),),
            body=body + "ag-kommunikation",
        ),
        working_group(
            "aid-4-lehrerpraktikanten",
            "4",
            "4.1",
            "Lehrerpraktikanten in der Wirtschaft",
            "Lehrerinnen und Lehrer lernen in Praktika den Alltag in Industrieunternehmen kennen.",
            "AG CSR",
            body=body + "ag-csr",
        ),
    ]
    return {"initiative": CITY, "fields": fields, "measures": measures}


# --------------------------------------------------------------------------- 2023/24


def skills_catalogue() -> dict[str, Any]:
    """Fachkräftestrategie: every „Konkrete Maßnahmen des FB 02“ bullet of the paper of
    2023/24 (004), in its fields; field 1 has no bullets of its own, only the
    intensified cooperation with the stakeholders it lists."""

    def skills(
        external_id: str,
        field_number: str,
        number: str,
        title: str,
        description: str,
        **kwargs: Any,
    ) -> dict[str, Any]:
        return measure(
            external_id,
            field_number,
            number,
            title,
            description,
            source=SOURCE_SKILLS,
            created_on=SKILLS_CATALOGUE,
            created_note="In den Maßnahmenkatalog des Positionspapiers zur "
            "Fachkräftesicherung (2023/24) aufgenommen.",
            **kwargs,
        )

    fields = [
        field(
            "1",
            "Vernetzungsaktivitäten zwischen Stakeholdern intensivieren",
            "Nur durch das Bündeln von Ressourcen, den Austausch von Informationen und "
            "Erfahrungen sowie die gezielte Abstimmung von Bedarfen und Angeboten können "
            "wirksame Strategien zur Fachkräftesicherung entstehen.",
        ),
        field("2", "Fachkräfte-Potenziale erschließen"),
        field(
            "2.1",
            "Qualifizierte Zuwanderung",
            "Das Fachkräfteeinwanderungsgesetz des Bundes, seit November 2023 in Kraft, "
            "erleichtert die Einwanderung von Fachkräften mit Berufsausbildung. Die Stadt "
            "will die gesteuerte Zuwanderung entlang des Fachkräftebedarfs unterstützen.",
        ),
        field(
            "2.2",
            "Regionalmarketing – Attraktivität der Region für Fachkräfte steigern",
            "Aachen soll ein lebenswertes Zuhause für alle Menschen werden und die "
            "Vorzüge der weltoffenen Region im Herzen Europas kommunizieren, auch an "
            "systemrelevante Berufsgruppen vom Handwerk bis zur Pflege.",
        ),
        field(
            "2.3",
            "Integration arbeitsloser Menschen ins Erwerbsleben",
            "2023 waren in Aachen rund 11.500 Menschen arbeitsuchend. In engem "
            "Schulterschluss mit dem Jobcenter soll dieses Potenzial angesprochen, "
            "gefördert und reaktiviert werden.",
        ),
        field(
            "2.4",
            "Erhöhung des Arbeitsvolumens von Teilzeitbeschäftigten und Ansprache "
            "der „stillen Reserve“",
            "Die Teilzeitquote der Frauen lag in der StädteRegion Aachen 2021 bei 49,5 %. "
            "Hürden sollen abgebaut und Anreize zur Aufstockung der Teilzeitarbeit "
            "geschaffen werden.",
        ),
        field(
            "2.5",
            "Erhöhung der Erwerbsbeteiligung von älteren Fachkräften",
            "Die erfahrensten Beschäftigten gehen in den Ruhestand, oft vor dem dafür "
            "vorgesehenen Alter.",
        ),
        field(
            "3",
            "Aus- und Weiterbildung stärken",
            "Mehr als jeder vierte Ausbildungsvertrag wird vorzeitig aufgelöst (26,7 % im "
            "Jahr 2021). Partnerschaften zwischen Unternehmen, Bildungseinrichtungen und "
            "Verwaltung sollen praxisnahe Ausbildung sichern und Abbrüche verhindern.",
        ),
        field(
            "4",
            "Anpassung an den Fachkräftemangel",
            "Der Mangel wird sich trotz aller Bemühungen nicht vollständig beheben lassen; "
            "Unternehmen brauchen Wege, fehlendes Personal zu kompensieren.",
        ),
        field("4.1", "Digitalisierung und Künstliche Intelligenz (KI) nutzen"),
        field("4.2", "Standards flexibilisieren, unbürokratischen Quereinstieg ermöglichen"),
    ]
    measures = [
        skills(
            "fk-1-kooperation-stakeholder",
            "1",
            "1.1",
            "Lotsenfunktion: Kooperation mit den Stakeholdern der Fachkräftesicherung "
            "intensivieren",
            "Der Fachbereich 02 fördert die Zusammenarbeit der regionalen Stakeholder, "
            "spricht die wichtigsten stadtinternen und externen Akteurinnen und Akteure "
            "gezielt an und vermittelt als Lotse zwischen Behörden und Unternehmen. "
            "Intensiviert werden sollen die Kooperationen mit dem Zweckverband Region "
            "Aachen, der IHK Aachen, der StädteRegion Aachen, der Agentur für Arbeit, dem "
            "Jobcenter, dem Ausländeramt, den Aachener Unternehmerinnen und Unternehmern, "
            "der Start-up-Szene sowie den Bildungs- und Forschungsstätten.",
            phase="implementation",
            phase_note="„Der Fachbereich 02 nimmt hierzu eine entscheidende "
            "Schlüsselposition … ein“; „Seine Lotsenfunktion ermöglicht“",
            partners=(
                lead(FB02),
                partner(ZWECKVERBAND),
                partner(IHK),
                partner(STAEDTEREGION),
                partner(ARBEITSAGENTUR),
                partner(JOBCENTER),
                partner(AUSLAENDERAMT),
            ),
            plan=running(6, 20, 2),
        ),
        skills(
            "fk-2-1-arbeitskreis-zuwanderung",
            "2.1",
            "2.1.1",
            "Regionaler Arbeitskreis zur Integration von Zugewanderten und zur Anwerbung "
            "ausländischer Fachkräfte",
            "In diesem interdisziplinären Gremium sollen gemeinsame Aktivitäten definiert, "
            "umgesetzt und evaluiert und die Ämter und Institutionen eingebunden werden, "
            "die Zugewanderte beraten und betreuen. Ziel ist ein zielgruppenspezifisches "
            "Angebot. Die Themen reichen von der Anerkennung von Berufsabschlüssen und "
            "-erfahrungen über Arbeitsvermittlung bis zu den wichtigsten Stellschrauben "
            "für die Standortattraktivität; zudem will der Arbeitskreis innovative "
            "Pilotprojekte konzipieren. Ein Austausch ist quartalsweise geplant.",
            phase="concept",
            is_flagship=True,
            phase_note="„Etablierung eines regionalen Arbeitskreises“; „sollen … "
            "definiert, umgesetzt und evaluiert werden“; „quartalsweise geplant“",
            partners=(
                lead(FB02),
                partner(AUSLAENDERAMT),
                partner(ARBEITSAGENTUR),
                partner(JOBCENTER),
            ),
            body="fachkraeftestrategie-aachen-arbeitskreis-zuwanderung",
            plan=planned(10, 4, 1),
            updates=(
                update(
                    "2024-09-12",
                    "Konstituierende Sitzung des Arbeitskreises; der Austausch "
                    "findet künftig quartalsweise statt. (Beispieldaten)",
                ),
            ),
        ),
        skills(
            "fk-2-1-kurzvideos-migration",
            "2.1",
            "2.1.2",
            "Kurzvideos zur Migration von Fachkräften",
            "Kurzvideos für Arbeitgeber und Beschäftigte vermitteln niedrigschwellig, wie "
            "eine erfolgreiche Migration ausgebildeter Fachkräfte gelingt, und "
            "beantworten wiederkehrende Fragen: An welche Behörde muss ich mich zur "
            "Berufsanerkennung wenden? Unter welchen Voraussetzungen erhalte ich eine "
            "Arbeitsgenehmigung? Welche Dokumente benötige ich?",
            phase="concept",
            phase_note="„Produktion von Kurzvideos“ mit benannten Inhalten („Hierin "
            "werden wiederkehrende Fragen beantwortet“); von laufender "
            "Umsetzung ist nicht die Rede",
            partners=(lead(FB02),),
            plan=planned(6, 2, 3),
        ),
        skills(
            "fk-2-1-beratung-arbeitgeber",
            "2.1",
            "2.1.3",
            "Informationsmaterial und Beratungsangebot für Arbeitgeber zur Einstellung "
            "ausländischer Fachkräfte",
            "Gemeinsam mit der Agentur für Arbeit entwickelt, soll das Angebot "
            "Unternehmerinnen und Unternehmer befähigen, motivierte Zugewanderte zu "
            "beschäftigen.",
            phase="concept",
            phase_note="„Entwicklung von Informationsmaterial und einem "
            "Beratungsangebot“; „gemeinsam mit der Arbeitsagentur entwickelt "
            "wird“",
            partners=(lead(FB02), partner(ARBEITSAGENTUR)),
            plan=planned(5, 3, 2),
            depends_on=("fk-2-1-arbeitskreis-zuwanderung",),
        ),
        skills(
            "fk-2-1-anerkennung-berufsqualifikationen",
            "2.1",
            "2.1.4",
            "Unterstützung bei der Anerkennung ausländischer Berufsqualifikationen",
            "In Kooperation mit dem Zweckverband Region Aachen soll die bestehende "
            "Fachberatung der Handwerkskammer zur Anerkennung ausländischer "
            "Berufsabschlüsse in ein neues Beratungsangebot überführt und um weitere "
            "Berufsfelder erweitert werden.",
            phase="concept",
            phase_note="„soll die bereits bestehende Fachberatung … in ein neues "
            "Beratungsangebot überführt und um weitere Berufsfelder erweitert "
            "werden“",
            partners=(lead(FB02), partner(ZWECKVERBAND), partner(HWK)),
            plan=planned(6, 4, 2),
            updates=(
                update(
                    "2024-12-12",
                    "Im Arbeitskreis Zuwanderung beraten: Die Fachberatung der "
                    "Handwerkskammer soll in ein gemeinsames Beratungsangebot "
                    "überführt werden. (Beispieldaten)",
                ),
            ),
        ),
        skills(
            "fk-2-2-marketingkampagne",
            "2.2",
            "2.2.1",
            "Regionale Marketingkampagne für Aachen als Arbeits- und Lebensort",
            "Gemeinsam mit dem Zweckverband Region Aachen wird eine Kampagne entwickelt, "
            "die Aachen und die Region als attraktiven und weltoffenen Arbeits- und "
            "Lebensmittelpunkt bewirbt. Mit den anderen Gebietskörperschaften sollen ein "
            "einheitlicher Slogan und eine ganzheitliche Marketingstrategie entstehen, die "
            "verschiedene Stakeholder inhaltlich und finanziell tragen.",
            phase="concept",
            is_flagship=True,
            phase_note="„Entwicklung einer regionalen Marketingkampagne“; „soll … nicht "
            "nur ein einheitlicher Slogan erarbeitet werden“",
            partners=(lead(FB02), partner(ZWECKVERBAND)),
            plan=planned(12, 6, 1),
        ),
        skills(
            "fk-2-2-newcomer-service",
            "2.2",
            "2.2.2",
            "Newcomer Service weiterführen und auf Nichtakademikerinnen und "
            "Nichtakademiker erweitern",
            "Neben Informationen auf der Webseite und leicht verständlichen Kurzvideos "
            "stehen die Begegnung und die Begrüßung der Neu-Aachenerinnen und "
            "Neu-Aachener im Vordergrund: Bei regelmäßigen Events knüpfen sie Kontakte "
            "und erkunden Aachen und die Region. Die Zielgruppe wird auf "
            "Nichtakademikerinnen und Nichtakademiker erweitert.",
            phase="implementation",
            phase_note="„Weiterführung des Newcomer Services“",
            partners=(lead("newcomer-service-stadt-aachen"),),
            plan=running(5, 12, 2),
        ),
        skills(
            "fk-2-2-akademische-begruessung",
            "2.2",
            "2.2.3",
            "Akademische Begrüßung durch das Wissenschaftsbüro",
            "Die Begrüßung der Studierenden und der neuen Professorinnen und Professoren "
            "hat in Aachen eine lange Tradition, die nach den Pandemiejahren wieder "
            "fortgesetzt wird: Neben der alljährlichen Begrüßung der neuen Professorinnen "
            "und Professoren heißt die Oberbürgermeisterin auch die Studierenden in "
            "Aachen willkommen.",
            phase="implementation",
            phase_note="„eine lange Tradition, die nach den Pandemiejahren nun endlich "
            "wieder fortgesetzt werden kann“",
            partners=(lead("wissenschaftsbuero-stadt-aachen"),),
            plan=running(2, 20, 4),
        ),
        skills(
            "fk-2-3-solaixq",
            "2.3",
            "2.3.1",
            "Projekt „Solar lernen im Aachener Quartier“ (SolAixQ)",
            "Teilnehmende werden fachtheoretisch und -praktisch in verschiedenen "
            "handwerklichen Bereichen unterrichtet und auf die Aufgaben einer "
            "Solarhelferin oder eines Solarhelfers vorbereitet. Die Schulung ist als "
            "Querschnittsqualifikation in Dachdecken und Elektrotechnik angelegt; die "
            "Einarbeitung in Kooperation mit den Innungen und der zertifizierte Abschluss "
            "erleichtern den Übergang in die Arbeitswelt.",
            phase="implementation",
            phase_note="„Umsetzung des Projekts ‚Solar lernen im Aachener Quartier‘“",
            partners=(lead(FB02), partner("kreishandwerkerschaft-aachen")),
            plan=running(6, 6, 2),
        ),
        skills(
            "fk-2-3-weiterqualifizierung-umschulung",
            "2.3",
            "2.3.2",
            "Bedarfe und Angebotslücken bei Weiterqualifizierung und Umschulung ermitteln",
            "Gemeinsam mit dem Zweckverband Region Aachen, der Agentur für Arbeit und dem "
            "Jobcenter werden Bedarfe und Angebotslücken ermittelt; für die Region wird "
            "eine gemeinsame Antragstellung im Just Transition Fund angestrebt. Ziel ist "
            "ein Weiterbildungsprogramm, das Menschen, deren Qualifikationen durch den "
            "Strukturwandel weniger gefragt sind, für dringend benötigte Fachbereiche "
            "qualifiziert; angedacht ist ein Qualifizierungsprogramm im Ausbau der "
            "Solarenergie.",
            phase="concept",
            phase_note="„eine gemeinsame Antragsstellung … angestrebt“; „Ziel soll es "
            "sein, ein wirkungsvolles Weiterbildungsprogramm zu entwickeln“; "
            "„Angedacht ist“",
            partners=(
                lead(FB02),
                partner(ZWECKVERBAND),
                partner(ARBEITSAGENTUR),
                partner(JOBCENTER),
            ),
            plan=planned(6, 3, 3),
        ),
        skills(
            "fk-2-4-kompetenzzentrum-frau-und-beruf",
            "2.4",
            "2.4.1",
            "Mitwirkung im Kompetenzzentrum Frau und Beruf und Unterstützung von TaRA",
            "Aktive Teilnahme im Lenkungskreis des Kompetenzzentrums Frau und Beruf der "
            "Stadt Aachen und der StädteRegion Aachen sowie Mitgliedschaft im "
            "Kompetenznetzwerk Familienfreundliche Unternehmen. Der Fachbereich "
            "unterstützt die Aktivitäten des Kompetenzzentrums, etwa das Programm TaRA – "
            "„Mentoring im Tandem in der Region Aachen für qualifizierte zugewanderte "
            "Frauen“, vor allem in der Öffentlichkeitsarbeit und bei "
            "Vernetzungsaktivitäten.",
            phase="implementation",
            phase_note="„Aktive Teilnahme im Lenkungskreis“; „Mitglied des "
            "Kompetenznetzwerk Familienfreundliche Unternehmen“",
            partners=(
                lead("kompetenzzentrum-frau-und-beruf-region-aachen"),
                partner(FB02),
                partner("kompetenznetzwerk-familienfreundliche-unternehmen"),
            ),
            body="fachkraeftestrategie-aachen-lenkungskreis-frau-und-beruf",
            plan=running(2, 12, 3),
        ),
        skills(
            "fk-2-4-frauen-in-der-arbeitswelt",
            "2.4",
            "2.4.2",
            "Angebot zur Förderung von Frauen in der Arbeitswelt",
            "Gemeinsam mit der städtischen Gleichstellungsbeauftragten und der "
            "Unternehmensförderung des Fachbereichs 02 entsteht ein breites Angebot: "
            "Informationsmaterial und Veranstaltungen unterstützen Frauen darin, ihre "
            "Karriere voranzutreiben oder selbst zu gründen.",
            phase="concept",
            phase_note="„Entwicklung eines breiten Angebots“; „sollen Frauen unterstützt werden“",
            partners=(lead(FB02), partner("gleichstellungsbeauftragte-stadt-aachen")),
            plan=planned(4, 4, 3),
        ),
        skills(
            "fk-2-5-senioren-jobboerse",
            "2.5",
            "2.5.1",
            "Senioren-Jobbörse: Plattform für Rentnerinnen, Rentner und Unternehmen",
            "In Anlehnung an Modellprojekte anderer Städte möchte der Fachbereich 02 eine "
            "öffentliche Plattform entwickeln, die engagierte Rentnerinnen und Rentner "
            "mit Unternehmen zusammenbringt und als Job-Börse genutzt werden kann. Neben "
            "bezahlten Tätigkeiten, die die jahrelange Expertise von Seniorinnen und "
            "Senioren erfordern, zeigt sie Möglichkeiten des Ehrenamts. Das Konzept soll "
            "nach Möglichkeit in die Jobsuche-Portale der Arbeitsagentur eingebunden "
            "werden.",
            phase="idea",
            is_flagship=True,
            phase_note="„möchte der Fachbereich 02 eine öffentliche Plattform "
            "entwickeln“; „In Anlehnung an bereits bestehende Modellprojekte“",
            partners=(lead(FB02), partner(ARBEITSAGENTUR)),
            plan=planned(10, 4, 1),
        ),
        skills(
            "fk-2-5-arbeitskreis-wissensmanagement",
            "2.5",
            "2.5.2",
            "Arbeitskreis Wissensmanagement des Projekts AKzentE4.0",
            "Im Arbeitskreis werden Pilotprojekte darin unterstützt, das Wissen "
            "erfahrener Beschäftigter digital zu erfassen und für die nachkommende "
            "Generation abrufbar zu machen.",
            phase="implementation",
            phase_note="„in dem verschiedene Pilotprojekte darin unterstützt werden“",
            partners=(lead(AKZENTE), partner(FB02)),
            body="fachkraeftestrategie-aachen-arbeitskreis-wissensmanagement",
            plan=running(3, 6, 3),
        ),
        skills(
            "fk-2-5-senioren-cafe",
            "2.5",
            "2.5.3",
            "Beratung im Senioren-Café des OecherLabs mit begleitender Kampagne",
            "Zentrale Beratungsangebote im Senioren-Café des OecherLabs für Rentnerinnen "
            "und Rentner, die sich trotz ihres Ruhestands weiter aktiv in den "
            "Arbeitsmarkt einbringen möchten, begleitet von einer zielgruppenspezifischen "
            "Kampagne.",
            phase="concept",
            phase_note="„Begleitet werden soll dies durch eine zielgruppenspezifische Kampagne“",
            partners=(lead(FB02), partner("oecherlab")),
            plan=planned(4, 3, 2),
            depends_on=("fk-2-5-senioren-jobboerse",),
        ),
        skills(
            "fk-3-ausbildungswerk",
            "3",
            "3.1",
            "Ausbildungswerk AC mit Wohnheim für Auszubildende prüfen",
            "Kern des Ausbildungswerks AC soll ein Wohnheim für Auszubildende sein; "
            "berufsbildnerische, sozialarbeiterische und partizipative Elemente sollen es "
            "zu einem ganzheitlichen Wohn- und Lernort ergänzen. Machbarkeit, Konzeption und "
            "Finanzierung soll ein unabhängiger Dienstleister ausarbeiten; weiterentwickelt "
            "werden sie mit den wichtigsten regionalen Akteurinnen und Akteuren.",
            phase="concept",
            phase_note="„Der Fachbereich prüft die Realisierung eines Ausbildungswerks“; "
            "„sollen durch einen unabhängigen Dienstleister ausgearbeitet … "
            "werden“",
            partners=(lead(FB02),),
            plan=planned(8, 6, 2, earliest="2027-01-01"),
        ),
        skills(
            "fk-3-zdi-netzwerk",
            "3",
            "3.2",
            "zdi-Netzwerk Aachen und Kreis Heinsberg",
            "Die regionale Zweigstelle der Landesinitiative „Zukunft durch Innovation“ "
            "(zdi) ist in der Wirtschaftsförderung der Stadt Aachen angesiedelt und "
            "koordiniert die Förderung von MINT-Fächern und digitalen Kompetenzen bei "
            "Schülerinnen und Schülern. Praxisorientierte Projekte, Workshops und "
            "Veranstaltungen wecken das Interesse an naturwissenschaftlichen und "
            "technischen Fächern, in enger Zusammenarbeit mit Schulen, Hochschulen, "
            "Unternehmen und Forschungseinrichtungen.",
            phase="implementation",
            phase_note="„ist in der Wirtschaftsförderung der Stadt Aachen ansässig und "
            "fungiert als bedeutende Koordinierungsstelle“",
            partners=(lead("zdi-netzwerk-aachen-kreis-heinsberg"), partner(FB02)),
            plan=running(8, 20, 2),
        ),
        skills(
            "fk-3-maker-space",
            "3",
            "3.3",
            "Maker-Space: Ausbildungsberufe in der Innenstadt erleben",
            "In einem Ladenlokal in der Innenstadt sollen Schülerinnen und Schüler "
            "Handwerksberufe nicht nur kennenlernen, sondern auch ausprobieren. Geprüft "
            "werden die Fördermöglichkeiten.",
            phase="concept",
            phase_note="„Konzeptionierung und Evaluierung von Fördermöglichkeiten eines "
            "Maker-Space“",
            partners=(lead(FB02),),
            plan=planned(5, 4, 3),
        ),
        skills(
            "fk-3-switch",
            "3",
            "3.4",
            "SWITCH: vom Studienabbruch in die Ausbildung",
            "Das Projekt erleichtert Studienabbrechenden in Zusammenarbeit mit den "
            "Hochschulen und den Kammern den Wechsel in eine Ausbildung. Es wird "
            "weitergeführt; zudem wird geprüft, ob sich das erfolgreiche Konzept auch für "
            "Ausbildungsabbrechende eignet.",
            phase="implementation",
            is_flagship=True,
            phase_note="„Weiterführung des Projekts SWITCH“",
            partners=(
                lead(FB02),
                partner("rwth-aachen"),
                partner("fh-aachen"),
                partner(IHK),
                partner(HWK),
            ),
            plan=running(6, 12, 1),
        ),
        skills(
            "fk-3-orientierungssemester",
            "3",
            "3.5",
            "Pilotprojekt „Orientierungssemester“ an der FH Aachen",
            "Junge Menschen erhalten Einblicke in das Studium und in die Berufsausbildung "
            "in Elektrotechnik und Informationstechnik und entscheiden sich nach dieser "
            "Orientierungsphase für den Weg, der besser zu ihnen passt. Der Fachbereich 02 "
            "unterstützt das Pilotprojekt.",
            phase="implementation",
            phase_note="„Unterstützung des Pilotprojekts“; „Dieses gibt jungen Menschen "
            "die Möglichkeit“",
            partners=(lead("fh-aachen"), partner(FB02)),
            plan=running(2, 6, 3),
        ),
        skills(
            "fk-4-1-netzwerk-akzente40",
            "4.1",
            "4.1.1",
            "Netzwerk Industrie 4.0 des Projekts AKzentE4.0",
            "Im Projekt AKzentE4.0 ist ein vielfältiges Netzwerk aus Wirtschaft, "
            "Wissenschaft und Verwaltung entstanden. Durch gezielte Öffentlichkeitsarbeit "
            "wächst es über die geförderten Projektpartner hinaus und bietet regionalen "
            "Unternehmen Vernetzung bei Treffen, Arbeitskreisen und "
            "Unternehmens-Stammtischen; registrierte Unternehmen erhalten fortlaufend "
            "Neuigkeiten zu Projektergebnissen, Veranstaltungen und guten Beispielen.",
            phase="implementation",
            phase_note="„wurde während seiner Laufzeit ein vielfältiges Netzwerk … "
            "aufgebaut“; „erhalten fortlaufend Updates“",
            partners=(lead(AKZENTE), partner(FB02)),
            body="fachkraeftestrategie-aachen-netzwerk-akzente40",
            plan=running(4, 8, 3),
        ),
        skills(
            "fk-4-1-learning-plattform",
            "4.1",
            "4.1.2",
            "Learning-Plattform des Projekts AKzentE4.0",
            "Eine Lernplattform mit Videos, eLearnings und Glossar für Beschäftigte, "
            "Führungskräfte und die Geschäftsführung produzierender KMU der Region. Die "
            "Inhalte reichen vom Einsatz von KI über Veränderungsprozesse und "
            "Arbeitsbedingungen bis zu Train-the-Trainer-Schulungen; Ziel ist "
            "praxisorientierte Weiterbildung für produzierende Unternehmen.",
            phase="concept",
            phase_note="„wird aktuell eine Learning Plattform entwickelt“",
            partners=(lead(AKZENTE), partner(FB02)),
            plan=planned(4, 4, 3),
            updates=(
                update(
                    "2025-05-20",
                    "Beim Netzwerktreffen 2025 vorgestellt: Videos, eLearnings "
                    "und Glossar sind in Entwicklung. (Beispieldaten)",
                ),
            ),
        ),
        skills(
            "fk-4-1-ki-veranstaltungen",
            "4.1",
            "4.1.3",
            "Informationsveranstaltungen und Demonstrations-Werkstätten zu KI und Digitalisierung",
            "Regelmäßige Informationsveranstaltungen und Events für regionale Arbeitgeber "
            "zum menschenzentrierten Einsatz innovativer Technologie und KI zeigen Chancen "
            "und Risiken auf. Veranstaltungen und Demonstrations-Werkstätten für "
            "Beschäftigte bauen Ängste ab und zeigen die Chancen der neuen Technologie.",
            phase="implementation",
            phase_note="„Regelmäßig stattfindende Informationsveranstaltungen“; „Zudem "
            "finden regelmäßig Veranstaltung und Demonstrations-Werkstätten … "
            "statt“",
            partners=(lead(FB02),),
            plan=running(3, 8, 3),
        ),
        skills(
            "fk-4-2-modellprojekte-quereinstieg",
            "4.2",
            "4.2.1",
            "Modellprojekte mit den Kammern für den Quereinstieg",
            "Modellprojekte ermöglichen Quereinsteigerinnen und Quereinsteigern einen "
            "niederschwelligen Einstieg in einen Beruf: Sie werden parallel zu ihrer "
            "unterstützenden Tätigkeit weiterqualifiziert und erwerben während der "
            "Aushilfstätigkeit einen anerkannten Berufsabschluss.",
            phase="concept",
            phase_note="„Konzeptionierungen von Modellprojekten“",
            partners=(lead(FB02), partner(IHK), partner(HWK)),
            plan=planned(5, 4, 3),
        ),
        skills(
            "fk-4-2-einarbeitungsprogramme",
            "4.2",
            "4.2.2",
            "Schulungs- und Einarbeitungsprogramme für Quereinsteigerinnen und Quereinsteiger",
            "Maßgeschneiderte Schulungs- und Einarbeitungsprogramme unterstützen regionale "
            "Unternehmen dabei, ungelernte Quereinsteigerinnen und Quereinsteiger wirksam "
            "zu integrieren. Sie werden in enger Zusammenarbeit mit Agenturen und "
            "Unternehmen entwickelt.",
            phase="concept",
            phase_note="„Diese Programme werden in enger Zusammenarbeit mit Agenturen und "
            "Unternehmen entwickelt“",
            partners=(lead(FB02),),
            plan=planned(4, 4, 4),
            depends_on=("fk-4-2-modellprojekte-quereinstieg",),
        ),
    ]
    return {"initiative": SKILLS, "fields": fields, "measures": measures}


def capacities() -> list[dict[str, Any]]:
    return [
        {
            "initiative": SKILLS,
            "year": year,
            "quarter": quarter,
            "person_days": CAPACITY_PERSON_DAYS,
        }
        for year in CAPACITY_YEARS
        for quarter in (1, 2, 3, 4)
    ]


# --------------------------------------------------------------------------- checks


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def check(catalogues: list[dict[str, Any]]) -> None:
    """References resolve, numbers and ids are unique, completed means 100 %, and the
    dependencies form no cycle; a mistake here stops the generator."""
    organisations = {o["slug"] for o in read_json(ORGANISATIONS)}
    initiatives = {i["slug"] for i in read_json(INITIATIVES)}
    bodies = {b["slug"]: b["initiative"] for b in read_json(BODIES)}
    ids: set[str] = set()
    for catalogue in catalogues:
        assert catalogue["initiative"] in initiatives, catalogue["initiative"]
        numbers = [f["number"] for f in catalogue["fields"]]
        assert len(numbers) == len(set(numbers)), numbers
        for item in catalogue["fields"]:
            assert item["parent"] is None or item["parent"] in numbers, item
        edges: dict[str, list[str]] = {}
        for record in catalogue["measures"]:
            key = record["external_id"]
            assert key not in ids, key
            ids.add(key)
            assert record["field"] in numbers, key
            assert record["number"].startswith(record["field"] + "."), key
            assert len(record["title"]) <= 300 and len(record["phase_note"]) <= 300, key
            assert len(record["source"]) <= 200, key
            assert (record["phase"] == "completed") == (record["progress"] == 100), key
            for item in record["partners"]:
                assert item["organisation"] in organisations, (key, item)
            if record["responsible_body"]:
                assert bodies.get(record["responsible_body"]) == catalogue["initiative"], key
            edges[key] = record["depends_on"]
        for key, targets in edges.items():
            seen, frontier = set(), list(targets)
            while frontier:
                current = frontier.pop()
                assert current in edges and current != key, (key, current)
                if current not in seen:
                    seen.add(current)
                    frontier.extend(edges[current])


def build() -> list[dict[str, Any]]:
    catalogues = [region_catalogue(), city_catalogue(), skills_catalogue()]
    check(catalogues)
    return catalogues


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    catalogues = build()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(dump(catalogues), encoding="utf-8")
    CAPACITY_OUTPUT.write_text(dump(capacities()), encoding="utf-8")
    for catalogue in catalogues:
        print(
            f"{catalogue['initiative']}: {len(catalogue['fields'])} Handlungsfelder, "
            f"{len(catalogue['measures'])} Maßnahmen"
        )


if __name__ == "__main__":
    main()
