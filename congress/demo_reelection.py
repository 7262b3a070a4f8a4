"""The demo county's committee terms (demo step 46, after the elections part's step 45 gave one
union its term from a congress): every grassroots union without a term gets one recorded by
hand — two overdue, three due within six months, the rest in term, some with their previous
term too — except two left with none; then the day's reminders are sent. Idempotent: nothing
is done once the county holds a hand-recorded demo term."""
from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django.utils import timezone

DEMO_NOTE = "系统启用前的届次，据上级工会换届批复补录"
# Months since the election and the length, per union in path order: the first two are overdue,
# the next three fall due within six months, the rest are well within their term.
PLAN = [(63, 5), (40, 3), (57, 5), (33, 3), (55, 5), (26, 5), (14, 3), (30, 5), (8, 5), (44, 5), (20, 3)]
LEFT_WITHOUT = 2


def load_demo_reelection(federation, users, *, today=None) -> dict:
    from unionadmin.models import Organisation

    from .models import CommitteeTerm
    from .reelection import committee_term_record, reelection_remind

    if CommitteeTerm.objects.filter(union__path__startswith=federation.path, note=DEMO_NOTE).exists():
        return {"committee_terms": 0}
    today = today or timezone.localdate()
    units = list(Organisation.objects.subtree_of(federation).grassroots().filter(is_active=True)
                 .exclude(committee_terms__isnull=False).order_by("path"))
    recorded = 0
    for index, union in enumerate(units[:-LEFT_WITHOUT] if len(units) > LEFT_WITHOUT else []):
        months, length = PLAN[index] if index < len(PLAN) else PLAN[5 + index % 6]  # later: in term
        elected = today - relativedelta(months=months, days=index * 3 % 17)
        number = 3 + index % 6
        if index % 3 == 0:  # the committee before it, for the history on the union's page
            committee_term_record(union, number=number - 1, length_years=length,
                                  starts_on=elected - relativedelta(years=length, days=20), note=DEMO_NOTE)
            recorded += 1
        committee_term_record(union, number=number, length_years=length, starts_on=elected, note=DEMO_NOTE)
        recorded += 1
    reminded = reelection_remind(today)
    return {"committee_terms": recorded, "reminded": reminded}



