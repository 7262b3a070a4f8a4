"""Welfare's parts of the member portal (issue 19), registered in WelfareConfig.ready():

* the portal action "Apply for hardship aid" (for a current member);
* the record section "Hardship aid" on /me/record/: the member's own applications (state,
  dates, a decline's reason) and, when the union keeps a hardship file for them, only that
  file's state and dates and the aid they received (approved grants: amount and date) —
  never the officers' notes, the household check, the category or anyone else's data;
* the personal-data sources for "my data": the same, plus what the member entered.

Everything here is built from the member's own rows into plain values, so the templates
and the data export cannot reach a field the member may not see.
"""
from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionadmin.portal import PersonalDataSource, PortalAction, RecordSection

from .models import Grant, HardshipApplication, HardshipFile


def _day(value):
    if value is None:
        return None
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value).date()
    return value


def _text_day(value) -> str:
    day = _day(value)
    return date_format(day, "Y-m-d") if day else ""


def own_applications(member):
    return list(HardshipApplication.objects.filter(member=member).select_related("file").prefetch_related("documents")
                .order_by("-created_at", "-pk"))


def own_files(member) -> list[dict]:
    """The member's hardship files: their number, state and dates only."""
    files = HardshipFile.objects.filter(worker=member).order_by("-applied_on", "-pk").only(
        "pk", "status", "applied_on", "notice_starts_on", "notice_ends_on", "filed_on", "last_rechecked_on",
        "closed_on")
    return [{
        "number": file.number, "status": file.status, "status_label": file.get_status_display(),
        "tone": HardshipFile.status_tones.get(file.status, "secondary"),
        "applied_on": file.applied_on, "notice_starts_on": file.notice_starts_on,
        "notice_ends_on": file.notice_ends_on, "filed_on": file.filed_on,
        "last_rechecked_on": file.last_rechecked_on, "closed_on": file.closed_on,
    } for file in files]


def aid_received(member) -> list[dict]:
    """Approved grants to the member: the programme, the form of aid, the amount and the date."""
    grants = (Grant.objects.filter(member=member, status=Grant.Status.APPROVED).select_related("programme")
              .order_by("-granted_on", "-pk"))
    return [{"programme": grant.programme.name, "kind": grant.get_kind_display(), "amount": grant.amount,
             "granted_on": grant.granted_on} for grant in grants]


def record_context(request, member) -> dict | None:
    applications, files, grants = own_applications(member), own_files(member), aid_received(member)
    if not (applications or files or grants):
        return None
    return {"applications": applications, "files": files, "grants": grants}


def collect_applications(member) -> list[dict]:
    rows = []
    for application in own_applications(member):
        rows.append({
            _("State"): application.get_state_display(),
            _("Started on"): _text_day(application.created_at),
            _("Submitted on"): _text_day(application.submitted_at),
            _("Answered on"): _text_day(application.decided_at),
            _("Reason for declining"): application.decline_reason,
            _("Hardship file"): application.file.number if application.file_id else "",
            _("Main reason"): application.get_main_cause_display(),
            _("Other reasons"): "、".join(application.get_secondary_causes_display()),
            _("People in the household"): application.household_size or "",
            _("Household income per month (yuan)"): (str(application.household_income)
                                                     if application.household_income is not None else ""),
            _("The household's situation"): application.situation,
            _("Supporting documents"): "、".join(document.name for document in application.documents.all()),
        })
    return rows


def collect_files(member) -> list[dict]:
    return [{
        _("Hardship file"): file["number"],
        _("State"): file["status_label"],
        _("Applied on"): _text_day(file["applied_on"]),
        _("Public notice"): (f"{_text_day(file['notice_starts_on'])} – {_text_day(file['notice_ends_on'])}"
                             if file["notice_starts_on"] else ""),
        _("Filed on"): _text_day(file["filed_on"]),
        _("Last re-checked on"): _text_day(file["last_rechecked_on"]),
        _("Ended on"): _text_day(file["closed_on"]),
    } for file in own_files(member)]


def collect_aid(member) -> list[dict]:
    return [{
        _("Programme"): grant["programme"], _("Form of aid"): grant["kind"],
        _("Amount (yuan)"): str(grant["amount"]), _("Date"): _text_day(grant["granted_on"]),
    } for grant in aid_received(member)]


def may_apply(member) -> bool:
    return member.is_active_member


def register():
    from unionadmin.portal import add_personal_data_source, add_portal_action, add_record_section

    add_portal_action(PortalAction(
        "hardship_aid", gettext_lazy("Apply for hardship aid"), "welfare_portal:application_list",
        icon="heart-pulse", order=40, available=may_apply,
        description=gettext_lazy("When illness, an accident or a loss of income puts your household in hardship.")))
    add_record_section(RecordSection(
        "hardship_aid", gettext_lazy("Hardship aid"), "welfare/portal/_record_section.html", record_context,
        order=60))
    add_personal_data_source(PersonalDataSource(
        "hardship_applications", gettext_lazy("Applications for hardship aid"), collect_applications, order=60))
    add_personal_data_source(PersonalDataSource(
        "hardship_files", gettext_lazy("Hardship files"), collect_files, order=61))
    add_personal_data_source(PersonalDataSource(
        "hardship_aid_received", gettext_lazy("Hardship aid received"), collect_aid, order=62))
