"""Permission rules of the events app (object-level checks are in permissions.py)."""

import rules

from industriedialog.core.permissions import is_staff_member

rules.add_perm("events.manage_event", is_staff_member)
rules.add_perm("events.export_registrations", is_staff_member)
