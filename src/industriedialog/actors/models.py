"""The register: organisations (companies, chambers, associations, …) and people."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

postal_code_validator = RegexValidator(
    r"^\d{5}$", _("Die Postleitzahl muss aus fünf Ziffern bestehen.")
)
municipality_key_validator = RegexValidator(
    r"^\d{8}$", _("Der Gemeindeschlüssel (AGS) muss aus acht Ziffern bestehen.")
)
wz_code_validator = RegexValidator(
    r"^([A-U]|\d{2}(\.\d{1,2}(\.\d)?)?)$",
    _(
        "Der WZ-Code muss ein Abschnitt (z. B. „C“) oder ein Code wie „28“, „28.4“, "
        "„28.41“ oder „28.41.0“ sein."
    ),
)


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Unternehmen")
    CHAMBER = "chamber", _("Kammer")
    ASSOCIATION = "association", _("Verband")
    UNION = "union", _("Gewerkschaft")
    PUBLIC_BODY = "public_body", _("Öffentliche Stelle")
    UNIVERSITY = "university", _("Hochschule/Forschung")
    SCHOOL = "school", _("Schule")
    OTHER = "other", _("Sonstige")


class EmployeeBand(models.TextChoices):
    MICRO = "1-9", _("1–9 Beschäftigte")
    SMALL = "10-49", _("10–49 Beschäftigte")
    MEDIUM = "50-249", _("50–249 Beschäftigte")
    LARGE = "250-999", _("250–999 Beschäftigte")
    VERY_LARGE = "1000+", _("1.000 und mehr Beschäftigte")


# The employee counts each band covers (lowest, highest; None = open upwards).
EMPLOYEE_BAND_RANGES: dict[str, tuple[int, int | None]] = {
    EmployeeBand.MICRO: (1, 9),
    EmployeeBand.SMALL: (10, 49),
    EmployeeBand.MEDIUM: (50, 249),
    EmployeeBand.LARGE: (250, 999),
    EmployeeBand.VERY_LARGE: (1000, None),
}


def employee_band_for(count: int) -> str:
    """The band an employee count falls into ("" for 0: no band covers it)."""
    for band, (lowest, highest) in EMPLOYEE_BAND_RANGES.items():
        if count >= lowest and (highest is None or count <= highest):
            return band
    return ""


class WzVersion(models.TextChoices):
    WZ2008 = "WZ2008", _("WZ 2008")
    WZ2025 = "WZ2025", _("WZ 2025")


# WZ 2008 sections by two-digit division (Destatis), used for the sector filter.
WZ2008_SECTIONS: dict[str, tuple[int, int, str]] = {
    "A": (1, 3, "Land- und Forstwirtschaft, Fischerei"),
    "B": (5, 9, "Bergbau und Gewinnung von Steinen und Erden"),
    "C": (10, 33, "Verarbeitendes Gewerbe"),
    "D": (35, 35, "Energieversorgung"),
    "E": (36, 39, "Wasserversorgung; Abwasser- und Abfallentsorgung"),
    "F": (41, 43, "Baugewerbe"),
    "G": (45, 47, "Handel; Instandhaltung und Reparatur von Kraftfahrzeugen"),
    "H": (49, 53, "Verkehr und Lagerei"),
    "I": (55, 56, "Gastgewerbe"),
    "J": (58, 63, "Information und Kommunikation"),
    "K": (64, 66, "Finanz- und Versicherungsdienstleistungen"),
    "L": (68, 68, "Grundstücks- und Wohnungswesen"),
    "M": (69, 75, "Freiberufliche, wissenschaftliche und technische Dienstleistungen"),
    "N": (77, 82, "Sonstige wirtschaftliche Dienstleistungen"),
    "O": (84, 84, "Öffentliche Verwaltung, Verteidigung; Sozialversicherung"),
    "P": (85, 85, "Erziehung und Unterricht"),
    "Q": (86, 88, "Gesundheits- und Sozialwesen"),
    "R": (90, 93, "Kunst, Unterhaltung und Erholung"),
    "S": (94, 96, "Erbringung von sonstigen Dienstleistungen"),
    "T": (97, 98, "Private Haushalte"),
    "U": (99, 99, "Exterritoriale Organisationen und Körperschaften"),
}


def wz_section(code: str) -> str:
    """The WZ 2008 section letter of a code ("28.41" → "C"), "" when unknown."""
    code = (code or "").strip()
    if not code:
        return ""
    if code[0].isalpha():
        return code[0].upper()
    try:
        division = int(code[:2])
    except ValueError:
        return ""
    for letter, (first, last, _label) in WZ2008_SECTIONS.items():
        if first <= division <= last:
            return letter
    return ""


class Organisation(models.Model):
    """A company, chamber, association, union, public body, university, school or other
    organisation of the region."""

    kind = models.CharField(_("Art"), max_length=16, choices=OrganisationKind.choices)
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=80, blank=True)
    slug = models.SlugField(_("Kürzel"), max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Übergeordnete Organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    wz_code = models.CharField(
        _("WZ-Code"), max_length=10, blank=True, validators=[wz_code_validator]
    )
    wz_version = models.CharField(
        _("WZ-Klassifikation"), max_length=8, blank=True, choices=WzVersion.choices
    )
    wz_section = models.CharField(
        _("WZ-Abschnitt"), max_length=1, blank=True, editable=False, db_index=True
    )
    employee_band = models.CharField(
        _("Beschäftigte"), max_length=8, blank=True, choices=EmployeeBand.choices
    )
    employee_count = models.PositiveIntegerField(
        _("Beschäftigte (Anzahl)"),
        null=True,
        blank=True,
        help_text=_(
            "Die Zahl der Beschäftigten, soweit bekannt. Sie muss zur Größenklasse passen; "
            "ohne Zahl schätzt die Wirtschaftsstruktur aus der Größenklasse."
        ),
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("Postleitzahl"), max_length=5, blank=True, validators=[postal_code_validator]
    )
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    municipality_key = models.CharField(
        _("Gemeindeschlüssel (AGS)"),
        max_length=8,
        blank=True,
        validators=[municipality_key_validator],
        db_index=True,
    )
    latitude = models.FloatField(_("Breitengrad"), null=True, blank=True)
    longitude = models.FloatField(_("Längengrad"), null=True, blank=True)
    is_training_company = models.BooleanField(_("Ausbildungsbetrieb"), default=False)
    has_production_site = models.BooleanField(_("Produktionsstandort in der Stadt"), default=False)
    website = models.URLField(_("Website"), blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    tags = models.JSONField(_("Schlagworte"), default=list, blank=True)
    internal_notes = models.TextField(_("Interne Notizen"), blank=True)
    is_public = models.BooleanField(
        _("öffentlich sichtbar"),
        default=True,
        help_text=_(
            "Nicht öffentliche Einträge sehen nur die Wirtschaftsförderung und die "
            "Organisation selbst."
        ),
    )
    is_example_data = models.BooleanField(_("Beispieldaten"), default=False)
    sort_key = models.CharField(max_length=300, editable=False, db_index=True)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["sort_key"])

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["sort_key", "id"]
        indexes = [
            models.Index(fields=["kind", "sort_key"]),
            models.Index(fields=["is_public", "sort_key"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actors:organisation_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        # A count or band that failed its own field check has its message already.
        if not isinstance(self.employee_count, int) or (
            self.employee_band not in EMPLOYEE_BAND_RANGES
        ):
            return
        fitting = employee_band_for(self.employee_count)
        if fitting == self.employee_band:
            return
        band = EmployeeBand(self.employee_band).label
        if not fitting:
            message = _(
                "Die Größenklasse „%(band)s“ setzt mindestens eine beschäftigte Person voraus. "
                "Bitte korrigieren Sie die Zahl oder lassen Sie die Größenklasse leer."
            ) % {"band": band}
        else:
            message = _(
                "%(count)s Beschäftigte passen nicht zur Größenklasse „%(band)s“. Bitte "
                "korrigieren Sie die Zahl oder wählen Sie die Größenklasse „%(fitting)s“."
            ) % {
                "count": number_format(self.employee_count, force_grouping=True),
                "band": band,
                "fitting": EmployeeBand(fitting).label,
            }
        raise ValidationError({"employee_count": message}, code="employee_band_mismatch")

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def wz_section_label(self) -> str:
        section = WZ2008_SECTIONS.get(self.wz_section)
        return f"{self.wz_section} – {section[2]}" if section else ""


class Person(models.Model):
    """A person of the register. Contact data is shown only to those who may see it;
    the public sees a person only with `is_public` (consent to be listed)."""

    title = models.CharField(_("Titel"), max_length=40, blank=True)
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    slug = models.SlugField(_("Kürzel"), max_length=120, unique=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    is_public = models.BooleanField(_("öffentlich genannt"), default=False)
    quote = models.TextField(_("Zitat"), blank=True)
    is_example_data = models.BooleanField(_("Beispieldaten"), default=False)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["last_name", "first_name", "id"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.title, self.first_name, self.last_name) if part)


class Affiliation(models.Model):
    """A person's role in an organisation."""

    class Role(models.TextChoices):
        REPRESENTATIVE = "representative", _("Vertretung")
        EMPLOYEE = "employee", _("Mitarbeit")
        CONTACT = "contact", _("Ansprechperson")
        MANAGEMENT = "management", _("Leitung")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("Person")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="affiliations",
        verbose_name=_("Organisation"),
    )
    role = models.CharField(
        _("Rolle"), max_length=16, choices=Role.choices, default=Role.REPRESENTATIVE
    )
    position = models.CharField(_("Funktion"), max_length=200, blank=True)
    is_primary = models.BooleanField(_("Hauptzugehörigkeit"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Zugehörigkeit")
        verbose_name_plural = _("Zugehörigkeiten")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "role"], name="affiliation_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.position or self.get_role_display()}, {self.organisation}"


class Consent(models.Model):
    """A person's consent to one purpose, in the wording of one text version
    (DSGVO Art. 7: demonstrable, revocable)."""

    class Purpose(models.TextChoices):
        PUBLIC_LISTING = "public_listing", _("Öffentliche Nennung im Register")
        NEWSLETTER = "newsletter", _("Newsletter")
        CONTACT = "contact", _("Kontaktaufnahme durch die Wirtschaftsförderung")
        JOB_EXCHANGE = "job_exchange", _("Teilnahme an der Jobbörse")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("Person")
    )
    purpose = models.CharField(_("Zweck"), max_length=32, choices=Purpose.choices)
    text_version = models.CharField(_("Textfassung"), max_length=40)
    given_at = models.DateTimeField(_("erteilt am"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Einwilligung")
        verbose_name_plural = _("Einwilligungen")
        ordering = ["-given_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True)
                | models.Q(withdrawn_at__gte=models.F("given_at")),
                name="consent_withdrawn_after_given",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_purpose_display()}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
