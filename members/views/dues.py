"""Dues and union funds: a union's months at a glance, recording, arrears, the union's rule."""
from django.contrib import messages
from django.db.models import Count, Sum
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import CreateView, FormView, ListView, TemplateView, UpdateView

from unionadmin.models import Organisation
from unionadmin.views.mixins import ScopedObjectMixin, UserFormKwargsMixin

from ..arrears import in_arrears, months_behind
from ..filters import UnionFilter
from ..forms import DuesCollectForm, DuesPaymentForm, DuesRuleForm, FundReceiptForm
from ..models import DuesPayment, DuesRule, FundReceipt, Member
from ..services import MembersError, dues_collect_month, dues_rule_for
from .base import MemberChildCreateView, MemberChildDeleteView, MemberChildUpdateView, may_act_at


def _preselected_union(request, model):
    """For a "record" page: the union named in ?union= where the user may record, else the top
    of their scope."""
    return UnionFilter(request.GET, model.objects.none(), user=request.user, model=model,
                       action="change").chosen_union


class DuesOverviewView(ScopedObjectMixin, TemplateView):
    model = DuesPayment
    template_name = "members/dues_overview.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        filterset = UnionFilter(self.request.GET, DuesPayment.objects.visible_to(user), user=user, model=DuesPayment)
        union = filterset.chosen_union
        context = {"union": union,
                   "unions": filterset.unions.exclude(level=Organisation.Level.BRANCH).order_by("path")[:500]}
        if union is not None:
            payments = filterset.qs
            context["months"] = (payments.values("period").annotate(n=Count("pk"), total=Sum("amount"))
                                 .order_by("-period")[:12])
            context["receipts"] = (FundReceipt.objects.visible_to(user).filter(union__path__startswith=union.path)
                                   .select_related("union")[:24])
            context["rule"] = dues_rule_for(union)
            context["members"] = Member.objects.visible_to(user).active().filter(
                union__path__startswith=union.path).count()
            context["arrears"] = in_arrears(Member.objects.visible_to(user).active().filter(
                union__path__startswith=union.path), timezone.localdate()).count()
            context["can_change"] = may_act_at(user, DuesPayment, "change", union)
        return super().get_context_data(**context, **kwargs)


class ArrearsListView(ScopedObjectMixin, ListView):
    """Current members behind with their dues, by their union's rule."""

    model = Member
    paginate_by = 50
    template_name = "members/arrears_list.html"

    def get_queryset(self):
        self.filterset = UnionFilter(self.request.GET, super().get_queryset().active().select_related("union"),
                                     user=self.request.user, model=Member)
        self.union, self.unions = self.filterset.chosen_union, self.filterset.unions
        return in_arrears(self.filterset.qs, timezone.localdate()).order_by("first_unpaid", "union__path", "name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(union=self.union, unions=self.unions.order_by("path")[:500], **kwargs)
        today = timezone.localdate()
        for member in context["object_list"]:
            member.months_behind = months_behind(member.first_unpaid, today)
        return context


class DuesCollectView(ScopedObjectMixin, FormView):
    """Record a month's dues for a whole union at once, each member at their last amount."""

    model = DuesPayment
    scope_action = "change"
    form_class = DuesCollectForm
    template_name = "members/dues_collect.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        return {**super().get_initial(), "union": _preselected_union(self.request, DuesPayment)}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            count = dues_collect_month(union=data["union"], period=data["period"], paid_on=data["paid_on"],
                                       user=self.request.user)
        except MembersError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        if count:
            messages.success(self.request, _("Dues for %(month)s recorded for %(count)d members.") % {
                "month": data["period"].strftime("%Y-%m"), "count": count})
        else:
            messages.info(self.request, _("No dues recorded for %(month)s: every current member with an earlier "
                                          "payment already has this month (a form sent twice records nothing "
                                          "twice); members without one are recorded by hand.") % {
                "month": data["period"].strftime("%Y-%m")})
        return redirect(reverse("members:dues") + f"?union={data['union'].pk}")


class DuesPaymentCreateView(MemberChildCreateView):
    child_model = DuesPayment
    form_class = DuesPaymentForm
    tab = "dues"

    def fill(self, obj):
        obj.union_id = self.member.union_id
        obj.recorded_by = self.request.user


class DuesPaymentUpdateView(MemberChildUpdateView):
    model = DuesPayment
    form_class = DuesPaymentForm
    tab = "dues"
    delete_url_name = "members:dues_delete"


class DuesPaymentDeleteView(MemberChildDeleteView):
    model = DuesPayment
    tab = "dues"


class FundReceiptCreateView(ScopedObjectMixin, UserFormKwargsMixin, CreateView):
    model = FundReceipt
    form_class = FundReceiptForm
    scope_action = "change"
    template_name = "members/simple_form.html"

    def get_initial(self):
        return {**super().get_initial(), "union": _preselected_union(self.request, FundReceipt),
                "received_on": timezone.localdate()}

    def form_valid(self, form):
        form.instance.recorded_by = self.request.user
        form.save()
        messages.success(self.request, _("Saved."))
        return redirect(reverse("members:dues") + f"?union={form.instance.union_id}")


class FundReceiptUpdateView(ScopedObjectMixin, UserFormKwargsMixin, UpdateView):
    model = FundReceipt
    form_class = FundReceiptForm
    scope_action = "change"
    template_name = "members/simple_form.html"

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Changes saved."))
        return redirect(reverse("members:dues") + f"?union={form.instance.union_id}")


class DuesRuleView(ScopedObjectMixin, UpdateView):
    """A union's dues rule (the URL names the union)."""

    model = Organisation
    scope_action = "change"
    form_class = DuesRuleForm
    template_name = "members/simple_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = DuesRule.objects.filter(union=self.object).first() or DuesRule(union=self.object)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=_("Dues rule of %(union)s") % {"union": self.object}, **kwargs)

    def form_valid(self, form):
        form.instance.union = self.object
        form.save()
        messages.success(self.request, _("Changes saved."))
        return redirect(reverse("members:dues") + f"?union={self.object.pk}")
