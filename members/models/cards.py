"""Member cards (会员证): numbers unique within a union, issued in batches."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES
from unionadmin.scoping import ScopedQuerySet, ScopePolicy


class CardBatch(models.Model):
    """Cards numbered ``prefix`` + a zero-padded sequence, given at once to members who had none."""

    scope = ScopePolicy(org_field="union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    union = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="card_batches"
    )
    prefix = models.CharField(_("number prefix"), max_length=12, blank=True,
                              help_text=_("Letters or digits put before each number, e.g. HD2026-."))
    digits = models.PositiveSmallIntegerField(_("digits"), default=5)
    first_number = models.PositiveIntegerField(_("first number"))
    count = models.PositiveIntegerField(_("number of cards"))
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("card batch")
        verbose_name_plural = _("card batches")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(count__gt=0), name="card_batch_not_empty"),
            models.CheckConstraint(condition=models.Q(digits__gte=1, digits__lte=12), name="card_batch_digits"),
        ]

    def __str__(self):
        return _("Cards %(first)s–%(last)s") % {"first": self.number(self.first_number),
                                                 "last": self.number(self.last_number)}

    @property
    def last_number(self):
        return self.first_number + self.count - 1

    def number(self, n: int) -> str:
        return f"{self.prefix}{n:0{self.digits}d}"
