"""Certificates (荣誉证书) through the PDF pipeline (unionadmin.documents).

Two kinds share one page template, one certificate per page:

* ``competition_certificates`` – of a competition: every award, in rank order, for the
  organiser to print in one go (one PDF of as many pages as there are awards);
* ``entry_certificate`` – of one entry: its own certificate, which the entering unit
  downloads from the results page.

A batch as one document, rather than one job per award, is one render and one download for
the organiser; a certificate per entry lets each unit fetch its own without seeing anyone
else's. Both show only what the published results say (no names of judges, no scores), in
the language of the person who asks; before publication they show no certificate.
"""
from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionadmin.documents.kinds import DocumentKind, registry
from unionadmin.numerals import chinese_date

from .models import Competition, Entry


def _date_text(competition: Competition) -> str:
    day = timezone.localtime(competition.published_at).date() if competition.published_at else None
    if day is None:
        return ""
    if (translation.get_language() or "").startswith("zh"):
        return chinese_date(day)
    return day.strftime("%-d %B %Y")


def _pages(competition: Competition, entries) -> list[dict]:
    if competition.state != Competition.State.PUBLISHED:
        return []
    date_text = _date_text(competition)
    return [{"entry": entry, "award": entry.award, "date": date_text} for entry in entries if entry.award_id]


def competition_context(competition: Competition, options: dict) -> dict:
    entries = (competition.entries.competing().filter(award__isnull=False).select_related("organisation", "award")
               .order_by("rank", "number"))
    return {"competition": competition, "organiser": competition.organiser,
            "pages": _pages(competition, entries)}


def entry_context(entry: Entry, options: dict) -> dict:
    competition = entry.competition
    return {"competition": competition, "organiser": competition.organiser,
            "pages": _pages(competition, [entry] if entry.is_competing else [])}


def competition_filename(competition: Competition, options: dict) -> str:
    return _("%(competition)s certificates.pdf") % {"competition": competition.title}


def entry_filename(entry: Entry, options: dict) -> str:
    return _("%(competition)s certificate %(entry)s.pdf") % {"competition": entry.competition.title,
                                                             "entry": entry.name}


def register():
    registry.register(DocumentKind(
        code="competition_certificates", label=gettext_lazy("Certificates of a competition"), model=Competition,
        template="competitions/pdf/certificates.html", context=competition_context, filename=competition_filename,
        organisation=lambda competition: competition.organiser,
    ))
    registry.register(DocumentKind(
        code="entry_certificate", label=gettext_lazy("Certificate of an entry"), model=Entry,
        template="competitions/pdf/certificates.html", context=entry_context, filename=entry_filename,
        organisation=lambda entry: entry.organisation,
    ))
