"""The roadmap planner pages (placeholders until this change is complete)."""

from django.http import Http404


def roadmap(request, **kwargs):
    raise Http404


roadmap_index = roadmap
