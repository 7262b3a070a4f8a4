"""An import of a roster spreadsheet: a job row that holds its state, progress and errors.

The state lives here in PostgreSQL, never only in Celery: the waiting page polls this row.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionadmin.actions import Step, StepsMixin
from unionadmin.jobs import TrackedJob
from unionadmin.roles import MANAGING_ROLES
from unionadmin.scoping import ScopedQuerySet, ScopePolicy


class ImportJob(StepsMixin, TrackedJob):
    class State(models.TextChoices):
        # A big file is stored unread at the upload and read once, by the worker that checks it
        # (reading it in the web process as well cost the person 0.5–2 s at 50,000 rows).
        READING = "reading", _("Reading the file")
        UPLOADED = "uploaded", _("Uploaded: choose the columns")
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked")
        QUEUED = "queued", _("Waiting to import")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    class Kind(models.TextChoices):
        XLSX = "xlsx", "XLSX"
        XLS = "xls", "XLS"
        ODS = "ods", "ODS"
        CSV = "csv", "CSV"

    BUSY = {State.READING, State.CHECKING, State.QUEUED, State.RUNNING}
    JOB_PENDING_STATES = (State.READING, State.CHECKING, State.QUEUED, State.RUNNING)  # unionadmin.jobs watches these
    RETRYABLE = {"interrupted", "crashed", "write_conflict"}  # failures a retry may cure (not refusals)

    scope = ScopePolicy(org_field="union", roles={"view": MANAGING_ROLES, "change": MANAGING_ROLES})
    steps = (
        # The columns can be chosen again until the import is written; during a check (it starts at the
        # upload when every column needed was found) choosing them again starts the check again.
        Step("map", states=(State.UPLOADED, State.CHECKING, State.CHECKED, State.FAILED)),
        # Written once every row is right, when there is something to write.
        Step("apply", states=State.CHECKED,
             when=lambda job, user: job.error_count == 0 and bool(job.to_create or job.to_update)),
        # Or only the rows without problems, the others handed back (never all-or-nothing by surprise).
        Step("apply_valid", states=State.CHECKED,
             when=lambda job, user: job.error_count > 0 and bool(job.to_create or job.to_update)),
        # The values no table knows are read as the officer says, then the file is checked again;
        # the readings chosen (or remembered from the union's earlier imports) can be changed.
        Step("map_values", states=State.CHECKED, when=lambda job, user: bool(job.unknown_values or job.value_mapping)),
        # Only the person who asked tries an interrupted or crashed import again.
        Step("retry", states=State.FAILED, when=lambda job, user: job.can_retry and job.requested_by_id == user.pk),
    )

    union = models.ForeignKey(
        "unionadmin.Organisation", verbose_name=_("import into"), on_delete=models.CASCADE, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(max_length=10, default=settings.LANGUAGE_CODE)
    file = models.FileField(_("file"), upload_to="member-imports/%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    header_row = models.PositiveIntegerField(default=1)  # 1-based, as the spreadsheet shows it
    columns = models.JSONField(default=list, blank=True)  # the headers as written in the file
    samples = models.JSONField(default=list, blank=True)  # a few rows to help with the mapping
    mapping = models.JSONField(default=dict, blank=True)  # {column index: field name}
    # The officer's reading of values that are no known choice: {field: {value key: choice or ""}}
    # (keys as imports.values.value_key folds them); remembered for the union in ImportValueMapping.
    value_mapping = models.JSONField(default=dict, blank=True)
    # What the last check found no choice for: [{field, value (as written), key, count}].
    unknown_values = models.JSONField(default=list, blank=True)

    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.UPLOADED)
    phase = models.CharField(max_length=20, blank=True)  # reading / checking / writing
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)  # percent
    total_rows = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{row, column, value, code, params}], capped
    # Rows imported all the same but worth a second look (an unknown division code), like ``errors``.
    warnings = models.JSONField(default=list, blank=True)
    to_create = models.PositiveIntegerField(default=0)
    to_update = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    failure = models.JSONField(default=dict, blank=True)  # {code, params} of a refusal or a crash
    # "Import the valid rows now": the rows with problems are left out and handed back.
    valid_only = models.BooleanField(default=False)
    refused = models.PositiveIntegerField(default=0)  # rows left out by a valid-only import
    # The refused rows as the file had them, with their row numbers and reasons (XLSX); kept
    # after the import so the officer can fix and upload them, deleted with the file.
    problems_file = models.FileField(upload_to="member-imports/problems/%Y/%m/", blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    timings = models.JSONField(default=dict, blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("member import")
        verbose_name_plural = _("member imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name

    def job_task_name(self):
        if self.state in (self.State.READING, self.State.CHECKING):  # one task reads and checks
            return "members.tasks.check_import"
        if self.state in (self.State.QUEUED, self.State.RUNNING):
            return "members.tasks.apply_import"
        return None

    def job_interrupted(self) -> bool:
        """Its worker died (the job sweep took it up): it ends "interrupted, nothing was
        written" (the write is one transaction) and the person who asked may retry it."""
        from ..imports.service import import_interrupted

        import_interrupted(self)
        return False

    @property
    def can_retry(self) -> bool:
        return (self.state == self.State.FAILED and self.failure.get("code") in self.RETRYABLE
                and bool(self.file))

    # Where the job stands, for its page (templates ask these, never the state string).
    is_reading = property(lambda self: self.state == self.State.READING, doc="The worker reads the file.")
    is_uploaded = property(lambda self: self.state == self.State.UPLOADED, doc="Columns not yet chosen.")
    is_checking = property(lambda self: self.state == self.State.CHECKING)
    is_checked = property(lambda self: self.state == self.State.CHECKED)
    is_queued = property(lambda self: self.state == self.State.QUEUED)
    is_done = property(lambda self: self.state == self.State.DONE)
    is_failed = property(lambda self: self.state == self.State.FAILED)

    @property
    def valid_rows(self) -> int:
        """Rows a valid-only import would write (the unchanged ones need no writing)."""
        return self.to_create + self.to_update

    @property
    def is_busy(self):
        return self.state in self.BUSY

    @property
    def is_finished(self):
        return self.state in {self.State.DONE, self.State.FAILED}


class ImportValueMapping(models.Model):
    """A value a union's rosters write for a choice ("事业编制" for 用工性质), remembered so the
    next import of that union offers the same reading."""

    union = models.ForeignKey("unionadmin.Organisation", verbose_name=_("union"), on_delete=models.CASCADE,
                              related_name="+")
    field = models.CharField(_("field"), max_length=30)
    value = models.CharField(_("value in the file"), max_length=100)  # folded by imports.values.value_key
    choice = models.CharField(_("read as"), max_length=30, blank=True)  # "" = leave the field empty
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    scope = ScopePolicy(org_field="union", roles={"view": MANAGING_ROLES, "change": MANAGING_ROLES})
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("remembered import value")
        verbose_name_plural = _("remembered import values")
        constraints = [models.UniqueConstraint(fields=["union", "field", "value"], name="import_value_once_per_union")]

    def __str__(self):
        return f"{self.field}: {self.value} → {self.choice or '∅'}"
