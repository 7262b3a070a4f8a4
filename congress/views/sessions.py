"""Congresses, terms, sessions and what a session holds (agenda, documents, resolutions)."""
from __future__ import annotations

import os

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from unionadmin.scoping import organisations_where, user_can
from unionadmin.views.mixins import ScopedObjectMixin, UserFormKwargsMixin

from ..forms import AgendaItemForm, CongressForm, ResolutionForm, SessionDocumentForm, SessionForm, TermForm
from ..models import AgendaItem, Congress, Proposal, Resolution, Session, SessionDocument, Term
from ..services.delegates import delegate_composition
from ..services.proposals import delegate_for
from ..services.sessions import session_mark_held
from .base import FileDownloadView, ObjectActionView, ObjectFormView


class IndexView(ScopedObjectMixin, ListView):
    """The congress work of the unions in the user's scope: congresses with their terms and
    sessions, and the way to departments, contracts and warnings."""

    model = Congress
    template_name = "congress/index.html"
    paginate_by = 30

    def optimise(self, queryset):
        return queryset.select_related("union").prefetch_related(
            Prefetch("terms", queryset=Term.objects.order_by("-number").prefetch_related(
                Prefetch("sessions", queryset=Session.objects.order_by("-number")))),
        )

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate()
        proposals = Proposal.objects.visible_to(user).aggregate(
            to_review=Count("pk", filter=Q(state=Proposal.State.SUBMITTED)),
            to_assign=Count("pk", filter=Q(state=Proposal.State.ACCEPTED)),
            overdue=Count("pk", filter=Q(state=Proposal.State.ASSIGNED, deadline__lt=today)),
        )
        return super().get_context_data(
            proposals=proposals, can_create=organisations_where(user, Congress, "change").exists(), **kwargs,
        )


class CongressCreateView(ScopedObjectMixin, UserFormKwargsMixin, CreateView):
    model = Congress
    form_class = CongressForm
    scope_action = "change"
    template_name = "congress/form.html"
    extra_context = {"page_title": gettext_lazy("New congress")}

    def form_valid(self, form):
        messages.success(self.request, _("The congress was created. Add its current term next."))
        return super().form_valid(form)


class CongressDetailView(ScopedObjectMixin, DetailView):
    model = Congress
    template_name = "congress/congress_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("union")

    def get_context_data(self, **kwargs):
        terms = self.object.terms.annotate(
            delegate_count=Count("delegates", filter=Q(delegates__is_active=True), distinct=True),
        ).prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("-number")))
        return super().get_context_data(terms=terms, can_change=user_can(self.request.user, "change", self.object),
                                        **kwargs)


class CongressUpdateView(ScopedObjectMixin, UserFormKwargsMixin, UpdateView):
    model = Congress
    form_class = CongressForm
    scope_action = "change"
    template_name = "congress/form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("Edit the congress"), cancel_url=self.object.get_absolute_url(),
                                        **kwargs)


class TermCreateView(ObjectFormView):
    model = Congress
    scope_action = "change"
    form_class = TermForm
    page_title = gettext_lazy("New term")

    def get_initial(self):
        last = self.object.terms.order_by("-number").first()
        return {"number": (last.number + 1) if last else 1}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Term(congress=self.object)}

    def perform(self, form):
        self.term = form.save()
        return _("The term was created. Add its delegates and its first session.")

    def get_success_url(self):
        return self.term.get_absolute_url()


class TermDetailView(ScopedObjectMixin, DetailView):
    model = Term
    template_name = "congress/term_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("congress__union")

    def get_context_data(self, **kwargs):
        term = self.object
        delegates = term.delegates.select_related("delegation", "user").order_by("delegation__name", "name")
        return super().get_context_data(
            delegates=delegates, delegations=term.delegations.annotate(n=Count("delegates")),
            sessions=term.sessions.order_by("-number"), composition=delegate_composition(term),
            can_change=user_can(self.request.user, "change", term), **kwargs,
        )


class TermUpdateView(ScopedObjectMixin, UpdateView):
    model = Term
    form_class = TermForm
    scope_action = "change"
    template_name = "congress/form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("Edit the term"), cancel_url=self.object.get_absolute_url(),
                                        **kwargs)


class SessionCreateView(ObjectFormView):
    model = Term
    scope_action = "change"
    form_class = SessionForm
    page_title = gettext_lazy("New session")

    def get_initial(self):
        last = self.object.sessions.order_by("-number").first()
        return {"number": (last.number + 1) if last else 1}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Session(term=self.object, union=self.object.congress.union)}

    def perform(self, form):
        self.session = form.save()
        return _("The session was created.")

    def get_success_url(self):
        return self.session.get_absolute_url()


class SessionDetailView(ScopedObjectMixin, DetailView):
    """The session: its window, agenda, documents and resolutions; for the union also the
    proposals' progress and the outputs; for a delegate the way to write and co-sign."""

    model = Session
    template_name = "congress/session_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("term__congress__union")

    def get_context_data(self, **kwargs):
        session, user = self.object, self.request.user
        can_change = user_can(user, "change", session)
        staff = user_can(user, "export", session)
        counts = None
        if staff:
            counts = dict(Proposal.objects.filter(session=session).exclude(state=Proposal.State.DRAFT)
                          .values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
            counts = [(label, counts.get(value, 0)) for value, label in Proposal.State.choices
                      if value != Proposal.State.DRAFT]
        return super().get_context_data(
            window=session.window_state(), delegate=delegate_for(session, user), can_change=can_change, staff=staff,
            allowed=session.allowed_actions(user),
            counts=counts, agenda=session.agenda.all(), documents=session.documents.all(),
            resolutions=session.resolutions.all(), **kwargs,
        )


class SessionUpdateView(ScopedObjectMixin, UpdateView):
    model = Session
    form_class = SessionForm
    scope_action = "change"
    template_name = "congress/form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("Edit the session"), cancel_url=self.object.get_absolute_url(),
                                        **kwargs)


class SessionMarkHeldView(ObjectActionView):
    model = Session
    scope_action = "change"
    step = "mark_held"

    def act(self, session):
        session_mark_held(session, user=self.request.user)
        return _("The session is recorded as held.")


class AgendaItemCreateView(ObjectFormView):
    model = Session
    scope_action = "change"
    form_class = AgendaItemForm
    page_title = gettext_lazy("New agenda item")

    def get_initial(self):
        return {"order": self.object.agenda.count() + 1}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": AgendaItem(session=self.object)}

    def perform(self, form):
        form.save()
        return _("The agenda item was added.")


class AgendaItemDeleteView(ObjectActionView):
    model = AgendaItem
    scope_action = "change"

    def act(self, item):
        self.session = item.session
        item.delete()
        return _("The agenda item was removed.")

    def get_success_url(self):
        return self.session.get_absolute_url()


class SessionDocumentCreateView(ObjectFormView):
    model = Session
    scope_action = "change"
    form_class = SessionDocumentForm
    page_title = gettext_lazy("Add a document of the session")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": SessionDocument(session=self.object)}

    def perform(self, form):
        form.save()
        return _("The document was added.")


class SessionDocumentDownloadView(FileDownloadView):
    model = SessionDocument

    def download_name(self, document):
        return document.title + os.path.splitext(document.file.name)[1]


class ResolutionCreateView(ObjectFormView):
    model = Session
    scope_action = "change"
    form_class = ResolutionForm
    page_title = gettext_lazy("New resolution")

    def get_initial(self):
        return {"delegates_entitled": self.object.term.delegates.filter(is_active=True).count()}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Resolution(session=self.object)}

    def perform(self, form):
        form.save()
        return _("The resolution was recorded.")


class ResolutionUpdateView(ScopedObjectMixin, UpdateView):
    model = Resolution
    form_class = ResolutionForm
    scope_action = "change"
    template_name = "congress/form.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=_("Edit the resolution"),
                                        cancel_url=self.object.session.get_absolute_url(), **kwargs)

    def get_success_url(self):
        return self.object.session.get_absolute_url()

