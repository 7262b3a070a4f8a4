"""The officers' side of members' requests (issue 19): corrections of a record, and requests
about personal information (withdraw consent, delete). Lists filter by state and union; the
detail page answers with the request's steps (accept / decline; carry out / refuse)."""
import django_filters
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, ListView

from unionadmin.models import Organisation
from unionadmin.scoping import organisations_where
from unionadmin.views.mixins import ScopedObjectMixin
from unionadmin.views.objects import ObjectActionView

from ..models import Member
from ..models.portal import CorrectionRequest, DataRightsRequest
from ..portal_requests import (
    MembersError,
    correction_accept,
    correction_decline,
    data_request_carry_out,
    data_request_refuse,
    deletion_refusal,
    field_label,
    masked_for,
)


def _state_filter(model):
    # Declared with the model's own states: choices set on an instance's filter after the fact
    # are lost once the filter's field has been made (a field made on the class is copied).
    return django_filters.ChoiceFilter(label=gettext_lazy("State"), empty_label=gettext_lazy("All"),
                                       choices=model.State.choices)


class RequestFilter(django_filters.FilterSet):
    """State (waiting by default) and union (among those where the person may see requests)."""

    union = django_filters.ModelChoiceFilter(label=gettext_lazy("Union"), queryset=Organisation.objects.none(),
                                             method="in_union")

    def __init__(self, data=None, *args, user, **kwargs):
        data = data.copy() if data is not None else {}
        if "state" not in data:
            data["state"] = "submitted"
        super().__init__(data, *args, **kwargs)
        self.filters["union"].queryset = organisations_where(user, self._meta.model, "view").exclude(
            level=Organisation.Level.GROUP).order_by("path")

    def in_union(self, queryset, name, value):
        return queryset.filter(member__union__path__startswith=value.path)


class CorrectionRequestFilter(RequestFilter):
    state = _state_filter(CorrectionRequest)

    class Meta:
        model = CorrectionRequest
        fields = ["state", "union"]


class DataRightsRequestFilter(RequestFilter):
    state = _state_filter(DataRightsRequest)

    class Meta:
        model = DataRightsRequest
        fields = ["state", "union"]


class _RequestList(ScopedObjectMixin, ListView):
    paginate_by = 50
    template_name = "members/requests/request_list.html"
    filter_class = None

    def optimise(self, queryset):
        return queryset.select_related("member__union").order_by("-submitted_at", "-pk")

    def get_queryset(self):
        self.filterset = self.filter_class(self.request.GET, queryset=super().get_queryset(), user=self.request.user)
        return self.filterset.qs  # a value that does not validate is read as not given

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, is_correction=self.model is CorrectionRequest, **kwargs)


class CorrectionRequestListView(_RequestList):
    model = CorrectionRequest
    filter_class = CorrectionRequestFilter

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [(r, field_label(r.field), masked_for(self.request.user, r.member, r.field, r.proposed_value))
                           for r in context["object_list"]]
        return context


class DataRightsRequestListView(_RequestList):
    model = DataRightsRequest
    filter_class = DataRightsRequestFilter

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = [(r, r.get_kind_display(), "") for r in context["object_list"]]
        return context


class AnswerForm(forms.Form):
    answer = forms.CharField(label=gettext_lazy("Answer to the member"), max_length=300, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class OutcomeForm(forms.Form):
    outcome = forms.CharField(label=gettext_lazy("Reasons, as the member will read them"), max_length=2000,
                              required=False, widget=forms.Textarea(attrs={"rows": 3}))


def _posted(form_class, data, field: str) -> str:
    """The officer's text as the form cleans it; a text the form refuses (too long) is refused
    with the form's own message, never taken as an empty answer."""
    form = form_class(data)
    if not form.is_valid():
        raise MembersError(" ".join(form.errors[field]), field=field)
    return form.cleaned_data[field]


class CorrectionRequestDetailView(ScopedObjectMixin, DetailView):
    model = CorrectionRequest
    template_name = "members/requests/correction_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("member__union", "decided_by")

    def get_context_data(self, **kwargs):
        request = self.object
        return super().get_context_data(
            field_name=field_label(request.field),
            proposed=masked_for(self.request.user, request.member, request.field, request.proposed_value),
            member_visible=Member.objects.visible_to(self.request.user).filter(pk=request.member_id).exists(),
            accept_form=AnswerForm(), decline_form=AnswerForm(), **kwargs)


class CorrectionAcceptView(ObjectActionView):
    model = CorrectionRequest
    scope_action = "decide"
    step = "accept"

    def act(self, request):
        answer = _posted(AnswerForm, self.request.POST, "answer")
        request = correction_accept(request_id=request.pk, user=self.request.user, answer=answer)
        return _("%(name)s's record is corrected: %(field)s is now %(value)s.") % {
            "name": request.member.name, "field": field_label(request.field),
            "value": masked_for(self.request.user, request.member, request.field, request.proposed_value)}


class CorrectionDeclineView(ObjectActionView):
    model = CorrectionRequest
    scope_action = "decide"
    step = "decline"

    def act(self, request):
        answer = _posted(AnswerForm, self.request.POST, "answer")
        correction_decline(request_id=request.pk, user=self.request.user, answer=answer)
        return _("The correction was declined; the member sees your answer.")


class DataRightsRequestDetailView(ScopedObjectMixin, DetailView):
    model = DataRightsRequest
    template_name = "members/requests/data_request_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("member__union", "member__user", "decided_by")

    def get_context_data(self, **kwargs):
        request = self.object
        refusal = deletion_refusal(request.member) if request.kind == DataRightsRequest.Kind.DELETE else None
        return super().get_context_data(
            deletion_refusal=refusal,
            member_visible=Member.objects.visible_to(self.request.user).filter(pk=request.member_id).exists(),
            carry_out_form=OutcomeForm(), refuse_form=OutcomeForm(initial={"outcome": refusal or ""}), **kwargs)


class DataRightsCarryOutView(ObjectActionView):
    model = DataRightsRequest
    scope_action = "decide"
    step = "carry_out"

    def act(self, request):
        note = _posted(OutcomeForm, self.request.POST, "outcome")
        data_request_carry_out(request_id=request.pk, user=self.request.user, note=note)
        return _("The request was carried out and the outcome recorded; the member was told by text message.")


class DataRightsRefuseView(ObjectActionView):
    model = DataRightsRequest
    scope_action = "decide"
    step = "refuse"

    def act(self, request):
        reasons = _posted(OutcomeForm, self.request.POST, "outcome")
        data_request_refuse(request_id=request.pk, user=self.request.user, reasons=reasons)
        return _("The request was refused with your reasons; the member sees them.")


