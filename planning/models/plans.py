"""The work plan itself: its scope (the issuer's staff, and the units below once it is
issued), the document header and states, the outline of its items, and the attachments
listed after the body. Every part of a plan is seen exactly when the plan is
(``plan_part_scope``)."""
from __future__ import annotations

import os
import uuid
from types import SimpleNamespace
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.actions import Step, StepsMixin
from unionadmin.roles import MANAGING_ROLES, OFFICER_ROLES, STAFF_ROLES, Role
from unionadmin.scoping import AsParent, FromAbove, Match, ScopedManager, ScopedQuerySet, ScopePolicy, role_paths

from .. import gongwen
from .outline import MAX_LEVEL, OutlineNode

if TYPE_CHECKING:
    from .items import PlanItem


# What a federation issues is read, and acknowledged, by the staff of every unit below it once
# it is issued (the issuer's own staff see it in every state through the "view" roles below).
ISSUED_FROM_ABOVE = FromAbove(actions={"view", "acknowledge"}, only=Match(state="issued"))

PLAN_SCOPE = ScopePolicy(
    org_field="issuer",
    roles={
        "view": STAFF_ROLES,
        # The issuer's own tracking page and summary (units below see only the document).
        "track": STAFF_ROLES,
        "change": MANAGING_ROLES,
        "approve": frozenset({Role.FEDERATION_ADMIN, *OFFICER_ROLES}),
    },
    rules=(ISSUED_FROM_ABOVE,),
)


def staff_paths(user) -> list[str]:
    """The organisations (paths) where the user holds a staff role, nested ones included: a
    plan is acknowledged for each unit, not only for the topmost."""
    return sorted({p for role in STAFF_ROLES for p in role_paths(user).get(role, [])})


class WorkPlanQuerySet(ScopedQuerySet):
    def issued(self):
        return self.filter(state=WorkPlan.State.ISSUED)

    def from_above(self, user):
        """Issued plans of the levels above the user's units, as those units receive them — for
        everyone alike: a superuser sees every plan, but receives only those from above the
        units where they hold a role."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        q = ISSUED_FROM_ABOVE.q(user, self.model.scope, "view")
        return self.none() if q is None else self.filter(q)


class WorkPlan(StepsMixin, models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        ISSUED = "issued", _("Issued")

    scope = PLAN_SCOPE
    state_tones = {State.DRAFT: "secondary", State.APPROVED: "primary", State.ISSUED: "success"}
    steps = (
        Step("edit", states=State.DRAFT),
        Step("delete", states=State.DRAFT),
        Step("copy"),
        Step("approve", states=State.DRAFT, needs="approve"),
        Step("issue", states=State.APPROVED, needs="approve"),
        Step("reopen", states=State.APPROVED, needs="approve"),
        # The issuer's side: tracking, the summary and the history; once issued, who has
        # acknowledged it.
        Step("track", needs="track"),
        Step("follow_acknowledgements", states=State.ISSUED, needs="track"),
        # A unit below, for which the person holds a staff role (a superuser sees every plan
        # but acknowledges only for units where they hold one).
        Step("acknowledge", states=State.ISSUED, needs="acknowledge",
             when=lambda plan, user: bool(plan.acknowledging_paths(user))),
    )

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
    # A plan issued inside a notice (关于印发《…》的通知): the notice's title and text come first,
    # then the plan under its own ``title``. Blank for a plan issued as a document of its own.
    notice_title = models.CharField(
        _("notice title"), max_length=200, blank=True,
        help_text=_("For a plan issued inside a notice, e.g. 关于印发《2026年工作要点》的通知; leave blank otherwise."),
    )
    notice_body = models.TextField(
        _("notice text"), blank=True, help_text=_("The notice's own text, e.g. 现将…印发给你们，请结合实际认真贯彻落实。"),
    )
    # How the plan numbers its items, one entry per level from the top:
    # {"style": a key of gongwen.NUMBERING_STYLES, "continuous": numbering goes on across the
    # sections above instead of starting again under each}. Missing levels use the standard's.
    numbering = models.JSONField(_("numbering"), default=list, blank=True)
    guiding = models.TextField(
        _("guiding paragraph"), blank=True, help_text=_("The opening paragraph before the numbered sections."),
    )
    signing_organ = models.CharField(_("signing organ"), max_length=100, blank=True)
    signing_date = models.DateField(_("signing date"), null=True, blank=True)
    copy_to = models.CharField(_("copy to"), max_length=300, blank=True, help_text=_("抄送"))
    report_to = models.CharField(_("report to"), max_length=300, blank=True,
                                 help_text=_("抄报: the organs above that receive a copy"))
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
            self.printing_organ = self.printing_organ or issuer.name
        if not self.number_year:
            self.number_year = self.year

    @property
    def document_number(self) -> str:
        return gongwen.document_number(self.organ_code, self.number_year or self.year, self.sequence)

    def get_absolute_url(self):
        return reverse("planning:plan_detail", args=[self.pk])

    @property
    def is_issued(self) -> bool:
        return self.state == self.State.ISSUED

    def acknowledging_paths(self, user) -> list[str]:
        """The units below the issuer for which ``user`` acknowledges the plan (where they
        hold a staff role); read from the user's cached roles, no query."""
        issuer_path = self.issuer.path
        return [p for p in staff_paths(user) if p.startswith(issuer_path) and p != issuer_path]

    @property
    def is_editable(self) -> bool:
        """Only a draft's text may change; an approved plan goes back to draft first, an
        issued one is copied into a new document."""
        return self.state == self.State.DRAFT

    def level_numbering(self, level: int) -> tuple[str, bool]:
        """The numbering style and whether it continues across sections, for a level (1–4)."""
        entry = self.numbering[level - 1] if 0 < level <= len(self.numbering or []) else {}
        entry = entry if isinstance(entry, dict) else {}
        style = entry.get("style")
        if style not in gongwen.NUMBERING_STYLES:
            style = gongwen.DEFAULT_STYLES[min(level, MAX_LEVEL) - 1]
        return style, bool(entry.get("continuous"))

    def outline(self, items=None) -> list[OutlineNode]:
        """The items depth-first with their computed level and number, from one query.

        An item is numbered in its own style (``PlanItem.number_style``) or its level's; the
        count runs among the siblings of the same style, or, on a level whose numbering
        continues, among all earlier items of that level and style in the plan."""
        if items is None:
            items = list(self.items.all())
        children: dict[int | None, list[PlanItem]] = {}
        for item in items:
            children.setdefault(item.parent_id, []).append(item)
        for siblings in children.values():
            siblings.sort(key=lambda i: (i.position, i.pk))
        nodes: list[OutlineNode] = []
        running: dict[tuple, int] = {}

        def walk(parent_id, level, parent_node):
            for index, item in enumerate(children.get(parent_id, []), start=1):
                depth = min(level, MAX_LEVEL)
                level_style, continuous = self.level_numbering(depth)
                style = item.number_style if item.number_style in gongwen.NUMBERING_STYLES else level_style
                key = (depth, style) if continuous else (parent_id, style)
                running[key] = running.get(key, 0) + 1
                node = OutlineNode(item=item, level=level, index=index, parent=parent_node,
                                   number=gongwen.styled_number(style, running[key]))
                item.level, item.number = level, node.number
                nodes.append(node)
                if parent_node is not None:
                    parent_node.children.append(node)
                walk(item.pk, level + 1, node)

        walk(None, 1, None)
        return nodes


# Parts of a plan (items, targets, attachments, progress notes, acknowledgements) may be seen
# and changed exactly when their plan may: the same rights, read through the plan.
PLAN_ACTIONS = PLAN_SCOPE.actions()


def plan_part_scope(parent: str, org_field: str) -> ScopePolicy:
    """The policy of a part whose ``parent`` is the plan or one of its parts."""
    return ScopePolicy(org_field=org_field, rules=(AsParent(parent, actions=PLAN_ACTIONS),))


def attachment_upload_to(instance, filename):
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"planning/attachments/{instance.plan_id}/{uuid.uuid4().hex}{extension}"


class PlanAttachment(models.Model):
    """An attachment listed after the body (附件：1. …): an uploaded file, a reference to
    another document of the product (its document kind and object), or only a title for
    an attachment printed separately."""

    scope = plan_part_scope("plan", org_field="plan__issuer")

    plan = models.ForeignKey(WorkPlan, verbose_name=_("work plan"), on_delete=models.CASCADE,
                             related_name="attachments")
    position = models.PositiveIntegerField(pgettext_lazy("order", "position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_upload_to, blank=True, max_length=200)
    file_name = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(_("file size"), null=True, blank=True, editable=False)
    document_kind = models.CharField(_("document kind"), max_length=50, blank=True)
    # An attachment printed with the document itself (e.g. the assessment rules): paragraphs,
    # and lines whose cells are separated by tabs, printed as a table.
    body = models.TextField(_("text"), blank=True,
                            help_text=_("Printed after the plan; lines with cells separated by tabs print as a table."))
    object_id = models.PositiveBigIntegerField(_("document"), null=True, blank=True)

    history = HistoricalRecords()
    objects = ScopedManager()

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
