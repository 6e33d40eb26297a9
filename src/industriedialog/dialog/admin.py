from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActionItem,
    AgendaItem,
    Body,
    Decision,
    JoinRequest,
    Meeting,
    Membership,
    Vote,
    VoteOption,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("person", "organisation")


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "initiative", "parent", "status")
    list_filter = ("initiative", "kind", "status")
    search_fields = ("name", "short_name")
    inlines = (MembershipInline,)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ("title", "body", "starts_at", "status")
    list_filter = ("status", "body__initiative")
    inlines = (AgendaItemInline, DecisionInline)


@admin.register(ActionItem)
class ActionItemAdmin(SimpleHistoryAdmin):
    list_display = ("title", "body", "assignee", "due_date", "status")
    list_filter = ("status",)
    raw_id_fields = ("assignee",)


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ("person", "body", "status", "created_at")
    list_filter = ("status",)


class VoteOptionInline(admin.TabularInline):
    model = VoteOption
    extra = 0


@admin.register(Vote)
class VoteAdmin(SimpleHistoryAdmin):
    list_display = ("title", "body", "method", "secrecy", "status")
    inlines = (VoteOptionInline,)
