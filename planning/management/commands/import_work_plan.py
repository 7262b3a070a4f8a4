"""manage.py import_work_plan FILE --organisation ID --year YYYY: a work plan from a Word file
or a text, recognised as the import page recognises it, saved as a draft.

Prints the recognised outline exactly as ``planning.importing.service.outline_lines`` gives it
(two spaces per level, the number as it will print, the heading; then ``target: …`` lines), so
that a script or a person can check it; with --dry-run nothing is saved. The last line after a
save is ``saved plan ID URL``, kept in English so that scripts can read it; warnings and notes go
to stderr in the site's language.
"""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from unionadmin.commands import file_organisation_user

from ...importing.conversions import looks_traditional, to_simplified
from ...importing.docx_text import docx_text
from ...importing.recognise import recognise_text
from ...importing.service import outline_lines, save_recognised
from ...models import WorkPlan

TEXT_SUFFIXES = (".txt", ".md", ".text")


def read_text(path: Path) -> str:
    """The text of a .docx, or of a UTF-8 (or GB18030) text file."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        try:
            return docx_text(path.read_bytes())
        except Exception as error:  # python-docx raises several kinds for a file that is not Word's
            raise CommandError(_("%(path)s could not be read as a Word (.docx) file: %(error)s")
                               % {"path": path, "error": error}) from None
    if suffix not in TEXT_SUFFIXES:
        raise CommandError(_("%(path)s is neither a .docx nor a text file (.txt, .md).") % {"path": path})
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CommandError(_("%(path)s is neither UTF-8 nor GB18030 text.") % {"path": path})


class Command(BaseCommand):
    help = ("Recognise a work plan (DOCX, or UTF-8/GB18030 text) and save it as a draft of an organisation; "
            "prints the recognised outline.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="The plan: a .docx, .txt or .md file.")
        parser.add_argument("--organisation", type=int, required=True, help="The id of the issuing organisation.")
        parser.add_argument("--year", type=int, required=True, help="The year the plan is for.")
        parser.add_argument("--to-simplified", action="store_true",
                            help="Convert Traditional characters to Simplified before recognising.")
        parser.add_argument("--dry-run", action="store_true", help="Print the outline only; save nothing.")
        parser.add_argument("--user", metavar="USERNAME",
                            help="Save as this user (the plan's drafter); they must be allowed to change plans there.")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._run(options)

    def _run(self, options):
        path, union, user = file_organisation_user(
            options, WorkPlan, _("%(name)s may not change the work plans of %(union)s."))
        if not 2000 <= options["year"] <= 2100:
            raise CommandError(_("The year must be between 2000 and 2100; got %(year)s.") % {"year": options["year"]})
        text = read_text(path)
        if options["to_simplified"]:
            text = to_simplified(text).text
        elif looks_traditional(text):
            self.stderr.write(_("The text seems to be in Traditional characters; --to-simplified converts it to "
                                "Simplified first."))
        recognised = recognise_text(text)
        for note in recognised.notes:
            self.stderr.write(note)
        for line in outline_lines(recognised):
            self.stdout.write(line)
        if options["dry_run"]:
            return
        if not recognised.items:
            raise CommandError(_("No numbered item was found, so no plan was saved."))
        if not (recognised.title or recognised.notice_title):
            recognised.title = _("%(organisation)s work plan for %(year)s") % {
                "organisation": union.name, "year": options["year"]}
        plan = save_recognised(recognised, issuer=union, year=options["year"], user=user)
        self.stdout.write(f"saved plan {plan.pk} {plan.get_absolute_url()}")
