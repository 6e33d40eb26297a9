"""`industriedialog create_api_token USERNAME [--create-staff]`: print a new API token."""

from django.core.management.base import BaseCommand, CommandError

from industriedialog.api.services import api_token_create
from industriedialog.core.models import Role, User


class Command(BaseCommand):
    help = "Erzeugt ein API-Token für ein Benutzerkonto und gibt es aus (nur einmal sichtbar)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--create-staff",
            action="store_true",
            help="das Konto als Mitarbeiter*in der Wirtschaftsförderung anlegen, falls es fehlt",
        )
        parser.add_argument("--name", default="", help="Bezeichnung des Tokens")

    def handle(self, *args, username: str, create_staff: bool, name: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            if not create_staff:
                raise CommandError(
                    f"Kein Benutzerkonto „{username}“. Mit --create-staff wird es angelegt."
                )
            user = User(username=username, role=Role.STAFF, is_staff=True)
            user.set_unusable_password()
            user.save()
        _token, raw = api_token_create(actor=None, user=user, name=name or "Kommandozeile")
        self.stdout.write(raw)
