"""allauth adapter: open sign-up creates public users only; roles are given by staff."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter

from industriedialog.core.models import Role


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.role = Role.PUBLIC
        if commit:
            user.save()
        return user
