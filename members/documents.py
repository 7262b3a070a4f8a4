"""The printable card sheet (会员证), made by the PDF pipeline from a card batch.

A sheet shows what the card itself shows: name, gender, union, number and date of issue —
no ID or mobile numbers, so it needs no masking and depends on nobody's permissions.
"""
from django.utils.translation import gettext as _

KIND = "members.card_sheet"
CARDS_PER_PAGE = 10


def _context(batch, options):
    members = list(batch.members.select_related("union").order_by("card_number"))
    pages = [members[i:i + CARDS_PER_PAGE] for i in range(0, len(members), CARDS_PER_PAGE)]
    return {"batch": batch, "pages": pages, "union": batch.union}


def _filename(batch, options):
    return _("Member cards %(first)s-%(last)s.pdf") % {"first": batch.number(batch.first_number),
                                                       "last": batch.number(batch.last_number)}


def _organisation(batch):
    return batch.union


def register():
    try:
        from unionadmin.documents.kinds import DocumentKind, registry
    except ImportError:  # the pipeline is not installed
        return
    from django.utils.translation import gettext_lazy

    from .models import CardBatch

    registry.register(DocumentKind(
        code=KIND, label=gettext_lazy("Member card sheet"), model=CardBatch, template="members/pdf/card_sheet.html",
        context=_context, filename=_filename, organisation=_organisation,
    ))


def card_sheet_available() -> bool:
    try:
        from unionadmin.documents.kinds import registry
    except ImportError:
        return False
    return KIND in registry
