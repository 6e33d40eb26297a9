"""Full-text indexes of the shared search table, one path per database backend.

Both backends index the same tokens, made in Python (core/text.py): the space-separated
Snowball stems in `stemmed` and the folded text in `folded`. SQLite: two external-content
FTS5 tables kept in sync by triggers; the stem table splits only on spaces and ASCII
punctuation (`ascii` tokenizer), the trigram table compares the folded text as it is
(`case_sensitive 1`); a covering index (kind, id, object_id, sort_key) serves the join
from matching rowids to objects. PostgreSQL: a stored tsvector made of exactly those stems (no
parser, no dictionary) with a GIN index, plus a pg_trgm GIN index for substring search.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE core_search_stem USING fts5("
    "stemmed, content='core_searchentry', content_rowid='id', "
    "tokenize='ascii')",
    "CREATE VIRTUAL TABLE core_search_trigram USING fts5("
    "folded, content='core_searchentry', content_rowid='id', "
    "tokenize='trigram case_sensitive 1')",
    """CREATE TRIGGER core_searchentry_ai AFTER INSERT ON core_searchentry BEGIN
        INSERT INTO core_search_stem(rowid, stemmed) VALUES (new.id, new.stemmed);
        INSERT INTO core_search_trigram(rowid, folded) VALUES (new.id, new.folded);
    END""",
    """CREATE TRIGGER core_searchentry_ad AFTER DELETE ON core_searchentry BEGIN
        INSERT INTO core_search_stem(core_search_stem, rowid, stemmed)
            VALUES ('delete', old.id, old.stemmed);
        INSERT INTO core_search_trigram(core_search_trigram, rowid, folded)
            VALUES ('delete', old.id, old.folded);
    END""",
    """CREATE TRIGGER core_searchentry_au AFTER UPDATE ON core_searchentry BEGIN
        INSERT INTO core_search_stem(core_search_stem, rowid, stemmed)
            VALUES ('delete', old.id, old.stemmed);
        INSERT INTO core_search_trigram(core_search_trigram, rowid, folded)
            VALUES ('delete', old.id, old.folded);
        INSERT INTO core_search_stem(rowid, stemmed) VALUES (new.id, new.stemmed);
        INSERT INTO core_search_trigram(rowid, folded) VALUES (new.id, new.folded);
    END""",
    # Maps a matching rowid to what the join and the ordering need without reading the
    # wide entry row (see core/search.py).
    "CREATE INDEX core_searchentry_match ON core_searchentry (kind, id, object_id, sort_key)",
    "INSERT INTO core_search_stem(core_search_stem) VALUES ('rebuild')",
    "INSERT INTO core_search_trigram(core_search_trigram) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP INDEX IF EXISTS core_searchentry_match",
    "DROP TRIGGER IF EXISTS core_searchentry_au",
    "DROP TRIGGER IF EXISTS core_searchentry_ad",
    "DROP TRIGGER IF EXISTS core_searchentry_ai",
    "DROP TABLE IF EXISTS core_search_trigram",
    "DROP TABLE IF EXISTS core_search_stem",
]
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE core_searchentry ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS "
    "(array_to_tsvector(array_remove(string_to_array(stemmed, ' '), ''))) STORED",
    "CREATE INDEX core_searchentry_vector_gin ON core_searchentry USING gin (search_vector)",
    "CREATE INDEX core_searchentry_folded_trgm ON core_searchentry USING gin (folded gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS core_searchentry_folded_trgm",
    "DROP INDEX IF EXISTS core_searchentry_vector_gin",
    "ALTER TABLE core_searchentry DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
