"""Catalogue pages (placeholders until this change is complete)."""

from django.http import Http404


def catalogue_index(request, **kwargs):
    raise Http404


catalogue = partner_matrix = bulk_update = measure_detail = measure_update = catalogue_index
bulk_update_index = catalogue_index
