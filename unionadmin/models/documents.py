"""Document jobs: one row per PDF someone asked for (the PDF pipeline, unionadmin.documents).

The row is the truth about a document: what was asked (kind, object, options), by whom and
in which language, where it stands (queued → running → done / failed), how far it got, the
file with its SHA-256, the timings and a user-facing error. Celery only carries the job's id;
nothing about a job lives only in Redis. ``attempts`` counts the renders a worker started,
so a render that keeps killing its worker is failed after ``MAX_ATTEMPTS`` instead of being
redelivered forever. The services in ``unionadmin.documents.services`` change these rows.
"""
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..actions import Step, StepsMixin
from ..jobs import TrackedJob
from ..scoping import Own, ScopedQuerySet, ScopePolicy


class DocumentJobQuerySet(ScopedQuerySet):
    def reusable(self, content_hash: str, *, valid_for=None):
        """Finished jobs with this content hash whose file stays available a while longer."""
        from datetime import timedelta

        horizon = timezone.now() + (valid_for if valid_for is not None else timedelta(minutes=10))
        return (
            self.filter(content_hash=content_hash, state=DocumentJob.State.DONE, expires_at__gt=horizon)
            .exclude(file="")
            .order_by("-finished_at")
        )


class DocumentJob(StepsMixin, TrackedJob):
    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being produced")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    PENDING_STATES = (State.QUEUED, State.RUNNING)
    FINAL_STATES = (State.DONE, State.FAILED)
    JOB_PENDING_STATES = PENDING_STATES  # unionadmin.jobs: sent, watched and taken up while pending

    # A person sees their own jobs only (superusers see all): a job is a personal download, and
    # the document itself is re-checked against the object's scope on download. The policy
    # names the organisation field for the audit trail and anything that walks scoped models.
    scope = ScopePolicy(org_field="organisation", rules=(Own("requested_by", {"view", "change"}),))
    # Only the person who asked tries a failed document again (not even a superuser: it is
    # their personal download).
    steps = (Step("retry", states=State.FAILED, when=lambda job, user: job.requested_by_id == user.pk),)
    state_tones = {State.QUEUED: "secondary", State.RUNNING: "secondary", State.DONE: "success",
                   State.FAILED: "danger"}

    kind = models.CharField(_("kind of document"), max_length=50)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=40)
    target = GenericForeignKey("content_type", "object_id")
    organisation = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="document_jobs",
    )
    options = models.JSONField(_("options"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE,
        related_name="document_jobs",
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    filename = models.CharField(_("file name"), max_length=200)

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=0, help_text=_("How many times a worker started producing it."),
    )
    error = models.TextField(_("error"), blank=True)

    file = models.FileField(_("file"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    content_hash = models.CharField(
        _("content hash"), max_length=64, db_index=True,
        help_text=_("Hash of the inputs (kind, options, rendered HTML, renderer version)."),
    )
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)

    created_at = models.DateTimeField(_("asked at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    render_seconds = models.FloatField(_("render time in seconds"), null=True, blank=True)
    expires_at = models.DateTimeField(_("available until"), null=True, blank=True, db_index=True)

    objects = DocumentJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="docjob_user_recent"),
            models.Index(fields=["state", "started_at"], name="docjob_state_started"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="docjob_progress_max_100"),
            models.CheckConstraint(
                condition=~models.Q(state="done") | ~models.Q(sha256=""), name="docjob_done_has_sha256"
            ),
        ]

    def __str__(self):
        return self.filename

    def job_task_name(self):
        if not self.is_pending:
            return None
        from ..documents.kinds import registry

        kind = registry.get_or_none(self.kind)
        return "documents.write" if kind is not None and kind.write is not None else "documents.render"

    def job_interrupted(self) -> bool:
        """Its worker died mid-render: queue it again while attempts remain, else fail it."""
        from ..documents.services import document_interrupted

        return document_interrupted(self)

    @property
    def can_retry(self) -> bool:
        return self.state == self.State.FAILED

    @property
    def is_queued(self) -> bool:
        return self.state == self.State.QUEUED

    @property
    def available_until(self):
        """Until when a finished document is kept (None while it is not finished)."""
        return self.expires_at if self.state == self.State.DONE else None

    @property
    def is_pending(self) -> bool:
        return self.state in self.PENDING_STATES

    @property
    def is_expired(self) -> bool:
        return self.state == self.State.DONE and (
            not self.file or (self.expires_at is not None and self.expires_at <= timezone.now())
        )

    @property
    def is_downloadable(self) -> bool:
        return self.state == self.State.DONE and not self.is_expired

    @property
    def kind_label(self) -> str:
        from ..documents.kinds import registry

        kind = registry.get_or_none(self.kind)
        return kind.label if kind else self.kind
