"""Each part of finance registers its menu entries, home panels, indicators, document kinds and
demo steps with the core here; FinanceConfig.ready calls every part's ``register``."""
from django.utils.translation import gettext_lazy as _

PARTS = ("allocation", "budgets", "claims", "rules", "reports", "audit")

# The dashboard section every finance indicator is listed under.
SECTION = _("Union finance")
