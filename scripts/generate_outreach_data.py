#!/usr/bin/env python3
"""Write the outreach campaign of the Aachen data set:
src/industriedialog/outreach/data/aachen/campaign_2013.json.

Deterministic (a seeded random generator, the standard library only): running it twice
writes the same file. Run it from anywhere with

    python3 scripts/generate_outreach_data.py

What comes from the council paper of early 2014 (/work/shared/seeds, 002): the campaign
itself — the economic-development office (FB 02) contacts all 160 industrial firms of the
city in person as part of its Bestandspflege — and its state: 130 firms contacted, 48 of
them without interest, the other 82 visited or with a visit planned, of these about 20 with
high interest and the rest with basic interest, about half of the firms talked to already
informed of the dialogue; and the needs the visits found, in this order of frequency:
networking (with companies, politics and institutions), then framework conditions
(transport and supply infrastructure, energy costs, policy, funding) and skilled workers
(training, staff development, qualification advice), innovation and technology transfer
least. The measures of 2013/14 that answer these needs are those of the catalogue
(measures/data/aachen/catalogue.json, initiative industrie-dialog-region-aachen).

The 160 firms are the companies of the register (actors/data/aachen/organisations.json
and example_organisations.json) in WZ sections B–E with the city's municipality key
05334002: six named firms and 154 example firms. The script fails if the register no
longer yields exactly 160.

Invented, flagged `is_example_data` and said so in every text („Beispieldaten“): which
firm is in which state, the split of the 82 into 64 visited and 18 with a visit planned,
every contact attempt, visit date, participant, note, need, follow-up and signal. The
named firms get a state and needs, but no invented participants by name, no follow-ups
and no risk signals: nothing is claimed about a real company beyond its taking part.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_example_organisations import wz_section  # noqa: E402  (as actors.models)

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "industriedialog"
ACTORS_DATA = SRC / "actors" / "data" / "aachen"
INITIATIVES = SRC / "core" / "data" / "aachen" / "initiatives.json"
CATALOGUE = SRC / "measures" / "data" / "aachen" / "catalogue.json"
OUTPUT = SRC / "outreach" / "data" / "aachen" / "campaign_2013.json"
RANDOM_SEED = 20131127  # 2. Industrie-Dialog Region Aachen in Stolberg

REGION = "industrie-dialog-region-aachen"
CAMPAIGN_SLUG = "bestandspflege-2013-14-industriebetriebe"
MUNICIPALITY_KEY = "05334002"
SECTIONS = ("B", "C", "D", "E")

# The figures of seed 002.
TARGETS = 160
CONTACTED = 130
DECLINED = 48
TALKED = 82  # visited or visit planned
HIGH_INTEREST = 20
INFORMED = 41  # "rund 50 %" of the 82 firms talked to
# Assumed: how the 82 split into visits done and planned by early 2014.
VISITED = 64
PLANNED = TALKED - VISITED
HIGH_AMONG_VISITED = 17
INFORMED_AMONG_HIGH = 14

# The state of the campaign: the paper reports it early in 2014.
START = dt.date(2013, 10, 1)
AS_OF = dt.date(2014, 2, 28)
LAST_CONTACT = dt.date(2014, 2, 21)
EVENT_DAY = dt.date(2013, 11, 27)  # 2. Industrie-Dialog Region Aachen, Stolberg
PLANNED_FROM, PLANNED_UNTIL = dt.date(2014, 3, 3), dt.date(2014, 4, 30)

# Named firms (seed 003 names them in the forum of 2015; Philips hosted the kick-off of
# 2013): all visited, their interest and knowledge of the dialogue assumed.
NAMED_FIRMS = {
    "philips": ("high", True),
    "3win-maschinenbau": ("high", True),
    "theod-mahr-soehne": ("high", True),
    "fecken-kirfel": ("basic", True),
    "ph-mechanik": ("basic", False),
    "schreinerei-brammertz": ("basic", False),
}

# Needs: per visited firm 1–3, 128 in all, in the order of seed 002.
NEEDS_PER_FIRM = {1: 16, 2: 32, 3: 16}
FIELD_COUNTS = {"networking": 46, "framework": 34, "skilled_workers": 31, "innovation": 17}

# taxonomy.py: topic → (field, label, weight within the field).
TOPICS: dict[str, tuple[str, str, float]] = {
    "networking_companies": ("networking", "Vernetzung mit Unternehmen", 0.5),
    "networking_politics": ("networking", "Vernetzung mit Politik und Verwaltung", 0.25),
    "networking_institutions": ("networking", "Vernetzung mit Institutionen", 0.25),
    "transport": ("framework", "Verkehrsinfrastruktur", 0.2),
    "supply_infrastructure": ("framework", "Versorgungsinfrastruktur", 0.15),
    "energy_costs": ("framework", "Energiekosten", 0.3),
    "policy": ("framework", "Politische Richtlinien und Regulierung", 0.2),
    "funding": ("framework", "Förderprogramme", 0.15),
    "training": ("skilled_workers", "Ausbildung", 0.4),
    "staff_development": ("skilled_workers", "Mitarbeiterförderung", 0.3),
    "qualification_advice": ("skilled_workers", "Qualifizierungsberatung", 0.3),
    "university_cooperation": ("innovation", "Kooperation mit Hochschulen", 0.45),
    "research_information": ("innovation", "Informationen zu Forschung und Entwicklung", 0.55),
}

# The 2013/14 measures of the region's catalogue that answer each topic. Transport and
# supply infrastructure have none: the paper names these needs, but no measure of 2013/14
# takes them up, so the coverage view shows them as gaps.
MEASURES_BY_TOPIC: dict[str, tuple[str, ...]] = {
    "networking_companies": (
        "idra-1-lange-nacht-der-industrie",
        "idra-1-kooperationspreis",
        "idra-1-guetesiegel-made-in-region-aachen",
        "idra-1-industrie-botschafter",
        "idra-3-hallo-nachbar",
    ),
    "networking_politics": (
        "idra-4-unternehmerbeirat",
        "idra-4-symposium-energie-als-standortfaktor",
        "idra-1-industrie-botschafter",
    ),
    "networking_institutions": (
        "idra-1-lange-nacht-der-industrie",
        "idra-1-industrie-botschafter",
        "idra-3-hallo-nachbar",
    ),
    "transport": (),
    "supply_infrastructure": (),
    "energy_costs": (
        "idra-4-symposium-energie-als-standortfaktor",
        "idra-4-energiekooperationen-mikrostandorte",
    ),
    "policy": ("idra-4-unternehmerbeirat",),
    "funding": ("idra-4-unternehmerbeirat",),
    "training": (
        "idra-2-ausbildung-schwaecherer-jugendlicher",
        "idra-2-kooperation-zwischen-unternehmen",
        "idra-2-imagebroschuere-werbefilm",
    ),
    "staff_development": ("idra-2-nachqualifizierung", "idra-2-vor-ort-qualifizierung"),
    "qualification_advice": ("idra-2-vor-ort-qualifizierung", "idra-2-nachqualifizierung"),
    "university_cooperation": (
        "idra-3-transfer-messe",
        "idra-3-transfer-cafe",
        "idra-3-performance-check-produktion",
        "idra-3-innovationslotsen",
    ),
    "research_information": (
        "idra-3-transfer-cafe",
        "idra-3-transfer-messe",
        "idra-3-innovationslotsen",
    ),
}

NEED_TEXTS: dict[str, tuple[str, ...]] = {
    "networking_companies": (
        "Sucht regionale Zulieferer für Dreh- und Frästeile.",
        "Möchte andere Industriebetriebe der Region und ihre Leistungsangebote kennenlernen.",
        "Interesse an einer Einkaufs- und Logistikkooperation mit Nachbarbetrieben.",
        "Würde Aufträge lieber in der Region vergeben, kennt aber die Anbieter nicht.",
    ),
    "networking_politics": (
        "Wünscht eine feste Ansprechperson in Politik und Verwaltung.",
        "Möchte Anliegen des Betriebs unmittelbar in die Politik einbringen.",
    ),
    "networking_institutions": (
        "Kennt die Angebote von Kammern und Verbänden kaum.",
        "Wünscht einen besseren Draht zu den Institutionen der Region.",
    ),
    "transport": (
        "Die Lkw-Anbindung des Gewerbegebiets führt durch Wohnstraßen.",
        "Für den Schichtbeginn am frühen Morgen fehlt eine Busverbindung.",
        "Staus auf dem Zubringer zur Autobahn verzögern Lieferungen.",
    ),
    "supply_infrastructure": (
        "Der Breitbandanschluss am Standort reicht für die Fertigungsdaten nicht aus.",
        "Für neue Anlagen wird eine höhere elektrische Anschlussleistung gebraucht.",
    ),
    "energy_costs": (
        "Hohe Energiekosten belasten die Fertigung.",
        "Sucht Möglichkeiten, die Abwärme der Produktion zu nutzen.",
        "Möchte sich mit anderen Betrieben über Energieeinkauf austauschen.",
    ),
    "policy": (
        "Genehmigungsverfahren für den Umbau dauern zu lange.",
        "Unsicherheit durch sich ändernde Umweltauflagen.",
    ),
    "funding": (
        "Kennt die Förderprogramme für Investitionen nicht.",
        "Sucht Förderung für eine neue Fertigungslinie.",
    ),
    "training": (
        "Ausbildungsplätze bleiben unbesetzt.",
        "Würde auch Jugendliche mit schwächeren Startchancen ausbilden.",
        "Möchte sich bei Schülerinnen und Schülern als Ausbildungsbetrieb zeigen.",
    ),
    "staff_development": (
        "Möchte angelernte Beschäftigte zu einem Berufsabschluss führen.",
        "Sucht Weiterbildung für Beschäftigte an neuen Maschinen.",
    ),
    "qualification_advice": (
        "Wünscht eine Beratung zur Qualifizierung der Belegschaft.",
        "Kennt die Förderung der Weiterbildung durch die Agentur für Arbeit nicht.",
    ),
    "university_cooperation": (
        "Interesse an einem gemeinsamen Projekt mit einem Hochschulinstitut.",
        "Sucht Studierende für Abschlussarbeiten im Betrieb.",
    ),
    "research_information": (
        "Weiß wenig über die Forschungs- und Entwicklungsangebote der Aachener Hochschulen.",
        "Möchte über neue Fertigungsverfahren aus der Forschung informiert werden.",
    ),
}

EXAMPLE = "Beispieldaten: "

# Follow-ups: which partner takes up which topic (slugs of organisations.json).
IHK = "ihk-aachen"
HWK = "hwk-aachen"
ARBEITSAGENTUR = "agentur-fuer-arbeit-aachen-dueren"
AGIT = "agit"
WZL = "wzl-rwth-aachen"
FOLLOW_UP_PLAN: tuple[tuple[str, tuple[str, ...], int, str, str], ...] = (
    # partner, topics, how many, title, request
    (
        IHK,
        ("training", "networking_institutions"),
        3,
        "Ausbildungsberatung",
        "Das Unternehmen möchte (wieder) ausbilden und bittet um Beratung zu "
        "Ausbildungsberufen, Prüfungen und dem Ausbildungsmarketing.",
    ),
    (
        HWK,
        ("training",),
        2,
        "Ausbildung im Handwerk",
        "Das Unternehmen bildet in handwerklichen Berufen aus und sucht Unterstützung, "
        "um offene Ausbildungsplätze zu besetzen.",
    ),
    (
        ARBEITSAGENTUR,
        ("staff_development", "qualification_advice"),
        3,
        "Qualifizierung der Belegschaft",
        "Das Unternehmen bittet um eine Beratung zur Weiterbildung und Nachqualifizierung "
        "von Beschäftigten und zu den Fördermöglichkeiten.",
    ),
    (
        AGIT,
        ("funding", "research_information"),
        2,
        "Förder- und Transferberatung",
        "Das Unternehmen sucht Förderprogramme für ein Vorhaben und einen Überblick über "
        "passende Transferangebote der Region.",
    ),
    (
        WZL,
        ("university_cooperation", "research_information"),
        2,
        "Kontakt zur Produktionstechnik der RWTH",
        "Das Unternehmen interessiert sich für den Performance Check Produktion und für "
        "ein gemeinsames Projekt mit dem Werkzeugmaschinenlabor.",
    ),
)
FOLLOW_UP_STATUSES = ("answered",) * 6 + ("closed",) * 2 + ("open",) * 4
ANSWERS = {
    IHK: "Beratungstermin mit der Ausbildungsberatung vereinbart.",
    HWK: "Ausbildungsberaterin hat Kontakt aufgenommen; Lehrstellenbörse informiert.",
    ARBEITSAGENTUR: "Arbeitgeber-Service berät das Unternehmen vor Ort zur Qualifizierung.",
    AGIT: "Förderlotse hat passende Programme zusammengestellt und zugesandt.",
    WZL: "Erstgespräch zum Performance Check Produktion vereinbart.",
}

# Signals: kind, severity, note, which firms qualify.
SIGNAL_PLAN: tuple[tuple[str, int, str], ...] = (
    ("succession", 3, "Inhaber über 65, Nachfolge in der Familie ungeklärt."),
    ("succession", 2, "Geschäftsführer sucht in den nächsten Jahren eine Nachfolge."),
    ("succession", 2, "Nachfolge offen; externe Lösung wird erwogen."),
    ("energy_costs", 3, "Energiekosten deutlich gestiegen; Preise kaum weitergebbar."),
    ("energy_costs", 2, "Hoher Stromverbrauch der Anlagen; Energieaudit noch nicht begonnen."),
    ("energy_costs", 2, "Energiekosten drücken die Marge im Wettbewerb."),
    ("skilled_worker_shortage", 2, "Zwei Stellen für Zerspanungsmechaniker seit Monaten offen."),
    ("skilled_worker_shortage", 2, "Ausbildungsplätze im dritten Jahr unbesetzt."),
    ("skilled_worker_shortage", 1, "Schwierigkeiten, Elektroniker zu finden."),
    ("expansion", 2, "Plant eine Erweiterung der Halle; sucht angrenzende Fläche."),
    ("expansion", 3, "Neue Fertigungslinie geplant, etwa 15 zusätzliche Arbeitsplätze."),
    ("investment", 2, "Investition in eine neue Maschine für 2014 vorgesehen."),
    ("relocation", 2, "Die Gruppe prüft, die Fertigung an einen anderen Standort zu verlagern."),
)
ENERGY_INTENSIVE = {"17", "20", "22", "23", "24"}
# Divisions with many craft firms (bakers, joiners, metalworkers, furniture, dental labs).
CRAFT_DIVISIONS = {"10", "16", "25", "31", "32", "33"}

STAFF_ROLES = (
    "Geschäftsführerin",
    "Geschäftsführer",
    "Inhaber",
    "Inhaberin",
    "Leiterin Personal",
    "Leiter Personal",
    "Werkleiter",
    "Leiterin Produktion",
    "Kaufmännischer Leiter",
    "Ausbildungsleiterin",
)
FIRST_NAMES = (
    "Andrea",
    "Birgit",
    "Claudia",
    "Heike",
    "Julia",
    "Katrin",
    "Monika",
    "Petra",
    "Sabine",
    "Susanne",
    "Achim",
    "Bernd",
    "Dirk",
    "Frank",
    "Georg",
    "Jens",
    "Jürgen",
    "Markus",
    "Norbert",
    "Ralf",
    "Rolf",
    "Stefan",
    "Thomas",
    "Volker",
)
LAST_NAMES = (
    "Schmitz",
    "Lennartz",
    "Offermann",
    "Savelsberg",
    "Dohmen",
    "Thelen",
    "Quadflieg",
    "Hermanns",
    "Frings",
    "Vossen",
    "Kohnen",
    "Emonts",
    "Houben",
    "Coenen",
    "Reinartz",
    "Stollenwerk",
    "Tillmanns",
    "Nellessen",
    "Radermacher",
    "Cremer",
)
BAND_WEIGHTS = {"1-9": 0.6, "10-49": 1.0, "50-249": 1.5, "250-999": 2.0, "1000+": 2.5, "": 0.8}


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def industrial_firms() -> list[dict[str, Any]]:
    records = read_json(ACTORS_DATA / "organisations.json") + read_json(
        ACTORS_DATA / "example_organisations.json"
    )
    firms = [
        r
        for r in records
        if r["kind"] == "company"
        and wz_section(r.get("wz_code", "")) in SECTIONS
        and r.get("municipality_key") == MUNICIPALITY_KEY
    ]
    if len(firms) != TARGETS:
        raise SystemExit(
            f"Das Register enthält {len(firms)} statt {TARGETS} Industriebetriebe in Aachen "
            f"(WZ {', '.join(SECTIONS)}, AGS {MUNICIPALITY_KEY}); die Daten passen nicht mehr."
        )
    missing = set(NAMED_FIRMS) - {r["slug"] for r in firms}
    if missing:
        raise SystemExit(f"Genannte Unternehmen fehlen in der Auswahl: {sorted(missing)}")
    return sorted(firms, key=lambda r: r["slug"])


def check_references() -> None:
    initiatives = {i["slug"] for i in read_json(INITIATIVES)}
    if REGION not in initiatives:
        raise SystemExit(f"Initiative {REGION} fehlt in initiatives.json.")
    catalogue = {
        m["external_id"]
        for c in read_json(CATALOGUE)
        if c["initiative"] == REGION
        for m in c["measures"]
    }
    unknown = {m for ids in MEASURES_BY_TOPIC.values() for m in ids} - catalogue
    if unknown:
        raise SystemExit(f"Maßnahmen fehlen im Katalog von {REGION}: {sorted(unknown)}")
    organisations = {r["slug"]: r for r in read_json(ACTORS_DATA / "organisations.json")}
    for partner, *_rest in FOLLOW_UP_PLAN:
        if partner not in organisations or organisations[partner]["kind"] == "company":
            raise SystemExit(f"Partnerinstitution {partner} fehlt in organisations.json.")


def weighted_order(rng: random.Random, firms: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A random order in which larger firms tend to come first (Efraimidis–Spirakis)."""
    keys = {
        f["slug"]: rng.random() ** (1 / BAND_WEIGHTS[f.get("employee_band", "")]) for f in firms
    }
    return sorted(firms, key=lambda f: -keys[f["slug"]])


def business_days(first: dt.date, last: dt.date) -> list[dt.date]:
    days, day = [], first
    while day <= last:
        if (
            day.weekday() < 5
            and not (day.month == 12 and day.day >= 23)
            and day != dt.date(2014, 1, 1)
        ):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


WORKDAYS = business_days(START, PLANNED_UNTIL)


def shift(day: dt.date, workdays: int) -> dt.date:
    index = WORKDAYS.index(day) + workdays
    return WORKDAYS[min(max(index, 0), len(WORKDAYS) - 1)]


def day_at_or_after(day: dt.date) -> dt.date:
    return next(d for d in WORKDAYS if d >= day)


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


class Builder:
    def __init__(self) -> None:
        self.rng = random.Random(RANDOM_SEED)
        self.firms = industrial_firms()
        self.by_slug = {f["slug"]: f for f in self.firms}
        self.keys: Counter[str] = Counter()

    def key(self, slug: str, what: str) -> str:
        self.keys[f"{slug}/{what}"] += 1
        return f"{slug}/{what}-{self.keys[f'{slug}/{what}']}"

    # --- states ------------------------------------------------------------------------

    def states(self) -> dict[str, dict[str, Any]]:
        rng = self.rng
        state: dict[str, dict[str, Any]] = {}
        for slug, (interest, knew) in NAMED_FIRMS.items():
            state[slug] = {"status": "visited", "interest": interest, "knew_dialogue": knew}
        examples = [f for f in self.firms if f["slug"] not in NAMED_FIRMS]
        ordered = weighted_order(rng, examples)
        talked = ordered[: TALKED - len(NAMED_FIRMS)]
        rest = ordered[TALKED - len(NAMED_FIRMS) :]
        rng.shuffle(rest)
        for firm in rest[:DECLINED]:
            state[firm["slug"]] = {"status": "declined", "interest": "none", "knew_dialogue": None}
        for firm in rest[DECLINED:]:
            state[firm["slug"]] = {"status": "not_contacted", "interest": "", "knew_dialogue": None}
        talked_slugs = [f["slug"] for f in talked]
        rng.shuffle(talked_slugs)
        visited = talked_slugs[: VISITED - len(NAMED_FIRMS)]
        planned = talked_slugs[VISITED - len(NAMED_FIRMS) :]
        named_high = sum(1 for interest, _k in NAMED_FIRMS.values() if interest == "high")
        high = set(
            [f["slug"] for f in weighted_order(rng, [self.by_slug[s] for s in visited])][
                : HIGH_AMONG_VISITED - named_high
            ]
            + [f["slug"] for f in weighted_order(rng, [self.by_slug[s] for s in planned])][
                : HIGH_INTEREST - HIGH_AMONG_VISITED
            ]
        )
        named_informed_high = sum(
            1 for interest, knew in NAMED_FIRMS.values() if interest == "high" and knew
        )
        named_informed = sum(1 for _i, knew in NAMED_FIRMS.values() if knew)
        high_sorted = sorted(high)
        basic_sorted = sorted(set(talked_slugs) - high)
        informed = set(rng.sample(high_sorted, INFORMED_AMONG_HIGH - named_informed_high))
        informed |= set(
            rng.sample(
                basic_sorted,
                INFORMED - named_informed - (INFORMED_AMONG_HIGH - named_informed_high),
            )
        )
        for slug in talked_slugs:
            state[slug] = {
                "status": "visited" if slug in visited else "visit_planned",
                "interest": "high" if slug in high else "basic",
                "knew_dialogue": slug in informed,
            }
        return state

    # --- contact attempts and visits ---------------------------------------------------

    def attempts(self, slug: str, status: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """The contact attempts leading to `status`, and the dates of the outcome."""
        rng = self.rng
        dates: dict[str, Any] = {}
        if status == "not_contacted":
            if rng.random() < 0.4:
                return [], dates
            first = rng.choice(business_days(dt.date(2014, 1, 7), LAST_CONTACT))
            chain = [("not_reached", first)]
            if rng.random() < 0.4:
                chain.append(("not_reached", shift(first, rng.randint(3, 8))))
            return [self._attempt(slug, o, d) for o, d in chain if d <= LAST_CONTACT], dates
        final = "declined" if status == "declined" else "visit_agreed"
        steps: list[tuple[str, int]] = []  # outcome, workdays after the previous step
        at_event = status != "declined" and rng.random() < 0.08
        if at_event:
            steps.append(("reached", 0))
        else:
            for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
                steps.append(("not_reached", rng.randint(2, 7)))
            if rng.random() < 0.25:
                steps.append(("callback", rng.randint(2, 6)))
        steps.append((final, rng.randint(2, 8)))
        visit_gap = rng.randint(5, 20) if status == "visited" else 0
        span = sum(gap for _o, gap in steps[1:]) + visit_gap
        if at_event:
            first = EVENT_DAY
        elif status == "visited":
            last_first = shift(day_at_or_after(AS_OF), -span)
            first = rng.choice([d for d in WORKDAYS if START <= d <= last_first])
        elif status == "visit_planned":
            # Recent agreements: the visits are still ahead early in 2014.
            candidates = [d for d in WORKDAYS if dt.date(2013, 12, 2) <= d]
            latest = shift(LAST_CONTACT, -span)
            first = rng.choice([d for d in candidates if d <= latest])
        else:
            latest = shift(LAST_CONTACT, -span)
            first = rng.choice([d for d in WORKDAYS if START <= d <= latest])
        chain, day = [], first
        for index, (outcome, gap) in enumerate(steps):
            day = first if index == 0 else shift(day, gap)
            chain.append((outcome, day))
        attempts = [
            self._attempt(slug, outcome, day, at_event=at_event and index == 0)
            for index, (outcome, day) in enumerate(chain)
        ]
        decided_on = chain[-1][1]
        dates["decided_on"] = decided_on
        if status == "visited":
            dates["visited_on"] = min(shift(decided_on, visit_gap), AS_OF)
        elif status == "visit_planned":
            dates["planned_on"] = rng.choice(
                business_days(max(PLANNED_FROM, shift(decided_on, 10)), PLANNED_UNTIL)
            )
        return attempts, dates

    def _attempt(
        self, slug: str, outcome: str, day: dt.date, *, at_event: bool = False
    ) -> dict[str, Any]:
        rng = self.rng
        if at_event:
            channel = "event"
            note = EXAMPLE + "Gespräch am Rande des 2. Industrie-Dialogs Region Aachen in Stolberg."
        elif outcome == "callback":
            channel = "phone"
            note = EXAMPLE + "Sekretariat sagt einen Rückruf der Geschäftsführung zu."
        elif outcome == "not_reached":
            channel = "phone" if rng.random() < 0.75 else "email"
            note = rng.choice(
                ("", EXAMPLE + "Keine Antwort auf die E-Mail.", EXAMPLE + "Abwesenheitsnotiz.")
                if channel == "email"
                else ("", "", EXAMPLE + "Geschäftsführung nicht im Haus.")
            )
        else:
            channel = rng.choices(("phone", "email", "in_person"), weights=(7, 2, 1))[0]
            note = {
                "reached": "",
                "declined": rng.choice(
                    (
                        "",
                        EXAMPLE + "Derzeit kein Bedarf an einem Gespräch.",
                        EXAMPLE + "Kein Interesse; keine Zeit wegen hoher Auslastung.",
                        EXAMPLE + "Unternehmen sieht keinen Nutzen für sich.",
                    )
                ),
                "visit_agreed": rng.choice(
                    ("", EXAMPLE + "Besuchstermin mit der Geschäftsführung vereinbart.")
                ),
            }[outcome]
        return {
            "key": self.key(slug, "kontakt"),
            "attempted_on": day.isoformat(),
            "channel": channel,
            "outcome": outcome,
            "note": note,
        }

    def participants(self, slug: str) -> str:
        rng = self.rng
        count = rng.choice((1, 1, 2))
        roles = rng.sample(STAFF_ROLES, count)
        if slug in NAMED_FIRMS:
            # No invented names at a real company: the roles only.
            return "\n".join(f"{role} (Beispieldaten)" for role in roles)
        return "\n".join(
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}, {role} (Beispielperson)"
            for role in roles
        )

    # --- needs ---------------------------------------------------------------------------

    def deal_needs(self, visited: list[str]) -> dict[str, list[str]]:
        """Which fields each visited firm's needs fall in: exactly FIELD_COUNTS in all,
        never more needs of one field at a firm than the field has topics."""
        rng = self.rng
        counts = [n for n, firms in NEEDS_PER_FIRM.items() for _ in range(firms)]
        if len(counts) != len(visited) or sum(counts) != sum(FIELD_COUNTS.values()):
            raise SystemExit("Die Zahl der Bedarfe passt nicht zu den besuchten Unternehmen.")
        capacity = Counter(field for field, _label, _w in TOPICS.values())
        order = sorted(visited)
        while True:
            rng.shuffle(order)
            rng.shuffle(counts)
            tokens = [field for field, n in FIELD_COUNTS.items() for _ in range(n)]
            rng.shuffle(tokens)
            dealt, position = {}, 0
            for slug, n in zip(order, counts, strict=True):
                dealt[slug] = tokens[position : position + n]
                position += n
            if all(
                count <= capacity[field]
                for fields in dealt.values()
                for field, count in Counter(fields).items()
            ):
                return dealt

    def needs(self, slug: str, fields: list[str]) -> list[dict[str, Any]]:
        rng = self.rng
        used: set[str] = set()
        needs = []
        for need_field in fields:
            topics = [t for t, (f, _l, _w) in TOPICS.items() if f == need_field and t not in used]
            topic = rng.choices(topics, weights=[TOPICS[t][2] for t in topics])[0]
            used.add(topic)
            options = MEASURES_BY_TOPIC[topic]
            measures = (
                sorted(rng.sample(options, rng.randint(1, min(3, len(options))))) if options else []
            )
            needs.append(
                {
                    "key": self.key(slug, "bedarf"),
                    "topic": topic,
                    "description": EXAMPLE + rng.choice(NEED_TEXTS[topic]),
                    "measures": measures,
                }
            )
        return needs

    # --- the whole campaign --------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        check_references()
        rng = self.rng
        state = self.states()
        visited = sorted(s for s, v in state.items() if v["status"] == "visited")
        need_fields = self.deal_needs(visited)
        targets = []
        for firm in self.firms:
            slug = firm["slug"]
            target_state = state[slug]
            attempts, dates = self.attempts(slug, target_state["status"])
            target: dict[str, Any] = {
                "organisation": slug,
                "is_example_data": bool(firm.get("is_example_data")),
                **target_state,
                "visit_planned_on": None,
                "status_changed_on": None,
                "attempts": attempts,
                "visits": [],
            }
            if target_state["status"] in ("declined", "visit_planned"):
                target["status_changed_on"] = iso(dates["decided_on"])
            if target_state["status"] == "visit_planned":
                target["visit_planned_on"] = iso(dates["planned_on"])
            if target_state["status"] == "visited":
                visited_on = dates["visited_on"]
                target["visit_planned_on"] = iso(visited_on)
                target["status_changed_on"] = iso(visited_on)
                needs = self.needs(slug, need_fields[slug])
                labels = ", ".join(TOPICS[n["topic"]][1] for n in needs)
                tour = rng.choice(
                    (
                        "Rundgang durch die Fertigung, danach Gespräch.",
                        "Gespräch im Besprechungsraum, kurze Führung durch die Werkstatt.",
                        "Gespräch über die Lage des Betriebs und den Industrie-Dialog.",
                    )
                )
                target["visits"].append(
                    {
                        "key": self.key(slug, "besuch"),
                        "visited_on": visited_on.isoformat(),
                        "company_participants": self.participants(slug),
                        "notes": f"{EXAMPLE}{tour} Themen: {labels}.",
                        "needs": needs,
                        "follow_ups": [],
                        "signals": [],
                    }
                )
            targets.append(target)
        self.add_follow_ups(targets)
        self.add_signals(targets)
        return self.campaign(targets)

    def _visits(self, targets: list[dict[str, Any]]) -> list[tuple[dict[str, Any], dict]]:
        return [
            (t, visit)
            for t in targets
            if t["organisation"] not in NAMED_FIRMS
            for visit in t["visits"]
        ]

    def _is_craft(self, slug: str) -> bool:
        org = self.by_slug[slug]
        division = (org.get("wz_code") or "")[:2]
        return org.get("employee_band") in ("1-9", "10-49") and division in CRAFT_DIVISIONS

    def add_follow_ups(self, targets: list[dict[str, Any]]) -> None:
        rng = self.rng
        statuses = list(FOLLOW_UP_STATUSES)
        rng.shuffle(statuses)
        taken: set[str] = set()
        for partner, topics, count, title, request in FOLLOW_UP_PLAN:
            candidates = [
                (target, visit, need)
                for target, visit in self._visits(targets)
                for need in visit["needs"]
                if need["topic"] in topics and target["organisation"] not in taken
            ]
            if partner == HWK:  # the crafts: small firms of craft trades
                candidates = [c for c in candidates if self._is_craft(c[0]["organisation"])]
            if len(candidates) < count:
                raise SystemExit(f"Zu wenige Bedarfe für Wiedervorlagen an {partner}.")
            for target, visit, need in rng.sample(candidates, count):
                taken.add(target["organisation"])
                status = statuses.pop()
                visited_on = dt.date.fromisoformat(visit["visited_on"])
                routed = dt.datetime.combine(
                    shift(visited_on, rng.randint(1, 3)),
                    dt.time(rng.randint(8, 15), rng.choice((0, 15, 30, 45))),
                )
                answered: dt.datetime | None = None
                closed: dt.datetime | None = None
                if status in ("answered", "closed"):
                    answered = routed + dt.timedelta(
                        days=rng.randint(1, 30), hours=rng.randint(0, 6)
                    )
                    if status == "closed":
                        closed = answered + dt.timedelta(days=rng.randint(5, 20))
                name = (
                    self.by_slug[target["organisation"]].get("short_name")
                    or self.by_slug[target["organisation"]]["name"]
                )
                visit["follow_ups"].append(
                    {
                        "key": self.key(target["organisation"], "wiedervorlage"),
                        "need": need["key"],
                        "partner": partner,
                        "title": f"{title}: {name}",
                        "request": EXAMPLE + request,
                        "due_on": (routed.date() + dt.timedelta(days=28)).isoformat(),
                        "status": status,
                        "routed_at": routed.isoformat(timespec="minutes"),
                        "answer": EXAMPLE + ANSWERS[partner] if answered else "",
                        "answered_at": answered.isoformat(timespec="minutes") if answered else None,
                        "closed_at": closed.isoformat(timespec="minutes") if closed else None,
                    }
                )

    def _fits(self, kind: str, target: dict[str, Any], visit: dict[str, Any]) -> bool:
        """Whether a signal of `kind` is plausible for this firm and its visit's needs."""
        org = self.by_slug[target["organisation"]]
        band = org.get("employee_band")
        topics = {n["topic"] for n in visit["needs"]}
        if kind == "succession":
            return "Familienunternehmen" in org.get("description", "") and band in (
                "1-9",
                "10-49",
                "50-249",
            )
        if kind == "energy_costs":
            division = (org.get("wz_code") or "")[:2]
            return "energy_costs" in topics or division in ENERGY_INTENSIVE
        if kind == "skilled_worker_shortage":
            return bool(topics & {"training", "staff_development", "qualification_advice"})
        if kind in ("expansion", "investment"):
            return target["interest"] == "high"
        if kind == "relocation":
            return band in ("50-249", "250-999", "1000+")
        return True

    def add_signals(self, targets: list[dict[str, Any]]) -> None:
        taken: set[str] = set()
        for kind, severity, note in SIGNAL_PLAN:
            candidates = [
                (target, visit)
                for target, visit in self._visits(targets)
                if target["organisation"] not in taken and self._fits(kind, target, visit)
            ]
            if not candidates:
                raise SystemExit(f"Kein passendes Unternehmen für das Signal {kind}.")
            target, visit = self.rng.choice(candidates)
            taken.add(target["organisation"])
            visit["signals"].append(
                {
                    "key": self.key(target["organisation"], "signal"),
                    "kind": kind,
                    "severity": severity,
                    "observed_on": visit["visited_on"],
                    "note": EXAMPLE + note,
                    "resolved_on": None,
                }
            )

    def campaign(self, targets: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "notes": [
                "Quelle: Sachstand „Industrie-Dialog Region Aachen“ (Vorlage FB 02, Anfang 2014, "
                "seed 002): 160 Industriebetriebe, 130 kontaktiert, 48 ohne Interesse, 82 besucht "
                "oder Besuch geplant, davon rund 20 mit hohem Interesse; rund 50 % der "
                "Gesprächspartner kannten den Industrie-Dialog; Handlungsbedarfe vor allem "
                "Vernetzung, dann Rahmenbedingungen und Fachkräfte, am wenigsten Innovation.",
                "Die 160 Zielunternehmen sind die Unternehmen des Registers in den WZ-Abschnitten "
                "B bis E mit dem Gemeindeschlüssel 05334002: sechs genannte Unternehmen und 154 "
                "Beispielunternehmen (is_example_data).",
                "Angenommen: Von den 82 Unternehmen sind 64 besucht und bei 18 ist der Besuch "
                "geplant; 17 der 20 mit hohem Interesse sind besucht.",
                "Angenommen: „kannte den Industrie-Dialog“ wurde nur in den Gesprächen mit den 82 "
                "Unternehmen erfragt, 41 von ihnen (die Hälfte) kannten ihn; bei den 48 Absagen "
                "und den 30 nicht erreichten Unternehmen ist es unbekannt (null).",
                "Beispieldaten: welches Unternehmen in welchem Stand ist, alle Kontaktversuche, "
                "Besuchstermine, Teilnehmenden, Notizen, Bedarfe, Wiedervorlagen und Signale. "
                "Die Texte beginnen mit „Beispieldaten:“, erfundene Personen sind als "
                "„Beispielperson“ gekennzeichnet. Bei den genannten Unternehmen stehen nur "
                "Funktionen, keine Namen, und es gibt dort keine Wiedervorlagen und Signale.",
                "Die Bedarfe sind mit den Maßnahmen von 2013/14 aus dem Katalog der Initiative "
                "industrie-dialog-region-aachen verknüpft, die sie aufgreifen. Verkehrs- und "
                "Versorgungsinfrastruktur greift keine Maßnahme auf; sie bleiben bewusst offen.",
                "Erzeugt von scripts/generate_outreach_data.py; nicht von Hand ändern.",
            ],
            "campaigns": [
                {
                    "slug": CAMPAIGN_SLUG,
                    "initiative": REGION,
                    "name": "Bestandspflege 2013/14: alle Industriebetriebe im Stadtgebiet",
                    "description": (
                        "Der Fachbereich Wirtschaftsförderung/Europäische Angelegenheiten (FB 02) "
                        "der Stadt Aachen kontaktiert im Rahmen der Bestandspflege alle 160 "
                        "Industriebetriebe im Aachener Stadtgebiet persönlich, um konkrete "
                        "Bedarfslagen und die Bereitschaft zur Mitwirkung am Industrie-Dialog "
                        "Region Aachen zu ermitteln. Stand Anfang 2014: 130 Unternehmen "
                        "kontaktiert, 48 ohne Interesse, 82 besucht oder Besuch geplant, davon "
                        "rund 20 mit hohem Interesse; rund die Hälfte der Gesprächspartner "
                        "kannte den Industrie-Dialog bereits.\n\n"
                        "Beispieldaten: Die Zahlen stammen aus der Vorlage der Verwaltung. "
                        "Welches Unternehmen in welchem Stand ist, die Kontaktversuche, "
                        "Besuche, Bedarfe, Wiedervorlagen und Signale sind erfunden; 154 der "
                        "160 Unternehmen sind Beispielunternehmen. Als Ende ist der Stand der "
                        "Vorlage eingetragen (angenommen); Frühwarnung und Fälligkeiten "
                        "werden zu diesem Stichtag bewertet."
                    ),
                    "status": "closed",
                    "starts_on": START.isoformat(),
                    "ends_on": AS_OF.isoformat(),
                    "as_of": AS_OF.isoformat(),
                    "target_filter": {
                        "kinds": ["company"],
                        "wz_sections": list(SECTIONS),
                        "municipality_key": MUNICIPALITY_KEY,
                    },
                    "note_retention_months": 36,
                    "is_example_data": True,
                    "sources": ["002"],
                    "targets": targets,
                }
            ],
        }


def summary(data: dict[str, Any]) -> str:
    targets = data["campaigns"][0]["targets"]
    status = Counter(t["status"] for t in targets)
    interest = Counter(t["interest"] for t in targets)
    knew = Counter(t["knew_dialogue"] for t in targets)
    visits = [v for t in targets for v in t["visits"]]
    needs = [n for v in visits for n in v["needs"]]
    fields = Counter(TOPICS[n["topic"]][0] for n in needs)
    return (
        f"{OUTPUT.relative_to(ROOT)}: {len(targets)} Zielunternehmen {dict(status)}, "
        f"Interesse {dict(interest)}, kannte den Dialog {dict(knew)}, "
        f"{sum(len(t['attempts']) for t in targets)} Kontaktversuche, {len(visits)} Besuche, "
        f"{len(needs)} Bedarfe {dict(fields)}, "
        f"{sum(len(v['follow_ups']) for v in visits)} Wiedervorlagen, "
        f"{sum(len(v['signals']) for v in visits)} Signale"
    )


def check(data: dict[str, Any]) -> None:
    """The figures of seed 002, asserted on the written data."""
    targets = data["campaigns"][0]["targets"]
    status = Counter(t["status"] for t in targets)
    talked = [t for t in targets if t["status"] in ("visited", "visit_planned")]
    expected = {
        "targets": (len(targets), TARGETS),
        "contacted": (TARGETS - status["not_contacted"], CONTACTED),
        "declined": (status["declined"], DECLINED),
        "talked": (len(talked), TALKED),
        "visited": (status["visited"], VISITED),
        "high": (sum(t["interest"] == "high" for t in targets), HIGH_INTEREST),
        "informed": (sum(t["knew_dialogue"] is True for t in targets), INFORMED),
        "asked": (sum(t["knew_dialogue"] is not None for t in targets), TALKED),
    }
    wrong = {name: pair for name, pair in expected.items() if pair[0] != pair[1]}
    if wrong:
        raise SystemExit(f"Die Zahlen weichen von der Vorlage ab: {wrong}")
    for t in targets:
        last = t["attempts"][-1]["outcome"] if t["attempts"] else None
        want = {
            "not_contacted": (None, "not_reached"),
            "declined": ("declined",),
            "visit_planned": ("visit_agreed",),
            "visited": ("visit_agreed",),
        }[t["status"]]
        if last not in want:
            raise SystemExit(f"{t['organisation']}: Kontaktversuche passen nicht zum Stand.")
        for visit in t["visits"]:
            if visit["visited_on"] <= t["attempts"][-1]["attempted_on"]:
                raise SystemExit(f"{t['organisation']}: Besuch vor der Terminvereinbarung.")


def main() -> None:
    data = Builder().build()
    check(data)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(summary(data))


if __name__ == "__main__":
    main()
