from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("key_prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_prefix", "created_at", "last_used_at")
    search_fields = ("user__username", "user__email", "name")
