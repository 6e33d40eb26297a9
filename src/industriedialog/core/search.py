"""The one search interface of the platform, used by every app.

A query is split into words; German stop words are dropped. An object matches when every
remaining word matches it, either

- as a German word stem ("Unternehmens" finds "Unternehmen"): the stems are computed here
  with Snowball and stored in `SearchEntry.stemmed`; or
- as a substring of a word of the folded text (case, umlauts and accents folded), so that
  parts of compound words are found ("kräfte" finds "Fachkräftesicherung"). Words of one
  or two letters only match as stems.

Both backends index the same Python-made tokens per entry: its stems and its folded words
(SQLite: FTS5, PostgreSQL: tsvector with GIN). A query word's substrings are resolved in
the vocabulary (`SearchWord`: every folded word of the index) into the words containing
it, so a query becomes one boolean expression over tokens that each database evaluates in
its index.

Each word adds 2 to the score when its stem matches and 1 when only a substring does;
results are ordered by score, then by an ASCII sort key, then by id.

Two ways to read results:

- `results(queryset, query)`: what pages and the API use. Counts exactly up to MAX_COUNT
  matches and otherwise reports "more than MAX_COUNT"; only the first MAX_COUNT results
  can be paged to. Its work is bounded by MAX_COUNT rows per score level plus a walk of
  the sort index, however many objects match.
- `filter_queryset(queryset, query)`: a QuerySet of all matches (exports, subqueries);
  its cost grows with the number of matches.

Both give the same objects in the same order on both backends (core/tests/test_search.py).
See docs/search.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import combinations
from typing import Any, overload

from django.db import connections, models, transaction
from django.db.models import BooleanField, F, Func
from django.db.models.expressions import RawSQL

from industriedialog.core import text as text_helpers
from industriedialog.core.models import SearchEntry, SearchWord

MIN_SUBSTRING_LENGTH = 3
MAX_TERMS = 8
MAX_QUERY_LENGTH = 200
# Results counted exactly, and reachable page by page; beyond it: "more than 1,000".
MAX_COUNT = 1000
ENTRY_TABLE = SearchEntry._meta.db_table
WORD_PREFIX = "_"  # a folded word's token; stems and words never contain "_"


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
    _add_words([entry])


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
    _add_words(batch)
    return len(batch)


def _add_words(entries: Iterable[SearchEntry]) -> None:
    """Put the folded words of the entries into the vocabulary. Words are never taken out
    when an entry changes: a word no entry has any more only adds an alternative that
    matches nothing."""
    words = sorted({word for entry in entries for word in entry.folded.split()})
    SearchWord.objects.bulk_create(
        [SearchWord(word=word) for word in words], batch_size=1000, ignore_conflicts=True
    )


# --- query expressions ---------------------------------------------------------------
#
# A query becomes a boolean expression over index tokens: per word, its stem OR any of the
# vocabulary words containing it; the words ANDed. SQLite evaluates it as an FTS5 MATCH
# on `core_search_token`, PostgreSQL as a tsquery on `search_tokens` (GIN). The same
# expression, spelled for each.


@dataclass(frozen=True)
class _Node:
    op: str  # "token", "and", "or", "not" (PostgreSQL only)
    token: str = ""
    children: tuple[_Node, ...] = ()

    def render(self, postgres: bool) -> str:
        if self.op == "token":
            if postgres:
                return "'" + self.token.replace("\\", "\\\\").replace("'", "''") + "'"
            return '"' + self.token.replace('"', '""') + '"'
        if self.op == "not":
            if not postgres:
                raise ValueError("FTS5 has no unary NOT")
            return f"!({self.children[0].render(postgres)})"
        joiner = {"and": (" & ", " AND "), "or": (" | ", " OR ")}[self.op][0 if postgres else 1]
        return joiner.join(f"({child.render(postgres)})" for child in self.children)


def _all(nodes: list[_Node]) -> _Node:
    return nodes[0] if len(nodes) == 1 else _Node("and", children=tuple(nodes))


def _any(nodes: list[_Node]) -> _Node:
    return nodes[0] if len(nodes) == 1 else _Node("or", children=tuple(nodes))


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _words_containing(parts: list[str], using: str) -> dict[str, list[str]]:
    """For each folded query word (three letters or more) the vocabulary words that
    contain it, in one query."""
    if not parts:
        return {}
    postgres = connections[using].vendor == "postgresql"
    if postgres:
        select = f"SELECT %s, word FROM {SearchWord._meta.db_table} WHERE word LIKE %s"
        params = [p for part in parts for p in (part, f"%{_escape_like(part)}%")]
    else:
        select = (
            "SELECT %s, word FROM core_search_word_trigram WHERE core_search_word_trigram MATCH %s"
        )
        params = [p for part in parts for p in (part, '"' + part.replace('"', '""') + '"')]
    found: dict[str, list[str]] = {part: [] for part in parts}
    with connections[using].cursor() as cursor:
        cursor.execute(" UNION ALL ".join([select] * len(parts)), params)
        for part, word in cursor.fetchall():
            found[part].append(word)
    return {part: sorted(words) for part, words in found.items()}


@dataclass(frozen=True)
class _Query:
    """A parsed query resolved against the vocabulary of one database."""

    terms: tuple[Term, ...]
    words: tuple[tuple[str, ...], ...]  # per term: the vocabulary words containing it
    postgres: bool

    @classmethod
    def build(cls, terms: list[Term], using: str) -> _Query:
        found = _words_containing([term.folded for term in terms if term.matches_substrings], using)
        return cls(
            terms=tuple(terms),
            words=tuple(
                tuple(found[term.folded]) if term.matches_substrings else () for term in terms
            ),
            postgres=connections[using].vendor == "postgresql",
        )

    @property
    def can_match(self) -> bool:
        return all(term.stem or words for term, words in zip(self.terms, self.words, strict=True))

    @property
    def stem_terms(self) -> list[Term]:
        return [term for term in self.terms if term.stem]

    def match(self, min_stems: int = 0) -> _Node:
        """Every word matches; with min_stems, at least that many of them by their stem."""
        nodes = []
        for term, words in zip(self.terms, self.words, strict=True):
            alternatives = [_Node("token", term.stem)] if term.stem else []
            alternatives += [_Node("token", WORD_PREFIX + word) for word in words]
            nodes.append(_any(alternatives))
        if min_stems:
            stems = [term.stem for term in self.stem_terms]
            nodes.append(
                _any(
                    [
                        _all([_Node("token", stem) for stem in chosen])
                        for chosen in combinations(stems, min_stems)
                    ]
                )
            )
        return _all(nodes)

    def level(self, stems: int) -> _Node:
        """Every word matches, exactly `stems` of them by their stem (PostgreSQL)."""
        if stems == len(self.stem_terms):
            return self.match(stems)
        return _all([self.match(stems), _Node("not", children=(self.match(stems + 1),))])

    # Per-row SQL on the entry row (no index): the score, and the match rule itself. Stems
    # are space-separated tokens and a query word has no spaces, so a containment test on
    # the stored strings is exactly token equality (stems) and word-part search (folded).

    def _contains(self, column: str) -> str:
        function = "strpos" if self.postgres else "instr"
        return f"{function}({column}, %s) > 0"

    def _stem_hit(self, term: Term) -> tuple[str, list]:
        return self._contains(f"(' ' || {ENTRY_TABLE}.stemmed || ' ')"), [f" {term.stem} "]

    def score_sql(self) -> tuple[str, list]:
        cases, params = [], []
        for term in self.terms:
            if not term.stem:
                cases.append("1")
                continue
            hit, hit_params = self._stem_hit(term)
            cases.append(f"(CASE WHEN {hit} THEN 2 ELSE 1 END)")
            params.extend(hit_params)
        return "(" + " + ".join(cases) + ")", params

    def row_match_sql(self) -> tuple[str, list]:
        conditions, params = [], []
        for term in self.terms:
            alternatives = []
            if term.stem:
                hit, hit_params = self._stem_hit(term)
                alternatives.append(hit)
                params.extend(hit_params)
            if term.matches_substrings:
                alternatives.append(self._contains(f"{ENTRY_TABLE}.folded"))
                params.append(term.folded)
            conditions.append("(" + " OR ".join(alternatives) + ")")
        return " AND ".join(conditions), params

    def index_match_sql(self, node: _Node) -> tuple[str, list]:
        """The entry row is among those the index finds for `node`."""
        if self.postgres:
            return f"{ENTRY_TABLE}.search_tokens @@ %s::tsquery", [node.render(postgres=True)]
        return (
            f"{ENTRY_TABLE}.id IN "
            "(SELECT rowid FROM core_search_token WHERE core_search_token MATCH %s)",
            [node.render(postgres=False)],
        )


# --- all matches as a QuerySet ----------------------------------------------------------


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
    """Restrict `queryset` to all objects matching `query`, annotated with `search_score`
    and ordered by relevance (score, then the entry's ASCII sort key, then pk). An empty
    query (or only stop words and punctuation) returns it unchanged. Searching an already
    searched queryset again requires the words of both queries and adds up the scores.
    Its count and ordering touch every match; pages use `results()`."""
    terms = parse_query(query)
    if not terms:
        return queryset
    parsed = _Query.build(terms, queryset.db)
    if not parsed.can_match:
        return queryset.none()
    where, params = parsed.index_match_sql(parsed.match())
    score_sql, score_params = parsed.score_sql()
    searched_before = queryset.query.extra.get("search_score")
    if ENTRY_TABLE in queryset.query.extra_tables and searched_before is not None:
        # The entry is joined already: match the new words on the same row.
        previous_sql, previous_params = searched_before
        return queryset.extra(
            select={"search_score": f"({previous_sql}) + {score_sql}"},
            select_params=[*previous_params, *score_params],
            where=[where],
            params=params,
        )
    # Bytes order on PostgreSQL (its default collation ignores spaces and punctuation),
    # which is what SQLite does anyway.
    collate = ' COLLATE "C"' if parsed.postgres else ""
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
            where=[f"{ENTRY_TABLE}.kind = %s", where],
            params=[queryset.model._meta.label_lower, *params],
        ),
        parsed.postgres,
    )
    return searched.order_by("-search_score", "search_sort_key", "pk")


# --- pages: bounded work ----------------------------------------------------------------
#
# A page needs the first results in the order (score, sort key, id) and a count. Both are
# bounded here, so that a word matching most of the register costs about as much as a
# rare one.
#
# 1. Count. SQLite first counts the index matches alone (FTS5, all kinds, no filters, no
#    table rows): at most MAX_COUNT, and the matches passing the queryset's filters are
#    read (id, sort key, score), counted exactly and sorted in Python. Otherwise, and
#    always on PostgreSQL (a GIN scan costs the same with or without rows), the best
#    score level is counted with the filters, up to MAX_COUNT + 1; more: the count is
#    "more than MAX_COUNT". Else all matches are counted up to MAX_COUNT + 1; at most
#    MAX_COUNT are read and sorted as above.
# 2. A page of a larger result is taken score level by score level, best first (level k:
#    k words match by their stem). The index expression for level k is "every word, and
#    at least k of them by stem", so a sparse best level costs only its own rows; rows
#    with more stems belong to better levels, which were small, or we would have stopped.
#    A level of at most WALK_FROM rows is read and sorted in Python. A larger one is read
#    by walking the index (kind, sort_key, object_id) in result order, testing each row;
#    the walk stops after the rows of the page: at once for a dense level, after more
#    rows for a sparse one or one whose names sort late. SQLite tests walked entries
#    against the level's rowid set (taken once from FTS5, no table row read) unless the
#    level is dense; PostgreSQL reads the walked rows.
# 3. Only the first MAX_COUNT results of a larger result can be paged to.
#
# Python sorts the same as both databases: sort keys are ASCII, compared by code point
# (SQLite: bytes; PostgreSQL: COLLATE "C").

# A score level with more rows is walked in result order instead of read whole: the walk
# reads only what the page needs (SQLite: mostly index entries); reading a level costs
# all its rows. PostgreSQL reads a table row per walked entry, so walks pay later there.
WALK_FROM = {"sqlite": 200, "postgresql": 500}
# A large level whose first MAX_COUNT + 1 rows lie within ids spanning at most this many
# times as many entries (so at least 1 in 5 entries is of the level) is dense: SQLite
# then walks it reading each walked row rather than taking all its rowids first.
DENSE_SPAN = 5
# PostgreSQL: a query the planner expects to match at least this fraction of all entries
# is read from the table in order until LIMIT, not collected from the GIN index.
COMMON_FRACTION = 0.2


@dataclass(frozen=True)
class _Hit:
    object_id: int
    sort_key: str
    score: int
    entry_id: int = 0

    def order(self) -> tuple[int, str, int]:
        return (-self.score, self.sort_key, self.object_id)


@dataclass(frozen=True)
class _Level:
    """A score level: its size (None: more than MAX_COUNT; with `exact` False only an
    upper bound, taken from the index) and either its hits, sorted, or None when it is
    walked; `dense` see DENSE_SPAN."""

    size: int | None
    hits: list[_Hit] | None = None
    dense: bool = False
    exact: bool = True


def _span(hits: list[_Hit]) -> int:
    return max(hit.entry_id for hit in hits) - min(hit.entry_id for hit in hits) + 1


def _is_dense(size: int, span: int) -> bool:
    return span <= DENSE_SPAN * size


@contextmanager
def _search_plans(using: str) -> Iterator[float | None]:
    """PostgreSQL: the search queries read a bounded part of an index (LIMIT), and the
    planner, pricing the tsquery test per row far too low, would rather scan the table
    from its start, or start parallel workers, or compile (JIT) for a few hundred rows.
    Within these queries all three are switched off (transaction-local, then restored);
    every query has an index path, or reads the table on purpose (`_is_common`). Yields
    the planner's count of search entries (PostgreSQL; None on SQLite)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield None
        return
    names = ["enable_seqscan", "max_parallel_workers_per_gather", "jit"]
    nested = connection.in_atomic_block
    # No savepoint: these queries only read.
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        # The previous values first (a select list is evaluated in order).
        cursor.execute(
            "SELECT current_setting(%s), current_setting(%s), current_setting(%s), "
            "set_config(%s, 'off', true), set_config(%s, '0', true), "
            "set_config(%s, 'off', true), "
            "(SELECT reltuples FROM pg_class WHERE oid = %s::regclass)",
            [*names, *names, ENTRY_TABLE],
        )
        previous = cursor.fetchone()
        yield float(previous[6] or 0)
        if nested:  # else the transaction ends here and takes the settings with it
            cursor.execute(
                "SELECT set_config(%s, %s, true), set_config(%s, %s, true), "
                "set_config(%s, %s, true)",
                [value for pair in zip(names, previous[:3], strict=True) for value in pair],
            )


class SearchResults:
    """The results of `query` within `queryset`, in relevance order, read one page at a
    time: `Paginator(search.results(queryset, query), 25)`. `count()` is exact up to
    MAX_COUNT; beyond it `count_is_exact` is False, `count()` returns MAX_COUNT and only
    the first MAX_COUNT results can be read. Slicing returns a list of the model's objects
    (each with `search_score`), fetched by primary key with the queryset's
    select_related(), prefetch_related() and only()/defer(). A query without usable words
    lists the queryset as it is, counted exactly."""

    def __init__(self, queryset: models.QuerySet, query: str) -> None:
        self.queryset = queryset
        self.terms = parse_query(query)
        self._query: _Query | None = None
        self._visible: tuple[str, list] | None = None
        self._all_hits: list[_Hit] | None = None
        self._count: int | None = None
        self._exact = True
        # Per score level, by the number of words matching by stem.
        self._levels: dict[int, _Level] = {}
        self._matches_dense = False  # see DENSE_SPAN, for the first MAX_COUNT + 1 matches
        self._common: dict[str, bool] = {}  # PostgreSQL, see _is_common
        self._estimates: dict[str, float] = {}
        self._entries: float | None = None

    # Paginator interface

    def count(self) -> int:
        if self._count is None:
            if not self.terms:
                self._count = self.queryset.count()
            elif not self._parsed().can_match:
                self._all_hits, self._count = [], 0
            else:
                with _search_plans(self.queryset.db) as entries:
                    self._entries = entries
                    self._count_matches()
        return self._count  # type: ignore[return-value]

    @property
    def count_is_exact(self) -> bool:
        self.count()
        return self._exact

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[models.Model]:
        for start in range(0, self.count(), 100):
            yield from self[start : start + 100]

    @overload
    def __getitem__(self, key: int) -> models.Model: ...

    @overload
    def __getitem__(self, key: slice) -> list[models.Model]: ...

    def __getitem__(self, key: slice | int) -> models.Model | list[models.Model]:
        if isinstance(key, int):
            rows = self[key : key + 1]
            if not rows:
                raise IndexError(key)
            return rows[0]
        start, stop, step = key.indices(self.count())
        if step != 1:
            raise ValueError("SearchResults supports contiguous slices only")
        if start >= stop:
            return []
        if not self.terms:
            return list(self.queryset[start:stop])
        if self._all_hits is not None:
            hits = self._all_hits[start:stop]
        else:
            with _search_plans(self.queryset.db) as entries:
                self._entries = entries
                hits = self._page_of_large_result(start, stop)
        objects = self._fetch([hit.object_id for hit in hits])
        page = []
        for hit in hits:
            obj = objects.get(hit.object_id)
            if obj is not None:
                obj.search_score = hit.score  # type: ignore[attr-defined]
                page.append(obj)
        return page

    # internals

    def _count_matches(self) -> None:
        parsed = self._parsed()
        match = parsed.match()
        hits: list[_Hit] | None = None
        more = False  # more than MAX_COUNT matches, known
        if not parsed.postgres:
            if self._index_count(match, MAX_COUNT + 1) <= MAX_COUNT:
                hits = self._stream(match)
        elif self._estimated_rows(match) <= 5 * MAX_COUNT:
            # Probably small: read the matches at once rather than size levels first.
            rows = self._stream(match, limit=MAX_COUNT + 1)
            if len(rows) <= MAX_COUNT:
                hits = rows
            else:
                more = True
                self._matches_dense = _is_dense(len(rows), _span(rows))
                best_score = len(parsed.terms) + len(parsed.stem_terms)
                if all(row.score == best_score for row in rows):
                    # More than MAX_COUNT of the best level alone: no need to count it.
                    self._levels[len(parsed.stem_terms)] = _Level(
                        size=None, dense=self._matches_dense
                    )
        if hits is None and not more and self._level(len(parsed.stem_terms)).size is not None:
            # The best level is small: read the matches (up to one more than counted).
            rows = self._stream(match, limit=MAX_COUNT + 1)
            if len(rows) <= MAX_COUNT:
                hits = rows
            else:
                self._matches_dense = _is_dense(len(rows), _span(rows))
        if hits is None:
            self._count, self._exact = MAX_COUNT, False
        else:
            self._all_hits = sorted(hits, key=_Hit.order)
            self._count = len(hits)

    def _is_common(self, node: _Node) -> bool:
        """PostgreSQL: whether the planner expects at least COMMON_FRACTION of all entries
        to match `node`."""
        key = node.render(postgres=True)
        if key not in self._common and self._estimated_rows(node) < 5 * MAX_COUNT:
            self._common[key] = False  # a GIN scan of a few thousand entries is cheap
        if key not in self._common:
            self._common[key] = self._estimated_rows(node) >= COMMON_FRACTION * max(
                self._entries or 0.0, 1.0
            )
        return self._common[key]

    def _estimated_rows(self, node: _Node) -> float:
        """PostgreSQL's estimate of the entries matching `node` (from the statistics of
        the tsvector column; no rows read): only to choose the cheaper order of queries."""
        key = node.render(postgres=True)
        if key not in self._estimates:
            sql = (
                f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {ENTRY_TABLE} "
                "WHERE search_tokens @@ %s::tsquery"
            )
            plan = self._execute(sql, [key])[0][0]
            if isinstance(plan, str):
                plan = json.loads(plan)
            self._estimates[key] = float(plan[0]["Plan"]["Plan Rows"])
        return self._estimates[key]

    def _fetch(self, ids: list[int]) -> dict[int, models.Model]:
        """The objects of the page by primary key. Every id passed the queryset's filters
        when it was found (`_visible_sql`), so they are not repeated here: with them, SQLite
        (without statistics) may scan an index of a filter column such as `is_public`
        instead of looking up 25 primary keys."""
        fetch = self.queryset.model._base_manager.using(self.queryset.db).filter(pk__in=ids)
        fetch.query.select_related = self.queryset.query.select_related
        fetch.query.deferred_loading = self.queryset.query.deferred_loading
        fetch = fetch.prefetch_related(*getattr(self.queryset, "_prefetch_related_lookups", ()))
        return {obj.pk: obj for obj in fetch}

    def _parsed(self) -> _Query:
        if self._query is None:
            self._query = _Query.build(self.terms, self.queryset.db)
        return self._query

    def _execute(self, sql: str, params: list) -> list[tuple]:
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _visible_sql(self) -> tuple[str, list]:
        """`EXISTS (the queryset's row for this entry)`: the queryset's own filters and
        access rules, tested per entry through the primary key."""
        if self._visible is None:
            inner = (
                self.queryset.order_by()
                .filter(pk=RawSQL(f"{ENTRY_TABLE}.object_id", []))
                .values("pk")
            )
            sql, params = inner.query.get_compiler(using=self.queryset.db).as_sql()
            if self._parsed().postgres:
                # OFFSET 0 keeps PostgreSQL from turning EXISTS into a join, which it
                # plans as a hash join over the whole table of the model.
                sql += " OFFSET 0"
            self._visible = (f"EXISTS ({sql})", list(params))
        return self._visible

    def _index_count(self, node: _Node, limit: int) -> int:
        """SQLite: how many entries (of any kind, visible or not) FTS5 finds for `node`,
        up to `limit`: an upper bound of the real count that reads no table rows."""
        sql = (
            "SELECT count(*) FROM (SELECT 1 FROM core_search_token "
            "WHERE core_search_token MATCH %s LIMIT %s) AS found"
        )
        return self._execute(sql, [node.render(postgres=False), limit])[0][0]

    def _stream_sql(self, node: _Node, score: int | None) -> tuple[str, list]:
        """The entries the index finds for `node` (in index order), of the queryset's kind
        and passing its filters; with `score`, only those scoring it."""
        parsed = self._parsed()
        score_sql, score_params = parsed.score_sql()
        visible_sql, visible_params = self._visible_sql()
        level_sql, level_params = "", []
        if score is not None:
            level_sql, level_params = f" AND {score_sql} = %s", [*score_params, score]
        columns = f"{ENTRY_TABLE}.object_id, {ENTRY_TABLE}.sort_key, {score_sql}, {ENTRY_TABLE}.id"
        if parsed.postgres and self._is_common(node):
            # Most entries match: reading the table from its start finds the first rows
            # sooner than a GIN scan collects all matches. Neither test can use an index,
            # so the planner reads the table even with enable_seqscan off.
            sql = (
                f"SELECT {columns} FROM {ENTRY_TABLE} "
                f"WHERE ts_match_vq({ENTRY_TABLE}.search_tokens, %s::tsquery) "
                f"AND ({ENTRY_TABLE}.kind || '') = %s"
            )
        elif parsed.postgres:
            sql = (
                f"SELECT {columns} FROM {ENTRY_TABLE} "
                f"WHERE {ENTRY_TABLE}.search_tokens @@ %s::tsquery AND {ENTRY_TABLE}.kind = %s"
            )
        else:
            # CROSS JOIN: the FTS5 table drives, in rowid order, and LIMIT stops it.
            sql = (
                f"SELECT {columns} FROM core_search_token CROSS JOIN {ENTRY_TABLE} "
                f"ON {ENTRY_TABLE}.id = core_search_token.rowid "
                f"WHERE core_search_token MATCH %s AND {ENTRY_TABLE}.kind = %s"
            )
        sql += f"{level_sql} AND {visible_sql}"
        kind = self.queryset.model._meta.label_lower
        params = [*score_params, node.render(parsed.postgres), kind, *level_params]
        return sql, [*params, *visible_params]

    def _stream(
        self, node: _Node, score: int | None = None, limit: int | None = None
    ) -> list[_Hit]:
        sql, params = self._stream_sql(node, score)
        if limit is not None:
            sql, params = f"{sql} LIMIT %s", [*params, limit]
        return [_Hit(row[0], row[1], row[2], row[3]) for row in self._execute(sql, params)]

    def _stream_count(self, node: _Node, score: int | None = None) -> tuple[int, int]:
        """The number of entries `_stream` finds, up to MAX_COUNT + 1, and the span of
        their ids (index order is id order)."""
        sql, params = self._stream_sql(node, score)
        sql = (
            "SELECT count(*), coalesce(max(found.id) - min(found.id) + 1, 0) "
            f"FROM ({sql} LIMIT %s) AS found"
        )
        count, span = self._execute(sql, [*params, MAX_COUNT + 1])[0]
        return count, span

    def _level(self, stems: int) -> _Level:
        """The score level where `stems` words match by their stem."""
        if stems not in self._levels:
            parsed = self._parsed()
            node = parsed.match(stems)
            # The best level has all stems: every row found has its score.
            score = None if stems == len(parsed.stem_terms) else len(parsed.terms) + stems
            walk_from = WALK_FROM[connections[self.queryset.db].vendor]
            bound = MAX_COUNT + 1 if parsed.postgres else self._index_count(node, MAX_COUNT + 1)
            if walk_from < bound <= MAX_COUNT:
                # SQLite: at most MAX_COUNT by the index alone; walked, sized only if a
                # page reaches its end.
                self._levels[stems] = _Level(size=bound, exact=False)
                return self._levels[stems]
            if bound <= walk_from:
                size, span = None, 0
            else:
                size, span = self._stream_count(node, score)
            if size is None or size <= walk_from:
                hits = sorted(self._stream(node, score), key=_Hit.order)
                self._levels[stems] = _Level(len(hits), hits)
            else:
                self._levels[stems] = _Level(
                    size=None if size > MAX_COUNT else size, dense=_is_dense(size, span)
                )
        return self._levels[stems]

    def _walk(self, stems: int, level: _Level, offset: int, limit: int) -> list[_Hit]:
        """Rows `offset` to `offset + limit` of a score level, in result order, by
        walking the sort index and testing each entry."""
        parsed = self._parsed()
        node = parsed.match(stems)
        score = len(parsed.terms) + stems
        score_sql, score_params = parsed.score_sql()
        visible_sql, visible_params = self._visible_sql()
        kind = self.queryset.model._meta.label_lower
        conditions, params = [f"{ENTRY_TABLE}.kind = %s"], [kind]
        exact_level = False
        if not parsed.postgres and not level.dense:
            # The walked index entries hold the rowid: the level's rowid set (from FTS5)
            # decides without reading the row, except for rows of better levels.
            conditions.append(
                f"{ENTRY_TABLE}.id IN "
                "(SELECT rowid FROM core_search_token WHERE core_search_token MATCH %s)"
            )
            params.append(node.render(postgres=False))
            exact_level = stems == len(parsed.stem_terms)
        elif parsed.postgres:
            # The row's tsvector, tested as a function: as the operator @@ it would let
            # the planner read the whole level through the GIN index and sort it.
            conditions.append(f"ts_match_vq({ENTRY_TABLE}.search_tokens, %s::tsquery)")
            params.append(parsed.level(stems).render(postgres=True))
            exact_level = True
        else:
            match_sql, match_params = parsed.row_match_sql()
            conditions.append(match_sql)
            params += match_params
        if not exact_level:
            conditions.append(f"{score_sql} = %s")
            params += [*score_params, score]
        if parsed.postgres:
            source, order = ENTRY_TABLE, f'{ENTRY_TABLE}.sort_key COLLATE "C"'
        else:
            source, order = f"{ENTRY_TABLE} INDEXED BY core_searchentry_order", "sort_key"
        sql = (
            f"SELECT {ENTRY_TABLE}.object_id, {ENTRY_TABLE}.sort_key FROM {source} "
            f"WHERE {' AND '.join(conditions)} AND {visible_sql} "
            f"ORDER BY {order}, {ENTRY_TABLE}.object_id LIMIT %s OFFSET %s"
        )
        rows = self._execute(sql, [*params, *visible_params, limit, offset])
        return [_Hit(row[0], row[1], score) for row in rows]

    def _page_of_large_result(self, start: int, stop: int) -> list[_Hit]:
        """Results `start` to `stop` (stop ≤ MAX_COUNT) of a result with more than
        MAX_COUNT matches, score level by score level (see the comment above)."""
        top = len(self._parsed().stem_terms)
        page: list[_Hit] = []
        position = 0  # results in the better levels
        for stems in range(top, -1, -1):
            if position >= stop:
                break
            if stems == 0 and top > 0 and 0 not in self._levels:
                # The last level holds all the results the better (small) ones leave,
                # more than enough for the page: walked without sizing it first.
                level = _Level(size=None, dense=self._matches_dense)
            else:
                level = self._level(stems)
            if level.hits is not None:
                page += level.hits[max(start - position, 0) : max(stop - position, 0)]
            elif level.size is None or not level.exact or position + level.size > start:
                offset = max(start - position, 0)
                wanted = stop - position - offset
                if level.size is not None and level.exact:
                    wanted = min(wanted, level.size - offset)
                rows = self._walk(stems, level, offset, wanted)
                page += rows
                if not level.exact and len(rows) < wanted:
                    # The walk passed the end of the level: now its size is known.
                    size = offset + len(rows)
                    if offset and not rows:
                        size = self._stream_count(self._parsed().match(stems), self._score(stems))[
                            0
                        ]
                    level = self._levels[stems] = _Level(size=size)
            position += MAX_COUNT if level.size is None or not level.exact else level.size
        return page

    def _score(self, stems: int) -> int | None:
        """The score of a level, or None for the best one (its index expression has it)."""
        parsed = self._parsed()
        return None if stems == len(parsed.stem_terms) else len(parsed.terms) + stems


def results(queryset: models.QuerySet, query: str) -> SearchResults:
    """The results of `query` within `queryset` for pages and the API; see SearchResults."""
    return SearchResults(queryset, query)
