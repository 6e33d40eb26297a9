"""The one search interface of the platform, used by every app.

A query is split into words; German stop words are dropped. An object matches when every
remaining word matches it, either

- as a German word stem ("Unternehmens" finds "Unternehmen"): the stems are computed here
  with Snowball and stored in `SearchEntry.stemmed`; SQLite indexes them in an FTS5 table,
  PostgreSQL as a tsvector built from exactly those tokens (GIN); or
- as a substring of a word of the folded text (case, umlauts and accents folded), so that
  parts of compound words are found ("kräfte" finds "Fachkräftesicherung"): an FTS5 trigram table
  on SQLite, a pg_trgm GIN index on PostgreSQL. Words of one or two letters only match as
  stems.

Each word adds 2 to the score when its stem matches and 1 when only a substring does;
results are ordered by score, then by an ASCII sort key, then by id. Both backends compare
the same Python-made tokens and folded text, so they return the same objects in the same
order (checked by core/tests/test_search.py). See docs/search.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connections, models, transaction
from django.db.models import BooleanField, F, Func
from django.db.models.expressions import RawSQL

from industriedialog.core import text as text_helpers
from industriedialog.core.models import SearchEntry

MIN_SUBSTRING_LENGTH = 3
MAX_TERMS = 8
MAX_QUERY_LENGTH = 200
ENTRY_TABLE = SearchEntry._meta.db_table


@dataclass(frozen=True)
class Term:
    """One query word: as typed (normalised), its stem, and its folded substring form."""

    word: str
    stem: str
    folded: str = ""

    @property
    def matches_substrings(self) -> bool:
        return len(self.folded) >= MIN_SUBSTRING_LENGTH


@dataclass(frozen=True)
class SearchableKind:
    """How an app's model is indexed: `title(obj)`, `text(obj)`, `is_public(obj)`."""

    model: type[models.Model]
    title: Callable[[Any], str]
    text: Callable[[Any], str]
    is_public: Callable[[Any], bool] = lambda obj: True

    @property
    def kind(self) -> str:
        return self.model._meta.label_lower


_kinds: dict[str, SearchableKind] = {}


def register(searchable: SearchableKind) -> None:
    _kinds[searchable.kind] = searchable


def registered_kinds() -> list[SearchableKind]:
    return list(_kinds.values())


def parse_query(query: str) -> list[Term]:
    """The words of the query (its first MAX_QUERY_LENGTH characters) without stop words,
    one-letter words or repeats (the same word, or another form of it: one term per
    stem), at most MAX_TERMS of them. Punctuation only separates words."""
    stop = text_helpers.stopwords()
    terms: list[Term] = []
    seen: set[str] = set()
    for word in text_helpers.words((query or "")[:MAX_QUERY_LENGTH]):
        if len(word) < 2 or word in stop:
            continue
        stem = text_helpers.stem(word) if len(word) <= text_helpers.MAX_WORD_LENGTH else ""
        key = stem or word
        if key in seen:
            continue
        seen.add(key)
        terms.append(Term(word=word, stem=stem, folded=text_helpers.fold(word)))
    return terms[:MAX_TERMS]


def build_entry(searchable: SearchableKind, obj: models.Model) -> SearchEntry:
    title = searchable.title(obj)
    body = searchable.text(obj)
    full = f"{title}\n{body}" if body else title
    return SearchEntry(
        kind=searchable.kind,
        object_id=obj.pk,
        title=title[:300],
        text=full,
        folded=text_helpers.fold_distinct(full),
        stemmed=text_helpers.stem_text(full),
        sort_key=text_helpers.sort_key(title),
        is_public=searchable.is_public(obj),
    )


def index_object(obj: models.Model) -> None:
    """Create or refresh the search entry of one object (call it from the service)."""
    searchable = _kinds[obj._meta.label_lower]
    entry = build_entry(searchable, obj)
    SearchEntry.objects.update_or_create(
        kind=entry.kind,
        object_id=entry.object_id,
        defaults={
            "title": entry.title,
            "text": entry.text,
            "folded": entry.folded,
            "stemmed": entry.stemmed,
            "sort_key": entry.sort_key,
            "is_public": entry.is_public,
        },
    )


def remove_object(obj: models.Model) -> None:
    SearchEntry.objects.filter(kind=obj._meta.label_lower, object_id=obj.pk).delete()


def reindex(
    model: type[models.Model],
    objects: Iterable[models.Model] | None = None,
    *,
    batch_size: int = 2000,
) -> int:
    """Rebuild the entries of one model in bulk: all of them (objects=None: every entry of
    the model is replaced), or only those of the given objects."""
    searchable = _kinds[model._meta.label_lower]
    rebuild_all = objects is None
    if objects is None:
        objects = model._default_manager.all().iterator(chunk_size=batch_size)
    count = 0
    batch: list[SearchEntry] = []
    with transaction.atomic():
        if rebuild_all:
            SearchEntry.objects.filter(kind=searchable.kind).delete()
        for obj in objects:
            batch.append(build_entry(searchable, obj))
            if len(batch) >= batch_size:
                count += _write_batch(batch, replace=not rebuild_all)
                batch = []
        if batch:
            count += _write_batch(batch, replace=not rebuild_all)
    return count


def _write_batch(batch: list[SearchEntry], *, replace: bool) -> int:
    if replace:
        kinds = {entry.kind for entry in batch}
        ids = [entry.object_id for entry in batch]
        SearchEntry.objects.filter(kind__in=kinds, object_id__in=ids).delete()
    SearchEntry.objects.bulk_create(batch)
    return len(batch)


# --- query building ----------------------------------------------------------------------
#
# The entry table is joined to the model's table (not looked up row by row in correlated
# subqueries), so the database filters, scores and sorts the matches in one pass. On
# PostgreSQL all conditions are on columns of the entry row: the planner combines the GIN
# indexes of all words in one bitmap scan. On SQLite the rowids matching all words come
# from the FTS5 tables once per query; the scores test membership in the stem sets.


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _tsquery_lexeme(stem: str) -> str:
    return "'" + stem.replace("\\", "\\\\").replace("'", "''") + "'"


def _stem_condition(term: Term, postgres: bool) -> tuple[str, list]:
    if postgres:
        return f"{ENTRY_TABLE}.search_vector @@ %s::tsquery", [_tsquery_lexeme(term.stem)]
    return (
        f"{ENTRY_TABLE}.id IN (SELECT rowid FROM core_search_stem WHERE core_search_stem MATCH %s)",
        [_fts_phrase(term.stem)],
    )


def _postgres_match(term: Term) -> tuple[str, list]:
    """The entry row matches the term: by its stem or (three letters and more) as a
    substring. Each alternative is a GIN index; PostgreSQL ORs and ANDs their bitmaps."""
    conditions, params = [], []
    if term.stem:
        stem, stem_params = _stem_condition(term, postgres=True)
        conditions.append(stem)
        params.extend(stem_params)
    if term.matches_substrings:
        conditions.append(f"{ENTRY_TABLE}.folded LIKE %s")
        params.append(f"%{_escape_like(term.folded)}%")
    if not conditions:
        return "1 = 0", []
    return "(" + " OR ".join(conditions) + ")", params


def _sqlite_rowids(term: Term) -> tuple[str, list]:
    """The rowids of the entries matching the term, from the FTS5 tables."""
    selects, params = [], []
    if term.stem:
        selects.append("SELECT rowid FROM core_search_stem WHERE core_search_stem MATCH %s")
        params.append(_fts_phrase(term.stem))
    if term.matches_substrings:
        selects.append("SELECT rowid FROM core_search_trigram WHERE core_search_trigram MATCH %s")
        params.append(_fts_phrase(term.folded))
    if not selects:
        return "SELECT -1 WHERE 0", []
    # UNION ALL: the IN list (or INTERSECT) around it removes repeats anyway.
    return " UNION ALL ".join(selects), params


def _sqlite_match(terms: list[Term]) -> tuple[str, list]:
    """One rowid list for all terms (the intersection of their sets), so that SQLite walks
    only the entries matching every word, whatever the order of the words."""
    selects, params = [], []
    for term in terms:
        rowids, rowid_params = _sqlite_rowids(term)
        selects.append(f"SELECT * FROM ({rowids})" if len(terms) > 1 else rowids)
        params.extend(rowid_params)
    return f"{ENTRY_TABLE}.id IN ({' INTERSECT '.join(selects)})", params


def _score_sql(terms: list[Term], postgres: bool) -> tuple[str, list]:
    cases, params = [], []
    for term in terms:
        if not term.stem:
            cases.append("1")
            continue
        hit, hit_params = _stem_condition(term, postgres)
        cases.append(f"(CASE WHEN {hit} THEN 2 ELSE 1 END)")
        params.extend(hit_params)
    return " + ".join(cases), params


class _IsEntryObject(Func):
    """PostgreSQL: `pk = ANY(ARRAY[entry.object_id])`, see `_join_entry`."""

    output_field = BooleanField()
    template = f"%(expressions)s = ANY(ARRAY[{ENTRY_TABLE}.object_id])"


def _join_entry(queryset: models.QuerySet, postgres: bool) -> models.QuerySet:
    """The join condition `pk = entry.object_id`, written so that each database walks the
    matching entries and finds their objects by primary key. A plain equality lets
    SQLite look entries up by (kind, object_id) for every row of the model's table (rows ×
    matches seeks) and PostgreSQL, at its default costs, read the whole table into a hash
    join just to count a few hundred matches. The unary + (SQLite) and `= ANY(ARRAY[…])`
    (PostgreSQL) leave only the lookup by primary key. Both are conditions on `pk`, which
    Django renames with the model's table when the queryset becomes a subquery."""
    if postgres:
        return queryset.filter(_IsEntryObject(F("pk")))
    return queryset.filter(pk=RawSQL(f"+{ENTRY_TABLE}.object_id", []))


def filter_queryset(queryset: models.QuerySet, query: str) -> models.QuerySet:
    """Restrict `queryset` to the objects matching `query`, annotated with `search_score`
    and ordered by relevance (score, then the entry's ASCII sort key, then pk). An empty
    query (or only stop words and punctuation) returns it unchanged. Searching an already
    searched queryset again requires the words of both queries and adds up the scores."""
    terms = parse_query(query)
    if not terms:
        return queryset
    postgres = connections[queryset.db].vendor == "postgresql"
    where: list[str] = []
    params: list = []
    matches = [_postgres_match(term) for term in terms] if postgres else [_sqlite_match(terms)]
    for condition, condition_params in matches:
        where.append(condition)
        params.extend(condition_params)
    score_sql, score_params = _score_sql(terms, postgres)
    searched_before = queryset.query.extra.get("search_score")
    if ENTRY_TABLE in queryset.query.extra_tables and searched_before is not None:
        # The entry is joined already: match the new words on the same row.
        previous_sql, previous_params = searched_before
        return queryset.extra(
            select={"search_score": f"({previous_sql}) + {score_sql}"},
            select_params=[*previous_params, *score_params],
            where=where,
            params=params,
        )
    # Bytes order on PostgreSQL (its default collation ignores spaces and punctuation),
    # which is what SQLite does anyway.
    collate = ' COLLATE "C"' if postgres else ""
    # extra() is the one way to join a table the model has no relation to; the search
    # entry is unique per object, so the join never repeats a row.
    searched = _join_entry(
        queryset.extra(
            select={
                "search_score": score_sql,
                "search_sort_key": f"{ENTRY_TABLE}.sort_key{collate}",
            },
            select_params=score_params,
            tables=[ENTRY_TABLE],
            where=[f"{ENTRY_TABLE}.kind = %s", *where],
            params=[queryset.model._meta.label_lower, *params],
        ),
        postgres,
    )
    return searched.order_by("-search_score", "search_sort_key", "pk")
