#!/usr/bin/env python3
"""Write the bodies of the Aachen data set: src/industriedialog/dialog/data/aachen/bodies.json.

Deterministic (a seeded random generator, the standard library only): running it twice
writes the same file. Run it from anywhere with

    python3 scripts/generate_dialog_data.py

What comes from the council papers (/work/shared/seeds, cited as 000 … 004) is the
structure: which bodies exist, who the partners are, the named companies of the forum,
the working groups of 24.03.2015 and their first topics, the dates and places of
AUFBRUCH 2015 and of its follow-up, the quarterly rhythm of the immigration circle, and
the results and decisions the papers report. Everything else is invented and flagged
`is_example_data`: every person except the five of people.json, the representatives of
the example firms, the dates of meetings the papers only count ("13 Arbeitstreffen"),
and which example firm sits in which group. Bodies have no example flag of their own;
their descriptions say what is assumed.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ACTORS_DATA = ROOT / "src" / "industriedialog" / "actors" / "data" / "aachen"
INITIATIVES = ROOT / "src" / "industriedialog" / "core" / "data" / "aachen" / "initiatives.json"
OUTPUT = ROOT / "src" / "industriedialog" / "dialog" / "data" / "aachen" / "bodies.json"
RANDOM_SEED = 20150324  # AUFBRUCH 2015

REGION = "industrie-dialog-region-aachen"
CITY = "aachener-industrie-dialog"
SKILLS = "fachkraeftestrategie-aachen"

FB02 = "stadt-aachen-fb-02"
STAEDTEREGION = "staedteregion-aachen"
ZWECKVERBAND = "zweckverband-region-aachen"
VUV = "vuv-aachen"
IHK = "ihk-aachen"
HWK = "hwk-aachen"
DGB = "dgb-region-nrw-sued-west"
AGIT = "agit"
ARBEITSAGENTUR = "agentur-fuer-arbeit-aachen-dueren"
JOBCENTER = "jobcenter-staedteregion-aachen"
AUSLAENDERAMT = "auslaenderamt-staedteregion-aachen"
WZL = "wzl-rwth-aachen"
AKZENTE = "akzente40"
FRAU_UND_BERUF = "kompetenzzentrum-frau-und-beruf-region-aachen"
GLEICHSTELLUNG = "gleichstellungsbeauftragte-stadt-aachen"

# The companies seed 003 names as active in the forum in 2015.
NAMED_FORUM_COMPANIES = (
    "philips",
    "saint-gobain",
    "continental",
    "3win-maschinenbau",
    "schreinerei-brammertz",
    "theod-mahr-soehne",
    "ph-mechanik",
)
# "Das als Dach des Industrie-Dialogs installierte „Forum“ besteht aktuell aus über 50
# UnternehmerInnen" (003): 52 company seats, seven of them the named companies.
FORUM_COMPANY_SEATS = 52

# The real people of people.json, used only where a paper ties them to a body.
DAGMAR_WIRTZ = "dagmar-wirtz"  # 3win Maschinenbau, named in the forum (003)
JOCHEN_KLEIN = "jochen-klein"  # Fecken-Kirfel, quoted on the AKzentE4.0 network (004)
REAL_SURNAMES = {"Steinmayer", "Danke", "Wirtz", "Korr", "Klein"}

FIRST_NAMES = (
    "Andrea",
    "Anja",
    "Birgit",
    "Christiane",
    "Claudia",
    "Daniela",
    "Eva",
    "Gabriele",
    "Heike",
    "Ines",
    "Julia",
    "Katrin",
    "Kerstin",
    "Laura",
    "Martina",
    "Monika",
    "Nicole",
    "Petra",
    "Sabine",
    "Sandra",
    "Simone",
    "Stefanie",
    "Susanne",
    "Tanja",
    "Ulrike",
    "Anna",
    "Lena",
    "Miriam",
    "Nadine",
    "Sarah",
    "Sophie",
    "Jana",
    "Kathrin",
    "Melanie",
    "Achim",
    "Andreas",
    "Bernd",
    "Christian",
    "Daniel",
    "Dirk",
    "Frank",
    "Georg",
    "Hans-Peter",
    "Heinz",
    "Jan",
    "Jens",
    "Jörg",
    "Jürgen",
    "Klaus",
    "Lars",
    "Marc",
    "Markus",
    "Martin",
    "Matthias",
    "Michael",
    "Norbert",
    "Oliver",
    "Peter",
    "Ralf",
    "Rainer",
    "Rolf",
    "Sebastian",
    "Stefan",
    "Thomas",
    "Thorsten",
    "Volker",
    "Wolfgang",
    "Tim",
    "Felix",
    "Jonas",
    "Lukas",
    "Niklas",
    "Karl-Heinz",
    "Hendrik",
)
LAST_NAMES = (
    "Schmitz",
    "Lennartz",
    "Kreutz",
    "Offermann",
    "Savelsberg",
    "Bündgens",
    "Dohmen",
    "Pütz",
    "Thelen",
    "Quadflieg",
    "Jansen",
    "Hermanns",
    "Frings",
    "Lürken",
    "Vossen",
    "Wetzels",
    "Kohnen",
    "Emonts",
    "Houben",
    "Paffen",
    "Gielen",
    "Coenen",
    "Mertens",
    "Heinen",
    "Pieper",
    "Tillmanns",
    "Reinartz",
    "Stollenwerk",
    "Brandt",
    "Schreiber",
    "Hoffmann",
    "Wagner",
    "Becker",
    "Schulz",
    "Keller",
    "Meyer",
    "Weber",
    "Fischer",
    "Neumann",
    "Krüger",
    "Zimmermann",
    "Braun",
    "Hartmann",
    "Wolff",
    "Lange",
    "Schumacher",
    "Kurth",
    "Esser",
    "Nießen",
    "Kaulen",
    "Mommertz",
    "Printz",
    "Scholl",
    "Derichs",
    "Kever",
    "Bongartz",
    "Mostert",
    "Baumann",
    "Vogel",
    "Jacobs",
    "Kutsch",
    "Jungbluth",
    "Nellessen",
    "Pelzer",
    "Schiffers",
    "Radermacher",
    "Körfer",
    "Hammers",
    "Cremer",
    "Startz",
    "Beckers",
    "Dreßen",
    "Frohn",
    "Heusch",
    "Ortmanns",
    "Gehlen",
    "Dautzenberg",
    "Engels",
    "Schröder",
    "Kremer",
    "Bauer",
    "Kuhn",
    "Roth",
    "Lorenz",
    "Seidel",
    "Thiel",
)


def slugify(text: str) -> str:
    for umlaut, replacement in (
        ("ä", "ae"),
        ("ö", "oe"),
        ("ü", "ue"),
        ("Ä", "Ae"),
        ("Ö", "Oe"),
        ("Ü", "Ue"),
        ("ß", "ss"),
    ):
        text = text.replace(umlaut, replacement)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


class Cast:
    """Invents people deterministically: one person per (organisation, seat number), so
    that the same representative reappears in every body where that seat is used."""

    def __init__(
        self, rng: random.Random, organisations: dict[str, dict], real_people: set[str]
    ) -> None:
        self.rng = rng
        self.organisations = organisations
        self.real_people = real_people
        self.people: dict[tuple[str, int], dict[str, Any]] = {}
        self.used_slugs: set[str] = set(real_people)
        self.used_names: set[tuple[str, str]] = set()

    def _family_name(self, organisation_slug: str) -> str | None:
        """Family firms of the example set are run by a member of the family."""
        organisation = self.organisations[organisation_slug]
        if not organisation.get("is_example_data"):
            return None
        first_word = organisation["name"].split()[0]
        return first_word if first_word in LAST_NAMES else None

    def person(self, organisation_slug: str, seat: int = 0) -> dict[str, Any]:
        key = (organisation_slug, seat)
        if key not in self.people:
            family = self._family_name(organisation_slug) if seat == 0 else None
            while True:
                first = self.rng.choice(FIRST_NAMES)
                last = family or self.rng.choice(LAST_NAMES)
                family = None  # a second try draws the surname too
                if last in REAL_SURNAMES or (first, last) in self.used_names:
                    continue
                slug = slugify(f"{first} {last}")
                if slug not in self.used_slugs:
                    break
            self.used_slugs.add(slug)
            self.used_names.add((first, last))
            title = "Dr." if self.rng.random() < 0.12 else ""
            entry: dict[str, Any] = {"slug": slug, "first_name": first, "last_name": last}
            if title:
                entry["title"] = title
            # Invented people may be listed: nobody real is exposed.
            entry.update({"is_public": True, "is_example_data": True})
            self.people[key] = entry
        return dict(self.people[key])


class Builder:
    def __init__(self) -> None:
        self.rng = random.Random(RANDOM_SEED)
        organisations = read_json(ACTORS_DATA / "organisations.json")
        examples = read_json(ACTORS_DATA / "example_organisations.json")
        self.organisations = {o["slug"]: o for o in organisations + examples}
        self.real_people = {p["slug"] for p in read_json(ACTORS_DATA / "people.json")}
        self.initiatives = {i["slug"] for i in read_json(INITIATIVES)}
        self.cast = Cast(self.rng, self.organisations, self.real_people)
        # Manufacturing example firms (WZ 10–33) for the forum and the groups.
        self.example_firms = sorted(
            slug
            for slug, o in self.organisations.items()
            if o.get("is_example_data")
            and o["kind"] == "company"
            and "10" <= o["wz_code"][:2] <= "33"
        )
        self.bodies: list[dict[str, Any]] = []

    # --- helpers -----------------------------------------------------------------------

    def who(self, organisation: str, seat: int = 0) -> Any:
        return self.cast.person(organisation, seat)

    def member(
        self,
        organisation: str,
        *,
        seat: int = 0,
        role: str | None = None,
        start: str,
        person: Any = None,
        listed: bool | None = None,
        example: bool = True,
    ) -> dict[str, Any]:
        kind = self.organisations[organisation]["kind"]
        if role is None:
            role = "member" if kind == "company" else "intermediary"
        if listed is None:
            # Most example members agreed to be listed, a few did not.
            listed = self.rng.random() < 0.85
        return {
            "person": person if person is not None else self.who(organisation, seat),
            "organisation": organisation,
            "role": role,
            "start_date": start,
            "is_listed": listed,
            "is_example_data": example,
        }

    def random_date(self, first: str, last: str) -> str:
        start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        return (start + dt.timedelta(days=self.rng.randint(0, (end - start).days))).isoformat()

    @staticmethod
    def meeting(
        title: str,
        day: str,
        start: str,
        end: str,
        location: str,
        *,
        status: str = "held",
        minutes: str = "",
        agenda: list[str] | None = None,
        decisions: list[str] | None = None,
        example: bool = True,
    ) -> dict[str, Any]:
        return {
            "title": title,
            "starts_at": f"{day}T{start}:00",
            "ends_at": f"{day}T{end}:00",
            "location": location,
            "status": status,
            "minutes": minutes,
            "agenda": agenda or [],
            "decisions": decisions or [],
            "is_example_data": example,
        }

    @staticmethod
    def task(
        title: str,
        assignee: Any,
        due: str | None,
        status: str = "open",
        description: str = "",
        meeting: str | None = None,
    ) -> dict[str, Any]:
        item = {
            "title": title,
            "assignee": assignee,
            "due_date": due,
            "status": status,
            "description": description,
        }
        if meeting:
            item["meeting"] = meeting
        return item

    def body(self, **fields: Any) -> dict[str, Any]:
        record = {
            "slug": fields.pop("slug"),
            "initiative": fields.pop("initiative"),
            "kind": fields.pop("kind"),
            "name": fields.pop("name"),
            "short_name": fields.pop("short_name", ""),
            "parent": fields.pop("parent", None),
            "topic": fields.pop("topic", ""),
            "description": fields.pop("description", ""),
            "status": fields.pop("status", "active"),
            "founded_on": fields.pop("founded_on", None),
            "min_company_members": fields.pop("min_company_members", None),
            "composition_rule": fields.pop("composition_rule", ""),
            "cadence_months": fields.pop("cadence_months", None),
            "order": fields.pop("order"),
            "is_public": fields.pop("is_public", True),
            "members": fields.pop("members", []),
            "meetings": fields.pop("meetings", []),
            "action_items": fields.pop("action_items", []),
        }
        if fields:
            raise ValueError(f"unknown fields: {sorted(fields)}")
        self.bodies.append(record)
        return record

    # --- Industrie-Dialog Region Aachen (2013, seeds 001 and 002) -----------------------

    def region(self) -> None:
        partners = (FB02, STAEDTEREGION, ZWECKVERBAND, VUV, IHK, DGB, AGIT, ARBEITSAGENTUR)
        location = {
            FB02: "Stadt Aachen, Fachbereich Wirtschaftsförderung/Europäische Angelegenheiten",
            STAEDTEREGION: "StädteRegion Aachen",
            ZWECKVERBAND: "Zweckverband Region Aachen",
            VUV: "Vereinigte Unternehmerverbände Aachen",
            IHK: "Industrie- und Handelskammer Aachen",
            DGB: "DGB-Region NRW Süd-West, Aachen",
            AGIT: "AGIT, Aachen",
            ARBEITSAGENTUR: "Agentur für Arbeit Aachen-Düren",
        }
        roles = {ZWECKVERBAND: "chair", FB02: "deputy"}
        members = [self.member(p, role=roles.get(p), start="2013-01-16") for p in partners]

        def treffen(
            number: int,
            day: str,
            host: str,
            topic: str,
            minutes: str,
            agenda: list[str],
            decisions: list[str] | None = None,
        ) -> dict:
            return self.meeting(
                f"{number}. Arbeitstreffen: {topic}",
                day,
                "10:00",
                "12:00",
                location[host],
                minutes=minutes,
                agenda=agenda,
                decisions=decisions,
            )

        meetings = [
            treffen(
                1,
                "2013-01-16",
                FB02,
                "Auftakt des Partnerkreises",
                "Die Partner verständigen sich darauf, den Industrie-Dialog Region Aachen "
                "gemeinsam zu tragen. Erste Abstimmung der Themenfelder "
                "Standortkommunikation, Fachkräfte, Innovationen und Rahmenbedingungen "
                "mit rund 30 beispielhaften Maßnahmen des Masterplans.",
                [
                    "Auftrag des Ausschusses für Arbeit, Wirtschaft und Wissenschaft vom "
                    "09.01.2013",
                    "Partnerkreis und Arbeitsweise",
                    "Themenfelder des Masterplans Industrieregion Aachen",
                ],
                [
                    "Der Arbeitskreis trifft sich in der Vorbereitungsphase etwa monatlich; "
                    "die Sitzungsorte wechseln zwischen den Partnern."
                ],
            ),
            treffen(
                2,
                "2013-02-06",
                ZWECKVERBAND,
                "Programm der Auftaktveranstaltung",
                "Entwurf des gemeinsamen Einladungsschreibens und des Programms. Das "
                "Ministerium für Arbeit, Integration und Soziales und das Ministerium für "
                "Wirtschaft, Energie, Industrie, Mittelstand und Handwerk werden um "
                "Teilnahme und gemeinsame Schirmherrschaft gebeten.",
                ["Programm der Auftaktveranstaltung", "Schirmherrschaft", "Einladungsschreiben"],
                ["Die Auftaktveranstaltung findet im Aachener Philips-Werk statt."],
            ),
            treffen(
                3,
                "2013-03-06",
                IHK,
                "Vorbereitung der Auftaktveranstaltung",
                "Ablauf und Moderation der Gesprächsrunden entlang der maßgeblichen "
                "Produktions- und Standortfaktoren; Einladung der Akteure aus Industrie, "
                "Politik, Verwaltung, Verbänden und Kammern.",
                ["Ablauf und Moderation", "Einladungsliste"],
            ),
            treffen(
                4,
                "2013-03-27",
                STAEDTEREGION,
                "Gemeinsame Erklärung",
                "Entwurf der gemeinsamen Erklärung, mit der am Ende der "
                "Auftaktveranstaltung der Fahrplan zur Erarbeitung des Masterplans "
                "festgelegt werden soll.",
                ["Gemeinsame Erklärung", "Fahrplan zum Masterplan"],
            ),
            treffen(
                5,
                "2013-05-08",
                VUV,
                "Nachbereitung der Auftaktveranstaltung",
                "Über 200 Vertreterinnen und Vertreter aus Industrie, Politik, Verwaltung, "
                "Verbänden und Kammern haben im Philips-Werk über industriefreundliche "
                "Bedingungen diskutiert. Die Anregungen werden den vier Handlungsfeldern "
                "zugeordnet.",
                ["Rückblick auf die Auftaktveranstaltung", "Zuschnitt der Handlungsfelder"],
                [
                    "Zu den Handlungsfeldern Rahmenbedingungen, Fachkräfte, Innovationen und "
                    "Technologietransfer sowie Standortkommunikation werden Arbeitsgruppen "
                    "gebildet."
                ],
            ),
            treffen(
                6,
                "2013-06-05",
                AGIT,
                "Workshopkonzept",
                "Die Arbeitsgruppen führen zielgruppengerechte, dialogorientierte "
                "Workshops mit Verantwortlichen aus Unternehmen durch, um deren "
                "individuelle Bedarfe zu ermitteln.",
                ["Workshopkonzept der Arbeitsgruppen", "Ansprache der Unternehmen"],
                [
                    "Die Partner ermitteln zunächst die aktuellen Bedarfslagen der "
                    "Industrieunternehmen; ein schriftliches Handlungskonzept ist dafür "
                    "nicht vorrangig."
                ],
            ),
            treffen(
                7,
                "2013-06-26",
                ARBEITSAGENTUR,
                "Terminplanung der Workshops",
                "Die Workshops finden von Juli bis Anfang November statt. Die Partner "
                "sprechen Unternehmen aus ihren Netzwerken gezielt an.",
                ["Terminplanung", "Moderation und Dokumentation"],
            ),
            treffen(
                8,
                "2013-07-17",
                DGB,
                "Start der Workshops",
                "Erste Workshops der Arbeitsgruppen; die aktive Beteiligung der "
                "Unternehmen ist eine wichtige Komponente, um ihre individuellen Bedarfe "
                "zu ermitteln.",
                ["Bericht aus den ersten Workshops", "Beteiligung der Beschäftigten"],
            ),
            treffen(
                9,
                "2013-08-28",
                FB02,
                "Zwischenstand der Arbeitsgruppen",
                "Namhafte Unternehmen wie auch kleinere und mittelständische Betriebe "
                "sind bereit, sich aktiv einzubringen; die unternehmerische Beteiligung "
                "ist aber noch ausbaufähig.",
                ["Berichte der vier Arbeitsgruppen", "Beteiligung der Unternehmen"],
            ),
            treffen(
                10,
                "2013-09-18",
                ZWECKVERBAND,
                "Themenmagazin",
                "Abstimmung einer Sonder-Wochenendbeilage des Zeitungsverlags Aachen, "
                "die regionale Industrieunternehmen, ihre Produkte und die Ziele des "
                "Industrie-Dialogs vorstellt.",
                ["Themenmagazin des Zeitungsverlags Aachen", "Öffentlichkeitsarbeit"],
                [
                    "Die Beilage erscheint am 23.11.2013, kurz vor dem 2. Industrie-Dialog "
                    "Region Aachen."
                ],
            ),
            treffen(
                11,
                "2013-10-16",
                IHK,
                "Vorbereitung des 2. Industrie-Dialogs",
                "Programm der öffentlichen Veranstaltung am 27.11.2013 in Stolberg mit "
                "Themeninseln, an denen sich Unternehmen für die erarbeiteten Formate "
                "gewinnen lassen.",
                ["Programm am 27.11.2013", "Themeninseln"],
            ),
            treffen(
                12,
                "2013-11-13",
                STAEDTEREGION,
                "Ergebnisse der Workshops",
                "Die Workshops sind Anfang November abgeschlossen. Die Arbeitsgruppen "
                "bereiten ihre Ergebnisse für die Präsentation am 27.11.2013 auf.",
                ["Ergebnisse der Arbeitsgruppen", "Ablauf am 27.11.2013"],
            ),
            treffen(
                13,
                "2013-12-11",
                ZWECKVERBAND,
                "Nachbereitung und Ausblick 2014",
                "Die Ergebnisse der Arbeitsgruppen wurden am 27.11.2013 in Stolberg "
                "vorgestellt. Die Lösungsansätze zeichnen sich eher durch Pragmatismus "
                "als durch einen hohen Innovationsgrad aus; gefragt sind vor allem "
                "konkrete Ansprechpartner und Kümmerer. Der Industrie-Dialog soll ab 2014 "
                "verstärkt als Dachmarke verstanden werden.",
                [
                    "Rückblick auf den 2. Industrie-Dialog",
                    "Positionspapier",
                    "Federführung ab 2014",
                    "Veranstaltungskalender 2014",
                ],
                [
                    "Der Zweckverband Region Aachen hält die Ergebnisse der Workshops und die "
                    "Diskussionsbeiträge vom 27.11.2013 in einem Positionspapier als ersten "
                    "Schritt zu einem Handlungskonzept fest.",
                    "Die operative Organisation und Federführung geht zum Jahresbeginn 2014 "
                    "vom Fachbereich Wirtschaftsförderung/Europäische Angelegenheiten der "
                    "Stadt Aachen auf den Zweckverband Region Aachen über.",
                    "Der Zweckverband organisiert einen internen Arbeitskreis-Workshop unter "
                    "Beteiligung von Unternehmen und erstellt einen Veranstaltungskalender "
                    "für 2014.",
                ],
            ),
        ]
        last = meetings[-1]["starts_at"]
        self.body(
            slug=f"{REGION}-arbeitskreis",
            initiative=REGION,
            kind="working_circle",
            name="Arbeitskreis Industrie-Dialog Region Aachen",
            short_name="Arbeitskreis",
            topic="Steuerung des regionalen Industrie-Dialogs",
            description=(
                "Arbeitskreis der Partner, die 2013 den Industrie-Dialog Region Aachen "
                "gestartet haben: die Wirtschaftsförderung der Stadt Aachen, die StädteRegion "
                "Aachen, der Zweckverband Region Aachen, die Vereinigten Unternehmerverbände "
                "Aachen, die IHK Aachen, der DGB, die AGIT und die Agentur für Arbeit "
                "Aachen-Düren. Bis Anfang 2014 tagte er in 13 Arbeitstreffen. Zum "
                "Jahresbeginn 2014 ging die operative Organisation und Federführung vom "
                "Fachbereich Wirtschaftsförderung/Europäische Angelegenheiten der Stadt Aachen "
                "auf den Zweckverband Region Aachen über; die Verbandsversammlung des "
                "Zweckverbands übernimmt dauerhaft die regionalpolitische Steuerung. Die "
                "Termine der einzelnen Arbeitstreffen und die Personen sind Beispieldaten."
            ),
            composition_rule="je eine Vertretung der acht Partnerinstitutionen",
            order=10,
            members=members,
            meetings=meetings,
            action_items=[
                self.task(
                    "Positionspapier als ersten Schritt zu einem Handlungskonzept erstellen",
                    self.who(ZWECKVERBAND),
                    "2014-06-30",
                    "in_progress",
                    "Ergebnisse der Workshops und Diskussionsbeiträge der Veranstaltung "
                    "vom 27.11.2013 in Stolberg festhalten.",
                    meeting=last,
                ),
                self.task(
                    "Internen Arbeitskreis-Workshop unter Beteiligung von Unternehmen organisieren",
                    self.who(ZWECKVERBAND),
                    "2014-06-30",
                    meeting=last,
                ),
                self.task(
                    "Veranstaltungskalender für 2014 erstellen",
                    self.who(ZWECKVERBAND),
                    "2014-03-31",
                    meeting=last,
                ),
                self.task(
                    "Öffentlichkeitsarbeit zum Industrie-Dialog verstärken",
                    self.who(FB02),
                    "2014-12-31",
                    description="In den Unternehmensbesuchen war rund die Hälfte der "
                    "Unternehmen nicht über den laufenden Prozess informiert.",
                ),
            ],
        )

        firms = self.rng.sample(self.example_firms, 8)
        groups: list[dict[str, Any]] = [
            {
                "slug": "ag-rahmenbedingungen",
                "name": "Rahmenbedingungen",
                "lead": IHK,
                "partners": (ZWECKVERBAND, STAEDTEREGION, VUV),
                "firms": firms[0:2],
                "day": "2013-09-11",
                "description": (
                    "Arbeitsgruppe zum Handlungsfeld Rahmenbedingungen (Workshops Juli bis "
                    "Anfang November 2013). Ziel ist der Ausbau von Netzwerken zu tragfähigen "
                    "Energiekooperationen an Mikrostandorten, etwa zur Nutzung individueller "
                    "Produktionsabwärme. Aus dem Workshop ging ein Symposium „Energie als "
                    "Standortfaktor“ hervor; zudem wurde ein Unternehmerbeirat als Bindeglied "
                    "zwischen Industrie, Politik und Verwaltung ins Auge gefasst."
                ),
                "minutes": (
                    "Energiekosten und Energieaudits: Nach der EU-Energieeffizienzrichtlinie "
                    "setzt der Energiesteuerausgleich ein erfolgreich durchlaufenes "
                    "Energieaudit voraus. Der finanzielle Leidensdruck ist meist noch nicht "
                    "stark genug, um Energiemanagementsysteme oder Audits einzuführen; das "
                    "Interesse an Vernetzung im Energiebereich und an Informationen von "
                    "politischer Seite ist jedoch hoch."
                ),
                "agenda": [
                    "Energiekosten als Standortfaktor",
                    "Energiekooperationen an Mikrostandorten",
                    "Verbindung zu Politik und Verwaltung",
                ],
                "decisions": [
                    "Die Themen und Ergebnisse der Diskussion werden weiterverfolgt und "
                    "bilden die Grundlage für ein Symposium zum Thema „Energie als "
                    "Standortfaktor“.",
                    "Die Einrichtung eines Unternehmerbeirats wird ins Auge gefasst, der "
                    "konkrete Bedarfs- und Problemlagen in Politik und Verwaltung einspeist.",
                ],
                "tasks": [
                    (
                        "Termin für das Symposium „Energie als Standortfaktor“ festlegen",
                        IHK,
                        "2014-03-31",
                        "open",
                        "Ein konkreter Termin in 2014 wird noch festgelegt.",
                    ),
                    (
                        "Energiekooperationen an Mikrostandorten anstoßen",
                        ZWECKVERBAND,
                        "2014-12-31",
                        "open",
                        "Unternehmen mit nutzbarer Produktionsabwärme und mögliche Abnehmer "
                        "zusammenbringen.",
                    ),
                ],
            },
            {
                "slug": "ag-fachkraefte",
                "name": "Fachkräfte",
                "lead": ARBEITSAGENTUR,
                "partners": (IHK, DGB, VUV),
                "firms": firms[2:4],
                "day": "2013-07-24",
                "description": (
                    "Arbeitsgruppe zum Handlungsfeld Fachkräfte (Workshops Juli bis Anfang "
                    "November 2013). Die Agentur für Arbeit Aachen-Düren führt "
                    "Vor-Ort-Qualifizierungsmaßnahmen bei Unternehmen der Region durch. Als "
                    "Handlungsansätze wurden die Ausbildung schwächerer Jugendlicher, die "
                    "Nachqualifizierung von Un- und Angelernten sowie die Kooperation zwischen "
                    "Unternehmen identifiziert; eine Imagebroschüre und gegebenenfalls ein "
                    "Werbefilm sollen die Unternehmen der Region als interessante Arbeitgeber "
                    "positionieren."
                ),
                "minutes": (
                    "Bedarfe der Unternehmen an Fachkräften und Auszubildenden; Angebote der "
                    "Agentur für Arbeit zur Qualifizierung im Betrieb; Möglichkeiten der "
                    "Kooperation zwischen Unternehmen bei Ausbildung und Nachqualifizierung."
                ),
                "agenda": [
                    "Qualifizierung vor Ort",
                    "Ausbildung schwächerer Jugendlicher",
                    "Arbeitgeberimage der Region",
                ],
                "decisions": [
                    "Die Agentur für Arbeit Aachen-Düren bietet Unternehmen der Region "
                    "Vor-Ort-Qualifizierungsmaßnahmen an.",
                    "Ausbildung schwächerer Jugendlicher, Nachqualifizierung von Un- und "
                    "Angelernten und die Kooperation zwischen Unternehmen werden als "
                    "Handlungsansätze weiterverfolgt.",
                ],
                "tasks": [
                    (
                        "Imagebroschüre für die Arbeitgeber der Region konzipieren",
                        IHK,
                        "2014-06-30",
                        "open",
                        "Unternehmen der Region als interessante Arbeitgeber positionieren.",
                    ),
                    (
                        "Werbefilm zur Imagebroschüre prüfen",
                        ARBEITSAGENTUR,
                        "2014-09-30",
                        "open",
                        "",
                    ),
                ],
            },
            {
                "slug": "ag-innovationen-und-technologietransfer",
                "name": "Innovationen und Technologietransfer",
                "lead": AGIT,
                "partners": (WZL, IHK, FB02),
                "firms": firms[4:6],
                "day": "2013-10-09",
                "description": (
                    "Arbeitsgruppe zum Handlungsfeld Innovationen und Technologietransfer "
                    "(Workshops Juli bis Anfang November 2013). Sie entwickelte drei "
                    "Netzwerkformate: das Unternehmensbesuchsprogramm „Hallo Nachbar“, die "
                    "„Transfer-Messe“ und das „Transfer-Café“. Der „Performance Check "
                    "Produktion“ wird in Kooperation mit dem Exzellenzcluster des "
                    "Werkzeugmaschinenlabors WZL der RWTH Aachen als kostenpflichtige "
                    "Maßnahme angeboten; auch die „Innovationslotsen“ sind zum Teil bereits "
                    "in der Umsetzung."
                ),
                "minutes": (
                    "Erste Unternehmen sind als Gastgeber für „Hallo Nachbar“ gewonnen. "
                    "Transfer-Messe und Transfer-Café werden konzeptionell weiter "
                    "konkretisiert. Viele Unternehmen sind noch zu wenig über die Forschungs- "
                    "und Entwicklungsmöglichkeiten an den Aachener Hochschulen informiert."
                ),
                "agenda": [
                    "Unternehmensbesuchsprogramm „Hallo Nachbar“",
                    "Transfer-Messe und Transfer-Café",
                    "Performance Check Produktion",
                ],
                "decisions": [
                    "Das Unternehmensbesuchsprogramm „Hallo Nachbar“ startet mit den ersten "
                    "gewonnenen Gastgeberunternehmen.",
                    "„Transfer-Messe“ und „Transfer-Café“ werden konzeptionell weiter "
                    "konkretisiert.",
                ],
                "tasks": [
                    ("Konzept für die Transfer-Messe ausarbeiten", AGIT, "2014-06-30", "open", ""),
                    (
                        "Weitere Gastgeber für „Hallo Nachbar“ gewinnen",
                        FB02,
                        "2014-03-31",
                        "in_progress",
                        "",
                    ),
                ],
            },
            {
                "slug": "ag-standortkommunikation",
                "name": "Standortkommunikation",
                "lead": STAEDTEREGION,
                "partners": (ZWECKVERBAND, VUV, FB02),
                "firms": firms[6:8],
                "day": "2013-10-30",
                "description": (
                    "Arbeitsgruppe zum Handlungsfeld Standortkommunikation (Workshops Juli "
                    "bis Anfang November 2013). Ihr wesentliches Ergebnis: Der "
                    "Industriestandort Region Aachen hat kein Akzeptanzproblem in der breiten "
                    "Bevölkerung; zu verbessern ist vielmehr die Kommunikation zwischen den "
                    "Unternehmen der Region, etwa über regionale Leistungsangebote, damit mehr "
                    "Aufträge regional vergeben werden. Entwickelt wurden das Gütesiegel "
                    "„Made in Region Aachen“, die „Lange Nacht der Industrie“, "
                    "Industrie-Botschafter und der „Industrie-Dialog – Kooperationspreis“."
                ),
                "minutes": (
                    "Die nach innen gerichtete Kommunikation zwischen den Unternehmen der "
                    "Region soll verbessert werden. Produkte: Gütesiegel nach "
                    "regionalgebundenen Kriterien wie Mitarbeiter, Zulieferer, Kunden und "
                    "Absatzmärkte; Lange Nacht der Industrie mit Rundgängen, Präsentationen "
                    "und Dialogen; Industrie-Botschafter als branchenspezifische "
                    "Repräsentanten; Kooperationspreis für regionale Zusammenarbeit."
                ),
                "agenda": [
                    "Akzeptanz des Industriestandorts",
                    "Kommunikation zwischen den Unternehmen",
                    "Gütesiegel, Lange Nacht der Industrie, Industrie-Botschafter, "
                    "Kooperationspreis",
                ],
                "decisions": [
                    "Gütesiegel „Made in Region Aachen“, „Lange Nacht der Industrie“, "
                    "Industrie-Botschafter und Kooperationspreis werden konzeptionell weiter "
                    "konkretisiert.",
                    "Vorrang hat die nach innen gerichtete Kommunikation zwischen den "
                    "Unternehmen der Region.",
                ],
                "tasks": [
                    (
                        "Kriterien für das Gütesiegel „Made in Region Aachen“ entwerfen",
                        STAEDTEREGION,
                        "2014-06-30",
                        "open",
                        "Regionalgebundene Kriterien wie Mitarbeiter, Zulieferer, Kunden und "
                        "Absatzmärkte.",
                    ),
                    (
                        "Konzept für die „Lange Nacht der Industrie“ erstellen",
                        ZWECKVERBAND,
                        "2014-09-30",
                        "open",
                        "Zielgruppen: Schüler, Studierende, Arbeits- und Ausbildungssuchende "
                        "sowie interessierte Bürger.",
                    ),
                ],
            },
        ]
        for order, group in enumerate(groups, start=11):
            start = "2013-06-05"
            members = [self.member(group["lead"], role="chair", start=start)]
            members += [self.member(p, start=start) for p in group["partners"]]
            members += [self.member(f, start=start) for f in group["firms"]]
            meeting = self.meeting(
                f"Workshop {group['name']}",
                group["day"],
                "14:00",
                "17:00",
                location[group["lead"]],
                minutes=group["minutes"],
                agenda=group["agenda"],
                decisions=group["decisions"],
            )
            self.body(
                slug=f"{REGION}-{group['slug']}",
                initiative=REGION,
                kind="working_group",
                name=f"Arbeitsgruppe {group['name']}",
                short_name=f"AG {group['name']}",
                parent=f"{REGION}-arbeitskreis",
                topic=group["name"],
                description=group["description"] + " Mitglieder und Workshoptermin sind "
                "Beispieldaten.",
                order=order,
                members=members,
                meetings=[meeting],
                action_items=[
                    self.task(title, self.who(org), due, status, text, meeting=meeting["starts_at"])
                    for title, org, due, status, text in group["tasks"]
                ],
            )

    # --- Aachener Industrie-Dialog (2014/2015, seeds 000 and 003) -----------------------

    def city(self) -> None:
        forum_slug = f"{CITY}-forum"
        named = list(NAMED_FORUM_COMPANIES)
        examples = self.rng.sample(self.example_firms, FORUM_COMPANY_SEATS - len(named))
        members = []
        chair, deputy = examples[0], examples[1]
        for slug in named:
            if slug == "3win-maschinenbau":
                # Real person; the paper names the company, not her seat: not listed.
                members.append(
                    self.member(slug, person=DAGMAR_WIRTZ, start="2014-07-01", listed=False)
                )
            else:
                members.append(self.member(slug, start="2014-07-01"))
        for slug in examples:
            role = "chair" if slug == chair else "deputy" if slug == deputy else None
            members.append(
                self.member(
                    slug,
                    role=role,
                    start=self.random_date("2014-07-01", "2015-06-15"),
                    listed=True if role else None,
                )
            )
        intermediaries = [(VUV, 0), (VUV, 1), (IHK, 0), (STAEDTEREGION, 0), (FB02, 0), (FB02, 1)]
        members += [self.member(org, seat=seat, start="2014-07-01") for org, seat in intermediaries]

        aufbruch = self.meeting(
            "AUFBRUCH 2015",
            "2015-03-24",
            "17:00",
            "20:00",
            "Philips GmbH, Aachen",
            minutes=(
                "Rund 60 Vertreterinnen und Vertreter produzierender Unternehmen aus Stadt "
                "und StädteRegion Aachen nahmen teil. Vorgestellt wurden die Möglichkeiten "
                "und Wege des Engagements im Aachener Industrie-Dialog, die zum Teil auf dem "
                "lokalen Industrie-Handlungskonzept der Stadt Aachen basieren, und das neue "
                "Gütesiegel „Made in Aachen“. Die Teilnehmenden bildeten vier "
                "Arbeitsgruppen und legten deren erste Themen fest."
            ),
            agenda=[
                "Begrüßung und Einführung in den Aachener Industrie-Dialog",
                "Möglichkeiten und Wege des Engagements",
                "Gütesiegel „Made in Aachen“",
                "Bildung der Arbeitsgruppen und ihre ersten Themen",
            ],
            decisions=[
                "Das Forum gründet vier Arbeitsgruppen: AG Kommunikation, AG Fachkräfte, "
                "AG Technologietransfer und AG CSR.",
                "Die ersten Themen der Arbeitsgruppen lauten: Industrieausstellung „Gesicht "
                "zeigen“ in Ladenlokalen der Aachener Innenstadt (AG Kommunikation), "
                "Jobticket (AG Fachkräfte), Innovationscluster (AG Technologietransfer) und "
                "Lehrerpraktikanten in der Wirtschaft (AG CSR).",
                "Die Arbeitsgruppen stellen ihre ersten Zwischenergebnisse am 24.06.2015 bei "
                "den Vereinigten Unternehmerverbänden Aachen vor.",
            ],
            example=False,
        )
        follow_up = self.meeting(
            "Folgeveranstaltung: erste Zwischenergebnisse der Arbeitsgruppen",
            "2015-06-24",
            "17:00",
            "19:30",
            "Vereinigte Unternehmerverbände Aachen",
            status="planned",
            agenda=[
                "Präsentation der ersten Zwischenergebnisse der Arbeitsgruppen",
                "Arbeitstreffen aller beteiligten und interessierten Unternehmen",
                "Gütesiegel „Made in Aachen“: nächste Schritte",
            ],
            example=False,
        )
        self.body(
            slug=forum_slug,
            initiative=CITY,
            kind="forum",
            name="Industrie-Forum",
            short_name="Forum",
            topic="Thematische Ausrichtung des Aachener Industrie-Dialogs",
            description=(
                "Das Industrie-Forum ist das Dach des Aachener Industrie-Dialogs. Seit Mitte "
                "2014 hat sich eine Gruppe engagierter Unternehmen aus dem produzierenden und "
                "verarbeitenden Gewerbe gebildet, unterstützt von Stadt und StädteRegion "
                "Aachen sowie den Vereinigten Unternehmerverbänden Aachen. Das Forum besteht "
                "aus mindestens 30 Unternehmensvertreterinnen und -vertretern, ergänzt durch "
                "Intermediäre, und stimmt über die thematische Ausrichtung des "
                "Industrie-Dialogs ab; die Themen bringen Steuerteams ein, die von "
                "thematischen Arbeitsgruppen mit der jeweiligen Projektverantwortung bedient "
                "werden. 2015 gehörten ihm über 50 Unternehmerinnen und Unternehmer an, "
                "darunter Philips, Saint-Gobain, Continental, 3win Maschinenbau, die "
                "Schreinerei Brammertz, Theod. Mahr Söhne und Ph-Mechanik. Beispieldaten sind "
                "die übrigen Unternehmen, der Vorsitz und alle Personen außer Dagmar Wirtz."
            ),
            min_company_members=30,
            composition_rule="mindestens 30 Unternehmensvertreterinnen und -vertreter, "
            "ergänzt durch Intermediäre",
            order=20,
            members=members,
            meetings=[aufbruch, follow_up],
            action_items=[
                self.task(
                    "Gütesiegel „Made in Aachen“ einführen",
                    self.who(FB02, 1),
                    "2015-12-31",
                    "in_progress",
                    "Bewerben können sich Betriebe, deren Produktion am Standort Aachen "
                    "ansässig ist, die als qualifizierte Ausbildungsbetriebe anerkannt "
                    "sind, an regionalen Kooperationen oder Projekten beteiligt sind und "
                    "sich aktiv beim Aachener Industrie-Dialog engagieren.",
                    meeting=aufbruch["starts_at"],
                ),
                self.task(
                    "Folgeveranstaltung am 24.06.2015 vorbereiten",
                    self.who(VUV),
                    "2015-06-24",
                    "in_progress",
                    "Präsentation der ersten Zwischenergebnisse und Arbeitstreffen aller "
                    "beteiligten und interessierten Unternehmen.",
                    meeting=aufbruch["starts_at"],
                ),
                self.task(
                    "Konzept für den Unternehmerbeirat ausarbeiten",
                    self.who(FB02, 1),
                    "2015-12-31",
                    "open",
                    "Ein Unternehmerbeirat, dem auch Steuerungsverantwortung für den "
                    "Aachener Industrie-Dialog übertragen werden kann.",
                ),
            ],
        )

        # Steering teams and working groups draw on the forum's example firms (the named
        # companies stay in the forum, where the paper puts them).
        pool = [slug for slug in examples if slug not in (chair, deputy)]
        self.rng.shuffle(pool)
        fields: list[dict[str, Any]] = [
            {
                "field": "Kommunikation",
                "group": "Kommunikation",
                "slug": "kommunikation",
                "topic": "Industrieausstellung „Gesicht zeigen“ in Ladenlokalen der Aachener "
                "Innenstadt",
                "with_fb02": True,
                "day": "2015-04-21",
                "team_day": "2015-05-05",
                "decisions": [
                    "Die Industrieausstellung „Gesicht zeigen“ präsentiert Aachener "
                    "Industrieunternehmen in Ladenlokalen der Innenstadt.",
                    "Die Arbeitsgruppe sammelt bis zur Folgeveranstaltung am 24.06.2015 "
                    "teilnehmende Unternehmen und mögliche Ladenlokale.",
                ],
                "tasks": [
                    (
                        "Ladenlokale in der Aachener Innenstadt für die Ausstellung anfragen",
                        "fb02",
                        "2015-06-24",
                        "in_progress",
                    ),
                    (
                        "Teilnehmende Unternehmen und Exponate sammeln",
                        "chair",
                        "2015-06-24",
                        "open",
                    ),
                ],
            },
            {
                "field": "Fachkräfte",
                "group": "Fachkräfte",
                "slug": "fachkraefte",
                "topic": "Jobticket",
                "with_fb02": False,
                "day": "2015-04-23",
                "team_day": "2015-05-07",
                "decisions": [
                    "Die Arbeitsgruppe prüft ein gemeinsames Jobticket für die Beschäftigten "
                    "der beteiligten Unternehmen.",
                    "Der Bedarf wird zunächst in den beteiligten Unternehmen abgefragt.",
                ],
                "tasks": [
                    (
                        "Bedarf an einem Jobticket in den beteiligten Unternehmen abfragen",
                        "chair",
                        "2015-06-15",
                        "in_progress",
                    ),
                    (
                        "Konditionen für ein gemeinsames Jobticket erfragen",
                        "member",
                        "2015-09-30",
                        "open",
                    ),
                ],
            },
            {
                "field": "Innovation",
                "group": "Technologietransfer",
                "slug": "technologietransfer",
                "topic": "Innovationscluster",
                "with_fb02": True,
                "day": "2015-04-28",
                "team_day": "2015-05-12",
                "decisions": [
                    "Die Arbeitsgruppe skizziert ein Innovationscluster der beteiligten "
                    "Unternehmen mit den Aachener Hochschulen.",
                    "Als Ansprechpartner für Kooperationen mit der Wissenschaft nennt jedes "
                    "Unternehmen eine Person.",
                ],
                "tasks": [
                    (
                        "Themen und Partner für das Innovationscluster sammeln",
                        "fb02",
                        "2015-06-24",
                        "in_progress",
                    ),
                    (
                        "Skizze des Innovationsclusters für das Forum erstellen",
                        "chair",
                        "2015-09-30",
                        "open",
                    ),
                ],
            },
            {
                "field": "CSR",
                "group": "CSR",
                "slug": "csr",
                "topic": "Lehrerpraktikanten in der Wirtschaft",
                "with_fb02": False,
                "day": "2015-04-30",
                "team_day": "2015-05-13",
                "decisions": [
                    "Die beteiligten Unternehmen bieten Lehrerinnen und Lehrern Praktika an, "
                    "damit sie Einblicke in die betriebliche Praxis in den Unterricht tragen.",
                    "Die Arbeitsgruppe spricht zunächst weiterführende Schulen in Aachen an.",
                ],
                "tasks": [
                    (
                        "Praktikumsplätze für Lehrkräfte in den beteiligten Unternehmen sammeln",
                        "chair",
                        "2015-06-24",
                        "in_progress",
                    ),
                    (
                        "Weiterführende Schulen für das Lehrerpraktikum ansprechen",
                        "member",
                        "2015-09-30",
                        "open",
                    ),
                ],
            },
        ]
        for index, field in enumerate(fields):
            firms = pool[index * 8 : (index + 1) * 8]
            team_slug = f"{CITY}-steuerteam-{slugify(field['field'])}"
            group_slug = f"{CITY}-ag-{field['slug']}"
            support = (FB02, 1) if field["with_fb02"] else (VUV, 1)
            team_members = [
                self.member(firms[0], role="chair", start="2015-04-01"),
                self.member(firms[1], start="2015-04-01"),
                self.member(firms[2], start="2015-04-01"),
                self.member(support[0], seat=support[1], start="2015-04-01"),
            ]
            team_meeting = self.meeting(
                f"Sitzung des Steuerteams {field['field']}",
                field["team_day"],
                "08:00",
                "09:30",
                self.organisations[firms[0]]["name"],
                minutes=f"Abstimmung mit der AG {field['group']} über den Stand ihres ersten "
                f"Themas ({field['topic']}); Vorbereitung des Berichts an das Forum.",
                agenda=[f"Bericht der AG {field['group']}", "Themen für das Industrie-Forum"],
                decisions=[
                    f"Das Steuerteam berichtet dem Forum am 24.06.2015 über den Stand "
                    f"der AG {field['group']}.",
                    f"Weitere Themenvorschläge aus dem Themenfeld {field['field']} "
                    f"sammelt das Steuerteam bis zum Herbst 2015.",
                ],
            )
            self.body(
                slug=team_slug,
                initiative=CITY,
                kind="steering_team",
                name=f"Steuerteam {field['field']}",
                short_name=f"Steuerteam {field['field']}",
                parent=forum_slug,
                topic=field["field"],
                description=(
                    f"Steuerteam für das Themenfeld {field['field']}: bringt die Themen der "
                    f"AG {field['group']} in das Industrie-Forum ein. Die Vorlage vom Sommer "
                    "2015 nennt Steuerteams, aber nicht ihren Zuschnitt; ein Steuerteam je "
                    "Themenfeld, seine Mitglieder und Sitzungen sind Beispieldaten."
                ),
                order=21 + index,
                members=team_members,
                meetings=[team_meeting],
                action_items=[
                    self.task(
                        f"Zwischenergebnisse der AG {field['group']} für das Forum aufbereiten",
                        self.who(firms[0]),
                        "2015-06-17",
                        "in_progress",
                        meeting=team_meeting["starts_at"],
                    )
                ],
            )
            group_members = [self.member(firms[2], role="chair", start="2015-03-24")]
            group_members += [self.member(slug, start="2015-03-24") for slug in firms[3:8]]
            if field["with_fb02"]:
                group_members.append(self.member(FB02, seat=1, start="2015-03-24"))
            group_meeting = self.meeting(
                f"1. Treffen der AG {field['group']}",
                field["day"],
                "16:00",
                "18:00",
                self.organisations[firms[2]]["name"],
                minutes=f"Erstes Arbeitstreffen nach AUFBRUCH 2015: Zuschnitt des ersten "
                f"Themas ({field['topic']}), Aufgabenverteilung und Zeitplan bis zur "
                "Folgeveranstaltung am 24.06.2015.",
                agenda=[
                    f"Erstes Thema: {field['topic']}",
                    "Aufgabenverteilung",
                    "Zwischenergebnisse für den 24.06.2015",
                ],
                decisions=field["decisions"],
            )
            assignees = {
                "chair": self.who(firms[2]),
                "member": self.who(firms[3]),
                "fb02": self.who(FB02, 1),
            }
            fb02_text = (
                " Der Fachbereich Wirtschaftsförderung/Europäische Angelegenheiten "
                "der Stadt Aachen beteiligt sich intensiv."
                if field["with_fb02"]
                else ""
            )
            self.body(
                slug=group_slug,
                initiative=CITY,
                kind="working_group",
                name=f"Arbeitsgruppe {field['group']}",
                short_name=f"AG {field['group']}",
                parent=team_slug,
                topic=field["topic"],
                founded_on="2015-03-24",
                description=(
                    "Am 24.03.2015 bei der Veranstaltung „AUFBRUCH 2015“ gebildet. Erstes "
                    f"Thema: {field['topic']}.{fb02_text} Mitglieder und Sitzungen sind "
                    "Beispieldaten."
                ),
                order=25 + index,
                members=group_members,
                meetings=[group_meeting],
                action_items=[
                    self.task(
                        title, assignees[who], due, status, meeting=group_meeting["starts_at"]
                    )
                    for title, who, due, status in field["tasks"]
                ],
            )

        self.body(
            slug=f"{CITY}-unternehmerbeirat",
            initiative=CITY,
            kind="advisory_board",
            name="Unternehmerbeirat",
            short_name="Unternehmerbeirat",
            status="planned",
            topic="Bindeglied zwischen Industrie, Politik und Verwaltung",
            description=(
                "Im Handlungskonzept vom März 2014 vorgesehen: ein Unternehmerbeirat, dem "
                "auch Steuerungsverantwortung für den Aachener Industrie-Dialog übertragen "
                "werden kann. Schon im regionalen Industrie-Dialog war 2013 ein "
                "Unternehmerbeirat ins Auge gefasst worden, der konkrete Bedarfs- und "
                "Problemlagen in Politik und Verwaltung einspeist und so als Bindeglied zur "
                "Industrie fungiert."
            ),
            order=30,
        )

    # --- Fachkräftestrategie (2023/24, seed 004) ---------------------------------------

    def skills(self) -> None:
        fb02_person = (FB02, 2)
        # The regional working circle on immigration, quarterly (2.1).
        members = [self.member(FB02, seat=2, role="chair", start="2024-09-12")]
        members += [
            self.member(org, start="2024-09-12")
            for org in (AUSLAENDERAMT, ARBEITSAGENTUR, JOBCENTER, IHK, HWK, ZWECKVERBAND)
        ]
        place = "Stadt Aachen, Fachbereich Wirtschaft, Wissenschaft, Digitalstadt und Europa"
        sessions: list[tuple[str, str, str, list[str], list[str]]] = [
            (
                "2024-09-12",
                "Konstituierung",
                "Ziele und Arbeitsweise des Arbeitskreises. Themenpalette: Anerkennung von "
                "Berufsabschlüssen und -erfahrungen, Arbeitsvermittlung, Standortattraktivität "
                "für Fachkräfte. Chancen des Fachkräfteeinwanderungsgesetzes.",
                ["Ziele und Arbeitsweise", "Themenpalette", "Fachkräfteeinwanderungsgesetz"],
                [
                    "Der Arbeitskreis tauscht sich quartalsweise aus; die Geschäftsführung liegt "
                    "beim Fachbereich 02."
                ],
            ),
            (
                "2024-12-12",
                "Anerkennung ausländischer Berufsqualifikationen",
                "Die Fachberatung der Handwerkskammer zur Anerkennung ausländischer "
                "Berufsabschlüsse soll in ein neues Beratungsangebot überführt und um weitere "
                "Berufsfelder erweitert werden.",
                ["Fachberatung zur Anerkennung", "Weitere Berufsfelder"],
                [
                    "Zweckverband, Handwerkskammer und Fachbereich 02 erarbeiten ein gemeinsames "
                    "Beratungsangebot zur Anerkennung ausländischer Berufsabschlüsse."
                ],
            ),
            (
                "2025-03-13",
                "Kurzvideos zur Migration",
                "Inhalte der Kurzvideos für Arbeitgeber und Arbeitnehmer: An welche Behörde "
                "wende ich mich zur Berufsanerkennung? Unter welchen Voraussetzungen erhalte ich "
                "eine Arbeitsgenehmigung? Welche Dokumente benötige ich?",
                ["Themen der Kurzvideos", "Mitwirkung der Behörden"],
                [
                    "Die ersten Kurzvideos behandeln Berufsanerkennung, Arbeitsgenehmigung und die "
                    "erforderlichen Dokumente."
                ],
            ),
            (
                "2025-06-12",
                "Beratung für Arbeitgeber",
                "Informationsmaterial und Beratungsangebot für regionale Arbeitgeber zur "
                "Einstellung ausländischen Fachpersonals, gemeinsam mit der Agentur für Arbeit.",
                ["Informationsmaterial für Arbeitgeber", "Beratungsangebot"],
                [],
            ),
            (
                "2025-09-11",
                "Standortattraktivität für Fachkräfte",
                "Die wichtigsten Stellschrauben für eine höhere Standortattraktivität; "
                "Handlungsempfehlungen an die zuständigen Stellen.",
                ["Stellschrauben der Standortattraktivität", "Handlungsempfehlungen"],
                [],
            ),
            (
                "2025-12-11",
                "Pilotprojekte",
                "Ideen für innovative Pilotprojekte, die Integration und Anwerbung vorantreiben "
                "und die Zusammenarbeit der Akteure stärken.",
                ["Ideen für Pilotprojekte", "Auswahl"],
                ["Der Arbeitskreis verfolgt zwei Pilotprojektideen weiter."],
            ),
            (
                "2026-03-12",
                "Arbeitsvermittlung",
                "Wege, Zugewanderte schneller in passende Stellen zu vermitteln; "
                "Zusammenarbeit von Agentur für Arbeit und Jobcenter.",
                ["Vermittlungswege", "Zusammenarbeit der Behörden"],
                [],
            ),
            (
                "2026-06-11",
                "Zwischenbilanz",
                "Rückblick auf die gemeinsamen Aktivitäten und Evaluation der bisherigen "
                "Maßnahmen.",
                ["Evaluation der Maßnahmen", "Anpassungen"],
                [],
            ),
            (
                "2026-09-10",
                "Planung 2027",
                "Themen und Schwerpunkte des kommenden Jahres.",
                ["Schwerpunkte 2027", "Termine"],
                ["Die Sitzungstermine 2027 werden im Dezember festgelegt."],
            ),
        ]
        meetings = [
            self.meeting(
                f"{n}. Sitzung: {title}",
                day,
                "14:00",
                "16:00",
                place,
                minutes=minutes,
                agenda=agenda,
                decisions=decisions,
            )
            for n, (day, title, minutes, agenda, decisions) in enumerate(sessions, start=1)
        ]
        meetings.append(
            self.meeting(
                f"{len(sessions) + 1}. Sitzung: Jahresplanung",
                "2026-12-10",
                "14:00",
                "16:00",
                place,
                status="planned",
                agenda=["Sitzungstermine 2027", "Bericht der Pilotprojekte"],
            )
        )
        self.body(
            slug=f"{SKILLS}-arbeitskreis-zuwanderung",
            initiative=SKILLS,
            kind="working_circle",
            name="Regionaler Arbeitskreis Integration und Anwerbung ausländischer Fachkräfte",
            short_name="Arbeitskreis Zuwanderung",
            topic="2.1 Qualifizierte Zuwanderung",
            description=(
                "Interdisziplinäres Gremium zur ganzheitlichen Integration von Zugewanderten "
                "und zur gezielten Anwerbung ausländischer Fachkräfte. Eingebunden sind die "
                "relevanten Ämter und Institutionen, die Zugewanderte beraten und betreuen. "
                "Die Themen reichen von der Anerkennung von Berufsabschlüssen und "
                "-erfahrungen über Arbeitsvermittlung bis zur Standortattraktivität für "
                "Fachkräfte; zudem will der Arbeitskreis innovative Pilotprojekte "
                "konzipieren. Ein regelmäßiger Austausch ist quartalsweise geplant. "
                "Personen und Sitzungen sind Beispieldaten."
            ),
            composition_rule="relevante Ämter und Institutionen, die Zugewanderte beraten "
            "und betreuen",
            cadence_months=3,
            order=40,
            members=members,
            meetings=meetings,
            action_items=[
                self.task(
                    "Gemeinsames Beratungsangebot zur Anerkennung ausländischer "
                    "Berufsabschlüsse konzipieren",
                    self.who(ZWECKVERBAND),
                    "2025-12-31",
                    "in_progress",
                    meeting=meetings[1]["starts_at"],
                ),
                self.task(
                    "Kurzvideos zu Berufsanerkennung, Arbeitsgenehmigung und Dokumenten "
                    "produzieren",
                    self.who(*fb02_person),
                    "2026-06-30",
                    "done",
                    meeting=meetings[2]["starts_at"],
                ),
                self.task(
                    "Informationsmaterial für Arbeitgeber zur Einstellung ausländischer "
                    "Fachkräfte erstellen",
                    self.who(ARBEITSAGENTUR),
                    "2026-12-31",
                    "in_progress",
                    meeting=meetings[3]["starts_at"],
                ),
                self.task(
                    "Handlungsempfehlungen zur Standortattraktivität formulieren",
                    self.who(*fb02_person),
                    "2027-03-31",
                    "open",
                    meeting=meetings[4]["starts_at"],
                ),
                self.task(
                    "Pilotprojekt zur Anwerbung ausländischer Fachkräfte skizzieren",
                    self.who(IHK),
                    "2027-03-31",
                    "open",
                    meeting=meetings[5]["starts_at"],
                ),
            ],
        )

        # The AKzentE4.0 network and its working circle on knowledge management (4.1, 2.5).
        network_slug = f"{SKILLS}-netzwerk-akzente40"
        firms = self.rng.sample(self.example_firms, 9)
        network_members = [
            self.member(AKZENTE, role="chair", start="2023-06-01"),
            self.member(FB02, seat=2, start="2023-06-01"),
            self.member(IHK, seat=1, start="2023-06-01"),
            # Quoted in seed 004 on the network ("in dem die Netzwerkarbeit hervorragend
            # funktioniert"); his seat and its date are assumed.
            self.member("fecken-kirfel", person=JOCHEN_KLEIN, start="2023-06-01", listed=True),
        ]
        network_members += [
            self.member(f, start=self.random_date("2023-06-01", "2025-12-31")) for f in firms[:6]
        ]
        network_meetings = [
            self.meeting(
                "Netzwerktreffen 2025",
                "2025-05-20",
                "15:00",
                "18:00",
                "OecherLab, Aachen",
                minutes="Berichte aus betriebsinternen Konsortialprojekten; die "
                "Learning-Plattform mit Videos, eLearnings und Glossar ist "
                "in Entwicklung.",
                agenda=[
                    "Berichte aus den Konsortialprojekten",
                    "Learning-Plattform",
                    "Unternehmens-Stammtisch",
                ],
                decisions=[
                    "Registrierte Unternehmen erhalten fortlaufend Updates "
                    "zu Projektergebnissen, Events und "
                    "Best-Practice-Beispielen."
                ],
            ),
            self.meeting(
                "Netzwerktreffen 2026",
                "2026-05-19",
                "15:00",
                "18:00",
                "OecherLab, Aachen",
                minutes="Menschenzentrierter Einsatz innovativer Technologie und KI: "
                "Chancen und Risiken für regionale Unternehmen; "
                "Demonstrations-Werkstätten für Beschäftigte.",
                agenda=["KI im Betrieb: Chancen und Risiken", "Demonstrations-Werkstätten"],
                decisions=[
                    "Zum Thema KI und Digitalisierung finden weiterhin "
                    "Demonstrations-Werkstätten für Beschäftigte statt."
                ],
            ),
        ]
        self.body(
            slug=network_slug,
            initiative=SKILLS,
            kind="forum",
            name="AKzentE4.0-Netzwerk Industrie 4.0",
            short_name="AKzentE4.0-Netzwerk",
            topic="4.1 Digitalisierung und Künstliche Intelligenz (KI) nutzen",
            description=(
                "Im Projekt AKzentE4.0 ist während seiner Laufzeit ein vielfältiges Netzwerk "
                "im Bereich Industrie 4.0 entstanden, mit Akteurinnen und Akteuren aus "
                "Wirtschaft, Wissenschaft und Verwaltung. Durch gezielte Öffentlichkeitsarbeit "
                "wächst der Verbund über die geförderten Projektpartner hinaus und bietet "
                "regionalen Unternehmen die Möglichkeit zur Vernetzung bei Treffen, "
                "Arbeitskreisen und Unternehmens-Stammtischen. Mitglieder außer der "
                "Fecken-Kirfel GmbH & Co. KG und Sitzungen sind Beispieldaten."
            ),
            order=41,
            members=network_members,
            meetings=network_meetings,
            action_items=[
                self.task(
                    "Learning-Plattform für produzierende KMU freischalten",
                    self.who(AKZENTE),
                    "2026-12-31",
                    "in_progress",
                    "Lerninhalte zu KI-Einsatz, Change-Prozessen, Arbeitsbedingungen "
                    "und Train-the-Trainer-Schulungen.",
                    meeting=network_meetings[0]["starts_at"],
                ),
                self.task(
                    "Unternehmens-Stammtisch im Frühjahr 2027 organisieren",
                    self.who(*fb02_person),
                    "2027-03-31",
                    "open",
                    meeting=network_meetings[1]["starts_at"],
                ),
            ],
        )
        circle_members = [
            self.member(AKZENTE, role="chair", start="2024-03-01"),
            self.member(FB02, seat=2, start="2024-03-01"),
        ]
        circle_members += [self.member(f, start="2024-03-01") for f in firms[5:9]]
        circle_meetings = [
            self.meeting(
                "Arbeitskreis Wissensmanagement: Auftakt",
                "2025-10-14",
                "10:00",
                "12:30",
                "OecherLab, Aachen",
                minutes="Vorstellung der Pilotprojekte: Wie lässt sich das Wissen "
                "erfahrener Beschäftigter vor dem Ruhestand digital erfassen?",
                agenda=["Vorstellung der Pilotprojekte", "Werkzeuge und Formate"],
                decisions=[
                    "Jedes Pilotunternehmen benennt einen Arbeitsbereich, in "
                    "dem Erfahrungswissen zuerst erfasst wird."
                ],
            ),
            self.meeting(
                "Arbeitskreis Wissensmanagement: Erfahrungsaustausch",
                "2026-04-21",
                "10:00",
                "12:30",
                "OecherLab, Aachen",
                minutes="Erste Ergebnisse der Pilotprojekte; Hürden bei der "
                "Dokumentation und Akzeptanz in den Belegschaften.",
                agenda=["Erste Ergebnisse", "Akzeptanz in den Belegschaften"],
                decisions=[
                    "Die Erfahrungen der Pilotprojekte werden in einem "
                    "Leitfaden für weitere Unternehmen gebündelt."
                ],
            ),
        ]
        self.body(
            slug=f"{SKILLS}-arbeitskreis-wissensmanagement",
            initiative=SKILLS,
            kind="working_circle",
            name="Arbeitskreis Wissensmanagement",
            short_name="AK Wissensmanagement",
            parent=network_slug,
            topic="2.5 Erhöhung der Erwerbsbeteiligung von älteren Fachkräften",
            description=(
                "Arbeitskreis des AKzentE4.0-Projekts, in dem verschiedene Pilotprojekte "
                "dabei unterstützt werden, das Wissen erfahrener Mitarbeiterinnen und "
                "Mitarbeiter digital zu erfassen und für die nachkommende Generation abrufbar "
                "zu machen. Mitglieder und Sitzungen sind Beispieldaten."
            ),
            order=42,
            members=circle_members,
            meetings=circle_meetings,
            action_items=[
                self.task(
                    "Leitfaden aus den Erfahrungen der Pilotprojekte erstellen",
                    self.who(AKZENTE),
                    "2027-01-31",
                    "open",
                    meeting=circle_meetings[1]["starts_at"],
                ),
            ],
        )

        # The steering circle of the Kompetenzzentrum Frau und Beruf (2.4).
        steering_members = [
            self.member(FRAU_UND_BERUF, role="chair", start="2023-09-01"),
            self.member(FB02, seat=2, start="2023-09-01"),
            self.member(STAEDTEREGION, seat=1, start="2023-09-01"),
            self.member(GLEICHSTELLUNG, start="2023-09-01"),
            self.member(ARBEITSAGENTUR, seat=1, start="2023-09-01"),
            self.member(IHK, seat=1, start="2023-09-01"),
        ]
        steering_meetings = [
            self.meeting(
                "Sitzung des Lenkungskreises",
                "2025-11-05",
                "09:30",
                "11:30",
                "Kompetenzzentrum Frau und Beruf Region Aachen",
                minutes="Rückblick auf die Mentoring-Runde von TaRA; "
                "Öffentlichkeitsarbeit und Vernetzungsaktivitäten für die "
                "nächste Runde.",
                agenda=["TaRA – Mentoring im Tandem", "Öffentlichkeitsarbeit"],
                decisions=[
                    "Die Partner bewerben die nächste TaRA-Runde gemeinsam in ihren Netzwerken."
                ],
            ),
            self.meeting(
                "Sitzung des Lenkungskreises",
                "2026-05-06",
                "09:30",
                "11:30",
                "Kompetenzzentrum Frau und Beruf Region Aachen",
                minutes="Teilzeitquote der Frauen und Vereinbarkeit von Familie und "
                "Beruf; flexible Arbeitsmodelle in den Betrieben.",
                agenda=["Aktivierung der stillen Reserve", "Familienfreundliche Unternehmen"],
                decisions=[
                    "Eine Informationsveranstaltung zu flexiblen "
                    "Arbeitsmodellen für Unternehmen wird vorbereitet."
                ],
            ),
        ]
        self.body(
            slug=f"{SKILLS}-lenkungskreis-frau-und-beruf",
            initiative=SKILLS,
            kind="steering_team",
            name="Lenkungskreis des Kompetenzzentrums Frau und Beruf Region Aachen",
            short_name="Lenkungskreis Frau und Beruf",
            topic="2.4 Erhöhung des Arbeitsvolumens von Teilzeitbeschäftigten und Ansprache "
            "der „stillen Reserve“",
            description=(
                "Lenkungskreis des Kompetenzzentrums Frau und Beruf der Stadt Aachen und der "
                "StädteRegion Aachen. Der Fachbereich 02 nimmt aktiv teil und unterstützt die "
                "Aktivitäten des Kompetenzzentrums, etwa das Programm TaRA – „Mentoring im "
                "Tandem in der Region Aachen für qualifizierte zugewanderte Frauen“, "
                "insbesondere in der Öffentlichkeitsarbeit und bei Vernetzungsaktivitäten. "
                "Die übrigen Mitglieder und die Sitzungen sind Beispieldaten."
            ),
            order=43,
            members=steering_members,
            meetings=steering_meetings,
            action_items=[
                self.task(
                    "Öffentlichkeitsarbeit für die nächste TaRA-Runde unterstützen",
                    self.who(*fb02_person),
                    "2027-01-31",
                    "open",
                    meeting=steering_meetings[0]["starts_at"],
                ),
                self.task(
                    "Informationsveranstaltung zu flexiblen Arbeitsmodellen vorbereiten",
                    self.who(FRAU_UND_BERUF),
                    "2027-02-28",
                    "open",
                    meeting=steering_meetings[1]["starts_at"],
                ),
            ],
        )

    # --- checks ------------------------------------------------------------------------

    def check(self) -> None:
        """Fail before writing if a reference does not resolve."""
        slugs = [body["slug"] for body in self.bodies]
        assert len(slugs) == len(set(slugs)), "body slugs must be unique"
        people: dict[str, dict] = {}
        for body in self.bodies:
            assert body["initiative"] in self.initiatives, body["initiative"]
            assert body["parent"] is None or body["parent"] in slugs, body["parent"]
            seated = set()
            for member in body["members"]:
                assert member["organisation"] in self.organisations, member["organisation"]
                person = member["person"]
                slug = person if isinstance(person, str) else person["slug"]
                assert slug not in seated, f"{slug} twice in {body['slug']}"
                seated.add(slug)
            starts = {m["starts_at"] for m in body["meetings"]}
            assert len(starts) == len(body["meetings"]), body["slug"]
            for item in body["action_items"]:
                assert item.get("meeting") in (None, *starts), item["title"]
            for person in [m["person"] for m in body["members"]] + [
                i["assignee"] for i in body["action_items"]
            ]:
                if isinstance(person, str):
                    assert person in self.real_people, person
                else:
                    # The loader upserts each appearance: they must agree.
                    assert people.setdefault(person["slug"], person) == person, person

    def build(self) -> list[dict[str, Any]]:
        self.region()
        self.city()
        self.skills()
        self.check()
        return self.bodies


def main() -> None:
    bodies = Builder().build()
    OUTPUT.write_text(json.dumps(bodies, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    members = sum(len(b["members"]) for b in bodies)
    meetings = sum(len(b["meetings"]) for b in bodies)
    print(
        f"{OUTPUT.relative_to(ROOT)}: {len(bodies)} Gremien, {members} Mitgliedschaften, "
        f"{meetings} Sitzungen"
    )


if __name__ == "__main__":
    main()
