#!/usr/bin/env python3
"""Write the events of the Aachen data set: src/industriedialog/events/data/aachen/events.json.

Deterministic (a seeded random generator, the standard library only): running it twice
writes the same file. Run it from anywhere with

    python3 scripts/generate_events_data.py

From the council papers (/work/shared/seeds, cited as 000 … 004): the kick-off
"Industriedialog Aachen 2020" in April 2013 at the Philips plant with over 200
participants (002), the 2nd Industrie-Dialog Region Aachen on 27.11.2013 in Stolberg with
theme islands (002), the symposium "Energie als Standortfaktor" planned for 2014 (002),
AUFBRUCH 2015 on 24.03.2015 at Philips GmbH with about 60 company representatives and its
follow-up on 24.06.2015 at the VUV (003), the Transfer-Café (002), the newcomer events of
the skilled-worker strategy and the Senioren-Café of the OecherLab (004).

Invented and flagged `is_example_data`: exact days and times the papers do not give (the
kick-off's day in April, the symposium's date), the upcoming events' dates, and the whole
upcoming "Lange Nacht der Industrie" (002 describes the format; no date or hosts are
named): 15 industrial firms of the city open their doors, 3 tours each, with example
registrations so that fill rates and waiting lists can be seen.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ACTORS_DATA = ROOT / "src" / "industriedialog" / "actors" / "data" / "aachen"
OUTPUT = ROOT / "src" / "industriedialog" / "events" / "data" / "aachen" / "events.json"
RANDOM_SEED = 20131127  # Stolberg

REGION = "industrie-dialog-region-aachen"
CITY = "aachener-industrie-dialog"
SKILLS = "fachkraeftestrategie-aachen"
ALL_GROUPS = ["pupils", "students", "job_seekers", "citizens", "companies"]

FIRST_NAMES = [
    "Anna",
    "Ben",
    "Clara",
    "David",
    "Emma",
    "Finn",
    "Greta",
    "Hannah",
    "Ilias",
    "Jana",
    "Karim",
    "Lea",
    "Mats",
    "Nora",
    "Ole",
    "Paula",
    "Quirin",
    "Rania",
    "Sophie",
    "Tim",
    "Ulla",
    "Vera",
    "Wim",
    "Yara",
    "Zoe",
    "Lukas",
    "Mira",
    "Jonas",
    "Elif",
    "Noah",
]
LAST_NAMES = [
    "Becker",
    "Brandt",
    "Classen",
    "Dahmen",
    "Esser",
    "Franken",
    "Giesen",
    "Hansen",
    "Jansen",
    "Kever",
    "Lennartz",
    "Mertens",
    "Nießen",
    "Offermann",
    "Peters",
    "Quadflieg",
    "Reuter",
    "Schmitz",
    "Thelen",
    "Vossen",
    "Wirtz",
    "Xhonneux",
    "Zimmermann",
]


def iso(day: dt.date, hour: int, minute: int = 0) -> str:
    return dt.datetime(day.year, day.month, day.day, hour, minute).isoformat()


def historical_events() -> list[dict[str, Any]]:
    return [
        {
            "slug": "auftakt-industriedialog-aachen-2020",
            "initiative": REGION,
            "kind": "conference",
            "title": "Auftakt „Industriedialog Aachen 2020“",
            "description": (
                "Zum Auftakt des Industrie-Dialogs diskutierten im Aachener Philips-Werk über "
                "200 Vertreter aus Industrie, Politik, Verwaltung, Verbänden und Kammern über "
                "industriefreundliche Bedingungen und die Weiterentwicklung des "
                "Industriestandorts Aachener Region. Der genaue Tag im April 2013 ist nicht "
                "überliefert; eingetragen ist der 17.04.2013 (angenommen)."
            ),
            "venue": "Philips-Werk Aachen",
            "hosts": ["philips"],
            "starts_at": iso(dt.date(2013, 4, 17), 15),
            "ends_at": iso(dt.date(2013, 4, 17), 19),
            "participants_expected": 200,
            "target_groups": ["companies"],
            "is_example_data": False,
            "sources": ["002"],
            "sessions": [],
        },
        {
            "slug": "2-industrie-dialog-region-aachen-2013",
            "initiative": REGION,
            "kind": "conference",
            "title": "2. Industrie-Dialog Region Aachen",
            "description": (
                "Öffentliche Veranstaltung, in der die Ergebnisse der Arbeitsgruppen und die "
                "in den Unternehmensbesuchen ermittelten Handlungsbedarfe vorgestellt wurden. "
                "An Themeninseln konnten sich die Unternehmen aktiv an den erarbeiteten "
                "Formaten beteiligen."
            ),
            "venue": "Stolberg (Rhld.)",
            "hosts": ["zweckverband-region-aachen", "staedteregion-aachen"],
            "starts_at": iso(dt.date(2013, 11, 27), 16),
            "ends_at": iso(dt.date(2013, 11, 27), 20),
            "target_groups": ["companies", "citizens"],
            "is_example_data": False,
            "sources": ["002"],
            "sessions": [
                theme_island(dt.date(2013, 11, 27), title, host)
                for title, host in (
                    ("Themeninsel Standortkommunikation", "zweckverband-region-aachen"),
                    ("Themeninsel Fachkräfte", "agentur-fuer-arbeit-aachen-dueren"),
                    ("Themeninsel Innovationen und Technologietransfer", "agit"),
                    ("Themeninsel Rahmenbedingungen", "ihk-aachen"),
                )
            ],
        },
        {
            "slug": "symposium-energie-als-standortfaktor-2014",
            "initiative": REGION,
            "kind": "symposium",
            "title": "Symposium „Energie als Standortfaktor“",
            "description": (
                "Aus dem Workshop des Handlungsfelds Rahmenbedingungen hervorgegangen: "
                "Austausch der Unternehmen untereinander und mit den politischen Ebenen zu "
                "Energiekosten, Energiemanagement und Energiekooperationen. Die Vorlage von "
                "2014 nennt noch keinen Termin; Datum und Ort sind angenommen."
            ),
            "venue": "IHK Aachen, Theaterstraße 6–10, Aachen",
            "hosts": ["ihk-aachen"],
            "starts_at": iso(dt.date(2014, 10, 8), 14),
            "ends_at": iso(dt.date(2014, 10, 8), 18),
            "target_groups": ["companies"],
            "is_example_data": True,
            "sources": ["002"],
            "sessions": [],
        },
        {
            "slug": "aufbruch-2015",
            "initiative": CITY,
            "kind": "conference",
            "title": "AUFBRUCH 2015",
            "description": (
                "Vorstellung der Möglichkeiten und Wege des Engagements im Aachener "
                "Industrie-Dialog, teils auf Grundlage des lokalen Industrie-Handlungskonzepts; "
                "rund 60 Vertreterinnen und Vertreter produzierender Unternehmen aus Stadt und "
                "StädteRegion Aachen nahmen teil. Es bildeten sich vier Arbeitsgruppen."
            ),
            "venue": "Philips GmbH, Aachen",
            "hosts": ["philips"],
            "starts_at": iso(dt.date(2015, 3, 24), 16),
            "ends_at": iso(dt.date(2015, 3, 24), 20),
            "participants_expected": 60,
            "target_groups": ["companies"],
            "is_example_data": False,
            "sources": ["003"],
            "sessions": [],
        },
        {
            "slug": "folgeveranstaltung-aufbruch-2015",
            "initiative": CITY,
            "kind": "workshop",
            "title": "Folgeveranstaltung zu AUFBRUCH 2015: erste Zwischenergebnisse",
            "description": (
                "Präsentation der ersten Zwischenergebnisse der am 24.03.2015 gebildeten "
                "Arbeitsgruppen, zugleich Arbeitstreffen aller beteiligten und interessierten "
                "Unternehmen."
            ),
            "venue": "Vereinigte Unternehmerverbände Aachen",
            "hosts": ["vuv-aachen"],
            "starts_at": iso(dt.date(2015, 6, 24), 16),
            "ends_at": iso(dt.date(2015, 6, 24), 19),
            "target_groups": ["companies"],
            "is_example_data": False,
            "sources": ["003"],
            "sessions": [],
        },
    ]


def theme_island(day: dt.date, title: str, host: str) -> dict[str, Any]:
    return {
        "title": title,
        "host": host,
        "starts_at": iso(day, 17),
        "ends_at": iso(day, 19),
        "place": "Foyer",
        "capacity": 60,
        "target_groups": ["companies", "citizens"],
        "language": "Deutsch",
        "registrations": 0,
    }


def industrial_firms() -> list[dict[str, Any]]:
    firms = json.loads((ACTORS_DATA / "example_organisations.json").read_text("utf-8"))
    chosen = [
        f
        for f in firms
        if f["municipality_key"] == "05334002"
        and f["has_production_site"]
        and f["employee_band"] in ("50-249", "250-999", "1000+")
        and f["wz_code"][:2].isdigit()
        and 10 <= int(f["wz_code"][:2]) <= 33
    ]
    return sorted(chosen, key=lambda f: f["slug"])


def lange_nacht(rng: random.Random) -> dict[str, Any]:
    day = dt.date(2027, 5, 7)  # a Friday in spring
    firms = rng.sample(industrial_firms(), 15)
    sessions = []
    full_tours = {(0, 1), (3, 1), (7, 0)}
    for index, firm in enumerate(sorted(firms, key=lambda f: f["name"])):
        name = firm["short_name"] or firm["name"]
        capacity = rng.choice([15, 20, 20, 25, 30])
        for tour, (hour, minute) in enumerate(((17, 30), (19, 0), (20, 30))):
            start = dt.datetime(day.year, day.month, day.day, hour, minute)
            full = (index, tour) in full_tours
            sessions.append(
                {
                    "title": f"Rundgang {tour + 1}: {name}",
                    "host": firm["slug"],
                    "description": (
                        f"Beispieldaten: Führung durch die Produktion von {name} mit "
                        "Gespräch über Ausbildung und Berufe im Betrieb."
                    ),
                    "starts_at": start.isoformat(),
                    "ends_at": (start + dt.timedelta(minutes=75)).isoformat(),
                    "place": f"{firm['street']}, {firm['postal_code']} {firm['city']}",
                    "capacity": capacity,
                    "target_groups": ["pupils", "students", "job_seekers", "citizens"]
                    if tour < 2
                    else ALL_GROUPS,
                    "accessibility_notes": rng.choice(
                        [
                            "Rundgang ebenerdig, mit Rollstuhl befahrbar.",
                            "Teilweise Treppen; bitte bei Bedarf vorher melden.",
                            "Sicherheitsschuhe werden gestellt.",
                        ]
                    ),
                    "language": "Deutsch" if rng.random() < 0.85 else "Deutsch und Englisch",
                    "registrations": capacity if full else rng.randint(0, capacity * 3 // 4),
                    "waiting": rng.randint(2, 6) if full else 0,
                }
            )
    return {
        "slug": "lange-nacht-der-industrie-2027",
        "initiative": CITY,
        "kind": "open_house",
        "title": "Lange Nacht der Industrie 2027",
        "description": (
            "Beispieldaten: Industrieunternehmen der Stadt öffnen an einem Abend ihre Türen "
            "für die interessierte Öffentlichkeit: in Rundgängen, Präsentationen und "
            "Gesprächen zeigen sie ihre Branchen, für Schülerinnen und Schüler, Studierende, "
            "Arbeit- und Ausbildungsuchende und alle Bürgerinnen und Bürger. Jeder Rundgang "
            "hat eine feste Platzzahl; ist er ausgebucht, gibt es eine Warteliste."
        ),
        "venue": "Unternehmen im Aachener Stadtgebiet",
        "hosts": sorted(f["slug"] for f in firms),
        "starts_at": iso(day, 17),
        "ends_at": iso(day, 23),
        "registration_opens_at": iso(dt.date(2026, 11, 16), 9),
        "registration_closes_at": iso(dt.date(2027, 5, 6), 12),
        "target_groups": ALL_GROUPS,
        "max_sessions_per_person": 3,
        "waitlist_mode": "direct",
        "questions": [
            {
                "key": "schule",
                "label": "Schule oder Hochschule (falls zutreffend)",
                "required": False,
            }
        ],
        "is_example_data": True,
        "sources": ["002"],
        "sessions": sessions,
    }


def upcoming(rng: random.Random) -> list[dict[str, Any]]:
    return [
        {
            "slug": "transfer-cafe-2027-02",
            "initiative": REGION,
            "kind": "transfer_cafe",
            "title": "Transfer-Café: Forschung trifft Produktion",
            "description": (
                "Beispieldaten: Im Transfer-Café stellen Forschende der Aachener Hochschulen "
                "kurz ihre Projekte vor; Unternehmen kommen bei Kaffee ins Gespräch über "
                "Kooperationen. Das Format kommt aus dem Handlungsfeld Innovationen und "
                "Technologietransfer (Vorlage 2014)."
            ),
            "venue": "AGIT, Dennewartstraße 25–27, Aachen",
            "hosts": ["agit", "rwth-aachen"],
            "starts_at": iso(dt.date(2027, 2, 17), 15),
            "ends_at": iso(dt.date(2027, 2, 17), 18),
            "registration_opens_at": iso(dt.date(2026, 12, 1), 9),
            "target_groups": ["companies", "students"],
            "is_example_data": True,
            "sources": ["002"],
            "sessions": [
                {
                    "title": "Transfer-Café",
                    "host": "agit",
                    "starts_at": iso(dt.date(2027, 2, 17), 15),
                    "ends_at": iso(dt.date(2027, 2, 17), 18),
                    "place": "Foyer",
                    "capacity": 40,
                    "target_groups": ["companies", "students"],
                    "registrations": 12,
                }
            ],
        },
        {
            "slug": "newcomer-treffen-2027-01",
            "initiative": SKILLS,
            "kind": "newcomer_event",
            "title": "Newcomer-Treffen: Aachen und die Region erkunden",
            "description": (
                "Beispieldaten: Der Newcomer Service begrüßt neue Aachenerinnen und Aachener – "
                "mit und ohne Hochschulabschluss – bei einem regelmäßigen Treffen, um Kontakte "
                "zu knüpfen und die Stadt kennenzulernen (Fachkräftestrategie, Handlungsfeld 2.1)."
            ),
            "venue": "Verwaltungsgebäude Katschhof, Aachen",
            "hosts": ["newcomer-service-stadt-aachen"],
            "starts_at": iso(dt.date(2027, 1, 21), 18),
            "ends_at": iso(dt.date(2027, 1, 21), 20, 30),
            "registration_opens_at": iso(dt.date(2026, 11, 20), 9),
            "target_groups": ["citizens", "students", "job_seekers"],
            "is_example_data": True,
            "sources": ["004"],
            "sessions": [
                {
                    "title": "Stadtspaziergang und Begrüßung",
                    "host": "newcomer-service-stadt-aachen",
                    "starts_at": iso(dt.date(2027, 1, 21), 18),
                    "ends_at": iso(dt.date(2027, 1, 21), 20, 30),
                    "place": "Treffpunkt: Katschhof",
                    "capacity": 30,
                    "language": "Deutsch und Englisch",
                    "registrations": 9,
                }
            ],
        },
        {
            "slug": "senioren-cafe-oecherlab-2027-01",
            "initiative": SKILLS,
            "kind": "information_event",
            "title": "Senioren-Café im OecherLab",
            "description": (
                "Beispieldaten: Beratung für Rentnerinnen und Rentner, die sich trotz Ruhestand "
                "noch aktiv im Arbeitsmarkt einbringen möchten, mit Vorstellung der "
                "Senioren-Jobbörse (Fachkräftestrategie, Handlungsfeld 2.5)."
            ),
            "venue": "OecherLab, Kapuzinergraben 19, Aachen",
            "hosts": ["oecherlab"],
            "starts_at": iso(dt.date(2027, 1, 13), 15),
            "ends_at": iso(dt.date(2027, 1, 13), 17),
            "registration_opens_at": iso(dt.date(2026, 11, 20), 9),
            "target_groups": ["citizens", "job_seekers"],
            "is_example_data": True,
            "sources": ["004"],
            "sessions": [
                {
                    "title": "Beratung und Austausch",
                    "host": "oecherlab",
                    "starts_at": iso(dt.date(2027, 1, 13), 15),
                    "ends_at": iso(dt.date(2027, 1, 13), 17),
                    "place": "OecherLab, Erdgeschoss (barrierefrei)",
                    "capacity": 25,
                    "accessibility_notes": "Stufenloser Zugang, Toilette barrierefrei.",
                    "registrations": 7,
                }
            ],
        },
    ]


def people(rng: random.Random, count: int, prefix: str) -> list[dict[str, str]]:
    result = []
    for n in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        result.append(
            {
                "name": f"{first} {last}",
                "email": f"{prefix}-{n}.{first.lower()}.{last.lower()}@example.org".replace(
                    "ß", "ss"
                ),
                "target_group": rng.choice(["pupils", "students", "job_seekers", "citizens"]),
            }
        )
    return result


def with_people(event: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Example registrations and waiting people for each session (distinct e-mails)."""
    for number, session in enumerate(event["sessions"], start=1):
        booked = session.pop("registrations", 0)
        waiting = session.pop("waiting", 0)
        crowd = people(rng, booked + waiting, f"{event['slug'][:12]}-{number}")
        groups = session.get("target_groups") or event["target_groups"]
        for person in crowd:
            if person["target_group"] not in groups:
                person["target_group"] = groups[0]
        session["registrations"] = crowd[:booked]
        session["waiting"] = crowd[booked:]
    return event


def main() -> None:
    rng = random.Random(RANDOM_SEED)
    events = [*historical_events(), lange_nacht(rng), *upcoming(rng)]
    events = [with_people(event, rng) for event in events]
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(events, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    sessions = sum(len(e["sessions"]) for e in events)
    print(f"{OUTPUT.relative_to(ROOT)}: {len(events)} Veranstaltungen, {sessions} Führungen")


if __name__ == "__main__":
    main()
