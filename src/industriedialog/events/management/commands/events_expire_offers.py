"""`industriedialog events_expire_offers`: expire waiting-list offers past their deadline
and pass each seat on to the next person waiting. Safe to run as often as wanted (every
few minutes from cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from industriedialog.events.services import waitlist_offers_expire


class Command(BaseCommand):
    help = (
        "Lässt abgelaufene Platzangebote der Wartelisten verfallen und bietet die Plätze "
        "den Nächsten an."
    )

    def handle(self, *args, **options):
        expired = waitlist_offers_expire()
        if expired == 1:
            self.stdout.write("Ein Platzangebot ist verfallen und weitergegeben.")
        else:
            self.stdout.write(f"{expired} Platzangebote sind verfallen und weitergegeben.")
