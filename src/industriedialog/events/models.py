"""Events and their sessions (tours, slots, workshops) with a fixed number of seats,
registrations, waiting lists and check-ins.

Seats are never a stored counter: a session's free seats are derived from its capacity
and the registrations and waiting-list offers that hold a seat, counted inside the
session's lock (see docs/events-locking.md and locking.py). "Only once" rules are backed
by partial unique constraints."""

from __future__ import annotations

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Ticket codes: no characters that are easily confused when typed at the door (0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_ticket_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _index in range(10))


def new_token() -> str:
    return secrets.token_urlsafe(24)


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Konferenz")
    OPEN_HOUSE = "open_house", _("Tag der offenen Tür / Lange Nacht der Industrie")
    COMPANY_VISIT = "company_visit", _("Unternehmensbesuch „Hallo Nachbar“")
    WORKSHOP = "workshop", _("Workshop")
    TRANSFER_CAFE = "transfer_cafe", _("Transfer-Café")
    TRANSFER_FAIR = "transfer_fair", _("Transfer-Messe")
    SYMPOSIUM = "symposium", _("Symposium")
    NEWCOMER_EVENT = "newcomer_event", _("Veranstaltung für Neubürgerinnen und Neubürger")
    INFORMATION_EVENT = "information_event", _("Informationsveranstaltung")


class TargetGroup(models.TextChoices):
    """The stable codes of the API; labels as the seeds name the groups."""

    PUPILS = "pupils", _("Schüler*innen")
    STUDENTS = "students", _("Studierende")
    JOB_SEEKERS = "job_seekers", _("Arbeit- und Ausbildungsuchende")
    CITIZENS = "citizens", _("Bürger*innen")
    COMPANIES = "companies", _("Unternehmen")


class WaitlistMode(models.TextChoices):
    DIRECT = "direct", _("freier Platz wird direkt bestätigt")
    OFFER = "offer", _("freier Platz wird angeboten und verfällt nach Frist")


class Event(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        PUBLISHED = "published", _("veröffentlicht")
        CANCELLED = "cancelled", _("abgesagt")

    initiative = models.ForeignKey(
        "core.Initiative",
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("Initiative"),
    )
    kind = models.CharField(_("Art"), max_length=24, choices=EventKind.choices)
    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(_("Kürzel"), max_length=120, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    venue = models.CharField(_("Ort"), max_length=300, blank=True)
    hosts = models.ManyToManyField(
        "actors.Organisation",
        blank=True,
        related_name="hosted_events",
        verbose_name=_("Gastgeber"),
    )
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.PUBLISHED
    )
    is_public = models.BooleanField(
        _("öffentlich"),
        default=True,
        help_text=_("Nicht öffentliche Veranstaltungen sehen nur angemeldete Mitglieder."),
    )
    registration_opens_at = models.DateTimeField(_("Anmeldung ab"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("Anmeldung bis"), null=True, blank=True)
    target_groups = models.JSONField(
        _("Zielgruppen"), default=list, blank=True, help_text=_("Codes aus TargetGroup.")
    )
    max_sessions_per_person = models.PositiveSmallIntegerField(
        _("höchstens Führungen je Person"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leer: keine Grenze."),
    )
    waitlist_mode = models.CharField(
        _("Warteliste"), max_length=8, choices=WaitlistMode.choices, default=WaitlistMode.DIRECT
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("Angebotsfrist (Stunden)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(336)],
    )
    questions = models.JSONField(
        _("Zusatzfragen"),
        default=list,
        blank=True,
        help_text=_("Liste von {key, label, required}; die Antworten stehen an der Anmeldung."),
    )
    participants_expected = models.PositiveIntegerField(
        _("erwartete Teilnehmende"), null=True, blank=True
    )
    is_example_data = models.BooleanField(_("Beispieldaten"), default=False)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["initiative", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", kwargs={"slug": self.slug})

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        closes = self.registration_closes_at or self.starts_at
        return now < closes


class Session(models.Model):
    """A tour, slot or workshop of an event, with its own place, time and capacity."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("Veranstaltung")
    )
    host = models.ForeignKey(
        "actors.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_sessions",
        verbose_name=_("Gastgeber"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    place = models.CharField(_("Treffpunkt"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("Plätze"), validators=[MinValueValidator(1)])
    target_groups = models.JSONField(
        _("zugelassene Zielgruppen"),
        default=list,
        blank=True,
        help_text=_("Leer: alle Zielgruppen der Veranstaltung."),
    )
    accessibility_notes = models.CharField(_("Barrierefreiheit"), max_length=300, blank=True)
    language = models.CharField(_("Sprache"), max_length=40, default="Deutsch")
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Führung / Zeitfenster")
        verbose_name_plural = _("Führungen / Zeitfenster")
        ordering = ["starts_at", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_end_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d.%m.%Y %H:%M})"

    def allowed_groups(self) -> list[str]:
        return list(self.target_groups or self.event.target_groups or TargetGroup.values)


class Registration(models.Model):
    """A seat held by a person in a session (Anmeldung)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("bestätigt")
        CANCELLED = "cancelled", _("storniert")

    # No index of their own on the two keys: the composite indexes of Meta start with them
    # and serve every lookup; each index more is one more write per registration in a rush.
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("Führung"),
        db_index=False,
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="registrations",
        editable=False,
        db_index=False,
    )
    name = models.CharField(_("Name"), max_length=200)
    email = models.EmailField(_("E-Mail"))
    target_group = models.CharField(_("Zielgruppe"), max_length=16, choices=TargetGroup.choices)
    answers = models.JSONField(_("Antworten"), default=dict, blank=True)
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.CONFIRMED
    )
    code = models.CharField(_("Ticketcode"), max_length=16, unique=True, default=new_ticket_code)
    cancel_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    from_waitlist = models.BooleanField(_("von der Warteliste"), default=False)
    created_at = models.DateTimeField(_("angemeldet am"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("storniert am"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("eingecheckt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["event", "email", "status"]),
        ]
        constraints = [
            # One seat per person and session: the last line of defence behind the lock.
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=Q(status="confirmed"),
                name="registration_one_seat_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.session}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.CONFIRMED


class WaitlistEntry(models.Model):
    """A queued request for a full session (Warteliste). Waiting and offered entries count
    against the public availability, so a freed seat never reappears publicly while
    someone waits; an offered entry holds the seat until it is taken or expires."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("wartet")
        OFFERED = "offered", _("Platz angeboten")
        PROMOTED = "promoted", _("nachgerückt")
        EXPIRED = "expired", _("Angebot verfallen")
        CANCELLED = "cancelled", _("zurückgezogen")

    # As on Registration: the composite indexes of Meta serve the lookups by these keys.
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="waitlist_entries",
        verbose_name=_("Führung"),
        db_index=False,
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="waitlist_entries",
        editable=False,
        db_index=False,
    )
    name = models.CharField(_("Name"), max_length=200)
    email = models.EmailField(_("E-Mail"))
    target_group = models.CharField(_("Zielgruppe"), max_length=16, choices=TargetGroup.choices)
    answers = models.JSONField(_("Antworten"), default=dict, blank=True)
    status = models.CharField(
        _("Status"), max_length=16, choices=Status.choices, default=Status.WAITING
    )
    cancel_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    offered_at = models.DateTimeField(_("angeboten am"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("Angebot gilt bis"), null=True, blank=True)
    registration = models.OneToOneField(
        Registration,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="waitlist_entry",
        verbose_name=_("Anmeldung"),
    )
    created_at = models.DateTimeField(_("eingetragen am"), default=timezone.now)

    class Meta:
        verbose_name = _("Wartelisteneintrag")
        verbose_name_plural = _("Warteliste")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["session", "status", "created_at"]),
            # A person's places in an event (the tours-per-person cap of a registration).
            models.Index(fields=["event", "email", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=Q(status__in=["waiting", "offered"]),
                name="waitlist_one_place_per_email",
            )
        ]

    def __str__(self) -> str:
        # The label straight from the enum: get_status_display() hashes the choices on
        # every call, and the audit log of each waiting-list entry of a rush calls this.
        return f"{self.name} – {self.session} ({self.Status(self.status).label})"


class CheckIn(models.Model):
    """One scan at the door, successful or not (failed scans are kept with their reason).
    The nonce makes a retried scan idempotent."""

    class Result(models.TextChoices):
        OK = "ok", _("eingecheckt")
        UNKNOWN = "unknown", _("unbekannter Code")
        CANCELLED = "cancelled", _("Anmeldung storniert")
        WRONG_SESSION = "wrong_session", _("andere Führung")
        ALREADY_CHECKED_IN = "already_checked_in", _("bereits eingecheckt")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="checkins", verbose_name=_("Führung")
    )
    registration = models.ForeignKey(
        Registration,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checkins",
        verbose_name=_("Anmeldung"),
    )
    code = models.CharField(_("gescannter Code"), max_length=64)
    nonce = models.CharField(max_length=64, unique=True)
    result = models.CharField(_("Ergebnis"), max_length=24, choices=Result.choices)
    scanned_by = models.ForeignKey(
        "core.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("gescannt von"),
    )
    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now)

    class Meta:
        verbose_name = _("Check-in")
        verbose_name_plural = _("Check-ins")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["session", "result"])]

    def __str__(self) -> str:
        return f"{self.code}: {self.get_result_display()}"
