"""Loads the catalogue of the data set (being built in this change)."""

from industriedialog.core.seeding import SeedReport


def load(*, stdout=None, data_set=None) -> SeedReport:
    return SeedReport()
