"""The work plan itself: its scope (the issuer's staff, and the units below once it is
issued), the document header and states, the outline of its items, and the attachments
listed after the body. PlanPartQuerySet lets every part of a plan be seen exactly when
the plan is."""
from __future__ import annotations

import os
import uuid
from types import SimpleNamespace
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES, Role
from unionadmin.scoping import ScopedQuerySet, ScopePolicy, role_paths, scope_q

from .. import gongwen
from .outline import MAX_LEVEL, OutlineNode

if TYPE_CHECKING:
    from .items import PlanItem


PLAN_SCOPE = ScopePolicy(
    org_field="issuer",
    roles={
        "view": STAFF_ROLES,
        # The issuer's own tracking page and summary (units below see only the document).
        "track": STAFF_ROLES,
        "change": MANAGING_ROLES,
        "approve": frozenset({Role.FEDERATION_ADMIN, Role.UNION_OFFICER}),
    },
)


def _ancestor_paths(paths) -> set[str]:
    """Every proper ancestor path of the given organisation paths ("0000001/0000004/" →
    {"0000001/"})."""
    result = set()
    for path in paths:
        segments = [s for s in path.split("/") if s]
        for depth in range(1, len(segments)):
            result.add("/".join(segments[:depth]) + "/")
    return result


def issued_from_above_q(user) -> Q | None:
    """Issued plans whose issuer stands above one of the organisations where the user holds a
    staff role: an index lookup on the issuer's path, no loop over plans."""
    staff_paths = [p for role in STAFF_ROLES for p in role_paths(user).get(role, [])]
    above = _ancestor_paths(staff_paths)
    if not above:
        return None
    return Q(state=WorkPlan.State.ISSUED, issuer__path__in=sorted(above))


class WorkPlanQuerySet(ScopedQuerySet):
    def visible_to(self, user, action: str = "view"):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if action == "acknowledge":
            # A staff user of a unit below the issuer, for an issued plan.
            q = issued_from_above_q(user)
            return self.none() if q is None else self.filter(q)
        if user.is_superuser:
            return self.all()
        q = scope_q(user, self.model.scope, action)
        if action == "view":
            above = issued_from_above_q(user)
            if above is not None:
                q = above if q is None else q | above
        return self.none() if q is None else self.filter(q)

    def issued(self):
        return self.filter(state=WorkPlan.State.ISSUED)


class WorkPlan(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        ISSUED = "issued", _("Issued")

    scope = PLAN_SCOPE

    issuer = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("issuing organisation"), on_delete=models.PROTECT,
        related_name="work_plans",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("The year the plan is for."),
    )
    # The document number 某工发〔2026〕4号: organ code, year in 〔〕, sequence.
    organ_code = models.CharField(
        _("issuing-organ code"), max_length=20, blank=True,
        help_text=_("The code in the document number, e.g. 某工发; defaults to the organisation's document code."),
    )
    number_year = models.PositiveSmallIntegerField(
        _("year in the document number"), null=True, blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    sequence = models.PositiveIntegerField(
        _("sequence number"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("Given when the plan is issued, if not before."),
    )
    mark = models.CharField(
        _("issuing-organ mark"), max_length=60, blank=True,
        help_text=_("The red heading, e.g. 某县总工会文件; defaults to the organisation's name followed by 文件."),
    )
    title = models.CharField(_("title"), max_length=200)
    addressees = models.CharField(
        _("addressees"), max_length=300, blank=True, help_text=_("主送, e.g. 各乡镇、系统(产业)、企业工会"),
    )
    guiding = models.TextField(
        _("guiding paragraph"), blank=True, help_text=_("The opening paragraph before the numbered sections."),
    )
    signing_organ = models.CharField(_("signing organ"), max_length=100, blank=True)
    signing_date = models.DateField(_("signing date"), null=True, blank=True)
    copy_to = models.CharField(_("copy to"), max_length=300, blank=True, help_text=_("抄送"))
    printing_organ = models.CharField(_("printing organ"), max_length=100, blank=True, help_text=_("印发机关"))
    printing_date = models.DateField(_("printing date"), null=True, blank=True)

    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    copied_from = models.ForeignKey(
        "self", verbose_name=_("copied from"), null=True, blank=True, on_delete=models.SET_NULL, related_name="copies",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = WorkPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["-year", "issuer__path", "-pk"]
        indexes = [models.Index(fields=["state", "issuer"], name="workplan_state_issuer")]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "organ_code", "number_year", "sequence"], condition=Q(state="issued"),
                name="workplan_issued_number_unique",
            ),
            models.CheckConstraint(condition=Q(state__in=["draft", "approved", "issued"]), name="workplan_state_valid"),
            models.CheckConstraint(condition=Q(state="draft") | Q(approved_at__isnull=False),
                                   name="workplan_approved_has_time"),
            models.CheckConstraint(
                condition=~Q(state="issued")
                | (Q(sequence__isnull=False) & Q(issued_at__isnull=False) & Q(signing_date__isnull=False)),
                name="workplan_issued_is_complete",
            ),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2100), name="workplan_year_range"),
        ]

    def __str__(self):
        return f"{self.document_number} {self.title}"

    def save(self, *args, **kwargs):
        self.fill_defaults()
        super().save(*args, **kwargs)

    def fill_defaults(self):
        """The header fields that follow from the issuer and year when left blank."""
        if self.issuer_id:
            issuer = self.issuer
            self.organ_code = self.organ_code or issuer.document_code
            self.mark = self.mark or issuer.name + gongwen.WORDS["mark_suffix"]
            self.signing_organ = self.signing_organ or issuer.name
            self.printing_organ = self.printing_organ or issuer.name
        if not self.number_year:
            self.number_year = self.year

    @property
    def document_number(self) -> str:
        return gongwen.document_number(self.organ_code, self.number_year or self.year, self.sequence)

    @property
    def is_editable(self) -> bool:
        """Only a draft's text may change; an approved plan goes back to draft first, an
        issued one is copied into a new document."""
        return self.state == self.State.DRAFT

    def outline(self, items=None) -> list[OutlineNode]:
        """The items depth-first with their computed level and number, from one query."""
        if items is None:
            items = list(self.items.all())
        children: dict[int | None, list[PlanItem]] = {}
        for item in items:
            children.setdefault(item.parent_id, []).append(item)
        for siblings in children.values():
            siblings.sort(key=lambda i: (i.position, i.pk))
        nodes: list[OutlineNode] = []

        def walk(parent_id, level, parent_node):
            for index, item in enumerate(children.get(parent_id, []), start=1):
                node = OutlineNode(item=item, level=level, index=index, parent=parent_node,
                                   number=gongwen.item_number(min(level, MAX_LEVEL), index))
                item.level, item.number = level, node.number
                nodes.append(node)
                if parent_node is not None:
                    parent_node.children.append(node)
                walk(item.pk, level + 1, node)

        walk(None, 1, None)
        return nodes


class PlanPartQuerySet(ScopedQuerySet):
    """Parts of a plan are visible and changeable exactly when their plan is."""

    def visible_to(self, user, action: str = "view"):
        plans = WorkPlan.objects.visible_to(user, action)
        return self.filter(**{f"{self.model.plan_lookup}__in": plans.values("pk")})


def attachment_upload_to(instance, filename):
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"planning/attachments/{instance.plan_id}/{uuid.uuid4().hex}{extension}"


class PlanAttachment(models.Model):
    """An attachment listed after the body (附件：1. …): an uploaded file, a reference to
    another document of the product (its document kind and object), or only a title for
    an attachment printed separately."""

    scope = ScopePolicy(org_field="plan__issuer", roles=PLAN_SCOPE.roles)
    plan_lookup = "plan"

    plan = models.ForeignKey(WorkPlan, verbose_name=_("work plan"), on_delete=models.CASCADE,
                             related_name="attachments")
    position = models.PositiveIntegerField(pgettext_lazy("order", "position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_upload_to, blank=True, max_length=200)
    file_name = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(_("file size"), null=True, blank=True, editable=False)
    document_kind = models.CharField(_("document kind"), max_length=50, blank=True)
    object_id = models.PositiveBigIntegerField(_("document"), null=True, blank=True)

    history = HistoricalRecords()
    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(file="") | Q(document_kind=""), name="planattachment_file_or_document"),
            models.CheckConstraint(
                condition=(Q(document_kind="") & Q(object_id__isnull=True))
                | (~Q(document_kind="") & Q(object_id__isnull=False)),
                name="planattachment_document_complete",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def reference(self):
        """The referenced document as the pipeline's request button needs it (its pk)."""
        return SimpleNamespace(pk=self.object_id) if self.document_kind else None
