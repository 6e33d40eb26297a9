"""Pages of the dialog app: the structure of the bodies, a body with its members,
meetings, action items and votes, a meeting, a vote, and "Meine Aufgaben".

Thin: a selector finds the object (404 when the user may not see it), a form parses the
input, a service writes. What a user may not do answers 404 as well; a service's
ValidationError becomes a form error or a message, its PermissionDenied a 404.
"""

from .bodies import (  # noqa: F401
    body_create,
    body_detail,
    body_list,
    body_update,
    join_request_create,
    join_request_decide,
    meeting_create,
    membership_add,
    membership_end,
    vote_create,
)
from .meetings import (  # noqa: F401
    action_item_create,
    action_item_status,
    agenda_item_add,
    attendance_record,
    decision_add,
    meeting_detail,
    meeting_ics,
    meeting_invite,
    meeting_update,
    minutes_save,
    my_tasks,
)
from .votes import (  # noqa: F401
    vote_close,
    vote_detail,
    vote_open,
)
