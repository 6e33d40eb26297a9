"""Forms of the staff pages (create an event, add a session, change a session's seats)
and of the check-in page. The forms only parse; the rules live in services.py."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from industriedialog.actors.models import Organisation
from industriedialog.core.selectors import initiatives_visible_to
from industriedialog.dialog.forms import IsoDateTimeField

from .models import Event, EventKind, Session, TargetGroup, WaitlistMode
from .services import EVENT_FIELDS


def host_queryset():
    """Hosts come from the register."""
    return Organisation.objects.order_by("sort_key", "id")


def _help(model, name: str) -> Any:
    return model._meta.get_field(name).help_text


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
        choices=[(Event.Status.PUBLISHED, _("veröffentlicht")), (Event.Status.DRAFT, _("Entwurf"))],
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

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        initiative = self.fields["initiative"]
        assert isinstance(initiative, forms.ModelChoiceField)
        initiative.queryset = initiatives_visible_to(user)

    def event_data(self) -> dict[str, Any]:
        """The event's own fields for services.event_create (not initiative and hosts)."""
        return {name: value for name, value in self.cleaned_data.items() if name in EVENT_FIELDS}


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

    def session_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


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
