"""The congress lists' filters. A value that does not validate (an unknown ``show`` or
``state``) is ignored, as if not given: the whole list is shown, never an error."""
from __future__ import annotations

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CollectiveContract, LabourRisk, Proposal

EXPIRING_WITHIN_DAYS = 60


class CongressFilterSet(django_filters.FilterSet):
    def chosen(self, name: str, default: str = "") -> str:
        """The valid value of ``name`` (for marking the chosen tab), else ``default``."""
        self.is_valid()
        return getattr(self.form, "cleaned_data", {}).get(name) or default


class SessionProposalFilter(CongressFilterSet):
    """A session's proposals: all those the person may see, their own, or those waiting for
    their co-signature."""

    show = django_filters.ChoiceFilter(
        choices=[("all", _("All")), ("mine", _("Mine")), ("to_cosign", _("To co-sign"))], method="filter_show",
    )

    class Meta:
        model = Proposal
        fields = ["show"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def filter_show(self, queryset, name, value):
        if value == "mine":
            return queryset.filter(proposer__user=self.user)
        if value == "to_cosign":
            return queryset.filter(state=Proposal.State.SUBMITTED).exclude(proposer__user=self.user).exclude(
                cosignatures__delegate__user=self.user)
        return queryset


class ContractFilter(CongressFilterSet):
    show = django_filters.ChoiceFilter(
        choices=[("all", _("All")), ("in_force", _("In force")),
                 ("expiring", _("Expiring within 60 days")), ("expired", _("Expired"))],
        method="filter_show",
    )

    class Meta:
        model = CollectiveContract
        fields = ["show"]

    def filter_show(self, queryset, name, value):
        today = timezone.localdate()
        if value == "in_force":
            return queryset.in_force(today)
        if value == "expiring":
            return queryset.in_force(today).filter(ends_on__lte=today + datetime.timedelta(days=EXPIRING_WITHIN_DAYS))
        if value == "expired":
            return queryset.filter(ends_on__lt=today)
        return queryset


class RiskFilter(CongressFilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=LabourRisk.State.choices)

    class Meta:
        model = LabourRisk
        fields = ["state"]
