"""The printable hardship-file form (困难职工档案表), made by the PDF pipeline.

The form shows ID numbers and incomes masked unless the ``full`` option is asked for. Anyone
who may see a file may also reveal its personal data (the same welfare roles), the pipeline
re-checks scope on download, and every download is an AuditEvent (DOWNLOAD) naming the job,
whose options say whether it was the full form.
"""
from django.utils import timezone
from django.utils.translation import gettext as _

from unionadmin.personal_data import mask_amount, mask_id_number

KIND = "hardship_file"


def _context(file, options):
    full = str(options.get("full", "")) in {"1", "true", "True", "yes"}
    household = [
        {
            "person": person,
            "id_number": person.id_number if full else mask_id_number(person.id_number),
            "income": person.monthly_income if full else mask_amount(person.monthly_income),
        }
        for person in file.household.all()
    ]
    return {
        "file": file,
        "household": household,
        "full": full,
        "per_capita": file.per_capita_income if full else mask_amount(file.per_capita_income),
        "total_income": file.total_income if full else mask_amount(file.total_income),
        "transitions": list(file.transitions.select_related("by")),
        "grants": list(file.grants.filter(status="approved").select_related("programme").order_by("granted_on")),
        "today": timezone.localdate(),
    }


def _filename(file, options):
    return _("Hardship file %(number)s %(name)s.pdf") % {"number": file.number, "name": file.worker.name}


def _organisation(file):
    return file.union


def register():
    try:
        from unionadmin.documents.kinds import DocumentKind, registry
    except ImportError:  # the pipeline is not installed
        return
    from django.utils.translation import gettext_lazy

    from .models import HardshipFile

    registry.register(DocumentKind(
        code=KIND, label=gettext_lazy("Hardship file form"), model=HardshipFile,
        template="welfare/documents/hardship_file.html", context=_context, filename=_filename,
        organisation=_organisation, allowed_options=("full",),
    ))


def hardship_file_kind_registered() -> bool:
    try:
        from unionadmin.documents.kinds import registry
    except ImportError:
        return False
    return KIND in registry
