"""Background tasks of core. Tasks take primary keys and are safe to run twice.

`enqueue_on_commit` queues a task that belongs to a write so that it runs only if the
write commits."""

from __future__ import annotations

from functools import lru_cache, partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import DEFAULT_DB_ALIAS, connection, router, transaction
from django.tasks import Task, task

from industriedialog.core import prepared


def enqueue_on_commit(queued: Task, *args: Any) -> None:
    """Queue `queued` with `args` so that it runs only if the current transaction commits.

    With django-tasks-db storing its rows in the default database (the production
    setting), the task row is written now, inside the caller's transaction: a
    transactional outbox. It commits or rolls back together with the write it belongs to
    (no mail for a rolled-back registration, and no committed registration whose mail
    was lost because the second transaction failed), and it costs no transaction of its
    own — in a registration rush that is one commit instead of two. The worker cannot see
    the row before the commit. Any other backend (the immediate one of the tests, a
    broker) is called after commit, as STYLE.md rule 7 asks."""
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = queued.get_backend()
    if (
        connection.in_atomic_block
        and isinstance(backend, DatabaseBackend)
        and router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS
    ):
        _insert_task_row(backend, queued, args)
    else:
        transaction.on_commit(partial(queued.enqueue, *args))


def _insert_task_row(backend: Any, queued: Task, args: tuple[Any, ...]) -> None:
    """What django-tasks-db's `DatabaseBackend.enqueue` does (pinned at 0.13.0: validate
    the task, build the row with the same values, send the model's pre_save and post_save,
    then `task_enqueued`), with the row written by one plain INSERT of all its columns: the
    ORM compiling that statement was a fifth of a registration's time in the rush
    (bench/registration_rush.py). The values pass through each field's own `pre_save` and
    `get_db_prep_save`, as the ORM's insert does, so defaults and conversions are the same
    (core/tests: the row equals the backend's own). An id the database computes (an
    expression from `id_function`) takes the backend's own path."""
    from django.db.models.signals import post_save, pre_save
    from django.tasks.signals import task_enqueued
    from django.utils.json import normalize_json
    from django_tasks_db.models import DBTaskResult

    backend.validate_task(queued)
    task_id = backend._get_id()
    if hasattr(task_id, "resolve_expression"):
        backend.enqueue(queued, args, {})
        return
    row: DBTaskResult = DBTaskResult(
        id=task_id,
        args_kwargs=normalize_json({"args": args, "kwargs": {}}),
        priority=queued.priority,
        task_path=queued.module_path,
        queue_name=queued.queue_name,
        run_after=queued.run_after,  # type: ignore[misc]  # None: pre_save sets it
        backend_name=backend.alias,
    )
    # The model signals the ORM's save sends (django-tasks-db sets run_after in pre_save).
    pre_save.send(DBTaskResult, instance=row, raw=False, using=connection.alias, update_fields=None)
    fields = DBTaskResult._meta.concrete_fields
    with prepared.cursor() as cursor:
        cursor.execute(
            _task_insert_sql(),
            [field.get_db_prep_save(field.pre_save(row, True), connection) for field in fields],
        )
    row._state.adding = False
    row._state.db = connection.alias
    post_save.send(
        DBTaskResult,
        instance=row,
        created=True,
        update_fields=None,
        raw=False,
        using=connection.alias,
    )
    task_enqueued.send(type(backend), task_result=row.task_result)


@lru_cache(maxsize=1)
def _task_insert_sql() -> str:
    from django_tasks_db.models import DBTaskResult

    meta = DBTaskResult._meta
    columns = ", ".join(
        connection.ops.quote_name(str(field.column)) for field in meta.concrete_fields
    )
    placeholders = ", ".join(["%s"] * len(meta.concrete_fields))
    table = connection.ops.quote_name(meta.db_table)
    return f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"


@task
def mail_feedback(feedback_id: int) -> int:
    """Send a feedback message to the responsible office. Returns the number of mails."""
    from .models import Feedback

    feedback = Feedback.objects.filter(pk=feedback_id).first()
    if feedback is None or not settings.FEEDBACK_RECIPIENTS:
        return 0
    return send_mail(
        subject=f"[Industrie-Dialog] Rückmeldung: {feedback.get_topic_display()}",
        message=f"{feedback.message}\n\nSeite: {feedback.page_url}\n"
        f"Von: {feedback.name} <{feedback.email}>",
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=settings.FEEDBACK_RECIPIENTS,
    )
