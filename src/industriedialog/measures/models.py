"""The living catalogue of measures: fields of action, measures with phases, partners and
progress, their dated updates, dependencies, and the staff capacity per quarter that the
roadmap planner schedules against."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ActionField(models.Model):
    """A numbered field of action ("2. Fachkräfte-Potenziale erschließen" >
    "2.1 Qualifizierte Zuwanderung")."""

    initiative = models.ForeignKey(
        "core.Initiative",
        on_delete=models.CASCADE,
        related_name="action_fields",
        verbose_name=_("Initiative"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("übergeordnetes Feld"),
    )
    number = models.CharField(_("Nummer"), max_length=20)
    title = models.CharField(_("Titel"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    sort_key = models.CharField(max_length=60, editable=False)

    class Meta:
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        ordering = ["initiative", "sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "number"], name="actionfield_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def save(self, *args, **kwargs):
        self.sort_key = number_sort_key(self.number)
        super().save(*args, **kwargs)


def number_sort_key(number: str) -> str:
    """ "2.10" sorts after "2.9": each numeric part zero-padded."""
    parts = [p for p in number.replace(" ", "").strip(".").split(".") if p]
    return ".".join(p.zfill(4) if p.isdigit() else p for p in parts)[:60]


class Phase(models.TextChoices):
    IDEA = "idea", _("Ideenphase")
    CONCEPT = "concept", _("Orientierungs- und Konzeptionierungsphase")
    IMPLEMENTATION = "implementation", _("Umsetzungs- und Evaluierungsphase")
    COMPLETED = "completed", _("abgeschlossen")
    DEFERRED = "deferred", _("zurückgestellt")


class MeasureKind(models.TextChoices):
    QUICK_WIN = "quick_win", _("Quick Win")
    LEAD_PROJECT = "lead_project", _("Leitprojekt")
    REGULAR = "regular", _("Maßnahme")


class Cost(models.TextChoices):
    FREE = "free", _("kostenfrei")
    PAID = "paid", _("kostenpflichtig")
    FUNDED = "funded", _("gefördert")


class Measure(models.Model):
    initiative = models.ForeignKey(
        "core.Initiative",
        on_delete=models.CASCADE,
        related_name="measures",
        verbose_name=_("Initiative"),
    )
    field = models.ForeignKey(
        ActionField,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name=_("Handlungsfeld"),
    )
    number = models.CharField(_("Nummer"), max_length=20, blank=True)
    external_id = models.SlugField(
        _("Externe ID"),
        max_length=80,
        unique=True,
        help_text=_("Stabile Kennung für Import und Export."),
    )
    title = models.CharField(_("Titel"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    phase = models.CharField(
        _("Phase"), max_length=16, choices=Phase.choices, default=Phase.IDEA, db_index=True
    )
    phase_inferred = models.BooleanField(
        _("Phase erschlossen"),
        default=False,
        help_text=_("Die Quelle nennt die Phase nicht; sie wurde aus dem Wortlaut erschlossen."),
    )
    phase_note = models.CharField(_("Hinweis zur Phase"), max_length=300, blank=True)
    is_flagship = models.BooleanField(_("Leuchtturmprojekt / Schwerpunktthema"), default=False)
    kind = models.CharField(
        _("Art"), max_length=16, choices=MeasureKind.choices, default=MeasureKind.REGULAR
    )
    cost = models.CharField(
        _("Kosten für Teilnehmende"), max_length=8, choices=Cost.choices, default=Cost.FREE
    )
    effort_person_days = models.DecimalField(
        _("Personaltage je Quartal"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Geschätzter Aufwand der Wirtschaftsförderung je Quartal der Laufzeit."),
    )
    duration_quarters = models.PositiveSmallIntegerField(
        _("Dauer (Quartale)"), default=1, validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    planned_start = models.DateField(_("geplanter Beginn"), null=True, blank=True)
    planned_end = models.DateField(_("geplantes Ende"), null=True, blank=True)
    actual_start = models.DateField(_("tatsächlicher Beginn"), null=True, blank=True)
    actual_end = models.DateField(_("tatsächliches Ende"), null=True, blank=True)
    earliest_start = models.DateField(_("frühester Beginn"), null=True, blank=True)
    is_pinned = models.BooleanField(
        _("Termin fest"),
        default=False,
        help_text=_("Der Roadmap-Planer verschiebt den geplanten Beginn nicht."),
    )
    priority = models.PositiveSmallIntegerField(
        _("Priorität"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 = höchste Priorität"),
    )
    progress = models.PositiveSmallIntegerField(
        _("Fortschritt (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    responsible_body = models.ForeignKey(
        "dialog.Body",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
        verbose_name=_("verantwortliches Gremium"),
    )
    depends_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="dependents",
        verbose_name=_("hängt ab von"),
    )
    source = models.CharField(_("Quelle"), max_length=200, blank=True)
    is_public = models.BooleanField(_("öffentlich"), default=True)
    is_example_data = models.BooleanField(_("Beispieldaten"), default=False)
    sort_key = models.CharField(max_length=60, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["sort_key"], m2m_fields=[])

    class Meta:
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        ordering = ["initiative", "sort_key", "id"]
        indexes = [
            models.Index(fields=["initiative", "phase"]),
            models.Index(fields=["field", "sort_key"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="measure_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_start__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="measure_planned_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("measures:measure_detail", kwargs={"external_id": self.external_id})


class MeasurePartner(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Federführung")
        PARTNER = "partner", _("Partner")
        FUNDER = "funder", _("Förderer")

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="partners", verbose_name=_("Maßnahme")
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.PROTECT,
        related_name="measure_partnerships",
        verbose_name=_("Organisation"),
    )
    role = models.CharField(_("Rolle"), max_length=8, choices=Role.choices, default=Role.PARTNER)

    class Meta:
        verbose_name = _("Partner der Maßnahme")
        verbose_name_plural = _("Partner der Maßnahmen")
        ordering = ["measure", "role", "organisation__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "organisation"], name="measurepartner_unique_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class MeasureUpdate(models.Model):
    """A dated change of phase, progress or text with its author and note: the timeline."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="updates", verbose_name=_("Maßnahme")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measure_updates",
        verbose_name=_("von"),
    )
    date = models.DateField(_("Datum"), default=timezone.localdate)
    phase_before = models.CharField(
        _("Phase vorher"), max_length=16, choices=Phase.choices, blank=True
    )
    phase_after = models.CharField(
        _("Phase nachher"), max_length=16, choices=Phase.choices, blank=True
    )
    progress_before = models.PositiveSmallIntegerField(
        _("Fortschritt vorher"), null=True, blank=True
    )
    progress_after = models.PositiveSmallIntegerField(
        _("Fortschritt nachher"), null=True, blank=True
    )
    changed_fields = models.JSONField(_("geänderte Felder"), default=list, blank=True)
    note = models.TextField(_("Notiz"), blank=True)
    created_at = models.DateTimeField(_("erfasst am"), default=timezone.now)

    class Meta:
        verbose_name = _("Sachstand")
        verbose_name_plural = _("Sachstände")
        ordering = ["-date", "-created_at", "-id"]
        indexes = [models.Index(fields=["measure", "date"])]

    def __str__(self) -> str:
        return f"{self.measure}: {self.date:%d.%m.%Y}"


class QuarterCapacity(models.Model):
    """Staff capacity of the office for the initiative's measures in one quarter."""

    initiative = models.ForeignKey(
        "core.Initiative",
        on_delete=models.CASCADE,
        related_name="capacities",
        verbose_name=_("Initiative"),
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    quarter = models.PositiveSmallIntegerField(
        _("Quartal"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    person_days = models.DecimalField(
        _("Personaltage"),
        max_digits=7,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("Kapazität je Quartal")
        verbose_name_plural = _("Kapazitäten je Quartal")
        ordering = ["initiative", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "year", "quarter"], name="quartercapacity_unique_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}/Q{self.quarter}: {self.person_days} PT"
