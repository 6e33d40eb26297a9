from django import forms
from django.utils.translation import gettext_lazy as _

from industriedialog.core.models import Feedback


class FeedbackForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("Ihr Anliegen"), choices=Feedback.Topic.choices, initial=Feedback.Topic.BARRIER
    )
    message = forms.CharField(
        label=_("Ihre Nachricht"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": _("Bitte schreiben Sie uns Ihre Nachricht.")},
    )
    page_url = forms.CharField(
        label=_("Betroffene Seite (optional)"), required=False, max_length=500
    )
    name = forms.CharField(label=_("Ihr Name (optional)"), required=False, max_length=200)
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse (optional, für eine Antwort)"),
        required=False,
        error_messages={"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse ein.")},
    )
    # Honeypot: people do not see this field, simple bots fill it in.
    website = forms.CharField(required=False, label=_("Bitte leer lassen"))

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Die Nachricht konnte nicht angenommen werden."))
        return ""
