"""Delegates (职工代表) elected for a term, sitting in delegations (代表团/代表组)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES
from unionadmin.scoping import ScopedQuerySet, ScopePolicy

from .sessions import Term


class Delegation(models.Model):
    scope = ScopePolicy(org_field="term__congress__union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="delegations")
    name = models.CharField(_("name"), max_length=50, help_text=_("E.g. 第一代表团 or 机关代表组."))
    leader = models.CharField(_("leader"), max_length=50, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["term", "name"]
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="delegation_name_unique_per_term")]

    def __str__(self):
        return self.name


class Delegate(models.Model):
    """A person elected delegate for a term. They log in with their own account (by mobile
    number) and hold the delegate role at the union, which is what lets them in."""

    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    class Category(models.TextChoices):
        """The make-up the union reports: front-line workers, specialists, managers, leaders."""

        FRONT_LINE = "front_line", _("Front-line worker")
        TECHNICAL = "technical", _("Technical or professional staff")
        MANAGER = "manager", _("Middle manager")
        LEADER = "leader", _("Leader")

    scope = ScopePolicy(org_field="term__congress__union", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    term = models.ForeignKey(Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="delegates")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.PROTECT, related_name="delegate_seats",
    )
    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.FRONT_LINE)
    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="delegates",
    )
    post = models.CharField(_("post"), max_length=50, blank=True)
    is_active = models.BooleanField(
        _("serving"), default=True, help_text=_("Untick when the delegate leaves or is replaced during the term."),
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["term", "delegation__name", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["term", "user"], name="delegate_once_per_term")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("congress:delegate_update", args=[self.pk])

    @property
    def is_woman(self):
        return self.gender == self.Gender.FEMALE
