"""Permission rules of the register."""

import rules

from industriedialog.core.permissions import is_staff_member

rules.add_perm("actors.add_organisation", is_staff_member)
rules.add_perm("actors.change_organisation", is_staff_member)
rules.add_perm("actors.import_organisation", is_staff_member)
rules.add_perm("actors.view_private_fields", is_staff_member)
