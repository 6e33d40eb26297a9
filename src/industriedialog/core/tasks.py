"""Background tasks of core. Tasks take primary keys and are safe to run twice.

`enqueue_on_commit` queues a task that belongs to a write so that it runs only if the
write commits."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import DEFAULT_DB_ALIAS, connection, router, transaction
from django.tasks import Task, task


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

    if (
        connection.in_atomic_block
        and isinstance(queued.get_backend(), DatabaseBackend)
        and router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS
    ):
        queued.enqueue(*args)
    else:
        transaction.on_commit(partial(queued.enqueue, *args))


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
