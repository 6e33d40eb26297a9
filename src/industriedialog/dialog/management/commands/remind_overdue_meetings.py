"""`industriedialog remind_overdue_meetings`: tell staff which bodies with a fixed rhythm
have no meeting scheduled although one is due. Meant to run daily (cron, systemd timer);
the mail itself is sent by the task dialog.tasks.remind_overdue_meetings."""

from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus

from industriedialog.dialog import tasks
from industriedialog.dialog.selectors import overdue_bodies


def bodies_label(count: int) -> str:
    return f"{count} Gremium" if count == 1 else f"{count} Gremien"


class Command(BaseCommand):
    help = (
        "Erinnert die Wirtschaftsförderung an Gremien, deren Sitzungsrhythmus eine "
        "Sitzung verlangt, für die noch kein Termin geplant ist."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--run-now",
            action="store_true",
            help="die Erinnerung sofort hier versenden, statt sie als Aufgabe einzureihen",
        )

    def handle(self, *args, run_now: bool, **options):
        overdue = overdue_bodies()
        for body, cadence in overdue:
            self.stdout.write(
                f"  {body.name}: Sitzung fällig seit {cadence.proposed_date:%d.%m.%Y}"
            )
        if not overdue:
            self.stdout.write("Kein Gremium ist mit einer Sitzung überfällig.")
            return
        self.stdout.write(f"{bodies_label(len(overdue))} ohne geplante Sitzung.")
        if run_now:
            tasks.remind_overdue_meetings.call()
            self.stdout.write(
                self.style.SUCCESS("Erinnerung an die Wirtschaftsförderung versandt.")
            )
            return
        result = tasks.remind_overdue_meetings.enqueue()
        if result.status == TaskResultStatus.SUCCESSFUL:
            self.stdout.write(
                self.style.SUCCESS("Erinnerung an die Wirtschaftsförderung versandt.")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Erinnerung eingereiht (Aufgabe {result.id})."))
