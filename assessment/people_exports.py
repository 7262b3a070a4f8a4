"""An assessment of people as XLSX, through the assessment's formula-safe ``Book``: the
ranking (with a note when not yet published), and for the union's own officers every score."""
from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import people
from .exports import Book
from .models import PeopleItem, PersonScore

KINDS = dict(PeopleItem.Kind.choices)


def rubric_workbook(rubric, *, with_scores: bool) -> tuple[bytes, int]:
    book = Book()
    rows = people.results_for(rubric)
    w = book.sheet(_("Results"), [pgettext("ranking", "Rank"), pgettext("person", "Name"), _("Branch"), _("Post"),
                                  _("Total"), _("Grade")], [6, 16, 24, 16, 10, 10])
    if not rubric.results_published:
        w.add(["", _("Provisional: the results have not been published yet.")])
    for r in rows:
        w.add([r.rank, r.name, r.branch, r.post, r.total, r.grade_label])
    if with_scores:
        s = book.sheet(_("Scores"), [pgettext("person", "Name"), _("No."), _("Area"), _("What is assessed"), _("Kind"),
                                     _("Maximum points"), _("Self-assessed points"), _("Note"), _("Reviewed points"),
                                     _("Reviewer's remark")], [16, 6, 14, 40, 10, 10, 10, 30, 10, 30])
        for score in (PersonScore.objects.filter(sheet__rubric=rubric).select_related("sheet__member", "item")
                      .order_by("sheet__member__name", "item__position")):
            s.add([score.sheet.member.name, score.item.position, score.item.area, score.item.title,
                   KINDS.get(score.kind), score.maximum, score.self_points, score.self_note, score.reviewed_points,
                   score.review_remark])
    return book.close(), len(rows)
