"""Visits (走访慰问): hospital visits, condolences, festival visits and the union's own
"five must-visits" (五必访) occasions."""
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from unionadmin.scoping import ScopedManager, ScopePolicy

from ..access import WELFARE_RULES
from .files import HouseholdMember

Relationship = HouseholdMember.Relationship

# Condolences are only for the member and their immediate relatives.
CONDOLENCE_RELATIONSHIPS = (
    Relationship.SELF, Relationship.SPOUSE, Relationship.CHILD, Relationship.PARENT, Relationship.SPOUSE_PARENT,
)


class MustVisitOccasion(models.Model):
    """An occasion the union has resolved always to visit a member on (e.g. in hospital,
    bereaved, in hardship, marrying, retiring)."""

    DEFAULTS = (
        _("In hospital"), _("Bereaved"), _("In hardship"), _("Getting married"), _("Retiring"),
    )

    scope = ScopePolicy(org_field="organisation", rules=WELFARE_RULES)

    organisation = models.ForeignKey("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.CASCADE,
                                     related_name="must_visit_occasions")
    name = models.CharField(_("occasion"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("must-visit occasion")
        verbose_name_plural = _("must-visit occasions")
        ordering = ["organisation__path", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="must_visit_name_unique_per_union"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("welfare:occasion_list")



class Visit(models.Model):
    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("Hospital visit")  # 住院探望
        CONDOLENCE = "condolence", _("Condolence visit")  # 白事慰问
        FESTIVAL = "festival", _("Festival visit")  # 节日慰问
        MUST_VISIT = "must_visit", _("Must-visit occasion")  # 五必访

    class Group(models.TextChoices):
        HARDSHIP = "hardship", _("Worker in hardship")
        MODEL_WORKER = "model_worker", _("Model worker")
        TEACHER = "teacher", _("Outstanding teacher")
        RETIREE = "retiree", _("Retiree")
        OTHER = "other", _("Other")

    scope = ScopePolicy(org_field="union", rules=WELFARE_RULES)

    union = models.ForeignKey("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="welfare_visits", editable=False)
    member = models.ForeignKey("members.Member", verbose_name=_("member visited"), on_delete=models.PROTECT,
                               related_name="welfare_visits")
    kind = models.CharField(_("kind of visit"), max_length=20, choices=Kind.choices)
    visited_on = models.DateField(_("date"))
    occasion = models.ForeignKey(MustVisitOccasion, verbose_name=_("must-visit occasion"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="visits")
    festival = models.CharField(_("festival"), max_length=30, blank=True, help_text=_("E.g. Spring Festival."))
    group = models.CharField(_("visited as"), max_length=20, choices=Group.choices, blank=True)
    relationship = models.CharField(
        _("the deceased is the member's"), max_length=20, choices=Relationship.choices, blank=True,
        help_text=_("Condolences are only for the member or their spouse, children, parents or spouse's parents."),
    )
    deceased_name = models.CharField(_("name of the deceased"), max_length=50, blank=True)
    hospital = models.CharField(_("hospital"), max_length=100, blank=True)
    visitors = models.CharField(_("visited by"), max_length=200)
    money = models.DecimalField(_("money given (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True,
                                validators=[MinValueValidator(0)])
    goods = models.CharField(_("goods given"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+", editable=False)

    history = HistoricalRecords()
    objects = ScopedManager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="condolence")
                | models.Q(relationship__in=[r.value for r in CONDOLENCE_RELATIONSHIPS]),
                name="visit_condolence_only_for_immediate_family",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="must_visit") | models.Q(occasion__isnull=False),
                name="visit_must_visit_has_occasion",
            ),
        ]

    def __str__(self):
        return _("%(kind)s: %(name)s, %(date)s") % {
            "kind": self.get_kind_display(), "name": self.member.name, "date": self.visited_on}

    def get_absolute_url(self):
        return reverse("welfare:visit_detail", args=[self.pk])
