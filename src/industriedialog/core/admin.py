from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import AuditEvent, Feedback, Initiative, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Industrie-Dialog", {"fields": ("role", "person", "organisation")}),
    )
    list_display = ("username", "email", "role", "organisation", "is_active")
    list_filter = ("role", "is_active")
    raw_id_fields = ("person", "organisation")


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "slug", "start_date", "end_date", "is_public")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "action", "object_repr")
    list_filter = ("action",)
    search_fields = ("action", "object_repr")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("created_at", "topic", "is_resolved", "page_url")
    list_filter = ("topic", "is_resolved")
