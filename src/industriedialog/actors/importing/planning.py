"""The dry run (plan) and the real import (run)."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from industriedialog.core.audit import audit_log

from ..models import Organisation
from ..services import organisation_create, organisation_update, prepare_organisation
from .common import (
    BOOLEAN_FIELDS,
    CHOICES,
    FALSE_WORDS,
    INTEGER_FIELDS,
    INTEGER_PATTERN,
    TRUE_WORDS,
    Action,
    FieldChange,
    ImportAborted,
    ImportPlan,
    ImportResult,
    PlannedRow,
    RowData,
    RowError,
    _choice_code,
    field_label,
)

# --------------------------------------------------------------------------- planning


def _convert(values: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Cell text → model values, and the conversion errors per field."""
    data: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, raw in values.items():
        if name == "slug":
            continue
        text = raw.strip()
        if name in BOOLEAN_FIELDS:
            word = text.casefold()
            if word in TRUE_WORDS:
                data[name] = True
            elif word in FALSE_WORDS:
                data[name] = False
            else:
                errors[name] = _(
                    "„%(value)s“ ist kein Ja/Nein-Wert. Erlaubt sind „ja“, "
                    "„nein“, „true“, „false“, „1“, „0“ oder ein leeres Feld."
                ) % {"value": text}
        elif name in INTEGER_FIELDS:
            compact = text.replace(" ", "")
            if not compact:
                data[name] = None
            elif INTEGER_PATTERN.match(compact):
                data[name] = int(compact.replace(".", ""))
            else:
                errors[name] = _(
                    "„%(value)s“ ist keine ganze Zahl. Bitte geben Sie die Zahl ohne "
                    "Nachkommastellen an, z. B. „1250“ oder „1.250“, oder lassen Sie das Feld leer."
                ) % {"value": text}
        elif name in CHOICES and text:
            code = _choice_code(name, text)
            if code is None:
                allowed = ", ".join(str(label) for _value, label in CHOICES[name].choices)
                errors[name] = _(
                    "„%(value)s“ ist keine zulässige Angabe. Erlaubt sind: %(allowed)s."
                ) % {"value": text, "allowed": allowed}
            else:
                data[name] = code
        elif name == "tags":
            data[name] = [tag.strip() for tag in text.split(",") if tag.strip()]
        else:
            data[name] = text
    return data, errors


def _display(name: str, value: Any) -> str:
    if name in CHOICES and value:
        return str(dict(CHOICES[name].choices).get(value, value))
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, list):
        return ", ".join(value)
    return "" if value is None else str(value)


def _row_errors(number: int, error: ValidationError, *, skip: Iterable[str] = ()) -> list[RowError]:
    skipped = set(skip)
    if not hasattr(error, "error_dict"):
        return [RowError(number, "", "", message) for message in error.messages]
    return [
        RowError(number, name, field_label(name), message)
        for name, messages in error.message_dict.items()
        if name not in skipped
        for message in messages
    ]


def _validate(organisation: Organisation) -> ValidationError | None:
    """The check `services.organisation_create/update` make before saving."""
    try:
        organisation.full_clean(exclude=["slug", "sort_key"])
    except ValidationError as error:
        return error
    return None


class _SlugReservation:
    """Slugs for new rows without one, as `services.unique_slug` makes them, also unique
    against the other rows of the file."""

    def __init__(self, explicit: set[str]) -> None:
        self.taken = set(explicit)
        self._loaded = False

    def free(self, name: str) -> str:
        if not self._loaded:
            self.taken |= set(Organisation.objects.values_list("slug", flat=True))
            self._loaded = True
        root = (slugify(name.replace("ß", "ss")) or "eintrag")[:100]
        candidate, counter = root, 2
        while candidate in self.taken:
            candidate = f"{root}-{counter}"
            counter += 1
        self.taken.add(candidate)
        return candidate


def plan_import(rows: list[RowData]) -> ImportPlan:
    """The dry run: what the import would do with each row, and every error."""
    slugs = [row.values.get("slug", "").strip() for row in rows]
    existing = {
        organisation.slug: organisation
        for organisation in Organisation.objects.filter(slug__in=set(filter(None, slugs)))
    }
    first_row_of_slug: dict[str, int] = {}
    reservation = _SlugReservation({slug for slug in slugs if slug})
    planned: list[PlannedRow] = []
    for row, slug in zip(rows, slugs, strict=True):
        data, conversion_errors = _convert(row.values)
        errors = [
            RowError(row.number, name, field_label(name), message)
            for name, message in conversion_errors.items()
        ]
        errors += [
            RowError(
                row.number,
                "",
                "",
                _("Spalte %(column)s enthält einen Wert, hat aber keine Überschrift.")
                % {"column": column},
            )
            for column in row.stray_columns
        ]
        if slug and slug in first_row_of_slug:
            errors.append(
                RowError(
                    row.number,
                    "slug",
                    field_label("slug"),
                    _("Das Kürzel „%(slug)s“ steht schon in Zeile %(row)s.")
                    % {"slug": slug, "row": first_row_of_slug[slug]},
                )
            )
        elif slug:
            first_row_of_slug[slug] = row.number
        if slug in existing and not any(error.field == "slug" for error in errors):
            entry = _plan_update(row.number, existing[slug], data, conversion_errors, errors)
        else:
            entry = _plan_create(row.number, slug, data, conversion_errors, errors, reservation)
        planned.append(entry)
    return ImportPlan(rows=planned)


def _plan_create(
    number: int,
    slug: str,
    data: dict[str, Any],
    conversion_errors: dict[str, str],
    errors: list[RowError],
    reservation: _SlugReservation,
) -> PlannedRow:
    if slug:
        # The service stores a given slug as it is; check it as the slug field would.
        slug_field = Organisation._meta.get_field("slug")
        assert isinstance(slug_field, models.SlugField)
        try:
            slug_field.run_validators(slug)
        except ValidationError as error:
            errors += [
                RowError(number, "slug", field_label("slug"), message) for message in error.messages
            ]
    organisation = Organisation(**data)
    prepare_organisation(organisation)
    failure = _validate(organisation)
    if failure is not None:
        errors += _row_errors(number, failure, skip=conversion_errors)
    if errors:
        return PlannedRow(number, Action.ERROR, slug, organisation.name, errors=errors)
    slug = slug or reservation.free(organisation.name)
    return PlannedRow(number, Action.CREATE, slug, organisation.name, data={**data, "slug": slug})


def _plan_update(
    number: int,
    existing: Organisation,
    data: dict[str, Any],
    conversion_errors: dict[str, str],
    errors: list[RowError],
) -> PlannedRow:
    # The same steps as services.organisation_update, on a copy that is never saved.
    organisation = copy.copy(existing)
    changed = {name: value for name, value in data.items() if getattr(organisation, name) != value}
    for name, value in changed.items():
        setattr(organisation, name, value)
    if "postal_code" in changed and "latitude" not in changed:
        organisation.latitude = organisation.longitude = None
    prepare_organisation(organisation)
    failure = _validate(organisation) if changed else None
    if failure is not None:
        errors += _row_errors(number, failure, skip=conversion_errors)
    if errors:
        return PlannedRow(
            number,
            Action.ERROR,
            existing.slug,
            organisation.name,
            organisation=existing,
            errors=errors,
        )
    # Hand the service only what really changes after its derivations (a WZ version the
    # service would fill in again is no change), so that it writes exactly this.
    final = {name: getattr(organisation, name) for name in data}
    service_data = {
        name: value for name, value in final.items() if getattr(existing, name) != value
    }
    if not service_data:
        return PlannedRow(
            number, Action.UNCHANGED, existing.slug, existing.name, organisation=existing
        )
    changes = [
        FieldChange(
            name, field_label(name), _display(name, getattr(existing, name)), _display(name, value)
        )
        for name, value in service_data.items()
    ]
    return PlannedRow(
        number,
        Action.UPDATE,
        existing.slug,
        organisation.name,
        data=service_data,
        organisation=existing,
        changes=changes,
    )


# --------------------------------------------------------------------------- running


def run_import(*, actor: Any, plan: ImportPlan, source_name: str = "") -> ImportResult:
    """Write the plan through the services, all rows or none. Raises `ImportAborted` when a
    service rejects a row (the register changed since planning); nothing is written then."""
    if plan.has_errors or plan.is_too_large:
        raise ValueError("A plan with errors or beyond MAX_WRITES_PER_IMPORT cannot be run.")
    with transaction.atomic():
        for row in plan.rows:
            try:
                if row.action == Action.CREATE:
                    organisation_create(actor=actor, data=row.data)
                elif row.action == Action.UPDATE:
                    assert row.organisation is not None
                    organisation_update(actor=actor, organisation=row.organisation, data=row.data)
            except ValidationError as error:
                raise ImportAborted(_row_errors(row.number, error)) from error
            except IntegrityError as error:
                raise ImportAborted(
                    [
                        RowError(
                            row.number,
                            "",
                            "",
                            _(
                                "Die Datenbank hat die Zeile abgelehnt, "
                                "vermutlich wurde das Kürzel "
                                "inzwischen vergeben."
                            ),
                        )
                    ]
                ) from error
        result = ImportResult(
            created=plan.created_count, updated=plan.updated_count, unchanged=plan.unchanged_count
        )
        audit_log(
            actor=actor,
            action="actors.organisation.import",
            data={
                "file": source_name,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            },
        )
    return result
