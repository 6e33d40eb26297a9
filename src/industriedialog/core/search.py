"""The one search interface of the platform, used by every app.

A query is split into words; German stop words are dropped. An object matches when every
remaining word matches it, either

- as a German word stem ("Unternehmens" finds "Unternehmen"): SQLite FTS5 over text
  stemmed here with Snowball, PostgreSQL full-text search with the `german` configuration
  and a GIN index; or
- as a substring of the case-folded text, so that parts of compound words are found
  ("kräfte" finds "Fachkräftesicherung"): an FTS5 trigram table on SQLite, a pg_trgm GIN
  index on PostgreSQL.

Each word adds 2 to the score when its stem matches and 1 when only a substring does;
results are ordered by score, then by an ASCII sort key, then by id, so both backends
return the same objects in the same order. See docs/search.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL

from industriedialog.core import text as text_helpers
from industriedialog.core.models import SearchEntry

MIN_SUBSTRING_LENGTH = 3
MAX_TERMS = 8


@dataclass(frozen=True)
class Term:
    word: str
    stem: str


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
    """Words of the query without stop words, duplicates or one-letter words."""
    stop = text_helpers.stopwords()
    terms: list[Term] = []
    seen: set[str] = set()
    for word in text_helpers.words(query or ""):
        if len(word) < 2 or word in stop or word in seen:
            continue
        seen.add(word)
        terms.append(Term(word=word, stem=text_helpers.stem(word)))
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
        folded=text_helpers.fold(full),
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


def reindex(model: type[models.Model], objects: Iterable[models.Model] | None = None,
            *, batch_size: int = 2000) -> int:
    """Rebuild the entries of one model (all objects, or the given ones) in bulk."""
    searchable = _kinds[model._meta.label_lower]
    if objects is None:
        objects = model._default_manager.all().iterator(chunk_size=batch_size)
    count = 0
    batch: list[SearchEntry] = []
    with transaction.atomic():
        if objects is not None and not isinstance(objects, list):
            SearchEntry.objects.filter(kind=searchable.kind).delete()
        for obj in objects:
            batch.append(build_entry(searchable, obj))
            if len(batch) >= batch_size:
                count += _write_batch(batch)
                batch = []
        if batch:
            count += _write_batch(batch)
    return count


def _write_batch(batch: list[SearchEntry]) -> int:
    kinds = {entry.kind for entry in batch}
    ids = [entry.object_id for entry in batch]
    SearchEntry.objects.filter(kind__in=kinds, object_id__in=ids).delete()
    SearchEntry.objects.bulk_create(batch)
    return len(batch)


# --- query building ----------------------------------------------------------------------

def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _fts_phrase(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _term_ids_sql(term: Term) -> tuple[str, list]:
    """SQL selecting the entry ids a single term matches (stem or substring)."""
    if connection.vendor == "postgresql":
        parts = ["SELECT id FROM core_searchentry WHERE search_vector @@ plainto_tsquery('german', %s)"]
        params: list = [term.word]
        if len(term.word) >= MIN_SUBSTRING_LENGTH:
            parts.append("SELECT id FROM core_searchentry WHERE folded LIKE %s")
            params.append(f"%{_escape_like(term.word)}%")
        return " UNION ".join(parts), params
    parts = ["SELECT rowid FROM core_search_stem WHERE core_search_stem MATCH %s"]
    params = [_fts_phrase(term.stem)]
    if len(term.word) >= MIN_SUBSTRING_LENGTH:
        parts.append("SELECT rowid FROM core_search_trigram WHERE core_search_trigram MATCH %s")
        params.append(_fts_phrase(term.word))
    return " UNION ".join(parts), params


def _stem_hit_sql(term: Term, alias: str) -> tuple[str, list]:
    if connection.vendor == "postgresql":
        return f"{alias}.search_vector @@ plainto_tsquery('german', %s)", [term.word]
    return (
        f"{alias}.id IN (SELECT rowid FROM core_search_stem WHERE core_search_stem MATCH %s)",
        [_fts_phrase(term.stem)],
    )


def matching_entries_sql(kind: str, terms: list[Term]) -> tuple[str, list]:
    """SQL selecting `id` of the entries of `kind` matching all terms."""
    selects: list[str] = []
    params: list[Any] = []
    for term in terms:
        sql, term_params = _term_ids_sql(term)
        selects.append(f"SELECT * FROM ({sql}) AS t{len(selects)}")
        params.extend(term_params)
    intersect = " INTERSECT ".join(selects)
    return (
        f"SELECT e.id FROM core_searchentry e WHERE e.kind = %s AND e.id IN ({intersect})",
        [kind, *params],
    )


def _score_sql(terms: list[Term], alias: str) -> tuple[str, list]:
    cases, params = [], []
    for term in terms:
        hit, hit_params = _stem_hit_sql(term, alias)
        cases.append(f"(CASE WHEN {hit} THEN 2 ELSE 1 END)")
        params.extend(hit_params)
    return " + ".join(cases), params


def filter_queryset(queryset: models.QuerySet, query: str) -> models.QuerySet:
    """Restrict `queryset` to the objects matching `query`, annotated with `search_score`
    and ordered by relevance. An empty query (or only stop words) returns it unchanged."""
    terms = parse_query(query)
    if not terms:
        return queryset
    model = queryset.model
    kind = model._meta.label_lower
    table = model._meta.db_table
    ids_sql, ids_params = matching_entries_sql(kind, terms)
    score_sql, score_params = _score_sql(terms, "s")
    object_ids = RawSQL(
        f"SELECT s.object_id FROM core_searchentry s WHERE s.id IN ({ids_sql})", ids_params
    )
    score = RawSQL(
        f"SELECT {score_sql} FROM core_searchentry s "
        f'WHERE s.kind = %s AND s.object_id = "{table}"."id"',
        [*score_params, kind],
    )
    sort = RawSQL(
        "SELECT s.sort_key FROM core_searchentry s "
        f'WHERE s.kind = %s AND s.object_id = "{table}"."id"',
        [kind],
    )
    return (
        queryset.filter(pk__in=object_ids)
        .annotate(search_score=score, search_sort_key=sort)
        .order_by("-search_score", collate_c("search_sort_key"), "pk")
    )


def collate_c(field_name: str):
    """Order by bytes on PostgreSQL (its default collation ignores spaces and
    punctuation), which is what SQLite does anyway."""
    from django.db.models import F
    from django.db.models.functions import Collate

    if connection.vendor == "postgresql":
        return Collate(F(field_name), "C").asc()
    return F(field_name).asc()
