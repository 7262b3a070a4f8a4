"""Sports and culture events: the list, the event's page with its results table and photos,
and editing its participants and matches (formsets)."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from unionadmin.integrity import DuplicateWrite, saved_once
from unionadmin.models import Organisation
from unionadmin.scoping import organisations_where
from unionadmin.views.mixins import ScopedObjectMixin, UserFormKwargsMixin

from ..forms import MatchFormSet, ParticipantFormSet, PhotoForm, SportsEventForm
from ..models import EventPhoto, SportsEvent
from ..services.events import event_standings
from .base import (
    CreatorRequiredMixin,
    FileDownloadView,
    ObjectActionView,
    ObjectFormView,
    SectionMixin,
)


class EventListView(SectionMixin, ScopedObjectMixin, ListView):
    model = SportsEvent
    section = "events"
    paginate_by = 30
    template_name = "competitions/event_list.html"

    def optimise(self, queryset):
        return queryset.select_related("organiser").order_by("-starts_on", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_create=organisations_where(self.request.user, SportsEvent, "change").exists(), **kwargs)


class EventCreateView(CreatorRequiredMixin, SectionMixin, ScopedObjectMixin, UserFormKwargsMixin, CreateView):
    model = SportsEvent
    section = "events"
    form_class = SportsEventForm
    scope_action = "change"
    template_name = "competitions/event_form.html"

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        messages.success(self.request, _("The event was created. Add its teams or players."))
        self.object = form.save()
        return redirect("competitions:event_participants", pk=self.object.pk)


class EventUpdateView(SectionMixin, ScopedObjectMixin, UserFormKwargsMixin, UpdateView):
    model = SportsEvent
    section = "events"
    form_class = SportsEventForm
    scope_action = "change"
    template_name = "competitions/event_form.html"

    def form_valid(self, form):
        messages.success(self.request, _("Changes saved."))
        return super().form_valid(form)


class EventDetailView(SectionMixin, ScopedObjectMixin, DetailView):
    model = SportsEvent
    section = "events"
    template_name = "competitions/event_detail.html"

    def optimise(self, queryset):
        return queryset.select_related("organiser")

    def get_context_data(self, **kwargs):
        event = self.object
        participants = list(event.participants.select_related("organisation"))
        participants.sort(key=lambda p: (p.place is None, p.place or 0, p.name))
        signups = sorted((p for p in participants if p.member_id), key=lambda p: (p.signed_up_at, p.pk))
        return super().get_context_data(
            participants=participants, signups=signups, standings=event_standings(event),
            matches=list(event.matches.select_related("home", "away")), photos=list(event.photos.all()),
            can_change=self.can("change", event), photo_form=PhotoForm(), **kwargs)


class _EventFormSetView(SectionMixin, ScopedObjectMixin, DetailView):
    model = SportsEvent
    section = "events"
    scope_action = "change"
    template_name = "competitions/event_formset.html"
    formset_class = None
    title = ""

    def formset(self, data=None):  # pragma: no cover
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data(formset=self.formset()))

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        formset = self.formset(request.POST)
        if formset.is_valid():
            try:
                with saved_once():  # the same name saved by another request at the same moment
                    formset.save()
            except DuplicateWrite as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Changes saved."))
                return redirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(formset=formset))

    def get_context_data(self, **kwargs):
        return super().get_context_data(page_title=self.get_title(), **kwargs)


class EventParticipantsView(_EventFormSetView):
    def get_title(self):
        return _("Teams and players of “%(event)s”") % {"event": self.object}

    def formset(self, data=None):
        units = Organisation.objects.filter(path__startswith=self.object.organiser.path, is_active=True)
        return ParticipantFormSet(data, instance=self.object, prefix="participants", form_kwargs={"units": units})


class EventMatchesView(_EventFormSetView):
    def get_title(self):
        return _("Matches of “%(event)s”") % {"event": self.object}

    def formset(self, data=None):
        return MatchFormSet(data, instance=self.object, prefix="matches",
                            form_kwargs={"participants": self.object.participants.all()})


class EventPhotoAddView(ObjectFormView):
    model = SportsEvent
    section = "events"
    scope_action = "change"
    form_class = PhotoForm

    def get_page_title(self):
        return _("Add a photo of “%(event)s”") % {"event": self.object}

    def get_back_url(self):
        return self.object.get_absolute_url() + "#photos"

    def perform(self, form):
        EventPhoto.objects.create(event=self.object, image=form.cleaned_data["image"],
                                  caption=form.cleaned_data.get("caption", ""), uploaded_by=self.request.user)
        return _("The photo was added.")


class EventPhotoView(FileDownloadView):
    model = EventPhoto
    file_field = "image"
    parent_field = "event"


class EventPhotoDeleteView(ObjectActionView):
    model = EventPhoto
    scope_action = "change"

    def act(self, photo):
        photo.delete()
        return _("The photo was removed.")

    def get_success_url(self):
        return reverse("competitions:event_detail", args=[self.object.event_id]) + "#photos"
