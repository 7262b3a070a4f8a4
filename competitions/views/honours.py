"""Honours (评先评优): the schemes list, a scheme's page (quotas, nominations, the public
notice, conferral), a nomination's page (the nominee's record, vetting, objections), and their
steps. Thin: every rule is in competitions/honours.py."""
from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView

from unionadmin.scoping import organisations_where
from unionadmin.views.mixins import ScopedObjectMixin, UserFormKwargsMixin

from .. import honours as services
from ..forms.honours import (
    AnswerForm,
    HonourSchemeFilter,
    HonourSchemeForm,
    NominationForm,
    ObjectionForm,
    PublicityForm,
    QuotaForm,
    ResubmitForm,
    VetForm,
)
from ..models import HonourObjection, HonourScheme, Nomination
from .base import CreatorRequiredMixin, ObjectActionView, ObjectFormView, SectionMixin

State = Nomination.State


class _HonoursSection(SectionMixin):
    section = "honours"


def _count(queryset):
    return Coalesce(Subquery(queryset.order_by().values("scheme").annotate(n=Count("pk")).values("n")), 0)


class HonourSchemeListView(_HonoursSection, ScopedObjectMixin, ListView):
    model = HonourScheme
    paginate_by = 50
    template_name = "competitions/honours/scheme_list.html"

    def get_queryset(self):
        # Counted over the nominations the user may see: a unit is not told how many a sibling
        # unit has in flight.
        visible = Nomination.objects.visible_to(self.request.user).filter(scheme=OuterRef("pk"))
        qs = super().get_queryset().select_related("union").annotate(
            nominated=_count(visible.exclude(state__in=[State.REFUSED, State.REMOVED])),
            conferred=_count(visible.filter(state=State.CONFERRED)))
        self.filterset = HonourSchemeFilter(self.request.GET, queryset=qs)
        return self.filterset.qs.order_by("-year", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset,
            can_create=organisations_where(self.request.user, HonourScheme, "change").exists(), **kwargs)


class HonourSchemeCreateView(CreatorRequiredMixin, _HonoursSection, ScopedObjectMixin, UserFormKwargsMixin,
                             CreateView):
    model = HonourScheme
    form_class = HonourSchemeForm
    scope_action = "change"
    template_name = "competitions/honours/form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("New honour scheme"), **kwargs)

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        messages.success(self.request, _("The honour scheme was set up. Set its quotas, then units can nominate."))
        return super().form_valid(form)


class HonourSchemeDetailView(_HonoursSection, ScopedObjectMixin, DetailView):
    model = HonourScheme
    template_name = "competitions/honours/scheme_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("union", "created_by")

    def get_context_data(self, **kwargs):
        scheme = self.object
        user = self.request.user
        nominations = (Nomination.objects.visible_to(user).filter(scheme=scheme)
                       .select_related("unit", "member", "collective", "scheme")
                       # Only the objections the user may see (the scheme's union's), so the
                       # nominating unit is not told of one in its rows.
                       .annotate(open_objections=Exists(HonourObjection.objects.visible_to(user).filter(
                           nomination=OuterRef("pk"), state=HonourObjection.State.OPEN)))
                       .order_by("unit__path", "pk"))
        return super().get_context_data(
            allowed=scheme.allowed_actions(user), nominations=nominations,
            quotas=services.quota_rows(scheme, user), can_change=self.can("change", scheme),
            open_objections=HonourObjection.objects.visible_to(user).filter(
                nomination__scheme=scheme, state=HonourObjection.State.OPEN).count(),
            **kwargs)


class NominationDetailView(_HonoursSection, ScopedObjectMixin, DetailView):
    model = Nomination
    template_name = "competitions/honours/nomination_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("scheme__union", "unit", "member__union", "collective", "vetted_by",
                                       "created_by")

    def get_context_data(self, **kwargs):
        nomination = self.object
        user = self.request.user
        return super().get_context_data(
            allowed=nomination.allowed_actions(user), record=services.nominee_record(nomination, user),
            objections=HonourObjection.objects.visible_to(user).filter(nomination=nomination)
            .select_related("answered_by"),
            can_change=self.can("change", nomination), **kwargs)


# --- steps on a scheme -----------------------------------------------------------------------

class _SchemeStep(_HonoursSection, ObjectFormView):
    model = HonourScheme
    scope_action = "change"
    template_name = "competitions/honours/form.html"


class QuotaSetView(_SchemeStep):
    form_class = QuotaForm
    step = "quota"
    help_text = _("A quota for a unit counts the nominations from the unit and the units under it; a quota "
                  "for a category gives each unit of that category the places. Setting a quota again "
                  "replaces it.")

    def step_refused_message(self):
        return _("Quotas can be set only while nominations are being taken.")

    def get_page_title(self):
        return _("Quota of “%(scheme)s”") % {"scheme": self.object}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "scheme": self.object}

    def perform(self, form):
        data = form.cleaned_data
        services.quota_set(self.object, by=self.request.user, unit=data["unit"], category=data["category"] or "",
                           places=data["places"])
        return _("The quota was set.")


class NominateView(UserFormKwargsMixin, _SchemeStep):
    form_class = NominationForm
    scope_action = "nominate"
    step = "nominate"

    def step_refused_message(self):
        return _("Nominations to this scheme are not open.")

    def get_page_title(self):
        return _("Nominate for “%(scheme)s”") % {"scheme": self.object}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "scheme": self.object}

    def get_initial(self):
        """The officer's own union when it is the one highest place they nominate from."""
        units = list(organisations_where(self.request.user, Nomination, "change")
                     .filter(path__startswith=self.object.union.path, is_active=True)
                     .exclude(pk=self.object.union_id).order_by("depth", "pk")[:2])
        if len(units) == 1 or (len(units) == 2 and units[0].depth < units[1].depth):
            return {"unit": units[0]}
        return {}

    def perform(self, form):
        data = form.cleaned_data
        self.nomination = services.nomination_create(
            self.object, by=self.request.user, unit=data["unit"], deeds=data["deeds"], member=data.get("member"),
            collective=data.get("collective"), collective_name=data.get("collective_name") or "")
        return _("The nomination was sent to %(union)s for vetting.") % {"union": self.object.union}

    def get_success_url(self):
        return self.nomination.get_absolute_url()


class PublicityStartView(_SchemeStep):
    form_class = PublicityForm
    step = "publicise"

    def step_refused_message(self):
        scheme = self.object
        if scheme.state == HonourScheme.State.OPEN and timezone.localdate() <= scheme.nominations_close:
            return _("Nominations are open until %(close)s: post the names after they close.") % {
                "close": scheme.nominations_close.isoformat()}
        return _("The names of this scheme have been posted already.")

    def get_page_title(self):
        return _("Post the names of “%(scheme)s” for public notice") % {"scheme": self.object}

    def get_initial(self):
        return {"start": timezone.localdate()}

    def perform(self, form):
        scheme = services.scheme_publicise(self.object, by=self.request.user, start=form.cleaned_data["start"])
        return _("The names are posted until %(end)s.") % {"end": scheme.publicity_end.isoformat()}


class ConferView(ObjectActionView):
    model = HonourScheme
    scope_action = "change"
    step = "confer"

    def step_refused_message(self):
        return _("Only a scheme whose names have been posted can be conferred.")

    def act(self, scheme):
        scheme = services.scheme_confer(scheme, by=self.request.user)
        count = scheme.nominations.filter(state=State.CONFERRED).count()
        return _("Honours conferred: %(count)s. Their certificates are ready.") % {"count": count}


# --- steps on a nomination -------------------------------------------------------------------

class _NominationStep(_HonoursSection, ObjectFormView):
    model = Nomination
    template_name = "competitions/honours/form.html"


class NominationResubmitView(_NominationStep):
    form_class = ResubmitForm
    scope_action = "change"
    step = "resubmit"

    def step_refused_message(self):
        return _("Only a returned nomination can be sent again, while the scheme is open.")

    def get_page_title(self):
        return _("Send the nomination of %(name)s again") % {"name": self.object}

    @property
    def help_text(self):  # the reason it came back, above the deeds to change
        return self.object.vetting_reason

    def get_initial(self):
        return {"deeds": self.object.deeds}

    def perform(self, form):
        services.nomination_resubmit(self.object, by=self.request.user, deeds=form.cleaned_data["deeds"])
        return _("The nomination was sent again for vetting.")


class NominationVetView(_NominationStep):
    form_class = VetForm
    scope_action = "vet"
    step = "vet"

    def step_refused_message(self):
        nomination = self.object
        if nomination.created_by_id == self.request.user.pk and nomination.state == State.SUBMITTED:
            return _("You sent this nomination: another officer of %(union)s vets it.") % {
                "union": nomination.scheme.union}
        return _("Only a submitted nomination can be vetted, while the scheme is open.")

    @property
    def help_text(self):  # the deeds, above the decision (the record is on the nomination's page)
        return self.object.deeds

    def get_page_title(self):
        return _("Vet the nomination of %(name)s") % {"name": self.object}

    def perform(self, form):
        decision = form.cleaned_data["decision"]
        services.nomination_vet(self.object, by=self.request.user, decision=decision,
                                reason=form.cleaned_data["reason"])
        return {"accept": _("The nomination was accepted."), "return": _("The nomination was returned for changes."),
                "refuse": _("The nomination was refused.")}[decision]


class ObjectionRecordView(_NominationStep):
    form_class = ObjectionForm
    scope_action = "vet"
    step = "object"

    def step_refused_message(self):
        return _("Objections are recorded against a posted name during the public notice.")

    def get_page_title(self):
        return _("Record an objection to %(name)s") % {"name": self.object}

    def get_initial(self):
        return {"received_on": timezone.localdate()}

    def perform(self, form):
        services.objection_record(self.object, by=self.request.user, **form.cleaned_data)
        return _("The objection was recorded. Look into it and answer it before conferring.")


class ObjectionAnswerView(_HonoursSection, ObjectFormView):
    model = HonourObjection
    scope_action = "change"
    step = "answer"
    form_class = AnswerForm
    template_name = "competitions/honours/form.html"

    def optimise(self, queryset):
        return queryset.select_related("nomination__member", "nomination__collective")

    def step_refused_message(self):
        return _("This objection has been answered already.")

    def get_page_title(self):
        return _("Answer the objection to %(name)s") % {"name": self.object.nomination}

    @property
    def help_text(self):  # the objection, above its answer
        return self.object.content

    def perform(self, form):
        upheld = form.cleaned_data["outcome"]
        services.objection_answer(self.object, by=self.request.user, upheld=upheld, answer=form.cleaned_data["answer"])
        if upheld:
            return _("The objection was upheld: the nomination was removed.")
        return _("The objection was dismissed: the nomination stays.")
