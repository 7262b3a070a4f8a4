"""Collective contracts (集体合同) of enterprise unions and the employer's yearly reports on them."""
from __future__ import annotations

import datetime
import os
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES
from unionadmin.scoping import ScopedQuerySet, ScopePolicy

MAX_TERM_YEARS = 3


class ContractQuerySet(ScopedQuerySet):
    def in_force(self, on=None):
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on, ends_on__gte=on)


def _contract_path(instance, filename):
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"congress/contracts/{uuid.uuid4().hex}{extension}"


class CollectiveContract(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "general", _("General collective contract")
        WAGES = "wages", _("Special contract on wages")
        WOMEN = "women", _("Special contract on women workers")

    scope = ScopePolicy(org_field="union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    union = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="collective_contracts",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.GENERAL)
    title = models.CharField(_("title"), max_length=200, blank=True)
    consulted_on = models.DateField(_("equal consultation held on"))
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("in force from"))
    ends_on = models.DateField(_("in force until"))
    approved_by = models.ForeignKey(
        "congress.Session", verbose_name=_("approved by the session"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="approved_contracts",
    )
    filed_on = models.DateField(_("filed with the labour bureau on"), null=True, blank=True)
    filing_number = models.CharField(_("filing number"), max_length=50, blank=True)
    file = models.FileField(_("signed text"), upload_to=_contract_path, max_length=255, blank=True)
    expiry_reminded_on = models.DateField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["expiry_reminded_on"])
    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("collective contract")
        verbose_name_plural = _("collective contracts")
        ordering = ["union__path", "-starts_on", "kind"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=models.F("starts_on")), name="contract_ends_after_start"),
            models.CheckConstraint(condition=Q(signed_on__gte=models.F("consulted_on")),
                                   name="contract_signed_after_consultation"),
        ]
        indexes = [models.Index(fields=["union", "kind", "ends_on"], name="contract_union_kind_ends")]

    def __str__(self):
        return self.title or f"{self.union} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("congress:contract_detail", args=[self.pk])

    def clean(self):
        super().clean()
        errors = {}
        if self.union_id and not self.union.is_grassroots:
            errors["union"] = _("A collective contract is signed at a grassroots union.")
        if self.consulted_on and self.signed_on and self.signed_on < self.consulted_on:
            errors["signed_on"] = _("A contract is signed after the equal consultation, not before.")
        if self.starts_on and self.ends_on:
            if self.ends_on <= self.starts_on:
                errors["ends_on"] = _("A contract ends after it starts.")
            else:
                try:
                    longest = self.starts_on.replace(year=self.starts_on.year + MAX_TERM_YEARS)
                except ValueError:  # 29 February
                    longest = self.starts_on.replace(year=self.starts_on.year + MAX_TERM_YEARS, day=28)
                if self.ends_on > longest:
                    errors["ends_on"] = _("A collective contract runs for one to three years.")
        if self.approved_by_id and self.union_id and self.approved_by.union_id != self.union_id:
            errors["approved_by"] = _("Choose a session of this union's own congress.")
        if errors:
            raise ValidationError(errors)

    def in_force_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    @property
    def in_force(self) -> bool:
        return self.in_force_on(timezone.localdate())

    @property
    def expired(self) -> bool:
        return self.ends_on < timezone.localdate()

    @property
    def days_left(self) -> int:
        return (self.ends_on - timezone.localdate()).days


class ContractReport(models.Model):
    """The employer's yearly report to the congress on how the contract was carried out."""

    scope = ScopePolicy(org_field="contract__union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    contract = models.ForeignKey(CollectiveContract, verbose_name=_("contract"), on_delete=models.CASCADE,
                                 related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    session = models.ForeignKey(
        "congress.Session", verbose_name=_("reported to the session"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="contract_reports",
    )
    summary = models.TextField(_("how it was carried out"))

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("performance report")
        verbose_name_plural = _("performance reports")
        ordering = ["contract", "-year"]
        constraints = [models.UniqueConstraint(fields=["contract", "year"], name="contract_report_once_a_year")]

    def __str__(self):
        return f"{self.contract} · {self.year}"
