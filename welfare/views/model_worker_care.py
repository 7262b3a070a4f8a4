"""Model-worker care pages: care rounds (health checks, recuperation) with their invitations
and XLSX, model workers in hardship, the annual updates with the overdue list, and the
union's cut-off. Every view is a welfare view (welfare officers and the chair, scoped)."""
import io
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Member
from unionadmin.models import AuditEvent
from unionadmin.navigation import Badge, ObjectPanel, RowBadges, add_object_panel, add_row_badges
from unionadmin.querystring import query_object
from unionadmin.spreadsheets import neutralise

from ..forms.model_worker_care import (
    CareRoundForm,
    CareSettingsForm,
    InviteForm,
    OutcomeForm,
    RoundQuery,
    SituationUpdateForm,
    UpdateQuery,
)
from ..models import CareInvitation, CareRound, CareSettings, HardshipFile, SituationUpdate
from ..services.errors import WelfareError
from ..services.model_worker_care import (
    hardship_of_model_workers,
    invitation_record_outcome,
    is_cared_for,
    model_workers_in_scope,
    overdue_updates,
    round_invite,
    round_pay,
    round_totals,
    round_update,
)
from .base import (
    WelfareActionView,
    WelfareCreateView,
    WelfareDetailView,
    WelfareFormView,
    WelfareListView,
    WelfareUpdateView,
)


class CareMixin:
    section = "care"


class FrozenOncePaid:
    """Edit, invite and outcome are steps of an unpaid round (CareRound.allowed_actions); a paid
    round's refusal says why."""

    def step_refusal(self):
        refusal = super().step_refusal()
        care_round = getattr(self.object, "care_round", self.object)
        if refusal and care_round.paid_on:
            return _("The round was paid on %(day)s; it can no longer be changed.") % {"day": care_round.paid_on}
        return refusal


# Care rounds

class RoundListView(CareMixin, WelfareListView):
    model = CareRound
    template_name = "welfare/model_worker_care/round_list.html"
    page_title = gettext_lazy("Model-worker care")

    def get_queryset(self):
        self.query = RoundQuery(self.request.GET)
        values = self.query.values
        rounds = super().get_queryset().select_related("organiser").prefetch_related("invitations")
        if values["year"]:
            rounds = rounds.filter(year=values["year"])
        if values["kind"]:
            rounds = rounds.filter(kind=values["kind"])
        return rounds

    def get_context_data(self, **kwargs):
        context = super().get_context_data(query=self.query, **kwargs)
        for care_round in context["object_list"]:  # the prefetched invitations: no query per row
            care_round.totals = round_totals(care_round)
        return context


class CareFormMixin(CareMixin):
    """A care form page: the person is recorded on a new row (``recorder_field``), then the message."""

    recorder_field = ""
    saved_message = ""

    def form_valid(self, form):
        if not form.instance.pk:
            setattr(form.instance, self.recorder_field, self.request.user)
        response = super().form_valid(form)  # saved first: a refused save leaves no success message
        messages.success(self.request, self.saved_message)
        return response


class RoundFormMixin(CareFormMixin):
    model = CareRound
    form_class = CareRoundForm
    recorder_field = "created_by"
    saved_message = gettext_lazy("The care round was saved.")


class RoundCreateView(RoundFormMixin, WelfareCreateView):
    page_title = gettext_lazy("New care round")


class RoundUpdateView(FrozenOncePaid, RoundFormMixin, WelfareUpdateView):
    """Only an unpaid round is edited (step ``edit``); the service moves the archive entries with it."""

    page_title = gettext_lazy("Edit care round")
    step = "edit"

    def form_valid(self, form):
        try:
            self.object = round_update(form.instance)
        except WelfareError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, self.saved_message)
        return HttpResponseRedirect(self.get_success_url())


class RoundDetailView(CareMixin, WelfareDetailView):
    model = CareRound
    template_name = "welfare/model_worker_care/round_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("organiser", "created_by")

    def get_context_data(self, **kwargs):
        care_round = self.object
        invitations = care_round.invitations.select_related("member__union", "replaced_by__member")
        return super().get_context_data(
            page_title=str(care_round), invitations=invitations, totals=round_totals(care_round),
            can_change=self.can("change", care_round) and not care_round.paid_on,
            can_export=self.can("export", care_round),
            can_pay=self.can("approve", care_round) and not care_round.paid_on, **kwargs)


class RoundPayView(CareMixin, WelfareActionView):
    """Paying a round is a money step: it needs the approval right (welfare's rules)."""

    model = CareRound
    scope_action = "approve"

    def act(self, care_round):
        voucher = round_pay(care_round, by=self.request.user)
        if voucher is None:
            return _("The round was marked paid; its union keeps its books elsewhere, so nothing was posted here.")
        return _("The round was paid and posted as voucher %(number)s.") % {"number": f"{voucher.year}-{voucher.number:04d}"}


class RoundInviteView(FrozenOncePaid, CareMixin, WelfareFormView):
    model = CareRound
    form_class = InviteForm
    template_name = "welfare/model_worker_care/invite.html"
    submit_label = gettext_lazy("Invite")
    step = "invite"

    def get_page_title(self):
        return _("Invite model workers: %(round)s") % {"round": self.object}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "care_round": self.object}

    def perform(self, form):
        count = round_invite(self.object, members=form.cleaned_data["members"],
                             min_level=form.cleaned_data["min_level"] or None)
        return _("%(count)s model workers were invited.") % {"count": count}


class InvitationOutcomeView(FrozenOncePaid, CareMixin, WelfareFormView):
    model = CareInvitation
    form_class = OutcomeForm
    step = "outcome"

    def optimise(self, queryset):
        return queryset.select_related("care_round", "member")

    def get_page_title(self):
        return _("Outcome: %(member)s, %(round)s") % {"member": self.object.member.name,
                                                       "round": self.object.care_round}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "invitation": self.object}

    def perform(self, form):
        data = form.cleaned_data
        invitation_record_outcome(self.object, status=data["status"], by=self.request.user,
                                  decline_reason=data["decline_reason"], cost=data["cost"],
                                  replacement=data["replacement"])
        return _("Recorded: %(name)s, %(outcome)s.") % {
            "name": self.object.member.name, "outcome": CareInvitation.Status(data["status"]).label}


def _round_rows(care_round):
    for invitation in care_round.invitations.select_related("member__union", "replaced_by__member"):
        yield [
            invitation.member.name, invitation.member.union.name, invitation.get_status_display(),
            invitation.decline_reason,
            invitation.replaced_by.member.name if invitation.replaced_by_id else "",
            invitation.cost_recorded if invitation.cost_recorded is not None else "",
        ]


def _workbook(title, headers, rows, footer) -> tuple[bytes, int]:
    """One sheet: bold headers, the rows, the footer row; no cell can become a formula."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True, "border": 1})
    money = book.add_format({"num_format": "#,##0.00"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    count = 0
    for row_number, row in enumerate([headers, *rows, footer]):
        count += 1
        for col, value in enumerate(row):
            if isinstance(value, Decimal):
                sheet.write_number(row_number, col, float(value), money)
            elif isinstance(value, date):
                sheet.write_datetime(row_number, col, datetime(value.year, value.month, value.day), day)
            else:
                sheet.write_string(row_number, col, neutralise(str(value)), bold if row_number == 0 else None)
    sheet.set_column(0, len(headers) - 1, 16)
    book.close()
    return buffer.getvalue(), count - 2


class RoundExportView(CareMixin, WelfareDetailView):
    """The round's invitations as XLSX, with the totals in the last row; an AuditEvent (EXPORT)."""

    model = CareRound
    scope_action = "export"

    def get(self, request, *args, **kwargs):
        care_round = self.get_object()
        totals = round_totals(care_round)
        headers = [_("Model worker"), _("Union"), _("Outcome"), _("Reason for declining"), _("Replaced by"),
                   _("Cost (yuan)")]
        footer = [_("Total"), _("%(invited)s invited, %(went)s went") % totals, "", "", "", totals["cost"]]
        data, count = _workbook(str(care_round), [str(h) for h in headers], _round_rows(care_round), footer)
        AuditEvent.record(actor=request.user, verb=AuditEvent.Verb.EXPORT, organisation=care_round.organiser,
                          detail=_("Care round %(round)s: %(count)s rows") % {"round": care_round, "count": count},
                          rows=count, unmasked=False, filters={})
        response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="care-round-{care_round.pk}.xlsx"'
        return response


# Model workers in hardship

class HardshipListView(CareMixin, WelfareListView):
    """Model workers with a hardship file: the file's status and the approved help on it."""

    model = HardshipFile
    template_name = "welfare/model_worker_care/hardship_list.html"
    page_title = gettext_lazy("Model workers in hardship")

    def get_queryset(self):
        return hardship_of_model_workers(self.request.user)


# Annual updates

class UpdateListView(CareMixin, WelfareListView):
    model = SituationUpdate
    template_name = "welfare/model_worker_care/update_list.html"
    page_title = gettext_lazy("Model workers' annual updates")

    def get_queryset(self):
        self.year = UpdateQuery.read(self.request.GET)["year"] or timezone.localdate().year
        return super().get_queryset().filter(year=self.year).select_related("member", "union")

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.year, query=UpdateQuery({"year": self.year}),
                                        overdue=overdue_updates(self.request.user), **kwargs)


class UpdateFormMixin(CareFormMixin):
    model = SituationUpdate
    form_class = SituationUpdateForm
    recorder_field = "recorded_by"
    saved_message = gettext_lazy("The annual update was saved.")

    def form_valid(self, form):
        form.instance.union = form.cleaned_data["member"].union  # the update is filed under their union
        return super().form_valid(form)


class UpdateCreateView(UpdateFormMixin, WelfareCreateView):
    page_title = gettext_lazy("Annual update of a model worker")

    def get_initial(self):
        member = query_object(self.request.GET, "member", model_workers_in_scope(self.request.user))
        return {**super().get_initial(), **({"member": member} if member else {})}


class UpdateUpdateView(UpdateFormMixin, WelfareUpdateView):
    page_title = gettext_lazy("Edit annual update")


# The union's cut-off

class SettingsListView(CareMixin, WelfareListView):
    model = CareSettings
    template_name = "welfare/model_worker_care/settings_list.html"
    page_title = gettext_lazy("Annual update cut-off")

    def get_queryset(self):
        return super().get_queryset().select_related("organisation")


class SettingsFormMixin(CareMixin):
    model = CareSettings
    form_class = CareSettingsForm

    def get_success_url(self):
        messages.success(self.request, _("The cut-off was saved."))
        return reverse("welfare:care_settings")


class SettingsCreateView(SettingsFormMixin, WelfareCreateView):
    page_title = gettext_lazy("Set the annual update cut-off")


class SettingsUpdateView(SettingsFormMixin, WelfareUpdateView):
    page_title = gettext_lazy("Edit the annual update cut-off")


# The member's record: the care tab

def member_care_panel(request, member: Member):
    """The tab on a model worker's record: annual updates, rounds attended, hardship files;
    None (no tab) for someone who is no model worker or for a person without welfare rights there."""
    user = request.user
    if not SituationUpdate.scope.allows(user, "view", SituationUpdate(union=member.union)) or not is_cared_for(member):
        return None
    return {
        "member": member,
        "updates": SituationUpdate.objects.visible_to(user).filter(member=member),
        "invitations": (CareInvitation.objects.visible_to(user).filter(member=member)
                        .select_related("care_round__organiser").order_by("-care_round__starts_on")),
        # a round organised above (the federation's) is listed, but its page is the organiser's
        "round_ids": set(CareRound.objects.visible_to(user).filter(invitations__member=member)
                         .values_list("pk", flat=True)),
        "files": hardship_of_model_workers(user).filter(worker=member),
        "can_change": SituationUpdate.scope.allows(user, "change", SituationUpdate(union=member.union)),
    }


IN_HARDSHIP = (HardshipFile.Status.FILED, HardshipFile.Status.RECHECK)  # 在档: filed, or at its re-check


def hardship_badges(request, members) -> dict:
    """"In hardship" beside each model worker on the members' list who has a filed hardship
    file this person may see: one query for the page, nothing for someone without welfare rights."""
    files = (HardshipFile.objects.visible_to(request.user)
             .filter(worker__in=[m.pk for m in members], status__in=IN_HARDSHIP).values_list("worker_id", "status"))
    return {worker_id: [Badge(_("In hardship"), "warning", HardshipFile.Status(status).label)]
            for worker_id, status in files}


def register():
    """The care tab on a member's record (after the record's own tabs), and the hardship mark on
    the members' model-worker list."""
    add_object_panel("member", ObjectPanel("care", gettext_lazy("Model-worker care"),
                                           "welfare/model_worker_care/_member_panel.html", member_care_panel, order=40))
    add_row_badges("model_worker", RowBadges(hardship_badges))
