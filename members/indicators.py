"""Indicators the members app offers to the registry."""
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from unionadmin.indicators import Indicator, Measurement, registry
from unionadmin.models import Organisation

from .models import Member


def _grassroots(organisation):
    return Organisation.objects.subtree_of(organisation).grassroots().filter(is_active=True)


def membership_rate(organisation, year):
    """Active members anywhere in the subtree over the employees of its grassroots unions."""
    members = Member.objects.active().filter(union__path__startswith=organisation.path).count()
    employees = _grassroots(organisation).aggregate(total=Sum("employee_count"))["total"] or 0
    return Measurement(members, employees)


def membership_rate_units(organisation, year):
    """Per grassroots union, its members (its branches and groups included) over its employees."""
    units = list(_grassroots(organisation).values_list("pk", "path", "employee_count"))
    counts = dict(
        Member.objects.active().filter(union__path__startswith=organisation.path)
        .values_list("union__path").annotate(n=Count("pk")).values_list("union__path", "n")
    )
    result = {}
    for pk, path, employees in units:
        members = sum(n for member_path, n in counts.items() if member_path.startswith(path))
        result[pk] = Measurement(members, employees)
    return result


def _share(condition):
    def measure(organisation, year):
        counts = Member.objects.active().filter(union__path__startswith=organisation.path).aggregate(
            total=Count("pk"), part=Count("pk", filter=condition)
        )
        return Measurement(counts["part"], counts["total"])

    return measure


def register():
    registry.register(Indicator(
        code="membership_rate", label=_("Membership rate"), unit="percent",
        measure=membership_rate, measure_units=membership_rate_units, default_target=100,
        description=_("Members over employees of the grassroots unions."),
    ))
    registry.register(Indicator(
        code="women_members_share", label=_("Women members"), unit="percent",
        measure=_share(Q(gender=Member.Gender.FEMALE)),
        description=_("Women among active members."),
    ))
    registry.register(Indicator(
        code="migrant_members_share", label=_("Migrant-worker members"), unit="percent",
        measure=_share(Q(employment_type=Member.EmploymentType.MIGRANT)),
        description=_("Migrant workers among active members."),
    ))
