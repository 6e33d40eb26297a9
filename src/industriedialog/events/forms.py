"""Forms of the public event pages: the calendar filters and the registration for one
session. The registration form only parses input; the rules (window, groups, seats,
duplicates) are checked by services.registration_create."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from industriedialog.core.selectors import initiatives_visible_to

from .models import Event, EventKind, Session, TargetGroup

ANY: list[tuple[str, Any]] = [("", _("alle"))]
VIEW_LIST, VIEW_MONTH = "liste", "monat"
PERIOD_UPCOMING, PERIOD_PAST = "kommend", "vergangen"
# The answers to an event's extra questions are posted as frage_<key>.
QUESTION_PREFIX = "frage_"


class CalendarFilterForm(forms.Form):
    """The calendar's GET parameters. Unknown values are errors, shown above the list."""

    initiative = forms.ChoiceField(label=_("Initiative"), required=False)
    art = forms.ChoiceField(label=_("Art"), required=False, choices=ANY + list(EventKind.choices))
    zielgruppe = forms.ChoiceField(
        label=_("Zielgruppe"), required=False, choices=ANY + list(TargetGroup.choices)
    )
    ansicht = forms.ChoiceField(
        required=False, choices=[(VIEW_LIST, _("Liste")), (VIEW_MONTH, _("Monat"))]
    )
    monat = forms.CharField(required=False, max_length=7)
    zeitraum = forms.ChoiceField(
        required=False,
        choices=[(PERIOD_UPCOMING, _("kommende")), (PERIOD_PAST, _("vergangene"))],
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initiatives = {
            initiative.slug: initiative for initiative in initiatives_visible_to(user)
        }
        initiative_field = self.fields["initiative"]
        assert isinstance(initiative_field, forms.ChoiceField)
        initiative_field.choices = ANY + [
            (slug, initiative.short_name or initiative.name)
            for slug, initiative in self.initiatives.items()
        ]

    def clean_monat(self) -> dt.date | None:
        value = self.cleaned_data.get("monat") or ""
        if not value:
            return None
        try:
            return dt.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(
                _("Bitte den Monat als Jahr-Monat angeben, zum Beispiel 2027-05.")
            ) from None

    def clean_initiative(self):
        slug = self.cleaned_data.get("initiative") or ""
        return self.initiatives.get(slug)


class RegistrationForm(forms.Form):
    """Name, e-mail, target group (only the session's groups) and the event's questions."""

    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": _("Bitte geben Sie Ihren Namen an."),
            "max_length": _("Der Name ist zu lang (höchstens 200 Zeichen)."),
        },
    )
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        help_text=_("An diese Adresse schicken wir die Bestätigung mit Ihrem Ticket."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Bitte geben Sie Ihre E-Mail-Adresse an."),
            "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@example.org."),
        },
    )
    target_group = forms.ChoiceField(
        label=_("Sie kommen als"),
        error_messages={
            "required": _("Bitte wählen Sie aus, als wer Sie kommen."),
            "invalid_choice": _("Diese Führung ist für die gewählte Gruppe nicht offen."),
        },
    )
    # Honeypot: hidden from people and assistive technology, simple bots fill it in.
    website = forms.CharField(required=False, label=_("Bitte leer lassen"))

    def __init__(self, *args: Any, session: Session, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = session.allowed_groups()
        choices = [(code, TargetGroup(code).label) for code in groups]
        if len(choices) > 1:
            choices.insert(0, ("", _("– bitte wählen –")))
        else:
            self.fields["target_group"].initial = groups[0]
        group_field = self.fields["target_group"]
        assert isinstance(group_field, forms.ChoiceField)
        group_field.choices = choices
        self.questions = list(event.questions or [])
        for question in self.questions:
            self.fields[QUESTION_PREFIX + question["key"]] = forms.CharField(
                label=question["label"],
                required=bool(question.get("required")),
                max_length=500,
                error_messages={
                    "required": _("Bitte beantworten Sie diese Frage."),
                    "max_length": _("Die Antwort ist zu lang (höchstens 500 Zeichen)."),
                },
            )

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def visible_fields_in_order(self):
        return [field for field in self if field.name != "website"]

    def answers(self) -> dict[str, str]:
        return {
            question["key"]: self.cleaned_data.get(QUESTION_PREFIX + question["key"], "").strip()
            for question in self.questions
            if self.cleaned_data.get(QUESTION_PREFIX + question["key"], "").strip()
        }

    def add_service_errors(self, message_dict: dict[str, list[str]]) -> None:
        """Put the service's German messages next to the matching fields."""
        for key, messages in message_dict.items():
            if key.startswith("answers."):
                field: str | None = QUESTION_PREFIX + key.removeprefix("answers.")
            elif key in self.fields and key != "website":
                field = key
            else:
                field = None
            if field is not None and field not in self.fields:
                field = None
            for message in messages:
                self.add_error(field, message)
