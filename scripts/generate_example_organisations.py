#!/usr/bin/env python3
"""Write the example firms of the Aachen data set.

The seeds say that the city of Aachen has 160 industrial firms (WZ 2008 sections B–E).
The register names only a few of them; this script adds fictional but realistic example
firms until the city holds exactly 160 industrial firms, plus a number of example firms
of other kinds (crafts, services, IT) so that the register is not all industry.

Every example firm gets an employee count inside its size band (`employee_count`), drawn
from a generator of its own per firm; the named (real) firms keep no count, and the
economic structure view estimates theirs from the band.

Every generated record is flagged `is_example_data` and tagged "Beispieldaten". The names
are invented; none is meant to be a real firm. The output is deterministic: the same
organisations.json gives the same example_organisations.json on every run.

Usage:  python3 scripts/generate_example_organisations.py
"""

from __future__ import annotations

import json
import math
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "src" / "industriedialog" / "actors" / "data" / "aachen"
NAMED_FILE = DATA_DIR / "organisations.json"
OUTPUT_FILE = DATA_DIR / "example_organisations.json"

SEED = 2014
INDUSTRIAL_TARGET = 160  # industrial firms (WZ sections B–E) in the city, per seed 002
SERVICE_COUNT = 25
CITY = "Aachen"
MUNICIPALITY_KEY = "05334002"  # AGS Stadt Aachen
INDUSTRIAL_SECTIONS = ("B", "C", "D", "E")

BANDS = ("1-9", "10-49", "50-249", "250-999", "1000+")
BAND_SHARES = {"1-9": 0.15, "10-49": 0.45, "50-249": 0.25, "250-999": 0.12, "1000+": 0.03}
TRAINING_PROBABILITY = {"1-9": 0.2, "10-49": 0.55, "50-249": 0.75, "250-999": 0.95, "1000+": 1.0}
# The employee counts each band covers; the open band "1000+" is capped for the examples.
BAND_RANGES = {
    "1-9": (1, 9),
    "10-49": (10, 49),
    "50-249": (50, 249),
    "250-999": (250, 999),
    "1000+": (1000, 2400),
}
LEGAL_FORMS_BY_BAND = {
    "1-9": (("GmbH", 55), ("e.K.", 35), ("KG", 10)),
    "10-49": (("GmbH", 60), ("GmbH & Co. KG", 25), ("KG", 8), ("e.K.", 7)),
    "50-249": (("GmbH", 50), ("GmbH & Co. KG", 40), ("KG", 5), ("AG", 5)),
    "250-999": (("GmbH", 45), ("GmbH & Co. KG", 35), ("AG", 20)),
    "1000+": (("AG", 50), ("GmbH & Co. KG", 30), ("GmbH", 20)),
}

# Streets of Aachen's commercial and industrial areas with their postal code, a plausible
# range of house numbers and a weight (short streets get fewer firms).
STREETS = (
    ("Neuenhofstraße", "52078", 1, 190, 3),
    ("Pascalstraße", "52076", 1, 120, 3),
    ("Charlottenburger Allee", "52068", 1, 80, 3),
    ("Trierer Straße", "52078", 600, 840, 2),
    ("Jülicher Straße", "52070", 150, 300, 3),
    ("Krefelder Straße", "52070", 120, 230, 3),
    ("Philipsstraße", "52068", 1, 20, 1),
    ("Dresdener Straße", "52068", 5, 60, 2),
    ("Eisenbahnweg", "52068", 1, 120, 3),
    ("Rotter Bruch", "52068", 1, 40, 2),
    ("Hergelsbendenstraße", "52080", 1, 60, 2),
    ("Am Gut Wolf", "52070", 1, 20, 1),
    ("Auf der Hüls", "52068", 100, 210, 3),
    ("Grüner Weg", "52070", 1, 120, 3),
    ("Kackertstraße", "52072", 1, 20, 1),
)

SURNAMES = (
    "Kaiser",
    "Brandt",
    "Lorenz",
    "Hartmann",
    "Vogt",
    "Winter",
    "Seidel",
    "Kessler",
    "Pohl",
    "Franke",
    "Albrecht",
    "Busch",
    "Sauer",
    "Ludwig",
    "Engel",
    "Haas",
    "Jung",
    "Möller",
    "Krämer",
    "Graf",
    "Schuster",
    "Böhm",
    "Arnold",
    "Roth",
    "Beck",
    "Lehmann",
    "Horn",
    "Thiel",
    "Ernst",
    "Berg",
    "Pieper",
    "Kuhn",
    "Schulte",
    "Heinen",
    "Offermann",
    "Dreesen",
    "Lennartz",
    "Kreutz",
    "Jansen",
    "Thelen",
    "Bündgens",
    "Cremer",
    "Rademacher",
    "Mertens",
    "Kever",
    "Schmitz",
    "Hermanns",
    "Vossen",
    "Gielen",
    "Pütz",
    "Frings",
    "Houben",
    "Kaulen",
    "Lürken",
    "Savelsberg",
    "Wetzels",
    "Bongartz",
    "Coenen",
    "Dohmen",
    "Emonts",
    "Hendriks",
    "Kohnen",
    "Paffen",
    "Quadflieg",
    "Reinartz",
    "Stollenwerk",
    "Tillmanns",
    "Vonhoegen",
)
PLACES = (
    "Oecher",
    "Lousberg",
    "Soers",
    "Wurmtal",
    "Haarener",
    "Eilendorfer",
    "Brander",
    "Burtscheider",
    "Forster",
    "Laurensberger",
    "Richtericher",
    "Dreiländer",
    "Euregio",
    "Inde",
    "Pau",
    "Frankenberger",
    "Westpark",
    "Ponttor",
)
# Parts of real firm names of the region that an example name must never contain.
BLOCKLIST = (
    "Lambertz",
    "Lindt",
    "Zentis",
    "Nobis",
    "Kohl",
    "Moss",
    "Talbot",
    "Schumag",
    "Krantz",
    "Kinkartz",
    "Babor",
    "Aixtron",
    "Grünenthal",
    "Junker",
    "Mahr",
    "Kirfel",
    "Fecken",
    "Brammertz",
    "Korr",
    "Wirtz",
    "Philips",
    "Saint-Gobain",
    "Continental",
    "Schlafhorst",
    "Lammerskötter",
    "Heinhuis",
    "Ph-Mechanik",
    "3win",
)
# Name stems that read naturally in front of the owner's name ("Metallbau Lorenz").
FRONT_STEMS = {
    "Metallbau",
    "Stahlbau",
    "Werkzeugbau",
    "Formenbau",
    "Gießerei",
    "Maschinenfabrik",
    "Schaltanlagenbau",
    "Großbäckerei",
    "Brauerei",
    "Kaffeerösterei",
    "Confiserie",
    "Lackfabrik",
    "Druckerei",
    "Betonwerk",
    "Möbelwerkstätten",
    "Elektrotechnik",
    "Malerbetrieb",
    "Bedachungen",
    "Autoservice",
    "Spedition",
    "Gebäudeservice",
}

# Industrial branches: WZ 2008 class, weight, largest plausible employee band, name stems,
# descriptions (verb phrases), tags, production site in the city.
INDUSTRIAL = (
    # Metal
    (
        "25.62",
        8,
        "1000+",
        ("Präzisionsteile", "Zerspanungstechnik", "CNC-Technik", "Drehteile", "Feinmechanik"),
        (
            "fertigt CNC-Dreh- und Frästeile in Klein- und Mittelserien für den Maschinen- und "
            "Anlagenbau.",
            "bearbeitet Präzisionsbauteile aus Stahl, Aluminium und Edelstahl "
            "nach Kundenzeichnung.",
            "fertigt Präzisionsdrehteile und einbaufertige Baugruppen für die Medizin- und "
            "Antriebstechnik.",
        ),
        ("Metallverarbeitung", "Zerspanung"),
        True,
    ),
    (
        "25.11",
        5,
        "250-999",
        ("Metallbau", "Stahlbau"),
        (
            "plant und fertigt Stahlkonstruktionen, Hallen und Treppenanlagen für Gewerbe und "
            "Industrie.",
            "fertigt Metallbaukonstruktionen, Geländer und Fassadenelemente aus Stahl und "
            "Aluminium.",
        ),
        ("Metallverarbeitung", "Stahl- und Metallbau"),
        True,
    ),
    (
        "25.50",
        3,
        "1000+",
        ("Stanztechnik", "Umformtechnik", "Blechbearbeitung"),
        (
            "fertigt Stanz- und Biegeteile aus Blech in großen Serien für die Automobil- und "
            "Elektroindustrie.",
            "stellt Tiefzieh- und Umformteile aus Stahl- und Edelstahlblech her.",
        ),
        ("Metallverarbeitung", "Umformtechnik"),
        True,
    ),
    (
        "25.61",
        3,
        "250-999",
        ("Oberflächentechnik", "Galvanotechnik", "Härtetechnik"),
        (
            "veredelt Metallteile durch galvanische Beschichtung und Pulverbeschichtung.",
            "härtet und beschichtet Bauteile für Werkzeug- und Maschinenbauer aus der Region.",
        ),
        ("Metallverarbeitung", "Oberflächentechnik"),
        True,
    ),
    (
        "25.73",
        3,
        "250-999",
        ("Werkzeugbau", "Formenbau"),
        (
            "konstruiert und baut Spritzgieß- und Stanzwerkzeuge für die Kunststoff- und "
            "Metallindustrie.",
            "fertigt Schneid- und Umformwerkzeuge sowie Vorrichtungen im Einzelauftrag.",
        ),
        ("Metallverarbeitung", "Werkzeugbau"),
        True,
    ),
    (
        "25.99",
        2,
        "250-999",
        ("Metallwaren", "Drahtwaren", "Federntechnik"),
        ("stellt Drahtbiegeteile, Federn und Kleinmetallwaren für die Industrie her.",),
        ("Metallverarbeitung",),
        True,
    ),
    (
        "24.54",
        2,
        "250-999",
        ("Feinguss", "Gießerei", "Gusstechnik"),
        (
            "gießt Feinguss- und Sandgussteile aus Aluminium- und Kupferlegierungen.",
            "fertigt Gussteile aus Leicht- und Buntmetall für den Maschinen- und Fahrzeugbau.",
        ),
        ("Metallverarbeitung", "Gießerei"),
        True,
    ),
    # Machinery
    (
        "28.41",
        4,
        "1000+",
        ("Werkzeugmaschinen", "Maschinenfabrik", "Schleiftechnik"),
        (
            "baut Fräs- und Schleifmaschinen für die Metallbearbeitung.",
            "entwickelt und fertigt Werkzeugmaschinen für die Bearbeitung großer Metallbauteile.",
        ),
        ("Maschinenbau", "Werkzeugmaschinen"),
        True,
    ),
    (
        "28.99",
        5,
        "1000+",
        ("Sondermaschinenbau", "Automation", "Anlagenbau"),
        (
            "konstruiert und baut Sondermaschinen und Montageanlagen für die Automobil- und "
            "Konsumgüterindustrie.",
            "entwickelt automatisierte Prüf- und Montagelinien im Kundenauftrag.",
        ),
        ("Maschinenbau", "Sondermaschinenbau"),
        True,
    ),
    (
        "28.22",
        3,
        "1000+",
        ("Fördertechnik", "Hebetechnik"),
        ("stellt Förderbänder, Rollenbahnen und Hebezeuge für Produktion und Logistik her.",),
        ("Maschinenbau", "Fördertechnik"),
        True,
    ),
    (
        "28.29",
        3,
        "250-999",
        ("Filtertechnik", "Verfahrenstechnik", "Dosiertechnik"),
        (
            "fertigt Filter- und Abscheideanlagen für industrielle Prozessluft.",
            "baut Misch- und Dosieranlagen für die Chemie- und Lebensmittelindustrie.",
        ),
        ("Maschinenbau", "Verfahrenstechnik"),
        True,
    ),
    (
        "28.15",
        2,
        "1000+",
        ("Antriebstechnik", "Getriebebau"),
        ("fertigt Getriebe, Kupplungen und Antriebskomponenten für den Maschinenbau.",),
        ("Maschinenbau", "Antriebstechnik"),
        True,
    ),
    (
        "28.13",
        2,
        "250-999",
        ("Pumpentechnik", "Kompressorenbau"),
        ("stellt Kreisel- und Dosierpumpen für Industrie und Wasserwirtschaft her.",),
        ("Maschinenbau", "Pumpen"),
        True,
    ),
    (
        "28.93",
        2,
        "250-999",
        ("Lebensmittelmaschinen", "Backtechnik"),
        (
            "baut Maschinen zur Teigverarbeitung und Dekoration für Bäckereien und die "
            "Süßwarenindustrie.",
        ),
        ("Maschinenbau", "Lebensmitteltechnik"),
        True,
    ),
    (
        "28.25",
        1,
        "250-999",
        ("Lufttechnik", "Kältetechnik"),
        ("fertigt Lüftungsgeräte und Kälteanlagen für Industrie- und Gewerbebauten.",),
        ("Maschinenbau", "Lüftungs- und Kältetechnik"),
        True,
    ),
    # Electrical engineering and electronics
    (
        "27.12",
        3,
        "250-999",
        ("Schaltanlagenbau", "Steuerungstechnik"),
        (
            "plant und baut Niederspannungs-Schaltanlagen und Steuerungsschränke.",
            "fertigt Schaltschränke und Energieverteilungen für Industrie und Gebäudetechnik.",
        ),
        ("Elektrotechnik", "Schaltanlagen"),
        True,
    ),
    (
        "27.11",
        2,
        "1000+",
        ("Elektromaschinenbau", "Motorenbau", "Transformatorenbau"),
        ("fertigt Elektromotoren und Transformatoren in kleinen Serien.",),
        ("Elektrotechnik", "Elektromaschinen"),
        True,
    ),
    (
        "27.90",
        2,
        "250-999",
        ("Energietechnik", "Ladetechnik"),
        ("stellt Ladeinfrastruktur und Stromversorgungen für Industrieanwendungen her.",),
        ("Elektrotechnik", "Energietechnik"),
        True,
    ),
    (
        "26.51",
        4,
        "1000+",
        ("Messtechnik", "Sensorik", "Prüftechnik"),
        (
            "entwickelt und fertigt Sensoren und Messsysteme für die industrielle "
            "Prozessüberwachung.",
            "baut Prüfstände und Messgeräte für Labor und Produktion.",
        ),
        ("Elektronik", "Messtechnik"),
        True,
    ),
    (
        "26.12",
        2,
        "250-999",
        ("Elektronik", "Elektronikfertigung"),
        ("bestückt Leiterplatten und fertigt elektronische Baugruppen im Kundenauftrag.",),
        ("Elektronik", "Elektronikfertigung"),
        True,
    ),
    (
        "26.11",
        1,
        "250-999",
        ("Optoelektronik", "Photonik"),
        ("fertigt optoelektronische Bauelemente und Laserdioden für Industrie und Forschung.",),
        ("Elektronik", "Photonik"),
        True,
    ),
    (
        "26.60",
        1,
        "250-999",
        ("Medizinelektronik", "Medizintechnik"),
        ("entwickelt und fertigt elektromedizinische Geräte für Kliniken und Praxen.",),
        ("Medizintechnik", "Elektronik"),
        True,
    ),
    (
        "27.40",
        1,
        "250-999",
        ("Lichttechnik", "Leuchtenbau"),
        ("entwickelt und fertigt LED-Leuchten für Industriehallen und den öffentlichen Raum.",),
        ("Elektrotechnik", "Lichttechnik"),
        True,
    ),
    # Food and beverages
    (
        "10.71",
        3,
        "250-999",
        ("Backwaren", "Großbäckerei", "Brotmanufaktur"),
        ("backt Brot, Brötchen und Feingebäck für eigene Filialen und den Lebensmittelhandel.",),
        ("Lebensmittel", "Backwaren"),
        True,
    ),
    (
        "10.72",
        2,
        "1000+",
        ("Printenbäckerei", "Feinbackwaren", "Gebäckmanufaktur"),
        (
            "stellt Aachener Printen und weiteres Dauergebäck für Handel und Versand her.",
            "backt Spekulatius, Lebkuchen und Kekse für den Lebensmitteleinzelhandel.",
        ),
        ("Lebensmittel", "Dauerbackwaren"),
        True,
    ),
    (
        "10.82",
        2,
        "1000+",
        ("Confiserie", "Schokoladenmanufaktur"),
        ("produziert Pralinen, Schokoladenspezialitäten und Saisonartikel.",),
        ("Lebensmittel", "Süßwaren"),
        True,
    ),
    (
        "10.13",
        1,
        "250-999",
        ("Fleischwaren", "Feinkost"),
        ("stellt Wurst- und Fleischwaren für Metzgereien und Großverbraucher her.",),
        ("Lebensmittel", "Fleischverarbeitung"),
        True,
    ),
    (
        "10.83",
        1,
        "50-249",
        ("Kaffeerösterei",),
        ("röstet Kaffee für Gastronomie, Büros und den eigenen Versandhandel.",),
        ("Lebensmittel", "Kaffee"),
        True,
    ),
    (
        "11.05",
        1,
        "250-999",
        ("Brauerei", "Brauhaus"),
        ("braut ober- und untergärige Biere für Gastronomie und Handel in der Region.",),
        ("Getränke", "Brauerei"),
        True,
    ),
    # Plastics and rubber
    (
        "22.29",
        4,
        "1000+",
        ("Kunststofftechnik", "Spritzgusstechnik", "Kunststoffverarbeitung"),
        (
            "fertigt technische Spritzgussteile aus Kunststoff für die Automobil- und "
            "Elektroindustrie.",
            "stellt Kunststoffformteile und Baugruppen für Medizintechnik und Maschinenbau her.",
        ),
        ("Kunststoffverarbeitung", "Spritzguss"),
        True,
    ),
    (
        "22.21",
        2,
        "250-999",
        ("Profiltechnik", "Extrusionstechnik"),
        ("extrudiert Kunststoffprofile, Platten und Schläuche für Bau und Industrie.",),
        ("Kunststoffverarbeitung", "Extrusion"),
        True,
    ),
    (
        "22.22",
        1,
        "250-999",
        ("Verpackungstechnik", "Folientechnik"),
        ("stellt Kunststoffverpackungen und Folien für die Lebensmittelindustrie her.",),
        ("Kunststoffverarbeitung", "Verpackung"),
        True,
    ),
    (
        "22.19",
        1,
        "250-999",
        ("Gummitechnik", "Dichtungstechnik"),
        ("fertigt Dichtungen und Formteile aus Gummi und Elastomeren.",),
        ("Kunststoffverarbeitung", "Gummiwaren"),
        True,
    ),
    # Chemicals and pharmaceuticals
    (
        "20.59",
        2,
        "1000+",
        ("Spezialchemie", "Chemie"),
        ("stellt Spezialchemikalien, Klebstoffe und Prozesshilfsmittel für die Industrie her.",),
        ("Chemie",),
        True,
    ),
    (
        "20.30",
        2,
        "250-999",
        ("Lackfabrik", "Beschichtungen"),
        ("produziert Industrielacke und Beschichtungsstoffe für Metall und Holz.",),
        ("Chemie", "Lacke"),
        True,
    ),
    (
        "20.41",
        1,
        "250-999",
        ("Reinigungstechnik", "Hygienechemie"),
        ("stellt Reinigungs- und Desinfektionsmittel für Gewerbe und Industrie her.",),
        ("Chemie", "Reinigungsmittel"),
        True,
    ),
    (
        "21.20",
        1,
        "1000+",
        ("Pharma", "Arzneimittelwerk"),
        ("entwickelt und fertigt pharmazeutische Spezialitäten und Wirkstoffzubereitungen.",),
        ("Chemie", "Pharma"),
        True,
    ),
    # Other manufacturing
    (
        "13.96",
        2,
        "250-999",
        ("Textiltechnik", "Vliesstoffe"),
        ("fertigt technische Textilien und Vliesstoffe für Filtration und Fahrzeugbau.",),
        ("Textil", "Technische Textilien"),
        True,
    ),
    (
        "29.32",
        2,
        "1000+",
        ("Fahrzeugtechnik", "Automotive-Komponenten"),
        ("fertigt Komponenten und Baugruppen für Fahrzeuginnenraum und Antriebsstrang.",),
        ("Automobilzulieferer", "Fahrzeugteile"),
        True,
    ),
    (
        "32.50",
        2,
        "250-999",
        ("Medizintechnik", "Dentaltechnik"),
        ("fertigt chirurgische Instrumente und Implantatkomponenten für die Medizintechnik.",),
        ("Medizintechnik",),
        True,
    ),
    (
        "18.12",
        1,
        "250-999",
        ("Druckerei", "Druck und Medien"),
        ("druckt Geschäftsdrucksachen, Kataloge und Verpackungen im Offset- und Digitaldruck.",),
        ("Druck",),
        True,
    ),
    (
        "17.21",
        1,
        "250-999",
        ("Wellpappe", "Kartonagen"),
        ("stellt Verpackungen aus Wellpappe und Karton für die Industrie her.",),
        ("Papier und Verpackung",),
        True,
    ),
    (
        "16.23",
        1,
        "50-249",
        ("Holzbau", "Fensterbau"),
        ("fertigt Holzfenster, Türen und Innenausbauelemente.",),
        ("Holzverarbeitung",),
        True,
    ),
    (
        "31.09",
        1,
        "250-999",
        ("Möbelwerkstätten", "Objekteinrichtungen"),
        ("fertigt Büro- und Objektmöbel nach Maß.",),
        ("Möbel", "Holzverarbeitung"),
        True,
    ),
    (
        "23.61",
        1,
        "250-999",
        ("Betonwerk", "Betonfertigteile"),
        ("produziert Betonfertigteile und Pflastersteine für den Hoch- und Tiefbau.",),
        ("Baustoffe",),
        True,
    ),
    (
        "33.12",
        2,
        "250-999",
        ("Industrieservice", "Maschinenservice"),
        (
            "repariert und wartet Werkzeugmaschinen und Produktionsanlagen bei Kunden in der "
            "Region.",
        ),
        ("Instandhaltung", "Maschinenbau"),
        False,
    ),
    (
        "33.20",
        1,
        "250-999",
        ("Industriemontage", "Montagetechnik"),
        ("montiert und installiert Maschinen und Produktionsanlagen für Industriekunden.",),
        ("Instandhaltung", "Montage"),
        False,
    ),
    # Energy supply, waste management
    (
        "35.30",
        1,
        "250-999",
        ("Energie", "Wärmeversorgung"),
        ("betreibt Blockheizkraftwerke und versorgt Gewerbegebiete mit Wärme und Strom.",),
        ("Energieversorgung",),
        True,
    ),
    (
        "38.32",
        1,
        "250-999",
        ("Recycling", "Rohstoffrückgewinnung"),
        ("sortiert Metall- und Kunststoffabfälle und bereitet sie für das Recycling auf.",),
        ("Recycling", "Entsorgung"),
        True,
    ),
)

# Other firms (WZ sections F–N), one each.
SERVICES = (
    (
        "43.21",
        ("Elektrotechnik",),
        "übernimmt Elektroinstallationen in Gewerbe- und Industriebauten und prüft elektrische "
        "Anlagen.",
        ("Handwerk", "Elektroinstallation"),
    ),
    (
        "43.22",
        ("Haustechnik",),
        "plant und installiert Heizungs-, Sanitär- und Lüftungsanlagen.",
        ("Handwerk", "Sanitär, Heizung, Klima"),
    ),
    (
        "43.32",
        ("Innenausbau",),
        "führt Innenausbau- und Bautischlerarbeiten für Büros, Praxen und Ladenlokale aus.",
        ("Handwerk", "Innenausbau"),
    ),
    (
        "43.34",
        ("Malerbetrieb",),
        "übernimmt Maler-, Lackier- und Fassadenarbeiten für private und gewerbliche Kunden.",
        ("Handwerk", "Malerarbeiten"),
    ),
    (
        "43.91",
        ("Bedachungen",),
        "deckt und saniert Dächer und montiert Photovoltaikanlagen.",
        ("Handwerk", "Dachdeckerei", "Solar"),
    ),
    (
        "41.20",
        ("Bauunternehmung",),
        "errichtet Wohn- und Gewerbebauten als Generalunternehmer.",
        ("Bau",),
    ),
    (
        "45.20",
        ("Autoservice",),
        "repariert und wartet Pkw und leichte Nutzfahrzeuge aller Marken.",
        ("Handwerk", "Kfz-Werkstatt"),
    ),
    (
        "46.69",
        ("Industriebedarf",),
        "handelt mit Werkzeugmaschinen, Zubehör und Ersatzteilen für Industriebetriebe.",
        ("Großhandel", "Industriebedarf"),
    ),
    (
        "46.74",
        ("Installationsbedarf",),
        "beliefert Handwerksbetriebe mit Sanitär-, Heizungs- und Installationsmaterial.",
        ("Großhandel", "Haustechnik"),
    ),
    (
        "49.41",
        ("Spedition",),
        "befördert Stückgut und Teilladungen für Industriekunden in der Euregio.",
        ("Logistik", "Spedition"),
    ),
    (
        "52.10",
        ("Lagerlogistik",),
        "bietet Lagerhaltung, Kommissionierung und Kontraktlogistik für produzierende Unternehmen.",
        ("Logistik", "Lagerei"),
    ),
    (
        "62.01",
        ("Softwareentwicklung",),
        "entwickelt Individualsoftware und Apps für mittelständische Unternehmen.",
        ("IT", "Softwareentwicklung"),
    ),
    (
        "62.02",
        ("IT-Beratung",),
        "berät Industrieunternehmen bei der Einführung von ERP-Systemen und der Digitalisierung "
        "der Produktion.",
        ("IT", "Digitalisierung"),
    ),
    (
        "62.01",
        ("Industriesoftware",),
        "entwickelt Software zur Maschinendatenerfassung und Produktionsplanung.",
        ("IT", "Industrie 4.0"),
    ),
    (
        "63.11",
        ("Rechenzentrum",),
        "betreibt ein Rechenzentrum und bietet Cloud- und Hosting-Dienste für regionale "
        "Unternehmen an.",
        ("IT", "Hosting"),
    ),
    (
        "71.12",
        ("Ingenieurgesellschaft",),
        "plant technische Gebäudeausrüstung und Produktionsanlagen für Industriekunden.",
        ("Ingenieurdienstleistungen",),
    ),
    (
        "71.20",
        ("Prüflabor",),
        "prüft Werkstoffe und Bauteile und übernimmt Schadensanalysen für die Industrie.",
        ("Prüfdienstleistungen", "Werkstoffprüfung"),
    ),
    (
        "72.19",
        ("Entwicklungsgesellschaft",),
        "entwickelt im Kundenauftrag Prototypen und Verfahren für die Produktionstechnik.",
        ("Forschung und Entwicklung",),
    ),
    (
        "73.11",
        ("Kommunikation",),
        "gestaltet Kampagnen, Websites und Messeauftritte für Industrie und Handwerk.",
        ("Marketing", "Kommunikation"),
    ),
    (
        "70.22",
        ("Unternehmensberatung",),
        "berät mittelständische Unternehmen zu Nachfolge, Organisation und Prozessen.",
        ("Beratung",),
    ),
    (
        "78.20",
        ("Personalservice",),
        "überlässt gewerbliche und technische Fachkräfte an Industriebetriebe der Region.",
        ("Personaldienstleistungen", "Fachkräfte"),
    ),
    (
        "81.21",
        ("Gebäudeservice",),
        "reinigt Büro-, Produktions- und Sanitärflächen für Unternehmen und Einrichtungen.",
        ("Gebäudereinigung",),
    ),
    (
        "80.10",
        ("Sicherheitsdienst",),
        "bewacht Werksgelände und übernimmt Empfangs- und Pfortendienste.",
        ("Sicherheitsdienste",),
    ),
    (
        "77.32",
        ("Baumaschinenvermietung",),
        "vermietet Baumaschinen, Arbeitsbühnen und Stapler an Bau- und Industriebetriebe.",
        ("Vermietung",),
    ),
    (
        "56.29",
        ("Catering",),
        "beliefert Betriebskantinen und Veranstaltungen mit frisch zubereiteten Speisen.",
        ("Gastronomie", "Catering"),
    ),
)
SERVICE_BAND_WEIGHTS = (("1-9", 30), ("10-49", 45), ("50-249", 20), ("250-999", 5))


def wz_section(code: str) -> str:
    """WZ 2008 section letter of a code: "28.41" -> "C", "C" -> "C", "" -> ""."""
    code = (code or "").strip()
    if not code:
        return ""
    if code[0].isalpha():
        return code[0].upper()
    division = int(code[:2])
    for letter, first, last in (
        ("A", 1, 3),
        ("B", 5, 9),
        ("C", 10, 33),
        ("D", 35, 35),
        ("E", 36, 39),
        ("F", 41, 43),
        ("G", 45, 47),
        ("H", 49, 53),
        ("I", 55, 56),
        ("J", 58, 63),
        ("K", 64, 66),
        ("L", 68, 68),
        ("M", 69, 75),
        ("N", 77, 82),
        ("O", 84, 84),
        ("P", 85, 85),
        ("Q", 86, 88),
        ("R", 90, 93),
        ("S", 94, 96),
        ("T", 97, 98),
        ("U", 99, 99),
    ):
        if first <= division <= last:
            return letter
    return ""


def slugify(text: str) -> str:
    text = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("é", "e")):
        text = text.replace(umlaut, plain)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def weighted(rng: random.Random, pairs):
    values = [value for value, _ in pairs]
    weights = [weight for _, weight in pairs]
    return rng.choices(values, weights=weights, k=1)[0]


def band_quota(total: int) -> list[str]:
    """Exactly `total` employee bands in the target shares (largest remainder)."""
    raw = {band: BAND_SHARES[band] * total for band in BANDS}
    counts = {band: int(raw[band]) for band in BANDS}
    rest = total - sum(counts.values())
    for band in sorted(BANDS, key=lambda b: (raw[b] - counts[b], -BANDS.index(b)), reverse=True)[
        :rest
    ]:
        counts[band] += 1
    return [band for band in BANDS for _ in range(counts[band])]


class Namer:
    """Invents unique, plausible firm names."""

    def __init__(self, rng: random.Random, named: list[dict]):
        self.rng = rng
        self.names = {org["name"] for org in named}
        self.slugs = {org["slug"] for org in named}
        self.short_names = {org["short_name"] for org in named if org.get("short_name")}

    def make(self, stems: tuple[str, ...], legal_form: str) -> tuple[str, str, str]:
        rng = self.rng
        for _attempt in range(500):
            stem = rng.choice(stems)
            pattern = rng.random()
            owner = rng.choice(SURNAMES)
            if legal_form == "e.K.":
                pattern = 0.0  # a sole trader's firm carries the owner's name
            if pattern < 0.45:
                short = f"{owner} {stem}"
            elif pattern < 0.70:
                short = f"{rng.choice(PLACES)} {stem}"
            elif pattern < 0.82:
                partner = rng.choice([s for s in SURNAMES if s != owner])
                short = f"{owner} & {partner} {stem}"
            elif stem in FRONT_STEMS:
                short = f"{stem} {owner}"
            else:
                short = f"{owner} {stem}"
            name = f"{short} {legal_form}"
            slug = slugify(name)
            if any(blocked.lower() in name.lower() for blocked in BLOCKLIST):
                continue
            if name in self.names or slug in self.slugs or short in self.short_names:
                continue
            self.names.add(name)
            self.slugs.add(slug)
            self.short_names.add(short)
            return name, short, slug
        raise RuntimeError("no free name found")


class Addresser:
    """Hands out distinct street addresses."""

    def __init__(self, rng: random.Random, named: list[dict]):
        self.rng = rng
        # never hand out the address of an organisation that the register names
        self.used: set[str] = {org["street"] for org in named if org.get("street")}

    def make(self) -> tuple[str, str]:
        for _attempt in range(500):
            street, postal_code, low, high, _weight = self.rng.choices(
                STREETS, weights=[s[4] for s in STREETS], k=1
            )[0]
            number = str(self.rng.randint(low, high))
            if self.rng.random() < 0.12:
                number += self.rng.choice("ab")
            address = f"{street} {number}"
            if address not in self.used:
                self.used.add(address)
                return address, postal_code
        raise RuntimeError("no free address found")


def employee_count(slug: str, band: str) -> int:
    """A count inside the band, log-uniform (small firms of a band are more common than
    large ones). Drawn from its own generator seeded by the slug, so that adding the
    count left every other value of the file as it was."""
    lowest, highest = BAND_RANGES[band]
    rng = random.Random(f"{SEED}:employees:{slug}")
    return min(highest, int(math.exp(rng.uniform(math.log(lowest), math.log(highest + 1)))))


def record(
    *, slug, name, short, wz, band, street, postal_code, training, production, description, tags
) -> dict:
    return {
        "slug": slug,
        "kind": "company",
        "name": name,
        "short_name": short,
        "parent": None,
        "wz_code": wz,
        "wz_version": "WZ2008",
        "employee_band": band,
        "employee_count": employee_count(slug, band),
        "street": street,
        "postal_code": postal_code,
        "city": CITY,
        "municipality_key": MUNICIPALITY_KEY,
        "is_training_company": training,
        "has_production_site": production,
        "website": "",
        "description": description,
        "tags": ["Beispieldaten", *tags],
        "is_example_data": True,
        "sources": [],
    }


def describe(rng: random.Random, short: str, phrase: str) -> str:
    if rng.random() < 0.3:
        year = rng.randint(1898, 2012)
        kind = "Familienunternehmen" if year < 1990 else "Unternehmen"
        return f"Das {year} gegründete {kind} {short} {phrase}"
    return f"{short} {phrase}"


def named_industrial_count(named: list[dict]) -> int:
    return sum(
        1
        for org in named
        if not org.get("is_example_data")
        and org.get("municipality_key") == MUNICIPALITY_KEY
        and wz_section(org.get("wz_code", "")) in INDUSTRIAL_SECTIONS
    )


def generate(named: list[dict]) -> list[dict]:
    rng = random.Random(SEED)
    namer = Namer(rng, named)
    addresser = Addresser(rng, named)
    industrial_count = INDUSTRIAL_TARGET - named_industrial_count(named)
    if industrial_count < 0:
        raise SystemExit("organisations.json already names more than 160 industrial firms")

    bands = band_quota(industrial_count)
    rng.shuffle(bands)
    industrial: list[dict] = []
    for band in bands:
        fitting = [b for b in INDUSTRIAL if BANDS.index(b[2]) >= BANDS.index(band)]
        wz, _weight, _max_band, stems, phrases, tags, production = rng.choices(
            fitting, weights=[b[1] for b in fitting], k=1
        )[0]
        legal_form = weighted(rng, LEGAL_FORMS_BY_BAND[band])
        name, short, slug = namer.make(stems, legal_form)
        street, postal_code = addresser.make()
        training = rng.random() < TRAINING_PROBABILITY[band]
        has_site = production and rng.random() < 0.96
        industrial.append(
            record(
                slug=slug,
                name=name,
                short=short,
                wz=wz,
                band=band,
                street=street,
                postal_code=postal_code,
                training=training,
                production=has_site,
                description=describe(rng, short, rng.choice(phrases)),
                tags=tags,
            )
        )

    services: list[dict] = []
    for wz, stems, phrase, tags in SERVICES[:SERVICE_COUNT]:
        band = weighted(rng, SERVICE_BAND_WEIGHTS)
        legal_form = weighted(rng, LEGAL_FORMS_BY_BAND[band])
        name, short, slug = namer.make(stems, legal_form)
        street, postal_code = addresser.make()
        services.append(
            record(
                slug=slug,
                name=name,
                short=short,
                wz=wz,
                band=band,
                street=street,
                postal_code=postal_code,
                training=rng.random() < TRAINING_PROBABILITY[band],
                production=False,
                description=describe(rng, short, phrase),
                tags=tags,
            )
        )

    industrial.sort(key=lambda r: r["slug"])
    services.sort(key=lambda r: r["slug"])
    return industrial + services


def main() -> None:
    named = json.loads(NAMED_FILE.read_text(encoding="utf-8"))
    examples = generate(named)
    OUTPUT_FILE.write_text(
        json.dumps(examples, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    industrial = sum(1 for r in examples if wz_section(r["wz_code"]) in INDUSTRIAL_SECTIONS)
    print(
        f"{OUTPUT_FILE.relative_to(ROOT)}: {len(examples)} example firms "
        f"({industrial} industrial, {len(examples) - industrial} other); "
        f"{named_industrial_count(named)} named industrial firms in organisations.json"
    )


if __name__ == "__main__":
    main()
