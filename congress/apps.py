"""Congress: sessions, delegates, proposals and their handling, collective contracts."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "congress"
    verbose_name = _("Congress")
