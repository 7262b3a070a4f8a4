"""manage.py restore BACKUP --database NEW --media-root NEW_FOLDER [--create]: a backup into a new
database and a new media folder, then checked against its manifest (unionadmin/backup.py).

Never overwrites: the database must be new and empty (``--create`` makes it, UTF8 from template0
with the source's locale, when the configured role may), the folder new or empty. ``--check``
only compares an already restored database and folder with the backup.
"""
from django.core.management.base import BaseCommand, CommandError

from unionadmin import backup


class Command(BaseCommand):
    requires_system_checks = []  # a backup or restore must never wait for a settings warning
    help = "Restore a backup (a folder made by 'backup', or the latest under a folder) into a new database and media folder."

    def add_arguments(self, parser):
        parser.add_argument("backup", help="a backup folder, or the folder of backups (the latest is taken)")
        parser.add_argument("--database", required=True, help="the name of the NEW database")
        parser.add_argument("--media-root", required=True, help="a NEW (or empty) folder for the files")
        parser.add_argument("--create", action="store_true", help="create the database (createdb) first")
        parser.add_argument("--owner", help="with --create: the role that owns the new database")
        parser.add_argument("--check", action="store_true", help="only check an already restored pair")
        parser.add_argument("--createdb-command", action="store_true",
                            help="only print the createdb command for this backup (UTF8, its locale)")

    def handle(self, *args, **options):
        try:
            folder = options["backup"]
            if not (backup.Path(folder) / backup.MANIFEST).is_file():
                folder = backup.latest(folder)
            if options["createdb_command"]:
                manifest = backup.read_manifest(folder)
                self.stdout.write(" ".join(backup.createdb_args(manifest, options["database"], options["owner"])))
                return
            if options["check"]:
                result = backup.check(backup.read_manifest(folder), database=options["database"],
                                      media_root=options["media_root"])
            else:
                result = backup.restore(folder, database=options["database"], media_root=options["media_root"],
                                        create=options["create"], owner=options["owner"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{folder}: restored and checked, {result['tables']} tables, {result['rows']} rows, "
                          f"{result['files']} files, as backed up")
