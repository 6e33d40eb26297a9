"""The economic structure of a municipality ("Gesamtbetrachtung der lokalen
Wirtschaftsstruktur", seeds 000/001): firms, employment and training companies by WZ 2008
section, and how concentrated employment is.

Pure computation over the register, no views. A firm is an organisation of kind
"company" with the municipality key (AGS). Its employment is the register's
`employee_count`; when that is empty, an estimate from its size band (`BAND_ESTIMATES`,
counted as estimated); with neither, the firm counts as a firm with unknown employment and
weighs nothing in the concentration figures.

Concentration over employment:

- CR5: the share (in %) of the five largest employers in all employment.
- Herfindahl-Hirschman index (HHI): the sum of the squared employment shares of all firms,
  the shares in percent, so 0 (many tiny firms) to 10,000 (one firm employs everyone).
  The reading follows the thresholds of the U.S. Department of Justice and Federal Trade
  Commission, Horizontal Merger Guidelines of 19 August 2010, section 5.3 ("Market
  Concentration"): below 1,500 unconcentrated, 1,500 to 2,500 moderately concentrated,
  above 2,500 highly concentrated. (The 2023 Merger Guidelines lowered the thresholds to
  1,000 and 1,800; the 2010 values are the ones regional economic analyses usually cite,
  and `HHI_MODERATE`/`HHI_HIGH` hold them in one place.)

Queries: one aggregate per WZ section in the database, and one query for the five largest
employers of the selection (a second one for those of industry when the selection is wider
than industry), whatever the number of firms.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from industriedialog.actors.models import (
    WZ2008_SECTIONS,
    EmployeeBand,
    Organisation,
    OrganisationKind,
)
from industriedialog.actors.selectors import organisations_visible_to

INDUSTRY_SECTIONS = ("B", "C", "D", "E")  # Produzierendes Gewerbe ohne Baugewerbe
TOP_EMPLOYERS = 5
# Employees assumed for a firm with a band but no count: the middle of a closed band
# (rounded), the lower bound of the open one (nothing is known above it, so the estimate
# does not invent large employers).
BAND_ESTIMATES: dict[str, int] = {
    EmployeeBand.MICRO: 5,
    EmployeeBand.SMALL: 30,
    EmployeeBand.MEDIUM: 150,
    EmployeeBand.LARGE: 625,
    EmployeeBand.VERY_LARGE: 1000,
}
HHI_MODERATE = 1500  # from here on moderately concentrated (inclusive)
HHI_HIGH = 2500  # above this highly concentrated
NO_SECTION_LABEL = _("ohne WZ-Angabe")


class Reading:
    """The reading of an HHI value."""

    UNCONCENTRATED = "unconcentrated"
    MODERATE = "moderate"
    HIGH = "high"
    LABELS = {
        UNCONCENTRATED: _("nicht konzentriert"),
        MODERATE: _("mäßig konzentriert"),
        HIGH: _("hoch konzentriert"),
    }


def hhi_reading(hhi: float) -> str:
    """`Reading.UNCONCENTRATED` below 1,500, `MODERATE` from 1,500 to 2,500, `HIGH` above."""
    if hhi > HHI_HIGH:
        return Reading.HIGH
    if hhi >= HHI_MODERATE:
        return Reading.MODERATE
    return Reading.UNCONCENTRATED


def percent(part: float, whole: float) -> float | None:
    return 100 * part / whole if whole else None


@dataclass(frozen=True)
class SectionFigures:
    """The figures of one WZ section (or of the total, `letter` "" and `is_total`)."""

    letter: str
    label: str | Promise
    firms: int
    employees: int
    estimated_firms: int  # employment estimated from the band
    unknown_firms: int  # neither count nor band
    training_firms: int
    example_firms: int
    employee_squares: int  # sum of each firm's employees squared, for the HHI
    total_employees: int  # of the whole selection, for the share
    is_total: bool = False

    @property
    def employee_share(self) -> float | None:
        """This section's share of all employment of the selection, in %."""
        return percent(self.employees, self.total_employees)

    @property
    def training_share(self) -> float | None:
        """Share of the section's firms that train apprentices, in %."""
        return percent(self.training_firms, self.firms)

    @property
    def display_label(self) -> str:
        return f"{self.letter} – {self.label}" if self.letter else str(self.label)


@dataclass(frozen=True)
class Employer:
    name: str
    slug: str
    section: str
    employees: int
    is_estimated: bool
    share: float  # of all employment of the selection, in %


@dataclass(frozen=True)
class Concentration:
    """CR5 and HHI over the employment of a set of firms."""

    employees: int
    employee_squares: int
    top: tuple[Employer, ...]

    @property
    def cr5(self) -> float | None:
        """Share of the five largest employers in all employment, in % (None: no data)."""
        return percent(sum(employer.employees for employer in self.top), self.employees)

    @property
    def hhi(self) -> float | None:
        """Herfindahl-Hirschman index, 0–10,000 (None: no employment known)."""
        if not self.employees:
            return None
        return 10_000 * self.employee_squares / self.employees**2

    @property
    def reading(self) -> str:
        hhi = self.hhi
        return "" if hhi is None else hhi_reading(hhi)

    @property
    def reading_label(self) -> str:
        return str(Reading.LABELS.get(self.reading, "–"))


@dataclass(frozen=True)
class EconomicStructure:
    municipality_key: str
    sections: tuple[str, ...]  # the selected sections, () for all
    rows: tuple[SectionFigures, ...]  # by section letter, "ohne WZ-Angabe" last
    total: SectionFigures
    concentration: Concentration
    # Industry (B–E) within the municipality, whatever the selection.
    industry: SectionFigures
    industry_concentration: Concentration

    @property
    def is_industry_only(self) -> bool:
        return set(self.sections) == set(INDUSTRY_SECTIONS)

    @property
    def estimated_firms(self) -> int:
        return self.total.estimated_firms


def employees_expression() -> Coalesce:
    """The employees of a firm in SQL: the count, else the band's estimate, else NULL."""
    estimate = Case(
        *(When(employee_band=band, then=Value(value)) for band, value in BAND_ESTIMATES.items()),
        default=Value(None),
        output_field=IntegerField(),
    )
    return Coalesce(F("employee_count"), estimate, output_field=IntegerField())


def firms_of(user: Any, municipality_key: str) -> QuerySet[Organisation]:
    """The firms of the municipality that `user` may see."""
    return organisations_visible_to(user).filter(
        kind=OrganisationKind.COMPANY, municipality_key=municipality_key
    )


def economic_structure(
    user: Any,
    *,
    municipality_key: str | None = None,
    sections: Iterable[str] | None = None,
) -> EconomicStructure:
    """The structure of the firms of `municipality_key` (default: the platform's
    municipality) that `user` may see, limited to the WZ `sections` when given."""
    key = municipality_key or settings.PLATFORM_MUNICIPALITY_KEY
    selected = tuple(sorted(set(sections or ())))
    unknown = set(selected) - set(WZ2008_SECTIONS)
    if unknown:
        raise ValueError(f"Unknown WZ sections: {sorted(unknown)}")
    firms = firms_of(user, key)
    per_section = _section_aggregates(firms)

    chosen = [letter for letter in per_section if not selected or letter in selected]
    rows = _rows(per_section, chosen)
    total = _sum_row(rows, label=_("Insgesamt"))
    industry_rows = _rows(
        per_section, [letter for letter in per_section if letter in INDUSTRY_SECTIONS]
    )
    industry = _sum_row(industry_rows, label=_("Industrie (Abschnitte B–E)"))

    top = _top_employers(firms, selected, total.employees)
    if selected == INDUSTRY_SECTIONS:
        industry_top = top
    else:
        industry_top = _top_employers(firms, INDUSTRY_SECTIONS, industry.employees)
    return EconomicStructure(
        municipality_key=key,
        sections=selected,
        rows=tuple(rows),
        total=total,
        concentration=Concentration(total.employees, total.employee_squares, top),
        industry=industry,
        industry_concentration=Concentration(
            industry.employees, industry.employee_squares, industry_top
        ),
    )


def _section_aggregates(firms: QuerySet[Organisation]) -> dict[str, dict[str, int]]:
    """Section letter → sums, in one grouped query."""
    estimated = Q(employee_count__isnull=True) & ~Q(employee_band="")
    rows = (
        firms.annotate(staff=employees_expression())
        .values("wz_section")
        .annotate(
            firms=Count("pk"),
            employees=Coalesce(Sum("staff"), 0),
            employee_squares=Coalesce(Sum(F("staff") * F("staff")), 0),
            estimated_firms=Count("pk", filter=estimated),
            unknown_firms=Count("pk", filter=Q(employee_count__isnull=True, employee_band="")),
            training_firms=Count("pk", filter=Q(is_training_company=True)),
            example_firms=Count("pk", filter=Q(is_example_data=True)),
        )
        .order_by("wz_section")
    )
    by_letter: dict[str, dict[str, int]] = {}
    for row in rows:
        sums: dict[str, Any] = dict(row)
        by_letter[sums.pop("wz_section")] = sums
    # Sections by letter, firms without a WZ code at the end.
    return {letter: by_letter[letter] for letter in sorted(by_letter, key=lambda s: (not s, s))}


def _rows(per_section: dict[str, dict[str, int]], letters: list[str]) -> list[SectionFigures]:
    total = sum(per_section[letter]["employees"] for letter in letters)
    rows = []
    for letter in letters:
        sums = per_section[letter]
        rows.append(
            SectionFigures(
                letter=letter,
                label=WZ2008_SECTIONS[letter][2] if letter in WZ2008_SECTIONS else NO_SECTION_LABEL,
                firms=sums["firms"],
                employees=sums["employees"],
                estimated_firms=sums["estimated_firms"],
                unknown_firms=sums["unknown_firms"],
                training_firms=sums["training_firms"],
                example_firms=sums["example_firms"],
                employee_squares=sums["employee_squares"],
                total_employees=total,
            )
        )
    return rows


def _sum_row(rows: list[SectionFigures], *, label: str | Promise) -> SectionFigures:
    def total(name: str) -> int:
        return sum(getattr(row, name) for row in rows)

    employees = total("employees")
    return SectionFigures(
        letter="",
        label=label,
        firms=total("firms"),
        employees=employees,
        estimated_firms=total("estimated_firms"),
        unknown_firms=total("unknown_firms"),
        training_firms=total("training_firms"),
        example_firms=total("example_firms"),
        employee_squares=total("employee_squares"),
        total_employees=employees,
        is_total=True,
    )


def _top_employers(
    firms: QuerySet[Organisation], sections: tuple[str, ...], total_employees: int
) -> tuple[Employer, ...]:
    if sections:
        firms = firms.filter(wz_section__in=sections)
    rows = (
        firms.annotate(staff=employees_expression())
        .filter(staff__isnull=False, staff__gt=0)
        .order_by("-staff", "sort_key", "pk")
        .values_list("name", "slug", "wz_section", "staff", "employee_count")[:TOP_EMPLOYERS]
    )
    return tuple(
        Employer(
            name=name,
            slug=slug,
            section=section,
            employees=staff,
            is_estimated=count is None,
            share=percent(staff, total_employees) or 0.0,
        )
        for name, slug, section, staff, count in rows
    )
