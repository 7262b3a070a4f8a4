"""The member (会员): the core record; everything else in the app hangs off it."""
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Right, Substr, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from unionadmin.personal_data import mask_id_number, mask_phone
from unionadmin.roles import MANAGING_ROLES, STAFF_ROLES, Role
from unionadmin.scoping import ScopedQuerySet, ScopePolicy
from unionadmin.validators import validate_mobile

from ..ethnicities import ETHNICITY_CHOICES
from ..validators import birth_date_from_id, gender_from_id, normalise_id_number, validate_id_number


class MemberQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(status=Member.Status.ACTIVE)

    def in_subtree(self, organisation):
        return self.filter(union__path__startswith=organisation.path)


class Member(models.Model):
    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Member")
        RETIRED = "retired", _("Retired")
        DECEASED = "deceased", _("Deceased")
        WITHDRAWN = "withdrawn", pgettext_lazy("member status", "Withdrawn")
        TRANSFERRED = "transferred", _("Transferred out")

    class EmploymentType(models.TextChoices):
        # What Chinese rosters really hold (用工性质): public bodies' established posts,
        # enterprises' contract staff, and the forms ACFTU counts on their own (dispatched
        # workers, migrant workers, new forms of employment such as riders and drivers).
        REGULAR = "regular", _("Regular staff")
        ESTABLISHED = "established", _("Established post")
        CONTRACT = "contract", _("Contract staff")
        DISPATCHED = "dispatched", _("Agency-dispatched")
        MIGRANT = "migrant", _("Migrant worker")
        TEMPORARY = "temporary", _("Temporary or seasonal")
        PART_TIME = "part_time", _("Part-time")
        REHIRED_RETIREE = "rehired_retiree", _("Re-employed retiree")
        NEW_FORMS = "new_forms", _("New forms of employment")
        OTHER = "other", pgettext_lazy("employment type", "Other")

    class PoliticalStatus(models.TextChoices):
        # GB/T 4762 grouped as rosters and the union's statistics count them.
        CPC_MEMBER = "cpc_member", _("CPC member")
        CPC_PROBATIONARY = "cpc_probationary", _("CPC probationary member")
        LEAGUE_MEMBER = "league_member", _("Communist Youth League member")
        DEMOCRATIC_PARTY = "democratic_party", _("Member of a democratic party")
        NON_PARTISAN = "non_partisan", _("Non-partisan personage")
        MASSES = "masses", _("Ordinary citizen")

    class Education(models.TextChoices):
        PRIMARY = "primary", _("Primary school or below")
        JUNIOR = "junior", _("Junior secondary")
        SENIOR = "senior", _("Senior secondary or vocational")
        COLLEGE = "college", _("Junior college")
        BACHELOR = "bachelor", _("Bachelor's degree")
        POSTGRADUATE = "postgraduate", _("Postgraduate")

    scope = ScopePolicy(
        org_field="union",
        roles={"view": STAFF_ROLES, "change": MANAGING_ROLES, "reveal": MANAGING_ROLES | {Role.WELFARE_OFFICER}},
    )
    personal_fields = {"id_number": mask_id_number, "phone": mask_phone}
    # What a second request is told when the database refuses it (unionadmin/integrity.py).
    duplicate_messages = {
        "member_one_active_membership": _("This person is already a current member (the form may have been sent "
                                          "twice); a person belongs to one union at a time."),
        "member_card_unique_per_union": _("This card number already belongs to another member of this union."),
        "member_one_active_per_login": _("This login already belongs to a current member."),
    }

    # No index of its own: member_union_status (union, status) leads with it, and every insert
    # pays for each index (a 50,000-row import, issue 15).
    union = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("union"), on_delete=models.PROTECT, related_name="members",
        db_index=False,
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, choices=ETHNICITY_CHOICES, default="汉族")
    id_number = models.CharField(_("ID number"), max_length=18, validators=[validate_id_number])
    birth_date = models.DateField(_("birth date"), editable=False)
    phone = models.CharField(_("mobile number"), max_length=11, blank=True, validators=[validate_mobile])
    employer = models.CharField(_("employer"), max_length=100, blank=True)
    post = models.CharField(_("post"), max_length=50, blank=True)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices, blank=True)
    employment_type = models.CharField(
        _("employment type"), max_length=20, choices=EmploymentType.choices, default=EmploymentType.REGULAR
    )
    political_status = models.CharField(_("political status"), max_length=20, choices=PoliticalStatus.choices,
                                        blank=True)
    joined_on = models.DateField(_("joined on"))
    card_number = models.CharField(_("member card number"), max_length=30, blank=True)
    card_issued_on = models.DateField(_("card issued on"), null=True, blank=True)
    card_batch = models.ForeignKey(
        "members.CardBatch", verbose_name=_("card batch"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="members", db_index=False,  # member_card_batch: only the members given a batch
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    is_model_worker = models.BooleanField(_("model worker"), default=False)
    is_cadre = models.BooleanField(_("union cadre"), default=False)
    # The member's own login for the member portal (issue 19), set when an officer approves an
    # online application or invites the member; a person who left and rejoined keeps one user.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("login"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="memberships", db_index=False,  # member_user: only members who have a login
    )

    # Nothing reads a member's history by union or card batch (only by member, ui.history_of).
    history = HistoricalRecords(no_db_index=["union", "card_batch", "user"])
    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["union__path", "name"]
        constraints = [
            # A person is an active member of one union at a time.
            models.UniqueConstraint(
                fields=["id_number"], condition=models.Q(status="active"), name="member_one_active_membership"
            ),
            # One login is one person: at most one current membership.
            models.UniqueConstraint(fields=["user"], condition=models.Q(status="active", user__isnull=False),
                                    name="member_one_active_per_login"),
            models.UniqueConstraint(
                fields=["union", "card_number"], condition=~models.Q(card_number=""), name="member_card_unique_per_union"
            ),
            models.CheckConstraint(condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                                   name="member_left_after_joining"),
        ]
        indexes = [
            models.Index(fields=["union", "status"], name="member_union_status"),
            models.Index(Right("id_number", 4), name="member_id_last4"),
            models.Index(fields=["id_number"], name="member_id_number"),
            models.Index(fields=["phone"], name="member_phone"),
            models.Index(Right("phone", 4), name="member_phone_last4"),
            models.Index(fields=["joined_on"], name="member_joined_on"),
            # The dashboard's tally: today's members per union read from this index alone, and an
            # earlier year corrected by the few members who left since (members/indicators.py).
            models.Index(fields=["union", "gender", "employment_type"], condition=models.Q(status="active"),
                         name="member_active_tally"),
            models.Index(fields=["left_on"], condition=models.Q(left_on__isnull=False), name="member_left_on"),
            models.Index(fields=["name", "id"], name="member_name"),
            # The roster's search by part of a name (members.filters.NameCharacters and NamePairs say
            # why not trigrams): its characters, and its pairs of neighbouring characters.
            GinIndex(models.Func(Upper("name"), models.Value(None), function="string_to_array",
                                 output_field=models.TextField()), name="member_name_characters"),
            GinIndex(models.Func(
                *(models.Func(models.Func(text, models.Value("(..)"), models.Value("\\1\x1f"), models.Value("g"),
                                          function="regexp_replace"),
                              models.Value("\x1f"), function="string_to_array")
                  for text in (Upper("name"), Substr(Upper("name"), 2))),
                template="(%(expressions)s)", arg_joiner=" || ", output_field=models.TextField()),
                name="member_name_pairs"),
            models.Index(fields=["union"], condition=models.Q(is_model_worker=True), name="member_model_workers"),
            models.Index(fields=["union"], condition=models.Q(is_cadre=True), name="member_cadres"),
            models.Index(fields=["card_number"], name="member_card_number"),
            models.Index(fields=["card_batch"], condition=models.Q(card_batch__isnull=False), name="member_card_batch"),
            models.Index(fields=["user"], condition=models.Q(user__isnull=False), name="member_user"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_woman(self):
        return self.gender == self.Gender.FEMALE

    @property
    def is_active_member(self):
        return self.status == self.Status.ACTIVE

    def clean(self):
        super().clean()
        from ..imports.messages import describe
        from ..rules import member_problems

        self.id_number = normalise_id_number(self.id_number)
        try:
            validate_id_number(self.id_number)
        except ValidationError:
            return  # the field's own validator reports it
        errors = {}
        for field, code, params in member_problems(
            id_number=self.id_number, gender=self.gender, joined_on=self.joined_on, left_on=self.left_on,
            status=self.status, today=timezone.localdate(),
        ):
            errors.setdefault(field, describe(code, params))
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.id_number = normalise_id_number(self.id_number)
        self.birth_date = birth_date_from_id(self.id_number)
        if not self.gender:
            self.gender = gender_from_id(self.id_number)
        super().save(*args, **kwargs)

    def refresh_flags(self, *, save=True):
        """Keep the model-worker and cadre flags in step with honours and current posts."""
        today = timezone.localdate()
        is_model_worker = self.honours.exists()
        is_cadre = self.cadre_posts.filter(models.Q(term_end__isnull=True) | models.Q(term_end__gte=today)).exists()
        changed = (is_model_worker, is_cadre) != (self.is_model_worker, self.is_cadre)
        self.is_model_worker, self.is_cadre = is_model_worker, is_cadre
        if changed and save:
            self.save(update_fields=["is_model_worker", "is_cadre"])
        return changed
