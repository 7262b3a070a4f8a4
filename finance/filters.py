"""The voucher book's filters; they work on a queryset already limited by visible_to, and the
union choice offers only the unions whose books the person may read."""
import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.models import Organisation

from .forms import MONTHS, books_of
from .models import Account, Voucher, VoucherLine


def _years():
    this = timezone.localdate().year
    return [(y, str(y)) for y in range(this + 1, this - 10, -1)]


class VoucherFilter(django_filters.FilterSet):
    union = django_filters.ModelChoiceFilter(label=_("Union"), field_name="organisation",
                                             queryset=Organisation.objects.none(), empty_label=_("All my unions"))
    year = django_filters.ChoiceFilter(label=_("Year"), choices=_years, empty_label=_("All years"))
    month = django_filters.ChoiceFilter(label=_("Month"), choices=MONTHS, field_name="date__month",
                                        empty_label=_("All months"))
    account = django_filters.ModelChoiceFilter(label=_("Account"), queryset=Account.objects.order_by("code"),
                                               method="filter_account", empty_label=_("Any account"))
    q = django_filters.CharFilter(label=_("Summary contains"), method="search")

    class Meta:
        model = Voucher
        fields = ["union", "year", "month", "account", "q"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["union"].queryset = books_of(user)

    def filter_account(self, queryset, name, value):
        """Vouchers with a line on the account or on one of its sub-accounts."""
        if not value:
            return queryset
        lines = VoucherLine.objects.filter(Q(account=value) | Q(account__parent=value), voucher=OuterRef("pk"))
        return queryset.filter(Exists(lines))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        lines = VoucherLine.objects.filter(voucher=OuterRef("pk"), summary__icontains=value)
        return queryset.filter(Q(summary__icontains=value) | Exists(lines))

    @property
    def result(self):
        return self.qs if self.is_bound and self.is_valid() else self.queryset
