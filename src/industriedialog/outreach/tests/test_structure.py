"""The economic structure computation (outreach/structure.py): firms, employment, training
companies by WZ section, CR5 and HHI, on a small register with hand-computed figures, and
on the shipped Aachen data."""

from __future__ import annotations

import pytest

from industriedialog.actors.models import Organisation, employee_band_for
from industriedialog.actors.tests.factories import OrganisationFactory
from industriedialog.outreach.structure import (
    BAND_ESTIMATES,
    Reading,
    economic_structure,
    hhi_reading,
)

AACHEN = "05334002"


def build_register() -> dict[str, Organisation]:
    """Eight firms of the city, one elsewhere and a chamber. Employment: 1,000 in all, 800
    in industry (B–E); the figures in the tests are worked out by hand from these. (The
    `users` fixture adds its own company in the city, with neither WZ code nor size.)"""
    make = OrganisationFactory
    return {
        "anlagenbau": make(
            name="Anlagenbau AG",
            wz_code="28.41",
            employee_band="250-999",
            employee_count=400,
            is_training_company=True,
        ),
        "blechtechnik": make(
            name="Blechtechnik GmbH",
            wz_code="25.50",
            employee_band="50-249",
            employee_count=200,
            is_public=False,
        ),
        "confiserie": make(
            name="Confiserie KG",
            wz_code="10.82",
            employee_band="50-249",  # no count: estimated 150
            is_training_company=True,
            is_example_data=True,
        ),
        "druckguss": make(name="Druckguss GmbH", wz_code="24.53"),  # neither count nor band
        "energie": make(
            name="Energie Aachen GmbH",
            wz_code="35.11",
            employee_band="50-249",
            employee_count=50,
            is_training_company=True,
        ),
        "grosshandel": make(
            name="Großhandel GmbH", wz_code="46.69", employee_band="50-249", employee_count=150
        ),
        "ingenieure": make(name="Ingenieure PartG", wz_code="71.12", employee_band="1-9"),
        "ohne-wz": make(name="Ohne Code GmbH", employee_band="10-49", employee_count=45),
        "elsewhere": make(
            name="Dürener Maschinen GmbH",
            wz_code="28.41",
            employee_band="1000+",
            employee_count=1200,
            city="Düren",
            postal_code="52349",
            municipality_key="05358008",
        ),
        "chamber": make(name="Kammer", kind="chamber", employee_band="250-999", employee_count=300),
    }


@pytest.fixture
def register(db):
    return build_register()


def figures(row) -> tuple:
    return (
        row.letter,
        row.firms,
        row.employees,
        row.estimated_firms,
        row.unknown_firms,
        row.training_firms,
        row.example_firms,
    )


def test_figures_by_section_for_the_city(register, users):
    structure = economic_structure(users["staff"])

    assert structure.municipality_key == AACHEN
    assert [figures(row) for row in structure.rows] == [
        ("C", 4, 750, 1, 1, 2, 1),
        ("D", 1, 50, 0, 0, 1, 0),
        ("G", 1, 150, 0, 0, 0, 0),
        ("M", 1, 5, 1, 0, 0, 0),
        ("", 2, 45, 0, 1, 0, 0),
    ]
    assert [row.display_label for row in structure.rows] == [
        "C – Verarbeitendes Gewerbe",
        "D – Energieversorgung",
        "G – Handel; Instandhaltung und Reparatur von Kraftfahrzeugen",
        "M – Freiberufliche, wissenschaftliche und technische Dienstleistungen",
        "ohne WZ-Angabe",
    ]
    assert [row.employee_share for row in structure.rows] == [75.0, 5.0, 15.0, 0.5, 4.5]
    assert [row.training_share for row in structure.rows] == [50.0, 100.0, 0.0, 0.0, 0.0]
    assert figures(structure.total) == ("", 9, 1000, 2, 2, 3, 1)
    assert structure.total.training_share == pytest.approx(100 / 3)


def test_concentration_over_all_firms_of_the_city(register, users):
    concentration = economic_structure(users["staff"]).concentration

    # 400² + 200² + 150² + 150² + 50² + 45² + 5² = 249,550; / 1,000² × 10,000
    assert concentration.hhi == 2495.5
    assert concentration.reading == Reading.MODERATE
    assert concentration.reading_label == "mäßig konzentriert"
    assert [(e.name, e.employees, e.is_estimated, e.share) for e in concentration.top] == [
        ("Anlagenbau AG", 400, False, 40.0),
        ("Blechtechnik GmbH", 200, False, 20.0),
        ("Confiserie KG", 150, True, 15.0),
        ("Großhandel GmbH", 150, False, 15.0),
        ("Energie Aachen GmbH", 50, False, 5.0),
    ]
    assert concentration.cr5 == 95.0


def test_industry_is_sections_b_to_e(register, users):
    structure = economic_structure(users["staff"])

    industry = structure.industry
    assert figures(industry) == ("", 5, 800, 1, 1, 3, 1)
    assert industry.training_share == 60.0
    # (400² + 200² + 150² + 50²) / 800² × 10,000 = 225,000 / 640,000 × 10,000
    assert structure.industry_concentration.hhi == 3515.625
    assert structure.industry_concentration.reading == Reading.HIGH
    assert structure.industry_concentration.cr5 == 100.0
    assert [e.share for e in structure.industry_concentration.top] == [50.0, 25.0, 18.75, 6.25]


def test_selected_sections_limit_rows_totals_and_concentration(register, users):
    only_industry = economic_structure(users["staff"], sections=["E", "D", "C", "B"])
    trade = economic_structure(users["staff"], sections=["G", "M"])

    assert only_industry.sections == ("B", "C", "D", "E")
    assert only_industry.is_industry_only
    assert [row.letter for row in only_industry.rows] == ["C", "D"]
    assert figures(only_industry.total) == figures(only_industry.industry)
    assert only_industry.concentration.hhi == 3515.625
    assert [row.employee_share for row in only_industry.rows] == [93.75, 6.25]
    assert [figures(row) for row in trade.rows] == [
        ("G", 1, 150, 0, 0, 0, 0),
        ("M", 1, 5, 1, 0, 0, 0),
    ]
    # (150² + 5²) / 155² × 10,000
    assert trade.concentration.hhi == pytest.approx(9375.65036, abs=1e-5)
    assert trade.concentration.cr5 == 100.0
    assert not trade.is_industry_only
    assert trade.industry.employees == 800  # industry stays the city's industry


def test_another_municipality(register, users):
    structure = economic_structure(users["staff"], municipality_key="05358008")

    assert [figures(row) for row in structure.rows] == [("C", 1, 1200, 0, 0, 0, 0)]
    assert structure.concentration.hhi == 10_000
    assert structure.concentration.cr5 == 100.0


def test_a_municipality_without_firms_has_no_figures(register, users):
    structure = economic_structure(users["staff"], municipality_key="09564000")

    assert structure.rows == ()
    assert figures(structure.total) == ("", 0, 0, 0, 0, 0, 0)
    assert structure.total.training_share is None
    assert structure.concentration.hhi is None
    assert structure.concentration.cr5 is None
    assert structure.concentration.reading_label == "–"


def test_others_count_only_the_firms_they_may_see(register, users):
    public = economic_structure(users["public"])

    assert figures(public.total) == ("", 8, 800, 2, 2, 3, 1)
    assert "Blechtechnik GmbH" not in [e.name for e in public.concentration.top]


def test_unknown_sections_are_refused(users):
    with pytest.raises(ValueError, match="Unknown WZ sections"):
        economic_structure(users["staff"], sections=["C", "Z"])


@pytest.mark.parametrize(
    ("hhi", "reading"),
    [
        (0, Reading.UNCONCENTRATED),
        (1499.99, Reading.UNCONCENTRATED),
        (1500, Reading.MODERATE),
        (2500, Reading.MODERATE),
        (2500.01, Reading.HIGH),
        (10_000, Reading.HIGH),
    ],
)
def test_hhi_thresholds(hhi, reading):
    assert hhi_reading(hhi) == reading


def test_band_estimates_lie_inside_their_bands():
    assert {band: employee_band_for(value) for band, value in BAND_ESTIMATES.items()} == {
        band: band for band in BAND_ESTIMATES
    }


@pytest.mark.parametrize(("sections", "queries"), [((), 3), (("B", "C", "D", "E"), 2)])
def test_query_count_does_not_grow_with_firms(
    register, users, organisation_factory, django_assert_num_queries, sections, queries
):
    with django_assert_num_queries(queries):
        economic_structure(users["staff"], sections=sections)
    for number in range(30):
        organisation_factory(
            name=f"Zusatzbetrieb {number} GmbH", wz_code="25.62", employee_band="10-49"
        )
    with django_assert_num_queries(queries):
        structure = economic_structure(users["staff"], sections=sections)
    assert structure.total.firms == (5 if sections else 9) + 30


def test_aachen_data(aachen_data, users):
    """The shipped data: the example firms carry a count inside their band, the named
    (real) firms none; the figures below are what the page shows for Aachen."""
    companies = Organisation.objects.filter(kind="company")
    for firm in companies.exclude(employee_count=None):
        assert firm.is_example_data, firm.slug
        assert employee_band_for(firm.employee_count) == firm.employee_band, firm.slug
    assert not companies.filter(is_example_data=True, employee_count=None).exists()

    structure = economic_structure(users["staff"], sections=["B", "C", "D", "E"])

    # Worked out independently from the two JSON files of actors/data/aachen/.
    assert structure.total.firms == 160
    assert structure.total.employees == 24_767
    assert structure.total.estimated_firms == 3  # Brammertz, Mahr, PH Mechanik
    assert structure.total.unknown_firms == 3  # Philips, 3win, Fecken-Kirfel: no band
    assert structure.total.training_firms == 95
    assert structure.concentration.cr5 == pytest.approx(38.422, abs=1e-3)
    assert structure.concentration.hhi == pytest.approx(396.683, abs=1e-3)
    assert structure.concentration.reading == Reading.UNCONCENTRATED
    assert [e.employees for e in structure.concentration.top] == [2242, 2221, 1735, 1703, 1615]
