"""The mails with the production task backend (django-tasks-db): the task row is written
inside the registration's own transaction (core.tasks.enqueue_on_commit), so it commits
or rolls back with the registration, and the worker sends it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from industriedialog.events import services
from industriedialog.events.models import Registration

from .factories import RegistrationFactory, SessionFactory


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def register(session, n: int, **kwargs):
    return services.registration_create(
        session=session,
        name=f"Person {n}",
        email=kwargs.pop("email", f"person{n}@example.org"),
        target_group="students",
        **kwargs,
    )


def test_the_task_row_is_written_in_the_registrations_transaction(
    db, database_tasks, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=1)
    with django_capture_on_commit_callbacks() as callbacks:
        confirmed = register(session, 0)
        waiting = register(session, 1)
    assert callbacks == []  # nothing left for after commit
    rows = list(
        DBTaskResult.objects.order_by("enqueued_at").values_list("task_path", "args_kwargs")
    )
    assert rows == [
        (
            "industriedialog.events.tasks.mail_registration",
            {"args": [confirmed.registration.pk], "kwargs": {}},
        ),
        (
            "industriedialog.events.tasks.mail_waitlisted",
            {"args": [waiting.entry.pk, 1], "kwargs": {}},
        ),
    ]


def test_a_rolled_back_registration_leaves_no_task(db, database_tasks):
    session = SessionFactory(capacity=5)
    with pytest.raises(RuntimeError), transaction.atomic():
        register(session, 0)
        raise RuntimeError("the caller's transaction fails after the registration")
    assert (Registration.objects.count(), DBTaskResult.objects.count()) == (0, 0)


def test_a_refused_registration_leaves_no_task(db, database_tasks):
    existing = RegistrationFactory(email="person0@example.org")
    with pytest.raises(services.AlreadyRegistered):
        register(existing.session, 0)
    with pytest.raises(ValidationError):
        register(existing.session, 1, email="no address")
    assert DBTaskResult.objects.count() == 0


def test_the_worker_sends_the_confirmation(transactional_db, database_tasks):
    # Committed for real: the worker, as in production, sees only committed rows.
    session = SessionFactory(capacity=1)
    registration = register(session, 0).registration
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [m.to for m in mail.outbox] == [["person0@example.org"]]
    assert registration.code in mail.outbox[0].body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_other_backends_still_run_after_commit(db, django_capture_on_commit_callbacks):
    session = SessionFactory(capacity=1)
    with django_capture_on_commit_callbacks() as callbacks:
        register(session, 0)
        assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [["person0@example.org"]]


def test_the_plain_insert_writes_the_row_the_backend_itself_writes(db, database_tasks):
    """core.tasks writes the row with one plain INSERT; every column but the id and the
    time queued equals what django-tasks-db's own enqueue stores."""
    from industriedialog.core.tasks import enqueue_on_commit
    from industriedialog.events import tasks

    with transaction.atomic():
        enqueue_on_commit(tasks.mail_waitlisted, 7, 2)
    tasks.mail_waitlisted.enqueue(7, 2)  # the backend's own path, autocommit
    ours, theirs = (
        {
            field.attname: getattr(row, field.attname)
            for field in DBTaskResult._meta.concrete_fields
            if field.attname not in ("id", "enqueued_at")
        }
        for row in DBTaskResult.objects.order_by("enqueued_at")
    )
    assert ours == theirs
    assert ours["status"] == "READY" and ours["run_after"].year == 9999
