"""The funds audit committee (经审会) and its annual audit; the federation's inspection rounds,
their units, findings and the units' rectification reports.

Who: the committee is recorded by the union's finance officer, chair or officers and the
federation above (AuditCommittee's policy); its members (role ``audit_committee``) read the
books and write and sign the annual audit. An inspection round belongs to its federation's
administrators and finance officers; a unit sees its own inspection and findings once it is
notified, and its finance officer or chair answers each finding with a rectification report,
which the federation accepts or returns. Every object comes through ``visible_to``."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView

from unionadmin.roles import Role
from unionadmin.scoping import holds
from unionadmin.views.files import UploadedFileView
from unionadmin.views.objects import ObjectActionView, ObjectFormView

from .. import audit
from ..forms_audit import (
    AuditStartForm,
    AuditTextForm,
    CloseRoundForm,
    CommitteeEndForm,
    CommitteeForm,
    FieldworkForm,
    FindingForm,
    InspectionQuery,
    RectificationForm,
    RoundForm,
    RoundUnitsForm,
    SeatForm,
    VerifyForm,
)
from ..models import (
    AnnualAudit,
    AuditCommittee,
    AuditCommitteeMember,
    CheckItem,
    Finding,
    InspectedUnit,
    InspectionRound,
    Rectification,
)
from ..services import FinanceError
from .base import FinanceMixin, may


class CreateFormView(FinanceMixin, FormView):
    """A form making a new row at a union the person chooses; 403 when there is none they may
    make it at. ``create(data)`` calls the service and returns the new row."""

    template_name = "finance/form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if not form.fields[self.union_field].queryset.exists():
            raise PermissionDenied
        return self.render_to_response(self.get_context_data(form=form))

    def form_valid(self, form):
        try:
            self.created = self.create(form.cleaned_data)
        except FinanceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self):
        return self.created.get_absolute_url()


class AuditStepView(FinanceMixin, ObjectFormView):
    """A form step on a committee, an audit or a seat (the committee's sub-menu entry)."""

    scope_action = "change"
    template_name = "finance/form.html"
    section = "audit"


class InspectionStepView(AuditStepView):
    """A form step on a round, an inspected unit or a finding."""

    section = "inspections"


# --- the committee ---------------------------------------------------------------------------

class CommitteePage:
    """The committee's pages (no amounts on them) are open to the union officers who record
    the committee (AuditCommittee's policy) though they do not read the books; what each
    person sees and changes is still the policy's."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not may(user, "view") and holds(user, {Role.UNION_OFFICER}):
            return super(FinanceMixin, self).dispatch(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)


class CommitteeListView(CommitteePage, FinanceMixin, ListView):
    """The committees and annual audits of the unions the person may read."""

    model = AuditCommittee
    template_name = "finance/audit/committee_list.html"
    section = "audit"
    page_title = gettext_lazy("Funds audit committee")
    paginate_by = 50

    def get_queryset(self):
        return (super().get_queryset().select_related("organisation").annotate(seats=Count("members"))
                .order_by("organisation__path", "-term_start"))

    def get_context_data(self, **kwargs):
        user = self.request.user
        audits = (AnnualAudit.objects.visible_to(user).select_related("organisation", "signed_by")
                  .order_by("organisation__path", "-year")[:100])
        return super().get_context_data(
            audits=audits, today=timezone.localdate(),
            may_add_committee=CommitteeForm(user=user).fields["organisation"].queryset.exists(),
            may_start_audit=AuditStartForm(user=user).fields["organisation"].queryset.exists(), **kwargs)


class CommitteeCreateView(CommitteePage, CreateFormView):
    model = AuditCommittee
    form_class = CommitteeForm
    union_field = "organisation"
    section = "audit"
    page_title = gettext_lazy("Record a funds audit committee")

    def create(self, data):
        committee = audit.committee_create(data["organisation"], term_start=data["term_start"], years=data["years"],
                                           elected_at=data["elected_at"], by=self.request.user)
        messages.success(self.request, _("The committee is recorded; give its members their seats."))
        return committee


class CommitteeDetailView(CommitteePage, FinanceMixin, DetailView):
    model = AuditCommittee
    template_name = "finance/audit/committee_detail.html"
    section = "audit"

    def get_queryset(self):
        return super().get_queryset().select_related("organisation").prefetch_related(
            Prefetch("members", queryset=AuditCommitteeMember.objects.select_related("member", "user")))

    def get_context_data(self, **kwargs):
        committee = self.object
        seats = list(committee.members.all())
        for seat in seats:  # an exclusion that came after the seat (a post, a role): the seat gives no right
            seat.conflict = audit.seat_refusal(committee, seat.member, user=seat.user,
                                               handles_money_or_goods=seat.handles_money_or_goods)
        return super().get_context_data(
            page_title=_("Funds audit committee of %(union)s") % {"union": committee.organisation.name},
            seats=seats, may_edit=self.can("change", committee) and committee.is_current,
            audits=committee.audits.visible_to(self.request.user).order_by("-year"), **kwargs)


class SeatAddView(CommitteePage, AuditStepView):
    model = AuditCommittee
    form_class = SeatForm
    submit_label = gettext_lazy("Give the seat")

    def get_page_title(self):
        return _("A seat on the funds audit committee of %(union)s") % {"union": self.object.organisation.name}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "committee": self.object}

    def refusal(self):
        return audit.seat_change_refusal(self.object)

    def perform(self, form):
        data = form.cleaned_data
        seat = audit.seat_add(self.object, data["member"], position=data["position"], user=data["login"],
                              handles_money_or_goods=data["handles_money_or_goods"], by=self.request.user)
        if seat.user is not None:
            return _("%(name)s has a seat; the login %(login)s may now read the books and write the audit.") % {
                "name": seat.member.name, "login": seat.user.get_username()}
        return _("%(name)s has a seat.") % {"name": seat.member.name}


class SeatRemoveView(CommitteePage, FinanceMixin, ObjectActionView):
    model = AuditCommitteeMember
    scope_action = "change"

    def act(self, seat):
        audit.seat_remove(seat, by=self.request.user)
        return _("%(name)s no longer has a seat.") % {"name": seat.member.name}

    def get_success_url(self):
        return self.object.committee.get_absolute_url()


class CommitteeEndView(CommitteePage, AuditStepView):
    model = AuditCommittee
    form_class = CommitteeEndForm
    submit_label = gettext_lazy("End the term")

    def get_page_title(self):
        return _("End the term of %(committee)s") % {"committee": self.object}

    def get_initial(self):
        return {"on": min(timezone.localdate(), self.object.term_end)}

    def refusal(self):
        if self.object.term_end < timezone.localdate():
            return _("This term has already ended.")
        return None

    def perform(self, form):
        audit.committee_end(self.object, on=form.cleaned_data["on"], by=self.request.user)
        return _("The term ends on %(day)s; its members' logins no longer hold the role.") % {
            "day": form.cleaned_data["on"]}


# --- the annual audit ------------------------------------------------------------------------

class AuditStartView(CreateFormView):
    model = AnnualAudit
    form_class = AuditStartForm
    union_field = "organisation"
    section = "audit"
    page_title = gettext_lazy("Begin an annual audit")
    submit_label = gettext_lazy("Begin")

    def get_context_data(self, **kwargs):
        return super().get_context_data(submit_label=self.submit_label, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        existing = AnnualAudit.objects.visible_to(self.request.user).filter(organisation=data["organisation"],
                                                                            year=data["year"]).first()
        if existing is not None:  # begun already (or the form sent twice): show it
            messages.info(self.request, _("The audit of %(year)s is already begun; it is shown here.")
                          % {"year": data["year"]})
            return HttpResponseRedirect(existing.get_absolute_url())
        return super().form_valid(form)

    def create(self, data):
        return audit.audit_start(data["organisation"], data["year"], by=self.request.user)


class AuditDetailView(FinanceMixin, DetailView):
    model = AnnualAudit
    template_name = "finance/audit/audit_detail.html"
    section = "audit"

    def get_queryset(self):
        return super().get_queryset().select_related("organisation", "committee", "signed_by")

    def get_context_data(self, **kwargs):
        annual = self.object
        may_write = (self.can("change", annual) and not annual.is_signed
                     and audit.audit_write_refusal(annual.committee, self.request.user) is None)
        return super().get_context_data(
            page_title=_("Annual audit %(year)s · %(union)s") % {"year": annual.year,
                                                                 "union": annual.organisation.name},
            figures=audit.year_figures(annual.organisation, annual.year), may_write=may_write,
            seats=audit.signatories(annual), **kwargs)


class AuditEditView(AuditStepView):
    model = AnnualAudit
    form_class = AuditTextForm

    def get_page_title(self):
        return _("Write the audit of %(year)s") % {"year": self.object.year}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def refusal(self):
        if self.object.is_signed:
            return _("This audit is signed; a signed audit report is not changed.")
        return audit.audit_write_refusal(self.object.committee, self.request.user)

    def perform(self, form):
        data = form.cleaned_data
        audit.audit_save(self.object, scope_text=data["scope_text"], findings=data["findings"],
                         conclusion=data["conclusion"], by=self.request.user)
        return _("The audit is saved.")


class AuditSignView(FinanceMixin, ObjectActionView):
    model = AnnualAudit
    scope_action = "change"

    def act(self, annual):
        audit.audit_sign(annual, by=self.request.user)
        return _("The audit of %(year)s is signed; its report can be printed.") % {"year": annual.year}


# --- inspection rounds -----------------------------------------------------------------------

class InspectionListView(FinanceMixin, ListView):
    """The federation's rounds, and a unit's own inspections (once notified)."""

    model = InspectionRound
    template_name = "finance/audit/inspection_list.html"
    section = "inspections"
    page_title = gettext_lazy("Inspections")
    paginate_by = 50

    def get_queryset(self):
        self.query = InspectionQuery(self.request.GET)
        rounds = super().get_queryset().select_related("federation").annotate(
            n_units=Count("units", distinct=True),
            n_open=Count("units__findings", filter=~Q(units__findings__status=Finding.Status.CLOSED)),
            n_overdue=Count("units__findings", filter=~Q(units__findings__status=Finding.Status.CLOSED)
                            & Q(units__findings__deadline__lt=timezone.localdate()))).order_by("-year", "-starts_on", "pk")
        year = self.query.values["year"]
        return rounds.filter(year=year) if year else rounds

    def get_context_data(self, **kwargs):
        user = self.request.user
        own = (InspectedUnit.objects.visible_to(user).exclude(round__in=InspectionRound.objects.visible_to(user))
               .select_related("round", "unit").order_by("-round__starts_on"))
        year = self.query.values["year"]
        if year:
            own = own.filter(round__year=year)
        own = own.annotate(
            n_findings=Count("findings"),
            n_open=Count("findings", filter=~Q(findings__status=Finding.Status.CLOSED)),
            n_overdue=Count("findings", filter=~Q(findings__status=Finding.Status.CLOSED)
                            & Q(findings__deadline__lt=timezone.localdate())))
        return super().get_context_data(
            query=self.query, own=own[:100],
            may_plan=RoundForm(user=user).fields["federation"].queryset.exists(), **kwargs)


class InspectionCreateView(CreateFormView):
    model = InspectionRound
    form_class = RoundForm
    union_field = "federation"
    section = "inspections"
    page_title = gettext_lazy("Plan an inspection round")

    def create(self, data):
        inspection = audit.round_create(data["federation"], title=data["title"], starts_on=data["starts_on"],
                                        ends_on=data["ends_on"], plan=data["plan"], by=self.request.user)
        messages.success(self.request, _("The round is planned; choose the unions to inspect."))
        return inspection

    def get_success_url(self):
        return reverse("finance:inspection_units", args=[self.created.pk])


class InspectionDetailView(FinanceMixin, DetailView):
    model = InspectionRound
    template_name = "finance/audit/inspection_detail.html"
    section = "inspections"

    def get_queryset(self):
        return super().get_queryset().select_related("federation", "created_by")

    def get_context_data(self, **kwargs):
        inspection = self.object
        counts = audit.unit_counts(inspection)
        units = list(inspection.units.select_related("unit").order_by("unit__path"))
        for inspected in units:
            inspected.counts = counts.get(inspected.pk, {})
        overdue = (audit.overdue(Finding.objects.filter(inspected__round=inspection))
                   .select_related("inspected__unit").order_by("deadline"))
        status = InspectionRound.Status
        may_change = self.can("change", inspection)
        return super().get_context_data(
            page_title=inspection.title, units=units, overdue=overdue,
            may_pick=may_change and inspection.status == status.PLANNED,
            may_notify=may_change and inspection.status == status.PLANNED and units,
            may_fieldwork=may_change and inspection.status in (status.NOTIFIED, status.FIELDWORK),
            may_close=may_change and inspection.status in (status.NOTIFIED, status.FIELDWORK), **kwargs)


class InspectionUnitsView(InspectionStepView):
    model = InspectionRound
    form_class = RoundUnitsForm
    submit_label = gettext_lazy("Save the units")

    def get_page_title(self):
        return _("Unions to inspect · %(round)s") % {"round": self.object.title}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "inspection": self.object}

    def refusal(self):
        if self.object.status != InspectionRound.Status.PLANNED:
            return _("The units are notified; the round's units are no longer changed.")
        return None

    def perform(self, form):
        audit.round_set_units(self.object, form.cleaned_data["units"], by=self.request.user)
        return _("%(count)s unions will be inspected.") % {"count": len(form.cleaned_data["units"])}


class InspectionNotifyView(FinanceMixin, ObjectActionView):
    model = InspectionRound
    scope_action = "change"

    def act(self, inspection):
        audit.round_notify(inspection, by=self.request.user)
        return _("The units are notified; their finance officers and chairs see the inspection now.")


class InspectionCloseView(InspectionStepView):
    model = InspectionRound
    form_class = CloseRoundForm
    submit_label = gettext_lazy("Close the round")

    def get_page_title(self):
        return _("Close %(round)s") % {"round": self.object.title}

    def refusal(self):
        if self.object.status not in (InspectionRound.Status.NOTIFIED, InspectionRound.Status.FIELDWORK):
            return _("Only a round whose units are notified can be closed.")
        return None

    def perform(self, form):
        audit.round_close(self.object, with_open=form.cleaned_data["with_open"], by=self.request.user)
        return _("The round is closed.")


class InspectedUnitDetailView(FinanceMixin, DetailView):
    model = InspectedUnit
    template_name = "finance/audit/unit_detail.html"
    section = "inspections"

    def get_queryset(self):
        return super().get_queryset().select_related("round__federation", "unit")

    def get_context_data(self, **kwargs):
        inspected = self.object
        today = timezone.localdate()
        findings = list(Finding.objects.visible_to(self.request.user).filter(inspected=inspected)
                        .order_by("deadline", "pk"))
        for finding in findings:
            finding.overdue = finding.is_overdue(today)
        checklist = [(label, inspected.checklist.get(value, "")) for value, label in CheckItem.choices]
        open_round = inspected.round.status in (InspectionRound.Status.NOTIFIED, InspectionRound.Status.FIELDWORK)
        return super().get_context_data(
            page_title=_("%(round)s · %(union)s") % {"round": inspected.round.title, "union": inspected.unit.name},
            findings=findings, checklist=checklist, results=dict(FieldworkForm.RESULTS),
            n_overdue=sum(1 for f in findings if f.overdue),
            may_fieldwork=open_round and self.can("change", inspected), **kwargs)


class FieldworkView(InspectionStepView):
    model = InspectedUnit
    form_class = FieldworkForm

    def get_page_title(self):
        return _("Fieldwork at %(union)s") % {"union": self.object.unit.name}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "inspected": self.object}

    def refusal(self):
        return _round_not_open(self.object.round)

    def perform(self, form):
        audit.unit_fieldwork(self.object, visited_on=form.cleaned_data["visited_on"], checklist=form.checklist,
                             feedback=form.cleaned_data["feedback"], by=self.request.user)
        return _("The visit is recorded.")


def _round_not_open(inspection):
    if inspection.status == InspectionRound.Status.PLANNED:
        return _("Notify the units before the fieldwork.")
    if inspection.status == InspectionRound.Status.CLOSED:
        return _("The inspection round is closed.")
    return None


class FindingCreateView(InspectionStepView):
    model = InspectedUnit
    form_class = FindingForm
    submit_label = gettext_lazy("Record the finding")

    def get_page_title(self):
        return _("A finding at %(union)s") % {"union": self.object.unit.name}

    def refusal(self):
        return _round_not_open(self.object.round)

    def perform(self, form):
        data = form.cleaned_data
        audit.finding_add(self.object, category=data["category"], severity=data["severity"], amount=data["amount"],
                          description=data["description"], opinion=data["opinion"], deadline=data["deadline"],
                          by=self.request.user)
        return _("The finding is recorded; the unit is told.")


class FindingDetailView(FinanceMixin, DetailView):
    model = Finding
    template_name = "finance/audit/finding_detail.html"
    section = "inspections"

    def get_queryset(self):
        return super().get_queryset().select_related("inspected__round__federation", "inspected__unit", "recorded_by")

    def get_context_data(self, **kwargs):
        finding = self.object
        round_open = finding.inspected.round.status != InspectionRound.Status.CLOSED
        return super().get_context_data(
            page_title=str(finding), overdue=finding.is_overdue(),
            rectifications=finding.rectifications.select_related("submitted_by", "verified_by"),
            may_rectify=(round_open and finding.status == Finding.Status.OPEN and self.can("rectify", finding)
                         and audit.answers_for_unit(self.request.user, finding)),
            may_verify=round_open and finding.status == Finding.Status.REPORTED and self.can("verify", finding),
            **kwargs)


class FindingRectifyView(InspectionStepView):
    model = Finding
    scope_action = "rectify"
    form_class = RectificationForm
    submit_label = gettext_lazy("Send the rectification report")

    def get_page_title(self):
        return _("Rectification report · %(finding)s") % {"finding": self.object}

    def refusal(self):
        if self.object.status != Finding.Status.OPEN:
            return _("A rectification report on this finding is already waiting for verification, or the finding "
                     "is closed.")
        if not audit.answers_for_unit(self.request.user, self.object):
            return _("The rectification report is sent by the inspected union's own finance officer or chair.")
        return None

    def perform(self, form):
        audit.rectification_submit(self.object, report=form.cleaned_data["report"],
                                   upload=form.cleaned_data["file"], by=self.request.user)
        return _("The rectification report is sent to the federation.")


class FindingVerifyView(InspectionStepView):
    model = Finding
    scope_action = "verify"
    form_class = VerifyForm
    submit_label = gettext_lazy("Record the verification")

    def get_page_title(self):
        return _("Verify the rectification · %(finding)s") % {"finding": self.object}

    def refusal(self):
        if self.object.status != Finding.Status.REPORTED:
            return _("There is no rectification report waiting for verification on this finding.")
        return None

    def perform(self, form):
        accept = form.cleaned_data["verdict"] == "accept"
        audit.rectification_verify(self.object, accept=accept, note=form.cleaned_data["note"], by=self.request.user)
        return _("The finding is closed.") if accept else _("The report is returned; the finding is open again.")


class RectificationFileView(FinanceMixin, UploadedFileView):
    model = Rectification
