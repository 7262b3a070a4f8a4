"""The union committee's term of office (工会委员会任期, 届): from the union congress that elected
it to the next one (换届). A grassroots union's committee serves 3 or 5 years (工会法 and the
union's constitution); the county federation watches every union's end date."""
from __future__ import annotations

import datetime

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionadmin.numerals import localised_number as chinese_number
from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES
from unionadmin.scoping import ScopedQuerySet, ScopePolicy


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class CommitteeTermQuerySet(ScopedQuerySet):
    def current(self, on=None):
        """Terms begun and not yet followed by the next one (an overdue term is still current)."""
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(Q(succeeded_on__isnull=True) | Q(succeeded_on__gt=on))


class CommitteeTerm(models.Model):
    class Length(models.IntegerChoices):
        THREE = 3, _("3 years")
        FIVE = 5, _("5 years")

    scope = ScopePolicy(org_field="union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    union = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="committee_terms",
    )
    number = models.PositiveSmallIntegerField(_("term number"), validators=[MinValueValidator(1)],
                                              help_text=_("The union's count of its committees: 1 for its first."))
    length_years = models.PositiveSmallIntegerField(_("term length"), choices=Length.choices, default=Length.FIVE)
    starts_on = models.DateField(_("elected on"))
    ends_on = models.DateField(_("re-election due on"), help_text=_("The term's end: the next congress is due by then."))
    # Set when the next term starts; an unset date on a past end means re-election is overdue.
    succeeded_on = models.DateField(_("next term began on"), null=True, blank=True, editable=False)
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords(excluded_fields=["reminded_on"])
    objects = CommitteeTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee term")
        verbose_name_plural = _("committee terms")
        ordering = ["union__path", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["union", "number"], name="committeeterm_number_once_per_union"),
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="committeeterm_ends_after_start"),
        ]
        indexes = [models.Index(fields=["ends_on"], name="committeeterm_ends_on",
                                condition=Q(succeeded_on__isnull=True))]

    def __str__(self):
        return _("Committee term %(number)s") % {"number": chinese_number(self.number)}

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("A term ends after it starts.")})

    def save(self, *args, **kwargs):
        if self.starts_on and not self.ends_on:
            self.ends_on = years_after(self.starts_on, self.length_years)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # The union's term history (the reelection part's page): where a 换届 reminder leads.
        from django.urls import reverse

        return reverse("congress:committee_term_list", args=[self.union_id])

    def union_congress_or_none(self):
        """The approved union congress that elected this term (``UnionCongress.committee_term``)."""
        try:
            return self.union_congress
        except ObjectDoesNotExist:
            return None

    @property
    def is_overdue(self) -> bool:
        return self.succeeded_on is None and self.ends_on < timezone.localdate()
