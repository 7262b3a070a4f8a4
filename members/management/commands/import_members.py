"""manage.py import_members FILE --organisation ID: a roster loaded the way the pages load it.

For a federation loading many units' files: the same reading, column guess, check, write and
problems sheet as the import pages (members.imports.service.import_run_file), without a job.
The last line is always ``imported N, refused M`` (``would import N, refused M`` with
--dry-run), kept in English so that scripts can read it; everything else is in the site's
language. The exit status is 0 whenever the file was checked, whatever was refused.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from unionadmin.commands import file_organisation_user

from ...imports.files import ImportRefused
from ...imports.messages import describe
from ...imports.service import BadReading, import_run_file
from ...models import Member

ERRORS_SHOWN = 50  # the problems sheet (--problems) holds them all


def _reading(text: str) -> tuple[str, str, str]:
    column, colon, rest = text.partition(":")
    value, equals, choice = rest.rpartition("=")
    if not (colon and equals and column.strip() and value.strip()):
        raise CommandError(_("--map takes COLUMN:VALUE=CHOICE, e.g. \"用工性质:事业编制=编制内\"; got “%(text)s”.")
                           % {"text": text})
    return column.strip(), value.strip(), choice.strip()


class Command(BaseCommand):
    help = ("Import a roster (XLSX, XLS, ODS or CSV) into an organisation with the same checks as the import "
            "pages. Ends with 'imported N, refused M'.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="The roster file.")
        parser.add_argument("--organisation", type=int, required=True, help="The id of the union to import into.")
        parser.add_argument("--map", action="append", default=[], metavar="COLUMN:VALUE=CHOICE",
                            help="Read VALUE in COLUMN (a header of the file, or a field name) as CHOICE (a choice's "
                                 "value or label; empty to leave the field empty). May be repeated.")
        parser.add_argument("--valid-only", action="store_true",
                            help="Import the rows without problems even when other rows have some.")
        parser.add_argument("--problems", metavar="OUT.xlsx", help="Write the refused rows to this XLSX file.")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument("--user", metavar="USERNAME",
                            help="Import as this user (their scope, and their name in the history).")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._run(options)

    def _run(self, options):
        path, union, user = file_organisation_user(options, Member, _("%(name)s may not change the members of %(union)s."))
        readings = [_reading(text) for text in options["map"]]
        try:
            result = import_run_file(path, union=union, user=user, readings=readings,
                                     valid_only=options["valid_only"], dry_run=options["dry_run"],
                                     problems=options["problems"])
        except ImportRefused as refusal:
            raise CommandError(f"{path}: {refusal}") from None
        except BadReading as bad:
            raise CommandError(str(bad)) from None

        for error in result.get("errors", [])[:ERRORS_SHOWN]:
            self.stderr.write(_("Row %(row)s, %(column)s “%(value)s”: %(reason)s") % {
                **error, "reason": describe(error["code"], error.get("params"))})
        refused = result["refused"]
        if refused > ERRORS_SHOWN or len(result.get("errors", [])) > ERRORS_SHOWN:
            self.stderr.write(_("Only the first %(count)s problems are listed; --problems writes every refused row.")
                              % {"count": ERRORS_SHOWN})
        for warning in result.get("warnings", [])[:ERRORS_SHOWN]:
            self.stderr.write(_("Row %(row)s, to check: %(reason)s") % {
                **warning, "reason": describe(warning["code"], warning.get("params"))})
        if refused and not options["valid_only"]:
            if options["dry_run"]:
                self.stderr.write(ngettext(
                    "Nothing would be imported because %(count)s row has problems: correct it, or use --valid-only "
                    "to import the other rows.",
                    "Nothing would be imported because %(count)s rows have problems: correct them, or use "
                    "--valid-only to import the other rows.", refused) % {"count": refused})
            else:
                self.stderr.write(ngettext(
                    "Nothing was imported because %(count)s row has problems: correct it, or use --valid-only to "
                    "import the other rows.",
                    "Nothing was imported because %(count)s rows have problems: correct them, or use --valid-only "
                    "to import the other rows.", refused) % {"count": refused})
        if options["problems"]:
            if refused:
                self.stderr.write(_("The refused rows are in %(path)s.") % {"path": options["problems"]})
            else:
                self.stderr.write(_("No row was refused; no problems sheet was written."))
        imported = result["created"] + result["updated"] if (result["written"] or options["dry_run"]) and (
            not refused or options["valid_only"]) else 0
        self.stdout.write(f"{'would import' if options['dry_run'] else 'imported'} {imported}, refused {refused}")
