"""Staff of the economic-development office may work on the raw records of the platform's
own apps in the admin (model permissions), without per-user permission rows."""

from __future__ import annotations

PLATFORM_APPS = ("core.", "actors.", "api.", "dialog.", "measures.")


class StaffRoleBackend:
    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        return bool(
            getattr(user_obj, "is_authenticated", False)
            and user_obj.is_staff_member
            and user_obj.is_staff
            and perm.startswith(PLATFORM_APPS)
        )

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return self.has_perm(user_obj, f"{app_label}.")
