"""Import of an initiative's catalogue from CSV or XLSX: parse the file, plan the import (a
dry run that validates every row and shows each change old → new), then run the plan
through `services.measure_create`/`measure_update`, all rows or none.

The import reads what `exporting` writes (round trip): the same German column headers,
`;`-separated UTF-8 with BOM, booleans as „ja“/„nein“, choices as German labels or codes,
dates as TT.MM.JJJJ or JJJJ-MM-TT, decimals with comma or point. Rows are matched by
„Externe ID“; a row without one, or with one the catalogue does not know, creates a
measure. Only the columns present in the file are applied; read-only columns of the export
(„Partner“, „Hängt ab von“, …) are ignored, and the preview says so.
"""

from .common import (  # noqa: F401
    ALLOWED_EXTENSIONS,
    MAX_DATA_ROWS,
    MAX_UPLOAD_BYTES,
    MAX_WRITES_PER_IMPORT,
    Action,
    FieldChange,
    ImportAborted,
    ImportFileError,
    ImportPlan,
    ImportResult,
    PlannedRow,
    RowData,
    RowError,
    SignedUpload,
    field_label,
)
from .parsing import parse_upload  # noqa: F401
from .planning import IMPORT_NOTE, plan_import, run_import  # noqa: F401
from .signing import sign_upload, unsign_upload  # noqa: F401

__all__ = [
    "ALLOWED_EXTENSIONS",
    "Action",
    "FieldChange",
    "IMPORT_NOTE",
    "ImportAborted",
    "ImportFileError",
    "ImportPlan",
    "ImportResult",
    "MAX_DATA_ROWS",
    "MAX_UPLOAD_BYTES",
    "MAX_WRITES_PER_IMPORT",
    "PlannedRow",
    "RowData",
    "RowError",
    "SignedUpload",
    "field_label",
    "parse_upload",
    "plan_import",
    "run_import",
    "sign_upload",
    "unsign_upload",
]
