"""Explicit events the history tables do not capture: reveals of personal data, exports,
approvals, downloads. Field changes themselves are recorded by django-simple-history."""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..roles import Role
from ..scoping import ScopedQuerySet, ScopePolicy


class AuditEvent(models.Model):
    class Verb(models.TextChoices):
        REVEAL = "reveal", _("Revealed personal data")
        EXPORT = "export", _("Exported data")
        DOWNLOAD = "download", _("Downloaded a document")
        APPROVE = "approve", _("Approved")
        GRANT_ROLE = "grant_role", _("Granted a role")
        REVOKE_ROLE = "revoke_role", _("Revoked a role")

    scope = ScopePolicy(org_field="organisation", roles={"view": frozenset({Role.FEDERATION_ADMIN})})

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(_("what"), max_length=20, choices=Verb.choices)
    organisation = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("organisation"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    target_type = models.ForeignKey(ContentType, null=True, on_delete=models.SET_NULL, related_name="+")
    target_id = models.CharField(max_length=40, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    @classmethod
    def record(cls, *, actor, verb, organisation=None, target=None, detail="", **data):
        return cls.objects.create(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            verb=verb,
            organisation=organisation,
            target_type=ContentType.objects.get_for_model(target) if target is not None else None,
            target_id=str(target.pk) if target is not None else "",
            detail=detail[:200],
            data=data,
        )
