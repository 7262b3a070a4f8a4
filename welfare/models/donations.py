"""Donation drives (捐款): staff, students and the public give to the aid fund once a year;
donors, amounts, and the grants the money went to (Grant.donation_drive)."""
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionadmin.scoping import ScopedManager, ScopePolicy

from ..access import WELFARE_RULES


class DonationDrive(models.Model):
    scope = ScopePolicy(org_field="organisation", rules=WELFARE_RULES)

    organisation = models.ForeignKey("unionadmin.Organisation", verbose_name=_("organised by"),
                                     on_delete=models.PROTECT, related_name="donation_drives")
    name = models.CharField(_("name"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    purpose = models.TextField(_("purpose"), blank=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("donation drive")
        verbose_name_plural = _("donation drives")
        ordering = ["-year", "-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                   name="drive_ends_after_start"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("welfare:drive_detail", args=[self.pk])

    @property
    def collected(self) -> Decimal:
        return self.donations.aggregate(total=Sum("amount"))["total"] or Decimal("0")

    @property
    def allocated(self) -> Decimal:
        return self.grants.filter(status="approved").aggregate(total=Sum("amount"))["total"] or Decimal("0")


class Donation(models.Model):
    class DonorType(models.TextChoices):
        STAFF = "staff", _("Staff")
        STUDENT = "student", _("Student")
        PUBLIC = "public", _("Member of the public")
        ORGANISATION = "organisation", _("Organisation")

    scope = ScopePolicy(org_field="drive__organisation", rules=WELFARE_RULES)

    drive = models.ForeignKey(DonationDrive, verbose_name=_("drive"), on_delete=models.CASCADE,
                              related_name="donations")
    donor_type = models.CharField(_("donor"), max_length=20, choices=DonorType.choices, default=DonorType.STAFF)
    donor_name = models.CharField(_("donor's name"), max_length=100, help_text=_("Or “anonymous”."))
    donor_unit = models.CharField(_("department, class or employer"), max_length=100, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    donated_on = models.DateField(_("date"))
    receipt_number = models.CharField(_("receipt number"), max_length=40, blank=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-donated_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="donation_amount_positive"),
        ]

    def __str__(self):
        return f"{self.donor_name} · {self.amount}"

    def get_absolute_url(self):
        return reverse("welfare:drive_detail", args=[self.drive_id])
