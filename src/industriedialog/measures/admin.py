from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionField, Measure, MeasurePartner, MeasureUpdate, QuarterCapacity


class PartnerInline(admin.TabularInline):
    model = MeasurePartner
    extra = 0
    raw_id_fields = ("organisation",)


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ("number", "title", "initiative", "phase", "progress", "is_flagship")
    list_filter = ("initiative", "phase", "is_flagship", "kind")
    search_fields = ("title", "external_id")
    inlines = (PartnerInline,)
    filter_horizontal = ("depends_on",)


@admin.register(ActionField)
class ActionFieldAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "initiative")
    list_filter = ("initiative",)


admin.site.register(MeasureUpdate)
admin.site.register(QuarterCapacity)
