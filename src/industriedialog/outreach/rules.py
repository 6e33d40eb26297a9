"""Permission rules of the outreach app. Campaigns, visits and signals are staff work;
partners reach only the follow-ups routed to their organisation (see permissions.py)."""

import rules

from industriedialog.core.permissions import is_staff_member

rules.add_perm("outreach.manage_campaign", is_staff_member)
rules.add_perm("outreach.view_visit_notes", is_staff_member)
rules.add_perm("outreach.view_early_warning", is_staff_member)
