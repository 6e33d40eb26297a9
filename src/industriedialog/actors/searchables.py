"""How organisations and people enter the shared search index."""

from industriedialog.core.search import SearchableKind

from .models import Organisation, Person


def _organisation_text(organisation: Organisation) -> str:
    parts = [
        organisation.short_name,
        organisation.get_kind_display(),
        organisation.city,
        organisation.wz_section_label,
        organisation.description,
        " ".join(organisation.tags or []),
    ]
    return "\n".join(str(part) for part in parts if part)


ORGANISATION = SearchableKind(
    model=Organisation,
    title=lambda o: o.name,
    text=_organisation_text,
    is_public=lambda o: o.is_public,
)

PERSON = SearchableKind(
    model=Person,
    title=lambda p: p.full_name,
    text=lambda p: "",
    is_public=lambda p: p.is_public,
)
