"""People who log in, and the roles they hold at organisations."""
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from ..roles import HOME_ORDER, MANAGING_ROLES, Role
from ..scoping import ScopedQuerySet, ScopePolicy
from ..validators import validate_mobile


class User(AbstractUser):
    """A person who logs in. Chinese names are one field, not first and last."""

    full_name = models.CharField(pgettext_lazy("person", "name"), max_length=50, blank=True)
    mobile = models.CharField(
        _("mobile number"), max_length=11, unique=True, null=True, blank=True, validators=[validate_mobile],
        help_text=_("Can be used instead of the username to log in."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE,
        help_text=_("The language of pages and of documents made for this person."),
    )

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        if self.mobile == "":
            self.mobile = None  # unique, but many users have none
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return self.full_name or self.username

    def held_roles(self) -> set[str]:
        from ..scoping import role_paths

        return set(role_paths(self))

    @property
    def home_role(self):
        held = self.held_roles()
        return next((r for r in HOME_ORDER if r in held), None)


class RoleAssignmentQuerySet(ScopedQuerySet):
    pass


class RoleAssignment(models.Model):
    """A user holds a role at an organisation; the role covers that organisation's subtree."""

    # Managers see and grant the roles held within their subtree.
    scope = ScopePolicy(org_field="organisation", roles={"view": MANAGING_ROLES, "change": MANAGING_ROLES})

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    organisation = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    title = models.CharField(
        _("title"), max_length=50, blank=True,
        help_text=_("E.g. the department's name for a handling department, or “chair”."),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("granted by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    history = HistoricalRecords()
    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["organisation__path", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="role_assignment_unique"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"
