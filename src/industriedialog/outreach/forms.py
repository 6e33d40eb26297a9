"""Forms of the outreach pages. The visit report is built to be filled on a phone right
after the visit: one page, few required fields, rows for needs, follow-ups and signals
that may stay empty."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from industriedialog.actors.models import (
    WZ2008_SECTIONS,
    EmployeeBand,
    Organisation,
    OrganisationKind,
)
from industriedialog.core.models import Initiative, Role, User
from industriedialog.measures.forms import IsoDateField
from industriedialog.measures.models import Measure

from .models import (
    Campaign,
    CampaignTarget,
    ContactAttempt,
    FollowUp,
    Interest,
    RiskKind,
    Severity,
    TargetStatus,
)
from .services import PARTNER_KINDS
from .taxonomy import NeedTopic, topics_by_field

ANY: list[tuple[str, Any]] = [("", _("alle"))]
YES_NO_ANY = [("", _("egal")), ("yes", _("ja")), ("no", _("nein"))]
KNEW_CHOICES = [("", _("nicht gefragt")), ("yes", _("ja")), ("no", _("nein"))]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def topic_choices() -> list[tuple[str, Any]]:
    """Topics grouped by field, for a <select> with <optgroup>s."""
    choices: list[tuple[str, Any]] = [("", _("– Thema wählen –"))]
    for need_field, topics in topics_by_field():
        label = need_field.label if need_field is not None else _("Sonstiges")
        choices.append((str(label), [(t.value, t.label) for t in topics]))
    return choices


def choice_field(form: forms.Form, name: str) -> forms.ModelChoiceField:
    """A form's model choice field, typed (to set its queryset per request)."""
    return cast(forms.ModelChoiceField, form.fields[name])


def partner_queryset():
    return Organisation.objects.filter(kind__in=PARTNER_KINDS).order_by("sort_key")


def staff_queryset():
    return User.objects.filter(is_active=True).filter(role=Role.STAFF).order_by("last_name")


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class CampaignForm(forms.Form):
    initiative = forms.ModelChoiceField(
        label=_("Initiative"), queryset=Initiative.objects.all(), empty_label=None
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Beschreibung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    starts_on = IsoDateField(label=_("Beginn"))
    ends_on = IsoDateField(label=_("Ende"), required=False)
    note_retention_months = forms.IntegerField(
        label=_("Aufbewahrung der Besuchsnotizen (Monate)"),
        min_value=1,
        max_value=120,
        initial=36,
        help_text=Campaign._meta.get_field("note_retention_months").help_text,
    )
    kinds = forms.MultipleChoiceField(
        label=_("Art der Organisation"),
        choices=OrganisationKind.choices,
        initial=[OrganisationKind.COMPANY],
        widget=forms.CheckboxSelectMultiple,
    )
    wz_sections = forms.MultipleChoiceField(
        label=_("WZ-Abschnitte"),
        required=False,
        choices=[
            (letter, f"{letter} – {label}") for letter, (_a, _b, label) in WZ2008_SECTIONS.items()
        ],
        initial=["B", "C", "D", "E"],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Industrie: B bis E. Ohne Auswahl alle Abschnitte."),
    )
    municipality_key = forms.RegexField(
        label=_("Gemeindeschlüssel (AGS)"),
        regex=r"^\d{8}$",
        required=False,
        error_messages={
            "invalid": _("Der Gemeindeschlüssel (AGS) muss aus acht Ziffern bestehen.")
        },
        help_text=_("Leer lassen für alle Orte."),
    )
    employee_bands = forms.MultipleChoiceField(
        label=_("Größenklassen"),
        required=False,
        choices=EmployeeBand.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    has_production_site = forms.ChoiceField(
        label=_("Produktionsstandort in der Stadt"), choices=YES_NO_ANY, required=False
    )
    is_training_company = forms.ChoiceField(
        label=_("Ausbildungsbetrieb"), choices=YES_NO_ANY, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality_key"].initial = settings.PLATFORM_MUNICIPALITY_KEY
        self.fields["starts_on"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("Das Ende darf nicht vor dem Beginn liegen."))
        return cleaned

    def campaign_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "description": data["description"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "note_retention_months": data["note_retention_months"],
        }

    def target_filter(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kinds": data["kinds"],
            "wz_sections": data["wz_sections"],
            "municipality_key": data["municipality_key"],
            "employee_bands": data["employee_bands"],
            "has_production_site": _yes_no(data["has_production_site"]),
            "is_training_company": _yes_no(data["is_training_company"]),
        }


class TargetFilterForm(forms.Form):
    q = forms.CharField(label=_("Unternehmen"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Stand"), choices=ANY + TargetStatus.choices, required=False)
    interest = forms.ChoiceField(
        label=_("Interesse"), choices=ANY + Interest.choices, required=False
    )
    assigned_to = forms.ChoiceField(label=_("zuständig"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].choices = [
            ("", _("alle")),
            ("0", _("niemand")),
            *[(str(u.pk), u.get_full_name() or u.username) for u in staff_queryset()],
        ]


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("zuständig"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("niemand"),
    )
    targets: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        queryset=CampaignTarget.objects.none(), widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "assignee").queryset = staff_queryset()
        choice_field(self, "targets").queryset = campaign.targets.all()
        self.fields["targets"].error_messages["required"] = _(
            "Bitte mindestens ein Unternehmen auswählen."
        )


class TransitionForm(forms.Form):
    status = forms.ChoiceField(choices=TargetStatus.choices)
    visit_planned_on = IsoDateField(label=_("Besuch geplant am"), required=False)


class TargetUpdateForm(forms.Form):
    knew_dialogue = forms.ChoiceField(
        label=_("Kannte den Industrie-Dialog bereits"), choices=KNEW_CHOICES, required=False
    )
    interest = forms.ChoiceField(
        label=_("Interesse"), choices=[("", _("unbekannt"))] + Interest.choices, required=False
    )
    visit_planned_on = IsoDateField(label=_("Besuch geplant am"), required=False)

    def target_data(self) -> dict[str, Any]:
        return {
            "knew_dialogue": _yes_no(self.cleaned_data["knew_dialogue"]),
            "interest": self.cleaned_data["interest"],
            "visit_planned_on": self.cleaned_data["visit_planned_on"],
        }


class ContactAttemptForm(forms.Form):
    attempted_on = IsoDateField(label=_("Datum"))
    channel = forms.ChoiceField(label=_("Weg"), choices=ContactAttempt.Channel.choices)
    outcome = forms.ChoiceField(label=_("Ergebnis"), choices=ContactAttempt.Outcome.choices)
    visit_planned_on = IsoDateField(
        label=_("Besuch geplant am"),
        required=False,
        help_text=_("Nur bei „Besuch vereinbart“."),
    )
    note = forms.CharField(label=_("Notiz"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attempted_on"].initial = timezone.localdate()


class SignalForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Signal"), choices=[("", _("– Signal wählen –"))] + RiskKind.choices
    )
    severity = forms.TypedChoiceField(
        label=_("Stärke"), choices=Severity.choices, coerce=int, initial=Severity.MEDIUM
    )
    observed_on = IsoDateField(label=_("beobachtet am"))
    note = forms.CharField(label=_("Hinweis"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observed_on"].initial = timezone.localdate()


# --- the visit report ----------------------------------------------------------------------


class VisitForm(forms.Form):
    visited_on = IsoDateField(label=_("Besuch am"))
    staff_participants = StaffChoiceField(
        label=_("Teilnehmende der Wirtschaftsförderung"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    company_participants = forms.CharField(
        label=_("Teilnehmende des Unternehmens"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Eine Person je Zeile, z. B. „Anna Beispiel, Geschäftsführerin“."),
    )
    knew_dialogue = forms.ChoiceField(
        label=_("Kannte den Industrie-Dialog bereits"), choices=KNEW_CHOICES, required=False
    )
    interest = forms.ChoiceField(
        label=_("Interesse"), choices=[("", _("unbekannt"))] + Interest.choices, required=False
    )
    notes = forms.CharField(
        label=_("Notizen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Nur für die Wirtschaftsförderung sichtbar; wird nach Ablauf der "
            "Aufbewahrungsfrist gelöscht."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "staff_participants").queryset = staff_queryset()
        self.fields["visited_on"].initial = timezone.localdate()


class NeedRowForm(forms.Form):
    # Rendered by Django (grouped choices become <optgroup>s) with KERN's select class.
    topic = forms.ChoiceField(
        label=_("Thema"),
        required=False,
        widget=forms.Select(attrs={"class": "kern-form-input__select"}),
    )
    description = forms.CharField(label=_("Beschreibung"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = topic_choices()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("description") and not cleaned.get("topic"):
            self.add_error("topic", _("Bitte ein Thema wählen."))
        if cleaned.get("topic") == NeedTopic.OTHER and not cleaned.get("description"):
            self.add_error("description", _("Bei „Sonstiges“ bitte den Bedarf beschreiben."))
        return cleaned


class FollowUpRowForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Weiterleiten an"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("– Partnerinstitution wählen –"),
    )
    title = forms.CharField(label=_("Betreff"), max_length=200, required=False)
    request = forms.CharField(
        label=_("Anliegen für die Partnerinstitution"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due_on = IsoDateField(label=_("fällig am"), required=False)
    need_number = forms.TypedChoiceField(
        label=_("zu Bedarf"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("keinem")), ("1", "1"), ("2", "2"), ("3", "3")],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "partner").queryset = partner_queryset()

    def clean(self):
        cleaned = super().clean()
        filled = [name for name in ("partner", "title", "request", "due_on") if cleaned.get(name)]
        if filled and len(filled) < 4:
            for name in ("partner", "title", "request", "due_on"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Bitte ausfüllen (oder die ganze Zeile leer lassen)."))
        return cleaned


class SignalRowForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Signal"), choices=[("", _("– kein Signal –"))] + RiskKind.choices, required=False
    )
    severity = forms.TypedChoiceField(
        label=_("Stärke"), choices=Severity.choices, coerce=int, initial=Severity.MEDIUM
    )
    note = forms.CharField(label=_("Hinweis"), max_length=500, required=False)


NeedFormSet = forms.formset_factory(NeedRowForm, extra=3, max_num=3)
FollowUpFormSet = forms.formset_factory(FollowUpRowForm, extra=2, max_num=2)
SignalFormSet = forms.formset_factory(SignalRowForm, extra=2, max_num=2)


class FollowUpForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Weiterleiten an"), queryset=Organisation.objects.none()
    )
    title = forms.CharField(label=_("Betreff"), max_length=200)
    request = forms.CharField(
        label=_("Anliegen für die Partnerinstitution"), widget=forms.Textarea(attrs={"rows": 3})
    )
    due_on = IsoDateField(label=_("fällig am"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "partner").queryset = partner_queryset()


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Antwort"), widget=forms.Textarea(attrs={"rows": 4}))
    close = forms.BooleanField(label=_("Damit ist die Wiedervorlage erledigt"), required=False)


class FollowUpFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=ANY + FollowUp.Status.choices, required=False
    )


class NeedMeasuresForm(forms.Form):
    measures = forms.ModelMultipleChoiceField(
        label=_("adressiert durch Maßnahmen"),
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "measures").queryset = Measure.objects.filter(
            initiative=initiative
        ).order_by("sort_key", "title")
