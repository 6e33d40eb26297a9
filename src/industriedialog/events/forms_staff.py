"""Forms of the staff pages (create and edit an event, add and edit a session, change a
session's seats) and of the check-in page. The forms only parse; the rules live in services.py."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from industriedialog.actors.models import Organisation
from industriedialog.core.selectors import initiatives_visible_to
from industriedialog.dialog.forms import IsoDateTimeField

from .models import Event, EventKind, Session, TargetGroup, WaitlistMode
from .services import EVENT_FIELDS, SESSION_UPDATE_FIELDS


def host_queryset():
    """Hosts come from the register."""
    return Organisation.objects.order_by("sort_key", "id")


def _help(model, name: str) -> Any:
    return model._meta.get_field(name).help_text


REQUIRED_MARK = "*"
# A new event is published or a draft; only an existing one can be called off.
NEW_EVENT_STATUSES = [
    (Event.Status.PUBLISHED, _("veröffentlicht")),
    (Event.Status.DRAFT, _("Entwurf")),
]


class QuestionsField(forms.CharField):
    """The extra questions as text, one per line; a trailing „*“ makes it required. A
    question keeps its key while its wording stays (the answers are stored by key)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs: Any) -> None:
        self.existing: list[dict[str, Any]] = []
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(
                question["label"] + (f" {REQUIRED_MARK}" if question.get("required") else "")
                for question in value
            )
        return value

    def to_python(self, value: Any) -> list[dict[str, Any]]:  # type: ignore[override]
        text = super().to_python(value) or ""
        known = {str(q.get("label", "")).strip().casefold(): q["key"] for q in self.existing}
        questions: list[dict[str, Any]] = []
        keys: set[str] = set()
        for line in text.splitlines():
            label = line.strip()
            required = label.endswith(REQUIRED_MARK)
            label = label.rstrip(REQUIRED_MARK).strip()
            if not label:
                continue
            if len(label) > 200:
                raise forms.ValidationError(_("Eine Frage darf höchstens 200 Zeichen lang sein."))
            key = known.get(label.casefold()) or slugify(label)[:40].strip("-") or "frage"
            base, number = key, 2
            while key in keys:
                key, number = f"{base}-{number}", number + 1
            keys.add(key)
            questions.append({"key": key, "label": label, "required": required})
        return questions


class EventForm(forms.Form):
    initiative: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Initiative"), queryset=None, empty_label=None
    )
    kind = forms.ChoiceField(label=_("Art"), choices=EventKind.choices)
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beschreibung"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    venue = forms.CharField(label=_("Ort"), max_length=300, required=False)
    starts_at = IsoDateTimeField(label=_("Beginn"))
    ends_at = IsoDateTimeField(label=_("Ende"))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=NEW_EVENT_STATUSES,
        initial=Event.Status.PUBLISHED,
        help_text=_("Einen Entwurf sehen nur Mitarbeitende der Wirtschaftsförderung."),
    )
    is_public = forms.BooleanField(
        label=_("öffentlich"), required=False, initial=True, help_text=_help(Event, "is_public")
    )
    registration_opens_at = IsoDateTimeField(label=_("Anmeldung ab"), required=False)
    registration_closes_at = IsoDateTimeField(
        label=_("Anmeldung bis"),
        required=False,
        help_text=_("Leer: bis zum Beginn der Veranstaltung."),
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Zielgruppen"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Keine Auswahl: offen für alle Zielgruppen."),
    )
    max_sessions_per_person = forms.IntegerField(
        label=_("höchstens Führungen je Person"),
        min_value=1,
        max_value=50,
        required=False,
        help_text=_help(Event, "max_sessions_per_person"),
    )
    waitlist_mode = forms.ChoiceField(
        label=_("Warteliste"), choices=WaitlistMode.choices, initial=WaitlistMode.DIRECT
    )
    offer_hours = forms.IntegerField(
        label=_("Angebotsfrist (Stunden)"),
        min_value=1,
        max_value=336,
        initial=24,
        help_text=_("Nur wenn ein freier Platz angeboten wird."),
    )
    participants_expected = forms.IntegerField(
        label=_("erwartete Teilnehmende"), min_value=0, required=False
    )
    hosts = forms.ModelMultipleChoiceField(
        label=_("Gastgeber"),
        queryset=host_queryset(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Organisationen aus dem Register, alphabetisch; die Liste lässt sich scrollen."
        ),
    )
    questions = QuestionsField(
        label=_("Zusatzfragen bei der Anmeldung"),
        required=False,
        help_text=_(
            "Eine Frage je Zeile; ein „*“ am Ende macht sie zur Pflichtfrage. Antworten auf "
            "eine entfernte Frage bleiben an den Anmeldungen, stehen aber nicht mehr im Export."
        ),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        initiative = self.fields["initiative"]
        assert isinstance(initiative, forms.ModelChoiceField)
        initiative.queryset = initiatives_visible_to(user)

    def clean_target_groups(self) -> list[str]:
        # In the order of the choices, so that an unchanged selection compares equal.
        chosen = set(self.cleaned_data["target_groups"])
        return [code for code in TargetGroup.values if code in chosen]

    def event_data(self) -> dict[str, Any]:
        """The event's own fields for services.event_create (not initiative and hosts)."""
        return {name: value for name, value in self.cleaned_data.items() if name in EVENT_FIELDS}


class EventUpdateForm(EventForm):
    """The create form for an existing event: without the initiative (an event stays in
    its initiative), with „abgesagt“ as a status, filled with the event's values."""

    def __init__(self, *args: Any, user: Any, event: Event, **kwargs: Any) -> None:
        initial = {name: getattr(event, name) for name in EVENT_FIELDS}
        initial["hosts"] = list(event.hosts.all())
        kwargs.setdefault("initial", initial)
        super().__init__(*args, user=user, **kwargs)
        del self.fields["initiative"]
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [*NEW_EVENT_STATUSES, (Event.Status.CANCELLED, _("abgesagt"))]
        status.help_text = _(
            "Einen Entwurf sehen nur Mitarbeitende der Wirtschaftsförderung. Bei „abgesagt“ "
            "ist die Anmeldung geschlossen und die öffentliche Seite meldet den Ausfall; "
            "bestehende Anmeldungen bleiben erhalten."
        )
        questions = self.fields["questions"]
        assert isinstance(questions, QuestionsField)
        questions.existing = list(event.questions or [])


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    host = forms.ModelChoiceField(
        label=_("Gastgeber"),
        queryset=host_queryset(),
        required=False,
        empty_label=_("– ohne Gastgeber –"),
        help_text=_("Die Organisation sieht die Namen der Angemeldeten und prüft am Einlass."),
    )
    starts_at = IsoDateTimeField(label=_("Beginn"))
    ends_at = IsoDateTimeField(label=_("Ende"))
    place = forms.CharField(label=_("Treffpunkt"), max_length=300, required=False)
    capacity = forms.IntegerField(label=_("Plätze"), min_value=1, max_value=100000)
    target_groups = forms.MultipleChoiceField(
        label=_("zugelassene Zielgruppen"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_help(Session, "target_groups"),
    )
    accessibility_notes = forms.CharField(
        label=_("Barrierefreiheit"), max_length=300, required=False
    )
    language = forms.CharField(label=_("Sprache"), max_length=40, initial="Deutsch")
    description = forms.CharField(
        label=_("Beschreibung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "fuehrung")
        super().__init__(*args, **kwargs)
        target_groups = self.fields["target_groups"]
        assert isinstance(target_groups, forms.MultipleChoiceField)
        if event.target_groups:
            target_groups.choices = [
                (code, label) for code, label in TargetGroup.choices if code in event.target_groups
            ]

    def clean_target_groups(self) -> list[str]:
        chosen = set(self.cleaned_data["target_groups"])
        return [code for code in TargetGroup.values if code in chosen]

    def session_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class SessionUpdateForm(SessionForm):
    """The create form for an existing session, without its seats (they change in the
    table of sessions, where the waiting list moves up)."""

    def __init__(self, *args: Any, session: Session, **kwargs: Any) -> None:
        initial = {name: getattr(session, name) for name in SESSION_UPDATE_FIELDS}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, event=session.event, **kwargs)
        del self.fields["capacity"]


class CapacityForm(forms.Form):
    session = forms.IntegerField(widget=forms.HiddenInput)
    capacity = forms.IntegerField(label=_("Plätze"), min_value=1, max_value=100000)


class CheckInForm(forms.Form):
    """One scan at the door. The nonce is new for every rendered form, so a retried POST
    (double tap, flaky network, reload) is recognised and answered with the first result."""

    code = forms.CharField(
        label=_("Ticketcode"),
        max_length=64,
        error_messages={"required": _("Bitte einen Ticketcode eingeben oder scannen.")},
    )
    nonce = forms.CharField(min_length=8, max_length=64, widget=forms.HiddenInput)

    @classmethod
    def fresh(cls) -> CheckInForm:
        return cls(initial={"nonce": secrets.token_urlsafe(18)})
