"""One member: the page with its tabs, creating and editing, and revealing personal data."""
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, UpdateView

from unionadmin.models import AuditEvent
from unionadmin.navigation import filled_panels
from unionadmin.querystring import query_object
from unionadmin.scoping import organisations_where, user_can
from unionadmin.views.mixins import ScopedObjectMixin, UserFormKwargsMixin
from unionadmin.views.personal import RevealFieldView

from ..arrears import months_behind, with_arrears
from ..forms import MemberForm
from ..models import ArchiveEntry, CadrePost, DuesPayment, Honour, Member, TrainingRecord, Transfer
from ..services import dues_rule_for
from .base import may_act_at


class MemberDetailView(ScopedObjectMixin, DetailView):
    model = Member
    template_name = "members/member_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("union", "card_batch")

    def get_context_data(self, **kwargs):
        member, user = self.object, self.request.user
        transfers = (Transfer.objects.visible_to(user).filter(member=member)
                     .select_related("from_union__parent", "to_union__parent", "sent_by", "decided_by"))
        open_transfer = next((t for t in transfers if t.is_open), None)
        dues = list(DuesPayment.objects.visible_to(user).filter(member=member).select_related("union")[:24])
        reveals = (AuditEvent.objects.visible_to(user)
                   .filter(target_type=ContentType.objects.get_for_model(Member), target_id=str(member.pk),
                           verb=AuditEvent.Verb.REVEAL).select_related("actor")[:50])
        can = {
            "change": may_act_at(user, Member, "change", member.union),
            "dues": may_act_at(user, DuesPayment, "change", member.union),
            "posts": may_act_at(user, CadrePost, "change", member.union),
            "honours": may_act_at(user, Honour, "change", member.union),
            "archive": may_act_at(user, ArchiveEntry, "change", member.union),
        }
        can["transfer"] = can["change"] and member.is_active_member and open_transfer is None
        ancestors = [a for a in member.union.ancestors() if user_can(user, "view", a)]
        today = timezone.localdate()
        standing = with_arrears(Member.objects.filter(pk=member.pk), today).values(
            "last_paid", "first_unpaid", "flag_from").first()
        standing["behind"] = months_behind(standing["first_unpaid"], today)
        standing["flagged"] = standing["first_unpaid"] is not None and standing["first_unpaid"] <= standing["flag_from"]
        return super().get_context_data(
            standing=standing,
            transfers=transfers, open_transfer=open_transfer, dues=dues, dues_rule=dues_rule_for(member.union),
            posts=CadrePost.objects.visible_to(user).filter(member=member).select_related("organisation"),
            training=TrainingRecord.objects.visible_to(user).filter(member=member),
            honours=Honour.objects.visible_to(user).filter(member=member),
            archive=ArchiveEntry.objects.visible_to(user).filter(member=member).select_related("recorded_by"),
            reveals=reveals, can=can, ancestors=ancestors,
            panels=filled_panels("member", self.request, member), **kwargs,
        )


class MemberCreateView(ScopedObjectMixin, UserFormKwargsMixin, CreateView):
    model = Member
    form_class = MemberForm
    scope_action = "change"
    template_name = "members/member_form.html"

    def get_initial(self):
        initial = super().get_initial()
        union = query_object(self.request.GET, "union", organisations_where(self.request.user, Member, "change"))
        if union:
            initial["union"] = union
        return initial

    def form_valid(self, form):
        messages.success(self.request, _("%(name)s was added to the roster.") % {"name": form.instance.name})
        for warning in form.warnings():
            messages.warning(self.request, warning)
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("members:member_detail", args=[self.object.pk])


class MemberUpdateView(ScopedObjectMixin, UserFormKwargsMixin, UpdateView):
    model = Member
    form_class = MemberForm
    scope_action = "change"
    template_name = "members/member_form.html"

    def optimise(self, queryset):
        return queryset.select_related("union")

    def form_valid(self, form):
        messages.success(self.request, _("Changes saved."))
        for warning in form.warnings():
            messages.warning(self.request, warning)
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("members:member_detail", args=[self.object.pk])


class MemberRevealView(RevealFieldView):
    """POST: one member's full ID or mobile number, logged as an AuditEvent (REVEAL)."""

    model = Member

    def optimise(self, queryset):
        return queryset.select_related("union")


