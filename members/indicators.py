"""Indicators the members app offers to the registry.

Each computes a whole subtree in one or two queries, and per grassroots unit (its branches
and groups rolled up into it) for drill-down in two or three.
"""
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from unionadmin.indicators import Indicator, Measurement, registry
from unionadmin.models import Organisation

from .models import Member


def _grassroots(organisation):
    return Organisation.objects.subtree_of(organisation).grassroots().filter(is_active=True)


def _active_in(organisation):
    return Member.objects.active().filter(union__path__startswith=organisation.path)


def _roll_up(organisation, counts_by_path):
    """{grassroots pk: {key: n}} from {member's union path: {key: n}}: a unit's branches and
    groups count towards it."""
    units = list(_grassroots(organisation).values_list("pk", "path", "employee_count"))
    by_unit = {}
    for pk, path, employees in units:
        total = {}
        for member_path, counts in counts_by_path.items():
            if member_path.startswith(path):
                for key, n in counts.items():
                    total[key] = total.get(key, 0) + n
        by_unit[pk] = (total, employees)
    return by_unit


def _counts_by_path(organisation, **annotations):
    rows = _active_in(organisation).values("union__path").annotate(**annotations)
    return {row.pop("union__path"): row for row in rows}


def membership_rate(organisation, year):
    """Active members anywhere in the subtree over the employees of its grassroots unions."""
    members = _active_in(organisation).count()
    employees = _grassroots(organisation).aggregate(total=Sum("employee_count"))["total"] or 0
    return Measurement(members, employees)


def membership_rate_units(organisation, year):
    """Per grassroots union, its members (its branches and groups included) over its employees."""
    by_unit = _roll_up(organisation, _counts_by_path(organisation, n=Count("pk")))
    return {pk: Measurement(counts.get("n", 0), employees) for pk, (counts, employees) in by_unit.items()}


def members_count(organisation, year):
    return Measurement(_active_in(organisation).count())


def members_count_units(organisation, year):
    by_unit = _roll_up(organisation, _counts_by_path(organisation, n=Count("pk")))
    return {pk: Measurement(counts.get("n", 0)) for pk, (counts, employees) in by_unit.items()}


def _share(condition):
    def measure(organisation, year):
        counts = _active_in(organisation).aggregate(total=Count("pk"), part=Count("pk", filter=condition))
        return Measurement(counts["part"], counts["total"])

    def measure_units(organisation, year):
        by_unit = _roll_up(organisation, _counts_by_path(organisation, total=Count("pk"),
                                                         part=Count("pk", filter=condition)))
        return {pk: Measurement(c.get("part", 0), c.get("total", 0)) for pk, (c, _e) in by_unit.items()}

    return measure, measure_units


def register():
    registry.register(Indicator(
        code="membership_rate", label=_("Membership rate"), unit="percent",
        measure=membership_rate, measure_units=membership_rate_units, default_target=100,
        description=_("Members over employees of the grassroots unions."),
    ))
    registry.register(Indicator(
        code="members_count", label=_("Members"), unit="count",
        measure=members_count, measure_units=members_count_units,
        description=_("Current members (retired members are counted separately)."),
    ))
    women = _share(Q(gender=Member.Gender.FEMALE))
    registry.register(Indicator(
        code="women_members_share", label=_("Women members"), unit="percent",
        measure=women[0], measure_units=women[1],
        description=_("Women among active members."),
    ))
    migrant = _share(Q(employment_type=Member.EmploymentType.MIGRANT))
    registry.register(Indicator(
        code="migrant_members_share", label=_("Migrant-worker members"), unit="percent",
        measure=migrant[0], measure_units=migrant[1],
        description=_("Migrant workers among active members."),
    ))
    dispatched = _share(Q(employment_type=Member.EmploymentType.DISPATCHED))
    registry.register(Indicator(
        code="dispatched_members_share", label=_("Agency-dispatched members"), unit="percent",
        measure=dispatched[0], measure_units=dispatched[1],
        description=_("Agency-dispatched workers among active members."),
    ))
