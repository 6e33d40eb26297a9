"""Import and export of the catalogue (placeholders until this change is complete)."""

from django.http import Http404


def export(request, **kwargs):
    raise Http404


matrix_export = import_measures = export_index = export
