"""`industriedialog seed`: load the data set (Aachen by default) idempotently."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from industriedialog.core.manifests import registry


class Command(BaseCommand):
    help = "Lädt die Daten der Stadt (Initiativen, Register, …); mehrfach ausführbar."

    def add_arguments(self, parser):
        parser.add_argument(
            "--synthetic",
            type=int,
            default=0,
            metavar="N",
            help="zusätzlich N Beispielorganisationen für Lasttests anlegen",
        )
        parser.add_argument(
            "--data-set", default=None, help=f"Datensatz (Standard: {settings.PLATFORM_DATA_SET})"
        )
        parser.add_argument(
            "--print-demo-logins",
            action="store_true",
            help="die Demo-Zugänge ausgeben (nur im Demo-Modus)",
        )

    def handle(
        self, *args, synthetic: int, data_set: str | None, print_demo_logins: bool, **options
    ):
        if synthetic < 0:
            raise CommandError("--synthetic muss 0 oder größer sein.")
        for label, step in registry.seed_steps():
            report = step.load(stdout=self.stdout, data_set=data_set)
            for line in report.lines():
                self.stdout.write(f"[{label}] {line}")
        if synthetic:
            for label, step in registry.seed_steps():
                if step.synthetic is not None:
                    created = step.synthetic(synthetic, stdout=self.stdout)
                    self.stdout.write(f"[{label}] {created} Beispieldatensätze angelegt")
        if print_demo_logins:
            from industriedialog.core.seed import demo_login_lines

            if not settings.DEMO_MODE:
                raise CommandError("Demo-Zugänge gibt es nur im Demo-Modus (DEBUG und DEMO_MODE).")
            self.stdout.write(self.style.SUCCESS("Demo-Zugänge (nur im Demo-Modus):"))
            for line in demo_login_lines():
                self.stdout.write(line)
