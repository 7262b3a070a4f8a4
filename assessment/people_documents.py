"""The ranking of an assessment of people as a PDF (kind ``people_ranking``): the grade lines,
counts per grade and every person's rank, total and grade; marked provisional until the
results are published. What it shows depends only on the record's state."""
from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import people
from .models import PeopleRanking, PersonSheet


def ranking_context(rubric: PeopleRanking, options: dict) -> dict:
    rubric = PeopleRanking.objects.select_related("union").get(pk=rubric.pk)
    rows = people.results_for(rubric)
    return {
        "rubric": rubric, "rows": rows, "provisional": not rubric.results_published,
        "counts": [(label, sum(1 for r in rows if r.grade == grade)) for grade, label in people.GRADE_LABELS.items()],
        "not_final": rubric.sheets.exclude(state=PersonSheet.State.FINAL).count(),
        "today": timezone.localdate(),
    }


def ranking_filename(rubric, options: dict) -> str:
    return gettext("%(title)s ranking") % {"title": rubric.title} + ".pdf"


def register():
    from unionadmin.documents.kinds import DocumentKind, registry

    registry.register(DocumentKind(
        code="people_ranking", label=_("Ranking of an assessment of people"), model=PeopleRanking,
        template="assessment/people/pdf_ranking.html", context=ranking_context, filename=ranking_filename,
        organisation=lambda rubric: rubric.union,
    ))
