import rules

from industriedialog.core.permissions import is_staff_member

rules.add_perm("measures.change_measure", is_staff_member)
rules.add_perm("measures.plan_roadmap", is_staff_member)
