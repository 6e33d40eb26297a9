"""`industriedialog outreach_retention`: delete the notes and participants of company
visits whose campaign's retention period has passed (DSGVO Art. 5 (1) e, storage
limitation). Needs, follow-ups and signals stay; every purge is in the audit log. Meant to
run daily (cron, systemd timer)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from industriedialog.outreach.services import visit_notes_purge


class Command(BaseCommand):
    help = (
        "Löscht Notizen und Teilnehmende von Unternehmensbesuchen nach Ablauf der "
        "Aufbewahrungsfrist ihrer Kampagne."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Stichtag im Format JJJJ-MM-TT (Standard: heute)",
        )

    def handle(self, *args, date: str | None, **options):
        try:
            today = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError("Das Datum muss im Format JJJJ-MM-TT angegeben werden.") from None
        purged = visit_notes_purge(today=today)
        if purged == 1:
            self.stdout.write("Die Notizen eines Besuchs wurden gelöscht.")
        else:
            self.stdout.write(f"Die Notizen von {purged} Besuchen wurden gelöscht.")
