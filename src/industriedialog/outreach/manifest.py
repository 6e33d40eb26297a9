"""The outreach app's manifest."""

from django.utils.translation import gettext_lazy as _

from industriedialog.core.manifests import AppManifest

manifest = AppManifest(label="outreach", name=str(_("Bestandspflege")))
