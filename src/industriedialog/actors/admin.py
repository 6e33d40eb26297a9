from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Affiliation, Consent, Organisation, Person


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0
    autocomplete_fields = ("organisation", "person")


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = (
        "name",
        "kind",
        "wz_code",
        "employee_band",
        "city",
        "is_public",
        "is_example_data",
    )
    list_filter = (
        "kind",
        "wz_section",
        "employee_band",
        "is_training_company",
        "is_public",
        "is_example_data",
    )
    search_fields = ("name", "short_name", "slug")
    readonly_fields = ("wz_section", "sort_key", "created_at", "updated_at")
    inlines = (AffiliationInline,)


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("last_name", "first_name", "is_public", "is_example_data")
    search_fields = ("last_name", "first_name", "email")
    inlines = (AffiliationInline,)


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ("person", "purpose", "text_version", "given_at", "withdrawn_at")
    list_filter = ("purpose",)
