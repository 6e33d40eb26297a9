"""Import of the register from CSV or XLSX: parse the file, plan the import (a dry run that
validates every row), then run the plan through the register's services.

The import reads what `exporting` writes (round trip): the same German column headers,
`;`-separated UTF-8 with BOM, booleans as „ja“/„nein“, tags comma separated. It also
accepts the field names (`slug`, `kind`, …) and the model's field labels as headers, `,` as
separator, Windows-1252 files and the labels of choices („Unternehmen“ for `company`).

Only the columns present in the file are applied: a row whose „Kürzel“ matches an existing
organisation updates the fields of those columns and leaves the others alone; every other
row creates an organisation.

The plan mirrors `services.organisation_create`/`organisation_update` step by step
(`prepare_organisation`, then `full_clean` with the same exclusions) without writing, and
hands the services exactly the values it validated, so the dry run shows what the real
import does. `run_import` still goes through the services, all rows in one transaction.
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
from .parsing import (  # noqa: F401
    parse_upload,
)
from .planning import (  # noqa: F401
    plan_import,
    run_import,
)
from .signing import (  # noqa: F401
    sign_upload,
    unsign_upload,
)

__all__ = [
    "ALLOWED_EXTENSIONS",
    "Action",
    "FieldChange",
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
