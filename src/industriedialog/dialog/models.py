"""The bodies of the dialogue (forum, steering teams, working groups, working circles,
advisory board), their members, meetings with agenda, minutes, decisions and action
items, join requests, and votes."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class BodyKind(models.TextChoices):
    FORUM = "forum", _("Forum")
    STEERING_TEAM = "steering_team", _("Steuerteam")
    WORKING_GROUP = "working_group", _("Arbeitsgruppe")
    WORKING_CIRCLE = "working_circle", _("Arbeitskreis")
    ADVISORY_BOARD = "advisory_board", _("Unternehmerbeirat")


class BodyStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    ACTIVE = "active", _("aktiv")
    DISSOLVED = "dissolved", _("aufgelöst")


class Body(models.Model):
    """A body of an initiative. Steering teams feed the forum, working groups feed steering
    teams: `parent` says whom a body reports to."""

    initiative = models.ForeignKey(
        "core.Initiative",
        on_delete=models.CASCADE,
        related_name="bodies",
        verbose_name=_("Initiative"),
    )
    kind = models.CharField(_("Art"), max_length=20, choices=BodyKind.choices)
    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=80, blank=True)
    slug = models.SlugField(_("Kürzel"), max_length=120, unique=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name=_("berichtet an"),
    )
    topic = models.CharField(_("Handlungsfeld / Thema"), max_length=200, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    status = models.CharField(
        _("Status"), max_length=12, choices=BodyStatus.choices, default=BodyStatus.ACTIVE
    )
    founded_on = models.DateField(_("gegründet am"), null=True, blank=True)
    min_company_members = models.PositiveIntegerField(
        _("Mindestzahl Unternehmensvertretungen"),
        null=True,
        blank=True,
        help_text=_("Zusammensetzungsregel, z. B. 30 für das Industrie-Forum."),
    )
    composition_rule = models.CharField(_("Zusammensetzungsregel"), max_length=300, blank=True)
    cadence_months = models.PositiveSmallIntegerField(
        _("Sitzungsrhythmus (Monate)"),
        null=True,
        blank=True,
        help_text=_(
            "z. B. 3 für quartalsweise Treffen; leer, wenn es keinen festen Rhythmus gibt."
        ),
    )
    is_public = models.BooleanField(_("öffentlich"), default=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")
        ordering = ["initiative", "order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("id")), name="body_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("dialog:body_detail", kwargs={"slug": self.slug})


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Vorsitz")
    DEPUTY = "deputy", _("Stellvertretung")
    MEMBER = "member", _("Mitglied")
    INTERMEDIARY = "intermediary", _("Intermediär")
    GUEST = "guest", _("Gast")


class Membership(models.Model):
    """A person's seat in a body, for an organisation, from `start_date` to `end_date`."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("Gremium")
    )
    person = models.ForeignKey(
        "actors.Person",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("Person"),
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("Organisation"),
    )
    role = models.CharField(
        _("Rolle"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    start_date = models.DateField(_("seit"), default=dt.date.today)
    end_date = models.DateField(_("bis"), null=True, blank=True)
    is_listed = models.BooleanField(
        _("öffentlich genannt"),
        default=False,
        help_text=_(
            "Nur mit Einwilligung: die Person erscheint in der öffentlichen Mitgliederliste."
        ),
    )
    is_example_data = models.BooleanField(_("Beispieldaten"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["body", "role", "person__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["body", "person"],
                condition=models.Q(end_date__isnull=True),
                name="membership_one_open_seat_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}, {self.body})"

    def is_current(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)


class JoinRequest(models.Model):
    """A company representative asks to join a body; staff or the chair decide."""

    class Status(models.TextChoices):
        PENDING = "pending", _("offen")
        ACCEPTED = "accepted", _("angenommen")
        DECLINED = "declined", _("abgelehnt")
        WITHDRAWN = "withdrawn", _("zurückgezogen")

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="join_requests", verbose_name=_("Gremium")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("Antragsteller*in"),
    )
    person = models.ForeignKey(
        "actors.Person",
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("Person"),
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("Organisation"),
    )
    message = models.TextField(_("Nachricht"), blank=True)
    status = models.CharField(
        _("Status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("entschieden von"),
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    decision_note = models.TextField(_("Begründung"), blank=True)
    created_at = models.DateTimeField(_("gestellt am"), default=timezone.now)

    class Meta:
        verbose_name = _("Beitrittsanfrage")
        verbose_name_plural = _("Beitrittsanfragen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "person"],
                condition=models.Q(status="pending"),
                name="joinrequest_one_pending_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.body} ({self.get_status_display()})"


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("terminiert")
        INVITED = "invited", _("eingeladen")
        HELD = "held", _("durchgeführt")
        CANCELLED = "cancelled", _("abgesagt")

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("Gremium")
    )
    title = models.CharField(_("Titel"), max_length=200)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    location = models.CharField(_("Ort"), max_length=300, blank=True)
    online_url = models.URLField(_("Online-Link"), blank=True)
    status = models.CharField(
        _("Status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    minutes = models.TextField(_("Protokoll"), blank=True)
    invitation_sent_at = models.DateTimeField(_("Einladung versandt am"), null=True, blank=True)
    is_example_data = models.BooleanField(_("Beispieldaten"), default=False)
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["body", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("dialog:meeting_detail", kwargs={"pk": self.pk})


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("Sitzung")
    )
    position = models.PositiveSmallIntegerField(_("TOP"))
    title = models.CharField(_("Titel"), max_length=300)
    description = models.TextField(_("Erläuterung"), blank=True)
    presenter = models.CharField(_("Berichterstattung"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnung")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="agendaitem_unique_position"
            )
        ]

    def __str__(self) -> str:
        return f"TOP {self.position}: {self.title}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("anwesend")
        EXCUSED = "excused", _("entschuldigt")
        ABSENT = "absent", _("abwesend")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("Sitzung")
    )
    person = models.ForeignKey(
        "actors.Person",
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("Person"),
    )
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices)

    class Meta:
        verbose_name = _("Anwesenheit")
        verbose_name_plural = _("Anwesenheiten")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique_person")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


class Decision(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("Sitzung")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        verbose_name=_("TOP"),
    )
    text = models.TextField(_("Beschluss"))
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)

    class Meta:
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")
        ordering = ["meeting", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionItem(models.Model):
    """Who does what by when. Shown on the assignee's "Meine Aufgaben" page and in the
    body's open items."""

    class Status(models.TextChoices):
        OPEN = "open", _("offen")
        IN_PROGRESS = "in_progress", _("in Arbeit")
        DONE = "done", _("erledigt")
        CANCELLED = "cancelled", _("entfallen")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("Gremium")
    )
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
        verbose_name=_("Sitzung"),
    )
    title = models.CharField(_("Aufgabe"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    assignee = models.ForeignKey(
        "actors.Person",
        on_delete=models.PROTECT,
        related_name="action_items",
        verbose_name=_("zuständig"),
    )
    due_date = models.DateField(_("fällig am"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Aufgabe")
        verbose_name_plural = _("Aufgaben")
        ordering = ["status", "due_date", "id"]
        indexes = [
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["body", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in self.OPEN_STATUSES
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )


class Vote(models.Model):
    """A vote of a body's current members: approval or ranked (Schulze), open or secret."""

    class Method(models.TextChoices):
        APPROVAL = "approval", _("Zustimmungswahl")
        RANKED = "ranked", _("Rangfolge (Schulze-Methode)")

    class Secrecy(models.TextChoices):
        OPEN = "open", _("offen")
        SECRET = "secret", _("geheim")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        OPEN = "open", _("läuft")
        CLOSED = "closed", _("abgeschlossen")

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="votes", verbose_name=_("Gremium")
    )
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="votes",
        verbose_name=_("Sitzung"),
    )
    title = models.CharField(_("Frage"), max_length=300)
    description = models.TextField(_("Erläuterung"), blank=True)
    method = models.CharField(
        _("Verfahren"), max_length=10, choices=Method.choices, default=Method.APPROVAL
    )
    secrecy = models.CharField(
        _("Abstimmung"), max_length=8, choices=Secrecy.choices, default=Secrecy.OPEN
    )
    status = models.CharField(
        _("Status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    opened_at = models.DateTimeField(_("geöffnet am"), null=True, blank=True)
    closed_at = models.DateTimeField(_("geschlossen am"), null=True, blank=True)
    eligible_count = models.PositiveIntegerField(
        _("Stimmberechtigte"),
        null=True,
        blank=True,
        help_text=_("Beim Schließen festgehalten, für die Wahlbeteiligung."),
    )
    created_at = models.DateTimeField(_("angelegt am"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Abstimmung")
        verbose_name_plural = _("Abstimmungen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("dialog:vote_detail", kwargs={"pk": self.pk})


class VoteOption(models.Model):
    vote = models.ForeignKey(
        Vote, on_delete=models.CASCADE, related_name="options", verbose_name=_("Abstimmung")
    )
    label = models.CharField(_("Option"), max_length=300)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Option")
        verbose_name_plural = _("Optionen")
        ordering = ["vote", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "label"], name="voteoption_unique_label")
        ]

    def __str__(self) -> str:
        return self.label


class VoteParticipation(models.Model):
    """That a member voted. The unique constraint is what makes "once each" hold under
    concurrent requests; in a secret vote it is the only link between person and vote."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        "actors.Person", on_delete=models.CASCADE, related_name="vote_participations"
    )
    cast_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Stimmabgabe")
        verbose_name_plural = _("Stimmabgaben")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "person"], name="voteparticipation_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.vote_id}"


class Ballot(models.Model):
    """What was voted. `voter` is set for open votes and empty for secret ones, and secret
    ballots carry no time of their own, so they cannot be matched to participations."""

    # A random key, so that not even the row order links a secret ballot to its voter.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    voter = models.OneToOneField(
        VoteParticipation, null=True, blank=True, on_delete=models.CASCADE, related_name="ballot"
    )
    approvals = models.JSONField(
        default=list, blank=True, help_text="approval: ids of the approved options"
    )
    ranking = models.JSONField(
        default=list, blank=True, help_text="ranked: option ids best first; ties as nested lists"
    )

    class Meta:
        verbose_name = _("Stimmzettel")
        verbose_name_plural = _("Stimmzettel")

    def __str__(self) -> str:
        return f"Stimmzettel {self.pk}"
