"""Caring for existing companies (Bestandspflege): outreach campaigns and their targets,
contact attempts, company visits with their reports, the needs they found, follow-ups
routed to partner institutions, and early-warning signals.

Visit notes and participants are personal data of the firms' staff: they are kept without
simple-history copies (a purge must really remove them), shown to staff only, and blanked
after the campaign's retention period (`industriedialog outreach_retention`)."""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .taxonomy import NeedField, NeedTopic, field_of


class Campaign(models.Model):
    """A round of outreach to a set of firms, e.g. the 2013/14 visits to all 160
    industrial firms of the city."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("in Vorbereitung")
        ACTIVE = "active", _("laufend")
        CLOSED = "closed", _("abgeschlossen")

    initiative = models.ForeignKey(
        "core.Initiative",
        on_delete=models.CASCADE,
        related_name="campaigns",
        verbose_name=_("Initiative"),
    )
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kürzel"), max_length=120, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    starts_on = models.DateField(_("Beginn"))
    ends_on = models.DateField(_("Ende"), null=True, blank=True)
    target_filter = models.JSONField(
        _("Auswahl der Zielunternehmen"),
        default=dict,
        blank=True,
        help_text=_("Der Filter, mit dem die Zielunternehmen gewählt wurden."),
    )
    note_retention_months = models.PositiveSmallIntegerField(
        _("Aufbewahrung der Besuchsnotizen (Monate)"),
        default=36,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "Nach Ablauf werden Notizen und Teilnehmende der Besuchsberichte gelöscht; "
            "Bedarfe, Wiedervorlagen und Signale bleiben erhalten."
        ),
    )
    is_example_data = models.BooleanField(_("Beispieldaten"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("angelegt von"),
    )
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Kampagne")
        verbose_name_plural = _("Kampagnen")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("outreach:campaign_detail", kwargs={"slug": self.slug})

    def reference_day(self, today: dt.date | None = None) -> dt.date:
        """The day the campaign's figures are judged on (early warning, overdue
        follow-ups): today, or its end when it ended before."""
        today = today or timezone.localdate()
        return min(today, self.ends_on) if self.ends_on else today


class TargetStatus(models.TextChoices):
    NOT_CONTACTED = "not_contacted", _("nicht kontaktiert")
    CONTACTED = "contacted", _("kontaktiert")
    DECLINED = "declined", _("kein Interesse")
    VISIT_PLANNED = "visit_planned", _("Besuch geplant")
    VISITED = "visited", _("besucht")


# The state machine of a target. A firm that declined may be contacted again later; a
# visited firm stays visited (further visits are recorded as visits).
TARGET_TRANSITIONS: dict[str, frozenset[str]] = {
    TargetStatus.NOT_CONTACTED: frozenset({TargetStatus.CONTACTED}),
    TargetStatus.CONTACTED: frozenset({TargetStatus.DECLINED, TargetStatus.VISIT_PLANNED}),
    TargetStatus.VISIT_PLANNED: frozenset(
        {TargetStatus.VISITED, TargetStatus.DECLINED, TargetStatus.CONTACTED}
    ),
    TargetStatus.DECLINED: frozenset({TargetStatus.CONTACTED}),
    TargetStatus.VISITED: frozenset(),
}


class Interest(models.TextChoices):
    HIGH = "high", _("hohes Interesse")
    BASIC = "basic", _("grundsätzliches Interesse")
    NONE = "none", _("kein Interesse")


class CampaignTarget(models.Model):
    """One firm of a campaign and where the office stands with it."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="targets", verbose_name=_("Kampagne")
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.PROTECT,
        related_name="campaign_targets",
        verbose_name=_("Unternehmen"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaign_targets",
        verbose_name=_("zuständig"),
    )
    status = models.CharField(
        _("Stand"),
        max_length=16,
        choices=TargetStatus.choices,
        default=TargetStatus.NOT_CONTACTED,
    )
    knew_dialogue = models.BooleanField(
        _("kannte den Industrie-Dialog bereits"), null=True, blank=True
    )
    interest = models.CharField(_("Interesse"), max_length=8, choices=Interest.choices, blank=True)
    visit_planned_on = models.DateField(_("Besuch geplant am"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("Stand geändert am"), default=timezone.now)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Zielunternehmen")
        verbose_name_plural = _("Zielunternehmen")
        ordering = ["campaign", "organisation__sort_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation"], name="campaigntarget_unique_firm"
            )
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.campaign})"

    def get_absolute_url(self) -> str:
        return reverse("outreach:target_detail", kwargs={"pk": self.pk})


class ContactAttempt(models.Model):
    class Channel(models.TextChoices):
        PHONE = "phone", _("Telefon")
        EMAIL = "email", _("E-Mail")
        LETTER = "letter", _("Brief")
        IN_PERSON = "in_person", _("persönlich")
        EVENT = "event", _("Veranstaltung")

    class Outcome(models.TextChoices):
        REACHED = "reached", _("erreicht")
        NOT_REACHED = "not_reached", _("nicht erreicht")
        CALLBACK = "callback", _("Rückruf vereinbart")
        DECLINED = "declined", _("kein Interesse")
        VISIT_AGREED = "visit_agreed", _("Besuch vereinbart")

    target = models.ForeignKey(
        CampaignTarget,
        on_delete=models.CASCADE,
        related_name="contact_attempts",
        verbose_name=_("Zielunternehmen"),
    )
    attempted_on = models.DateField(_("Datum"))
    channel = models.CharField(_("Weg"), max_length=16, choices=Channel.choices)
    outcome = models.CharField(_("Ergebnis"), max_length=16, choices=Outcome.choices)
    note = models.CharField(_("Notiz"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("erfasst von"),
    )
    created_at = models.DateTimeField(_("erfasst am"), default=timezone.now)

    class Meta:
        verbose_name = _("Kontaktversuch")
        verbose_name_plural = _("Kontaktversuche")
        ordering = ["-attempted_on", "-id"]

    def __str__(self) -> str:
        channel, outcome = self.get_channel_display(), self.get_outcome_display()
        return f"{self.attempted_on:%d.%m.%Y} {channel}: {outcome}"


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months, clamped to the month's last day (31.01. + 1 → 28./29.02.)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Visit(models.Model):
    """A company visit and its report. Notes and participants are personal data."""

    target = models.ForeignKey(
        CampaignTarget,
        on_delete=models.CASCADE,
        related_name="visits",
        verbose_name=_("Zielunternehmen"),
    )
    visited_on = models.DateField(_("Besuch am"))
    staff_participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="outreach_visits",
        verbose_name=_("Teilnehmende der Wirtschaftsförderung"),
    )
    company_participants = models.TextField(
        _("Teilnehmende des Unternehmens"),
        blank=True,
        help_text=_("Eine Person je Zeile, z. B. „Anna Beispiel, Geschäftsführerin“."),
    )
    notes = models.TextField(_("Notizen"), blank=True)
    notes_purged_at = models.DateTimeField(_("Notizen gelöscht am"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("erfasst von"),
    )
    created_at = models.DateTimeField(_("erfasst am"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Unternehmensbesuch")
        verbose_name_plural = _("Unternehmensbesuche")
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"{self.target.organisation} – {self.visited_on:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("outreach:visit_detail", kwargs={"pk": self.pk})

    def retain_until(self, retention_months: int) -> dt.date:
        return add_months(self.visited_on, retention_months)


class Need(models.Model):
    """A need a firm voiced (Handlungsbedarf), tagged with the shared taxonomy and linked to
    the measures that address it."""

    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.CASCADE,
        related_name="needs",
        verbose_name=_("Unternehmen"),
    )
    target = models.ForeignKey(
        CampaignTarget,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
        verbose_name=_("Zielunternehmen"),
    )
    visit = models.ForeignKey(
        Visit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
        verbose_name=_("Besuch"),
    )
    topic = models.CharField(_("Thema"), max_length=32, choices=NeedTopic.choices)
    field = models.CharField(
        _("Handlungsfeld"), max_length=16, choices=NeedField.choices, blank=True, editable=False
    )
    description = models.CharField(_("Beschreibung"), max_length=500, blank=True)
    measures = models.ManyToManyField(
        "measures.Measure",
        blank=True,
        related_name="needs",
        verbose_name=_("adressiert durch Maßnahmen"),
    )
    recorded_on = models.DateField(_("erfasst am"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("erfasst von"),
    )
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)

    class Meta:
        verbose_name = _("Bedarf")
        verbose_name_plural = _("Bedarfe")
        ordering = ["-recorded_on", "-id"]
        indexes = [
            models.Index(fields=["field", "topic"]),
            # The dashboard counts a campaign's needs by field and topic: with both in the
            # index next to the target, SQLite reads the index only, not the need rows
            # (bench/outreach.py: 50,000 needs, docs/benchmarks.md).
            models.Index(fields=["target", "topic", "field"]),
            # The needs of one topic, for counting a campaign's topic again after a change
            # (outreach.need_counts): the topic's needs, not every target of the campaign.
            models.Index(fields=["topic", "target"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()}: {self.organisation}"

    def save(self, *args, **kwargs):
        self.field = field_of(self.topic)
        super().save(*args, **kwargs)


class CampaignNeedTopic(models.Model):
    """Per campaign and need topic: how many needs, how many of them a measure addresses,
    and which measures address them. Counted anew from the needs after every change to a
    need or its measures (outreach.need_counts, on commit, under a row lock), so the
    dashboard reads a few rows instead of every need of the campaign."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="need_topics", verbose_name=_("Kampagne")
    )
    topic = models.CharField(_("Thema"), max_length=32, choices=NeedTopic.choices)
    needs = models.PositiveIntegerField(_("Bedarfe"), default=0)
    covered = models.PositiveIntegerField(_("davon durch Maßnahmen adressiert"), default=0)
    measures = models.ManyToManyField(
        "measures.Measure", blank=True, related_name="+", verbose_name=_("Maßnahmen")
    )

    class Meta:
        verbose_name = _("Bedarfe einer Kampagne je Thema")
        verbose_name_plural = _("Bedarfe der Kampagnen je Thema")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "topic"], name="outreach_campaign_need_topic_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.topic}: {self.needs}"


class FollowUp(models.Model):
    """A follow-up (Wiedervorlage / Weiterleitung): a need routed to a partner organisation
    or contact person with a due date. The partner sees the request, never the visit notes."""

    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        ANSWERED = "answered", _("beantwortet")
        CLOSED = "closed", _("erledigt")

    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("Unternehmen"),
    )
    target = models.ForeignKey(
        CampaignTarget,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        verbose_name=_("Zielunternehmen"),
    )
    need = models.ForeignKey(
        Need,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        verbose_name=_("Bedarf"),
    )
    visit = models.ForeignKey(
        Visit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        verbose_name=_("Besuch"),
    )
    partner = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.PROTECT,
        related_name="follow_ups_received",
        verbose_name=_("weitergeleitet an"),
    )
    contact_person = models.ForeignKey(
        "actors.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups_received",
        verbose_name=_("Ansprechperson"),
    )
    title = models.CharField(_("Betreff"), max_length=200)
    request = models.TextField(
        _("Anliegen"),
        help_text=_("Das sieht die Partnerinstitution; keine Besuchsnotizen hineinkopieren."),
    )
    due_on = models.DateField(_("fällig am"))
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    routed_at = models.DateTimeField(_("weitergeleitet am"), default=timezone.now)
    answer = models.TextField(_("Antwort"), blank=True)
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)
    closed_at = models.DateTimeField(_("erledigt am"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("angelegt von"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Wiedervorlage")
        verbose_name_plural = _("Wiedervorlagen")
        ordering = ["status", "due_on", "id"]
        indexes = [models.Index(fields=["partner", "status"])]

    def __str__(self) -> str:
        return f"{self.title} → {self.partner}"

    def get_absolute_url(self) -> str:
        return reverse("outreach:follow_up_detail", kwargs={"pk": self.pk})

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()

    @property
    def response_time(self) -> dt.timedelta | None:
        """From routing to the partner's answer (or to closing, if closed without one)."""
        answered = self.answered_at or self.closed_at
        return answered - self.routed_at if answered else None


class RiskKind(models.TextChoices):
    RELOCATION = "relocation", _("Verlagerung erwogen")
    SUCCESSION = "succession", _("Nachfolge offen")
    INSOLVENCY = "insolvency", _("Anzeichen einer Insolvenz")
    ENERGY_COSTS = "energy_costs", _("Belastung durch Energiekosten")
    SKILLED_WORKER_SHORTAGE = "skilled_worker_shortage", _("Fachkräftemangel")
    SHORT_TIME_WORK = "short_time_work", _("Kurzarbeit")
    EXPANSION = "expansion", _("Erweiterung geplant")
    INVESTMENT = "investment", _("Investition geplant")


OPPORTUNITY_KINDS = frozenset({RiskKind.EXPANSION, RiskKind.INVESTMENT})


class Severity(models.IntegerChoices):
    LOW = 1, _("gering")
    MEDIUM = 2, _("mittel")
    HIGH = 3, _("hoch")


class RiskFlag(models.Model):
    """An early-warning signal (Frühwarnsignal) about a firm: a sign of a crisis, or an
    opportunity. See early_warning.py for how signals become a score."""

    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.CASCADE,
        related_name="risk_flags",
        verbose_name=_("Unternehmen"),
    )
    visit = models.ForeignKey(
        Visit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="risk_flags",
        verbose_name=_("Besuch"),
    )
    kind = models.CharField(_("Signal"), max_length=32, choices=RiskKind.choices)
    severity = models.PositiveSmallIntegerField(
        _("Stärke"), choices=Severity.choices, default=Severity.MEDIUM
    )
    observed_on = models.DateField(_("beobachtet am"))
    note = models.CharField(_("Hinweis"), max_length=500, blank=True)
    resolved_on = models.DateField(_("erledigt am"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("erfasst von"),
    )
    created_at = models.DateTimeField(_("erfasst am"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Frühwarnsignal")
        verbose_name_plural = _("Frühwarnsignale")
        ordering = ["-observed_on", "-id"]
        indexes = [models.Index(fields=["organisation", "resolved_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resolved_on__isnull=True)
                | models.Q(resolved_on__gte=models.F("observed_on")),
                name="riskflag_resolved_after_observed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.organisation}"

    @property
    def is_opportunity(self) -> bool:
        return self.kind in OPPORTUNITY_KINDS
