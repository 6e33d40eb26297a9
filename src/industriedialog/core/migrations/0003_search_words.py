"""Search by whole tokens: one token index per backend and a vocabulary for word parts.

Each entry is indexed by one set of tokens, made in Python (core/text.py) and spelled the
same on both backends: its Snowball stems (`stemmed`) and its folded words (`folded`),
the words with a leading "_" so that a word never meets a stem of the same spelling.
SQLite: a contentless FTS5 table (rowids only, `detail=none`) kept in sync by triggers;
PostgreSQL: a stored tsvector of exactly those tokens with a GIN index (fastupdate off, so
that no pending list has to be read at query time). A part of a compound is first looked
up as a substring in the vocabulary `core_searchword` (FTS5 trigram table on SQLite,
pg_trgm on PostgreSQL) and then found in the entries as the words containing it. An index
(kind, sort_key, object_id), on PostgreSQL with sort_key in byte order, lets both walk the
matches of a large result in result order. This replaces the stem and trigram indexes of
0002, which read every match of common words.
"""

import importlib

from django.db import migrations, models

MAX_WORD_LENGTH = 100  # core/text.py at the time of this migration

# The tokens of an entry: the stems, then every folded word with "_" before it.
TOKENS_SQL = (
    "{row}.stemmed || ' ' || "
    "CASE WHEN {row}.folded = '' THEN '' ELSE '_' || replace({row}.folded, ' ', ' _') END"
)
SQLITE_DROP_0002 = [
    "DROP INDEX IF EXISTS core_searchentry_match",
    "DROP TRIGGER IF EXISTS core_searchentry_au",
    "DROP TRIGGER IF EXISTS core_searchentry_ad",
    "DROP TRIGGER IF EXISTS core_searchentry_ai",
    "DROP TABLE IF EXISTS core_search_trigram",
    "DROP TABLE IF EXISTS core_search_stem",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE core_search_token USING fts5("
    "tokens, content='', detail=none, tokenize=\"ascii tokenchars '_'\")",
    f"""CREATE TRIGGER core_searchentry_token_ai AFTER INSERT ON core_searchentry BEGIN
        INSERT INTO core_search_token(rowid, tokens)
            VALUES (new.id, {TOKENS_SQL.format(row="new")});
    END""",
    f"""CREATE TRIGGER core_searchentry_token_ad AFTER DELETE ON core_searchentry BEGIN
        INSERT INTO core_search_token(core_search_token, rowid, tokens)
            VALUES ('delete', old.id, {TOKENS_SQL.format(row="old")});
    END""",
    f"""CREATE TRIGGER core_searchentry_token_au AFTER UPDATE ON core_searchentry BEGIN
        INSERT INTO core_search_token(core_search_token, rowid, tokens)
            VALUES ('delete', old.id, {TOKENS_SQL.format(row="old")});
        INSERT INTO core_search_token(rowid, tokens)
            VALUES (new.id, {TOKENS_SQL.format(row="new")});
    END""",
    "INSERT INTO core_search_token(rowid, tokens) "
    f"SELECT id, {TOKENS_SQL.format(row='core_searchentry')} FROM core_searchentry",
    "CREATE INDEX core_searchentry_order ON core_searchentry (kind, sort_key, object_id)",
    "CREATE VIRTUAL TABLE core_search_word_trigram USING fts5("
    "word, content='core_searchword', content_rowid='id', "
    "tokenize='trigram case_sensitive 1')",
    """CREATE TRIGGER core_searchword_ai AFTER INSERT ON core_searchword BEGIN
        INSERT INTO core_search_word_trigram(rowid, word) VALUES (new.id, new.word);
    END""",
    """CREATE TRIGGER core_searchword_ad AFTER DELETE ON core_searchword BEGIN
        INSERT INTO core_search_word_trigram(core_search_word_trigram, rowid, word)
            VALUES ('delete', old.id, old.word);
    END""",
    """CREATE TRIGGER core_searchword_au AFTER UPDATE ON core_searchword BEGIN
        INSERT INTO core_search_word_trigram(core_search_word_trigram, rowid, word)
            VALUES ('delete', old.id, old.word);
        INSERT INTO core_search_word_trigram(rowid, word) VALUES (new.id, new.word);
    END""",
    "INSERT INTO core_search_word_trigram(core_search_word_trigram) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS core_searchword_au",
    "DROP TRIGGER IF EXISTS core_searchword_ad",
    "DROP TRIGGER IF EXISTS core_searchword_ai",
    "DROP TABLE IF EXISTS core_search_word_trigram",
    "DROP INDEX IF EXISTS core_searchentry_order",
    "DROP TRIGGER IF EXISTS core_searchentry_token_au",
    "DROP TRIGGER IF EXISTS core_searchentry_token_ad",
    "DROP TRIGGER IF EXISTS core_searchentry_token_ai",
    "DROP TABLE IF EXISTS core_search_token",
]
POSTGRES_DROP_0002 = [
    "DROP INDEX IF EXISTS core_searchentry_folded_trgm",
    "DROP INDEX IF EXISTS core_searchentry_vector_gin",
    "ALTER TABLE core_searchentry DROP COLUMN IF EXISTS search_vector",
]
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE core_searchentry ADD COLUMN search_tokens tsvector "
    "GENERATED ALWAYS AS (array_to_tsvector(array_remove(string_to_array("
    f"{TOKENS_SQL.format(row='core_searchentry')}, ' '), ''))) STORED",
    "CREATE INDEX core_searchentry_tokens_gin ON core_searchentry "
    "USING gin (search_tokens) WITH (fastupdate = off)",
    'CREATE INDEX core_searchentry_order ON core_searchentry (kind, sort_key COLLATE "C", '
    "object_id)",
    "CREATE INDEX core_searchword_trgm ON core_searchword USING gin (word gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS core_searchword_trgm",
    "DROP INDEX IF EXISTS core_searchentry_order",
    "DROP INDEX IF EXISTS core_searchentry_tokens_gin",
    "ALTER TABLE core_searchentry DROP COLUMN IF EXISTS search_tokens",
]


def _fill_vocabulary(apps) -> None:
    """Drop over-long words from the stored folded text (they are no longer indexed) and
    put every remaining word into the vocabulary."""
    entry_model = apps.get_model("core", "SearchEntry")
    word_model = apps.get_model("core", "SearchWord")
    words: set[str] = set()
    for entry in entry_model.objects.only("folded").iterator(chunk_size=2000):
        kept = [w for w in entry.folded.split() if len(w) <= MAX_WORD_LENGTH]
        if len(kept) != len(entry.folded.split()):
            entry_model.objects.filter(pk=entry.pk).update(folded=" ".join(kept))
        words.update(kept)
    word_model.objects.bulk_create(
        [word_model(word=w) for w in sorted(words)], batch_size=2000, ignore_conflicts=True
    )


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_DROP_0002, "postgresql": POSTGRES_DROP_0002}.get(vendor, []):
        schema_editor.execute(statement)
    _fill_vocabulary(apps)
    for statement in {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}.get(vendor, []):
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    previous = importlib.import_module("industriedialog.core.migrations.0002_search_indexes")
    statements = {
        "sqlite": SQLITE_BACKWARD + previous.SQLITE_FORWARD,
        "postgresql": POSTGRES_BACKWARD + previous.POSTGRES_FORWARD,
    }.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_search_indexes")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=100, unique=True)),
            ],
            options={"verbose_name": "Suchwort", "verbose_name_plural": "Suchwörter"},
        ),
        migrations.RunPython(forward, backward),
    ]
