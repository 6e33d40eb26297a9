"""Forms of the catalogue pages: the filters, the staff edit form with its partners and
dependencies, and the bulk status table (one row form per measure)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from industriedialog.actors.models import Organisation, OrganisationKind

from .models import ActionField, Measure, MeasureKind, MeasurePartner
from .selectors import PHASE_ORDER

ANY: list[tuple[str, Any]] = [("", _("alle"))]
PHASE_CHOICES = [(phase.value, phase.label) for phase in PHASE_ORDER]


class IsoDateInput(forms.DateInput):
    """The browser's date picker; its value is always ISO (2024-03-31)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class IsoDateField(forms.DateField):
    """A date field whose template value is ISO: `{{ field.value }}` would otherwise be
    localised ("31. März 2024"), which a date input cannot show."""

    widget = IsoDateInput
    input_formats = ["%Y-%m-%d", "%d.%m.%Y"]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()
        return value


def field_choices(fields: list[ActionField]) -> list[tuple[str, str]]:
    """Fields of action by number, sub-fields indented (the tree order is the sort key)."""
    depth: dict[int, int] = {}
    choices = []
    for field in fields:
        level = depth[field.parent_id] + 1 if field.parent_id in depth else 0
        depth[field.pk] = level
        choices.append((field.number, "\u2003" * level + str(field)))
    return choices


# --- filters -------------------------------------------------------------------------------


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Suchbegriff"), required=False, max_length=200)
    field = forms.ChoiceField(label=_("Handlungsfeld"), required=False, choices=ANY)
    phase = forms.ChoiceField(label=_("Phase"), required=False, choices=ANY + PHASE_CHOICES)
    partner = forms.ChoiceField(label=_("Partner"), required=False, choices=ANY)
    flagship = forms.ChoiceField(
        label=_("Leuchtturmprojekt"),
        required=False,
        choices=ANY + [("ja", _("nur Leuchtturmprojekte")), ("nein", _("ohne Leuchtturmprojekte"))],
    )
    kind = forms.ChoiceField(
        label=_("Art"), required=False, choices=ANY + list(MeasureKind.choices)
    )

    def __init__(self, *args, fields: list[ActionField], partners: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self._set_choices("field", field_choices(fields))
        self._set_choices("partner", [(o.slug, o.name) for o in partners])

    def _set_choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = ANY + choices

    @property
    def filters(self) -> dict[str, Any]:
        """Keyword arguments for `selectors.measure_list` (empty when the form is invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        flagship = {"ja": True, "nein": False}.get(data["flagship"])
        return {
            "query": data["q"],
            "field": data["field"],
            "phase": data["phase"],
            "partner": data["partner"],
            "flagship": flagship,
            "kind": data["kind"],
        }


class MatrixFilterForm(forms.Form):
    field = forms.ChoiceField(label=_("Handlungsfeld"), required=False, choices=ANY)
    phase = forms.ChoiceField(label=_("Phase"), required=False, choices=ANY + PHASE_CHOICES)
    organisation_kind = forms.ChoiceField(
        label=_("Art der Organisation"),
        required=False,
        choices=ANY + list(OrganisationKind.choices),
    )

    def __init__(self, *args, fields: list[ActionField], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["field"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = ANY + field_choices(fields)

    @property
    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"field": "", "phase": "", "organisation_kind": ""}
        return dict(self.cleaned_data)


# --- staff edit form -----------------------------------------------------------------------


class MeasureForm(forms.ModelForm):
    """The fields of a measure; the service receives only those the user changed."""

    note = forms.CharField(
        label=_("Notiz zum Sachstand"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Erscheint mit Datum auf der Zeitleiste der Maßnahme, zusammen mit "
            "geänderter Phase und geändertem Fortschritt."
        ),
    )
    date = IsoDateField(label=_("Stand vom"), help_text=_("Datum des Sachstands."))
    depends_on = forms.ModelMultipleChoiceField(
        label=_("hängt ab von"),
        required=False,
        queryset=Measure.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Maßnahmen, die vorher begonnen oder abgeschlossen sein müssen."),
    )

    class Meta:
        model = Measure
        fields = (
            "field",
            "number",
            "title",
            "description",
            "phase",
            "phase_inferred",
            "phase_note",
            "is_flagship",
            "kind",
            "cost",
            "progress",
            "effort_person_days",
            "duration_quarters",
            "priority",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "earliest_start",
            "is_pinned",
            "responsible_body",
            "source",
            "is_public",
        )
        field_classes = {
            name: IsoDateField
            for name in (
                "planned_start",
                "planned_end",
                "actual_start",
                "actual_end",
                "earliest_start",
            )
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        measure = self.instance
        self.fields["field"].queryset = ActionField.objects.filter(
            initiative=measure.initiative_id
        ).order_by("sort_key")
        self.fields["responsible_body"].queryset = bodies
        self.fields["depends_on"].queryset = (
            Measure.objects.filter(initiative=measure.initiative_id)
            .exclude(pk=measure.pk)
            .order_by("sort_key", "id")
        )
        self.fields["depends_on"].initial = list(measure.depends_on.values_list("pk", flat=True))
        self.fields["date"].initial = timezone.localdate
        self.fields["phase"].choices = PHASE_CHOICES
        effort = self.fields["effort_person_days"]
        effort.localize = True  # "1,5" as typed in German
        effort.widget = forms.TextInput(attrs={"inputmode": "decimal"})
        effort.widget.is_localized = True
        self.fields["title"].error_messages["required"] = _("Bitte geben Sie den Titel ein.")

    def clean_date(self) -> dt.date:
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Der Stand kann nicht in der Zukunft liegen."))
        return date

    def clean(self) -> dict[str, Any]:
        # Checked here so that the field carries a German message: the model's check
        # constraint would otherwise answer with its technical name.
        cleaned = super().clean() or {}
        for start, end, message in (
            ("planned_start", "planned_end", _("Das geplante Ende liegt vor dem Beginn.")),
            ("actual_start", "actual_end", _("Das tatsächliche Ende liegt vor dem Beginn.")),
        ):
            if cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
                self.add_error(end, message)
        return cleaned

    def measure_data(self) -> dict[str, Any]:
        """The changed model fields, as the service expects them."""
        return {
            name: self.cleaned_data[name] for name in self.changed_data if name in self.Meta.fields
        }


class PartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("– keine –"),
    )
    role = forms.ChoiceField(
        label=_("Rolle"), choices=MeasurePartner.Role.choices, initial=MeasurePartner.Role.PARTNER
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations


class BasePartnerFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[int] = set()
        for form in self.forms:
            organisation = form.cleaned_data.get("organisation")
            if organisation is None:
                continue
            if organisation.pk in seen:
                raise forms.ValidationError(
                    _(
                        "%(name)s steht zweimal in der Liste; jede Organisation hat genau eine "
                        "Rolle."
                    )
                    % {"name": organisation.name}
                )
            seen.add(organisation.pk)

    def partners(self) -> list[tuple[Organisation, str]]:
        return [
            (form.cleaned_data["organisation"], form.cleaned_data["role"])
            for form in self.forms
            if form.cleaned_data.get("organisation") is not None
        ]


PartnerFormSet = forms.formset_factory(
    PartnerForm, formset=BasePartnerFormSet, extra=3, max_num=200, validate_max=True
)


# --- bulk status table ---------------------------------------------------------------------


class BulkHeaderForm(forms.Form):
    date = IsoDateField(
        label=_("Stand vom"),
        initial=timezone.localdate,
        help_text=_("Gilt für alle geänderten Zeilen."),
    )

    def clean_date(self) -> dt.date:
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Der Stand kann nicht in der Zukunft liegen."))
        return date


class BulkRowForm(forms.Form):
    """One measure's row. Phase and progress carry the value shown when the page was
    loaded (hidden initial), so that a row counts as changed only when this user changed
    it, and a change someone else saved in the meantime is noticed, not overwritten."""

    measure_id = forms.IntegerField(widget=forms.HiddenInput)
    phase = forms.ChoiceField(label=_("Phase"), choices=PHASE_CHOICES, show_hidden_initial=True)
    progress = forms.IntegerField(
        label=_("Fortschritt (%)"),
        min_value=0,
        max_value=100,
        show_hidden_initial=True,
        widget=forms.NumberInput(attrs={"step": 5}),
    )
    note = forms.CharField(label=_("Notiz"), required=False, max_length=2000)

    def __init__(self, *args, measure: Measure | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        progress = self.fields["progress"]
        progress.error_messages["required"] = _("Bitte geben Sie den Fortschritt an.")
        # "%%": Django fills in the limit with %, a single % would break it.
        out_of_range = _("Der Fortschritt liegt zwischen 0 und 100 %%.")
        progress.error_messages["min_value"] = out_of_range
        progress.error_messages["max_value"] = out_of_range

    def clean_measure_id(self) -> int:
        value = self.cleaned_data["measure_id"]
        if self.measure is None or value != self.measure.pk:
            raise forms.ValidationError(
                _("Die Liste der Maßnahmen hat sich geändert. Bitte laden Sie die Seite neu.")
            )
        return value

    def loaded_value(self, name: str) -> Any:
        """What the page showed when it was loaded (the hidden initial input)."""
        field = self.fields[name]
        raw = field.hidden_widget().value_from_datadict(
            self.data, self.files, self.add_initial_prefix(name)
        )
        try:
            return field.to_python(raw)
        except forms.ValidationError:
            return None

    def changed_meanwhile(self) -> bool:
        assert self.measure is not None
        return (
            self.loaded_value("phase") != self.measure.phase
            or self.loaded_value("progress") != self.measure.progress
        )

    def mark_conflict(self, message: str) -> None:
        """Show `message` at the row and take the saved values as the new starting point,
        so that saving again (after checking) writes the row."""
        self.conflict = True
        self.add_error(None, message)

    conflict = False

    def hidden_initials(self) -> str:
        if not self.conflict:
            return self["phase"].as_hidden(only_initial=True) + self["progress"].as_hidden(
                only_initial=True
            )
        assert self.measure is not None
        return format_html_join(
            "",
            '<input type="hidden" name="{}" value="{}">',
            [
                (self.add_initial_prefix(name), getattr(self.measure, name))
                for name in ("phase", "progress")
            ],
        )


class BaseBulkFormSet(forms.BaseFormSet):
    def __init__(self, *args, measures: list[Measure], **kwargs):
        self.measures = measures
        kwargs["initial"] = [
            {"measure_id": m.pk, "phase": m.phase, "progress": m.progress, "note": ""}
            for m in measures
        ]
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(index)
        kwargs["measure"] = (
            self.measures[index] if index is not None and index < len(self.measures) else None
        )
        return kwargs

    def clean(self) -> None:
        if self.is_bound and self.total_form_count() != len(self.measures):
            raise forms.ValidationError(
                _("Die Liste der Maßnahmen hat sich geändert. Bitte laden Sie die Seite neu.")
            )


BulkFormSet = forms.formset_factory(
    BulkRowForm, formset=BaseBulkFormSet, extra=0, max_num=5000, absolute_max=5000
)
