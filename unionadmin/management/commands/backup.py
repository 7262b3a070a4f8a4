"""manage.py backup DIR: the database and the media folder at one point, checked (unionadmin/backup.py).

Run nightly by deploy/unionadmin-backup (docs/deployment.md, "Backups"); prints the folder made.
"""
from django.core.management.base import BaseCommand, CommandError

from unionadmin.backup import BackupError, backup


class Command(BaseCommand):
    requires_system_checks = []  # a backup or restore must never wait for a settings warning
    help = "Back up the database and the uploaded files at one consistent point into a new folder of DIR."

    def add_arguments(self, parser):
        parser.add_argument("root", help="the folder that holds the backups, one sub-folder each")

    def handle(self, *args, root, **options):
        try:
            made = backup(root)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(made))
