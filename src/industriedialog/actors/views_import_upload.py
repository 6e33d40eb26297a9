"""Placeholder replaced by the import implementation (in progress in this change)."""

from django.http import Http404


def organisation_import_view(request):
    raise Http404
