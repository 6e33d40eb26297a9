"""Helpers for the idempotent seed loaders of every app."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from django.conf import settings
from django.db import models


def load_data_file(package: str, filename: str, *, data_set: str | None = None) -> Any:
    """Read `<package>/data/<data set>/<filename>` shipped inside the project."""
    data_set = data_set or settings.PLATFORM_DATA_SET
    path = resources.files(package).joinpath("data", data_set, filename)
    return json.loads(path.read_text(encoding="utf-8"))


def upsert[ModelT: models.Model](
    model: type[ModelT], *, lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[ModelT, str]:
    """Create or update one row so that it holds `values`. Returns the object and
    "created", "updated" or "unchanged"; an unchanged row is not written (no history)."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj, "created"
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return obj, "unchanged"
    for name in changed:
        setattr(obj, name, values[name])
    obj.full_clean()
    obj.save()
    return obj, "updated"


class SeedReport:
    def __init__(self) -> None:
        self.counts: dict[str, dict[str, int]] = {}

    def add(self, label: str, outcome: str) -> None:
        bucket = self.counts.setdefault(label, {"created": 0, "updated": 0, "unchanged": 0})
        bucket[outcome] += 1

    def lines(self) -> list[str]:
        return [
            f"{label}: {c['created']} neu, {c['updated']} geändert, {c['unchanged']} unverändert"
            for label, c in self.counts.items()
        ]

    @property
    def changed(self) -> int:
        return sum(c["created"] + c["updated"] for c in self.counts.values())
