"""Loaded by rules' autodiscovery: the core permission rules."""

from industriedialog.core import permissions  # noqa: F401
