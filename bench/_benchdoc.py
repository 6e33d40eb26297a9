"""docs/benchmarks.md: each benchmark script rewrites only its own `## <title>` section."""

from __future__ import annotations

import re
from pathlib import Path

BENCHMARKS_DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\nMeasured figures; each section is written by its script "
    "in bench/ (`make bench` runs them all).\n"
)


def write_section(title: str, text: str) -> None:
    """Replace the `## <title>` section (up to the next `## ` heading) with `text`, or
    append it; every other section is kept."""
    BENCHMARKS_DOC.parent.mkdir(parents=True, exist_ok=True)
    current = BENCHMARKS_DOC.read_text(encoding="utf-8") if BENCHMARKS_DOC.exists() else HEADER
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(current):
        updated = pattern.sub(lambda _match: text + "\n", current, count=1).rstrip() + "\n"
    else:
        updated = current.rstrip() + "\n\n" + text
    BENCHMARKS_DOC.write_text(updated, encoding="utf-8")
