"""Competitions: competitions, entries, judges' scores, rankings, rationalisation proposals."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "competitions"
    verbose_name = _("Competitions")
