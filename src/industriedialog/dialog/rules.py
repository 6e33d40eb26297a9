"""Permission rules of the dialog app (object-level checks are in permissions.py)."""

import rules

from industriedialog.core.permissions import is_staff_member

rules.add_perm("dialog.add_body", is_staff_member)
rules.add_perm("dialog.change_body", is_staff_member)
