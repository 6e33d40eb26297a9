"""The shared search (core/search.py): query parsing, German stemming, compound parts,
ranking, index upkeep, hostile input, and identical results on SQLite and PostgreSQL.

The parity test compares every query of GOLDEN_QUERIES against search_golden.json. The
file was written on SQLite and must pass unchanged on PostgreSQL:

    .venv/bin/pytest src/industriedialog/core/tests/test_search.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/industriedialog \\
        .venv/bin/pytest src/industriedialog/core/tests/test_search.py

Rewrite it (after a deliberate change of the match or ranking rule, then review the diff)
with SEARCH_GOLDEN_WRITE=1 on SQLite. See docs/search.md.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from industriedialog.actors.models import Organisation
from industriedialog.actors.selectors import organisation_list
from industriedialog.actors.tests.factories import OrganisationFactory
from industriedialog.core import search
from industriedialog.core.models import SearchEntry, SearchWord

GOLDEN_PATH = Path(__file__).with_name("search_golden.json")


def found(query: str, queryset=None) -> list[str]:
    """Slugs of the organisations `query` finds, in result order."""
    if queryset is None:
        queryset = Organisation.objects.all()
    return list(search.filter_queryset(queryset, query).values_list("slug", flat=True))


def organisation(slug: str, name: str, description: str = "", **fields) -> Organisation:
    """An organisation of kind "other", whose indexed label ("Sonstige") stays out of the
    way (a company's label "Unternehmen" would match "Unternehmens")."""
    fields.setdefault("kind", "other")
    return OrganisationFactory(slug=slug, name=name, description=description, **fields)


# --- parse_query ----------------------------------------------------------------------


def test_parse_query_drops_stop_words_and_lowercases():
    terms = search.parse_query("Die Unternehmen UND der Maschinenbau")

    assert [term.word for term in terms] == ["unternehmen", "maschinenbau"]
    assert [term.stem for term in terms] == ["unternehm", "maschinenbau"]


def test_parse_query_keeps_each_word_once_whatever_its_case():
    terms = search.parse_query("Maschinenbau MASCHINENBAU maschinenbau Gießerei")

    assert [term.word for term in terms] == ["maschinenbau", "giesserei"]


def test_parse_query_keeps_one_word_per_stem():
    terms = search.parse_query("Fachkräfte Fachkraft")

    assert [(term.word, term.stem) for term in terms] == [("fachkräfte", "fachkraft")]


def test_parse_query_stems_umlauts_and_sharp_s_like_the_index():
    terms = search.parse_query("Fachkräfte Gießereien Bäckerei")

    assert [term.stem for term in terms] == ["fachkraft", "giesserei", "backerei"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "der die das",
        "a b c",
        "und, oder; aber!",
        "%",
        "_",
        "*",
        "-",
        "()",
        '"',
        "''",
        "\x00",
    ],
)
def test_parse_query_without_searchable_words_is_empty(query):
    assert search.parse_query(query) == []


def test_parse_query_splits_on_punctuation_and_keeps_numbers():
    terms = search.parse_query('CNC-Fräsen "Produktdesign" 100% e.V. (Stahl) Werkzeug*')

    assert [term.word for term in terms] == [
        "cnc",
        "fräsen",
        "produktdesign",
        "100",
        "stahl",
        "werkzeug",
    ]


def test_parse_query_keeps_at_most_eight_terms():
    terms = search.parse_query("eins zwei drei vier fünf sechs sieben acht neun zehn")

    assert [term.word for term in terms] == [
        "eins",
        "zwei",
        "drei",
        "vier",
        "fünf",
        "sechs",
        "sieben",
        "acht",
    ]


# --- matching ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("Unternehmens", "Beratung für Unternehmen"),
        ("Fachkräfte", "Wir suchen eine Fachkraft"),
        ("Fachkraft", "Fachkräfte gesucht"),
        ("Gießereien", "Unsere Gießerei"),
        ("ausbilden", "Ausbildung zum Mechatroniker"),
    ],
)
def test_a_word_finds_other_forms_of_it(db, query, text):
    organisation("treffer", "Treffer GmbH", text)
    organisation("andere", "Andere GmbH", "Logistik und Lagerhaltung")

    assert found(query) == ["treffer"]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("kräfte", "Netzwerk Fachkräftesicherung"),
        ("technik", "Haaren Antriebstechnik GmbH"),
        ("Fachkraft", "Netzwerk Fachkräftesicherung"),
        ("Gießerei", "Eifeler Aluminiumgießerei"),
        ("giesserei", "Eifeler Aluminiumgießerei"),
        ("WERKZEUG", "Eilendorfer Werkzeugbau GmbH"),
    ],
)
def test_a_word_finds_compounds_containing_it(db, query, name):
    organisation("treffer", name)
    organisation("andere", "Andere GmbH", "Logistik und Lagerhaltung")

    assert found(query) == ["treffer"]


def test_two_letter_words_match_whole_words_only(db):
    organisation("ig-metall", "IG Metall Aachen")
    organisation("vertrieb", "Vertrieb Igel GmbH")

    assert found("IG") == ["ig-metall"]


def test_every_word_must_match(db):
    organisation("stolberg-guss", "Stolberger Gießerei", "Gießerei in Stolberg")
    organisation("eifel-guss", "Eifel Gießerei", "Gießerei in Monschau")
    organisation("stolberg-bau", "Stolberger Bau", "Hochbau in Stolberg")

    assert found("Gießerei Stolberg") == ["stolberg-guss"]
    assert found("Gießerei Stolberg Raumfahrt") == []


def test_a_stem_match_ranks_above_a_substring_only_match(db):
    organisation("antrieb", "Antriebstechnik Aachen")
    organisation("technik", "Zentrum Technik")
    organisation("werk", "Werkstatt der Technik")

    results = search.filter_queryset(Organisation.objects.all(), "technik")

    assert [(o.slug, o.search_score) for o in results] == [
        ("werk", 2),
        ("technik", 2),
        ("antrieb", 1),
    ]


def test_the_score_adds_up_over_the_words(db):
    organisation("beide", "Gießerei Technik")
    organisation("eins", "Gießerei Antriebstechnik")
    organisation("keins", "Aluminiumgießerei Antriebstechnik")

    results = search.filter_queryset(Organisation.objects.all(), "Gießerei Technik")

    assert [(o.slug, o.search_score) for o in results] == [("beide", 4), ("eins", 3), ("keins", 2)]


def test_ties_are_ordered_by_name_ignoring_case_and_umlauts_then_by_id(db):
    organisation("zulieferer-2", "Zulieferer Ost")
    organisation("oecher", "Öcher Zulieferer")
    organisation("aachen", "aachener Zulieferer")
    organisation("zulieferer-1", "Zulieferer Ost")

    assert found("Zulieferer") == ["aachen", "oecher", "zulieferer-2", "zulieferer-1"]


def test_the_search_keeps_the_filters_of_the_queryset(db):
    organisation("public", "Öffentliche Gießerei")
    organisation("hidden", "Interne Gießerei", is_public=False)

    assert found("Gießerei", Organisation.objects.filter(is_public=True)) == ["public"]
    assert list(
        organisation_list(AnonymousUser(), query="Gießerei").values_list("slug", flat=True)
    ) == ["public"]


def test_count_and_pages_agree_with_the_results(db):
    for number in range(30):
        organisation(f"betrieb-{number:02}", f"Betrieb {number:02} Metallbau")
    organisation("anderes", "Anderes")

    queryset = search.filter_queryset(Organisation.objects.all(), "Metallbau")

    assert queryset.count() == 30
    assert [o.slug for o in queryset[25:]] == [f"betrieb-{n}" for n in range(25, 30)]


def test_a_searched_queryset_can_be_searched_again_and_used_as_a_subquery(db):
    organisation("stolberg-guss", "Stolberger Gießerei", "Gießerei in Stolberg")
    organisation("eifel-guss", "Eifel Gießerei", "Gießerei in Monschau")
    searched = search.filter_queryset(Organisation.objects.all(), "Gießerei")

    narrowed = search.filter_queryset(searched, "Stolberg")
    inner = Organisation.objects.filter(pk__in=searched.values("pk"))

    assert [(o.slug, o.search_score) for o in narrowed] == [("stolberg-guss", 4)]
    assert sorted(inner.values_list("slug", flat=True)) == ["eifel-guss", "stolberg-guss"]


@pytest.mark.parametrize("query", ["", "   ", "der und die", "%", "_ -"])
def test_a_query_without_words_returns_the_queryset_unchanged(db, query):
    queryset = Organisation.objects.filter(is_public=True)

    assert search.filter_queryset(queryset, query) is queryset


# --- hostile input --------------------------------------------------------------------

SPECIAL_QUERIES = [
    '"',
    '""',
    "'",
    '"Stahl',
    'Stahl"',
    "'Stahl'",
    '"Stahl" "Design"',
    "%",
    "%%",
    "100%",
    "_",
    "St_hl",
    "St%hl",
    "*",
    "Stahl*",
    "*tahl",
    "-",
    "-Stahl",
    "Stahl -Design",
    "NOT",
    "OR",
    "AND",
    "Stahl OR Design",
    "Stahl AND Design",
    "NEAR(Stahl Design)",
    "(",
    ")",
    "(Stahl)",
    "((Stahl",
    "stahl:design",
    "design:",
    "^Stahl",
    "Stahl + Design",
    "\\",
    "\\%",
    "Stahl\\",
    "'; DROP TABLE core_searchentry; --",
    "\x00Stahl",
    "Ä" * 300,
    "a" * 5000,
    "🙂 Stahl",
    "Stahl\tDesign\nBeratung",
    "C++",
    "e.V.",
]


@pytest.mark.parametrize("query", SPECIAL_QUERIES)
def test_special_characters_never_raise(db, query):
    organisation("stahl", "Stahlbau GmbH", 'Stahl "Design" 100% (Beratung)')

    results = found(query)

    assert results in ([], ["stahl"])
    assert SearchEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("100%", ["prozent"]),  # the same as "100": % is no wildcard
        ("St_hl", []),  # _ is no wildcard
        ("St%hl", []),
        ("Werkzeug*", ["werkzeug"]),  # * is no prefix operator; "werkzeug" is a substring
        ("-Design", ["design"]),  # - is no NOT
        ("Design OR Beratung", []),  # OR is a word that must occur, not an operator
        ("Beratung AND Design", []),  # "and" is not in the text either
        ('"Design Studio"', ["design"]),  # quotes make no phrase: both words, any order
        ("(Stahl)", ["prozent"]),
        ("NEAR(Stahl Design)", []),  # "near" must occur
    ],
)
def test_special_characters_are_text_not_syntax(db, query, expected):
    organisation("design", "Studio für Design", "Beratung und Gestaltung")
    organisation("prozent", "Stahlhandel 100 GmbH", "Stahl zu 100 Prozent")
    organisation("werkzeug", "Werkzeughandel")

    assert found(query) == expected


# --- index upkeep ---------------------------------------------------------------------


def test_index_object_replaces_the_entry_after_an_update(db):
    target = organisation("wandel", "Ponttor Backwaren KG", "Brot und Brötchen")

    target.name = "Ponttor Konditorei KG"
    target.description = "Torten und Gebäck"
    target.save()
    search.index_object(target)

    assert SearchEntry.objects.filter(object_id=target.pk).count() == 1
    assert found("Konditorei") == ["wandel"]
    assert found("Torte") == ["wandel"]  # stem
    assert found("ndito") == ["wandel"]  # substring
    assert found("Backwaren") == []
    assert found("Brot") == []
    assert found("ackwar") == []


def test_remove_object_takes_the_object_out_of_every_index(db):
    kept = organisation("bleibt", "Aachener Gießerei")
    gone = organisation("geht", "Eifeler Gießerei")

    search.remove_object(gone)
    gone.delete()

    assert found("Gießerei") == ["bleibt"]
    assert found("eßer") == ["bleibt"]
    assert list(SearchEntry.objects.values_list("object_id", flat=True)) == [kept.pk]


def test_reindex_rebuilds_entries_in_bulk(db):
    first = organisation("erster", "Erster Metallbau")
    organisation("zweiter", "Zweiter Metallbau")
    SearchEntry.objects.all().delete()

    assert found("Metallbau") == []
    assert search.reindex(Organisation) == 2
    assert found("Metallbau") == ["erster", "zweiter"]

    Organisation.objects.filter(pk=first.pk).update(name="Erster Holzbau")
    first.refresh_from_db()
    assert search.reindex(Organisation, [first]) == 1
    assert found("Metallbau") == ["zweiter"]
    assert found("Holzbau") == ["erster"]


def test_reindex_of_some_objects_keeps_the_entries_of_the_others(db):
    first = organisation("erster", "Erster Metallbau")
    organisation("zweiter", "Zweiter Metallbau")

    assert search.reindex(Organisation, Organisation.objects.filter(pk=first.pk)) == 1
    assert found("Metallbau") == ["erster", "zweiter"]


# --- backend parity -------------------------------------------------------------------

# fmt: off
CORPUS: list[dict] = [
    {"slug": "kaiser-maschinenbau", "name": "Kaiser Maschinenbau GmbH", "wz_code": "28.41",
     "description": "Sondermaschinenbau und Montageanlagen für die Automobilindustrie. "
                    "Ausbildungsbetrieb für Industriemechaniker.",
     "tags": ["Maschinenbau", "Ausbildung"]},
    {"slug": "lousberg-praezisionsteile", "name": "Lousberg Präzisionsteile GmbH",
     "wz_code": "25.62",
     "description": "CNC-Fräsen und Drehen von Präzisionsteilen aus Stahl und Aluminium "
                    "für den Maschinenbau.",
     "tags": ["Zulieferer", "Metallverarbeitung"]},
    {"slug": "eifel-giesserei", "name": "Eifel Gießerei GmbH & Co. KG", "city": "Stolberg",
     "wz_code": "24.53",
     "description": "Aluminium- und Zinkdruckguss, Gießerei mit eigener Modellbauwerkstatt. "
                    "Wir bilden Gießereimechaniker aus.",
     "tags": ["Gießerei", "Guss"]},
    {"slug": "ponttor-backwaren", "name": "Ponttor Backwaren KG", "wz_code": "10.71",
     "description": "Traditionelle Bäckerei: Printen, Brot und Backwaren aus Aachen, "
                    "Filialen in der Städteregion.",
     "tags": ["Backwaren", "Lebensmittel"]},
    {"slug": "rur-kunststofftechnik", "name": "Rur Kunststofftechnik GmbH", "city": "Düren",
     "wz_code": "22.29",
     "description": "Spritzguss und Kunststofftechnik für Zulieferer der Automobilindustrie.",
     "tags": ["Kunststoff", "Zulieferer"]},
    {"slug": "ihk-aachen", "name": "Industrie- und Handelskammer Aachen", "kind": "chamber",
     "short_name": "IHK Aachen",
     "description": "Kammer der gewerblichen Wirtschaft: Ausbildungsberatung, Prüfungen und "
                    "Fachkräftesicherung.",
     "tags": ["Ausbildung", "Fachkräfte"]},
    {"slug": "hwk-aachen", "name": "Handwerkskammer Aachen", "kind": "chamber",
     "description": "Berufsbildung im Handwerk, Meisterschulen und Beratung für Betriebe."},
    {"slug": "agentur-fuer-arbeit", "name": "Agentur für Arbeit Aachen-Düren",
     "kind": "public_body",
     "description": "Vermittlung von Fachkräften, Arbeitsmarktberatung für Unternehmen und "
                    "Qualifizierung."},
    {"slug": "rwth-wzl", "name": "Werkzeugmaschinenlabor WZL der RWTH Aachen",
     "kind": "university",
     "description": "Forschung zu Produktionstechnik, Werkzeugmaschinen und "
                    "Fertigungsautomatisierung."},
    {"slug": "fh-aachen-maschinenbau",
     "name": "FH Aachen – Fachbereich Maschinenbau und Mechatronik", "kind": "university",
     "description": "Duales Studium mit Partnerunternehmen, Robotik und Antriebstechnik."},
    {"slug": "haaren-antriebstechnik", "name": "Haaren Antriebstechnik GmbH",
     "wz_code": "28.15",
     "description": "Getriebe, Elektromotoren und Antriebstechnik für Förderanlagen."},
    {"slug": "wurm-energietechnik", "name": "Wurm Energietechnik AG", "city": "Herzogenrath",
     "wz_code": "27.11",
     "description": "Transformatoren und Energieeffizienz-Beratung für Industriebetriebe."},
    {"slug": "soers-energieberatung", "name": "Soers Energieberatung e.K.", "wz_code": "71.12",
     "description": "Energieberatung, Energieaudits nach DIN EN 16247 und Förderung der "
                    "Energieeffizienz im Mittelstand."},
    {"slug": "burtscheider-bio-baeckerei", "name": "Burtscheider Bio-Bäckerei",
     "wz_code": "10.71",
     "description": "Biobäckerei mit Vollkornbrot und Konditorei; Ausbildungsplätze für "
                    "Bäcker und Konditoren."},
    {"slug": "eschweiler-stahlbau", "name": "Eschweiler Stahlbau GmbH", "city": "Eschweiler",
     "wz_code": "25.11",
     "description": "Stahlbau, Schweißtechnik und Hallenbau. Zertifizierter "
                    "Schweißfachbetrieb."},
    {"slug": "alsdorfer-schweisstechnik", "name": "Alsdorfer Schweißtechnik Müller",
     "city": "Alsdorf", "wz_code": "25.62",
     "description": "Schweißen von Edelstahl, Reparaturschweißungen und Lohnfertigung."},
    {"slug": "mueller-zerspanungstechnik", "name": "Müller Zerspanungstechnik GmbH",
     "city": "Würselen", "wz_code": "25.62",
     "description": "Zerspanung, Drehteile und Frästeile als Zulieferer für Maschinenbauer."},
    {"slug": "wuerselener-logistik", "name": "Würselener Logistik und Lagerhaltung GmbH",
     "city": "Würselen", "wz_code": "52.10",
     "description": "Kontraktlogistik, Lagerhaltung und Verpackung für Industriekunden."},
    {"slug": "tivoli-verpackungen", "name": "Tivoli Verpackungen GmbH", "wz_code": "17.21",
     "description": "Wellpappe, Faltschachteln und nachhaltige Verpackungslösungen aus "
                    "Recyclingmaterial."},
    {"slug": "dreilaender-recycling", "name": "Dreiländer Recycling GmbH", "wz_code": "38.32",
     "description": "Recycling von Kunststoffen und Metallen, Entsorgungsfachbetrieb."},
    {"slug": "stolberger-messingwerke", "name": "Stolberger Messingwerke AG",
     "city": "Stolberg", "wz_code": "24.44",
     "description": "Halbzeuge aus Messing und Kupfer, Walzwerk und Gießerei seit 1850."},
    {"slug": "monschauer-senfmuehle", "name": "Monschauer Senfmühle", "city": "Monschau",
     "wz_code": "10.84",
     "description": "Senf und Feinkost aus traditioneller Herstellung; Lebensmittelhandwerk "
                    "mit Besucherführungen."},
    {"slug": "oecher-printen-manufaktur", "name": "Oecher Printen Manufaktur",
     "wz_code": "10.72",
     "description": "Aachener Printen, Lebkuchen und Backwaren für Handel und Versand."},
    {"slug": "kornelimuenster-holzbau", "name": "Kornelimünster Holzbau GmbH",
     "wz_code": "16.23",
     "description": "Holzbau, Zimmerei und Dachsanierung; Ausbildungsbetrieb für Zimmerer."},
    {"slug": "laurensberg-elektronik", "name": "Laurensberg Elektronik GmbH",
     "wz_code": "26.11",
     "description": "Leiterplattenbestückung, Elektronikfertigung und Prüftechnik für die "
                    "Medizintechnik."},
    {"slug": "richterich-sensorik", "name": "Richterich Sensorik GmbH", "wz_code": "26.51",
     "description": "Sensoren und Messtechnik für die Prozessautomatisierung."},
    {"slug": "pau-oberflaechentechnik", "name": "Pau Oberflächentechnik GmbH",
     "wz_code": "25.61",
     "description": "Galvanik, Pulverbeschichtung und Oberflächenveredelung von Metallteilen."},
    {"slug": "marschiertor-lackiertechnik", "name": "Marschiertor Lackiertechnik KG",
     "wz_code": "25.61",
     "description": "Industrielackierung und Korrosionsschutz für Stahlbau und Maschinenbau."},
    {"slug": "frankenberger-textiltechnik", "name": "Frankenberger Textiltechnik GmbH",
     "wz_code": "13.96",
     "description": "Technische Textilien, Vliesstoffe und Filtermedien für die "
                    "Automobilindustrie."},
    {"slug": "westpark-software", "name": "Westpark Software GmbH", "wz_code": "62.01",
     "description": "Software für Produktionsplanung, ERP-Einführung und Digitalisierung im "
                    "Mittelstand."},
    {"slug": "baesweiler-kunststoffverarbeitung", "name": "Baesweiler Kunststoffverarbeitung GmbH",
     "city": "Baesweiler", "wz_code": "22.21",
     "description": "Extrusion von Kunststoffprofilen und Rohren."},
    {"slug": "herzogenrather-glaswerke", "name": "Herzogenrather Glaswerke GmbH",
     "city": "Herzogenrath", "wz_code": "23.13",
     "description": "Spezialglas für Labor und Industrie; Energieeffizienz durch "
                    "Abwärmenutzung."},
    {"slug": "simmerather-metallbau", "name": "Simmerather Metallbau GmbH",
     "city": "Simmerath", "wz_code": "25.12",
     "description": "Metallbau, Treppen, Geländer und Fassaden aus Stahl und Aluminium."},
    {"slug": "roetgener-feinmechanik", "name": "Roetgener Feinmechanik GmbH",
     "city": "Roetgen", "wz_code": "33.12",
     "description": "Reparatur und Wartung von Werkzeugmaschinen, Feinmechanik und "
                    "Ersatzteile."},
    {"slug": "unternehmerverband", "name": "Unternehmerverband Industrieregion Aachen e. V.",
     "kind": "association",
     "description": "Interessenvertretung der Industrieunternehmen, Tarifberatung und "
                    "Netzwerk Fachkräfte."},
    {"slug": "ig-metall-aachen", "name": "IG Metall Aachen", "kind": "union",
     "description": "Gewerkschaft für Beschäftigte in der Metall- und Elektroindustrie, "
                    "Tarifverträge und Mitbestimmung."},
    {"slug": "dgb-region", "name": "DGB Region NRW Süd-West", "kind": "union",
     "description": "Gewerkschaftsbund: Beratung zu Arbeitnehmerrechten, Ausbildung und "
                    "Weiterbildung."},
    {"slug": "stadt-wirtschaftsfoerderung",
     "name": "Stadt Aachen – Fachbereich Wirtschaft, Wissenschaft und Europa",
     "kind": "public_body",
     "description": "Wirtschaftsförderung, Flächenmanagement und Fachkräftesicherung für "
                    "Unternehmen."},
    {"slug": "berufskolleg-technik", "name": "Berufskolleg für Technik Aachen",
     "kind": "school",
     "description": "Berufsschule für Industriemechaniker, Mechatroniker und Elektroniker; "
                    "Fachschule Technik."},
    {"slug": "mint-gymnasium", "name": "MINT-Gymnasium Eilendorf", "kind": "school",
     "description": "Schule mit Schwerpunkt Mathematik, Informatik, Naturwissenschaft und "
                    "Technik; Berufsorientierung mit Betrieben."},
    {"slug": "eilendorfer-werkzeugbau", "name": "Eilendorfer Werkzeugbau GmbH",
     "wz_code": "25.73",
     "description": "Stanzwerkzeuge, Spritzgusswerkzeuge und Formenbau."},
    {"slug": "brander-federnfabrik", "name": "Brander Federnfabrik GmbH", "wz_code": "25.93",
     "description": "Druckfedern, Zugfedern und Biegeteile aus Federstahl."},
    {"slug": "aachener-automotive", "name": "Aachener Automotive Zulieferer GmbH",
     "wz_code": "29.32",
     "description": "Zulieferer von Fahrwerkskomponenten und Baugruppen für "
                    "Automobilhersteller."},
    {"slug": "kreislauf-kunststoffe", "name": "Kreislauf Kunststoffe Stolberg GmbH",
     "city": "Stolberg", "wz_code": "20.16",
     "description": "Kunststoffrecycling und Compoundierung von Rezyklaten."},
    {"slug": "aachener-nadelfabrik", "name": "Aachener Nadelfabrik GmbH", "wz_code": "25.93",
     "description": "Nadeln und Drahtwaren; Lohnfertigung für die Textilindustrie."},
    {"slug": "brauerei-gruener-weg", "name": "Brauerei am Grünen Weg", "wz_code": "11.05",
     "description": "Brauerei und Mälzerei; Bier aus regionalem Malz, Ausbildung zum Brauer "
                    "und Mälzer."},
    {"slug": "fleischerei-schroeder", "name": "Fleischerei Schröder", "city": "Würselen",
     "wz_code": "10.13",
     "description": "Metzgerei mit Partyservice und Wurstwaren aus eigener Herstellung."},
    {"slug": "kaffeeroesterei-lousberg", "name": "Kaffeerösterei Lousberg", "wz_code": "10.83",
     "description": "Röstkaffee und Espresso, Großhandel für die Gastronomie."},
    {"slug": "oecher-klimatechnik", "name": "Öcher Klimatechnik GmbH", "wz_code": "43.22",
     "description": "Klimatechnik, Wärmepumpen und Lüftungsanlagen; Energieeffizienz in "
                    "Gewerbebauten."},
    {"slug": "waermepumpen-weiss", "name": "Wärmepumpen Weiß GmbH", "city": "Eschweiler",
     "wz_code": "28.25",
     "description": "Herstellung von Wärmepumpen und Wärmetauschern für Industrie und "
                    "Gewerbe."},
    {"slug": "strassenbau-gross", "name": "Straßenbau Groß GmbH", "city": "Alsdorf",
     "wz_code": "42.11",
     "description": "Straßenbau, Tiefbau und Pflasterarbeiten für Kommunen."},
    {"slug": "fuss-und-schuh", "name": "Fuß und Schuh Orthopädietechnik", "wz_code": "32.50",
     "description": "Orthopädieschuhtechnik und Einlagen; Ausbildungsbetrieb im "
                    "Gesundheitshandwerk."},
    {"slug": "aachen-medizintechnik", "name": "Aachen Medizintechnik AG", "wz_code": "32.50",
     "description": "Medizinprodukte, Katheter und Implantate aus Kunststoff; "
                    "Reinraumfertigung."},
    {"slug": "rotbach-robotics", "name": "Rotbach Robotics GmbH", "wz_code": "28.99",
     "description": "Start-up für kollaborative Robotik und Automatisierungslösungen in der "
                    "Montage."},
    {"slug": "lichtwerk-lasertechnik", "name": "Lichtwerk Lasertechnik GmbH",
     "wz_code": "27.90",
     "description": "Laserschneiden, Laserschweißen und Beschriftung; Lohnfertigung für die "
                    "Blechbearbeitung."},
    {"slug": "hoffmann-blechbearbeitung", "name": "Blechbearbeitung Hoffmann & Söhne",
     "city": "Stolberg", "wz_code": "25.50",
     "description": "Blechbearbeitung, Kanten, Stanzen und Baugruppenmontage."},
    {"slug": "vertrauliche-giesserei", "name": "Vertrauliche Projektgesellschaft Gießerei GmbH",
     "is_public": False,
     "description": "Nicht öffentlicher Eintrag: Gießerei-Projekt mit Maschinenbau."},
    {"slug": "netzwerk-fachkraft", "name": "Netzwerk Fachkraft Zukunft", "kind": "association",
     "description": "Initiative zur Gewinnung von Fachkräften: Ausbildungsmessen, Praktika "
                    "und Integration internationaler Fachkräfte."},
    {"slug": "kraemer-beratung", "name": "Unternehmensberatung Krämer", "wz_code": "70.22",
     "description": "Beratung von Unternehmen bei Nachfolge, Restrukturierung und "
                    "Personalentwicklung. Geschäftsführerin und Partnerin: Anna Krämer."},
    {"slug": "quote-partner", "name": "Quote & Partner „100 % Qualität“ GmbH",
     "wz_code": "74.10",
     "description": 'Designbüro: "Produktdesign" (Industrie-Design), 100% '
                    "Kundenzufriedenheit, C++ und *Prototypen*. Kontakt: info@quote-partner.de, "
                    "www.quote-partner.de"},
    {"slug": "oelmuehle-dueren", "name": "Ölmühle Düren", "city": "Düren", "wz_code": "10.41",
     "description": "Rapsöl und Leinöl aus kaltgepresster Herstellung."},
    {"slug": "ausbildungsverbund-metall", "name": "Ausbildungsverbund Metall Aachen e.V.",
     "kind": "association",
     "description": "Verbundausbildung für kleine Betriebe in den Metallberufen: "
                    "Ausbildungsbetrieb werden leicht gemacht."},
    {"slug": "schuelerlabor", "name": "Schülerlabor Technik Eilendorf", "kind": "school",
     "description": "Experimente für Schülerinnen und Schüler; Ingenieurinnen aus "
                    "Partnerbetrieben als Mentorinnen. Mit Café."},
    {"slug": "cafe-am-dom", "name": "Café am Dom", "wz_code": "56.10",
     "description": "Kaffeehaus und Konditorei, Mueller'sche Torten nach Familienrezept."},
]

GOLDEN_QUERIES = [
    "Maschinenbau", "MASCHINENBAU maschinenbau", "Unternehmens", "Unternehmen", "Fachkräfte",
    "Fachkraft", "kräfte", "Fachkräftesicherung", "technik", "Antriebstechnik", "Gießerei",
    "Giesserei", "Gießereien", "Präzisionsteile", "Präzision", "Ausbildungsbetrieb",
    "ausbilden", "Ausbildung Metall", "Backwaren", "Bäckerei", "Zulieferer",
    "Zulieferer Automobilindustrie", "Kunststoff", "Kunststofftechnik Düren",
    "Energieeffizienz", "effizienz", "Wärmepumpe", "Straße", "Strasse", "Müller", "Öl",
    "Schweißen", "Lohnfertigung Stahl", "Recycling", "Printen", "Aachener Printen",
    "Industrie- und Handelskammer", "CNC-Fräsen", "Metall", "Gewerkschaft", "Robotik Montage",
    "Beratung Unternehmen", "Stolberg", "Mueller", "Schüler", "Schülerin", "Partner",
    "Geschäftsführer", "Cafe", "Café", "Fachkraefte", "Baeckerei", "quote", "Raumfahrt",
    "100%", '"Produktdesign"', "C++ Prototypen", "Design OR Beratung", "Werkzeug*", "(Stahl)",
    "Ölmühle", "Aachen", "GmbH",
]
# fmt: on


def _load_corpus() -> None:
    for record in CORPUS:
        fields = {"kind": "company", "city": "Aachen", **record}
        OrganisationFactory(**fields)


def test_results_match_the_golden_file(db):
    """The same organisations in the same order on SQLite and PostgreSQL."""
    _load_corpus()

    results = {
        query: list(organisation_list(AnonymousUser(), query=query).values_list("slug", flat=True))
        for query in GOLDEN_QUERIES
    }

    if os.environ.get("SEARCH_GOLDEN_WRITE"):
        GOLDEN_PATH.write_text(
            json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    golden = json.loads(GOLDEN_PATH.read_text(encoding="utf-8"))
    assert list(golden) == GOLDEN_QUERIES
    differing = {
        query: {"expected": golden[query], "found": results[query]}
        for query in GOLDEN_QUERIES
        if results[query] != golden[query]
    }
    assert differing == {}, f"backend {connection.vendor} differs from the golden file"


# --- pages: search.results() ------------------------------------------------------------


def _golden() -> dict[str, list[str]]:
    return json.loads(GOLDEN_PATH.read_text(encoding="utf-8"))


def _pages(results: search.SearchResults, size: int) -> list[str]:
    """All slugs `results` yields, read page by page as the Paginator does."""
    paginator = Paginator(results, size)
    return [o.slug for number in paginator.page_range for o in paginator.page(number)]


def test_result_pages_match_the_golden_file(db):
    """Pages (bounded search) and the full ranking agree on both backends."""
    _load_corpus()
    visible = organisation_list(AnonymousUser())

    differing = {}
    for query, expected in _golden().items():
        results = search.results(visible, query)
        found_pages = _pages(results, 4)
        if found_pages != expected or results.count() != len(expected):
            differing[query] = {"expected": expected, "found": found_pages}
        assert results.count_is_exact

    assert differing == {}, f"backend {connection.vendor} differs from the golden file"


@pytest.mark.parametrize(
    ("max_count", "walk_from", "dense_span"),
    [
        (1, 0, 0),
        (1, 0, 10**9),
        (2, 1, 0),
        (3, 0, 10**9),
        (5, 2, 0),
        (8, 3, 10**9),
        (8, 100, 0),
    ],
)
def test_result_pages_of_large_results_follow_the_full_ranking(
    db, monkeypatch, max_count, walk_from, dense_span
):
    """With a tiny MAX_COUNT every golden query with more matches takes the bounded path
    (score levels read whole or walked in the sort index, with and without the rowid
    set): its first MAX_COUNT results are the first of the full ranking, and the count
    says "more than MAX_COUNT"."""
    _load_corpus()
    monkeypatch.setattr(search, "MAX_COUNT", max_count)
    monkeypatch.setattr(search, "DENSE_SPAN", dense_span)
    monkeypatch.setattr(search, "WALK_FROM", {"sqlite": walk_from, "postgresql": walk_from})
    visible = organisation_list(AnonymousUser())

    differing = {}
    for query, expected in _golden().items():
        results = search.results(visible, query)
        wanted = expected if len(expected) <= max_count else expected[:max_count]
        found_pages = _pages(results, 2)
        if found_pages != wanted or results.count_is_exact != (len(expected) <= max_count):
            differing[query] = {"expected": wanted, "found": found_pages}
        assert results.count() == min(len(expected), max_count)

    assert differing == {}


def test_results_keep_the_filters_of_the_queryset_on_every_path(db, monkeypatch):
    organisation("public", "Öffentliche Gießerei")
    organisation("hidden", "Interne Gießerei", is_public=False)
    organisation("other", "Andere Gießerei")
    public = Organisation.objects.filter(is_public=True)

    assert [o.slug for o in search.results(public, "Gießerei")[0:10]] == ["other", "public"]
    monkeypatch.setattr(search, "MAX_COUNT", 1)
    large = search.results(public, "Gießerei")
    assert large.count() == 1
    assert not large.count_is_exact
    assert [o.slug for o in large[0:1]] == ["other"]


def test_results_carry_the_score_and_the_select_related_of_the_queryset(db):
    parent = organisation("mutter", "Mutter Holding")
    organisation("tochter", "Tochter Technik", parent=parent)
    organisation("werk", "Antriebstechnik Werk")
    queryset = Organisation.objects.select_related("parent")

    page = search.results(queryset, "Technik")[0:5]

    assert [(o.slug, o.search_score) for o in page] == [("tochter", 2), ("werk", 1)]
    with CaptureQueriesContext(connection) as queries:
        assert page[0].parent.slug == "mutter"
    assert len(queries) == 0


def test_results_without_words_list_the_queryset_counted_exactly(db):
    for slug in ("b", "a", "c"):
        organisation(slug, f"Betrieb {slug}")
    queryset = Organisation.objects.order_by("slug")

    results = search.results(queryset, "der die das")

    assert results.count() == 3
    assert results.count_is_exact
    assert [o.slug for o in results[1:3]] == ["b", "c"]


def test_results_of_a_word_without_any_possible_match_are_empty(db):
    organisation("stahl", "Stahlbau GmbH")

    results = search.results(Organisation.objects.all(), "x" * 150)

    assert results.count() == 0
    assert results.count_is_exact
    assert results[0:25] == []


def test_the_vocabulary_holds_the_words_of_every_entry(db):
    organisation("guss", "Eifeler Aluminiumgießerei", "Druckguss")

    words = set(SearchWord.objects.values_list("word", flat=True))

    assert {"eifeler", "aluminiumgiesserei", "druckguss"} <= words
    assert found("minium") == ["guss"]


def test_the_register_page_and_the_api_say_more_than_when_the_count_is_bounded(
    db, client, monkeypatch
):
    for number in range(4):
        organisation(f"guss-{number}", f"Gießerei {number}")
    organisation("andere", "Andere Werkstatt")
    monkeypatch.setattr(search, "MAX_COUNT", 3)

    page = client.get("/organisationen/?q=Gießerei")
    api = client.get("/api/v1/organisations?q=Gießerei").json()
    exact = client.get("/organisationen/?q=Werkstatt")

    assert "Mehr als 3 Organisationen" in page.content.decode()
    assert [o.slug for o in page.context["page"].object_list] == ["guss-0", "guss-1", "guss-2"]
    assert (api["count"], api["count_is_exact"], api["pages"]) == (3, False, 1)
    assert [row["slug"] for row in api["results"]] == ["guss-0", "guss-1", "guss-2"]
    assert "1 Organisation" in exact.content.decode()
    assert "Mehr als" not in exact.content.decode()
