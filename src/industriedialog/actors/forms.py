from django import forms
from django.utils.translation import gettext_lazy as _

from .models import WZ2008_SECTIONS, EmployeeBand, Organisation, OrganisationKind

ANY = [("", _("alle"))]


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("Suchbegriff"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Art"), required=False, choices=ANY + list(OrganisationKind.choices)
    )
    sector = forms.ChoiceField(
        label=_("Branche (WZ-Abschnitt)"),
        required=False,
        choices=ANY
        + [
            (letter, f"{letter} – {label}")
            for letter, (_first, _last, label) in WZ2008_SECTIONS.items()
        ],
    )
    employee_band = forms.ChoiceField(
        label=_("Größe"), required=False, choices=ANY + list(EmployeeBand.choices)
    )
    municipality_key = forms.ChoiceField(label=_("Gemeinde"), required=False, choices=ANY)
    training = forms.ChoiceField(
        label=_("Ausbildungsbetrieb"),
        required=False,
        choices=ANY + [("yes", _("ja")), ("no", _("nein"))],
    )

    def __init__(self, *args, municipalities: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = self.fields["municipality_key"]
        assert isinstance(municipality, forms.ChoiceField)
        municipality.choices = ANY + list(municipalities or [])


class OrganisationForm(forms.ModelForm):
    tags = forms.CharField(
        label=_("Schlagworte"),
        required=False,
        help_text=_("Durch Kommas getrennt, z. B. „Maschinenbau, Export“."),
    )

    class Meta:
        model = Organisation
        fields = (
            "kind",
            "name",
            "short_name",
            "parent",
            "wz_code",
            "wz_version",
            "employee_band",
            "employee_count",
            "street",
            "postal_code",
            "city",
            "municipality_key",
            "is_training_company",
            "has_production_site",
            "website",
            "email",
            "phone",
            "description",
            "tags",
            "internal_notes",
            "is_public",
        )
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "internal_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tags = self.initial.get("tags")
        if isinstance(tags, list):
            self.initial["tags"] = ", ".join(tags)
        self.fields["parent"].queryset = Organisation.objects.exclude(
            kind=OrganisationKind.COMPANY
        ).order_by("sort_key")
        self.fields["name"].error_messages["required"] = _("Bitte geben Sie den Namen ein.")
        self.fields["kind"].error_messages["required"] = _("Bitte wählen Sie die Art aus.")

    def clean_tags(self) -> list[str]:
        raw = self.cleaned_data.get("tags") or ""
        return [tag.strip() for tag in raw.split(",") if tag.strip()]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("wz_version") and not cleaned.get("wz_code"):
            self.add_error("wz_code", _("Zur WZ-Klassifikation gehört ein WZ-Code."))
        return cleaned
