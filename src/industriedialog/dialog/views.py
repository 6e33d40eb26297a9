"""Pages of the dialog app (being built in this change)."""

from django.http import Http404


def body_list(request):
    raise Http404


body_detail = meeting_detail = vote_detail = my_tasks = body_list
