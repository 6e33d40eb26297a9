"""Core models: users with their role, initiatives (the dialogue spaces), the audit log and
the search index shared by every app."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    STAFF = "staff", _("Wirtschaftsförderung")
    PARTNER = "partner", _("Partnerinstitution")
    COMPANY = "company", _("Unternehmensvertretung")
    PUBLIC = "public", _("Öffentlichkeit")


class User(AbstractUser):
    """A login. Its role decides what it may do; partner members and company
    representatives act for one organisation."""

    role = models.CharField(_("Rolle"), max_length=16, choices=Role.choices, default=Role.PUBLIC)
    person = models.OneToOneField(
        "actors.Person",
        verbose_name=_("Person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("Organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
        help_text=_("Die Organisation, für die das Konto handelt."),
    )

    class Meta:
        verbose_name = _("Benutzerkonto")
        verbose_name_plural = _("Benutzerkonten")

    @property
    def is_staff_member(self) -> bool:
        """Staff of the economic-development office (or a superuser)."""
        return self.is_active and (self.is_superuser or self.role == Role.STAFF)


class Initiative(models.Model):
    """A dialogue space: its own bodies, measures and events, sharing one register."""

    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=80, blank=True)
    slug = models.SlugField(_("Kürzel"), max_length=80, unique=True)
    start_date = models.DateField(_("Beginn"))
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    lead_organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("Federführung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_initiatives",
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    is_public = models.BooleanField(_("öffentlich"), default=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Initiative")
        verbose_name_plural = _("Initiativen")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="initiative_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:initiative", kwargs={"slug": self.slug})

    @property
    def period_label(self) -> str:
        start = self.start_date.year
        if self.end_date is None:
            return _("seit %(year)s") % {"year": start}
        if self.end_date.year == start:
            return str(start)
        return f"{start}–{self.end_date.year}"


class AuditEvent(models.Model):
    """Who did what to which object, and when. Written by every service."""

    actor = models.ForeignKey(
        User,
        verbose_name=_("Handelnde Person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    action = models.CharField(_("Aktion"), max_length=120, db_index=True)
    object_type = models.CharField(_("Objekttyp"), max_length=120, blank=True)
    object_id = models.CharField(_("Objekt-ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("Objekt"), max_length=255, blank=True)
    data = models.JSONField(_("Daten"), default=dict, blank=True)
    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class SearchEntry(models.Model):
    """One searchable object of any app. The text is kept as written, as folded words
    (substring search for compound words) and as German Snowball stems made in Python, which
    both databases index (SQLite FTS5, PostgreSQL GIN), so both find the same objects. See
    core/search.py and docs/search.md."""

    kind = models.CharField(max_length=64)
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=300)
    text = models.TextField()
    folded = models.TextField()
    stemmed = models.TextField()
    sort_key = models.CharField(max_length=300)
    is_public = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Suchindex-Eintrag")
        verbose_name_plural = _("Suchindex")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="searchentry_unique_object")
        ]
        indexes = [models.Index(fields=["kind", "sort_key"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"


class SearchWord(models.Model):
    """A folded word that occurs in the search index: the vocabulary in which a query word
    is looked up as a substring (compound parts), so that the entries are then found by
    whole words. Words are added when entries are written and may outlive them; see
    core/search.py."""

    word = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name = _("Suchwort")
        verbose_name_plural = _("Suchwörter")

    def __str__(self) -> str:
        return self.word


class Feedback(models.Model):
    """A message from the feedback form (BITV NRW § 5): barriers, requests, anything."""

    class Topic(models.TextChoices):
        BARRIER = "barrier", _("Barriere melden")
        CONTENT = "content", _("Inhalt in zugänglicher Form anfordern")
        GENERAL = "general", _("Allgemeine Rückmeldung")

    topic = models.CharField(
        _("Anliegen"), max_length=16, choices=Topic.choices, default=Topic.GENERAL
    )
    message = models.TextField(_("Nachricht"))
    page_url = models.CharField(_("Betroffene Seite"), max_length=500, blank=True)
    name = models.CharField(_("Name"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    is_resolved = models.BooleanField(_("erledigt"), default=False)
    created_at = models.DateTimeField(_("eingegangen am"), default=timezone.now)

    class Meta:
        verbose_name = _("Rückmeldung")
        verbose_name_plural = _("Rückmeldungen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} ({self.created_at:%d.%m.%Y})"
