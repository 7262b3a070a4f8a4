"""A member's application for hardship aid (issue 19): saving the draft with its documents,
submitting it, and the welfare officer's answer — a hardship file opened from it, or a reason
to decline it.

Each step locks the application row (``select_for_update``) and checks its state inside the
transaction, so a double click or two officers at once change it once and the second is told
why nothing happened. Views only call these.
"""
from __future__ import annotations

from decimal import Decimal

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unionadmin import uploads
from unionadmin.integrity import saved_once
from unionadmin.notifications import notify, role_holders
from unionadmin.roles import Role

from ..models import ApplicationDocument, HardshipApplication, HardshipFile
from ..notifications import Verb
from .errors import WelfareError
from .files import file_create

State = HardshipApplication.State

# The one upload policy (unionadmin/uploads.py): certificates, bills and proofs of income as a
# PDF, a photo or an office document, judged by their content, at most 10 MB each.
DOCUMENT_POLICY = uploads.EVIDENCE
MAX_DOCUMENTS = 10
FIELDS = ("main_cause", "secondary_causes", "household_size", "household_income", "situation")


def _locked(application: HardshipApplication | int) -> HardshipApplication:
    pk = application if isinstance(application, int) else application.pk
    return HardshipApplication.objects.select_for_update().select_related("member", "union").get(pk=pk)


def _refuse_unless_draft(application: HardshipApplication):
    if application.state != State.DRAFT:
        raise WelfareError(_("This application has been submitted and can no longer be changed."))


def _has_open_file(member) -> bool:
    return HardshipFile.objects.open().filter(worker=member).exists()


def application_save(member, *, application: HardshipApplication | None = None, data: dict,
                     documents=(), remove_documents=()) -> HardshipApplication:
    """A draft made or changed by the member, with new documents and those taken off.

    A second new draft at the same moment (a double click) is refused by the database's
    one-in-progress constraint, in the member's words."""
    documents = list(documents)
    for upload in documents:
        try:
            DOCUMENT_POLICY.check(upload)
        except uploads.UploadRefused as refusal:
            raise WelfareError(refusal.message, field="documents") from None
    with transaction.atomic():
        if application is None:
            if not member.is_active_member:
                raise WelfareError(_("Only a current member of a union can apply for hardship aid."))
            if _has_open_file(member):
                raise WelfareError(_("You already have a hardship file with the union; ask your welfare officer "
                                     "about it."))
            application = HardshipApplication(member=member, union=member.union)
        else:
            application = _locked(application)
            if application.member_id != member.pk:
                raise WelfareError(_("This application is not yours."))
            _refuse_unless_draft(application)
        for name in FIELDS:
            if name in data:
                setattr(application, name, data[name])
        if application.main_cause:
            application.secondary_causes = [c for c in application.secondary_causes if c != application.main_cause]
        with saved_once(WelfareError):
            application.save()
        removed = list(application.documents.filter(pk__in=[getattr(d, "pk", d) for d in remove_documents]))
        names = [document.file.name for document in removed]
        ApplicationDocument.objects.filter(pk__in=[d.pk for d in removed]).delete()
        if application.documents.count() + len(documents) > MAX_DOCUMENTS:
            raise WelfareError(_("An application can carry at most %(count)s documents.") % {"count": MAX_DOCUMENTS},
                               field="documents")
        for upload in documents:
            _attach(application, upload)
        # A document taken off is gone once the change is committed, so a failed save keeps every file.
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
    return application


def _attach(application: HardshipApplication, upload) -> ApplicationDocument:
    checked = DOCUMENT_POLICY.check(upload)
    name = checked.original_name[:200]
    for attached in application.documents.filter(name=name, size=checked.size):
        return attached  # the same page sent twice: attached once
    upload.name = checked.stored_name
    return ApplicationDocument.objects.create(application=application, file=upload, name=name, kind=checked.kind,
                                              size=checked.size)


def application_submit(application: HardshipApplication | int, *, member) -> HardshipApplication:
    """The member sends the draft to the union; the union's welfare officers are told."""
    with transaction.atomic():
        application = _locked(application)
        if application.member_id != member.pk:
            raise WelfareError(_("This application is not yours."))
        if application.state != State.DRAFT:
            raise WelfareError(_("This application has already been submitted."))
        missing = application.missing_for_submit()
        if missing:
            raise WelfareError(_("Fill in %(fields)s before submitting.") % {"fields": "、".join(missing)})
        if _has_open_file(application.member):
            raise WelfareError(_("You already have a hardship file with the union; ask your welfare officer "
                                 "about it."))
        application.state = State.SUBMITTED
        application.submitted_at = timezone.now()
        application._change_reason = "submitted"
        application.save(update_fields=["state", "submitted_at"])
        notify(role_holders(application.union, {Role.WELFARE_OFFICER}), Verb.APPLICATION_SUBMITTED, application,
               organisation=application.union)
    return application


def application_open_file(application: HardshipApplication | int, *, by, head_income=Decimal("0"),
                          **fields) -> HardshipFile:
    """A hardship file (state "applied") for the member's household, made by the one service
    that makes files (``file_create``), linked to the application."""
    with transaction.atomic():
        application = _locked_unanswered(application)
        fields.setdefault("applied_on", timezone.localtime(application.submitted_at).date())
        file = file_create(worker=application.member, by=by, head_income=head_income, **fields)
        _answer(application, State.OPENED, by=by, file=file)
    return file


def application_decline(application: HardshipApplication | int, *, by, reason: str) -> HardshipApplication:
    """Declined with a reason the member reads on their record."""
    reason = (reason or "").strip()
    if not reason:
        raise WelfareError(_("Give the reason for declining; the member will read it."), field="reason")
    with transaction.atomic():
        application = _answer(_locked_unanswered(application), State.DECLINED, by=by, decline_reason=reason)
    return application


def _locked_unanswered(application) -> HardshipApplication:
    application = _locked(application)
    if application.state != State.SUBMITTED:
        raise WelfareError(_("This application has already been answered; nothing was changed."))
    return application


def _answer(application: HardshipApplication, state: str, *, by, **changes) -> HardshipApplication:
    changes.update(state=state, decided_at=timezone.now(), decided_by=by)
    for name, value in changes.items():
        setattr(application, name, value)
    application.save(update_fields=list(changes))
    return application


def prefill_for_file(application: HardshipApplication) -> dict:
    """The new file's fields as the member's application gives them (the officer completes them)."""
    return {
        "main_cause": application.main_cause,
        "secondary_causes": list(application.secondary_causes),
        "situation": application.situation,
        "applied_on": timezone.localtime(application.submitted_at).date() if application.submitted_at else None,
    }
