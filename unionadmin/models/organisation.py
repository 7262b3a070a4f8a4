"""The organisation tree: federation → industry/system union → grassroots union → branch → group.

The tree is stored as a materialised path (``path``: the zero-padded ids from the root,
each followed by "/"), so a subtree is one indexed ``LIKE 'prefix%'`` query however deep it
goes, and ordering by path lists the tree depth-first. docs/decisions.md says why.
"""
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..roles import MANAGING_ROLES, STAFF_ROLES
from ..scoping import ScopedQuerySet, ScopePolicy
from ..validators import normalise_credit_code, validate_credit_code

SEGMENT_WIDTH = 7  # digits per level: room for ten million organisations


class OrganisationQuerySet(ScopedQuerySet):
    def subtree_of(self, organisation, include_self=True):
        qs = self.filter(path__startswith=organisation.path)
        return qs if include_self else qs.exclude(pk=organisation.pk)

    def grassroots(self):
        return self.filter(level=Organisation.Level.GRASSROOTS)


class Organisation(models.Model):
    class Level(models.TextChoices):
        FEDERATION = "federation", _("Federation of trade unions")
        INDUSTRY = "industry", _("Industry or system union")
        GRASSROOTS = "grassroots", _("Grassroots union")
        BRANCH = "branch", _("Branch union")
        GROUP = "group", _("Union group")

    class Category(models.TextChoices):
        """The assessment category; results are ranked within each."""

        ORGAN = "organ", _("Government organ")
        ENTERPRISE = "enterprise", _("Enterprise")
        INSTITUTION = "institution", _("Public institution")
        INDUSTRY = "industry", _("Industry union")

    class Sector(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        SCHOOL = "school", _("School")
        HOSPITAL = "hospital", _("Hospital")
        GOVERNMENT = "government", _("Government organ")
        PUBLIC_INSTITUTION = "public_institution", _("Other public institution")
        TOWNSHIP = "township", _("Township")
        COMMUNITY = "community", _("Community")
        VILLAGE = "village", _("Village")
        REGIONAL = "regional", _("Regional or trade federation")
        PROJECT = "project", _("Construction project")
        OTHER = "other", _("Other")

    class HomeRating(models.TextChoices):
        """The Workers' Home (职工之家) rating; ordered from none to model."""

        NONE = "none", _("Not rated")
        QUALIFIED = "qualified", _("Qualified")
        ADVANCED = "advanced", _("Advanced")
        MODEL = "model", _("Model")

    # Which level may sit under which.
    ALLOWED_PARENTS = {
        Level.FEDERATION: {None, Level.FEDERATION},
        Level.INDUSTRY: {Level.FEDERATION},
        Level.GRASSROOTS: {Level.FEDERATION, Level.INDUSTRY},
        Level.BRANCH: {Level.GRASSROOTS},
        Level.GROUP: {Level.GRASSROOTS, Level.BRANCH},
    }

    scope = ScopePolicy(org_field="", roles={"view": STAFF_ROLES, "change": MANAGING_ROLES})

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, editable=False, unique=True)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    category = models.CharField(
        _("assessment category"), max_length=20, choices=Category.choices, blank=True,
        help_text=_("Required for grassroots unions: results are ranked within each category."),
    )
    sector = models.CharField(_("where it sits"), max_length=30, choices=Sector.choices, default=Sector.ENTERPRISE)
    credit_code = models.CharField(
        _("employer's unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    employee_count = models.PositiveIntegerField(
        _("number of employees"), default=0,
        help_text=_("The denominator of the membership rate."),
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    chair_name = models.CharField(_("chair"), max_length=50, blank=True)
    phone = models.CharField(_("office phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    has_own_account = models.BooleanField(_("has its own bank account"), default=False)
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    bank_account = models.CharField(_("account number"), max_length=40, blank=True)
    home_rating = models.CharField(
        _("Workers' Home rating"), max_length=20, choices=HomeRating.choices, default=HomeRating.NONE
    )
    home_rating_year = models.PositiveSmallIntegerField(
        _("year rated"), null=True, blank=True, validators=[MinValueValidator(1949), MaxValueValidator(2100)]
    )
    document_code = models.CharField(
        _("document code"), max_length=20, blank=True,
        help_text=_("The issuing-organ code in document numbers, e.g. 某工发."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(excluded_fields=["path", "depth"])
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["path"], name="org_path_prefix", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["level", "category"], name="org_level_category"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~models.Q(credit_code=""), name="org_credit_code_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(level="federation") | models.Q(parent__isnull=False), name="org_only_federation_is_root"
            ),
            models.CheckConstraint(
                condition=~models.Q(level="grassroots") | ~models.Q(category=""), name="org_grassroots_has_category"
            ),
            models.CheckConstraint(
                condition=models.Q(home_rating="none") | models.Q(home_rating_year__isnull=False),
                name="org_home_rating_has_year",
            ),
        ]

    def __str__(self):
        return self.name

    # --- the tree -------------------------------------------------------------------------
    @staticmethod
    def _segment(pk) -> str:
        return f"{pk:0{SEGMENT_WIDTH}d}/"

    def ancestor_ids(self) -> list[int]:
        return [int(s) for s in self.path.split("/") if s][:-1]

    def ancestors(self):
        """Root first; one query."""
        return Organisation.objects.filter(pk__in=self.ancestor_ids()).order_by("depth")

    def descendants(self, include_self=False):
        return Organisation.objects.subtree_of(self, include_self=include_self)

    def is_within(self, other) -> bool:
        return self.path.startswith(other.path)

    def clean(self):
        super().clean()
        self.credit_code = normalise_credit_code(self.credit_code)
        parent_level = self.parent.level if self.parent_id else None
        if self.level and parent_level not in self.ALLOWED_PARENTS[self.level]:
            if self.parent_id is None:
                raise ValidationError({"parent": _("Only a federation can stand at the top of the tree.")})
            raise ValidationError(
                {"parent": _("A %(level)s cannot be placed under a %(parent)s.")
                 % {"level": self.get_level_display(), "parent": self.parent.get_level_display()}}
            )
        if self.pk and self.parent_id and self.parent.path.startswith(self.path or "\0"):
            raise ValidationError({"parent": _("An organisation cannot be moved under itself or its own branches.")})
        if self.level == self.Level.GRASSROOTS and not self.category:
            raise ValidationError({"category": _("Choose the assessment category of a grassroots union.")})
        if self.home_rating != self.HomeRating.NONE and not self.home_rating_year:
            raise ValidationError({"home_rating_year": _("Give the year the Workers' Home rating was awarded.")})
        if self.has_own_account and not self.bank_account:
            raise ValidationError({"bank_account": _("Give the account number of the union's own account.")})

    def save(self, *args, **kwargs):
        self.credit_code = normalise_credit_code(self.credit_code)
        with transaction.atomic():
            old_path = None
            if self.pk is None:
                # The path holds the id, so take the id from the sequence before inserting.
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [self._meta.db_table]
                    )
                    self.pk = cursor.fetchone()[0]
                kwargs["force_insert"] = True
            else:
                old_path = Organisation.objects.filter(pk=self.pk).values_list("path", flat=True).first()
            self.path = (self.parent.path if self.parent_id else "") + self._segment(self.pk)
            self.depth = self.path.count("/") - 1
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                # Moved: rewrite every descendant's path in one statement.
                Organisation.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(Value(self.path), Substr("path", len(old_path) + 1)),
                    depth=F("depth") + (self.depth - (old_path.count("/") - 1)),
                )

    @property
    def is_grassroots(self):
        return self.level == self.Level.GRASSROOTS

    @property
    def home_rating_rank(self) -> int:
        return [c.value for c in self.HomeRating].index(self.home_rating)
