"""The finance officer's home-page panel (this month's vouchers, the months still open) and
the finance menu entry, which every reader of books sees (the chair, the federation)."""
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin.navigation import HomePanel, NavItem, add_home_panel, add_menu_item
from unionadmin.roles import FINANCE_ROLES, FINANCE_VIEW_ROLES

from .forms import books_of
from .models import Voucher


def panel_context(request):
    from .views.months import month_rows

    user = request.user
    union = books_of(user, "change").first()
    if union is None:
        return {"show": False}
    today = timezone.localdate()
    vouchers = Voucher.objects.visible_to(user).filter(organisation=union, date__year=today.year,
                                                       date__month=today.month).order_by("-number")
    open_months = [row["first_day"] for row in month_rows(union, today.year) if row["begun"] and not row["closed"]]
    return {"show": True, "union": union, "vouchers": vouchers[:8], "count": vouchers.count(),
            "open_months": open_months, "year": today.year, "month": today.month}


def register():
    add_menu_item(NavItem(_("Finance"), "finance:voucher_list", FINANCE_VIEW_ROLES, icon="journal-text", order=45))
    add_home_panel(HomePanel(template="finance/home/_panel.html", roles=FINANCE_ROLES, context=panel_context,
                             order=25))
