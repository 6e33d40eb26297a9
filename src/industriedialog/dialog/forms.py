"""Forms of the dialog app. They parse and check the input (German messages); the rules of
the domain stay in the services, whose errors the views add to these forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from industriedialog.actors.models import Organisation, Person

from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    Meeting,
    Membership,
    MembershipRole,
    Vote,
    VoteOption,
)

# --- date and time inputs ------------------------------------------------------------------
# kern/field.html writes `field.value` into the input as it is; a date object would come out
# localised ("1. März 2026"), which a browser's date input does not accept. These fields
# hand the template the ISO form the inputs expect.


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class IsoDateField(forms.DateField):
    widget = DateInput

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()
        return value


class IsoDateTimeField(forms.DateTimeField):
    widget = DateTimeInput

    def prepare_value(self, value: Any) -> Any:
        value = super().prepare_value(value)
        if isinstance(value, dt.datetime):
            return value.strftime("%Y-%m-%dT%H:%M")
        return value


def _required(message: Any) -> dict[str, Any]:
    return {"required": message}


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


def _choice(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


# --- bodies and members --------------------------------------------------------------------


class BodyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Body) -> str:
        initiative = obj.initiative.short_name or obj.initiative.name
        return f"{obj.name} ({obj.get_kind_display()}, {initiative})"


class BodyForm(forms.ModelForm):
    """Create (with initiative) and edit (without) a body."""

    class Meta:
        model = Body
        fields = (
            "initiative",
            "kind",
            "name",
            "short_name",
            "parent",
            "topic",
            "description",
            "status",
            "founded_on",
            "min_company_members",
            "composition_rule",
            "cadence_months",
            "is_public",
            "order",
        )
        field_classes = {"founded_on": IsoDateField, "parent": BodyChoiceField}
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, initiatives: QuerySet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = Body.objects.select_related("initiative").order_by("initiative", "order", "name")
        if self.instance.pk:
            del self.fields["initiative"]
            parents = parents.filter(initiative_id=self.instance.initiative_id).exclude(
                pk=self.instance.pk
            )
        else:
            if initiatives is not None:
                _model_choice(self, "initiative").queryset = initiatives
            self.fields["initiative"].error_messages["required"] = _(
                "Bitte wählen Sie die Initiative aus."
            )
            initiative = self.initial.get("initiative")
            if initiative is not None:
                parents = parents.filter(initiative=initiative)
        parent = _model_choice(self, "parent")
        parent.queryset = parents
        parent.empty_label = _("– keines (oberste Ebene) –")
        self.fields["name"].error_messages["required"] = _("Bitte geben Sie den Namen ein.")
        self.fields["kind"].error_messages["required"] = _("Bitte wählen Sie die Art aus.")


class MembershipForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.none(),
        error_messages=_required(_("Bitte wählen Sie die Person aus.")),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        help_text=_(
            "Für wen die Person im Gremium sitzt. Wer für eine Kammer, einen Verband "
            "oder eine öffentliche Stelle sitzt, wird als Intermediär geführt."
        ),
        error_messages=_required(_("Bitte wählen Sie die Organisation aus.")),
    )
    role = forms.ChoiceField(
        label=_("Rolle"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER
    )
    start_date = IsoDateField(
        label=_("Mitglied seit"),
        initial=timezone.localdate,
        error_messages=_required(_("Bitte geben Sie das Datum an.")),
    )
    is_listed = forms.BooleanField(
        label=_("öffentlich genannt"),
        required=False,
        help_text=_(
            "Nur mit Einwilligung der Person: Sie erscheint in der öffentlichen Mitgliederliste."
        ),
    )

    def __init__(
        self, *args: Any, people: QuerySet[Person], organisations: QuerySet, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "person").queryset = people.order_by("last_name", "first_name", "pk")
        _model_choice(self, "organisation").queryset = organisations.order_by("sort_key", "name")


class MembershipEndForm(forms.Form):
    end_date = IsoDateField(
        label=_("Mitglied bis"),
        initial=timezone.localdate,
        help_text=_("Bis einschließlich dieses Tages zählt die Person noch zum Gremium."),
        error_messages=_required(_("Bitte geben Sie das Datum an.")),
    )


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Nachricht an das Gremium"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Zum Beispiel, was Sie einbringen möchten."),
    )


class JoinDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=(("accept", _("annehmen")), ("decline", _("ablehnen"))),
        error_messages=_required(_("Bitte entscheiden Sie: annehmen oder ablehnen.")),
    )
    note = forms.CharField(
        label=_("Begründung"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# --- meetings ------------------------------------------------------------------------------


class MeetingForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        error_messages=_required(_("Bitte geben Sie einen Titel ein.")),
    )
    starts_at = IsoDateTimeField(
        label=_("Beginn"), error_messages=_required(_("Bitte geben Sie den Beginn an."))
    )
    ends_at = IsoDateTimeField(
        label=_("Ende"), error_messages=_required(_("Bitte geben Sie das Ende an."))
    )
    location = forms.CharField(label=_("Ort"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Online-Link"),
        max_length=200,
        required=False,
        error_messages={
            "invalid": _("Bitte geben Sie eine vollständige Adresse mit https:// ein.")
        },
    )
    status = forms.ChoiceField(label=_("Status"), choices=Meeting.Status.choices)
    agenda = forms.CharField(
        label=_("Tagesordnung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ein Tagesordnungspunkt pro Zeile."),
    )

    def __init__(self, *args: Any, meeting: Meeting | None = None, **kwargs: Any) -> None:
        if meeting is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": meeting.title,
                    "starts_at": meeting.starts_at,
                    "ends_at": meeting.ends_at,
                    "location": meeting.location,
                    "online_url": meeting.online_url,
                    "status": meeting.status,
                },
            )
        super().__init__(*args, **kwargs)
        if meeting is None:
            del self.fields["status"]
        else:
            del self.fields["agenda"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("Das Ende der Sitzung muss nach ihrem Beginn liegen."))
        return cleaned

    def service_data(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "agenda"}

    def agenda_lines(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data.get("agenda", "").splitlines()
            if line.strip()
        ]


class AgendaItemForm(forms.Form):
    title = forms.CharField(
        label=_("Titel"),
        max_length=300,
        error_messages=_required(_("Bitte geben Sie einen Titel ein.")),
    )
    description = forms.CharField(
        label=_("Erläuterung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    presenter = forms.CharField(label=_("Berichterstattung"), max_length=200, required=False)


NOT_RECORDED = ""


class AttendanceForm(forms.Form):
    """One choice per current member: present, excused, absent, or not recorded."""

    def __init__(
        self, *args: Any, memberships: list[Membership], recorded: dict[int, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people: dict[str, Person] = {}
        choices = [(NOT_RECORDED, _("nicht erfasst")), *Attendance.Status.choices]
        for membership in memberships:
            name = f"person_{membership.person_id}"
            self.fields[name] = forms.ChoiceField(
                label=f"{membership.person.full_name} ({membership.organisation.name})",
                choices=choices,
                required=False,
                initial=recorded.get(membership.person_id, NOT_RECORDED),
            )
            self.people[name] = membership.person

    def changes(self, recorded: dict[int, str]) -> list[tuple[Person, str]]:
        """The people whose status was set or changed."""
        return [
            (person, self.cleaned_data[name])
            for name, person in self.people.items()
            if self.cleaned_data.get(name) and self.cleaned_data[name] != recorded.get(person.pk)
        ]


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Protokoll"), required=False, widget=forms.Textarea(attrs={"rows": 14})
    )
    held = forms.BooleanField(
        label=_("Sitzung als durchgeführt markieren"), required=False, initial=True
    )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Beschluss"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required(_("Bitte geben Sie den Beschluss ein.")),
    )
    agenda_item = forms.ModelChoiceField(
        label=_("zu TOP"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("– ohne TOP –"),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "agenda_item").queryset = meeting.agenda_items.order_by("position")


class ActionItemForm(forms.Form):
    title = forms.CharField(
        label=_("Aufgabe"),
        max_length=300,
        error_messages=_required(_("Bitte beschreiben Sie die Aufgabe.")),
    )
    description = forms.CharField(
        label=_("Beschreibung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    assignee = forms.ModelChoiceField(
        label=_("zuständig"),
        queryset=Person.objects.none(),
        error_messages=_required(_("Bitte wählen Sie aus, wer zuständig ist.")),
    )
    due_date = IsoDateField(label=_("fällig am"), required=False)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "assignee").queryset = people


class ActionItemStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Neuer Status"),
        choices=ActionItem.Status.choices,
        error_messages={
            "required": _("Bitte wählen Sie den neuen Status."),
            "invalid_choice": _("Unbekannter Status."),
        },
    )

    def __init__(self, *args: Any, allowed: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if allowed is not None:
            # Offer only the legal moves; the service refuses any other (a stale page).
            _choice(self, "status").choices = [
                (value, label) for value, label in ActionItem.Status.choices if value in allowed
            ]


# --- votes ---------------------------------------------------------------------------------


class VoteForm(forms.Form):
    title = forms.CharField(
        label=_("Frage"),
        max_length=300,
        error_messages=_required(_("Bitte geben Sie die Frage ein.")),
    )
    description = forms.CharField(
        label=_("Erläuterung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    options = forms.CharField(
        label=_("Optionen"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Eine Option pro Zeile, mindestens zwei."),
        error_messages=_required(_("Bitte geben Sie die Optionen ein.")),
    )
    method = forms.ChoiceField(
        label=_("Verfahren"), choices=Vote.Method.choices, initial=Vote.Method.APPROVAL
    )
    secrecy = forms.ChoiceField(
        label=_("Abstimmung"),
        choices=Vote.Secrecy.choices,
        initial=Vote.Secrecy.OPEN,
        help_text=_("Geheim: Es wird nur festgehalten, wer abgestimmt hat, nicht wie."),
    )
    meeting = forms.ModelChoiceField(
        label=_("in der Sitzung"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("– keine –"),
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "meeting").queryset = body.meetings.order_by("-starts_at")

    def clean_options(self) -> list[str]:
        labels = [
            line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()
        ]
        if len(labels) < 2:
            raise forms.ValidationError(_("Eine Abstimmung braucht mindestens zwei Optionen."))
        if len(set(labels)) != len(labels):
            raise forms.ValidationError(_("Jede Option darf nur einmal vorkommen."))
        too_long = [label for label in labels if len(label) > 300]
        if too_long:
            raise forms.ValidationError(_("Eine Option darf höchstens 300 Zeichen lang sein."))
        return labels


class ApprovalBallotForm(forms.Form):
    """Approval voting: tick every option you agree to."""

    approvals = forms.MultipleChoiceField(
        label=_("Ihre Zustimmung"),
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required(_("Bitte wählen Sie mindestens eine Option.")),
    )

    def __init__(self, *args: Any, options: list[VoteOption], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice(self, "approvals").choices = [(str(option.pk), option.label) for option in options]

    def ballot(self) -> dict[str, Any]:
        return {"approvals": [int(pk) for pk in self.cleaned_data["approvals"]]}


class RankedBallotForm(forms.Form):
    """Ranked voting: a rank number per option. Equal numbers tie; options without a rank
    count as ranked last."""

    def __init__(self, *args: Any, options: list[VoteOption], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("ohne Rang (zuletzt)"))] + [
            (str(rank), _("Rang %(rank)s") % {"rank": rank}) for rank in range(1, len(options) + 1)
        ]
        self.options = {f"rank_{option.pk}": option for option in options}
        for name, option in self.options.items():
            self.fields[name] = forms.ChoiceField(
                label=option.label, choices=choices, required=False
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(cleaned.get(name) for name in self.options):
            raise forms.ValidationError(_("Bitte vergeben Sie mindestens einen Rang."))
        return cleaned

    def ballot(self) -> dict[str, Any]:
        groups: dict[int, list[int]] = {}
        for name, option in self.options.items():
            rank = self.cleaned_data.get(name)
            if rank:
                groups.setdefault(int(rank), []).append(option.pk)
        ranking = [
            group[0] if len(group) == 1 else group for _rank, group in sorted(groups.items())
        ]
        return {"ranking": ranking}
