"""A member's own application for hardship aid, made from the member portal (issue 19).

The member fills it on their phone as a draft (the causes, the household in plain words, its
monthly income, documents), changes it as often as they like, and submits it; from then on it
is read-only for them. The union's welfare officer sees the submitted ones (never a draft) and
either opens a hardship file from it — a ``HardshipFile`` in its first state, "applied",
through ``file_create``, linked here — or declines it with a reason the member reads on their
record. The rules are in welfare/services/applications.py.

Draft → submitted → file opened | declined. One application in progress (draft or submitted)
per member at a time, held by the database.
"""
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.actions import Step, StepsMixin
from unionadmin.personal_data import mask_amount
from unionadmin.roles import Role
from unionadmin.scoping import AsParent, Match, Own, ScopedManager, ScopePolicy, Within

from .files import MONEY, HardshipFile

IN_PROGRESS = ("draft", "submitted")


class HardshipApplication(StepsMixin, models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("application", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("application", "Submitted")
        OPENED = "opened", _("Hardship file opened")
        DECLINED = "declined", pgettext_lazy("application", "Declined")

    # Officers never see a member's draft; the member reaches their own rows (the portal
    # views take them from the member's own applications, never by a pk alone).
    scope = ScopePolicy(org_field="union", rules=(
        Within({Role.WELFARE_OFFICER}, {"view", "change", "reveal"}, only=~Match(state="draft")),
        Within({Role.UNION_CHAIR}, {"view", "reveal"}, only=~Match(state="draft")),
        Own("member__user", {"view"}),
    ))
    steps = (
        Step("open_file", State.SUBMITTED),
        Step("decline", State.SUBMITTED),
    )
    state_tones = {State.DRAFT: "secondary", State.SUBMITTED: "warning", State.OPENED: "success",
                   State.DECLINED: "dark"}
    personal_fields = {"household_income": mask_amount}
    duplicate_messages = {  # unionadmin/integrity.py
        "hardship_application_one_in_progress": _(
            "You already have an application for hardship aid in progress; continue that one."),
    }

    member = models.ForeignKey("members.Member", verbose_name=_("member"), on_delete=models.PROTECT,
                               related_name="hardship_applications")
    union = models.ForeignKey("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="+", editable=False)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT,
                             editable=False)

    main_cause = models.CharField(_("main reason"), max_length=20, choices=HardshipFile.Cause.choices, blank=True)
    secondary_causes = ArrayField(
        models.CharField(max_length=20, choices=HardshipFile.Cause.choices), verbose_name=_("other reasons"),
        default=list, blank=True,
    )
    household_size = models.PositiveSmallIntegerField(
        _("people in the household"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(30)])
    household_income = models.DecimalField(
        _("household income per month (yuan)"), **MONEY, null=True, blank=True, validators=[MinValueValidator(0)],
        help_text=_("Everyone in the household together: wages, pensions, benefits and other income."))
    situation = models.TextField(
        _("the household's situation"), blank=True,
        help_text=_("In your own words: who lives with you, what happened, what you need help with."))

    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+", editable=False)
    decline_reason = models.TextField(_("reason for declining"), blank=True, editable=False)
    file = models.OneToOneField(HardshipFile, verbose_name=_("hardship file"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="application", editable=False)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("application for hardship aid")
        verbose_name_plural = _("applications for hardship aid")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["union", "state"], name="hardship_app_union_state")]
        constraints = [
            models.UniqueConstraint(fields=["member"], condition=models.Q(state__in=IN_PROGRESS),
                                    name="hardship_application_one_in_progress"),
            models.CheckConstraint(condition=models.Q(state__in=["draft", "submitted", "opened", "declined"]),
                                   name="hardship_application_state_known"),
            models.CheckConstraint(condition=models.Q(state="draft") | models.Q(submitted_at__isnull=False),
                                   name="hardship_application_submitted_has_date"),
            models.CheckConstraint(condition=~models.Q(state="opened") | models.Q(file__isnull=False),
                                   name="hardship_application_opened_has_file"),
            models.CheckConstraint(condition=~models.Q(state="declined") | ~models.Q(decline_reason=""),
                                   name="hardship_application_declined_has_reason"),
        ]

    def __str__(self):
        return _("Application for hardship aid · %(name)s") % {"name": self.member.name}

    def get_absolute_url(self):
        """The officers' page (notifications lead there); the member's is get_portal_url."""
        return reverse("welfare:application_detail", args=[self.pk])

    def get_portal_url(self):
        return reverse("welfare_portal:application_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    def get_secondary_causes_display(self) -> list[str]:
        labels = dict(HardshipFile.Cause.choices)
        return [labels.get(c, c) for c in self.secondary_causes]

    def missing_for_submit(self) -> list[str]:
        """What must be filled in before the application can be submitted (labels)."""
        missing = []
        if not self.main_cause:
            missing.append(str(_("the main reason")))
        if not self.household_size:
            missing.append(str(_("the people in the household")))
        if self.household_income is None:
            missing.append(str(_("the household income")))
        if not (self.situation or "").strip():
            missing.append(str(_("the household's situation")))
        return missing


class ApplicationDocument(models.Model):
    """A document the member attached (a certificate, a bill, a proof of income), stored
    through the upload policy (``DOCUMENT_POLICY`` in welfare/services/applications.py)."""

    scope = ScopePolicy(org_field="application__union", rules=(AsParent("application", actions=("view",)),))

    application = models.ForeignKey(HardshipApplication, verbose_name=_("application"), on_delete=models.CASCADE,
                                    related_name="documents")
    file = models.FileField(_("file"), upload_to="welfare/applications/%Y/%m/", max_length=255)
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["application", "pk"]

    def __str__(self):
        return self.name
